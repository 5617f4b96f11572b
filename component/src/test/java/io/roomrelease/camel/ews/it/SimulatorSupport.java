package io.roomrelease.camel.ews.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import io.roomrelease.camel.ews.EwsComponent;
import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.schema.SchemaValidator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the component against the EWS simulator over HTTPS (its certificate in a PKCS12 trust store), with schema
 * validation of every request and response; each test ends by asserting that the simulator saw no violation.
 */
abstract class SimulatorSupport extends CamelTestSupport {

    static final String SVC = "svc-rooms@example.com";
    static final String SVC_PW = "Sv3-Pa55word!";
    static final String CLIENT_ID = "room-release-app";
    static final String CLIENT_SECRET = "app-S3cret-value";
    static final String SCOPED = "svc-scoped@example.com";
    static final String DELEGATE = "svc-delegate@example.com";
    static final String PW = "Other-Pa55";
    static final String ROOM1 = "room1@example.com";
    static final String ROOM2 = "room2@example.com";
    static final String ROOM3 = "room3@example.com";
    static final String ROOM4 = "room4@example.com";
    static final String BUILDING = "building1@example.com";
    static final String ALICE = "alice@example.com";
    static final String BOB = "bob@example.com";
    static final String TRUST_PW = "trust-pw";

    /** The hour the scenario is built around. */
    static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.HOURS);

    static EwsSimulator sim;
    static Path trustStore;

    static Scenario scenario() {
        LocalDate today = LocalDate.ofInstant(BASE, ZoneOffset.UTC);
        return Scenario.builder()
                .organisation("example.com")
                .account(new Account(SVC, SVC_PW, CLIENT_ID, CLIENT_SECRET, true, Set.of(), Set.of()))
                .account(new Account(SCOPED, PW, null, null, true, Set.of(ROOM1), Set.of()))
                .account(new Account(DELEGATE, PW, null, null, false, Set.of(), Set.of(ROOM1, ROOM3)))
                .room(ROOM1, "Room 1").room(ROOM2, "Room 2").room(ROOM3, "Room 3").room(ROOM4, "Room 4")
                .roomList(BUILDING, "Building 1", ROOM1, ROOM2)
                .user(ALICE, "Alice").user(BOB, "Bob")
                .meeting(MeetingSpec.builder("Planning", ALICE).attendees(BOB).optionalAttendees("carol@partner.com")
                        .rooms(ROOM1).between(BASE, BASE.plus(Duration.ofHours(1)))
                        .created(BASE.minus(Duration.ofDays(2))).build())
                .meeting(MeetingSpec.builder("Daily standup", ALICE).attendees(BOB).rooms(ROOM1)
                        .start(BASE.plus(Duration.ofMinutes(75))).duration(Duration.ofMinutes(15))
                        .recurrence(Recurrence.daily(1, today.minusDays(3)).withOccurrences(10)).build())
                .meeting(MeetingSpec.builder("Review", BOB).attendees(ALICE).rooms(ROOM2)
                        .between(BASE.plus(Duration.ofMinutes(30)), BASE.plus(Duration.ofMinutes(90))).build())
                .meeting(MeetingSpec.builder("Tentative one", BOB).rooms(ROOM3).roomResponse(ResponseType.Tentative)
                        .between(BASE.minus(Duration.ofDays(1)), BASE.minus(Duration.ofDays(1)).plus(Duration.ofMinutes(30)))
                        .build())
                .meeting(MeetingSpec.builder("Team series", ALICE).attendees(BOB).rooms(ROOM4)
                        .start(BASE.plus(Duration.ofMinutes(15))).duration(Duration.ofMinutes(30))
                        .recurrence(Recurrence.daily(1, today.minusDays(2)).withOccurrences(8)).build())
                .meeting(MeetingSpec.builder("Other series", BOB).attendees(ALICE).rooms(ROOM4)
                        .start(BASE.plus(Duration.ofHours(2))).duration(Duration.ofMinutes(30))
                        .recurrence(Recurrence.daily(1, today.minusDays(2)).withOccurrences(8)).build())
                .build();
    }

    @BeforeAll
    static void startSimulator() throws Exception {
        if (sim == null) {
            sim = EwsSimulator.builder().scenario(scenario()).clock(Clock.systemUTC())
                    .schemaValidation(SchemaValidator.fromSystemProperties()).start();
            trustStore = Files.createTempFile("ews-sim-trust", ".p12");
            sim.writeTrustStore(trustStore, TRUST_PW.toCharArray());
        }
    }

    @AfterAll
    static void stopSimulator() {
        if (sim != null) {
            sim.close();
            sim = null;
            try {
                Files.deleteIfExists(trustStore);
            } catch (java.io.IOException e) {
                // temp file; the OS cleans it
            }
        }
    }

    @AfterEach
    void noSchemaViolations() {
        sim.faults().reset();
        sim.assertNoSchemaViolations();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext ctx = super.createCamelContext();
        EwsComponent ews = new EwsComponent();
        ews.getConfiguration().setUrl(sim.httpsUrl().toString());
        ews.getConfiguration().setTrustStore(trustStore.toString());
        ews.getConfiguration().setTrustStorePassword(TRUST_PW);
        ews.getConfiguration().setMaxBackOff(5000);
        ctx.addComponent("ews", ews);
        return ctx;
    }

    /** Basic auth as the impersonating service account. */
    static String basic() {
        return "username=" + SVC + "&password=RAW(" + SVC_PW + ")";
    }

    static String oauth() {
        return "clientId=" + CLIENT_ID + "&clientSecret=RAW(" + CLIENT_SECRET + ")&tokenUrl=" + sim.tokenUrl();
    }

    Exchange call(String uri, Processor p) {
        return template.request(uri, p);
    }
}
