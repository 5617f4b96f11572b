package io.roomrelease.bundle.settings;

import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;

/** Where settings come from: Camel's properties component in the application, a map in tests. */
@FunctionalInterface
public interface SettingSource {

    /** The raw value of a setting, if set (blank values count as not set). */
    Optional<String> get(String key);

    /**
     * Settings as Camel resolves them: {@code config/application.properties}, the profile file, then the
     * environment ({@code roomrelease.policy.grace-minutes} is overridden by {@code ROOMRELEASE_POLICY_GRACE_MINUTES})
     * and JVM system properties.
     */
    static SettingSource of(CamelContext context) {
        return key -> context.getPropertiesComponent().resolveProperty(key).filter(v -> !v.isBlank());
    }

    /** Settings from a map, for tests. */
    static SettingSource of(Map<String, String> map) {
        return key -> Optional.ofNullable(map.get(key)).filter(v -> !v.isBlank());
    }

    /** The environment variable that overrides a setting, following Camel's rule (upper case, '.' and '-' to '_'). */
    static String environmentVariable(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
