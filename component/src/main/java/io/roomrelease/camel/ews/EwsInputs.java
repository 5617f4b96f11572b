package io.roomrelease.camel.ews;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import io.roomrelease.camel.ews.ews.EwsSettingsFactory;
import io.roomrelease.camel.ews.model.EwsEvent;
import org.apache.camel.Message;

/** Reads an operation's inputs from headers, the body and the endpoint options (headers win). */
final class EwsInputs {

    private final Message in;
    private final EwsConfiguration conf;
    private final Clock clock;

    EwsInputs(Message in, EwsConfiguration conf, Clock clock) {
        this.in = in;
        this.conf = conf;
        this.clock = clock;
    }

    private EwsEvent bodyEvent() {
        return in.getBody() instanceof EwsEvent e ? e : null;
    }

    /** CamelEwsMailbox, else the mailbox of an EwsEvent body, else the mailbox option. */
    String mailbox() {
        String h = in.getHeader(EwsConstants.MAILBOX, String.class);
        if (h != null && !h.isBlank()) {
            return h.trim();
        }
        EwsEvent e = bodyEvent();
        if (e != null && e.getMailbox() != null) {
            return e.getMailbox();
        }
        return conf.getMailbox();
    }

    /** CamelEwsItemId, else the id of an EwsEvent body, else a String body. */
    String itemId() {
        String h = in.getHeader(EwsConstants.ITEM_ID, String.class);
        if (h != null && !h.isBlank()) {
            return h.trim();
        }
        EwsEvent e = bodyEvent();
        if (e != null) {
            return e.getItemId();
        }
        return in.getBody() instanceof String s && !s.isBlank() ? s.trim() : null;
    }

    /** CamelEwsChangeKey, else the ChangeKey of an EwsEvent body (null: no ChangeKey check). */
    String changeKey() {
        String h = in.getHeader(EwsConstants.CHANGE_KEY, String.class);
        if (h != null && !h.isBlank()) {
            return h.trim();
        }
        EwsEvent e = bodyEvent();
        return e != null ? e.getChangeKey() : null;
    }

    String string(String header) {
        return in.getHeader(header, String.class);
    }

    boolean bool(String header) {
        Boolean b = in.getHeader(header, Boolean.class);
        return Boolean.TRUE.equals(b);
    }

    /** An instant header; accepts Instant, Date, ZonedDateTime, OffsetDateTime, epoch millis or ISO-8601 text. */
    Instant instant(String header) {
        Object v = in.getHeader(header);
        if (v == null) {
            return null;
        }
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof Date d) {
            return d.toInstant();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        String s = v.toString().trim();
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (RuntimeException e2) {
                throw new IllegalArgumentException("Header " + header + "='" + s + "' is not an instant. Fix: use an"
                                                   + " Instant or ISO-8601 text such as 2026-01-31T09:00:00Z.");
            }
        }
    }

    /** CamelEwsWindowStart, else now + windowStart. */
    Instant windowStart() {
        Instant h = instant(EwsConstants.WINDOW_START);
        return h != null ? h : clock.instant().plus(EwsSettingsFactory.duration(conf.getWindowStart(), "windowStart"));
    }

    /** CamelEwsWindowEnd, else now + windowEnd. */
    Instant windowEnd() {
        Instant h = instant(EwsConstants.WINDOW_END);
        return h != null ? h : clock.instant().plus(EwsSettingsFactory.duration(conf.getWindowEnd(), "windowEnd"));
    }

    /** A collection header, else a collection/array/comma-separated body. */
    List<String> addresses(String header, boolean bodyFallback) {
        Object v = in.getHeader(header);
        if (v == null && bodyFallback) {
            v = in.getBody();
        }
        return split(v);
    }

    static List<String> split(Object v) {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof Collection<?> c) {
            c.forEach(o -> out.addAll(split(o)));
        } else if (v instanceof Object[] arr) {
            for (Object o : arr) {
                out.addAll(split(o));
            }
        } else {
            for (String s : v.toString().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }
}
