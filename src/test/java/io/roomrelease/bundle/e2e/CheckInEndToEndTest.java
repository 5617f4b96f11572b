package io.roomrelease.bundle.e2e;

import static io.roomrelease.bundle.e2e.SweepEndToEndTest.A;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.ANN;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.B;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.BOB;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NINE;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NOW;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.awaitCheckIn;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.twoRooms;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.checkin.CheckInService;
import io.roomrelease.bundle.policy.Reason;
import io.roomrelease.bundle.security.ApiKeyHasher;
import io.roomrelease.bundle.store.SeriesOutcomeStore;
import io.roomrelease.bundle.sweep.SweepReport;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.model.SentMessage;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.scenario.Scenario;

/**
 * A check-in is never lost (issue 9, item 5): it is stored as received before anything talks to Exchange, and the
 * sweep matches it to the meeting; malformed ESB messages go to the dead-letter endpoint with their reason; a check-in
 * that cannot be stored is redelivered. Real routes/ and config/, against the EWS simulator over HTTPS.
 */
@Timeout(60)
class CheckInEndToEndTest {

    private static final String DLQ = "seda:checkins-dead-letter-test";
    private static final String KEY_B = "display-key-room-b-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private BundleFixture fixture(Scenario scenario, TestClock clock) {
        try {
            return new BundleFixture(scenario, clock, dir)
                    .set("roomrelease.rooms", A + "," + B).set("roomrelease.guard-min-in-progress", "10")
                    .set("roomrelease.checkins.dead-letter", DLQ)
                    .set("roomrelease.checkins.redelivery-delay-ms", "100")
                    .set("roomrelease.display.api-keys", B + "=" + ApiKeyHasher.hash(KEY_B));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anEsbCheckInWhileExchangeAnswersServerBusyIsHonouredByTheNextSweep() throws Exception {
        TestClock clock = new TestClock(NINE.plusSeconds(60));
        try (BundleFixture f = fixture(twoRooms().build(), clock)) {
            f.start();
            f.simulator.faults().serverBusy(10_000, Duration.ofMillis(20));
            f.simulator.resetStats();

            f.app().context().createProducerTemplate().sendBody("seda:checkins",
                    "{\"room\":\"" + B + "\",\"source\":\"badge-reader-7\",\"at\":\"2026-03-02T09:01:00Z\"}");
            awaitCheckIn(f, B);
            assertThat(f.simulator.stats().requests("FindItem")).as("no Exchange call on the ESB path").isZero();

            // Exchange recovers before the next sweep, which matches the stored check-in to room B's meeting
            f.simulator.faults().reset();
            clock.set(NOW);
            SweepReport sweep = f.app().sweepNow();
            assertThat(sweep.count(SweepReport.Outcome.RELEASED)).as("room A, where nobody checked in").isEqualTo(1);
            assertThat(sweep.keptByReason()).containsEntry(Reason.CHECKED_IN, 1L);
            assertThat(f.simulator.store().sentMessages(BOB)).noneMatch(m -> m.kind() == SentMessage.Kind.DECLINE);
            assertThat(f.simulator.store().calendar(B)).singleElement()
                    .satisfies(e -> assertThat(e.myResponse()).isEqualTo(ResponseType.Accept));
            assertThat(f.simulator.store().sentMessages(ANN)).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE)
                    .hasSize(1);
        }
    }

