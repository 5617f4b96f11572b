package io.roomrelease.ews.simulator.model;

import java.time.Instant;
import java.util.List;

/**
 * A message the simulated Exchange "sent": a meeting response to an organizer, a cancellation, an
 * invitation/update to attendees, or a plain mail a mailbox sent (CreateItem t:Message; kept as its Sent Items copy). Tests read these through {@link ExchangeStore#sentMessages()}.
 *
 * @param id               message id (an opaque string)
 * @param kind             what it is
 * @param from             sender's SMTP address
 * @param to               recipients' SMTP addresses
 * @param subject          subject as Exchange writes it, e.g. {@code Declined: Weekly sync}
 * @param body             body text (the responder's or canceller's message; may be empty)
 * @param meetingUid       UID of the meeting it is about
 * @param referenceItemId  the item the message refers to: the recipient organizer's item for responses, the sender's item otherwise
 * @param occurrenceStart  original start of the occurrence it is about, or null for a whole meeting or series
 * @param sent             when it was sent
 */
public record SentMessage(String id, Kind kind, String from, List<String> to, String subject, String body,
        String meetingUid, String referenceItemId, Instant occurrenceStart, Instant sent) {

    /** Kinds of meeting messages. */
    public enum Kind {
        ACCEPT("Accepted: "), TENTATIVE("Tentative: "), DECLINE("Declined: "), CANCELLATION("Canceled: "),
        REQUEST(""), UPDATE(""),
        /** A plain mail a mailbox sent (EWS CreateItem t:Message, Graph sendMail), not a meeting message. */
        MAIL("");

        private final String subjectPrefix;

        Kind(String subjectPrefix) {
            this.subjectPrefix = subjectPrefix;
        }

        /** The prefix Exchange puts before the meeting's subject. */
        public String subjectPrefix() {
            return subjectPrefix;
        }
    }

    public SentMessage {
        to = List.copyOf(to);
        body = body == null ? "" : body;
    }
}
