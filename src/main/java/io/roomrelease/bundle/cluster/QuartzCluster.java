package io.roomrelease.bundle.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.roomrelease.bundle.settings.ClusterSettings;

/**
 * Runs camel-quartz as a Quartz cluster over the store's own PostgreSQL pool (issue 12): a JDBC JobStore
 * ({@link JobStoreTX} with the {@link PostgreSQLDelegate}, {@code isClustered=true}) whose tables Flyway creates
 * ({@code db/vendor/postgresql/V5__quartz_cluster_tables.sql}, Quartz's own {@code tables_postgres.sql}). Every
 * instance schedules the same triggers ({@code quartz:roomrelease/sweep}, {@code quartz:roomrelease/nightly-cleanup});
 * the database row lock {@code TRIGGER_ACCESS} lets exactly one instance fire each tick, and an instance that stops
 * checking in has its triggers taken over by the others. Without a cluster (H2, the default) Quartz keeps its
 * triggers in memory (RAMJobStore) as before.
 */
public final class QuartzCluster {

    /** The name under which Quartz finds the store's pool. */
    static final String DATA_SOURCE = "roomReleaseStore";
    /** Every instance of one deployment shares this scheduler name (and so its rows in the QRTZ_ tables). */
    static final String SCHEDULER_NAME = "room-release";

    private static final Logger LOG = LoggerFactory.getLogger("roomrelease.cluster");

    private QuartzCluster() {
    }

    /** Configures the {@code quartz} component for the cluster when the settings ask for one; else leaves it alone. */
    public static void configure(CamelContext context, ClusterSettings settings, DataSource dataSource) {
        if (!settings.enabled()) {
            return;
        }
        // Quartz looks its data sources up by name; the store's HikariCP pool is the one it uses (no second pool)
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new StorePool(dataSource));
        // display calls keep a small share of the account's budget on every instance; the sweeping one uses the rest
        context.getCamelContextExtension().addInterceptStrategy(new DisplayShare(settings.displayShare()));
        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        quartz.setPrefixInstanceName(false);
        quartz.setProperties(properties(settings));
        LOG.info("Quartz runs as a cluster on the store's database (instance {}, check-in every {} ms, misfire after"
                + " {} ms): each sweep and cleanup fires on one instance; display calls keep {} request(s) of the"
                + " Exchange budget", settings.instanceId(), settings.checkinInterval().toMillis(),
                settings.misfireThreshold().toMillis(), settings.displayShare());
    }

    /** The Quartz properties of the cluster. */
    static Map<String, Object> properties(ClusterSettings settings) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.put("org.quartz.scheduler.instanceId", settings.instanceId());
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        p.put("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.put("org.quartz.threadPool.threadCount", "2");
        p.put("org.quartz.jobStore.class", JobStoreTX.class.getName());
        p.put("org.quartz.jobStore.driverDelegateClass", PostgreSQLDelegate.class.getName());
        p.put("org.quartz.jobStore.dataSource", DATA_SOURCE);
        p.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", Long.toString(settings.checkinInterval().toMillis()));
        p.put("org.quartz.jobStore.misfireThreshold", Long.toString(settings.misfireThreshold().toMillis()));
        // every fire takes the TRIGGER_ACCESS row lock (SELECT ... FOR UPDATE), also when acquiring triggers
        p.put("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    /** The store's pool as Quartz's connection provider; the pool's life is the bundle's, not Quartz's. */
    private record StorePool(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // closed with the CamelContext (RoomReleaseBeans)
        }

        @Override
        public void initialize() {
            // the pool is ready
        }
    }
}
