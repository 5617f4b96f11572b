package io.roomrelease.bundle.settings;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Typed reads of settings that collect every problem instead of failing on the first, so that one start-up error
 * lists all of them with the environment variable that sets each.
 */
final class SettingsReader {

    private final SettingSource source;
    private final List<String> problems = new ArrayList<>();

    SettingsReader(SettingSource source) {
        this.source = source;
    }

    String string(String key, String fallback) {
        return source.get(key).map(String::trim).orElse(fallback);
    }

    int integer(String key, int fallback, int min, int max) {
        String raw = string(key, null);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                problem(key, "must be between " + min + " and " + max + ", was " + value);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(key, "must be a whole number, was '" + raw + "'");
            return fallback;
        }
    }

    double decimal(String key, double fallback) {
        String raw = string(key, null);
        if (raw == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            problem(key, "must be a number such as 0.5, was '" + raw + "'");
            return fallback;
        }
    }

    boolean bool(String key, boolean fallback) {
        String raw = string(key, null);
        if (raw == null) {
            return fallback;
        }
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        problem(key, "must be true or false, was '" + raw + "'");
        return fallback;
    }

    Set<String> list(String key) {
        String raw = string(key, "");
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    ZoneId zone(String key) {
        String raw = string(key, null);
        if (raw == null) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(raw);
        } catch (RuntimeException e) {
            problem(key, "must be a time zone id such as Europe/Zurich, was '" + raw + "'");
            return ZoneId.systemDefault();
        }
    }

    void problem(String key, String text) {
        problems.add(key + " (environment " + SettingSource.environmentVariable(key) + ") " + text);
    }

    void throwIfProblems(String intro) {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(intro, problems);
        }
    }
}
