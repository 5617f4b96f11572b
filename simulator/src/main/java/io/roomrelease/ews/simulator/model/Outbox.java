package io.roomrelease.ews.simulator.model;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.roomrelease.ews.simulator.model.AuditEntry.LogonType;

/**
 * What the simulated Exchange leaves behind besides calendars: the messages it "sent" (meeting requests,
 * responses, updates, cancellations) and the mailbox audit log of non-owner access. Thread-safe on its
 * own, so calendar reads may record audit entries under the store's shared lock.
 */
final class Outbox {
    /** The audit log keeps the newest entries up to this many (Exchange keeps 90 days; benchmarks make millions of calls). */
    static final int AUDIT_LOG_LIMIT = 1_000_000;

    private final Clock clock;
    private final Directory directory;
    private final List<SentMessage> sent = new ArrayList<>();
    private final ArrayDeque<AuditEntry> audit = new ArrayDeque<>();

    Outbox(Clock clock, Directory directory) {
        this.clock = clock;
        this.directory = directory;
    }

    List<SentMessage> sentMessages() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    List<AuditEntry> auditLog() {
        synchronized (audit) {
            return List.copyOf(audit);
        }
    }

    void send(SentMessage.Kind kind, String from, List<String> to, String subject, String body, String uid,
            String referenceItemId, Instant occurrence, Instant now) {
        SentMessage message = new SentMessage(UUID.randomUUID().toString(), kind, from, to, kind.subjectPrefix() + subject,
                body, uid, referenceItemId, occurrence, now);
        synchronized (sent) {
            sent.add(message);
        }
    }

    /** Records an access to {@code mailbox} by someone other than its owner (owner access is not logged). */
    void audit(Access access, String mailbox, String operation, String itemId, AuditEntry.Result result, String detail) {
        if (mailbox.equalsIgnoreCase(access.account())) {
            return;
        }
        LogonType type = access.impersonated() && mailbox.equalsIgnoreCase(access.actingMailbox())
                ? LogonType.Impersonation : LogonType.Delegate;
        log(new AuditEntry(clock.instant(), access.account(), directory.canonicalAddress(mailbox), operation, itemId,
                result, type, access.requestId(), detail));
    }

    void recordFailedAccess(String actor, String mailbox, String operation, LogonType logonType,
            String clientRequestId, String errorCode) {
        log(new AuditEntry(clock.instant(), actor, mailbox, operation, null, AuditEntry.Result.Failed,
                logonType, clientRequestId, errorCode));
    }

    private void log(AuditEntry entry) {
        synchronized (audit) {
            audit.addLast(entry);
            if (audit.size() > AUDIT_LOG_LIMIT) {
                audit.removeFirst();
            }
        }
    }
}
