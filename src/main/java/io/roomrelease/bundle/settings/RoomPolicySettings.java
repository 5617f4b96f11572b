package io.roomrelease.bundle.settings;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the per-room policy and the warning before release (issue 13).
 *
 * @param roomsFile      the rooms file with per-room-list and per-room overrides ({@code roomrelease.policy.rooms-file};
 *                       absent file: defaults only)
 * @param warnBefore     the organizer is warned this long before the release ({@code roomrelease.policy.warn-minutes};
 *                       zero: no warning)
 * @param warningSubject subject of the warning, with placeholders
 * @param warningMessage text of the warning, with placeholders
 */
public record RoomPolicySettings(Path roomsFile, Duration warnBefore, String warningSubject, String warningMessage) {
}
