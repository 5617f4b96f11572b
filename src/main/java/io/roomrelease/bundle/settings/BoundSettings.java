package io.roomrelease.bundle.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The one settings path: every setting's value is decided here, once, and handed to camel-main as its override
 * properties, so that camel-main's own options ({@code camel.server.port}, {@code camel.component.ews.*}, ...), the
 * routes' placeholders and the bundle's Java read the same value. Precedence, highest first: values given at start-up
 * (the demo launcher, tests), environment variables, JVM system properties, the profile file,
 * {@code config/application.properties}.
 *
 * <p>A setting is known when a settings file names it or it is an option of a component the bundle configures. Its
 * environment variable follows Camel's rule: upper case, '.' and '-' become '_' ({@code camel.server.port} is
 * {@code CAMEL_SERVER_PORT}, {@code camel.component.ews.trust-store} is {@code CAMEL_COMPONENT_EWS_TRUST_STORE}). An
 * environment variable in the bundle's own namespaces that matches no setting is a problem (a typo must not be
 * ignored silently).
 */
public final class BoundSettings {

    /** Environment prefixes that belong to the bundle: a variable there that matches no setting is a typo. */
    static final List<String> OWN_PREFIXES = List.of("ROOMRELEASE_", "CAMEL_COMPONENT_EWS_");

    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(password|secret|token|credential|api-keys|admin-keys|private).*");

    /** A settings file, with the name shown to operators. */
    public record File(String name, Properties properties) {
    }

    private final Map<String, String> values = new TreeMap<>();
    private final Map<String, String> origins = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private BoundSettings() {
    }

    /**
     * Decides every setting's value.
     *
     * @param filesHighestFirst the profile file, then {@code application.properties}
     * @param optionKeys        further known keys, e.g. every {@code camel.component.ews.*} option
     * @param environment       the process environment
     * @param system            JVM system properties
     * @param startUp           values given at start-up; they win over everything
     */
    public static BoundSettings bind(List<File> filesHighestFirst, Collection<String> optionKeys,
                                     Map<String, String> environment, Map<String, String> system,
                                     Map<String, String> startUp) {
        BoundSettings b = new BoundSettings();
        Map<String, String> known = new LinkedHashMap<>(); // environment variable -> key
        for (File f : filesHighestFirst) {
            f.properties().stringPropertyNames().forEach(k -> register(known, k));
        }
        optionKeys.forEach(k -> register(known, k));
        startUp.keySet().forEach(k -> register(known, k));
        for (String key : new ArrayList<>(known.values())) {
            b.decide(key, filesHighestFirst, environment, system, startUp);
        }
        environment.keySet().stream().sorted().forEach(name -> {
            if (OWN_PREFIXES.stream().anyMatch(name::startsWith) && !known.containsKey(name)) {
                b.problems.add("environment variable " + name + " matches no setting" + suggestion(name, known)
                        + " (every setting is listed in config/application.properties and the README)");
            }
        });
        return b;
    }

    private static void register(Map<String, String> known, String key) {
        known.putIfAbsent(SettingSource.environmentVariable(key), key);
        known.putIfAbsent(SettingSource.environmentVariable(camelCaseToDash(key)), key);
    }

    private void decide(String key, List<File> files, Map<String, String> env, Map<String, String> system,
                        Map<String, String> startUp) {
        if (values.containsKey(key)) {
            return;
        }
        String dashed = camelCaseToDash(key);
        if (startUp.containsKey(key)) {
            put(key, startUp.get(key), "start-up");
            return;
        }
        for (String name : List.of(SettingSource.environmentVariable(key), SettingSource.environmentVariable(dashed))) {
            if (env.containsKey(name)) {
                put(key, env.get(name), "environment " + name);
                return;
            }
        }
        for (String k : List.of(key, dashed)) {
            if (system.containsKey(k)) {
                put(key, system.get(k), "system property " + k);
                return;
            }
        }
        for (File f : files) {
            String v = f.properties().getProperty(key);
            if (v != null) {
                put(key, v, f.name());
                return;
            }
        }
    }

    private void put(String key, String value, String origin) {
        values.put(key, value);
        origins.put(key, origin);
    }

    /** Every known setting with the value it was bound to. */
    public Map<String, String> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** Where a setting's value came from ({@code environment CAMEL_SERVER_PORT}, a file name, ...). */
    public Optional<String> origin(String key) {
        return Optional.ofNullable(origins.get(key));
    }

    /** The bound values as camel-main override properties. */
    public Properties asProperties() {
        Properties p = new Properties();
        values.forEach(p::setProperty);
        return p;
    }

    /** The bound values as a {@link SettingSource} ({@code {{placeholders}}} resolved). */
    public SettingSource source() {
        return SettingSource.of(values);
    }

    /** Environment variables of the bundle's namespaces that match no setting. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * What was bound from outside {@code defaultsName} (the environment, system properties, the profile, start-up),
     * one line each, secrets masked: what an operator checks first when a setting "does not take".
     */
    public String describe(String defaultsName) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> {
            String origin = origins.get(k);
            if (!defaultsName.equals(origin)) {
                sb.append("\n  ").append(k).append(" = ").append(masked(k, v)).append("   (").append(origin).append(')');
            }
        });
        return sb.length() == 0 ? " none (every setting has its default)" : sb.toString();
    }

    /** A value as it may be shown: secrets become {@code ******}; a JDBC URL loses any password parameter. */
    public static String masked(String key, String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        if (SECRET.matcher(key).matches()) {
            return "******";
        }
        return value.replaceAll("(?i)(password=)[^;&]*", "$1******");
    }

    /** {@code camel.component.ews.maxConcurrentRequests} to {@code camel.component.ews.max-concurrent-requests}. */
    static String camelCaseToDash(String key) {
        return org.apache.camel.util.StringHelper.camelCaseToDash(key);
    }

    private static String suggestion(String name, Map<String, String> known) {
        int limit = Math.max(3, name.length() / 5);
        LevenshteinDistance distance = new LevenshteinDistance(limit); // -1 beyond the limit
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known.keySet()) {
            int d = distance.apply(name, candidate);
            if (d >= 0 && d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best == null ? "" : " (did you mean " + best + ", the setting " + known.get(best) + "?)";
    }
}
