package io.roomrelease.bundle.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;

import io.roomrelease.bundle.policy.AbandonedMeetingPolicy;
import io.roomrelease.bundle.policy.PolicySettings;
import io.roomrelease.bundle.policy.ReleaseRatioGuard;
import io.roomrelease.bundle.policy.StrikesPolicy;

/**
 * Every setting the Java side of the bundle reads, bound from {@code config/application.properties} (and the
 * profile file, the environment, system properties). The routes read their own settings (crons, endpoints, rates)
 * as {@code {{placeholders}}}. Defaults are those of DESIGN §2.
 *
 * @param serviceAccount        the account EWS calls run as, written to audit records
 * @param rooms                 room mailboxes to sweep
 * @param roomLists             room lists whose rooms are swept too
 * @param policy                abandoned-meeting policy settings
 * @param dryRun                log and audit decisions without acting
 * @param maxReleaseRatio       the sweep guard's limit
 * @param guardMinInProgress    the guard only judges sweeps with at least this many meetings in progress
 * @param strikes               consecutive no-shows that decline a series
 * @param declineMessage        the message the organizer receives with a release
 * @param strikesMessage        the message the organizer receives when a series is declined
 * @param lookBack              the sweep looks for meetings that started up to this long ago
 * @param lookAhead             ... and that start within this long
 * @param roomListRefresh       how long the rooms read from the room lists are reused before reading them again
 *                              (zero: on every sweep)
 * @param checkInRetention      check-ins older than this are purged
 * @param releaseKeyRetention   release idempotency keys older than this are purged
 * @param reportPeriod          the nightly report covers this period before the run
 * @param reportDir             folder of the nightly per-room reports
 * @param dataDir               folder of the embedded database and files
 * @param dbUrl                 JDBC URL of the store
 * @param dbUser                JDBC user
 * @param dbPassword            JDBC password (never logged)
 * @param storeSubjects         whether audit records keep meeting subjects (off by default)
 * @param displayApiKeys        hashed display keys, {@code room=hash} entries
 * @param adminApiKeys          hashed admin keys
 * @param displayMaxMinutes     longest extend / book-now the display API accepts
 * @param displayLockWait       how long a display action waits for its room's lock before answering 409
 * @param displayLockLease      how long a room's display lock is held at most (frees the lock of a crashed instance)
 * @param authFailuresPerClient failed authentications a client (remote address) may make per window before 429
 * @param authFailureWindow     the window of that limit
 * @param authTrackedClients    clients the limit remembers at most (bounds its memory)
 */
