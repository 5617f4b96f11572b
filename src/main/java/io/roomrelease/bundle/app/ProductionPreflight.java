package io.roomrelease.bundle.app;

import java.util.ArrayList;
import java.util.List;

import io.roomrelease.bundle.settings.InvalidSettingsException;
import io.roomrelease.bundle.settings.SettingSource;

/**
 * The production profile's start-up check: the real EWS URL and credentials must come from the environment (or
 * another property source). It names every missing setting and the environment variable that sets it.
 */
public final class ProductionPreflight {

    private ProductionPreflight() {
    }

    /** Throws {@link InvalidSettingsException} naming each missing setting. */
    public static void check(SettingSource s) {
        List<String> missing = new ArrayList<>();
        require(s, "camel.component.ews.url", "the EWS endpoint, e.g. https://mail.corp.example/EWS/Exchange.asmx",
                missing);
        boolean basic = s.get("camel.component.ews.username").isPresent() || s.get("camel.component.ews.password").isPresent();
        boolean oauth = s.get("camel.component.ews.client-id").isPresent() || s.get("camel.component.ews.tenant-id").isPresent()
                || s.get("camel.component.ews.client-secret").isPresent();
        if (oauth && !basic) {
            require(s, "camel.component.ews.tenant-id", "the Entra ID tenant of the OAuth app", missing);
            require(s, "camel.component.ews.client-id", "the OAuth app's client id", missing);
            require(s, "camel.component.ews.client-secret", "the OAuth app's client secret", missing);
        } else {
            require(s, "camel.component.ews.username", "the service account holding ApplicationImpersonation "
                    + "(or set the OAuth client-id, client-secret and tenant-id instead)", missing);
            require(s, "camel.component.ews.password", "the service account's password", missing);
        }
        if (s.get("roomrelease.rooms").isEmpty() && s.get("roomrelease.room-lists").isEmpty()) {
            missing.add("roomrelease.rooms or roomrelease.room-lists (environment ROOMRELEASE_ROOMS or "
                    + "ROOMRELEASE_ROOM_LISTS): the rooms to sweep");
        }
        if (!missing.isEmpty()) {
            throw new InvalidSettingsException("The production profile cannot start: these settings are missing", missing);
        }
    }

    private static void require(SettingSource s, String key, String what, List<String> missing) {
        if (s.get(key).isEmpty()) {
            missing.add(key + " (environment " + SettingSource.environmentVariable(key) + "): " + what);
        }
    }
}
