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

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Creates the store's pooled {@link DataSource} (HikariCP on H2 or PostgreSQL) and brings its schema up to date with Flyway. */
public final class Database {

    private Database() {
    }

    /** Default size of the connection pool: enough for the sweep's parallel steps (up to 32) and the display API. */
    public static final int DEFAULT_POOL_SIZE = 40;

    /**
     * A pooled data source (HikariCP) for the JDBC URL, with {@link #DEFAULT_POOL_SIZE} connections.
     *
     * @see #dataSource(String, String, String, int)
     */
    public static HikariDataSource dataSource(String url, String user, String password) {
        return dataSource(url, user, password, DEFAULT_POOL_SIZE);
    }

    /**
     * A pooled data source (HikariCP) for the JDBC URL; close it on shutdown. Commits are durable: an acknowledged
     * commit survives kill -9 of the JVM.
     * <ul>
     *   <li>H2: file databases get their folder created, stay open for the life of the JVM
     *   ({@code DB_CLOSE_DELAY=-1}) and write each commit to the file before it returns ({@code WRITE_DELAY=0};
     *   H2's default of 500 ms loses the last half second of committed rows on a crash). A URL that names
     *   {@code WRITE_DELAY} itself is kept as it is.</li>
     *   <li>PostgreSQL: {@code synchronous_commit=on} for the pool's sessions, whatever the server's default.</li>
     * </ul>
     *
     * @throws IllegalArgumentException for a URL that is neither H2 nor PostgreSQL
     */
    public static HikariDataSource dataSource(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("roomrelease-store");
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(poolSize, 2));
        config.setConnectionTimeout(30_000);
        if (url.startsWith("jdbc:h2:")) {
            createH2Folder(url);
            config.setJdbcUrl(h2Url(url));
            config.setDriverClassName("org.h2.Driver");
        } else if (url.startsWith("jdbc:postgresql:")) {
            config.setJdbcUrl(url);
            config.setDriverClassName("org.postgresql.Driver");
            // durable commits even when the server (or a role) was set to synchronous_commit=off
            config.setConnectionInitSql("SET synchronous_commit = on");
        } else {
            throw new IllegalArgumentException("roomrelease.db.url must be an H2 (jdbc:h2:...) or PostgreSQL "
                    + "(jdbc:postgresql://...) JDBC URL, was '" + url + "'");
        }
        return new HikariDataSource(config);
    }

    /** The H2 URL with the bundle's settings added: open for the JVM's life, durable commits. */
    static String h2Url(String url) {
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        String out = url;
        if (!upper.contains("DB_CLOSE_DELAY")) {
            out += ";DB_CLOSE_DELAY=-1";
        }
        if (!upper.contains("WRITE_DELAY")) {
            out += ";WRITE_DELAY=0";
        }
        return out;
    }

    /** Closes a pool made by {@link #dataSource}; anything else is left alone. */
    public static void close(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari && !hikari.isClosed()) {
            hikari.close();
        }
    }

    /**
     * Applies the Flyway migrations in {@code db/migration} (portable SQL) and, on PostgreSQL,
     * {@code db/vendor/postgresql} (Quartz's cluster tables); returns how many ran.
     */
    public static int migrate(DataSource dataSource) {
        java.util.List<String> locations = new java.util.ArrayList<>(java.util.List.of("classpath:db/migration"));
        try (Connection c = dataSource.getConnection()) {
            if ("PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
                locations.add("classpath:db/vendor/postgresql");
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot reach the store to migrate its schema: " + e.getMessage(), e);
        }
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
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

    /** An instant as the stores write it (UTC offset). */
    public static OffsetDateTime toDb(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A timestamp column as an instant, whatever type the driver returns. */
    public static Instant fromDb(Object value) {
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
