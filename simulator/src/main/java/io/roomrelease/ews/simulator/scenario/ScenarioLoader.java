package io.roomrelease.ews.simulator.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.roomrelease.ews.simulator.graph.GraphSettings;
import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.model.PermissionLevel;
import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.model.ResponseType;
import io.roomrelease.ews.simulator.model.Room;
import io.roomrelease.ews.simulator.model.RoomList;
import io.roomrelease.ews.simulator.model.ThrottlingSettings;
import io.roomrelease.ews.simulator.model.User;

/**
 * Reads scenarios from YAML or JSON. Times are ISO-8601 instants ({@code 2026-03-02T09:00:00Z}) or
 * durations relative to the clock's now at load ({@code -PT20M}, {@code P1DT2H}). Unknown keys and bad
 * values fail with a message naming the file, the key and the fix.
 */
final class ScenarioLoader {

    record ThrottlingDto(Integer maxConcurrency, Integer budgetBurst, Double budgetRechargePerSecond, Long backOffMillis) {
    }

    record AccountDto(String logon, String password, String clientId, String clientSecret, Boolean impersonation,
            List<String> impersonationScope, List<String> delegateGrants) {
    }

    record RoomListDto(String email, String name, List<String> rooms) {
    }

    record RoomDto(String email, String name, Integer capacity, String building, Boolean hasDisplay) {
    }

    record UserDto(String email, String name) {
    }

    record RecurrenceDto(String pattern, Integer interval, List<String> daysOfWeek, String firstDayOfWeek,
            String endDate, Integer numberOfOccurrences) {
    }

    record MeetingDto(String subject, String organizer, List<String> attendees, List<String> optionalAttendees,
            List<String> rooms, String start, String duration, String end, String created, Boolean allDay,
            RecurrenceDto recurrence, String roomResponse, String location, String body, List<String> tags) {
    }

    record FileDto(String organisation, String timeZone, ThrottlingDto throttling, List<AccountDto> accounts,
            List<RoomListDto> roomLists, List<RoomDto> rooms, List<UserDto> users, List<MeetingDto> meetings,
            String defaultRoomPermission, String defaultUserPermission, Map<String, String> permissions, GraphDto graph) {
    }

    /** {@code graph: {scope: rooms | all | [addresses]}}: the mailboxes Graph apps may reach. */
    record GraphDto(Object scope) {
    }

    private ScenarioLoader() {
    }

