package io.roomrelease.bundle.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Scenario files for the standalone simulator, written by tests. Times are relative to the simulator's "now". */
public final class Scenarios {

    /** The service account of the generated scenarios. */
    public static final String SERVICE_ACCOUNT = "svc-roomrelease@contoso.com";
    /** Its password. */
    public static final String PASSWORD = "Crash-Passw0rd!";
    /** The room list holding every room. */
    public static final String ROOM_LIST = "all-rooms@contoso.com";

    private Scenarios() {
    }

    /** The address of room {@code i} (1-based). */
    public static String room(int i) {
        return String.format("room-%04d@contoso.com", i);
    }

    /**
     * {@code rooms} rooms with a display, all in {@link #ROOM_LIST}, each holding one meeting that started 20 minutes
     * ago, booked two days ago, that nobody checked in to: every one is abandoned.
     */
    public static Path abandonedMeetings(int rooms, Path file) {
        StringBuilder y = new StringBuilder();
        y.append("organisation: contoso.com\ntimeZone: UTC\n");
        y.append("throttling: {maxConcurrency: 27, budgetBurst: 0, budgetRechargePerSecond: 0, backOffMillis: 0}\n");
        y.append("defaultRoomPermission: LimitedDetails\ndefaultUserPermission: AvailabilityOnly\n");
        y.append("accounts:\n  - logon: ").append(SERVICE_ACCOUNT).append("\n    password: ").append(PASSWORD)
                .append("\n    impersonation: true\n");
        y.append("roomLists:\n  - {email: ").append(ROOM_LIST).append(", name: All rooms, rooms: [");
        for (int i = 1; i <= rooms; i++) {
            y.append(i > 1 ? ", " : "").append(room(i));
        }
        y.append("]}\nrooms:\n");
        for (int i = 1; i <= rooms; i++) {
            y.append("  - {email: ").append(room(i)).append(", name: Room ").append(i)
                    .append(", capacity: 6, hasDisplay: true}\n");
        }
        y.append("users:\n  - {email: alice@contoso.com, name: Alice Andersen}\n"
                + "  - {email: bob@contoso.com, name: Bob Berg}\n");
        y.append("meetings:\n");
        for (int i = 1; i <= rooms; i++) {
            y.append("  - subject: Planning ").append(i).append('\n')
                    .append("    organizer: alice@contoso.com\n")
                    .append("    attendees: [bob@contoso.com]\n")
                    .append("    rooms: [").append(room(i)).append("]\n")
                    .append("    start: -PT20M\n    duration: PT1H\n    created: -P2D\n");
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, y, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
