package io.roomrelease.camel.ews;

import java.time.Clock;

import io.roomrelease.camel.ews.backend.CalendarBackend;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * Polls room calendars (consumer) or performs calendar operations (producer) through Exchange Web Services.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "ews", title = "Exchange Web Services (EWS)", syntax = "ews:label",
             category = { Category.MAIL, Category.CLOUD }, headersClass = EwsConstants.class)
public class EwsEndpoint extends ScheduledPollEndpoint implements EndpointServiceLocation {

    /** Default poll delay: once a minute (EWS is throttled per account, so never poll in a tight loop). */
    static final long DEFAULT_DELAY = 60000;

    // ScheduledPollEndpoint's default delay is 500 ms, far too often for EWS: like camel-mail, the endpoint declares
    // its own default, so that the catalog and the running consumer agree; delay=... on the URI still overrides it
    @UriParam(label = "consumer,scheduler", defaultValue = "" + DEFAULT_DELAY, javaType = "java.time.Duration",
              description = "Milliseconds before the next poll. Exchange throttles each service account, so poll"
                            + " no more often than needed (a minute by default).")
    private long delay = DEFAULT_DELAY;

    @UriPath(description = "A free label for the endpoint, e.g. calendar.")
    @Metadata(required = true)
    private String label;
    @UriParam
    private EwsConfiguration configuration;

    private CalendarBackend backend;
    private Clock clock;

    public EwsEndpoint(String uri, EwsComponent component, String label, EwsConfiguration configuration) {
        super(uri, component);
        this.label = label;
        this.configuration = configuration;
        setDelay(DEFAULT_DELAY);
    }

    @Override
    public long getDelay() {
        return delay;
    }

    /** Milliseconds before the next poll. */
    @Override
    public void setDelay(long delay) {
        this.delay = delay;
        super.setDelay(delay);
    }

    @Override
    public EwsComponent getComponent() {
        return (EwsComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return new EwsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        EwsConsumer consumer = new EwsConsumer(this, processor);
        configureConsumer(consumer); // applies the endpoint's delay (DEFAULT_DELAY unless the URI says otherwise)
        return consumer;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        clock = configuration.getClock() != null ? configuration.getClock() : Clock.systemUTC();
        backend = getComponent().backendFor(configuration, clock);
    }

    @Override
    protected void doStop() throws Exception {
        backend = null; // accounts are shared and closed by the component
        super.doStop();
    }

    /** The backend the producer and consumer call (available once started). */
    public CalendarBackend getBackend() {
        if (backend == null) {
            throw new IllegalStateException("The endpoint " + getEndpointUri() + " is not started");
        }
        return backend;
    }

    public Clock getClock() {
        return clock != null ? clock : Clock.systemUTC();
    }

    @Override
    public String getServiceUrl() {
        return configuration.getUrl();
    }

    @Override
    public String getServiceProtocol() {
        return "ews";
    }

    public String getLabel() {
        return label;
    }

    /** A free label for the endpoint. */
    public void setLabel(String label) {
        this.label = label;
    }

    public EwsConfiguration getConfiguration() {
        return configuration;
    }

    /** The endpoint's options. */
    public void setConfiguration(EwsConfiguration configuration) {
        this.configuration = configuration;
    }
}
