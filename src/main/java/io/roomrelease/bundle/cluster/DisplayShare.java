package io.roomrelease.bundle.cluster;

import java.util.concurrent.Semaphore;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * An instance's share of the Exchange budget for display calls (issue 12): Exchange counts concurrent requests per
 * service account across every instance, and only one instance of a cluster sweeps at a time. So every instance
 * keeps {@code camel.component.ews.max-concurrent-requests} (C) for whatever it runs, which the sweeping instance
 * uses for its sweep, while display calls (those made serving an HTTP request of the display API) are held to
 * {@code roomrelease.cluster.display-share} (D) at once on each instance. At most C + (N - 1) x D requests of the
 * account are then in flight across N instances.
 *
 * <p>Wraps every {@code to: ews:...} step; a call whose exchange did not come in over HTTP (sweep, cleanup) passes
 * straight through. A display call waits for one of the D permits, held until the call returns.
 */
public final class DisplayShare implements InterceptStrategy {

    private final Semaphore permits;
    private final int share;

    public DisplayShare(int share) {
        this.share = share;
        this.permits = new Semaphore(share, true);
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        if (definition instanceof ToDefinition to && to.getEndpointUri() != null
                && to.getEndpointUri().startsWith("ews:")) {
            return new Gate(target);
        }
        return target;
    }

    /** Display calls on this instance's wire now (for tests and metrics). */
    public int inUse() {
        return share - permits.availablePermits();
    }

    /** Whether the exchange serves a display API request (it came in over HTTP). */
    static boolean isDisplayCall(Exchange exchange) {
        Endpoint from = exchange.getFromEndpoint();
        return from != null && from.getEndpointUri().startsWith("platform-http:");
    }

    private final class Gate extends DelegateAsyncProcessor {
        Gate(Processor target) {
            super(target);
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            if (!isDisplayCall(exchange)) {
                return processor.process(exchange, callback);
            }
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.setException(e);
                callback.done(true);
                return true;
            }
            try {
                return processor.process(exchange, doneSync -> {
                    permits.release();
                    callback.done(doneSync);
                });
            } catch (RuntimeException e) {
                permits.release();
                throw e;
            }
        }

        @Override
        public String toString() {
            return "DisplayShare[" + share + "](" + processor + ")";
        }
    }
}
