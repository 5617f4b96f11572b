package io.roomrelease.bundle.broker;

import java.util.Map;

import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.audit.AuditRecord;
import io.roomrelease.bundle.store.AuditOutboxStore;
import io.roomrelease.bundle.store.AuditOutboxStore.Pending;

/**
 * The audit outbox's two steps (routes/audit-outbound.camel.yaml): {@link #add} writes what is to be published to
 * the outbox table; {@link #publish}, on a timer, sends waiting records in order to {@code direct:audit-send} (which
 * sends to {@code roomrelease.audit.endpoint}) and marks each published only after the send returned. A send that
 * fails (broker down) leaves the record and all after it waiting; the next poll tries again.
 *
 * <p>Headers of each message: {@code _AMQ_DUPL_ID} (Artemis duplicate detection: the broker drops a second message
 * with the same id, so a crash between send and mark does not publish twice), {@code JMSXGroupID} (the room: a
 * consumer group keeps each room's records in order) and {@code roomreleaseOutboxId}.
 */
public final class AuditOutbox implements io.roomrelease.bundle.metrics.OutboxBacklog {

    /** Artemis's duplicate-detection header (org.apache.activemq.artemis.api.core.Message.HDR_DUPLICATE_DETECTION_ID). */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** The outbox row id of a published record. */
    public static final String OUTBOX_ID = "roomreleaseOutboxId";

    private static final Logger LOG = LoggerFactory.getLogger("roomrelease.audit");

    private final AuditOutboxStore store;
    private final ObjectMapper json;
    private final int batch;
    private final String sender;
    private final java.time.Duration retention;
    private final java.time.Clock clock;
    private volatile boolean failing;

    /**
     * @param sender    the deployment's name (camel.main.name), part of each duplicate-detection id so that two
     *                  deployments on one broker never drop each other's records
     * @param retention published records are deleted from the outbox this long after publication
     */
    public AuditOutbox(AuditOutboxStore store, ObjectMapper json, int batch, String sender,
                       java.time.Duration retention, java.time.Clock clock) {
        this.store = store;
        this.json = json;
        this.batch = batch;
        this.sender = sender;
        this.retention = retention;
        this.clock = clock;
    }

    /** Writes a record (or report) as JSON to the outbox. */
    public void add(@Body Object body) throws JsonProcessingException {
        String room = body instanceof AuditRecord r ? r.mailbox() : null;
        store.add(room, body instanceof String s ? s : json.writeValueAsString(body));
    }

    /** Publishes everything waiting, batch by batch, until the outbox is empty or a send fails; returns how many. */
    public int publish(Exchange exchange) {
        CamelContext context = exchange.getContext();
        ProducerTemplate producer = context.createProducerTemplate();
        int total = 0;
        try {
            while (true) {
                AuditOutboxStore.Result result = store.publishPending(batch, row -> send(producer, row));
                total += result.published();
                if (result.failure() != null) {
                    if (!failing) {
                        failing = true;
                        LOG.warn("The audit endpoint did not take a record ({}); {} record(s) wait in the outbox and "
                                + "are published in order once it is back", result.failure().getMessage(),
                                store.pending());
                    }
                    return total;
                }
                if (result.published() < batch) {
                    break;
                }
            }
        } finally {
            try {
                producer.stop();
            } catch (Exception e) {
                LOG.debug("Closing the outbox's producer template failed", e);
            }
        }
        if (total > 0) {
            store.purgePublished(clock.instant().minus(retention));
        }
        if (failing) {
            failing = false;
            LOG.info("The audit endpoint takes records again; the outbox is published");
        }
        return total;
    }

    /** How many records wait to be published. */
    @Override
    public long backlog() {
        return pending();
    }

    public long pending() {
        return store.pending();
    }

    private void send(ProducerTemplate producer, Pending row) throws Exception {
        Exchange sent = producer.send("direct:audit-send", e -> {
            e.getIn().setBody(row.payload());
            e.getIn().setHeaders(new java.util.HashMap<>(Map.of(
                    DUPLICATE_ID, sender + "-audit-" + row.id(),
                    OUTBOX_ID, row.id())));
            if (row.room() != null) {
                e.getIn().setHeader("JMSXGroupID", row.room());
            }
        });
        if (sent.getException() != null) {
            throw sent.getException();
        }
    }
}
