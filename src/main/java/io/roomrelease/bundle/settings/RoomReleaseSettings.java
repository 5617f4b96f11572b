package io.roomrelease.bundle.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;

import io.roomrelease.bundle.policy.AbandonedMeetingPolicy;
import io.roomrelease.bundle.policy.MessageTemplate;
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
 * @param dbPoolSize            connections in the store's pool (HikariCP)
 * @param releasePendingTimeout a release claimed this long ago without a known outcome counts as UNKNOWN
 * @param storeSubjects         whether audit records keep meeting subjects (off by default)
 * @param displayApiKeys        hashed display keys, {@code room=hash} entries
 * @param adminApiKeys          hashed admin keys
 * @param displayMaxMinutes     longest extend / book-now the display API accepts
 * @param displayLockWait       how long a display action waits for its room's lock before answering 409
 * @param displayLockLease      how long a room's display lock is held at most (frees the lock of a crashed instance)
 * @param authFailuresPerClient failed authentications a client (remote address) may make per window before 429
 * @param authFailureWindow     the window of that limit
 * @param authTrackedClients    clients the limit remembers at most (bounds its memory)
 * @param sweep                 schedule, pace and strategy of the sweep (the routes read the same keys)
 * @param roomPolicy            the rooms file (per-room-list and per-room policy) and the warning before release
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
        int authTrackedClients,
        SweepSettings sweep,
        int dbPoolSize,
        Duration releasePendingTimeout,
        RoomPolicySettings roomPolicy) {

    /** Reads and validates every setting; throws {@link InvalidSettingsException} naming each bad one. */
    public static RoomReleaseSettings load(SettingSource source) {
        SettingsReader r = new SettingsReader(source);
        RoomReleaseSettings s = read(r);
        r.throwIfProblems(INTRO);
        return s;
    }

    /** Every problem of these settings, one line each naming the setting and its environment variable. */
    public static java.util.List<String> problems(SettingSource source) {
        SettingsReader r = new SettingsReader(source);
        read(r);
        return r.problems();
    }

    /** The first line of the start-up error that lists bad settings. */
    public static final String INTRO = "Room Release cannot start, fix these settings in config/application.properties"
            + " or the environment";

    private static RoomReleaseSettings read(SettingsReader r) {
        String serviceAccount = r.optional("roomrelease.service-account",
                r.optional("camel.component.ews.username", r.optional("camel.component.ews.client-id",
                        r.optional("camel.component.ews.clientId", "unknown-service-account"))));
        ZoneId zone = r.zone("roomrelease.time-zone");
        PolicySettings policy = new PolicySettings(
                Duration.ofMinutes(r.integer("roomrelease.policy.grace-minutes", 0, 240)),
                Duration.ofMinutes(r.integer("roomrelease.policy.checkin-opens-minutes", 0, 240)),
                Duration.ofMinutes(r.integer("roomrelease.policy.checkin-closes-minutes", 0, 240)),
                Duration.ofMinutes(r.integer("roomrelease.policy.late-booking-minutes", 0, 24 * 60)),
                Duration.ofHours(r.integer("roomrelease.policy.max-duration-hours", 1, 24 * 7)),
                r.list("roomrelease.policy.exempt-organizers"),
                r.list("roomrelease.rooms-without-display"),
                zone);
        String dataDir = r.string("roomrelease.data-dir");
        SweepSettings sweep = new SweepSettings(
                r.cron("roomrelease.sweep.cron"),
                r.integer("roomrelease.sweep.rate-per-second", 1, 100_000),
                r.integer("roomrelease.sweep.concurrency", 1, 256),
                r.bool("roomrelease.sweep.on-startup"),
                r.integer("roomrelease.sweep.on-startup-delay-ms", 0, 3_600_000),
                r.oneOf("roomrelease.sweep.strategy", "calendar", "availability", "delta"),
                Duration.ofMinutes(r.integer("roomrelease.sweep.availability-catch-up-minutes", 0, 24 * 60)),
                r.cron("roomrelease.cleanup.cron"));
        // read here so that a wrong value is named with the others (camel-main binds them itself)
        r.integer("camel.server.port", 0, 65_535);
        r.integer("camel.management.port", 0, 65_535);
        r.integer("camel.main.shutdown-timeout", 1, 3600);
        RoomReleaseSettings s = new RoomReleaseSettings(
                serviceAccount,
                r.list("roomrelease.rooms"),
                r.list("roomrelease.room-lists"),
                policy,
                r.bool("roomrelease.dry-run"),
                r.decimal("roomrelease.max-release-ratio", 0, 1),
                r.integer("roomrelease.guard-min-in-progress", 1, 100_000),
                r.integer("roomrelease.strikes", 1, 100),
                r.string("roomrelease.decline-message"),
                r.string("roomrelease.strikes-message"),
                Duration.ofHours(r.integer("roomrelease.sweep.look-back-hours", 1, 48)),
                Duration.ofMinutes(r.integer("roomrelease.sweep.look-ahead-minutes", 0, 24 * 60)),
                Duration.ofMinutes(r.integer("roomrelease.room-lists.refresh-minutes", 0, 7 * 24 * 60)),
                Duration.ofDays(r.integer("roomrelease.cleanup.checkin-retention-days", 1, 3650)),
                Duration.ofDays(r.integer("roomrelease.cleanup.release-key-retention-days", 1, 3650)),
                Duration.ofHours(r.integer("roomrelease.cleanup.report-period-hours", 1, 24 * 31)),
                Path.of(r.string("roomrelease.cleanup.report-dir")),
                Path.of(dataDir),
                r.string("roomrelease.db.url"),
                r.optional("roomrelease.db.user", ""),
                r.optional("roomrelease.db.password", ""),
                r.bool("roomrelease.audit.store-subjects"),
                r.list("roomrelease.display.api-keys"),
                r.list("roomrelease.display.admin-keys"),
                r.integer("roomrelease.display.max-minutes", 1, 24 * 60),
                Duration.ofMillis(r.integer("roomrelease.display.lock-wait-ms", 100, 60_000)),
                Duration.ofSeconds(r.integer("roomrelease.display.lock-lease-seconds", 10, 3600)),
                r.integer("roomrelease.display.auth-failures-per-client", 1, 10_000),
                Duration.ofSeconds(r.integer("roomrelease.display.auth-failure-window-seconds", 1, 86_400)),
                r.integer("roomrelease.display.auth-tracked-clients", 100, 1_000_000),
                sweep,
                r.integer("roomrelease.db.pool-size", 2, 1000),
                Duration.ofSeconds(r.integer("roomrelease.release.pending-timeout-seconds", 1, 86_400)),
                roomPolicy(r));
        // --- issue 13: messages name their numbers through placeholders
        template(r, "roomrelease.decline-message", s.declineMessage(), MessageTemplate.DECLINE);
        template(r, "roomrelease.strikes-message", s.strikesMessage(), MessageTemplate.STRIKES);
        template(r, "roomrelease.policy.warning-subject", s.roomPolicy().warningSubject(), MessageTemplate.WARNING);
        template(r, "roomrelease.policy.warning-message", s.roomPolicy().warningMessage(), MessageTemplate.WARNING);
        if ("delta".equals(sweep.strategy())) {
            String api = r.optional("camel.component.ews.api", "ews");
            if (!"graph".equalsIgnoreCase(api)) {
                r.problem("roomrelease.sweep.strategy", "= delta reads Microsoft Graph calendarView/delta, which EWS "
                        + "does not have (camel.component.ews.api is " + api + "): set camel.component.ews.api = graph "
                        + "(environment CAMEL_COMPONENT_EWS_API), or use the calendar or availability strategy");
            }
        }
        ReadinessSettings.exchangeTimeout(r); // issue 12: range-checked with the rest
        if (s.rooms().isEmpty() && s.roomLists().isEmpty()) {
            r.problem("roomrelease.rooms", "and roomrelease.room-lists are both empty: name at least one room "
                    + "mailbox or room list to sweep (environment ROOMRELEASE_ROOMS or ROOMRELEASE_ROOM_LISTS)");
        }
        return s;
    }

    /** Issue 13: the rooms file and the warning before release. */
    private static RoomPolicySettings roomPolicy(SettingsReader r) {
        return new RoomPolicySettings(
                Path.of(r.string("roomrelease.policy.rooms-file")),
                Duration.ofMinutes(r.integer("roomrelease.policy.warn-minutes", 0, 240)),
                r.string("roomrelease.policy.warning-subject"),
                r.string("roomrelease.policy.warning-message"));
    }

    private static void template(SettingsReader r, String key, String text, java.util.Set<String> allowed) {
        MessageTemplate.problems(text, allowed).forEach(p -> r.problem(key, p));
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
