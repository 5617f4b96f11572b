package io.roomrelease.bundle.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

/** The store's pool (HikariCP) and durable commits. */
class DatabaseTest {

    @Test
    void h2GetsDurableCommitsUnlessTheUrlSaysOtherwise() {
        assertThat(Database.h2Url("jdbc:h2:file:./data/rr")).isEqualTo("jdbc:h2:file:./data/rr;DB_CLOSE_DELAY=-1;WRITE_DELAY=0");
        assertThat(Database.h2Url("jdbc:h2:file:./data/rr;write_delay=100")).doesNotContain("WRITE_DELAY=0");
        assertThat(Database.h2Url("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;WRITE_DELAY=0");
    }

    @Test
    void h2FileIsPooledByHikariWithTheConfiguredSizeAndWritesEachCommit(@TempDir Path dir) throws Exception {
        HikariDataSource ds = Database.dataSource("jdbc:h2:file:" + dir.resolve("db/rr"), "sa", "", 7);
        try (ds) {
            assertThat(ds.getMaximumPoolSize()).isEqualTo(7);
            assertThat(Database.migrate(ds)).isPositive();
            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                         + "WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("0");
            }
        }
        assertThat(ds.isClosed()).isTrue();
    }

    @Test
    void postgresqlIsPooledWithSynchronousCommit() throws Exception {
        javax.sql.DataSource ds = StoreDatabases.freshPostgres();
        assertThat(ds).isInstanceOf(HikariDataSource.class);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("on");
        }
        Database.close(ds);
    }

    @Test
    void otherUrlsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> Database.dataSource("jdbc:mysql://x/y", "u", "p"))
                .hasMessageContaining("roomrelease.db.url");
    }
}
