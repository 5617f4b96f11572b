package io.roomrelease.camel.ews;

import java.io.InputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.roomrelease.camel.ews.backend.CalendarBackend;
import io.roomrelease.camel.ews.ews.EwsAccount;
import io.roomrelease.camel.ews.ews.EwsJavaApiBackend;
import io.roomrelease.camel.ews.ews.EwsSettingsFactory;
import io.roomrelease.camel.ews.graph.GraphBackend;
import io.roomrelease.camel.ews.graph.GraphClient;
import io.roomrelease.camel.ews.graph.GraphClients;
import io.roomrelease.camel.ews.metrics.CalendarMetrics;
import io.roomrelease.camel.ews.metrics.CalendarMetricsResolver;
import io.roomrelease.camel.ews.retry.Sleeper;
import io.roomrelease.camel.ews.xml.HardenedXmlInputFactory;
import io.roomrelease.camel.ews.xml.StaxDefaults;
import org.apache.camel.Endpoint;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.TypeConversionException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ews:} component: Exchange Web Services calendars with impersonation, pre-emptive authentication and
 * throttling-aware calls. Endpoints that use the same account share one pool of connections and one back-off.
 */
@Component("ews")
public class EwsComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(EwsComponent.class);

    @Metadata(description = "Options shared by every endpoint (each can be overridden on the endpoint).")
    private EwsConfiguration configuration = new EwsConfiguration();
    @Metadata(label = "security", defaultValue = "true",
              description = "Install a hardened StAX XMLInputFactory (no DTDs, no external entities) as the JVM"
                            + " default on start, so that every ews-java-api reader (including the streaming"
                            + " notification reader, which configures nothing) refuses hostile XML.")
    private boolean hardenXmlParsing = true;
    @Metadata(label = "advanced",
              description = "Where calls, busy replies, back-offs, requests on the wire, pooled clients and token"
                            + " requests are reported. Default: a single CalendarMetrics bean of the registry, else"
                            + " Micrometer meters (ews.*) when Micrometer is on the class path and the registry holds"
                            + " a MeterRegistry, else nothing.")
    private CalendarMetrics metrics;

    private final Map<String, EwsAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, GraphClient> graphClients = new ConcurrentHashMap<>();
    private Sleeper sleeper = Sleeper.THREAD_SLEEP;

    public EwsComponent() {
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        EwsConfiguration conf = configuration != null ? configuration.copy() : new EwsConfiguration();
        EwsEndpoint endpoint = new EwsEndpoint(uri, this, remaining, conf);
        try {
            setProperties(endpoint, parameters);
        } catch (PropertyBindingException e) {
            throw withAllowedValues(e);
        }
        return endpoint;
    }

    /**
     * An enum option (freeBusyView, accessMode, ...) given a value it does not have: an error that names the option
     * and the values it takes, which Camel's binding error does not. Any other binding error is returned as it is.
     */
    static RuntimeException withAllowedValues(PropertyBindingException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof TypeConversionException c && c.getToType() != null && c.getToType().isEnum()) {
                List<String> values = Arrays.stream(c.getToType().getEnumConstants()).map(String::valueOf).toList();
                return new IllegalArgumentException(e.getPropertyName() + ": '" + c.getValue() + "' is not one of "
                        + String.join(", ", values) + ". Fix: set " + e.getPropertyName() + " to one of them, e.g. "
                        + e.getPropertyName() + "=" + values.get(0) + ".", e);
            }
        }
        return e;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (hardenXmlParsing) {
            HardenedXmlInputFactory.install();
        }
        StaxDefaults.pinJdkOutputAndEventFactories();
    }

    @Override
    protected void doStop() throws Exception {
        accounts.values().forEach(EwsAccount::close);
        accounts.clear();
        graphClients.values().forEach(GraphClient::close);
        graphClients.clear();
        super.doStop();
    }

    /** The backend for an endpoint's configuration: the configured one, or EWS on the shared account. */
    CalendarBackend backendFor(EwsConfiguration conf, Clock clock) {
        if (conf.getBackend() != null) {
            return conf.getBackend();
        }
        EwsSettingsFactory.validate(conf);
        if (conf.isGraph()) {
            GraphClient client = graphClients.computeIfAbsent(EwsSettingsFactory.accountKey(conf),
                    k -> GraphClients.create(conf, clock, sleeper, defaultUserAgent(), getMetrics()));
            return new GraphBackend(client, conf.getPageSize(), clock);
        }
        EwsAccount account = accounts.computeIfAbsent(EwsSettingsFactory.accountKey(conf),
                k -> new EwsAccount(EwsSettingsFactory.create(conf, clock, defaultUserAgent()), clock, sleeper,
                        getMetrics()));
        if (account.settings().maxConcurrentRequests() != conf.getMaxConcurrentRequests()
                || account.settings().maxBackOff().toMillis() != conf.getMaxBackOff()
                || account.settings().connectionIdleTimeout().toMillis() != conf.getConnectionIdleTimeout()) {
            LOG.warn("Account {} is already in use with maxConcurrentRequests={}, maxBackOff={} and"
                     + " connectionIdleTimeout={}; this endpoint's maxConcurrentRequests={} maxBackOff={}ms"
                     + " connectionIdleTimeout={}ms are ignored (the cap, back-off and connection pool are per"
                     + " account). Set them component-wide (camel.component.ews.*) to keep them consistent.",
                    account.principal(), account.settings().maxConcurrentRequests(), account.settings().maxBackOff(),
                    account.settings().connectionIdleTimeout(), conf.getMaxConcurrentRequests(), conf.getMaxBackOff(),
                    conf.getConnectionIdleTimeout());
        }
        return new EwsJavaApiBackend(account, conf.getAccessMode(), conf.getConnectingIdType(), conf.getPageSize(),
                conf.getFreeBusyView(), clock);
    }

    /** The accounts in use (for monitoring and tests). */
    public Map<String, EwsAccount> accounts() {
        return Map.copyOf(accounts);
    }

    /** The Microsoft Graph clients in use, one per app registration (for monitoring and tests). */
    public Map<String, GraphClient> graphClients() {
        return Map.copyOf(graphClients);
    }

    /** {@code RoomRelease-camel-ews/<version>}. */
    public static String defaultUserAgent() {
        return "RoomRelease-camel-ews/" + version();
    }

    static String version() {
        try (InputStream in = EwsComponent.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (Exception e) {
            // fall through
        }
        return "dev";
    }

    public EwsConfiguration getConfiguration() {
        return configuration;
    }

    /** Options shared by every endpoint. */
    public void setConfiguration(EwsConfiguration configuration) {
        this.configuration = configuration;
    }

    public boolean isHardenXmlParsing() {
        return hardenXmlParsing;
    }

    /** Whether to install the hardened XMLInputFactory on start. */
    public void setHardenXmlParsing(boolean hardenXmlParsing) {
        this.hardenXmlParsing = hardenXmlParsing;
    }

    /**
     * The metrics every backend of this component reports to: the configured ones, else found in the registry when
     * the first account comes into use (after the application has bound its beans), never null.
     */
    public synchronized CalendarMetrics getMetrics() {
        if (metrics == null && getCamelContext() != null) {
            metrics = CalendarMetricsResolver.resolve(getCamelContext());
        }
        return metrics != null ? metrics : CalendarMetrics.NONE;
    }

    /** Where the backends report (default: found in the registry on start). */
    public void setMetrics(CalendarMetrics metrics) {
        this.metrics = metrics;
    }

    public Sleeper getSleeper() {
        return sleeper;
    }

    /** How the back-off waits (tests substitute a fake-clock sleeper). */
    public void setSleeper(Sleeper sleeper) {
        this.sleeper = sleeper;
    }
}
