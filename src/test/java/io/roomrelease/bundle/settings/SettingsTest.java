package io.roomrelease.bundle.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.bundle.app.ProductionPreflight;
import io.roomrelease.bundle.app.RoomReleaseApp;

class SettingsTest {

    private static final String EWS = "https://mail.corp.example/EWS/Exchange.asmx";

    @Test
    void defaultsAreThoseOfTheDesignAndLiveInTheSettingsFile() {
        RoomReleaseSettings s = RoomReleaseSettings.load(SettingSource.withDefaults(
                Map.of("roomrelease.rooms", "a@corp.example")));
        assertThat(s.policy().grace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.policy().checkInOpensBefore()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.policy().checkInClosesAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.policy().maxDuration()).isEqualTo(Duration.ofHours(8));
        assertThat(s.strikes()).isEqualTo(3);
        assertThat(s.maxReleaseRatio()).isEqualTo(0.5);
        assertThat(s.dryRun()).isFalse();
        assertThat(s.storeSubjects()).isFalse();
        assertThat(s.dbUrl()).startsWith("jdbc:h2:file:./data/");
        assertThat(s.sweep().concurrency()).isEqualTo(4);
        assertThat(s.reportDir()).isEqualTo(Path.of("data/reports"));
    }

    @Test
    void aSettingMissingFromTheFileIsNamedNotGuessed() {
        Map<String, String> defaults = new HashMap<>(SettingSource.defaults());
        defaults.remove("roomrelease.policy.grace-minutes");
        defaults.put("roomrelease.rooms", "a@corp.example");
        assertThat(RoomReleaseSettings.problems(SettingSource.of(defaults))).singleElement().asString()
                .contains("roomrelease.policy.grace-minutes (environment ROOMRELEASE_POLICY_GRACE_MINUTES)")
                .contains("config/application.properties");
    }

    @Test
    void theDeltaStrategyNeedsTheGraphBackend() {
        Map<String, String> settings = new HashMap<>(SettingSource.defaults());
        settings.put("roomrelease.rooms", "a@corp.example");
        settings.put("roomrelease.sweep.strategy", "delta");
        assertThat(RoomReleaseSettings.problems(SettingSource.of(settings))).singleElement().asString()
                .contains("ROOMRELEASE_SWEEP_STRATEGY").contains("camel.component.ews.api = graph")
                .contains("CAMEL_COMPONENT_EWS_API");
        settings.put("camel.component.ews.api", "graph");
        assertThat(RoomReleaseSettings.problems(SettingSource.of(settings))).isEmpty();
    }

    @Test
    void everyBadSettingIsNamedWithItsEnvironmentVariableInOneError() {
        Map<String, String> bad = new HashMap<>();
        bad.put("roomrelease.policy.grace-minutes", "soon");
        bad.put("roomrelease.max-release-ratio", "2");
        bad.put("roomrelease.dry-run", "maybe");
        bad.put("roomrelease.sweep.rate-per-second", "0");
        bad.put("roomrelease.sweep.concurrency", "-1");
        bad.put("roomrelease.sweep.cron", "every minute");
        bad.put("roomrelease.cleanup.cron", "0 0 25 * * ?");
        bad.put("roomrelease.sweep.strategy", "psychic");
        bad.put("camel.server.port", "70000");
        assertThatThrownBy(() -> RoomReleaseSettings.load(SettingSource.withDefaults(bad)))
                .isInstanceOf(InvalidSettingsException.class)
                .satisfies(e -> assertThat(((InvalidSettingsException) e).problems()).hasSize(10))
                .hasMessageContaining("roomrelease.policy.grace-minutes (environment ROOMRELEASE_POLICY_GRACE_MINUTES)")
                .hasMessageContaining("ROOMRELEASE_MAX_RELEASE_RATIO")
                .hasMessageContaining("ROOMRELEASE_DRY_RUN")
                .hasMessageContaining("ROOMRELEASE_SWEEP_RATE_PER_SECOND) must be between 1 and 100000, was 0")
                .hasMessageContaining("ROOMRELEASE_SWEEP_CONCURRENCY) must be between 1 and 256, was -1")
                .hasMessageContaining("ROOMRELEASE_SWEEP_CRON) is not a Quartz cron expression")
                .hasMessageContaining("ROOMRELEASE_CLEANUP_CRON) is not a Quartz cron expression")
                .hasMessageContaining("ROOMRELEASE_SWEEP_STRATEGY) must be one of calendar, availability")
                .hasMessageContaining("CAMEL_SERVER_PORT) must be between 0 and 65535")
                .hasMessageContaining("roomrelease.rooms");
    }

