package io.roomrelease.bundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.broker.AuditOutbox;
import io.roomrelease.bundle.store.AuditOutboxStore;
import io.roomrelease.bundle.sweep.SweepReport;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;

/**
 * The ESB bridges on a real broker (issue 12, item 2): an embedded Apache Artemis in this JVM (TCP acceptor on
 * loopback, persistent journal), the bundle configured with {@code roomrelease.broker.url} and {@code jms:} endpoints
 * only, through the real routes.
 */
class BrokerEndToEndTest {

    static final Instant NINE = Instant.parse("2026-03-02T09:00:00Z");
    static final String CHECKINS = "room-checkins";
    static final String DLQ = "room-checkins.DLQ";
    static final String AUDIT = "room-audit";

    @TempDir
    Path dir;

    private EmbeddedActiveMQ broker;
    private int port;

    @AfterEach
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    /** 1,000 check-ins, one of them poison: it reaches the DLQ with its reason; the 999 others are stored. */
    @Test
    void thousandCheckInsOnePoisonGoesToTheDeadLetterQueueWithItsReason() throws Exception {
        startBroker();
        TestClock clock = new TestClock(NINE.plusSeconds(60));
        try (BundleFixture f = new BundleFixture(rooms(20, 0).build(), clock, dir);
             ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url());
             JMSContext jms = cf.createContext()) {
            brokerSettings(f).set("roomrelease.rooms", room(1))
                    .set("roomrelease.checkins.endpoint", "jms:queue:" + CHECKINS
                            + "?transacted=true&concurrentConsumers=4")
                    .set("roomrelease.checkins.max-redeliveries", "3");
            f.start();
            Queue queue = jms.createQueue(CHECKINS);
            JMSProducer producer = jms.createProducer();
            int poisonAt = 517;
            for (int i = 0; i < 1000; i++) {
                producer.send(queue, i == poisonAt ? "{\"room\": \"not-an-address\", \"source\": \"badge-poison\"}"
                        : "{\"room\":\"" + room(1 + i % 20) + "\",\"source\":\"badge-" + i + "\"}");
            }
            await(() -> countCheckIns(f) == 999, Duration.ofSeconds(60), "999 check-ins stored");

            List<Message> dead = drain(jms, DLQ, 1, Duration.ofSeconds(10));
            assertThat(dead).singleElement().satisfies(m -> {
                assertThat(m.getBody(String.class)).contains("badge-poison");
                assertThat(m.getStringProperty("roomreleaseDeadLetterReason"))
                        .startsWith("malformed check-in: \"room\" is not an SMTP address");
            });
            Thread.sleep(500);
            assertThat(countCheckIns(f)).as("the others are stored and counted, once each").isEqualTo(999);
            assertThat(distinctSources(f)).hasSize(999).doesNotContain("badge-poison");
        }
    }

    /**
     * A check-in that cannot be stored rolls the JMS transaction back and the broker delivers it again: stored once
     * the database is back; dead-lettered with the reason after max-redeliveries when it stays away.
     */
    @Test
    void aCheckInThatCannotBeStoredIsRedeliveredByTheBrokerThenDeadLettered() throws Exception {
        startBroker();
        TestClock clock = new TestClock(NINE.plusSeconds(60));
        try (BundleFixture f = new BundleFixture(rooms(2, 0).build(), clock, dir);
             ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url());
             JMSContext jms = cf.createContext()) {
            brokerSettings(f).set("roomrelease.rooms", room(1))
                    .set("roomrelease.checkins.endpoint", "jms:queue:" + CHECKINS + "?transacted=true")
                    .set("roomrelease.checkins.max-redeliveries", "3");
            f.start();
            DataSource ds = f.app().context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
            Queue queue = jms.createQueue(CHECKINS);

            sql(ds, "ALTER TABLE checkin RENAME TO checkin_away");
            jms.createProducer().send(queue, "{\"room\":\"" + room(1) + "\",\"source\":\"badge-retried\"}");
            Thread.sleep(700); // two deliveries fail (the broker waits 400 ms between deliveries)
            sql(ds, "ALTER TABLE checkin_away RENAME TO checkin");
            await(() -> distinctSources(f).contains("badge-retried"), Duration.ofSeconds(10),
                    "the redelivered check-in stored");

            sql(ds, "ALTER TABLE checkin RENAME TO checkin_away");
            jms.createProducer().send(queue, "{\"room\":\"" + room(1) + "\",\"source\":\"badge-dead\"}");
            List<Message> dead = drain(jms, DLQ, 1, Duration.ofSeconds(15));
            sql(ds, "ALTER TABLE checkin_away RENAME TO checkin");
            assertThat(dead).singleElement().satisfies(m -> {
                assertThat(m.getBody(String.class)).contains("badge-dead");
                assertThat(m.getStringProperty("roomreleaseDeadLetterReason"))
                        .startsWith("check-in not stored after 4 deliveries: ").containsIgnoringCase("checkin");
            });
            assertThat(distinctSources(f)).containsExactly("badge-retried");
        }
    }

    /**
     * The broker is stopped for 30 s during a sweep with releases, then started: every audit record is published
     * exactly once, in order per room (the outbox), none lost.
     */
    @Test
    void brokerDownDuringASweepEveryAuditRecordIsPublishedOnceInOrderPerRoom() throws Exception {
        startBroker();
        TestClock clock = new TestClock(NINE.plusSeconds(60));
        int rooms = 25;
        try (BundleFixture f = new BundleFixture(rooms(rooms, 2).build(), clock, dir);
             ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url())) {
            StringBuilder all = new StringBuilder();
            for (int i = 1; i <= rooms; i++) {
                all.append(i > 1 ? "," : "").append(room(i));
            }
            brokerSettings(f).set("roomrelease.rooms", all.toString())
                    .set("roomrelease.max-release-ratio", "1")
                    .set("roomrelease.audit.endpoint", "jms:queue:" + AUDIT);
            f.start();
            AuditOutbox outbox = f.app().context().getRegistry().lookupByNameAndType("auditOutbox",
                    AuditOutbox.class);

            broker.stop();
            clock.set(NINE.plus(Duration.ofMinutes(20)));
            SweepReport first = f.app().sweepNow();
            clock.set(NINE.plus(Duration.ofMinutes(50)));
            SweepReport second = f.app().sweepNow();
            long released = first.count(SweepReport.Outcome.RELEASED) + second.count(SweepReport.Outcome.RELEASED);
            assertThat(released).as("two meetings per room released in two sweeps").isEqualTo(2L * rooms);
            // each release record was written to the outbox with its outcome: all wait there when the sweep returns
            long waiting = outbox.pending();
            assertThat(waiting).as("records wait in the outbox while the broker is down")
                    .isEqualTo(f.auditStore().count()).isGreaterThanOrEqualTo(2L * rooms);
            assertThat(f.assertEveryAuditRecordHasItsOutboxRow()).isEqualTo((int) waiting);
            Thread.sleep(30_000);
            assertThat(outbox.pending()).as("nothing is marked published while the broker is down")
                    .isEqualTo(waiting);

            startBroker();
            await(() -> outbox.pending() == 0, Duration.ofSeconds(30), "the outbox published");
            List<Message> published;
            try (JMSContext jms = cf.createContext()) {
                published = drain(jms, AUDIT, (int) waiting, Duration.ofSeconds(20));
                assertThat(jms.createConsumer(jms.createQueue(AUDIT)).receive(1000)).as("no more, no duplicate")
                        .isNull();
            }
            ObjectMapper json = new ObjectMapper();
            Set<Long> ids = new HashSet<>();
            Map<String, List<Long>> idsByRoom = new LinkedHashMap<>();
            Map<String, List<String>> okByRoom = new LinkedHashMap<>();
            for (Message m : published) {
                long id = m.getLongProperty(AuditOutbox.OUTBOX_ID);
                assertThat(ids.add(id)).as("outbox record %d published once", id).isTrue();
                JsonNode r = json.readTree(m.getBody(String.class));
                String room = r.path("mailbox").asText();
                assertThat(m.getStringProperty("JMSXGroupID")).isEqualTo(room);
                idsByRoom.computeIfAbsent(room, k -> new ArrayList<>()).add(id);
                if ("OK".equals(r.path("result").asText())) {
                    okByRoom.computeIfAbsent(room, k -> new ArrayList<>()).add(r.path("itemId").asText());
                }
            }
            assertThat(published).hasSize((int) waiting);
            assertThat(idsByRoom).hasSize(rooms).allSatisfy((room, list) ->
                    assertThat(list).as("in order for %s", room).isSorted());
            assertThat(okByRoom).hasSize(rooms).allSatisfy((room, items) ->
                    assertThat(items).as(room).hasSize(2).doesNotHaveDuplicates());
            assertThat(published.size()).as("every stored audit record was published")
                    .isEqualTo((int) f.auditStore().count());
        }
    }

    /** A crash between the send and the mark: the record goes out again with the same id, the broker drops it. */
    @Test
    void aRecordSentAgainAfterACrashBeforeItsMarkIsDroppedByTheBroker() throws Exception {
        startBroker();
        TestClock clock = new TestClock(NINE.plusSeconds(60));
        try (BundleFixture f = new BundleFixture(rooms(1, 0).build(), clock, dir);
             ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url());
             JMSContext jms = cf.createContext()) {
            brokerSettings(f).set("roomrelease.rooms", room(1))
                    .set("roomrelease.audit.endpoint", "jms:queue:" + AUDIT)
                    .set("roomrelease.audit.outbox-poll-ms", "60000");
            f.start();
            AuditOutboxStore store = new AuditOutboxStore(
                    f.app().context().getRegistry().lookupByNameAndType("dataSource", DataSource.class), clock);
            store.add(room(1), "{\"n\":1}");
            store.add(room(1), "{\"n\":2}");
            var template = f.app().context().createProducerTemplate();
            // the relay's send, then a crash before the second record's mark (its transaction rolls back)
            AuditOutboxStore.Result crashed = store.publishPending(10, row -> {
                template.send("direct:audit-send", e -> {
                    e.getIn().setBody(row.payload());
                    e.getIn().setHeader(AuditOutbox.DUPLICATE_ID, f.app().context().getName() + "-audit-" + row.id());
                });
                if (row.payload().contains("2")) {
                    throw new IllegalStateException("crash after the send, before the mark");
                }
            });
            assertThat(crashed.published()).isEqualTo(1);
            assertThat(store.pending()).as("the record whose mark was lost waits again").isEqualTo(1);
            AuditOutbox outbox = f.app().context().getRegistry().lookupByNameAndType("auditOutbox",
                    AuditOutbox.class);
            assertThat(outbox.publish(new org.apache.camel.support.DefaultExchange(f.app().context()))).isEqualTo(1);
            assertThat(store.pending()).isZero();
            List<Message> got = drain(jms, AUDIT, 2, Duration.ofSeconds(5));
            assertThat(jms.createConsumer(jms.createQueue(AUDIT)).receive(1000)).as("the second send was dropped")
                    .isNull();
            assertThat(got).extracting(m -> m.getBody(String.class)).containsExactly("{\"n\":1}", "{\"n\":2}");
        }
    }

    private BundleFixture brokerSettings(BundleFixture f) {
        return f.set("roomrelease.broker.url", url()).set("roomrelease.checkins.dead-letter", "jms:queue:" + DLQ);
    }

    private String url() {
        return "tcp://127.0.0.1:" + port;
    }

    private void startBroker() throws Exception {
        if (port == 0) {
            port = BundleFixture.freePort();
        }
        Path data = dir.resolve("artemis");
        Configuration config = new ConfigurationImpl()
                .setName("test-broker")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setLargeMessagesDirectory(data.resolve("large").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setSecurityEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        config.addAddressSetting("#", new AddressSettings()
                .setAutoCreateAddresses(true).setAutoCreateQueues(true)
                .setRedeliveryDelay(400).setMaxDeliveryAttempts(50)
                .setDeadLetterAddress(SimpleString.of("broker.DLQ")));
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
    }

    private static Scenario.Builder rooms(int n, int abandonedPerRoom) {
        Scenario.Builder b = Scenario.builder().serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .user("ann@corp.example", "Ann");
        for (int i = 1; i <= n; i++) {
            b.room(room(i), "Room " + i);
            for (int k = 0; k < abandonedPerRoom; k++) {
                b.meeting(MeetingSpec.builder("Sync " + i + "-" + k, "ann@corp.example").rooms(room(i))
                        .start(NINE.plus(Duration.ofMinutes(30L * k))).duration(Duration.ofMinutes(25)).build());
            }
        }
        return b;
    }

    private static String room(int i) {
        return String.format("room-%02d@corp.example", i);
    }

    private static List<Message> drain(JMSContext jms, String queue, int n, Duration timeout) {
        List<Message> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (JMSConsumer consumer = jms.createConsumer(jms.createQueue(queue))) {
            while (out.size() < n && System.nanoTime() < deadline) {
                Message m = consumer.receive(200);
                if (m != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static void sql(DataSource ds, String statement) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private static long countCheckIns(BundleFixture f) {
        return distinctSources(f).size();
    }

    private static Set<String> distinctSources(BundleFixture f) {
        DataSource ds = f.app().context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        Set<String> out = new java.util.TreeSet<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT source FROM checkin")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (Exception e) {
            return out; // the table is away for a moment in one test
        }
        return out;
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
