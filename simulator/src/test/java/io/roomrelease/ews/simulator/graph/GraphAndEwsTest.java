package io.roomrelease.ews.simulator.graph;

import static io.roomrelease.ews.simulator.graph.GraphFixture.ALICE;
import static io.roomrelease.ews.simulator.graph.GraphFixture.APP;
import static io.roomrelease.ews.simulator.graph.GraphFixture.NOW;
import static io.roomrelease.ews.simulator.graph.GraphFixture.PW;
import static io.roomrelease.ews.simulator.graph.GraphFixture.ROOM_A;
import static io.roomrelease.ews.simulator.graph.GraphFixture.ROOM_B;
import static io.roomrelease.ews.simulator.graph.GraphFixture.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.roomrelease.ews.simulator.model.SentMessage;
import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.misc.ConnectingIdType;
import microsoft.exchange.webservices.data.core.enumeration.misc.ExchangeVersion;
import microsoft.exchange.webservices.data.core.enumeration.property.MeetingResponseType;
import microsoft.exchange.webservices.data.core.enumeration.property.WellKnownFolderName;
import microsoft.exchange.webservices.data.core.enumeration.service.SendInvitationsMode;
import microsoft.exchange.webservices.data.core.service.item.Appointment;
import microsoft.exchange.webservices.data.misc.ImpersonatedUserId;
import microsoft.exchange.webservices.data.property.complex.Attendee;
import microsoft.exchange.webservices.data.property.complex.FolderId;
import microsoft.exchange.webservices.data.property.complex.ItemId;
import microsoft.exchange.webservices.data.property.complex.Mailbox;
import microsoft.exchange.webservices.data.search.CalendarView;
import microsoft.exchange.webservices.data.search.FindItemsResults;

/** One store, two protocols: what Graph does is what EWS sees, and the other way round. */
class GraphAndEwsTest {
    GraphFixture f;
    ExchangeService ews;

    @BeforeEach
    void start() {
        f = new GraphFixture();
    }

    @AfterEach
    void stop() {
        if (ews != null) {
            ews.close();
        }
        f.close();
    }

    ExchangeService ewsAs(String impersonate) {
        ews = new ExchangeService(ExchangeVersion.Exchange2010_SP2);
        ews.setUrl(f.sim.httpUrl());
        ews.getHttpHeaders().put("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((APP + ":" + PW).getBytes(StandardCharsets.UTF_8)));
        ews.setImpersonatedUserId(new ImpersonatedUserId(ConnectingIdType.SmtpAddress, impersonate));
        return ews;
    }

    @Test
    void aMeetingDeclinedThroughGraphIsDeclinedThroughEws() throws Exception {
        JsonNode standup = f.get("/users/" + ROOM_A + "/calendarView?" + window(NOW, NOW.plusSeconds(60))).json().get("value").get(0);
        String ewsId = GraphJson.ewsId(standup.get("id").asText());
        ExchangeService room = ewsAs(ROOM_A);
        Appointment before = Appointment.bind(room, new ItemId(ewsId));
        assertThat(before.getSubject()).isEqualTo("Standup");
        assertThat(before.getId().getChangeKey()).isEqualTo(standup.get("changeKey").asText());

        assertThat(f.post("/users/" + ROOM_A + "/events/" + standup.get("id").asText() + "/decline",
                Map.of("comment", "Nobody checked in")).status()).isEqualTo(202);

        FindItemsResults<Appointment> roomView = room.findAppointments(new FolderId(WellKnownFolderName.Calendar, new Mailbox(ROOM_A)),
                new CalendarView(Date.from(NOW.minus(Duration.ofHours(1))), Date.from(NOW.plus(Duration.ofHours(1)))));
        assertThat(roomView.getItems()).extracting(Appointment::getSubject).doesNotContain("Standup");

        ews.close();
        ExchangeService organizer = ewsAs(ALICE);
        FindItemsResults<Appointment> alice = organizer.findAppointments(new FolderId(WellKnownFolderName.Calendar, new Mailbox(ALICE)),
                new CalendarView(Date.from(NOW.minus(Duration.ofHours(1))), Date.from(NOW.plus(Duration.ofHours(1)))));
        Appointment mine = alice.getItems().stream().filter(a -> {
            try {
                return a.getSubject().equals("Standup");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        Appointment full = Appointment.bind(organizer, mine.getId());
        assertThat(full.getResources().getItems()).anySatisfy(a -> {
            assertThat(a.getAddress()).isEqualToIgnoringCase(ROOM_A);
            assertThat(a.getResponseType()).isEqualTo(MeetingResponseType.Decline);
        });
        assertThat(f.sim.store().sentMessages(ALICE)).filteredOn(m -> m.kind() == SentMessage.Kind.DECLINE)
                .singleElement().satisfies(m -> {
                    assertThat(m.from()).isEqualTo(ROOM_A);
                    assertThat(m.subject()).isEqualTo("Declined: Standup");
                    assertThat(m.body()).isEqualTo("Nobody checked in");
                });
    }

    @Test
    void aMeetingCreatedThroughEwsIsVisibleThroughGraph() throws Exception {
        ExchangeService alice = ewsAs(ALICE);
        Appointment a = new Appointment(alice);
        a.setSubject("Planning");
        a.setStart(Date.from(NOW.plus(Duration.ofHours(4))));
        a.setEnd(Date.from(NOW.plus(Duration.ofHours(5))));
        a.getResources().add(new Attendee(ROOM_B));
        a.save(new FolderId(WellKnownFolderName.Calendar, new Mailbox(ALICE)), SendInvitationsMode.SendToAllAndSaveCopy);

        JsonNode value = f.get("/users/" + ROOM_B + "/calendarView?" + window(NOW.plus(Duration.ofHours(3)),
                NOW.plus(Duration.ofHours(6)))).json().get("value");
        assertThat(value).singleElement().satisfies(e -> {
            assertThat(e.get("subject").asText()).isEqualTo("Planning");
            assertThat(e.at("/organizer/emailAddress/address").asText()).isEqualTo(ALICE);
            assertThat(e.at("/responseStatus/response").asText()).isEqualTo("accepted");
            assertThat(e.get("isOrganizer").asBoolean()).isFalse();
        });
    }
}
