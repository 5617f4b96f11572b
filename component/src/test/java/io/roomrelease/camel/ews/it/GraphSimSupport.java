package io.roomrelease.camel.ews.it;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.roomrelease.camel.ews.EwsComponent;
import io.roomrelease.camel.ews.graph.GraphClient;
import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.graph.GraphSchema;
import io.roomrelease.ews.simulator.graph.GraphSettings;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.model.Recurrence;
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
 * Runs the component with {@code api=graph} against the simulator's Microsoft Graph front end over HTTPS, with the
 * Graph metadata check of every JSON body on (and the EWS schema check for the EWS view of the same store); each test
 * ends by asserting that the simulator saw no violation. Apps get their token from the simulator's token endpoint,
 * with the client secret or with a certificate credential (a signed client assertion).
 */
abstract class GraphSimSupport extends CamelTestSupport {

    static final String SVC = "svc-rooms@example.com";
    static final String SVC_PW = "Sv3-Pa55word!";
    static final String CLIENT_ID = "room-release-graph";
    static final String CLIENT_SECRET = "graph-S3cret-value";
    static final String TRUST_PW = "trust-pw";
    static final String CERT_PW = "cert-pw";
    static final String BUILDING = "building1@example.com";
    static final String ALICE = "alice@example.com";
    static final String BOB = "bob@example.com";
    /** 30 rooms: getSchedule takes at most 20 schedules per request. */
    static final int ROOMS = 30;
    static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.HOURS);

    static EwsSimulator sim;
    static Path trustStore;
    static Path certificate;

    static String room(int n) {
        return String.format("groom%02d@example.com", n);
    }

    static List<String> rooms() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= ROOMS; i++) {
            out.add(room(i));
        }
        return out;
    }

    static Scenario scenario() {
        LocalDate today = LocalDate.ofInstant(BASE, ZoneOffset.UTC);
        Scenario.Builder b = Scenario.builder().organisation("example.com")
                .account(new Account(SVC, SVC_PW, CLIENT_ID, CLIENT_SECRET, true, Set.of(), Set.of()))
                .user(ALICE, "Alice").user(BOB, "Bob");
        for (String r : rooms()) {
            b.room(r, "Room " + r.substring(5, 7));
        }
        b.roomList(BUILDING, "Building 1", rooms().toArray(String[]::new));
        b.meeting(MeetingSpec.builder("Planning", ALICE).attendees(BOB).rooms(room(1))
                .between(BASE, BASE.plus(Duration.ofHours(1))).created(BASE.minus(Duration.ofDays(2))).build());
        b.meeting(MeetingSpec.builder("Daily standup", ALICE).attendees(BOB).rooms(room(1))
                .start(BASE.plus(Duration.ofMinutes(75))).duration(Duration.ofMinutes(15))
                .recurrence(Recurrence.daily(1, today.minusDays(3)).withOccurrences(10)).build());
        for (int i = 0; i < 7; i++) { // enough for several pages at pageSize=3
            b.meeting(MeetingSpec.builder("Slot " + i, BOB).rooms(room(2))
                    .start(BASE.plus(Duration.ofHours(i))).duration(Duration.ofMinutes(30)).build());
        }
        b.meeting(MeetingSpec.builder("Review", BOB).attendees(ALICE).rooms(room(3))
                .between(BASE.plus(Duration.ofMinutes(30)), BASE.plus(Duration.ofMinutes(90))).build());
        return b.build();
    }

    @BeforeAll
    static void startSimulator() throws Exception {
        if (sim == null) {
            GraphSchema schema = GraphSchema.fromSystemProperties();
            if (!schema.isEnabled()) {
                throw new IllegalStateException("The Graph metadata check is off (" + schema.disabledReason().orElse("")
                                                + "): these tests need -Dgraph.schema.dir (set by the build)");
            }
            sim = EwsSimulator.builder().scenario(scenario()).clock(Clock.systemUTC())
                    .schemaValidation(SchemaValidator.fromSystemProperties()).graphSchema(schema).start();
            trustStore = Files.createTempFile("graph-sim-trust", ".p12");
            sim.writeTrustStore(trustStore, TRUST_PW.toCharArray());
            certificate = newCertificate();
            sim.graphSettings().clientCertificate(CLIENT_ID, readCertificate(certificate));
        }
    }

    /** An RSA key and self-signed certificate for the app, made by the JDK's keytool (a PKCS12 file). */
    static Path newCertificate() throws Exception {
        Path dir = Files.createTempDirectory("graph-app-cert");
        Path p12 = dir.resolve("app.p12");
        Process kt = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "app", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=room-release-graph", "-storetype", "PKCS12", "-keystore", p12.toString(),
                "-storepass", CERT_PW, "-keypass", CERT_PW).redirectErrorStream(true).start();
        kt.getInputStream().readAllBytes();
        if (!kt.waitFor(60, TimeUnit.SECONDS) || kt.exitValue() != 0) {
            throw new IllegalStateException("keytool could not make the app certificate");
        }
        return p12;
    }

    static X509Certificate readCertificate(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, CERT_PW.toCharArray());
        }
        return (X509Certificate) ks.getCertificate("app");
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        if (sim != null) {
            sim.close();
            sim = null;
            Files.deleteIfExists(trustStore);
            Files.deleteIfExists(certificate);
            Files.deleteIfExists(certificate.getParent());
        }
    }

    @AfterEach
    void noSchemaViolations() {
        sim.faults().reset();
        sim.graphThrottling(GraphSettings.DEFAULT_MAX_CONCURRENT, GraphSettings.DEFAULT_REQUESTS_PER_WINDOW,
                GraphSettings.DEFAULT_WINDOW);
        sim.assertNoSchemaViolations();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext ctx = super.createCamelContext();
        EwsComponent ews = new EwsComponent();
        ews.getConfiguration().setUrl(sim.httpsUrl().toString());
        ews.getConfiguration().setTrustStore(trustStore.toString());
        ews.getConfiguration().setTrustStorePassword(TRUST_PW);
        ews.getConfiguration().setMaxBackOff(10_000);
        ctx.addComponent("ews", ews);
        return ctx;
    }

    /** api=graph, token with the client secret. */
    static String graph() {
        return "api=graph&graphUrl=" + sim.graphUrl() + "&clientId=" + CLIENT_ID + "&clientSecret=RAW(" + CLIENT_SECRET
               + ")&tokenUrl=" + sim.tokenUrl();
    }

    /** api=graph, token with the certificate credential. */
    static String graphWithCertificate() {
        return "api=graph&graphUrl=" + sim.graphUrl() + "&clientId=" + CLIENT_ID + "&clientCertificate="
               + certificate + "&clientCertificatePassword=RAW(" + CERT_PW + ")&tokenUrl=" + sim.tokenUrl();
    }

    /** The EWS view of the same store (Basic auth, impersonation). */
    static String ews() {
        return "username=" + SVC + "&password=RAW(" + SVC_PW + ")";
    }

    static String uri(String operation) {
        return "ews:rooms?operation=" + operation + "&" + graph();
    }

    Exchange call(String uri, Processor p) {
        return template.request(uri, p);
    }

    /** The app's Graph client (one per app registration). */
    GraphClient graphClient() {
        return context.getComponent("ews", EwsComponent.class).graphClients().values().iterator().next();
    }
}
