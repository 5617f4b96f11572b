package io.roomrelease.bundle.app;

import java.time.Clock;
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
import io.roomrelease.bundle.metrics.RoomReleaseMetrics;
import io.roomrelease.bundle.display.DisplaySteps;
import io.roomrelease.bundle.display.DisplayRoomLocks;
import io.roomrelease.bundle.roompolicy.OrganizerMessages;
import io.roomrelease.bundle.roompolicy.RoomPolicies;
import io.roomrelease.bundle.roompolicy.RoomsFile;
import io.roomrelease.bundle.panel.RoomPolicyLookup;
import io.roomrelease.bundle.panel.RoomStatusSteps;
import io.roomrelease.bundle.report.ReportSettings;
import io.roomrelease.bundle.report.ReportSteps;
import io.roomrelease.bundle.security.ApiKeyAuthenticator;
import io.roomrelease.bundle.security.AuthFailureLimiter;
import io.roomrelease.bundle.settings.RoomReleaseSettings;
import io.roomrelease.bundle.settings.SettingSource;
import io.roomrelease.bundle.store.AuditStore;
import io.roomrelease.bundle.store.CheckInStore;
import io.roomrelease.bundle.store.Database;
import io.roomrelease.bundle.store.JdbcIdempotentRepository;
import io.roomrelease.bundle.store.DeltaCalendarStore;
import io.roomrelease.bundle.store.ReleaseLedgerStore;
import io.roomrelease.bundle.store.ReleasedSlotStore;
import io.roomrelease.bundle.store.SeriesOutcomeStore;
import io.roomrelease.bundle.store.WarningLedgerStore;
import io.roomrelease.bundle.sweep.DeltaCalendar;
import io.roomrelease.bundle.sweep.ReleaseLedger;
import io.roomrelease.bundle.sweep.CandidateRooms;
import io.roomrelease.bundle.sweep.OrganizerWarnings;
import io.roomrelease.bundle.sweep.RoomDirectory;
import io.roomrelease.bundle.sweep.SweepSteps;
import io.roomrelease.bundle.web.WebAssets;

/**
 * Binds the bundle's beans into Camel's registry under the names the YAML routes use: {@code sweep}, {@code rooms},
 * {@code checkIns}, {@code display}, {@code displayLocks}, {@code apiKeys}, {@code auditRecords}, {@code auditStore}, {@code auditQuery},
 * {@code cleanup}, {@code releaseKeys}, {@code releaseLedger}, {@code dryRunKeys}, {@code jsonMapper}, {@code sweepPool}, {@code freeBusyPool}, {@code clock} and
 * {@code dataSource}. Settings are read and validated first; the store schema is migrated with Flyway.
 */
