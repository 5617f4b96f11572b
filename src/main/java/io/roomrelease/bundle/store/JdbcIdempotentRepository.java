package io.roomrelease.bundle.store;

import static io.roomrelease.bundle.store.Database.toDb;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A durable Camel {@link IdempotentRepository} on JDBC: the release keys (item id + occurrence start) that make each
 * occurrence released at most once, even across restarts. Keys are kept per {@code processor} name, so that a
 * dry run ({@code dry-run}) and real releases ({@code release}) are remembered separately.
 */
@ManagedResource(description = "JDBC idempotent repository for release keys")
public final class JdbcIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final Jdbc jdbc;
    private final String processor;
    private final Clock clock;

    public JdbcIdempotentRepository(DataSource dataSource, String processor, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.processor = processor;
        this.clock = clock;
    }

    @Override
    public boolean add(String key) {
        try {
            return jdbc.update("INSERT INTO release_key (processor, message_id, created_at) VALUES (?, ?, ?)",
                    processor, key, toDb(clock.instant())) == 1;
        } catch (StoreException e) {
            if (Jdbc.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean contains(String key) {
        return !jdbc.query("SELECT 1 FROM release_key WHERE processor = ? AND message_id = ?", rs -> 1,
                processor, key).isEmpty();
    }

    @Override
    public boolean remove(String key) {
        return jdbc.update("DELETE FROM release_key WHERE processor = ? AND message_id = ?", processor, key) == 1;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        jdbc.update("DELETE FROM release_key WHERE processor = ?", processor);
    }

    /** Deletes keys older than the retention (of every processor); returns how many. */
    public int purgeOlderThan(Duration retention) {
        return jdbc.update("DELETE FROM release_key WHERE created_at < ?", toDb(clock.instant().minus(retention)));
    }

    /** The processor name keys are kept under. */
    public String processor() {
        return processor;
    }
}
