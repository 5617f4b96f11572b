package io.roomrelease.ews.simulator.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One mailbox's calendar, indexed for window queries: single items sorted by start (a window query
 * scans only items starting between {@code from - longest item} and {@code to}), and series masters
 * kept aside for expansion. Guarded by the store's lock.
 */
final class MailboxCalendar {
    private record Key(Instant start, long serial) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = start.compareTo(o.start);
            return c != 0 ? c : Long.compare(serial, o.serial);
        }
    }

    private final NavigableMap<Key, CalendarItem> singles = new TreeMap<>();
    private final List<CalendarItem> masters = new ArrayList<>(0);
    private Duration longest = Duration.ZERO;

    void add(CalendarItem item) {
        if (item.isMaster()) {
            masters.add(item);
            return;
        }
        singles.put(new Key(item.start, item.serial), item);
        Duration d = item.duration();
        if (d.compareTo(longest) > 0) {
            longest = d;
        }
    }

    void remove(CalendarItem item) {
        if (item.isMaster()) {
            masters.remove(item);
        } else {
            singles.remove(new Key(item.start, item.serial));
        }
    }

    /** Single items overlapping [from, to) (zero-length items at {@code from} count). */
    List<CalendarItem> singlesOverlapping(Instant from, Instant to) {
        return singlesOverlapping(from, to, false);
    }

    /**
     * Single items overlapping [from, to) (zero-length items at {@code from} count); with
     * {@code endAtFromCounts} also items that end exactly at {@code from} (Exchange's CalendarView).
     */
    List<CalendarItem> singlesOverlapping(Instant from, Instant to, boolean endAtFromCounts) {
        List<CalendarItem> out = new ArrayList<>();
        Key lo = new Key(from.minus(longest), Long.MIN_VALUE);
        Key hi = new Key(to, Long.MIN_VALUE);
        for (CalendarItem i : singles.subMap(lo, true, hi, false).values()) {
            if (i.end.isAfter(from) || (i.start.equals(from) && i.end.equals(from)) || (endAtFromCounts && i.end.equals(from))) {
                out.add(i);
            }
        }
        return out;
    }

    List<CalendarItem> masters() {
        return masters;
    }

    List<CalendarItem> all() {
        List<CalendarItem> out = new ArrayList<>(singles.values());
        out.addAll(masters);
        return out;
    }
}