public final class RoomReleaseBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("roomrelease");

    @Override
    public void configure(CamelContext context) {
        SettingSource source = SettingSource.of(context);
        RoomReleaseSettings settings = RoomReleaseSettings.load(source);
        // issue 13: the rooms file is checked before anything starts (file and line of each error)
        RoomPolicies roomPolicies = new RoomPolicies(settings.policy(), RoomsFile.read(settings.roomPolicy().roomsFile(),
                settings.roomLists(), settings.rooms()), settings.roomPolicy().warnBefore());
        Registry registry = context.getRegistry();
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        if (clock == null) {
            clock = Clock.systemDefaultZone();
            registry.bind("clock", Clock.class, clock);
        }
        DataSource dataSource = Database.dataSource(settings.dbUrl(), settings.dbUser(), settings.dbPassword(),
                settings.dbPoolSize());
        // the pool closes when Camel stops (after the routes, so the audit queue drains into the store first)
        try {
            context.addService(new org.apache.camel.support.service.ServiceSupport() {
                @Override
                protected void doStop() {
                    Database.close(dataSource);
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register the store's pool for shutdown: " + e.getMessage(), e);
        }
        int migrations = Database.migrate(dataSource);
        LOG.info("Store ready at {} ({} migration(s) applied)", settings.dbUrl(), migrations);

        ObjectMapper json = JsonMapper.create();
        CheckInStore checkInStore = new CheckInStore(dataSource, clock);
        // the transactional outbox: each audit record is written with its outbox row (JSON by this mapper), and with
        // the state change it records, in one transaction
        AuditStore auditStore = new AuditStore(dataSource, json, clock);
        SeriesOutcomeStore seriesOutcomes = new SeriesOutcomeStore(dataSource, auditStore, clock);
        ReleasedSlotStore slots = new ReleasedSlotStore(dataSource);
        JdbcIdempotentRepository releaseKeys = new JdbcIdempotentRepository(dataSource, "release", clock);
        DisplaySteps display = new DisplaySteps(settings, clock);
        ExecutorService sweepPool = context.getExecutorServiceManager().newFixedThreadPool(this, "RoomReleaseSweep",
                settings.sweep().concurrency());

        registry.bind("settings", settings);
        registry.bind("dataSource", DataSource.class, dataSource);
        registry.bind("jsonMapper", ObjectMapper.class, json);
        registry.bind("sweepPool", ExecutorService.class, sweepPool);
        // availability strategy: the free/busy batches run here, each waiting for its candidates' reads on sweepPool
        // (one pool for both could fill up with batches waiting for reads that have no thread left)
        registry.bind("freeBusyPool", ExecutorService.class, context.getExecutorServiceManager()
                .newFixedThreadPool(this, "RoomReleaseFreeBusy", settings.sweep().concurrency()));
        registry.bind("checkInStore", checkInStore);
        registry.bind("seriesOutcomes", seriesOutcomes);
        registry.bind("auditStore", auditStore);
        registry.bind("releaseKeys", releaseKeys);
        ReleaseLedgerStore releaseLedger = new ReleaseLedgerStore(dataSource, auditStore, slots, clock);
        WarningLedgerStore warnings = new WarningLedgerStore(dataSource, auditStore, clock);
        registry.bind("releaseLedger", new ReleaseLedger(releaseLedger, settings.serviceAccount(),
                settings.releasePendingTimeout(), clock));
        registry.bind("dryRunKeys", new JdbcIdempotentRepository(dataSource, "dry-run", clock));
        RoomReleaseMetrics metrics = ObservabilityBeans.bind(context, dataSource, source); // issue 12: meters, health
        registry.bind("sweep", new SweepSteps(settings, checkInStore, seriesOutcomes, clock)
                .withRoomPolicies(roomPolicies).withMetrics(metrics));
        registry.bind("rooms", new RoomDirectory(settings, clock));
        registry.bind("deltaCalendar", new DeltaCalendar(new DeltaCalendarStore(dataSource, clock)));
        registry.bind("candidates", new CandidateRooms(settings.policy().grace(),
                settings.sweep().availabilityCatchUp()).withRoomPolicies(roomPolicies)
                .withGuard(settings.releaseRatioGuard()));
        registry.bind("checkIns", new CheckInService(settings, checkInStore, json, clock)
                .withRoomPolicies(roomPolicies).withMetrics(metrics));
        registry.bind("display", display);
        registry.bind("apiKeys", new ApiKeyAuthenticator(settings.displayApiKeys(), settings.adminApiKeys(),
                new AuthFailureLimiter(settings.authFailuresPerClient(), settings.authFailureWindow(),
                        settings.authTrackedClients(), clock)));
        registry.bind("displayLocks", new DisplayRoomLocks(dataSource, clock, settings.displayLockWait(),
                settings.displayLockLease()));
        registry.bind("auditRecords", new AuditRecords(settings, clock));
        registry.bind("auditQuery", new AuditQuery(auditStore, display, clock));
        registry.bind("cleanup", new CleanupSteps(settings, seriesOutcomes, checkInStore, releaseKeys, auditStore, json,
                clock).withReleaseLedger(releaseLedger).withRoomPolicies(roomPolicies).withWarningLedger(warnings)
                .withReleasedSlots(slots));
        // --- issue 13: per-room policy (roomPolicies: the policy API), organizer messages, the warning before release
        OrganizerMessages messages = new OrganizerMessages(settings, roomPolicies);
        registry.bind("roomPolicies", roomPolicies);
        registry.bind("messages", messages);
        registry.bind("organizerWarnings", new OrganizerWarnings(warnings, roomPolicies,
                messages, settings.serviceAccount(), settings.storeSubjects(), clock));
        LOG.info("Policy: {}", roomPolicies);
        // issue 12: a Quartz cluster on PostgreSQL, the ESB broker and the audit outbox
        io.roomrelease.bundle.cluster.QuartzCluster.configure(context,
                io.roomrelease.bundle.settings.ClusterSettings.load(source), dataSource);
        io.roomrelease.bundle.settings.BrokerSettings broker = io.roomrelease.bundle.settings.BrokerSettings.load(source);
        io.roomrelease.bundle.broker.Broker.configure(context, broker);
        registry.bind("auditOutbox", new io.roomrelease.bundle.broker.AuditOutbox(
                new io.roomrelease.bundle.store.AuditOutboxStore(dataSource, clock, broker.outboxGapWait()), json,
                broker.outboxBatch(),
                context.getName(), broker.outboxRetention(), clock));
        // the default audit endpoint (route audit-default) writes a record the relay sends again after a crash once
        registry.bind("auditFileTail", new io.roomrelease.bundle.broker.AuditFileTail(java.nio.file.Path.of(
                context.getPropertiesComponent().resolveProperty("roomrelease.audit.file").orElse("data/audit"),
                "audit.jsonl"), 2 * broker.outboxBatch()));
        // the display panel's grace per room comes from the per-room policy
        bindDisplayPanelAndReports(context, settings, room -> roomPolicies.forRoom(room).grace(), slots,
                checkInStore, auditStore, clock);
        LOG.info("Settings: {}", settings);
    }

    // --- Room display panel, dashboard reports (issue 13) ------------------------------------------------------------
    // roomStatus (GET /api/rooms/{room}/status), reports (/api/reports/...), webAssets (/display/, /admin/). The room's
    // grace comes from the per-room policy.
    private static void bindDisplayPanelAndReports(CamelContext context, RoomReleaseSettings settings,
                                                   RoomPolicyLookup lookup, ReleasedSlotStore slots,
                                                   CheckInStore checkInStore, AuditStore auditStore, Clock clock) {
        Registry registry = context.getRegistry();
        registry.bind("roomStatus", new RoomStatusSteps(settings.policy(), lookup, checkInStore, clock));
        registry.bind("reports", new ReportSteps(auditStore, checkInStore, slots, settings.policy(),
                ReportSettings.openHoursPerDay(context), clock));
        registry.bind("webAssets", new WebAssets());
    }
}
