package io.roomrelease.bundle.report;

import java.util.List;

import org.apache.camel.CamelContext;

import io.roomrelease.bundle.settings.InvalidSettingsException;

/** The report settings (declared with their defaults in config/application.properties), range-checked. */
public final class ReportSettings {

    static final String OPEN_HOURS = "roomrelease.reports.open-hours-per-day";

    private ReportSettings() {
    }

    /** {@code roomrelease.reports.open-hours-per-day}: 1-24, the hours a room counts as open each day. */
    public static int openHoursPerDay(CamelContext context) {
        String raw = context.getPropertiesComponent().resolveProperty(OPEN_HOURS).orElse("");
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= 1 && v <= 24) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSettingsException("Room Release cannot start, fix these settings in"
                + " config/application.properties or the environment", List.of(OPEN_HOURS
                + " (ROOMRELEASE_REPORTS_OPEN_HOURS_PER_DAY) must be a whole number from 1 to 24, was '" + raw + "'"));
    }
}
