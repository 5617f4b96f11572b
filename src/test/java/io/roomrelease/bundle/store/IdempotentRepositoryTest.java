package io.roomrelease.bundle.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.roomrelease.bundle.TestClock;

class IdempotentRepositoryTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void keysAreAddedOnceKeptPerProcessorAndSurviveANewInstance(String db) {
        DataSource ds = StoreDatabases.fresh(db);
        TestClock clock = TestClock.at("2026-03-02T09:00:00Z");
        JdbcIdempotentRepository release = new JdbcIdempotentRepository(ds, "release", clock);

        assertThat(release.add("item-1|2026-03-02T09:00:00Z")).isTrue();
        assertThat(release.add("item-1|2026-03-02T09:00:00Z")).isFalse();
        assertThat(release.contains("item-1|2026-03-02T09:00:00Z")).isTrue();
        assertThat(new JdbcIdempotentRepository(ds, "dry-run", clock).contains("item-1|2026-03-02T09:00:00Z"))
                .isFalse();
        // a restart: a new repository on the same database still knows the key
        assertThat(new JdbcIdempotentRepository(ds, "release", clock).add("item-1|2026-03-02T09:00:00Z")).isFalse();

        assertThat(release.remove("item-1|2026-03-02T09:00:00Z")).isTrue();
        assertThat(release.contains("item-1|2026-03-02T09:00:00Z")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void purgeDeletesOnlyKeysOlderThanTheRetention(String db) {
        DataSource ds = StoreDatabases.fresh(db);
        TestClock clock = TestClock.at("2026-03-02T09:00:00Z");
        JdbcIdempotentRepository repo = new JdbcIdempotentRepository(ds, "release", clock);
        repo.add("old");
        clock.advance(Duration.ofDays(20));
        repo.add("new");
        clock.advance(Duration.ofDays(15));

        assertThat(repo.purgeOlderThan(Duration.ofDays(30))).isEqualTo(1);
        assertThat(repo.contains("old")).isFalse();
        assertThat(repo.contains("new")).isTrue();
    }
}
