package io.roomrelease.camel.ews.it;

import java.util.List;

import io.roomrelease.camel.ews.EwsConstants;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.model.EwsWriteResult;
import io.roomrelease.ews.simulator.model.AuditEntry;
import io.roomrelease.ews.simulator.model.SentMessage;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sendMessage against the simulator over HTTPS: the room sends a plain-text mail as itself under impersonation
 * (CreateItem t:Message, SendAndSaveCopy), schema-checked both ways (the support asserts no violation after each test).
 */
class EwsSendMessageSimTest extends SimulatorSupport {

    private Exchange send(String room, Object recipients, String subject, String text) {
        return call("ews:rooms?operation=sendMessage&" + basic(), e -> {
            e.getIn().setHeader(EwsConstants.MAILBOX, room);
            e.getIn().setHeader(EwsConstants.RECIPIENTS, recipients);
            e.getIn().setHeader(EwsConstants.SUBJECT, subject);
            e.getIn().setBody(text);
        });
    }

    private List<SentMessage> mails(String from) {
        return sim.store().sentMessages().stream()
                .filter(m -> m.kind() == SentMessage.Kind.MAIL && m.from().equalsIgnoreCase(from)).toList();
    }

    @Test
    void theRoomSendsOneMailAsItselfSavedToSentItems() {
        int before = mails(ROOM2).size();
        Exchange ex = send(ROOM2, List.of(ALICE), "Room 2 will be released at 10:15",
                "Nobody has checked in.\nCheck in at the display to keep the room.");
        assertThat(ex.getException()).isNull();
        EwsWriteResult result = ex.getMessage().getBody(EwsWriteResult.class);
        assertThat(result.getOperation()).isEqualTo("sendMessage");
        assertThat(result.getMailbox()).isEqualTo(ROOM2);
        assertThat(result.getRequestId()).isNotBlank().isEqualTo(ex.getMessage().getHeader(EwsConstants.REQUEST_ID));
        List<SentMessage> sent = mails(ROOM2);
        assertThat(sent).hasSize(before + 1);
        SentMessage m = sent.get(sent.size() - 1);
        assertThat(m.to()).containsExactly(ALICE);
        assertThat(m.subject()).isEqualTo("Room 2 will be released at 10:15");
        assertThat(m.body()).contains("Check in at the display to keep the room.");
        // made under impersonation of the room, as Exchange's mailbox audit shows it
        assertThat(sim.store().auditLog()).anyMatch(a -> a.mailbox().equalsIgnoreCase(ROOM2)
                && "Send".equals(a.operation()) && a.actor().equalsIgnoreCase(SVC)
                && a.logonType() == AuditEntry.LogonType.Impersonation);
    }

    @Test
    void commaSeparatedRecipients() {
        int before = mails(ROOM4).size();
        Exchange ex = send(ROOM4, ALICE + ", " + BOB, "s", "b");
        assertThat(ex.getException()).isNull();
        assertThat(mails(ROOM4)).hasSize(before + 1);
        assertThat(mails(ROOM4).get(before).to()).containsExactly(ALICE, BOB);
    }

    @Test
    void noRecipientIsRefusedBeforeAnythingIsSent() {
        int before = sim.store().sentMessages().size();
        Exchange ex = send(ROOM1, null, "s", "b");
        assertThat(ex.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CamelEwsRecipients");
        assertThat(sim.store().sentMessages()).hasSize(before);
    }

    @Test
    void anInvalidRecipientIsExchangesError() {
        int before = sim.store().sentMessages().size();
        Exchange ex = send(ROOM1, List.of("not-an-address"), "s", "b");
        assertThat(ex.getException()).isInstanceOf(EwsException.class).hasMessageContaining("ErrorInvalidRecipients");
        assertThat(sim.store().sentMessages()).hasSize(before);
    }
}