    static Scenario load(Path file, Clock clock) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("scenario file " + file.toAbsolutePath()
                    + " does not exist or is not a file; pass the path of a .yaml, .yml or .json scenario");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString(), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario file " + file + ": " + e.getMessage(), e);
        }
    }

    static Scenario loadResource(String resource, Clock clock) {
        try (InputStream in = ScenarioLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("scenario resource " + resource + " is missing from the classpath; rebuild the simulator");
            }
            return parse(in, "classpath:" + resource, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario resource " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Parses YAML (a superset of JSON, so JSON files parse too). */
    static Scenario parse(InputStream in, String name, Clock clock) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        FileDto dto;
        try {
            dto = mapper.readValue(in, FileDto.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("scenario " + name + ": unknown key '" + e.getPropertyName() + "' at "
                    + path(e) + "; remove it or use one of " + e.getKnownPropertyIds(), e);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("scenario " + name + ": bad value at " + path(e) + ": "
                    + e.getOriginalMessage() + "; fix the value's type (text, number, list or map)", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("scenario " + name + " is not valid YAML/JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + name, e);
        }
        if (dto == null) {
            throw new IllegalArgumentException("scenario " + name + " is empty; give at least rooms and accounts");
        }
        return new Reader(name, clock).read(dto);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** Turns the parsed file into a scenario, naming the key of any bad value. */
    private static final class Reader {
        private final String name;
        private final Instant now;

        Reader(String name, Clock clock) {
            this.name = name;
            this.now = clock.instant();
        }

        Scenario read(FileDto f) {
            Scenario.Builder b = Scenario.builder();
            if (f.organisation() != null) {
                b.organisation(f.organisation());
            }
            ZoneId zone = f.timeZone() == null ? null : zone(f.timeZone());
            if (zone != null) {
                b.timeZone(zone);
            }
            ThrottlingSettings d = ThrottlingSettings.exchangeDefaults();
            if (f.throttling() != null) {
                ThrottlingDto t = f.throttling();
                ThrottlingSettings s = new ThrottlingSettings(
                        t.maxConcurrency() != null ? t.maxConcurrency() : d.maxConcurrency(),
                        t.budgetBurst() != null ? t.budgetBurst() : d.budgetBurst(),
                        t.budgetRechargePerSecond() != null ? t.budgetRechargePerSecond() : d.budgetRechargePerSecond(),
                        t.backOffMillis() != null ? t.backOffMillis() : d.backOffMillis());
                if (s.maxConcurrency() < 1) {
                    throw bad("throttling.maxConcurrency", s.maxConcurrency(), "use 1 or more (Exchange: 27)");
                }
                b.throttling(s);
            }
            if (f.graph() != null && f.graph().scope() != null) {
                Object scope = f.graph().scope();
                if (scope instanceof List<?> list) {
                    Set<String> mailboxes = new java.util.LinkedHashSet<>();
                    list.forEach(m -> mailboxes.add(String.valueOf(m)));
                    b.graphScope(GraphSettings.Scope.of(mailboxes));
                } else if ("rooms".equals(scope)) {
                    b.graphScope(GraphSettings.Scope.rooms());
                } else if ("all".equals(scope)) {
                    b.graphScope(GraphSettings.Scope.all());
                } else {
                    throw bad("graph.scope", scope, "use rooms, all, or a list of mailbox addresses");
                }
            }
            List<AccountDto> accounts = f.accounts() == null ? List.of() : f.accounts();
            for (int i = 0; i < accounts.size(); i++) {
                AccountDto a = accounts.get(i);
                String where = "accounts[" + i + "]";
                require(a.logon(), where + ".logon", "give the account's logon (an SMTP address)");
                require(a.password(), where + ".password", "give the account's password");
                if (a.clientSecret() != null && a.clientId() == null) {
                    throw bad(where + ".clientSecret", "(set)", "give a clientId with the clientSecret");
                }
                b.account(new Account(a.logon(), a.password(), a.clientId(), a.clientSecret(),
                        Boolean.TRUE.equals(a.impersonation()), Set.copyOf(nullToEmpty(a.impersonationScope())),
                        Set.copyOf(nullToEmpty(a.delegateGrants()))));
            }
            List<RoomListDto> lists = f.roomLists() == null ? List.of() : f.roomLists();
            for (int i = 0; i < lists.size(); i++) {
                RoomListDto l = lists.get(i);
                require(l.email(), "roomLists[" + i + "].email", "give the room list's SMTP address");
                b.roomList(new RoomList(l.email(), l.name(), nullToEmpty(l.rooms())));
            }
            List<RoomDto> rooms = f.rooms() == null ? List.of() : f.rooms();
            for (int i = 0; i < rooms.size(); i++) {
                RoomDto r = rooms.get(i);
                require(r.email(), "rooms[" + i + "].email", "give the room's SMTP address");
                String building = r.building();
                if (building == null) {
                    building = lists.stream().filter(l -> nullToEmpty(l.rooms()).stream().anyMatch(m -> m.equalsIgnoreCase(r.email())))
                            .map(l -> l.name() != null ? l.name() : l.email()).findFirst().orElse(null);
                }
                int capacity = r.capacity() == null ? 8 : r.capacity();
                if (capacity < 0) {
                    throw bad("rooms[" + i + "].capacity", capacity, "use 0 or more seats");
                }
                b.room(new Room(r.email(), r.name(), capacity, building, r.hasDisplay() == null || r.hasDisplay()));
            }
            List<UserDto> users = f.users() == null ? List.of() : f.users();
            for (int i = 0; i < users.size(); i++) {
                require(users.get(i).email(), "users[" + i + "].email", "give the user's SMTP address");
                b.user(new User(users.get(i).email(), users.get(i).name()));
            }
            if (f.defaultRoomPermission() != null) {
                b.defaultRoomPermission(permission(f.defaultRoomPermission(), "defaultRoomPermission"));
            }
            if (f.defaultUserPermission() != null) {
                b.defaultUserPermission(permission(f.defaultUserPermission(), "defaultUserPermission"));
            }
            if (f.permissions() != null) {
                f.permissions().forEach((mailbox, level) -> b.permission(mailbox, permission(level, "permissions." + mailbox)));
            }
            ZoneId tz = zone != null ? zone : java.time.ZoneOffset.UTC;
            List<MeetingDto> meetings = f.meetings() == null ? List.of() : f.meetings();
            for (int i = 0; i < meetings.size(); i++) {
                b.meeting(meeting(meetings.get(i), "meetings[" + i + "]", tz));
            }
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scenario " + name + ": " + e.getMessage(), e);
            }
        }

        private MeetingSpec meeting(MeetingDto m, String where, ZoneId zone) {
            require(m.organizer(), where + ".organizer", "give the organizer's SMTP address");
            require(m.start(), where + ".start", "give an instant (2026-03-02T09:00:00Z) or a duration from now (-PT20M)");
            Instant start = time(m.start(), where + ".start");
            Duration duration;
            if (m.end() != null && m.duration() != null) {
                throw bad(where + ".end", m.end(), "give either end or duration, not both");
            } else if (m.end() != null) {
                duration = Duration.between(start, time(m.end(), where + ".end"));
                if (duration.isNegative()) {
                    throw bad(where + ".end", m.end(), "the end must not be before the start");
                }
            } else if (m.duration() != null) {
                duration = duration(m.duration(), where + ".duration");
                if (duration.isNegative()) {
                    throw bad(where + ".duration", m.duration(), "use a positive duration such as PT1H");
                }
            } else {
                duration = Boolean.TRUE.equals(m.allDay()) ? Duration.ofDays(1) : Duration.ofHours(1);
            }
            MeetingSpec.Builder mb = MeetingSpec.builder(m.subject(), m.organizer()).start(start).duration(duration)
                    .allDay(Boolean.TRUE.equals(m.allDay())).location(m.location()).body(m.body())
                    .attendees(nullToEmpty(m.attendees()).toArray(String[]::new))
                    .optionalAttendees(nullToEmpty(m.optionalAttendees()).toArray(String[]::new))
                    .rooms(nullToEmpty(m.rooms()).toArray(String[]::new))
                    .tags(nullToEmpty(m.tags()).toArray(String[]::new));
            if (m.created() != null) {
                mb.created(time(m.created(), where + ".created"));
            }
            if (m.roomResponse() != null) {
                try {
                    mb.roomResponse(ResponseType.parse(m.roomResponse()));
                } catch (IllegalArgumentException e) {
                    throw bad(where + ".roomResponse", m.roomResponse(), e.getMessage());
                }
            }
            if (m.recurrence() != null) {
                mb.recurrence(recurrence(m.recurrence(), where + ".recurrence", start.atZone(zone).toLocalDate()));
            }
            return mb.build();
        }

        private Recurrence recurrence(RecurrenceDto r, String where, LocalDate startDate) {
            require(r.pattern(), where + ".pattern", "use daily or weekly");
            Recurrence.Kind kind;
            switch (r.pattern().toLowerCase(Locale.ROOT)) {
                case "daily" -> kind = Recurrence.Kind.DAILY;
                case "weekly" -> kind = Recurrence.Kind.WEEKLY;
                default -> throw bad(where + ".pattern", r.pattern(), "use daily or weekly");
            }
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (String d : nullToEmpty(r.daysOfWeek())) {
                days.add(day(d, where + ".daysOfWeek"));
            }
            if (kind == Recurrence.Kind.WEEKLY && days.isEmpty()) {
                days.add(startDate.getDayOfWeek());
            }
            LocalDate end = null;
            if (r.endDate() != null) {
                try {
                    end = LocalDate.parse(r.endDate());
                } catch (DateTimeException e) {
                    throw bad(where + ".endDate", r.endDate(), "use a date such as 2026-12-31");
                }
            }
            try {
                return new Recurrence(kind, r.interval() == null ? 1 : r.interval(), days,
                        r.firstDayOfWeek() == null ? null : day(r.firstDayOfWeek(), where + ".firstDayOfWeek"),
                        startDate, end, r.numberOfOccurrences());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scenario " + name + ": " + where + ": " + e.getMessage(), e);
            }
        }

        private DayOfWeek day(String d, String where) {
            try {
                return DayOfWeek.valueOf(d.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad(where, d, "use MONDAY … SUNDAY");
            }
        }

        private Instant time(String value, String where) {
            String v = value.trim();
            if (v.startsWith("P") || v.startsWith("-P") || v.startsWith("+P")) {
                return now.plus(duration(v.startsWith("+") ? v.substring(1) : v, where));
            }
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeException e) {
                throw bad(where, value, "use an ISO-8601 instant with offset (2026-03-02T09:00:00Z) or a duration from now (-PT20M)");
            }
        }

        private Duration duration(String value, String where) {
            try {
                return Duration.parse(value.trim());
            } catch (DateTimeException e) {
                throw bad(where, value, "use an ISO-8601 duration such as PT45M, -PT20M or P1DT2H");
            }
        }

        private ZoneId zone(String value) {
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                throw bad("timeZone", value, "use a region id such as Europe/Amsterdam or UTC");
            }
        }

        private PermissionLevel permission(String value, String where) {
            String v = value.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
            return switch (v) {
                case "availabilityonly", "freebusytimeonly" -> PermissionLevel.AVAILABILITY_ONLY;
                case "limiteddetails", "freebusytimeandsubjectandlocation" -> PermissionLevel.LIMITED_DETAILS;
                case "fulldetails", "reviewer" -> PermissionLevel.FULL_DETAILS;
                default -> throw bad(where, value, "use AvailabilityOnly, LimitedDetails or FullDetails");
            };
        }

        private void require(Object value, String where, String fix) {
            if (value == null) {
                throw new IllegalArgumentException("scenario " + name + ": " + where + " is missing; " + fix);
            }
        }

        private IllegalArgumentException bad(String where, Object value, String fix) {
            return new IllegalArgumentException("scenario " + name + ": " + where + " has a bad value '" + value + "'; " + fix);
        }

        private static List<String> nullToEmpty(List<String> list) {
            return list == null ? List.of() : list;
        }
    }
}