    @Test
    void malformedEsbMessagesGoToTheDeadLetterEndpointWithTheirReasonAndAreNeverCounted() throws Exception {
        TestClock clock = new TestClock(NINE.plusSeconds(60));
        try (BundleFixture f = fixture(twoRooms().build(), clock)) {
            f.start();
            Map<String, String> malformed = new LinkedHashMap<>();
            malformed.put("{\"room\": \"" + B + "\", ", "not JSON");
            malformed.put("[\"" + B + "\"]", "not a JSON object");
            malformed.put("{\"source\":\"badge-reader-7\"}", "no \"room\"");
            malformed.put("{\"room\":42}", "no \"room\"");
            malformed.put("{\"room\":\"room-b\"}", "not an SMTP address");
            malformed.put("{\"room\":\"" + B + "\",\"at\":\"yesterday at nine\"}", "ISO-8601");
            malformed.put("{\"room\":\"" + B + "\",\"at\":\"2026-03-02 09:01\"}", "ISO-8601");
            malformed.put("{\"room\":\"" + B + "\",\"at\":\"2026-03-02T10:01:00Z\"}", "in the future");
            malformed.put("{\"room\":\"" + B + "\",\"at\":\"+999999999-12-31T23:59:59Z\"}", "in the future");
            malformed.put("{\"room\":\"" + B + "\",\"at\":\"-999999999-01-01T00:00:00Z\"}", "retention");

            CamelContext context = f.app().context();
            ProducerTemplate producer = context.createProducerTemplate();
            ConsumerTemplate consumer = context.createConsumerTemplate();
            for (Map.Entry<String, String> m : malformed.entrySet()) {
                producer.sendBody("seda:checkins", m.getKey());
                Exchange dead = consumer.receive(DLQ, 20_000);
                assertThat(dead).as("dead-lettered: " + m.getKey()).isNotNull();
                assertThat(dead.getIn().getBody(String.class)).as("the original body, unchanged").isEqualTo(m.getKey());
                assertThat(dead.getIn().getHeader(CheckInService.DEAD_LETTER_REASON, String.class))
                        .as(m.getKey()).startsWith("malformed check-in: ").contains(m.getValue());
            }
            // none was counted; a good message right after is
            assertThat(f.checkInStore().receivedBetween(B, Instant.EPOCH, NINE.plus(Duration.ofDays(1)))).isEmpty();
            producer.sendBody("seda:checkins", "{\"room\":\"" + B.toUpperCase() + "\"}");
            awaitCheckIn(f, B);
            assertThat(consumer.receiveNoWait(DLQ)).isNull();
            assertThat(f.checkInStore().receivedBetween(B, Instant.EPOCH, NINE.plus(Duration.ofDays(1))))
                    .singleElement().satisfies(c -> {
                        assertThat(c.at()).isEqualTo(NINE.plusSeconds(60));
                        assertThat(c.source()).isEqualTo("unknown");
                    });
        }
    }

