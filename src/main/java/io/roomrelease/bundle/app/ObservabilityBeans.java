package io.roomrelease.bundle.app;

import java.util.Set;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.roomrelease.bundle.health.DatabaseHealthCheck;
import io.roomrelease.bundle.health.ExchangeHealthCheck;
import io.roomrelease.bundle.settings.ReadinessSettings;
import io.roomrelease.bundle.metrics.OutboxBacklog;
import io.roomrelease.bundle.metrics.RoomReleaseMetrics;
import io.roomrelease.bundle.settings.SettingSource;

/**
 * Meters and readiness checks. One Prometheus registry, bound as {@code metricsRegistry} (camel-micrometer-prometheus
 * serves it at {@code /observe/metrics}; the {@code ews:} component finds it and adds its {@code ews.*} meters), the
 * bundle's {@link RoomReleaseMetrics} as {@code metrics}, and the readiness checks {@code roomrelease-database} and
 * {@code roomrelease-exchange} (served at {@code /observe/health/ready}).
 */
final class ObservabilityBeans {

    /** The name camel-micrometer looks a MeterRegistry up by. */
    static final String METER_REGISTRY = "metricsRegistry";

    private ObservabilityBeans() {
    }

    static RoomReleaseMetrics bind(CamelContext context, DataSource dataSource, SettingSource source) {
        Registry registry = context.getRegistry();
        MeterRegistry meters = registry.lookupByNameAndType(METER_REGISTRY, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(METER_REGISTRY, MeterRegistry.class, meters);
        }
        RoomReleaseMetrics metrics = new RoomReleaseMetrics(meters);
        registry.bind("metrics", metrics);
        registry.bind("roomReleaseDatabaseCheck", new DatabaseHealthCheck(dataSource));
        registry.bind("roomReleaseExchangeCheck",
                new ExchangeHealthCheck(ReadinessSettings.exchangeTimeout(source)));
        // the audit outbox (if any) is bound by then: its backlog becomes a gauge
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStarted(CamelContext started) {
                Set<OutboxBacklog> outboxes = started.getRegistry().findByType(OutboxBacklog.class);
                if (outboxes.size() == 1) {
                    metrics.outboxBacklog(outboxes.iterator().next());
                }
            }
        });
        return metrics;
    }
}
