package io.roomrelease.bundle.metrics;

/**
 * How many audit records wait in the outbox for the broker. Bind one bean of this type in the registry (the audit
 * outbox does) and {@link RoomReleaseMetrics} exports it as the gauge {@code roomrelease.outbox.backlog}.
 */
@FunctionalInterface
public interface OutboxBacklog {

    /** Records not yet published. */
    long backlog();
}
