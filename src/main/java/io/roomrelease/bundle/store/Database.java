package io.roomrelease.bundle.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Creates the store's {@link DataSource} (H2 or PostgreSQL) and brings its schema up to date with Flyway. */
public final class Database {

    private Database() {
    }

    /** Pooled H2 sessions: enough for the sweep's parallel steps (at most 25) and the display API. */
    static final int H2_POOL_SIZE = 40;

    /**
     * A data source for the JDBC URL. H2 file databases get their folder created and stay open for the life of the
     * JVM ({@code DB_CLOSE_DELAY=-1}) and are reached through H2's connection pool.
     *
     * @throws IllegalArgumentException for a URL that is neither H2 nor PostgreSQL
     */
    public static DataSource dataSource(String url, String user, String password) {
        if (url.startsWith("jdbc:h2:")) {
            createH2Folder(url);
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(url.contains("DB_CLOSE_DELAY") ? url : url + ";DB_CLOSE_DELAY=-1");
            ds.setUser(user);
            ds.setPassword(password);
            // A session per call costs a lock on the database and a fresh parse of every statement (measured: a
            // fifth of the sweep's CPU at 25 rooms in parallel); H2's own pool keeps sessions and their parsed SQL.
            JdbcConnectionPool pool = JdbcConnectionPool.create(ds);
            pool.setMaxConnections(H2_POOL_SIZE);
            return pool;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(url);
            ds.setUser(user);
            ds.setPassword(password);
            return ds;
        }
        throw new IllegalArgumentException("roomrelease.db.url must be an H2 (jdbc:h2:...) or PostgreSQL "
                + "(jdbc:postgresql://...) JDBC URL, was '" + url + "'");
    }

    /** Applies the Flyway migrations in {@code db/migration}; returns how many ran. */
    public static int migrate(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate()
                .migrationsExecuted;
    }

    /** Checks that the database answers, for health checks. */
    public static boolean isReachable(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    static OffsetDateTime toDb(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant fromDb(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.ZonedDateTime zdt) {
            return zdt.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type from the database: " + value.getClass());
    }

    private static void createH2Folder(String url) {
        String rest = url.substring("jdbc:h2:".length());
        if (!rest.startsWith("file:")) {
            return;
        }
        String path = rest.substring("file:".length()).split(";", 2)[0];
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create the data folder " + parent + " for the H2 database: "
                    + e.getMessage() + ". Set roomrelease.data-dir or roomrelease.db.url to a writable place.", e);
        }
    }
}
