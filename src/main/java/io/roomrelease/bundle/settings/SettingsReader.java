package io.roomrelease.bundle.settings;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.quartz.CronExpression;

/**
 * Typed reads of settings that collect every problem instead of failing on the first, so that one start-up error
 * lists all of them with the environment variable that sets each. Defaults live in
 * {@code config/application.properties} only: a setting that is missing there and everywhere else is a problem too.
 */
final class SettingsReader {

    private final SettingSource source;
    private final List<String> problems = new ArrayList<>();

    SettingsReader(SettingSource source) {
        this.source = source;
    }

    /** A required text setting (blank counts as missing). */
    String string(String key) {
        return source.get(key).map(String::trim).orElseGet(() -> {
            missing(key);
            return "";
        });
    }

    /** A text setting that may be empty (e.g. a list or an optional override). */
    String optional(String key, String whenUnset) {
        return source.get(key).map(String::trim).orElse(whenUnset);
    }

    int integer(String key, int min, int max) {
        String raw = source.get(key).map(String::trim).orElse(null);
        if (raw == null) {
            missing(key);
            return min;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                problem(key, "must be between " + min + " and " + max + ", was " + value);
                return min;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(key, "must be a whole number between " + min + " and " + max + ", was '" + raw + "'");
            return min;
        }
    }

    double decimal(String key, double minExclusive, double max) {
        String raw = source.get(key).map(String::trim).orElse(null);
        if (raw == null) {
            missing(key);
            return max;
        }
        try {
            double value = Double.parseDouble(raw);
            if (!(value > minExclusive && value <= max)) {
                problem(key, "must be above " + minExclusive + " and at most " + max + ", was " + raw);
                return max;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(key, "must be a number such as 0.5, was '" + raw + "'");
            return max;
        }
    }

    boolean bool(String key) {
        String raw = source.get(key).map(String::trim).orElse(null);
        if (raw == null) {
            missing(key);
            return false;
        }
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        problem(key, "must be true or false, was '" + raw + "'");
        return false;
    }

    /** One of the given words (case-insensitive); returned lower case. */
    String oneOf(String key, String... words) {
        String raw = string(key);
        for (String w : words) {
            if (w.equalsIgnoreCase(raw)) {
                return w;
            }
        }
        if (!raw.isEmpty()) {
            problem(key, "must be one of " + String.join(", ", words) + ", was '" + raw + "'");
        }
        return words[0];
    }

    /** A Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year]). */
    String cron(String key) {
        String raw = string(key);
        if (!raw.isEmpty()) {
            try {
                CronExpression.validateExpression(raw);
            } catch (java.text.ParseException | RuntimeException e) {
                problem(key, "is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week,"
                        + " e.g. '0 * * * * ?' for every minute): '" + raw + "': " + e.getMessage());
            }
        }
        return raw;
    }

    Set<String> list(String key) {
        String raw = optional(key, "");
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    ZoneId zone(String key) {
        String raw = optional(key, null);
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

    private void missing(String key) {
        problem(key, "is not set; its default lives in config/application.properties: restore that line, or set the"
                + " environment variable");
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    void throwIfProblems(String intro) {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(intro, problems);
        }
    }
}
