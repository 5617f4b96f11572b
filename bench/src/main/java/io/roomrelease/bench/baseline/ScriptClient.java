package io.roomrelease.bench.baseline;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.misc.ConnectingIdType;
import microsoft.exchange.webservices.data.core.enumeration.misc.ExchangeVersion;
import microsoft.exchange.webservices.data.core.enumeration.property.WellKnownFolderName;
import microsoft.exchange.webservices.data.misc.ImpersonatedUserId;
import microsoft.exchange.webservices.data.property.complex.FolderId;
import microsoft.exchange.webservices.data.property.complex.Mailbox;
import microsoft.exchange.webservices.data.search.CalendarView;

/**
 * ews-java-api 2.0 used the way a script would: one {@link ExchangeService}, impersonating each room in turn and
 * reading its calendar with FindItem + CalendarView. Basic credentials are sent pre-emptively, as the component
 * does, so that the comparison is about concurrency and call count only. Not thread-safe (like ExchangeService).
 */
final class ScriptClient implements AutoCloseable {
    private final ExchangeService service;

    ScriptClient(URI url, String account, String password) {
        service = new ExchangeService(ExchangeVersion.Exchange2010_SP2);
        service.setUrl(url);
        service.getHttpHeaders().put("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((account + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** One FindItem on the room's calendar over [from, to); returns the number of items. */
    int findItems(String room, Instant from, Instant to) throws Exception {
        service.setImpersonatedUserId(new ImpersonatedUserId(ConnectingIdType.SmtpAddress, room));
        service.getHttpHeaders().put("X-AnchorMailbox", room);
        return service.findAppointments(new FolderId(WellKnownFolderName.Calendar, new Mailbox(room)),
                new CalendarView(Date.from(from), Date.from(to))).getItems().size();
    }

    @Override
    public void close() {
        service.close();
    }
}
