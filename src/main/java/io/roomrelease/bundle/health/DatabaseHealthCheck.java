package io.roomrelease.bundle.health;

import java.sql.Connection;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: the store answers (a pooled connection that passes {@link Connection#isValid(int)}). */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private static final int VALID_SECONDS = 2;
    private final DataSource dataSource;

    public DatabaseHealthCheck(DataSource dataSource) {
        super("roomrelease", "database");
        this.dataSource = dataSource;
    }

    @Override
    public boolean isLiveness() {
        return false; // a restart does not bring a database back
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection c = dataSource.getConnection()) {
            if (c.isValid(VALID_SECONDS)) {
                builder.up();
            } else {
                builder.message("the store's connection is not valid").down();
            }
        } catch (Exception e) {
            builder.message("the store is unavailable: " + e.getClass().getSimpleName()).down();
        }
    }
}
