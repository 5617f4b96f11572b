package io.roomrelease.bundle.settings;

import java.time.Duration;

/**
 * The sweep's schedule, pace and strategy. The routes read the same keys as placeholders; they are validated here so
 * that a wrong value stops start-up with the other bad settings instead of failing a route.
 *
 * @param cron                  Quartz cron of the sweep
 * @param ratePerSecond         Throttler EIP: room reads (and, separately, releases) started per second
 * @param concurrency           threads reading rooms and releasing meetings
 * @param onStartup             one sweep shortly after start-up
 * @param onStartupDelayMillis  how long after start-up
 * @param strategy              {@code calendar} or {@code availability}
 * @param availabilityCatchUp   availability strategy: how far back a missed decision time is still picked up
 * @param cleanupCron           Quartz cron of the nightly cleanup
 */
public record SweepSettings(String cron, int ratePerSecond, int concurrency, boolean onStartup,
                            int onStartupDelayMillis, String strategy, Duration availabilityCatchUp,
                            String cleanupCron) {
}
