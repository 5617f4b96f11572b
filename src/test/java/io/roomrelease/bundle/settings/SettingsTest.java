package io.roomrelease.bundle.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import io.roomrelease.bundle.app.ProductionPreflight;
import io.roomrelease.bundle.app.RoomReleaseApp;

class SettingsTest {

    @Test
    void defaultsAreThoseOfTheDesign() {
        RoomReleaseSettings s = RoomReleaseSettings.load(SettingSource.of(Map.of("roomrelease.rooms", "a@corp.example")));
        assertThat(s.policy().grace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.policy().checkInOpensBefore()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.policy().checkInClosesAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.policy().maxDuration()).isEqualTo(Duration.ofHours(8));
        assertThat(s.strikes()).isEqualTo(3);
        assertThat(s.maxReleaseRatio()).isEqualTo(0.5);
        assertThat(s.dryRun()).isFalse();
        assertThat(s.storeSubjects()).isFalse();
        assertThat(s.dbUrl()).startsWith("jdbc:h2:file:./data/");
    }

    @Test
    void everyBadSettingIsNamedWithItsEnvironmentVariableInOneError() {
        Map<String, String> bad = new HashMap<>();
        bad.put("roomrelease.policy.grace-minutes", "soon");
        bad.put("roomrelease.max-release-ratio", "2");
        bad.put("roomrelease.dry-run", "maybe");
        assertThatThrownBy(() -> RoomReleaseSettings.load(SettingSource.of(bad)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("roomrelease.policy.grace-minutes (environment ROOMRELEASE_POLICY_GRACE_MINUTES)")
                .hasMessageContaining("ROOMRELEASE_MAX_RELEASE_RATIO")
                .hasMessageContaining("ROOMRELEASE_DRY_RUN")
                .hasMessageContaining("roomrelease.rooms");
    }

    @Test
    void theEnvironmentOverridesTheSettingsFilesTheWayCamelMapsNames() throws Exception {
        // surefire sets ROOMRELEASE_TEST_ENV_CHECK=from-environment (see src/pom.xml)
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:env-check.properties");
            context.start();
            SettingSource source = SettingSource.of(context);
            assertThat(source.get("roomrelease.test.env-check")).hasValue("from-environment");
            assertThat(source.get("roomrelease.test.not-in-env")).hasValue("from-file");
            assertThat(SettingSource.environmentVariable("roomrelease.test.env-check"))
                    .isEqualTo("ROOMRELEASE_TEST_ENV_CHECK");
        }
    }

    @Test
    void productionRefusesToStartNamingEveryMissingSetting() {
        assertThatThrownBy(() -> ProductionPreflight.check(SettingSource.of(Map.of())))
                .isInstanceOf(InvalidSettingsException.class)
                .satisfies(e -> assertThat(((InvalidSettingsException) e).problems()).hasSize(4))
                .hasMessageContaining("CAMEL_COMPONENT_EWS_URL")
                .hasMessageContaining("CAMEL_COMPONENT_EWS_USERNAME")
                .hasMessageContaining("CAMEL_COMPONENT_EWS_PASSWORD")
                .hasMessageContaining("ROOMRELEASE_ROOMS");
        assertThatThrownBy(() -> ProductionPreflight.check(SettingSource.of(Map.of(
                "camel.component.ews.url", "https://mail.corp.example/EWS/Exchange.asmx",
                "camel.component.ews.client-id", "app", "roomrelease.rooms", "a@corp.example"))))
                .hasMessageContaining("CAMEL_COMPONENT_EWS_TENANT_ID")
                .hasMessageContaining("CAMEL_COMPONENT_EWS_CLIENT_SECRET")
                .hasMessageNotContaining("USERNAME");
    }

    @Test
    void theProductionProfileOfTheRealConfigDoesNotStartWithoutCredentials() {
        assertThatThrownBy(() -> RoomReleaseApp.builder().profile("production")
                .property("roomrelease.db.url", "jdbc:h2:mem:prod;DB_CLOSE_DELAY=-1")
                .property("camel.server.enabled", "false")
                .property("camel.management.enabled", "false")
                .start())
                .satisfies(e -> {
                    Throwable root = e;
                    while (root.getCause() != null && !(root instanceof InvalidSettingsException)) {
                        root = root.getCause();
                    }
                    assertThat(root).isInstanceOf(InvalidSettingsException.class)
                            .hasMessageContaining("CAMEL_COMPONENT_EWS_URL");
                });
    }
}