    @Test
    void theEnvironmentBindsEverySettingTheComponentsAndTheServersIncluded() {
        Properties defaults = new Properties();
        defaults.putAll(SettingSource.defaults());
        Properties profile = new Properties();
        profile.setProperty("roomrelease.policy.grace-minutes", "20");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CAMEL_SERVER_PORT", "18080");
        env.put("CAMEL_MANAGEMENT_PORT", "19876");
        env.put("CAMEL_COMPONENT_EWS_URL", EWS);
        env.put("CAMEL_COMPONENT_EWS_PASSWORD", "s3cret-Passw0rd");
        env.put("CAMEL_COMPONENT_EWS_TOKEN_URL", "https://login.corp.example/token");
        env.put("ROOMRELEASE_ROOM_LISTS", "building1@corp.example");
        env.put("PATH", "/usr/bin");
        BoundSettings b = BoundSettings.bind(List.of(new BoundSettings.File("application-production.properties",
                        profile), new BoundSettings.File("application.properties", defaults)),
                List.of("camel.component.ews.url", "camel.component.ews.password", "camel.component.ews.token-url"),
                env, Map.of("roomrelease.policy.grace-minutes", "25"), Map.of());
        assertThat(b.problems()).isEmpty();
        assertThat(b.values()).containsEntry("camel.server.port", "18080")
                .containsEntry("camel.management.port", "19876")
                .containsEntry("camel.component.ews.url", EWS)
                .containsEntry("camel.component.ews.token-url", "https://login.corp.example/token")
                .containsEntry("roomrelease.room-lists", "building1@corp.example")
                .containsEntry("roomrelease.policy.grace-minutes", "25") // system property over the profile
                .containsEntry("roomrelease.policy.late-booking-minutes", "10");
        assertThat(b.origin("camel.server.port")).hasValue("environment CAMEL_SERVER_PORT");
        assertThat(b.origin("roomrelease.policy.grace-minutes")).hasValue("system property roomrelease.policy.grace-minutes");
        String told = b.describe("application.properties");
        assertThat(told).contains("camel.server.port = 18080   (environment CAMEL_SERVER_PORT)")
                .contains("camel.component.ews.password = ******").doesNotContain("s3cret");
    }

    @Test
    void aVariableInTheBundlesNamespaceThatMatchesNoSettingIsATypoNamedWithTheLikelyOne() {
        Properties defaults = new Properties();
        defaults.putAll(SettingSource.defaults());
        BoundSettings b = BoundSettings.bind(List.of(new BoundSettings.File("application.properties", defaults)),
                List.of(), Map.of("ROOMRELEASE_POLICY_GRACE_MINUTE", "5", "CAMEL_SERVER_PORTS", "1"), Map.of(),
                Map.of());
        assertThat(b.problems()).singleElement().asString()
                .contains("ROOMRELEASE_POLICY_GRACE_MINUTE matches no setting")
                .contains("did you mean ROOMRELEASE_POLICY_GRACE_MINUTES");
    }

