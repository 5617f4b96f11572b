package io.roomrelease.ews.simulator.ops;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

import org.w3c.dom.Element;

/**
 * The availability service's {@code t:TimeZone}: a bias (UTC = local + bias, in minutes) with standard
 * and daylight transition rules (month, week of month 1–5 where 5 is the last, day of week, time).
 */
final class SerializableTimeZone {
    private record Rule(int bias, int month, int dayOrder, DayOfWeek day, LocalTime time) {
    }

    private static final java.time.format.DateTimeFormatter LOCAL = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private final int bias;
    private final Rule standard;
    private final Rule daylight;
    /** When the zone came from TimeZoneContext instead of a t:TimeZone: its rules. */
    private final ZoneId zone;

    private SerializableTimeZone(int bias, Rule standard, Rule daylight) {
        this(bias, standard, daylight, null);
    }

    private SerializableTimeZone(int bias, Rule standard, Rule daylight, ZoneId zone) {
        this.bias = bias;
        this.standard = standard;
        this.daylight = daylight;
        this.zone = zone;
    }

    /** The zone of the request's TimeZoneContext, used when the body carries no t:TimeZone. */
    static SerializableTimeZone of(ZoneId zone) {
        return new SerializableTimeZone(0, null, null, zone);
    }

    /**
     * Writes {@code zone} as a t:TimeZone (SerializableTimeZone): the standard bias, and the yearly transitions when
     * the zone has daylight time (otherwise both rules are empty, month 0, as Exchange writes them).
     */
    static void write(Element timeZone, ZoneId zone, Instant at) {
        java.time.zone.ZoneRules rules = zone.getRules();
        ZoneOffset std = rules.getStandardOffset(at);
        Xml.addT(timeZone, "Bias", -std.getTotalSeconds() / 60);
        java.time.zone.ZoneOffsetTransitionRule toStandard = null;
        java.time.zone.ZoneOffsetTransitionRule toDaylight = null;
        for (java.time.zone.ZoneOffsetTransitionRule r : rules.getTransitionRules()) {
            if (r.getOffsetAfter().equals(r.getStandardOffset())) {
                toStandard = r;
            } else {
                toDaylight = r;
            }
        }
        boolean dst = toStandard != null && toDaylight != null;
        time(Xml.addT(timeZone, "StandardTime"), dst ? toStandard : null, 0);
        time(Xml.addT(timeZone, "DaylightTime"), dst ? toDaylight : null,
                dst ? -(toDaylight.getOffsetAfter().getTotalSeconds() - std.getTotalSeconds()) / 60 : 0);
    }

