package io.roomrelease.ews.simulator.scenario;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.model.Recurrence;
import io.roomrelease.ews.simulator.model.Room;
import io.roomrelease.ews.simulator.model.RoomList;
import io.roomrelease.ews.simulator.model.User;

/**
 * Generates large organisations for benchmarks: N rooms in room lists of about 50 rooms per building,
 * with realistic working-day schedules for the clock's day (several 30–60 minute meetings per room
 * between 08:00 and 18:00, some of them weekly series), and a controllable fraction of rooms holding a
 * meeting that started within a given window before now (the "maybe abandoned" meetings a sweep looks
 * for). Deterministic for a seed.
 */
public final class ScenarioGenerator {

    /**
     * Knobs of the generator.
     *
     * @param roomsPerBuilding  rooms per room list (about 50)
     * @param meetingsPerRoom   meetings per room on the day (besides the in-window one), at most
     * @param recurringFraction fraction of meetings that are weekly series
     * @param inWindowFraction  fraction of rooms with a meeting that started within the window
     * @param windowStart       the window's earliest start, as time before now (e.g. 20 minutes)
     * @param windowEnd         the window's latest start, as time before now (e.g. 15 minutes)
     * @param usersPerRoom      organizers per room (users)
     * @param zone              the organisation's time zone (the working day is laid out in it)
     */
    public record Options(int roomsPerBuilding, int meetingsPerRoom, double recurringFraction, double inWindowFraction,
            Duration windowStart, Duration windowEnd, double usersPerRoom, ZoneId zone) {
        public Options {
            if (roomsPerBuilding < 1 || meetingsPerRoom < 0 || inWindowFraction < 0 || inWindowFraction > 1
                    || recurringFraction < 0 || recurringFraction > 1 || usersPerRoom <= 0) {
                throw new IllegalArgumentException("generator options out of range: " + this);
            }
            if (windowStart.compareTo(windowEnd) < 0) {
                throw new IllegalArgumentException("windowStart (" + windowStart + ") must be at least windowEnd ("
                        + windowEnd + "): both count back from now");
            }
        }

        /** 50 rooms per building, up to 6 meetings per room, 10% recurring, 5% started 15–20 minutes ago. */
        public static Options defaults() {
            return new Options(50, 6, 0.10, 0.05, Duration.ofMinutes(20), Duration.ofMinutes(15), 0.5, ZoneOffset.UTC);
        }

        public Options withInWindow(double fraction, Duration from, Duration to) {
            return new Options(roomsPerBuilding, meetingsPerRoom, recurringFraction, fraction, from, to, usersPerRoom, zone);
        }

        public Options withMeetingsPerRoom(int n) {
            return new Options(roomsPerBuilding, n, recurringFraction, inWindowFraction, windowStart, windowEnd, usersPerRoom, zone);
        }
    }

    /** The tag the generator puts on the in-window meetings. */
    public static final String IN_WINDOW_TAG = "in-window";

    private ScenarioGenerator() {
    }

    /** Generates with {@link Options#defaults()}. */
    public static Scenario generate(int rooms, long seed, Clock clock) {
        return generate(rooms, seed, clock, Options.defaults());
    }

    /**
     * Generates {@code rooms} rooms (up to 20,000 and beyond) with the service account
     * {@code svc-roomrelease@contoso.com} (password {@code bench-Passw0rd!}, client id {@code room-release})
     * holding org-wide impersonation.
     */
    public static Scenario generate(int rooms, long seed, Clock clock, Options o) {
        Objects.requireNonNull(clock, "clock");
        if (rooms < 1) {
            throw new IllegalArgumentException("rooms must be 1 or more, was " + rooms);
        }
        Random random = new Random(seed);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime today = now.atZone(o.zone()).truncatedTo(ChronoUnit.DAYS);
        Scenario.Builder b = Scenario.builder().organisation("contoso.com").timeZone(o.zone())
                .account(new Account("svc-roomrelease@contoso.com", "bench-Passw0rd!", "room-release", "bench-secret",
                        true, Set.of(), Set.of()));
        int userCount = Math.max(1, (int) Math.ceil(rooms * o.usersPerRoom()));
        String[] users = new String[userCount];
        for (int u = 0; u < userCount; u++) {
            users[u] = "user" + u + "@contoso.com";
            b.user(new User(users[u], "User " + u));
        }
        int buildings = (rooms + o.roomsPerBuilding() - 1) / o.roomsPerBuilding();
        int r = 0;
        for (int bi = 1; bi <= buildings; bi++) {
            String building = "Building " + bi;
            List<String> members = new ArrayList<>(o.roomsPerBuilding());
            for (int k = 0; k < o.roomsPerBuilding() && r < rooms; k++, r++) {
                String email = "room-" + bi + "-" + (k + 1) + "@contoso.com";
                members.add(email);
                b.room(new Room(email, building + " Room " + (k + 1), 4 + random.nextInt(17), building, random.nextInt(20) != 0));
            }
            b.roomList(new RoomList("building" + bi + "@contoso.com", building, members));
        }
        int roomIndex = 0;
        for (int bi = 1; bi <= buildings; bi++) {
            for (int k = 1; k <= o.roomsPerBuilding() && roomIndex < rooms; k++, roomIndex++) {
                String room = "room-" + bi + "-" + k + "@contoso.com";
                List<long[]> busy = new ArrayList<>();
                if (random.nextDouble() < o.inWindowFraction()) {
                    long span = o.windowStart().minus(o.windowEnd()).toMinutes();
                    Instant start = now.minus(o.windowEnd()).minus(Duration.ofMinutes(span == 0 ? 0 : random.nextInt((int) span + 1)));
                    Duration length = Duration.ofMinutes(30 + 15 * random.nextInt(3));
                    busy.add(new long[] {start.getEpochSecond(), start.plus(length).getEpochSecond()});
                    b.meeting(MeetingSpec.builder("Meeting in " + room, users[random.nextInt(userCount)]).rooms(room)
                            .start(start).duration(length).created(start.minus(Duration.ofDays(1 + random.nextInt(5))))
                            .tags(IN_WINDOW_TAG).build());
                }
                int meetings = o.meetingsPerRoom() == 0 ? 0 : 1 + random.nextInt(o.meetingsPerRoom());
                for (int m = 0; m < meetings; m++) {
                    ZonedDateTime start = today.plusHours(8).plusMinutes(30L * random.nextInt(19));
                    Duration length = Duration.ofMinutes(random.nextBoolean() ? 30 : 60);
                    long s = start.toEpochSecond();
                    long e = s + length.getSeconds();
                    if (busy.stream().anyMatch(x -> x[0] < e && x[1] > s)) {
                        continue; // the room is taken: the booking assistant would have declined
                    }
                    busy.add(new long[] {s, e});
                    MeetingSpec.Builder mb = MeetingSpec.builder("Meeting " + (m + 1) + " in " + room,
                            users[random.nextInt(userCount)]).rooms(room).start(start.toInstant()).duration(length)
                            .created(start.toInstant().minus(Duration.ofDays(1 + random.nextInt(10))));
                    if (random.nextDouble() < o.recurringFraction()) {
                        LocalDate first = start.toLocalDate().minusWeeks(random.nextInt(4));
                        DayOfWeek day = start.getDayOfWeek();
                        mb.start(start.toInstant().atZone(o.zone()).with(first).toInstant())
                                .recurrence(Recurrence.weekly(1, Set.of(day), first).withOccurrences(10 + random.nextInt(40)));
                    }
                    b.meeting(mb.build());
                }
            }
        }
        return b.build();
    }
}