    @Test
    void theDefaultDeadLetterEndpointAppendsOneJsonLinePerMessageWithItsReason() throws Exception {
        TestClock clock = new TestClock(NINE.plusSeconds(60));
        try (BundleFixture f = new BundleFixture(twoRooms().build(), clock, dir)) {
            f.set("roomrelease.rooms", A + "," + B).set("roomrelease.data-dir", dir.resolve("data").toString());
            f.start();
            f.app().context().createProducerTemplate().sendBody("seda:checkins", "badge 7 says hi");
            Path file = dir.resolve("data").resolve("checkins-dead-letter.jsonl");
            for (int i = 0; i < 200 && !(Files.exists(file) && Files.readString(file).endsWith("\n")); i++) {
                Thread.sleep(50);
            }
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).singleElement().satisfies(l -> {
                Map<?, ?> line = JSON.readValue(l, Map.class);
                assertThat(line.get("message")).isEqualTo("badge 7 says hi");
                assertThat((String) line.get("reason")).startsWith("malformed check-in: not JSON");
                assertThat(line.get("at")).isEqualTo(NINE.plusSeconds(60).toString());
            });
        }
    }

    @Test
    void aCheckInThatCannotBeStoredIsRedeliveredAndStoredOnceTheDatabaseIsBackOrElseDeadLettered() throws Exception {
        TestClock clock = new TestClock(NINE.plusSeconds(60));
        try (BundleFixture f = fixture(twoRooms().build(), clock)) {
            f.start();
            CamelContext context = f.app().context();
            AtomicInteger redeliveries = new AtomicInteger();
            EventNotifierSupport counter = new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (event instanceof CamelEvent.ExchangeRedeliveryEvent) {
                        redeliveries.incrementAndGet();
                    }
                }
            };
            context.getManagementStrategy().addEventNotifier(counter);
            ServiceHelper.startService(counter);
            DataSource ds = context.getRegistry().lookupByNameAndType("dataSource", DataSource.class);
            ProducerTemplate producer = context.createProducerTemplate();

            // the database "goes away" (the table cannot be written), and comes back after a redelivery
            sql(ds, "ALTER TABLE checkin RENAME TO checkin_away");
            producer.sendBody("seda:checkins", "{\"room\":\"" + B + "\",\"source\":\"badge-reader-7\"}");
            for (int i = 0; i < 400 && redeliveries.get() == 0; i++) {
                Thread.sleep(25);
            }
            assertThat(redeliveries.get()).as("redelivered while the store fails").isPositive();
            sql(ds, "ALTER TABLE checkin_away RENAME TO checkin");
            awaitCheckIn(f, B);
            ConsumerTemplate consumer = context.createConsumerTemplate();
            assertThat(consumer.receiveNoWait(DLQ)).isNull();

            // down for longer than the redeliveries last: dead-lettered with the reason, the body unchanged
            sql(ds, "ALTER TABLE checkin RENAME TO checkin_away");
            String body = "{\"room\":\"" + A + "\",\"source\":\"badge-reader-9\"}";
            producer.sendBody("seda:checkins", body);
            Exchange dead = consumer.receive(DLQ, 30_000);
            sql(ds, "ALTER TABLE checkin_away RENAME TO checkin");
            assertThat(dead).isNotNull();
            assertThat(dead.getIn().getBody(String.class)).isEqualTo(body);
            assertThat(dead.getIn().getHeader(CheckInService.DEAD_LETTER_REASON, String.class))
                    .startsWith("check-in not stored after 5 redeliveries: ");
        }
    }

    @Test
    void aDisplayCheckInWhileExchangeFailsIsStoredAnswered202AndHonouredByTheNextSweep() throws Exception {
        TestClock clock = new TestClock(NINE.plusSeconds(5 * 60));
        try (BundleFixture f = fixture(twoRooms().build(), clock)) {
            f.start();
            // Exchange is busy for longer than the component waits (maxBackOff): findEvents fails at once
            f.simulator.faults().serverBusy(10_000, Duration.ofMinutes(5));
            HttpResponse<String> busy = f.post("/api/rooms/" + B + "/checkin", KEY_B);
            assertThat(busy.statusCode()).as(busy.body()).isEqualTo(202);
            Map<?, ?> answer = JSON.readValue(busy.body(), Map.class);
            assertThat(answer.get("status")).isEqualTo(202);
            assertThat(answer.get("matched")).isEqualTo(false);
            assertThat(answer.get("room")).isEqualTo(B);
            assertThat(answer.get("checkedInAt")).isEqualTo(NINE.plusSeconds(5 * 60).toString());
            assertThat((String) answer.get("message")).contains("recorded").contains("busy").doesNotContain("https://");
            assertThat(f.checkInStore().receivedBetween(B, NINE, NOW)).singleElement()
                    .satisfies(c -> assertThat(c.source()).isEqualTo("display"));

            // Exchange recovers; the next sweep (after the account's back-off) honours the stored check-in
            f.simulator.faults().reset();
            clock.set(NOW);
            SweepReport sweep = f.app().sweepNow();
            assertThat(sweep.count(SweepReport.Outcome.RELEASED)).as("room A only").isEqualTo(1);
            assertThat(sweep.keptByReason()).containsEntry(Reason.CHECKED_IN, 1L);
            assertThat(f.simulator.store().sentMessages(BOB)).noneMatch(m -> m.kind() == SentMessage.Kind.DECLINE);

            // with Exchange answering, the display is told which meeting (200), or 404 when none can be checked in
            clock.set(NINE.plus(Duration.ofMinutes(12)));
            HttpResponse<String> ok = f.post("/api/rooms/" + B + "/checkin", KEY_B);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(JSON.readValue(ok.body(), Map.class).get("meetingStart")).isEqualTo(NINE.toString());
            clock.set(NINE.plus(Duration.ofHours(3)));
            assertThat(f.post("/api/rooms/" + B + "/checkin", KEY_B).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theSweepTellsTheStrikesRuleThatACheckedInOccurrenceOfASeriesWasAttended() throws Exception {
        Scenario scenario = Scenario.builder().serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .room(A, "Room A").room(B, "Room B").user(ANN, "Ann")
                .meeting(MeetingSpec.builder("Daily stand-up", ANN).rooms(A).start(NINE)
                        .duration(Duration.ofMinutes(30)).created(NINE.minus(Duration.ofDays(30)))
                        .recurrence(Recurrence.daily(1, LocalDate.of(2026, 3, 2)).withOccurrences(10)).build())
                .build();
        TestClock clock = new TestClock(NINE.plusSeconds(120));
        try (BundleFixture f = fixture(scenario, clock)) {
            f.start();
            f.app().context().createProducerTemplate().sendBody("seda:checkins",
                    "{\"room\":\"" + A + "\",\"source\":\"badge-reader-1\"}");
            awaitCheckIn(f, A);
            clock.set(NOW);
            SweepReport sweep = f.app().sweepNow();
            assertThat(sweep.keptByReason()).containsEntry(Reason.CHECKED_IN, 1L);
            SeriesOutcomeStore outcomes = f.app().context().getRegistry()
                    .lookupByNameAndType("seriesOutcomes", SeriesOutcomeStore.class);
            List<SeriesOutcomeStore.Series> series = new ArrayList<>(outcomes.undeclinedSeries());
            assertThat(series).singleElement().satisfies(s -> assertThat(s.outcomes()).singleElement()
                    .satisfies(o -> {
                        assertThat(o.showed()).isTrue();
                        assertThat(o.occurrenceStart()).isEqualTo(NINE);
                    }));
        }
    }

    private static void sql(DataSource ds, String statement) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
