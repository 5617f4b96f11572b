package io.roomrelease.bundle.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.roomrelease.camel.ews.EwsException;

/**
 * Readiness: Exchange answers an authenticated, cheap call as the service account - {@code listRoomLists} through the
 * {@code ews:} component, so the URL, TLS trust, credentials and the account's back-off are the sweep's own. Down
 * when it fails or does not answer within {@code roomrelease.health.exchange-timeout-ms}; the message names the
 * exception type (never the URL or a credential).
 */
public final class ExchangeHealthCheck extends AbstractHealthCheck {

    static final String PROBE = "ews:readiness?operation=listRoomLists";
    private final Duration timeout;
    private ProducerTemplate template;

    public ExchangeHealthCheck(Duration timeout) {
        super("roomrelease", "exchange");
        this.timeout = timeout;
    }

    @Override
    public boolean isLiveness() {
        return false; // a restart does not bring Exchange back
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CompletableFuture<Object> answer = template().asyncRequestBody(PROBE, null);
        try {
            answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            builder.up();
        } catch (TimeoutException e) {
            answer.cancel(true);
            builder.message("Exchange did not answer within " + timeout.toMillis() + " ms").down();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.message("interrupted").down();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof EwsException) && cause.getCause() != null
                    && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String code = cause instanceof EwsException ews && ews.responseCode() != null
                    ? " (" + ews.responseCode() + ")" : "";
            builder.message("Exchange is not reachable: " + (cause == null ? "unknown" : cause.getClass()
                    .getSimpleName()) + code).down();
        }
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = getCamelContext().createProducerTemplate();
        }
        return template;
    }
}