    @Test
    void productionJudgesTheEwsOptionsWithTheComponentsOwnValidation() {
        assertThatThrownBy(() -> ProductionPreflight.check(SettingSource.of(Map.of())))
                .isInstanceOf(InvalidSettingsException.class)
                .satisfies(e -> assertThat(((InvalidSettingsException) e).problems()).hasSize(3))
                .hasMessageContaining("camel.component.ews.url (environment CAMEL_COMPONENT_EWS_URL) missing")
                .hasMessageContaining("camel.component.ews.username (environment CAMEL_COMPONENT_EWS_USERNAME) no"
                        + " credentials")
                .hasMessageContaining("ROOMRELEASE_ROOMS");
        // OAuth with a token URL and no tenant is what the component accepts: so does production
        assertThatCode(() -> ProductionPreflight.check(SettingSource.of(Map.of(
                "camel.component.ews.url", EWS,
                "camel.component.ews.client-id", "app", "camel.component.ews.client-secret", "x",
                "camel.component.ews.token-url", "https://login.corp.example/oauth2/token",
                "roomrelease.rooms", "a@corp.example")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> ProductionPreflight.check(SettingSource.of(Map.of(
                "camel.component.ews.url", EWS, "camel.component.ews.username", "svc@corp.example",
                "camel.component.ews.password", "x", "camel.component.ews.max-concurrent-requests", "40",
                "roomrelease.rooms", "a@corp.example"))))
                .hasMessageContaining("CAMEL_COMPONENT_EWS_")
                .hasMessageContaining("camel.component.ews.max-concurrent-requests (environment CAMEL_COMPONENT_EWS_MAX_CONCURRENT_REQUESTS) 40 is refused");
    }

    @Test
    void theProductionProfileOfTheRealConfigDoesNotStartWithoutCredentials() {
        assertThatThrownBy(() -> RoomReleaseApp.builder().profile("production")
                .property("roomrelease.db.url", "jdbc:h2:mem:prod;DB_CLOSE_DELAY=-1")
                .property("camel.server.enabled", "false")
                .property("camel.management.enabled", "false")
                .start())
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("CAMEL_COMPONENT_EWS_URL")
                .hasMessageContaining("ROOMRELEASE_ROOMS");
    }

    @Test
    void aPortInUseStopsStartUpNamingThePortSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            assertThatThrownBy(() -> app(Map.of("camel.server.port", String.valueOf(taken.getLocalPort()))))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("camel.server.port (environment CAMEL_SERVER_PORT) port "
                            + taken.getLocalPort())
                    .hasMessageContaining("choose another port");
        }
    }

    @Test
    void camelMainBindsWhatTheEnvironmentSays(@TempDir Path dir) throws Exception {
        // surefire sets CAMEL_MAIN_SHUTDOWN_TIMEOUT=14 (src/pom.xml); the file says 15
        try (RoomReleaseApp app = app(Map.of("roomrelease.db.url", "jdbc:h2:file:" + dir.resolve("db")))) {
            assertThat(app.settings().values()).containsEntry("camel.main.shutdown-timeout", "14");
            assertThat(app.settings().origin("camel.main.shutdown-timeout"))
                    .hasValue("environment CAMEL_MAIN_SHUTDOWN_TIMEOUT");
            assertThat(app.context().getShutdownStrategy().getTimeout()).isEqualTo(14);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static RoomReleaseApp app(Map<String, String> extra) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.component.ews.url", EWS);
        p.put("camel.component.ews.username", "svc@corp.example");
        p.put("camel.component.ews.password", "not-used");
        p.put("roomrelease.rooms", "a@corp.example");
        p.put("roomrelease.db.url", "jdbc:h2:mem:settings-test;DB_CLOSE_DELAY=-1");
        p.put("camel.server.port", String.valueOf(freePort()));
        p.put("camel.management.enabled", "false");
        p.put("camel.component.quartz.auto-start-scheduler", "false");
        p.putAll(extra);
        return RoomReleaseApp.builder().properties(p).start();
    }
}
