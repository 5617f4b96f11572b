package io.roomrelease.camel.ews.retry;

import java.time.Duration;

/** Waits. Tests substitute one that advances a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    /** The real thing: {@link Thread#sleep(long)}. */
    Sleeper THREAD_SLEEP = d -> Thread.sleep(Math.max(1, d.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
