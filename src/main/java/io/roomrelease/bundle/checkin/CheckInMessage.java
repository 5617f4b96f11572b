package io.roomrelease.bundle.checkin;

/**
 * A check-in arriving from the ESB (badge readers and other systems), as JSON:
 * {@code {"room":"room.a@corp.example","source":"badge-reader-7","at":"2026-03-02T09:03:00Z"}}; {@code at} is optional
 * (default: when the message arrives).
 */
public record CheckInMessage(String room, String source, String at) {
}
