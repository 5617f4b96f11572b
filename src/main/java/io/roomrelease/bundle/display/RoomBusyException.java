package io.roomrelease.bundle.display;

/** The room is not free for the requested time: HTTP 409. */
public class RoomBusyException extends RuntimeException {

    public RoomBusyException(String message) {
        super(message);
    }
}
