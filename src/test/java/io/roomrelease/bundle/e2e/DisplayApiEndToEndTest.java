package io.roomrelease.bundle.e2e;

import static io.roomrelease.bundle.e2e.SweepEndToEndTest.A;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.ANN;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.B;
import static io.roomrelease.bundle.e2e.SweepEndToEndTest.NINE;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.security.ApiKeyHasher;
import io.roomrelease.ews.simulator.model.CalendarEntry;
import io.roomrelease.ews.simulator.model.RoomList;
import io.roomrelease.ews.simulator.scenario.MeetingSpec;
import io.roomrelease.ews.simulator.scenario.Scenario;

/** Every display API call through HTTP, including 401, 403 and 400, against the simulator. */
@SuppressWarnings("unchecked")
class DisplayApiEndToEndTest {

    private static final String KEY_A = "display-key-room-a-0123456789";
    private static final String KEY_B = "display-key-room-b-0123456789";
    private static final String ADMIN = "admin-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static BundleFixture withKeys(BundleFixture f) {
        return f.set("roomrelease.display.api-keys", A + "=" + ApiKeyHasher.hash(KEY_A) + "," + B + "="
                        + ApiKeyHasher.hash(KEY_B))
                .set("roomrelease.display.admin-keys", ApiKeyHasher.hash(ADMIN));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BundleFixture.Api.class)
    void displaysCheckInEndExtendBookAndSearchAndAreRefusedWithoutTheirRoomsKey(BundleFixture.Api api) throws Exception {
        Instant now = NINE.plus(Duration.ofMinutes(5));
        Scenario scenario = Scenario.builder().serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .room(A, "Room A").room(B, "Room B").user(ANN, "Ann")
                .meeting(MeetingSpec.builder("Planning", ANN).rooms(A).start(NINE).duration(Duration.ofHours(1)).build())
                .meeting(MeetingSpec.builder("Later", ANN).rooms(A).start(NINE.plus(Duration.ofMinutes(90)))
                        .duration(Duration.ofMinutes(30)).build())
                .build();
        TestClock clock = new TestClock(now);
        try (BundleFixture f = withKeys(new BundleFixture(api, scenario, clock, dir))) {
            f.set("roomrelease.rooms", A + "," + B).start();
            String checkIn = "/api/rooms/" + A + "/checkin";

            assertError(f.post(checkIn, null), 401, null);
            assertError(f.post(checkIn, "not-a-key"), 401, null);
            assertError(f.post(checkIn, KEY_B), 403, null);
            assertError(f.post(checkIn, ADMIN), 403, null);

            HttpResponse<String> ok = f.post(checkIn, KEY_A);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
            assertThat(ok.headers().firstValue("X-Api-Key")).isEmpty();
            Map<?, ?> checkedIn = JSON.readValue(ok.body(), Map.class);
            assertThat(checkedIn.get("meetingStart")).isEqualTo(NINE.toString());
            assertThat(f.checkInStore().receivedBetween(A, NINE, now.plusSeconds(1))).hasSize(1);

            // extend: bad input names the field; 15 minutes fit; 45 would run into the 10:30 meeting
            assertError(f.post("/api/rooms/" + A + "/meetings/current/extend?minutes=abc", KEY_A), 400, "minutes");
            assertError(f.post("/api/rooms/" + A + "/meetings/current/extend?minutes=0", KEY_A), 400, "minutes");
            HttpResponse<String> extended = f.post("/api/rooms/" + A + "/meetings/current/extend?minutes=15", KEY_A);
            assertThat(extended.statusCode()).as(extended.body()).isEqualTo(200);
            assertThat(planning(f).end()).isEqualTo(NINE.plus(Duration.ofMinutes(75)));
            assertError(f.post("/api/rooms/" + A + "/meetings/current/extend?minutes=45", KEY_A), 409, null);

            // free rooms: A is busy, B is free
            String window = "start=" + now + "&end=" + now.plus(Duration.ofMinutes(30));
            HttpResponse<String> free = f.get("/api/rooms/availability?" + window, KEY_B);
            assertThat(free.statusCode()).as(free.body()).isEqualTo(200);
            Map<?, ?> freeRooms = JSON.readValue(free.body(), Map.class);
            assertThat((List<Object>) freeRooms.get("freeRooms")).containsExactly(B);
            assertThat((List<Object>) freeRooms.get("busyRooms")).containsExactly(A);
            assertError(f.get("/api/rooms/availability?start=yesterday&end=" + now, KEY_B), 400, "start");
            assertError(f.get("/api/rooms/availability?" + window, null), 401, null);

            // book now in B: the room organizes the new meeting
            HttpResponse<String> booked = f.post("/api/rooms/" + B + "/book?minutes=30", KEY_B);
            assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
            assertThat(f.simulator.store().calendar(B)).singleElement().satisfies(e -> {
                assertThat(e.isOrganizer()).isTrue();
                assertThat(e.start()).isEqualTo(now);
                assertThat(e.end()).isEqualTo(now.plus(Duration.ofMinutes(30)));
            });
            assertError(f.post("/api/rooms/" + B + "/book?minutes=30", KEY_B), 409, null);
            assertError(f.post("/api/rooms/" + B + "/book?minutes=100000", KEY_B), 400, "minutes");

            // end early
            clock.set(now.plus(Duration.ofMinutes(10)));
            HttpResponse<String> ended = f.post("/api/rooms/" + A + "/meetings/current/end", KEY_A);
            assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
            assertThat(planning(f).end()).isEqualTo(now.plus(Duration.ofMinutes(10)));
            // a second end at the same instant raced with the first: 409 (an end after the meeting is over would be 404)
            assertError(f.post("/api/rooms/" + A + "/meetings/current/end", KEY_A), 409, null);

            // the audit: admin only
            String audit = "/api/audit?room=" + A + "&from=" + NINE + "&to=" + NINE.plus(Duration.ofHours(2));
            assertError(f.get(audit, null), 401, null);
            assertError(f.get(audit, KEY_A), 403, null);
            assertError(f.get("/api/audit?from=never", ADMIN), 400, "from");
            HttpResponse<String> records = f.get(audit, ADMIN);
            assertThat(records.statusCode()).isEqualTo(200);
            List<Object> list = JSON.readValue(records.body(), List.class);
            List<String> operations = list.stream().map(r -> String.valueOf(((Map<?, ?>) r).get("operation"))).toList();
            assertThat(operations).containsExactly("updateEvent", "endEarly"); // the booking was in room B
            assertThat(list).allSatisfy(r -> assertThat(((Map<?, ?>) r).get("serviceAccount"))
                    .isEqualTo(BundleFixture.SERVICE));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BundleFixture.Api.class)
    void availabilityAcross250RoomsTakesThreeBatchedCalls(BundleFixture.Api api) throws Exception {
        Instant now = NINE;
        Scenario.Builder b = Scenario.builder().serviceAccount(BundleFixture.SERVICE, BundleFixture.PASSWORD)
                .user(ANN, "Ann");
        String[] rooms = new String[250];
        for (int i = 0; i < 250; i++) {
            rooms[i] = String.format("room%03d@corp.example", i);
            b.room(rooms[i], "Room " + i);
        }
        b.roomList(new RoomList("all-rooms@corp.example", "All rooms", List.of(rooms)));
        b.meeting(MeetingSpec.builder("Busy", ANN).rooms(rooms[7]).start(now).duration(Duration.ofHours(1)).build());
        b.meeting(MeetingSpec.builder("Busy too", ANN).rooms(rooms[249]).start(now.plus(Duration.ofMinutes(30)))
                .duration(Duration.ofHours(1)).build());
        TestClock clock = new TestClock(now);
        try (BundleFixture f = withKeys(new BundleFixture(api, b.build(), clock, dir))) {
            f.set("roomrelease.room-lists", "all-rooms@corp.example").start();
            f.simulator.resetStats();

            HttpResponse<String> free = f.get("/api/rooms/availability?roomList=all-rooms@corp.example&start=" + now
                    + "&end=" + now.plus(Duration.ofHours(1)), ADMIN);

            assertThat(free.statusCode()).as(free.body()).isEqualTo(200);
            Map<?, ?> answer = JSON.readValue(free.body(), Map.class);
            assertThat((List<Object>) answer.get("freeRooms")).hasSize(248).doesNotContain(rooms[7], rooms[249]);
            assertThat((List<Object>) answer.get("busyRooms")).containsExactlyInAnyOrder(rooms[7], rooms[249]);
            if (api == BundleFixture.Api.EWS) {
                assertThat(f.simulator.stats().requests("GetUserAvailabilityRequest")).as("100 rooms per call")
                        .isEqualTo(3);
            } else {
                assertThat(f.simulator.graphStats().requestsPerEndpoint().get("getSchedule")).as("20 rooms per call")
                        .isEqualTo(13);
                assertThat(f.simulator.graphStats().batches()).as("sent in one $batch").isEqualTo(1);
            }
        }
    }

    private static CalendarEntry planning(BundleFixture f) {
        return f.simulator.store().calendar(A).stream().filter(e -> e.start().equals(NINE)).findFirst().orElseThrow();
    }

    private static void assertError(HttpResponse<String> response, int status, String field) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        Map<?, ?> body = JSON.readValue(response.body(), Map.class);
        assertThat(body.get("status")).isEqualTo(status);
        assertThat((String) body.get("error")).isNotBlank();
        if (field != null) {
            assertThat(body.get("field")).isEqualTo(field);
        }
    }
}
