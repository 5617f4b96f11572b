package io.roomrelease.ews.simulator.server;

import static io.roomrelease.ews.simulator.server.SimulatorFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.roomrelease.ews.simulator.model.SentMessage;

import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.misc.ConnectingIdType;
import microsoft.exchange.webservices.data.core.enumeration.misc.error.ServiceError;
import microsoft.exchange.webservices.data.core.enumeration.property.WellKnownFolderName;
import microsoft.exchange.webservices.data.core.exception.service.remote.ServiceResponseException;
import microsoft.exchange.webservices.data.core.service.item.EmailMessage;
import microsoft.exchange.webservices.data.misc.ImpersonatedUserId;
import microsoft.exchange.webservices.data.property.complex.EmailAddress;
import microsoft.exchange.webservices.data.property.complex.FolderId;
import microsoft.exchange.webservices.data.property.complex.Mailbox;
import microsoft.exchange.webservices.data.property.complex.MessageBody;

/** CreateItem of t:Message: a mailbox sends mail as itself, as Exchange does; schema-checked both ways. */
class SendMailTest {
    private final SimulatorFixture f = new SimulatorFixture();

    @AfterEach
    void close() {
        f.sim.assertNoSchemaViolations();
        f.close();
    }

    private ExchangeService asRoom1() {
        ExchangeService ews = f.preemptiveBasic(SVC, SVC_PASSWORD);
        ews.setImpersonatedUserId(new ImpersonatedUserId(ConnectingIdType.SmtpAddress, ROOM1));
        return ews;
    }

    private static EmailMessage message(ExchangeService ews, String... to) throws Exception {
        EmailMessage m = new EmailMessage(ews);
        m.setSubject("Check in or Room 1 will be released at 09:15");
        m.setBody(MessageBody.getMessageBodyFromText("Check in at the display."));
        for (String t : to) {
            m.getToRecipients().add(t);
        }
        return m;
    }

    private List<SentMessage> mails() {
        return f.sim.store().sentMessages().stream().filter(m -> m.kind() == SentMessage.Kind.MAIL).toList();
    }

    @Test
    void sendAndSaveCopyUnderImpersonationSendsAsTheRoom() throws Exception {
        try (ExchangeService ews = asRoom1()) {
            message(ews, ALICE).sendAndSaveCopy();
            message(ews, ALICE, "bob@contoso.com").send();
        }
        assertThat(mails()).hasSize(2).allSatisfy(m -> assertThat(m.from()).isEqualTo(ROOM1));
        assertThat(mails().get(0).to()).containsExactly(ALICE);
        assertThat(mails().get(0).subject()).isEqualTo("Check in or Room 1 will be released at 09:15");
        assertThat(mails().get(0).body()).isEqualTo("Check in at the display.");
        assertThat(mails().get(1).to()).containsExactly(ALICE, "bob@contoso.com");
        assertThat(f.sim.store().auditLog()).filteredOn(e -> "Send".equals(e.operation())).hasSize(2);
    }

    @Test
    void exchangesRulesAreApplied() throws Exception {
        try (ExchangeService ews = asRoom1()) {
            // no drafts in the simulator: SaveOnly is refused, never silently sent
            assertThat(code(() -> message(ews, ALICE).save())).isEqualTo(ServiceError.ErrorInvalidRequest);
            assertThat(code(() -> message(ews).sendAndSaveCopy())).isEqualTo(ServiceError.ErrorInvalidRecipients);
            // sending as another mailbox needs Send As, which the simulator never grants
            assertThat(code(() -> message(ews, ALICE).sendAndSaveCopy(
                    new FolderId(WellKnownFolderName.SentItems, new Mailbox(ROOM2)))))
                    .isEqualTo(ServiceError.ErrorSendAsDenied);
            EmailMessage from2 = message(ews, ALICE);
            from2.setFrom(new EmailAddress(ROOM2));
            assertThat(code(from2::sendAndSaveCopy)).isEqualTo(ServiceError.ErrorSendAsDenied);
            assertThat(code(() -> message(ews, ALICE).sendAndSaveCopy(new FolderId(WellKnownFolderName.Drafts))))
                    .isEqualTo(ServiceError.ErrorFolderNotFound);
        }
        assertThat(mails()).isEmpty();
    }

    interface Call {
        void run() throws Exception;
    }

    private static ServiceError code(Call c) {
        ServiceResponseException e = EwsErrors.responseException(catchThrowable(c::run));
        return e.getErrorCode();
    }
}
