package io.roomrelease.bundle.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.roomrelease.bundle.TestClock;

/**
 * The outbox relay publishes a room's records in the order their ids were taken, though rows become visible in the
 * order their transactions commit: a row whose transaction is still open holds back the rows after it; one that
 * rolled back holds them back only for the gap wait. On H2 and PostgreSQL.
 */
class OutboxOrderTest {

    static final String ROOM = "room.a@corp.example";

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRowOfAnOpenTransactionHoldsBackTheRowsAfterItUntilItCommits(String db) throws Exception {
        DataSource ds = StoreDatabases.fresh(db);
        AuditOutboxStore outbox = new AuditOutboxStore(ds, new TestClock(Instant.parse("2026-03-02T09:00:00Z")),
                Duration.ofMinutes(5));
        List<String> published = new ArrayList<>();
        outbox.add(ROOM, "first");
        assertThat(publish(outbox, published)).isEqualTo(1);

        try (Connection open = ds.getConnection()) {
            open.setAutoCommit(false);
            insert(open, "second"); // its id is taken now, its row is seen when it commits
            outbox.add(ROOM, "third"); // committed at once, with the higher id
            assertThat(publish(outbox, published))
                    .as("the third waits for the second").isZero();
            open.commit();
        }
        assertThat(publish(outbox, published)).isEqualTo(2);
        assertThat(published).containsExactly("first", "second", "third");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRolledBackRowHoldsTheRestBackOnlyForTheGapWait(String db) throws Exception {
        DataSource ds = StoreDatabases.fresh(db);
        AuditOutboxStore outbox = new AuditOutboxStore(ds, new TestClock(Instant.parse("2026-03-02T09:00:00Z")),
                Duration.ofMillis(300));
        List<String> published = new ArrayList<>();
        outbox.add(ROOM, "first");
        try (Connection rolledBack = ds.getConnection()) {
            rolledBack.setAutoCommit(false);
            insert(rolledBack, "never");
            rolledBack.rollback();
        }
        outbox.add(ROOM, "second");
        assertThat(publish(outbox, published))
                .as("the first; the second waits behind the hole").isEqualTo(1);
        Thread.sleep(400);
        assertThat(publish(outbox, published)).isEqualTo(1);
        outbox.add(ROOM, "third");
        assertThat(publish(outbox, published))
                .as("a hole given up on holds nothing back any more").isEqualTo(1);
        assertThat(published).containsExactly("first", "second", "third");
    }

    /** Publishes what the relay may publish now into {@code published}; returns how many. */
    private static int publish(AuditOutboxStore outbox, List<String> published) {
        return outbox.publishPending(100, r -> published.add(r.payload())).published();
    }

    private static void insert(Connection c, String payload) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(AuditOutboxStore.INSERT)) {
            Object[] v = AuditOutboxStore.values(ROOM, payload, Instant.parse("2026-03-02T09:00:00Z"));
            for (int i = 0; i < v.length; i++) {
                ps.setObject(i + 1, v[i]);
            }
            ps.executeUpdate();
        }
    }
}