    private static void time(Element e, java.time.zone.ZoneOffsetTransitionRule r, int bias) {
        Xml.addT(e, "Bias", bias);
        if (r == null) {
            Xml.addT(e, "Time", "00:00:00");
            Xml.addT(e, "DayOrder", 0);
            Xml.addT(e, "Month", 0);
            Xml.addT(e, "DayOfWeek", "Sunday");
            return;
        }
        LocalTime wall = switch (r.getTimeDefinition()) {
            case WALL -> r.getLocalTime();
            case STANDARD -> r.getLocalTime().plusSeconds(r.getOffsetBefore().getTotalSeconds()
                    - r.getStandardOffset().getTotalSeconds());
            case UTC -> r.getLocalTime().plusSeconds(r.getOffsetBefore().getTotalSeconds());
        };
        int dom = r.getDayOfMonthIndicator();
        Xml.addT(e, "Time", wall.toString().length() == 5 ? wall + ":00" : wall.toString());
        Xml.addT(e, "DayOrder", dom < 0 || dom > r.getMonth().minLength() - 7 ? 5 : (dom - 1) / 7 + 1);
        Xml.addT(e, "Month", r.getMonth().getValue());
        DayOfWeek day = r.getDayOfWeek() != null ? r.getDayOfWeek() : DayOfWeek.SUNDAY;
        Xml.addT(e, "DayOfWeek", day.getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH));
    }

    static SerializableTimeZone utc() {
        return new SerializableTimeZone(0, null, null);
    }

    static SerializableTimeZone parse(Element tz) {
        int bias = Xml.t(tz, "Bias").map(e -> Integer.parseInt(Xml.text(e))).orElse(0);
        Rule std = Xml.t(tz, "StandardTime").map(SerializableTimeZone::rule).orElse(null);
        Rule dst = Xml.t(tz, "DaylightTime").map(SerializableTimeZone::rule).orElse(null);
        if (std == null || dst == null || std.month() == 0 || dst.month() == 0) {
            return new SerializableTimeZone(bias + (std == null ? 0 : std.bias()), null, null);
        }
        return new SerializableTimeZone(bias, std, dst);
    }

    private static Rule rule(Element e) {
        int bias = Xml.t(e, "Bias").map(x -> Integer.parseInt(Xml.text(x))).orElse(0);
        LocalTime time = Xml.t(e, "Time").map(x -> LocalTime.parse(Xml.text(x))).orElse(LocalTime.MIDNIGHT);
        int month = Xml.t(e, "Month").map(x -> Integer.parseInt(Xml.text(x))).orElse(0);
        int order = Xml.t(e, "DayOrder").map(x -> Integer.parseInt(Xml.text(x))).orElse(1);
        DayOfWeek day = Xml.t(e, "DayOfWeek").map(x -> DayOfWeek.valueOf(Xml.text(x).toUpperCase(Locale.ROOT)))
                .orElse(DayOfWeek.SUNDAY);
        return new Rule(bias, month, order, day, time);
    }

    /** The UTC offset at an instant. */
    ZoneOffset offsetAt(Instant instant) {
        if (zone != null) {
            return zone.getRules().getOffset(instant);
        }
        if (standard == null) {
            return ZoneOffset.ofTotalSeconds(-bias * 60);
        }
        int year = instant.atOffset(ZoneOffset.ofTotalSeconds(-bias * 60)).getYear();
        Instant toDaylight = transition(daylight, year, bias + standard.bias());
        Instant toStandard = transition(standard, year, bias + daylight.bias());
        boolean inDaylight = toDaylight.isBefore(toStandard)
                ? !instant.isBefore(toDaylight) && instant.isBefore(toStandard)
                : !(instant.isBefore(toDaylight) && !instant.isBefore(toStandard));
        int total = bias + (inDaylight ? daylight.bias() : standard.bias());
        return ZoneOffset.ofTotalSeconds(-total * 60);
    }

    private static Instant transition(Rule r, int year, int biasBefore) {
        LocalDate first = LocalDate.of(year, r.month(), 1);
        LocalDate date = r.dayOrder() >= 5 ? first.with(TemporalAdjusters.lastInMonth(r.day()))
                : first.with(TemporalAdjusters.dayOfWeekInMonth(r.dayOrder(), r.day()));
        return LocalDateTime.of(date, r.time()).toInstant(ZoneOffset.ofTotalSeconds(-biasBefore * 60));
    }

    /** Local wall-clock time, written WITHOUT offset as Exchange's availability service does. */
    String local(Instant instant) {
        return LOCAL.format(localDateTime(instant));
    }

    /** The wall-clock time of an instant in this zone. */
    LocalDateTime localDateTime(Instant instant) {
        return instant.atOffset(offsetAt(instant)).toLocalDateTime();
    }

    /** Writes a wall-clock time of this zone without offset. */
    static String format(LocalDateTime local) {
        return LOCAL.format(local);
    }

    /** Reads a local time (an offset, if present, wins). */
    Instant instant(String value) {
        String v = value.trim();
        if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return java.time.OffsetDateTime.parse(v).toInstant();
        }
        return instant(LocalDateTime.parse(v));
    }

    /** The instant of a wall-clock time of this zone. */
    Instant instant(LocalDateTime local) {
        if (zone != null) {
            return local.atZone(zone).toInstant();
        }
        Instant guess = local.toInstant(ZoneOffset.ofTotalSeconds(-bias * 60));
        return local.toInstant(offsetAt(guess));
    }
}
