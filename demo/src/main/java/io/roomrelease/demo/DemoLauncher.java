package io.roomrelease.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.roomrelease.bundle.app.ProfileEnvironment;
import io.roomrelease.bundle.app.RoomReleaseApp;
import io.roomrelease.bundle.policy.CheckIn;
import io.roomrelease.bundle.security.ApiKeyHasher;
import io.roomrelease.bundle.store.CheckInStore;
import io.roomrelease.ews.simulator.EwsSimulator;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.model.Room;
import io.roomrelease.ews.simulator.model.RoomList;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;

/**
 * The demo profile's launcher: starts the EWS simulator with the demo scenario over HTTPS, writes its trust store,
 * points the {@code ews:} component at it, makes one display key per room, and seeds check-ins for the meetings the
 * scenario tags {@code checked-in}. It lives in the demo module, so the production jar carries no simulator; the
 * command line finds it through {@link ProfileEnvironment.Factory} ({@code --profile demo}).
 */
public final class DemoLauncher implements ProfileEnvironment {

    private final EwsSimulator simulator;
    private final Scenario scenario;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> displayKeys = new LinkedHashMap<>();
    private final String adminKey = ApiKeyHasher.newKey();
    private Path keyFile;

    private DemoLauncher(EwsSimulator simulator, Scenario scenario) {
        this.simulator = simulator;
        this.scenario = scenario;
    }

    /** Starts the simulator and prepares the settings that point the bundle at it over EWS. */
    public static DemoLauncher start(Clock clock, Path dataDir) throws IOException {
        return start(clock, dataDir, false);
    }

    /**
     * Starts the simulator and prepares the settings that point the bundle at it, over EWS or, with {@code graph},
     * over Microsoft Graph (the same simulator serves both over the same store).
     */
    public static DemoLauncher start(Clock clock, Path dataDir, boolean graph) throws IOException {
        Scenario scenario = Scenario.demo(clock);
        EwsSimulator simulator = EwsSimulator.builder().scenario(scenario).clock(clock).start();
        DemoLauncher demo = new DemoLauncher(simulator, scenario);
        demo.prepare(dataDir);
        if (graph) {
            demo.properties.remove("camel.component.ews.url");
            demo.properties.remove("camel.component.ews.username");
            demo.properties.remove("camel.component.ews.password");
            demo.properties.putAll(demo.oauthProperties());
            demo.properties.put("camel.component.ews.api", "graph");
            demo.properties.put("camel.component.ews.graph-url", simulator.graphUrl().toString());
        }
        return demo;
    }

    private void prepare(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path trustStore = dataDir.resolve("simulator-truststore.p12").toAbsolutePath();
        String trustPassword = ApiKeyHasher.newKey();
        simulator.writeTrustStore(trustStore, trustPassword.toCharArray());
        Account service = scenario.accounts().stream().filter(Account::applicationImpersonation).findFirst()
                .orElseThrow(() -> new IllegalStateException("The demo scenario has no account with "
                        + "ApplicationImpersonation"));
        properties.put("camel.component.ews.url", simulator.httpsUrl().toString());
        properties.put("camel.component.ews.trust-store", trustStore.toString());
        properties.put("camel.component.ews.trust-store-password", trustPassword);
        properties.put("camel.component.ews.username", service.logon());
        properties.put("camel.component.ews.password", service.password());
        properties.put("roomrelease.service-account", service.logon());
        List<RoomList> lists = scenario.roomLists();
        if (lists.isEmpty()) {
            properties.put("roomrelease.rooms", scenario.rooms().stream().map(Room::email)
                    .collect(Collectors.joining(",")));
        } else {
            properties.put("roomrelease.room-lists", lists.stream().map(RoomList::email)
                    .collect(Collectors.joining(",")));
        }
        properties.put("roomrelease.rooms-without-display", scenario.rooms().stream().filter(r -> !r.hasDisplay())
                .map(Room::email).collect(Collectors.joining(",")));
        StringBuilder keys = new StringBuilder();
        for (Room room : scenario.rooms()) {
            String key = ApiKeyHasher.newKey();
            displayKeys.put(room.email(), key);
            keys.append(keys.length() == 0 ? "" : ",").append(room.email()).append('=').append(ApiKeyHasher.hash(key));
        }
        properties.put("roomrelease.display.api-keys", keys.toString());
        keyFile = dataDir.resolve("demo-api-keys.properties").toAbsolutePath();
        StringBuilder file = new StringBuilder("# Demo only: display keys per room, and the admin key. New keys each run.\n");
        displayKeys.forEach((room, key) -> file.append(room).append('=').append(key).append('\n'));
        file.append("admin=").append(adminKey).append('\n');
        Files.writeString(keyFile, file);
        properties.put("roomrelease.display.admin-keys", ApiKeyHasher.hash(adminKey));
        if (scenario.timeZone() != null) {
            properties.put("roomrelease.time-zone", scenario.timeZone().getId());
        }
    }

    /** Settings that point the bundle at the simulator; they win over the files. */
    public Map<String, String> properties() {
        return properties;
    }

    /** Records a check-in for every room of every meeting the scenario tags {@code checked-in}. */
    public int seedCheckIns(CheckInStore store) {
        int n = 0;
        for (MeetingSpec m : scenario.meetings()) {
            if (m.tags().contains("checked-in")) {
                for (String room : m.rooms()) {
                    store.record(new CheckIn(room, "demo-seed", m.start(), m.start(), "demo badge reader"), null);
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public String started(RoomReleaseApp app) {
        int seeded = seedCheckIns(app.context().getRegistry().lookupByNameAndType("checkInStore", CheckInStore.class));
        return "Demo: the EWS simulator runs the demo scenario at " + ewsUrl() + "; " + seeded
               + " check-in(s) seeded from meetings the scenario marks as checked in";
    }

    @Override
    public String hints(String port) {
        if (displayKeys.isEmpty()) {
            return "";
        }
        String room = displayKeys.keySet().iterator().next();
        return "  Demo API keys (one per room, and the admin key): " + keyFile + "\n"
               + "  Try it:\n    curl -X POST -H \"X-Api-Key: $(grep '^" + room + "=' " + keyFile
               + " | cut -d= -f2)\" http://localhost:" + port + "/api/rooms/" + room + "/checkin\n";
    }

    /** The demo display keys (room to key), for trying the API. */
    public Map<String, String> displayKeys() {
        return displayKeys;
    }

    /** The file the demo keys are written to (the console shows its path, never the keys). */
    public Path keyFile() {
        return keyFile;
    }

    /** The demo admin key. */
    public String adminKey() {
        return adminKey;
    }

    /**
     * Settings that authenticate with OAuth 2.0 client credentials at the simulator's token endpoint instead of Basic
     * (the demo scenario's service account has a client id and secret); put them over {@link #properties()} without
     * the username and password.
     */
    public Map<String, String> oauthProperties() {
        Account service = scenario.accounts().stream().filter(Account::applicationImpersonation)
                .filter(a -> a.oauthClientId() != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("The demo scenario has no OAuth client"));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.component.ews.client-id", service.oauthClientId());
        p.put("camel.component.ews.client-secret", service.oauthClientSecret());
        p.put("camel.component.ews.token-url", simulator.tokenUrl().toString());
        return p;
    }

    /** The simulator the demo runs against (tests look into its store and counters). */
    public EwsSimulator simulator() {
        return simulator;
    }

    /** The simulator's HTTPS URL. */
    public String ewsUrl() {
        return simulator.httpsUrl().toString();
    }

    @Override
    public void close() {
        simulator.close();
    }
}
