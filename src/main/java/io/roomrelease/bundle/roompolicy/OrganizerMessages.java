package io.roomrelease.bundle.roompolicy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.apache.camel.Body;

import io.roomrelease.bundle.policy.Decision;
import io.roomrelease.bundle.policy.Meeting;
import io.roomrelease.bundle.policy.MessageTemplate;
import io.roomrelease.bundle.policy.RoomPolicy;
import io.roomrelease.bundle.settings.RoomReleaseSettings;

/**
 * The texts organizers receive (bean {@code messages}), rendered from the settings' templates with the numbers of the
 * room's own policy, so a message never contradicts the settings: the decline with a release, the strikes decline of
 * a series, and the warning before release.
 */
public final class OrganizerMessages {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final RoomPolicies rooms;
    private final ZoneId zone;
    private final int strikes;
    private final MessageTemplate decline;
    private final MessageTemplate strikesText;
    private final MessageTemplate warningSubject;
    private final MessageTemplate warningText;

    public OrganizerMessages(RoomReleaseSettings settings, RoomPolicies rooms) {
        this.rooms = rooms;
        this.zone = settings.policy().zone();
        this.strikes = settings.strikes();
        this.decline = MessageTemplate.of(settings.declineMessage());
        this.strikesText = MessageTemplate.of(settings.strikesMessage());
        this.warningSubject = MessageTemplate.of(settings.roomPolicy().warningSubject());
        this.warningText = MessageTemplate.of(settings.roomPolicy().warningMessage());
    }

    /** The message sent with a release ({@code roomrelease.decline-message}). */
    public String decline(@Body Decision d) {
        return decline.render(values(d.meeting()));
    }

    /** The message sent when the strikes rule declines a series ({@code roomrelease.strikes-message}). */
    public String strikes() {
        return strikesText.render(Map.of("strikes", strikes));
    }

    /** The warning's subject ({@code roomrelease.policy.warning-subject}). */
    public String warningSubject(@Body Decision d) {
        return warningSubject.render(values(d.meeting()));
    }

    /** The warning's text ({@code roomrelease.policy.warning-message}). */
    public String warningText(@Body Decision d) {
        return warningText.render(values(d.meeting()));
    }

    /** When the meeting is released without a check-in, as the messages word it (HH:mm in the configured zone). */
    public String releaseTime(Meeting m) {
        return time(rooms.forRoom(m.room()).releaseAt(m.start()));
    }

    private Map<String, Object> values(Meeting m) {
        RoomPolicy p = rooms.forRoom(m.room());
        return Map.of("room", m.room(), "start", time(m.start()), "releaseTime", time(p.releaseAt(m.start())),
                "graceMinutes", p.grace().toMinutes(), "warnMinutes", rooms.warnBefore().toMinutes(),
                "checkinClosesMinutes", p.checkInClosesAfter().toMinutes());
    }

    private String time(Instant at) {
        return HH_MM.format(at.atZone(zone));
    }
}
