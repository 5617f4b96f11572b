package io.roomrelease.bundle.app;

import java.util.ArrayList;
import java.util.List;

import io.roomrelease.bundle.settings.InvalidSettingsException;
import io.roomrelease.bundle.settings.SettingSource;

/**
 * The production profile's start-up check. The EWS options are judged by the {@code ews:} component's own validation
 * (so the two cannot disagree: OAuth with {@code tokenUrl} alone is as valid here as it is to the component); on top,
 * production needs rooms to sweep and refuses plain http. Every problem names the setting and its environment
 * variable.
 */
public final class ProductionPreflight {

    private ProductionPreflight() {
    }

    /** Throws {@link InvalidSettingsException} naming each missing or wrong setting. */
    public static void check(SettingSource s) {
        List<String> problems = new ArrayList<>(EwsOptions.problems(s));
        problems.addAll(productionOnly(s));
        if (s.get("roomrelease.rooms").isEmpty() && s.get("roomrelease.room-lists").isEmpty()) {
            problems.add("roomrelease.rooms or roomrelease.room-lists (environment ROOMRELEASE_ROOMS or "
                    + "ROOMRELEASE_ROOM_LISTS): the rooms to sweep");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("The production profile cannot start, fix these settings", problems);
        }
    }

    /** What production asks beyond the component's and the bundle's own checks. */
    static List<String> productionOnly(SettingSource s) {
        List<String> problems = new ArrayList<>();
        if (s.get("camel.component.ews.allow-insecure-http").map(v -> v.trim().equalsIgnoreCase("true")).orElse(false)) {
            problems.add("camel.component.ews.allow-insecure-http (environment CAMEL_COMPONENT_EWS_ALLOW_INSECURE_HTTP)"
                    + " is true: plain http is for the local simulator only; production speaks https (TLS 1.2+)");
        }
        return problems;
    }
}
