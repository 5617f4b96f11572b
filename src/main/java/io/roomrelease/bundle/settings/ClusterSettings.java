package io.roomrelease.bundle.settings;

import java.time.Duration;

/**
 * Settings of a cluster of bundle instances on one PostgreSQL database (issue 12): Quartz keeps its triggers in the
 * database (JDBC JobStore, clustered) so that each sweep and the nightly cleanup fire on exactly one instance, and
 * another instance takes over when it dies.
 *
 * @param enabled         run Quartz as a cluster over the store's database (PostgreSQL only)
 * @param instanceId      this instance's name in the cluster; {@code AUTO} lets Quartz make one (host name + time)
 * @param checkinInterval how often an instance tells the others it is alive; a silent instance is taken over after
 *                        about twice this
 * @param misfireThreshold a fire time missed by more than this (e.g. while an instance was being taken over) counts as
 *                        misfired: the sweep then runs once at once instead of once per missed tick
 * @param displayShare    display calls (display API) each instance has with Exchange at once; the sweeping instance
 *                        uses the rest of camel.component.ews.max-concurrent-requests for its sweep
 */
public record ClusterSettings(boolean enabled, String instanceId, Duration checkinInterval,
                              Duration misfireThreshold, int displayShare) {

    /** Reads and validates the {@code roomrelease.cluster.*} settings; throws naming every bad one. */
    public static ClusterSettings load(SettingSource source) {
        SettingsReader r = new SettingsReader(source);
        boolean enabled = r.bool("roomrelease.cluster.enabled");
        ClusterSettings s = new ClusterSettings(enabled,
                r.optional("roomrelease.cluster.instance-id", "AUTO").isEmpty() ? "AUTO"
                        : r.optional("roomrelease.cluster.instance-id", "AUTO"),
                Duration.ofMillis(r.integer("roomrelease.cluster.checkin-interval-ms", 1000, 60_000)),
                Duration.ofMillis(r.integer("roomrelease.cluster.misfire-threshold-ms", 1000, 3_600_000)),
                r.integer("roomrelease.cluster.display-share", 1, 26));
        if (enabled) {
            String url = r.string("roomrelease.db.url");
            if (!url.startsWith("jdbc:postgresql:")) {
                r.problem("roomrelease.cluster.enabled", "is true but roomrelease.db.url is not PostgreSQL ('"
                        + url.split("[;?]", 2)[0] + "'): a cluster keeps its schedule in a database every instance "
                        + "shares, and H2 is the single-instance store. Point ROOMRELEASE_DB_URL at PostgreSQL "
                        + "(jdbc:postgresql://host/db) or set ROOMRELEASE_CLUSTER_ENABLED=false");
            }
            if (r.bool("roomrelease.sweep.on-startup")) {
                r.problem("roomrelease.sweep.on-startup", "is true in a cluster: every instance would sweep when it "
                        + "starts, outside the cluster's schedule. Set ROOMRELEASE_SWEEP_ON_STARTUP=false");
            }
            int cap = r.integer("camel.component.ews.max-concurrent-requests", 1, 27);
            if (s.displayShare() >= cap) {
                r.problem("roomrelease.cluster.display-share", "(" + s.displayShare() + ") must be below "
                        + "camel.component.ews.max-concurrent-requests (" + cap + "), the instance's whole budget, "
                        + "which the sweeping instance uses for its sweep");
            }
        }
        r.throwIfProblems(RoomReleaseSettings.INTRO);
        return s;
    }
}
