package io.roomrelease.bundle.broker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent repository of the default audit endpoint (route {@code audit-default}): its keys are the last lines
 * of the JSON-lines audit file itself, so that a record the outbox relay sends again after a crash (it was written to
 * the file, but the kill came before the relay's commit marked it published) is not written twice.
 *
 * <p>The relay sends records in outbox order and marks a batch published in one commit after the batch was sent, so a
 * kill leaves at most one batch written but unmarked, at the end of the file; the restarted relay sends that batch
 * again, first. Keeping the last {@code size} lines (at least one batch) therefore recognises every record sent again,
 * and only those: two audit records are never byte-identical (each carries its time, room, item and operation).
 *
 * <p>On start it also repairs a line torn by the kill (the file does not end with a new line): the torn record was
 * not marked published (the mark comes after the write returned), so the tail is cut back to the last whole line and
 * the record is written again, whole, when the relay sends it again.
 */
public final class AuditFileTail extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(AuditFileTail.class);

    private final Path file;
    private final int size;
    private final Deque<String> order = new ArrayDeque<>();
    private final Set<String> lines = new HashSet<>();

    /**
     * @param file the audit file ({@code roomrelease.audit.file}/audit.jsonl)
     * @param size how many of its last lines to remember (at least the relay's batch)
     */
    public AuditFileTail(Path file, int size) {
        this.file = file;
        this.size = Math.max(1, size);
    }

    @Override
    protected void doStart() throws IOException {
        clear();
        if (!Files.exists(file)) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long whole = lastLineEnd(f);
            if (whole < f.length()) {
                LOG.warn("The audit file {} ended in a line torn by a crash ({} bytes): cut back to its last whole "
                        + "line; the record is written again, whole, when the outbox sends it again", file,
                        f.length() - whole);
                f.setLength(whole);
                f.getFD().sync();
            }
            for (String line : lastLines(f, whole, size)) {
                remember(line);
            }
        }
    }

    @Override
    protected void doStop() {
        clear();
    }

    @Override
    public synchronized boolean add(String key) {
        if (lines.contains(key)) {
            LOG.info("An audit record sent again after a restart is already in {}: not written twice", file);
            return false;
        }
        remember(key);
        return true;
    }

    @Override
    public synchronized boolean contains(String key) {
        return lines.contains(key);
    }

    @Override
    public synchronized boolean remove(String key) {
        if (!lines.remove(key)) {
            return false;
        }
        order.remove(key);
        return true;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public synchronized void clear() {
        order.clear();
        lines.clear();
    }

    private void remember(String line) {
        if (lines.add(line)) {
            order.addLast(line);
            while (order.size() > size) {
                lines.remove(order.removeFirst());
            }
        }
    }

    /** The offset just after the file's last new line (0 if it has none). */
    private static long lastLineEnd(RandomAccessFile f) throws IOException {
        long pos = f.length();
        byte[] buf = new byte[8192];
        while (pos > 0) {
            int n = (int) Math.min(buf.length, pos);
            pos -= n;
            f.seek(pos);
            f.readFully(buf, 0, n);
            for (int i = n - 1; i >= 0; i--) {
                if (buf[i] == '\n') {
                    return pos + i + 1;
                }
            }
        }
        return 0;
    }

    /** The last {@code count} whole lines before {@code end}, oldest first. */
    private static java.util.List<String> lastLines(RandomAccessFile f, long end, int count) throws IOException {
        long start = end;
        int newLines = 0;
        byte[] buf = new byte[8192];
        // walk back until count + 1 new lines were seen (the one ending the line before the first we keep)
        search:
        while (start > 0) {
            int n = (int) Math.min(buf.length, start);
            f.seek(start - n);
            f.readFully(buf, 0, n);
            for (int i = n - 1; i >= 0; i--) {
                if (buf[i] == '\n' && ++newLines > count) {
                    start = start - n + i + 1;
                    break search;
                }
            }
            start -= n;
        }
        byte[] tail = new byte[(int) (end - start)];
        f.seek(start);
        f.readFully(tail);
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String line : new String(tail, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "AuditFileTail[" + file + ", last " + size + " lines]";
    }
}
