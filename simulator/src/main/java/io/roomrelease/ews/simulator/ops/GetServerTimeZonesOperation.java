package io.roomrelease.ews.simulator.ops;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.soap.EwsCall;
import io.roomrelease.ews.simulator.soap.EwsOperationHandler;
import io.roomrelease.ews.simulator.soap.WindowsTimeZones;

/**
 * GetServerTimeZones: the Windows time zones the server knows (CLDR's windowsZones, every id), all of them or those of
 * {@code m:Ids}; with {@code ReturnFullTimeZoneData} (default true) each carries its periods and the yearly
 * transitions between them, taken from the zone's current IANA rules (Exchange takes them from the Windows registry;
 * the two agree for the current rules of nearly every zone). An unknown id is an ErrorTimeZone response message.
 * Not modelled: Windows display names (Name reads "(UTC±hh:mm) &lt;IANA zone&gt;"), historical periods (only the
 * rules in force now).
 */
final class GetServerTimeZonesOperation implements EwsOperationHandler {

    @Override
    public String operation() {
        return "GetServerTimeZones";
    }

    @Override
    public Element handle(EwsCall call) {
        Document doc = call.responseDocument();
        Element request = call.request();
        boolean full = !"false".equals(Xml.attr(request, "ReturnFullTimeZoneData"))
                && !"0".equals(Xml.attr(request, "ReturnFullTimeZoneData"));
        Element[] holder = new Element[1];
        Element messages = Responses.envelope(doc, "GetServerTimeZonesResponse", holder);
        List<String> ids = new ArrayList<>();
        Xml.m(request, "Ids").ifPresentOrElse(e -> Xml.children(e, "Id").forEach(id -> ids.add(Xml.text(id))),
                () -> ids.addAll(WindowsTimeZones.windowsToIana().keySet()));
        List<String> unknown = ids.stream().filter(id -> WindowsTimeZones.windows(id).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            Element error = Responses.error(doc, "GetServerTimeZonesResponseMessage", "ErrorTimeZone",
                    "The time zone id(s) " + String.join(", ", unknown) + " are not Windows time zone ids this server knows.");
            Xml.addM(error, "TimeZoneDefinitions");
            messages.appendChild(error);
            return holder[0];
        }
        Element message = Responses.success(doc, "GetServerTimeZonesResponseMessage");
        Element definitions = Xml.addM(message, "TimeZoneDefinitions");
        Instant now = call.clock().instant();
        for (String id : ids) {
            ZoneId zone = WindowsTimeZones.windows(id).orElseThrow();
            definition(definitions, "TimeZoneDefinition", id, zone, now, full);
        }
        messages.appendChild(message);
        return holder[0];
    }

    /** Writes a t:TimeZoneDefinitionType element named {@code element} (e.g. TimeZoneDefinition, StartTimeZone). */
    static void definition(Element parent, String element, String id, ZoneId zone, Instant now, boolean full) {
        ZoneRules rules = zone.getRules();
        ZoneOffset standard = rules.getStandardOffset(now);
        Element d = Xml.addT(parent, element);
        d.setAttribute("Id", id);
        d.setAttribute("Name", "(UTC" + (standard.getTotalSeconds() == 0 ? "" : standard.getId()) + ") " + zone.getId());
        if (!full) {
            return;
        }
        String base = "trule:Microsoft/Registry/" + id + "/" + now.atZone(zone).getYear();
        List<ZoneOffsetTransitionRule> yearly = rules.getTransitionRules();
        Element periods = Xml.addT(d, "Periods");
        period(periods, standard, "Standard", base + "-Standard");
        ZoneOffsetTransitionRule toDaylight = null;
        ZoneOffsetTransitionRule toStandard = null;
        for (ZoneOffsetTransitionRule r : yearly) {
            if (r.getOffsetAfter().equals(r.getStandardOffset())) {
                toStandard = r;
            } else {
                toDaylight = r;
            }
        }
        boolean daylight = toDaylight != null && toStandard != null;
        if (daylight) {
            period(periods, toDaylight.getOffsetAfter(), "Daylight", base + "-Daylight");
        }
        Element groups = Xml.addT(d, "TransitionsGroups");
        Element group = Xml.addT(groups, "TransitionsGroup");
        group.setAttribute("Id", "0");
        if (daylight) {
            recurring(group, toDaylight, base + "-Daylight");
            recurring(group, toStandard, base + "-Standard");
        } else {
            to(Xml.addT(group, "Transition"), "Period", base + "-Standard");
        }
        Element transitions = Xml.addT(d, "Transitions");
        to(Xml.addT(transitions, "Transition"), "Group", "0");
    }

    private static void period(Element periods, ZoneOffset offset, String name, String id) {
        Element p = Xml.addT(periods, "Period");
        p.setAttribute("Bias", bias(offset));
        p.setAttribute("Name", name);
        p.setAttribute("Id", id);
    }

    /** {@code <t:RecurringDayTransition>}: the n-th (or last, -1) weekday of a month at a local wall time. */
    private static void recurring(Element group, ZoneOffsetTransitionRule r, String toPeriod) {
        Element t = Xml.addT(group, "RecurringDayTransition");
        to(t, "Period", toPeriod);
        LocalTime wall = switch (r.getTimeDefinition()) {
            case WALL -> r.getLocalTime();
            case STANDARD -> r.getLocalTime().plusSeconds(r.getOffsetBefore().getTotalSeconds()
                    - r.getStandardOffset().getTotalSeconds());
            case UTC -> r.getLocalTime().plusSeconds(r.getOffsetBefore().getTotalSeconds());
        };
        Xml.addT(t, "TimeOffset", "PT" + wall.getHour() + "H" + (wall.getMinute() == 0 ? "" : wall.getMinute() + "M"));
        Xml.addT(t, "Month", r.getMonth().getValue());
        DayOfWeek day = r.getDayOfWeek() != null ? r.getDayOfWeek() : DayOfWeek.SUNDAY;
        Xml.addT(t, "DayOfWeek", day.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        // "weekday on or after day N": the ((N-1)/7+1)-th one, or the last (-1) when N falls in the month's last week
        int dom = r.getDayOfMonthIndicator();
        boolean last = dom < 0 || dom > r.getMonth().minLength() - 7;
        Xml.addT(t, "Occurrence", last ? -1 : (dom - 1) / 7 + 1);
    }

    private static void to(Element parent, String kind, String target) {
        Element to = Xml.addT(parent, "To", target);
        to.setAttribute("Kind", kind);
    }

    /** Windows' bias as an xs:duration: minutes west of UTC (UTC-08:00 is PT8H, UTC+05:30 is -PT5H30M). */
    static String bias(ZoneOffset offset) {
        int minutes = -offset.getTotalSeconds() / 60;
        int abs = Math.abs(minutes);
        String text = "PT" + (abs / 60 > 0 || abs == 0 ? abs / 60 + "H" : "") + (abs % 60 > 0 ? abs % 60 + "M" : "");
        return (minutes < 0 ? "-" : "") + text;
    }
}
