package io.roomrelease.bundle.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;

/** Where settings come from: Camel's properties component in the application, a map in tests. */
@FunctionalInterface
public interface SettingSource {

    /** The raw value of a setting, if set (blank values count as not set). */
    Optional<String> get(String key);

    /**
     * Settings as Camel resolves them. In the application they were bound once by {@link BoundSettings} (files,
     * profile, system properties, environment) and handed to camel-main, so Camel and this source agree.
     */
    static SettingSource of(CamelContext context) {
        return key -> context.getPropertiesComponent().resolveProperty(key).filter(v -> !v.isBlank());
    }

    /** Settings from a map; {@code {{key}}} placeholders in values are resolved against the same map. */
    static SettingSource of(Map<String, String> map) {
        return key -> Optional.ofNullable(map.get(key)).map(v -> resolve(v, map, 0)).filter(v -> !v.isBlank());
    }

    /**
     * The defaults of {@code config/application.properties} (the copy the jar carries), with {@code overrides} on top:
     * what the application sees when nothing else is set. For tests and tools.
     */
    static SettingSource withDefaults(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(defaults());
        all.putAll(overrides);
        return of(all);
    }

    /** The settings of {@code config/application.properties} as the jar carries it. */
    static Map<String, String> defaults() {
        Properties p = new Properties();
        try (InputStream in = SettingSource.class.getResourceAsStream("/config/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("config/application.properties is missing from the class path");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read config/application.properties: " + e.getMessage(), e);
        }
        Map<String, String> map = new HashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return map;
    }

    /** The environment variable that overrides a setting, following Camel's rule (upper case, '.' and '-' to '_'). */
    static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String resolve(String value, Map<String, String> map, int depth) {
        Matcher m = Placeholders.PATTERN.matcher(value);
        if (depth > 10 || !m.find()) {
            return value;
        }
        StringBuilder sb = new StringBuilder();
        m.reset();
        while (m.find()) {
            String v = map.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group(0) : resolve(v, map, depth + 1)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The {@code {{key}}} placeholder syntax, compiled once. */
    final class Placeholders {
        static final Pattern PATTERN = Pattern.compile("\\{\\{([^{}]+)}}");

        private Placeholders() {
        }
    }
}
