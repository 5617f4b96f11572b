package io.roomrelease.camel.ews.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.roomrelease.camel.ews.EwsAccessDeniedException;
import io.roomrelease.camel.ews.EwsAuthenticationException;
import io.roomrelease.camel.ews.EwsConstants;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.EwsImpersonationDeniedException;
import io.roomrelease.camel.ews.EwsMailboxNotFoundException;
import io.roomrelease.camel.ews.EwsOutcomeUnknownException;
import io.roomrelease.camel.ews.EwsThrottledException;
import io.roomrelease.camel.ews.model.EwsEvent;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error the component maps, against the simulator over HTTPS. */
class EwsErrorsSimTest extends SimulatorSupport {

    Exchange find(String auth, String mailbox, String extra) {
        return call("ews:rooms?operation=findEvents&" + auth + extra, e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, mailbox);
            e.getIn().setHeader(EwsConstants.WINDOW_START, BASE.minus(Duration.ofMinutes(30)));
            e.getIn().setHeader(EwsConstants.WINDOW_END, BASE.plus(Duration.ofHours(2)));
        });
    }

    static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void impersonationOutsideTheScopeIsDeniedWithTheFix() {
        Exchange ex = find("username=" + SCOPED + "&password=RAW(" + PW + ")", ROOM2, "");
        assertThat(ex.getException()).isInstanceOfSatisfying(EwsImpersonationDeniedException.class, e -> {
            assertThat(e.mailbox()).isEqualTo(ROOM2);
            assertThat(e.responseCode()).isEqualTo("ErrorImpersonateUserDenied");
            assertThat(e.requestId()).isNotBlank();
            assertThat(e.getMessage()).contains("New-ManagementRoleAssignment -Name \"RoomRelease-Impersonation\"")
                    .contains("-Role ApplicationImpersonation").contains("-User " + SCOPED)
                    .contains(e.requestId()).doesNotContain(PW);
        });
        assertThat(find("username=" + SCOPED + "&password=RAW(" + PW + ")", ROOM1, "").getException()).isNull();
    }

    @Test
    void unknownMailbox() {
        Exchange ex = find(basic(), "nobody@example.com", "");
        assertThat(ex.getException()).isInstanceOfSatisfying(EwsMailboxNotFoundException.class,
                e -> assertThat(e.getMessage()).contains("nobody@example.com").contains("Fix"));
    }

    @Test
    void delegateModeReadsGrantedRoomsAndIsDeniedOthers() {
        String delegate = "username=" + DELEGATE + "&password=RAW(" + PW + ")&accessMode=delegate";
        Exchange ok = find(delegate, ROOM1, "");
        assertThat(ok.getException()).isNull();
        @SuppressWarnings("unchecked")
        List<EwsEvent> events = ok.getMessage().getBody(List.class);
        assertThat(events).extracting(EwsEvent::getSubject).contains("Planning");
        Exchange denied = find(delegate, ROOM2, "");
        assertThat(denied.getException()).isInstanceOfSatisfying(EwsAccessDeniedException.class,
                e -> assertThat(e.getMessage()).contains(ROOM2).contains("Add-MailboxFolderPermission"));
    }

    @Test
    void wrongPasswordFailsFastWithoutRetryAndWithoutThePassword() {
        long before = sim.stats().totalRequests();
        Exchange ex = find("username=" + SVC + "&password=RAW(Wrong-Pa55-123)", ROOM1, "");
        assertThat(ex.getException()).isInstanceOfSatisfying(EwsAuthenticationException.class, e -> {
            assertThat(e.responseCode()).isEqualTo("HTTP 401");
            assertThat(messages(e)).doesNotContain("Wrong-Pa55-123").doesNotContain(SVC_PW);
        });
        assertThat(sim.stats().totalRequests() - before).isEqualTo(1);
    }

    @Test
    void serverBusyIsWaitedOutThenTheCallSucceeds() {
        sim.faults().serverBusy(2, Duration.ofMillis(300));
        Exchange ex = find(basic(), ROOM1, "");
        assertThat(ex.getException()).isNull();
        assertThat(sim.stats().serverBusyReplies()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void backOffLongerThanMaxBackOffFailsWithTheBackOff() {
        sim.faults().serverBusy(1, Duration.ofSeconds(30));
        Exchange ex = find(basic(), ROOM1, "&maxBackOff=5s");
        assertThat(ex.getException()).isInstanceOfSatisfying(EwsThrottledException.class, e -> {
            assertThat(e.backOff()).isEqualTo(Duration.ofSeconds(30));
            assertThat(e.responseCode()).isEqualTo("ErrorServerBusy");
            assertThat(e.getMessage()).contains("maxBackOff");
        });
    }

    @Test
    void http503WithRetryAfterIsRetried() {
        long before = sim.stats().serviceUnavailableReplies();
        sim.faults().serviceUnavailable(1, Duration.ofSeconds(1));
        Exchange ex = find(basic(), ROOM1, "");
        assertThat(ex.getException()).isNull();
        assertThat(sim.stats().serviceUnavailableReplies() - before).isEqualTo(1);
    }

    @Test
    void droppedKeepAliveConnectionIsRetriedOnAFreshConnectionForReads() {
        assertThat(find(basic(), ROOM1, "").getException()).isNull(); // a pooled keep-alive connection now exists
        sim.faults().dropConnections(1);
        Exchange ex = find(basic(), ROOM1, "");
        assertThat(ex.getException()).isNull();
        // the reused connection dies, and so does the fresh one: a failure on a brand-new connection is real
        sim.faults().dropConnections(2);
        Exchange twice = find(basic(), ROOM1, "");
        assertThat(twice.getException()).isInstanceOf(EwsException.class)
                .hasMessageContaining("cannot reach Exchange");
    }

    @Test
    void droppedConnectionIsNotRetriedForWritesAndItsOutcomeIsUnknown() {
        sim.faults().dropConnections(1);
        long before = sim.stats().droppedConnections();
        Exchange ex = call("ews:rooms?operation=deleteEvent&" + basic(), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, ROOM3);
            e.getIn().setHeader(EwsConstants.ITEM_ID, "AAMkAGI2TG93AAA=");
        });
        // the request left: whether Exchange deleted the item cannot be known from here
        assertThat(ex.getException()).isInstanceOfSatisfying(EwsOutcomeUnknownException.class, u -> {
            assertThat(u.operation()).isEqualTo("deleteEvent");
            assertThat(u.itemId()).isEqualTo("AAMkAGI2TG93AAA=");
            assertThat(u.getMessage()).contains("connection dropped after the request was sent")
                    .doesNotContain(SVC_PW);
        });
        assertThat(sim.stats().droppedConnections() - before).isEqualTo(1);
    }

    @Test
    void hostileRepliesAreRefusedAndNoLocalFileIsRead() throws Exception {
        Path secret = Files.createTempFile("ews-xxe", ".txt");
        try {
            Files.writeString(secret, "LOCAL-SECRET-CONTENT-9931");
            sim.faults().externalEntityReply("FindItem", secret.toUri(), 1);
            Exchange xxe = find(basic(), ROOM1, "");
            assertThat(xxe.getException()).isInstanceOf(EwsException.class);
            assertThat(messages(xxe.getException())).doesNotContain("LOCAL-SECRET-CONTENT-9931");
            assertThat(String.valueOf(xxe.getMessage().getBody())).doesNotContain("LOCAL-SECRET-CONTENT-9931");

            sim.faults().entityExpansionReply("FindItem", 1);
            Exchange laughs = find(basic(), ROOM1, "");
            assertThat(laughs.getException()).isInstanceOf(EwsException.class);
            assertThat(messages(laughs.getException())).doesNotContain("lollollollol");
        } finally {
            Files.deleteIfExists(secret);
        }
        // the next, normal reply is read as usual
        assertThat(find(basic(), ROOM1, "").getException()).isNull();
    }
}
