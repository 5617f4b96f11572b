package io.roomrelease.ews.simulator.ops;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
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

    private SerializableTimeZone(int bias, Rule standard, Rule daylight) {
        this.bias = bias;
        this.standard = standard;
        this.daylight = daylight;
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
        return LOCAL.format(instant.atOffset(offsetAt(instant)).toLocalDateTime());
    }

    /** Reads a local time (an offset, if present, wins). */
    Instant instant(String value) {
        String v = value.trim();
        if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return java.time.OffsetDateTime.parse(v).toInstant();
        }
        LocalDateTime local = LocalDateTime.parse(v);
        Instant guess = local.toInstant(ZoneOffset.ofTotalSeconds(-bias * 60));
        return local.toInstant(offsetAt(guess));
    }
}
