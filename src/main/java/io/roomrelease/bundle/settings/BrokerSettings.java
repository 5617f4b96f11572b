package io.roomrelease.bundle.settings;

import java.time.Duration;

/**
 * Settings of the ESB broker (issue 12; Apache Artemis is the reference broker). With a URL, the bundle binds a JMS
 * {@code ConnectionFactory} and {@code jms:} endpoints work in {@code roomrelease.checkins.endpoint},
 * {@code roomrelease.checkins.dead-letter} and {@code roomrelease.audit.endpoint}; without one nothing changes.
 *
 * @param url            the broker's URL, e.g. {@code tcp://broker:61616} (empty: no broker)
 * @param user           the broker user (may be empty)
 * @param password       the broker password (never logged)
 * @param checkInRedeliveries deliveries of a check-in message after the first before it is dead-lettered with its
 *                       reason (routes/checkins-inbound.camel.yaml reads the same key)
 * @param outboxPoll     how often the audit outbox is read for records to publish
 * @param outboxBatch    records published per transaction of the outbox
 * @param outboxRetention published records are deleted from the outbox this long after (the audit store keeps them)
 * @param outboxGapWait  how long a hole in the outbox ids (a transaction not committed yet) holds back later records
 */
public record BrokerSettings(String url, String user, String password, int checkInRedeliveries, Duration outboxPoll,
                             int outboxBatch, Duration outboxRetention, Duration outboxGapWait) {

    /** Reads and validates the {@code roomrelease.broker.*} and outbox settings; throws naming every bad one. */
    public static BrokerSettings load(SettingSource source) {
        SettingsReader r = new SettingsReader(source);
        BrokerSettings s = new BrokerSettings(
                r.optional("roomrelease.broker.url", ""),
                r.optional("roomrelease.broker.user", ""),
                r.optional("roomrelease.broker.password", ""),
                r.integer("roomrelease.checkins.max-redeliveries", 0, 100),
                Duration.ofMillis(r.integer("roomrelease.audit.outbox-poll-ms", 50, 60_000)),
                r.integer("roomrelease.audit.outbox-batch", 1, 10_000),
                Duration.ofDays(r.integer("roomrelease.audit.outbox-retention-days", 1, 3650)),
                Duration.ofMillis(r.integer("roomrelease.audit.outbox-gap-wait-ms", 0, 60_000)));
        r.throwIfProblems(RoomReleaseSettings.INTRO);
        return s;
    }

    /** Whether a broker is configured. */
    public boolean enabled() {
        return !url.isBlank();
    }

    @Override
    public String toString() {
        return "BrokerSettings[url=" + BoundSettings.masked("roomrelease.broker.url", url) + ", user=" + user
                + ", password=" + (password.isEmpty() ? "" : "******") + ", checkInRedeliveries=" + checkInRedeliveries + "]";
    }
}
