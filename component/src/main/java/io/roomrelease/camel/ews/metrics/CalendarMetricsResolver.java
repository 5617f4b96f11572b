package io.roomrelease.camel.ews.metrics;

import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;

/**
 * Finds the {@link CalendarMetrics} for a Camel context: a single {@code CalendarMetrics} bean, else Micrometer meters
 * on the registry's {@code MeterRegistry} (the one named {@code metricsRegistry}, as camel-micrometer names it, or the
 * only one) when Micrometer is on the class path, else {@link CalendarMetrics#NONE}.
 */
public final class CalendarMetricsResolver {

    private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private CalendarMetricsResolver() {
    }

    public static CalendarMetrics resolve(CamelContext context) {
        Set<CalendarMetrics> beans = context.getRegistry().findByType(CalendarMetrics.class);
        if (beans.size() == 1) {
            return beans.iterator().next();
        }
        if (context.getClassResolver().resolveClass(METER_REGISTRY) != null) {
            CalendarMetrics m = Micrometer.fromRegistry(context);
            if (m != null) {
                return m;
            }
        }
        return CalendarMetrics.NONE;
    }

    /** Loaded only when Micrometer is present. */
    private static final class Micrometer {
        static CalendarMetrics fromRegistry(CamelContext context) {
            MeterRegistry named = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
            if (named != null) {
                return new MicrometerCalendarMetrics(named);
            }
            Set<MeterRegistry> all = context.getRegistry().findByType(MeterRegistry.class);
            return all.size() == 1 ? new MicrometerCalendarMetrics(all.iterator().next()) : null;
        }
    }
}
