package io.roomrelease.camel.ews.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Which metrics the component reports to: a CalendarMetrics bean, else Micrometer's registry, else none. */
class CalendarMetricsResolverTest {

    @Test
    void nothingBoundMeansNoMetrics() throws Exception {
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            assertThat(CalendarMetricsResolver.resolve(ctx)).isSameAs(CalendarMetrics.NONE);
        }
    }

    @Test
    void aMeterRegistryGivesMicrometerMeters() throws Exception {
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            ctx.getRegistry().bind("anyName", new SimpleMeterRegistry());
            assertThat(CalendarMetricsResolver.resolve(ctx)).isInstanceOf(MicrometerCalendarMetrics.class);
        }
    }

    @Test
    void aCalendarMetricsBeanWins() throws Exception {
        CalendarMetrics mine = new CalendarMetrics() {
        };
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            ctx.getRegistry().bind("metricsRegistry", new SimpleMeterRegistry());
            ctx.getRegistry().bind("myMetrics", mine);
            assertThat(CalendarMetricsResolver.resolve(ctx)).isSameAs(mine);
        }
    }

    @Test
    void outcomesAreShortAndBounded() throws Exception {
        assertThat(CalendarMetrics.outcomeOf(new IllegalArgumentException("x"))).isEqualTo("invalid_request");
        assertThat(CalendarMetrics.outcomeOf(new IllegalStateException("x"))).isEqualTo("error");
    }
}
