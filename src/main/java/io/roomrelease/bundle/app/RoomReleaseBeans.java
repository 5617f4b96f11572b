package io.roomrelease.bundle.app;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.audit.AuditRecords;
import io.roomrelease.bundle.checkin.CheckInService;
import io.roomrelease.bundle.cleanup.CleanupSteps;
import io.roomrelease.bundle.display.AuditQuery;
import io.roomrelease.bundle.display.DisplaySteps;
import io.roomrelease.bundle.security.ApiKeyAuthenticator;
import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.bundle.settings.SettingSource;
import io.roomrelease.bundle.store.AuditStore;
import io.roomrelease.bundle.store.CheckInStore;
import io.roomrelease.bundle.store.Database;
import io.roomrelease.bundle.store.JdbcIdempotentRepository;
import io.roomrelease.bundle.store.SeriesOutcomeStore;
import io.roomrelease.bundle.sweep.CandidateRooms;
import io.roomrelease.bundle.sweep.RoomDirectory;
import io.roomrelease.bundle.sweep.SweepSteps;

/**
 * Binds the bundle's beans into Camel's registry under the names the YAML routes use: {@code sweep}, {@code rooms},
 * {@code checkIns}, {@code display}, {@code apiKeys}, {@code auditRecords}, {@code auditStore}, {@code auditQuery},
 * {@code cleanup}, {@code releaseKeys}, {@code dryRunKeys}, {@code jsonMapper}, {@code sweepPool}, {@code clock} and
 * {@code dataSource}. Settings are read and validated first; the store schema is migrated with Flyway.
 */
public final class RoomReleaseBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("roomrelease");

    @Override
    public void configure(CamelContext context) {
        SettingSource source = SettingSource.of(context);
        if ("production".equals(source.get("roomrelease.profile").orElse(""))) {
            ProductionPreflight.check(source);
        }
        RoomReleaseSettings settings = RoomReleaseSettings.load(source);
        Registry registry = context.getRegistry();
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        if (clock == null) {
            clock = Clock.systemDefaultZone();
            registry.bind("clock", Clock.class, clock);
        }
        DataSource dataSource = Database.dataSource(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        int migrations = Database.migrate(dataSource);
        LOG.info("Store ready at {} ({} migration(s) applied)", settings.dbUrl(), migrations);

        ObjectMapper json = JsonMapper.create();
        CheckInStore checkInStore = new CheckInStore(dataSource, clock);
        SeriesOutcomeStore seriesOutcomes = new SeriesOutcomeStore(dataSource, clock);
        AuditStore auditStore = new AuditStore(dataSource);
        JdbcIdempotentRepository releaseKeys = new JdbcIdempotentRepository(dataSource, "release", clock);
        DisplaySteps display = new DisplaySteps(settings, clock);
        int concurrency = Integer.parseInt(source.get("roomrelease.sweep.concurrency").orElse("4"));
        ExecutorService sweepPool = context.getExecutorServiceManager().newFixedThreadPool(this, "RoomReleaseSweep",
                Math.max(1, concurrency));

        registry.bind("settings", settings);
        registry.bind("dataSource", DataSource.class, dataSource);
        registry.bind("jsonMapper", ObjectMapper.class, json);
        registry.bind("sweepPool", ExecutorService.class, sweepPool);
        registry.bind("checkInStore", checkInStore);
        registry.bind("seriesOutcomes", seriesOutcomes);
        registry.bind("auditStore", auditStore);
        registry.bind("releaseKeys", releaseKeys);
        registry.bind("dryRunKeys", new JdbcIdempotentRepository(dataSource, "dry-run", clock));
        registry.bind("sweep", new SweepSteps(settings, checkInStore, seriesOutcomes, clock));
        registry.bind("rooms", new RoomDirectory(settings, clock));
        registry.bind("candidates", candidateRooms(source, settings));
        registry.bind("checkIns", new CheckInService(settings, checkInStore, json, clock));
        registry.bind("display", display);
        registry.bind("apiKeys", new ApiKeyAuthenticator(settings.displayApiKeys(), settings.adminApiKeys()));
        registry.bind("auditRecords", new AuditRecords(settings, clock));
        registry.bind("auditQuery", new AuditQuery(auditStore, display, clock));
        registry.bind("cleanup", new CleanupSteps(settings, seriesOutcomes, checkInStore, releaseKeys, auditStore, json,
                clock));
        LOG.info("Settings: {}", settings);
    }

    /** The availability strategy's candidate rule; also validates roomrelease.sweep.strategy at start-up. */
    private static CandidateRooms candidateRooms(SettingSource source, RoomReleaseSettings settings) {
        CandidateRooms.Strategy.of(source.get("roomrelease.sweep.strategy").orElse("calendar"));
        String catchUp = source.get("roomrelease.sweep.availability-catch-up-minutes").orElse("10");
        try {
            return new CandidateRooms(settings.policy().grace(), Duration.ofMinutes(Long.parseLong(catchUp.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("roomrelease.sweep.availability-catch-up-minutes must be a whole number"
                    + " of minutes, was '" + catchUp + "'");
        }
    }
}
