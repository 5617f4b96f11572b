package io.roomrelease.bundle.settings;

import java.time.Duration;

/** The readiness checks' settings (range-checked with every other setting by {@link RoomReleaseSettings}). */
public final class ReadinessSettings {

    private ReadinessSettings() {
    }

    /** {@code roomrelease.health.exchange-timeout-ms}: how long the Exchange check waits for its answer. */
    public static Duration exchangeTimeout(SettingSource source) {
        SettingsReader r = new SettingsReader(source);
        Duration d = exchangeTimeout(r);
        r.throwIfProblems(RoomReleaseSettings.INTRO);
        return d;
    }

    static Duration exchangeTimeout(SettingsReader r) {
        return Duration.ofMillis(r.integer("roomrelease.health.exchange-timeout-ms", 100, 60_000));
    }
}
