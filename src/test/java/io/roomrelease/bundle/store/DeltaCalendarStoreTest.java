package io.roomrelease.bundle.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.store.DeltaCalendarStore.Window;
import io.roomrelease.camel.ews.model.EwsEvent;
import io.roomrelease.camel.ews.model.OccurrenceType;

/** The delta strategy's stored windows on H2 and PostgreSQL: every event field survives, a save replaces. */
class DeltaCalendarStoreTest {

    static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aWindowComesBackWithEveryFieldOfItsEventsAndASaveReplacesIt(String db) {
        DataSource ds = StoreDatabases.fresh(db);
        DeltaCalendarStore store = new DeltaCalendarStore(ds, TestClock.at("2026-03-02T09:20:00Z"));
        EwsEvent full = EwsEvent.builder().itemId("AAMk=1").changeKey("ck1").mailbox("room.a@corp.example")
                .subject("Weekly").organizer("alice@corp.example").requiredAttendees(List.of("bob@corp.example"))
                .optionalAttendees(List.of("carol@corp.example")).attendeesLoaded(true)
                .start(DAY.plusSeconds(9 * 3600)).end(DAY.plusSeconds(10 * 3600)).recurring(true)
                .occurrence(OccurrenceType.Occurrence).seriesMasterId("AAMk=0").iCalUid("uid-1")
                .roomResponse("Accept").created(DAY.minusSeconds(3600)).freeBusyStatus("Busy").build();
        EwsEvent bare = EwsEvent.builder().itemId("AAMk=2").start(DAY).end(DAY.plusSeconds(60)).cancelled(true)
                .roomIsOrganizer(true).allDay(true).build();

        store.save(new Window("Room.A@corp.example", DAY, DAY.plusSeconds(2 * 86_400), "https://g/delta?t=1",
                List.of(full, bare)));
        Window read = store.find("room.a@corp.example").orElseThrow();
        assertThat(read.deltaLink()).isEqualTo("https://g/delta?t=1");
        assertThat(read.windowStart()).isEqualTo(DAY);
        assertThat(read.windowEnd()).isEqualTo(DAY.plusSeconds(2 * 86_400));
        assertThat(read.events()).usingRecursiveFieldByFieldElementComparator().containsExactly(full, bare);

        store.save(new Window("room.a@corp.example", DAY, DAY.plusSeconds(86_400), "https://g/delta?t=2",
                List.of(bare)));
        assertThat(store.find("ROOM.A@corp.example").orElseThrow().events()).extracting(EwsEvent::getItemId)
                .containsExactly("AAMk=2");
        store.forget("room.a@corp.example");
        assertThat(store.find("room.a@corp.example")).isEmpty();
    }
}