public record RoomReleaseSettings(
        String serviceAccount,
        Set<String> rooms,
        Set<String> roomLists,
        PolicySettings policy,
        boolean dryRun,
        double maxReleaseRatio,
        int guardMinInProgress,
        int strikes,
        String declineMessage,
        String strikesMessage,
        Duration lookBack,
        Duration lookAhead,
        Duration roomListRefresh,
        Duration checkInRetention,
        Duration releaseKeyRetention,
        Duration reportPeriod,
        Path reportDir,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        boolean storeSubjects,
        Set<String> displayApiKeys,
        Set<String> adminApiKeys,
        int displayMaxMinutes,
        Duration displayLockWait,
        Duration displayLockLease,
        int authFailuresPerClient,
        Duration authFailureWindow,
        int authTrackedClients) {

    /** Reads and validates every setting; throws {@link InvalidSettingsException} naming each bad one. */
    public static RoomReleaseSettings load(SettingSource source) {
        SettingsReader r = new SettingsReader(source);
        String serviceAccount = r.string("roomrelease.service-account",
                r.string("camel.component.ews.username", r.string("camel.component.ews.client-id",
                        r.string("camel.component.ews.clientId", "unknown-service-account"))));
        ZoneId zone = r.zone("roomrelease.time-zone");
        PolicySettings policy = new PolicySettings(
                Duration.ofMinutes(r.integer("roomrelease.policy.grace-minutes", 15, 0, 240)),
                Duration.ofMinutes(r.integer("roomrelease.policy.checkin-opens-minutes", 15, 0, 240)),
                Duration.ofMinutes(r.integer("roomrelease.policy.checkin-closes-minutes", 15, 0, 240)),
                Duration.ofMinutes(r.integer("roomrelease.policy.late-booking-minutes", 10, 0, 24 * 60)),
                Duration.ofHours(r.integer("roomrelease.policy.max-duration-hours", 8, 1, 24 * 7)),
                r.list("roomrelease.policy.exempt-organizers"),
                r.list("roomrelease.rooms-without-display"),
                zone);
        double ratio = r.decimal("roomrelease.max-release-ratio", 0.5);
        if (!(ratio > 0 && ratio <= 1)) {
            r.problem("roomrelease.max-release-ratio", "must be above 0 and at most 1, was " + ratio);
            ratio = 0.5;
        }
        String dataDir = r.string("roomrelease.data-dir", "data");
        RoomReleaseSettings s = new RoomReleaseSettings(
                serviceAccount,
                r.list("roomrelease.rooms"),
                r.list("roomrelease.room-lists"),
                policy,
                r.bool("roomrelease.dry-run", false),
                ratio,
                r.integer("roomrelease.guard-min-in-progress", 5, 1, 100_000),
                r.integer("roomrelease.strikes", 3, 1, 100),
                r.string("roomrelease.decline-message", "Nobody checked in to this meeting, so the room has been "
                        + "released for others."),
                r.string("roomrelease.strikes-message", "Nobody checked in to the last meetings of this series, so "
                        + "the room has declined the series. Book again when you need the room."),
                Duration.ofHours(r.integer("roomrelease.sweep.look-back-hours", 8, 1, 48)),
                Duration.ofMinutes(r.integer("roomrelease.sweep.look-ahead-minutes", 15, 0, 24 * 60)),
                Duration.ofMinutes(r.integer("roomrelease.room-lists.refresh-minutes", 60, 0, 7 * 24 * 60)),
                Duration.ofDays(r.integer("roomrelease.cleanup.checkin-retention-days", 30, 1, 3650)),
                Duration.ofDays(r.integer("roomrelease.cleanup.release-key-retention-days", 90, 1, 3650)),
                Duration.ofHours(r.integer("roomrelease.cleanup.report-period-hours", 24, 1, 24 * 31)),
                Path.of(r.string("roomrelease.cleanup.report-dir", dataDir + "/reports")),
                Path.of(dataDir),
                r.string("roomrelease.db.url", "jdbc:h2:file:./" + dataDir + "/roomrelease;AUTO_SERVER=FALSE"),
                r.string("roomrelease.db.user", "sa"),
                r.string("roomrelease.db.password", ""),
                r.bool("roomrelease.audit.store-subjects", false),
                r.list("roomrelease.display.api-keys"),
                r.list("roomrelease.display.admin-keys"),
                r.integer("roomrelease.display.max-minutes", 240, 1, 24 * 60),
                Duration.ofMillis(r.integer("roomrelease.display.lock-wait-ms", 10_000, 100, 60_000)),
                Duration.ofSeconds(r.integer("roomrelease.display.lock-lease-seconds", 120, 10, 3600)),
                r.integer("roomrelease.display.auth-failures-per-client", 10, 1, 10_000),
                Duration.ofSeconds(r.integer("roomrelease.display.auth-failure-window-seconds", 60, 1, 86_400)),
                r.integer("roomrelease.display.auth-tracked-clients", 10_000, 100, 1_000_000));
        if (s.rooms().isEmpty() && s.roomLists().isEmpty()) {
            r.problem("roomrelease.rooms", "and roomrelease.room-lists are both empty: name at least one room "
                    + "mailbox or room list to sweep");
        }
        r.throwIfProblems("Room Release cannot start, fix these settings in config/application.properties or the "
                + "environment");
        return s;
    }

    /** The abandoned-meeting policy configured by these settings. */
    public AbandonedMeetingPolicy abandonedMeetingPolicy() {
        return new AbandonedMeetingPolicy(policy);
    }

    /** The sweep guard configured by these settings. */
    public ReleaseRatioGuard releaseRatioGuard() {
        return new ReleaseRatioGuard(maxReleaseRatio, guardMinInProgress);
    }

    /** The strikes policy configured by these settings. */
    public StrikesPolicy strikesPolicy() {
        return new StrikesPolicy(strikes);
    }

    @Override
    public String toString() {
        return "RoomReleaseSettings[serviceAccount=" + serviceAccount + ", rooms=" + rooms + ", roomLists=" + roomLists
                + ", dryRun=" + dryRun + ", dbUrl=" + dbUrl + ", policy=" + policy + "]";
    }
}
