package io.roomrelease.bench.baseline;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import microsoft.exchange.webservices.data.core.exception.service.remote.ServiceResponseException;

/**
 * The two baselines of the benchmark, written directly against ews-java-api 2.0:
 * <ul>
 * <li>{@link #naive}: one thread, one ExchangeService, FindItem per room;</li>
 * <li>{@link #unthrottled}: many threads, one ExchangeService each, FindItem per room, and no back-off handling
 * (an error is counted and the script moves on).</li>
 * </ul>
 */
public final class Baselines {
    private final URI url;
    private final String account;
    private final String password;
    private final Clock clock;
    private final Duration lookBack;
    private final Duration lookAhead;

    /**
     * @param lookBack  how far before now the calendar is read (as the sweep does)
     * @param lookAhead how far after now
     */
    public Baselines(URI url, String account, String password, Clock clock, Duration lookBack, Duration lookAhead) {
        this.url = url;
        this.account = account;
        this.password = password;
        this.clock = clock;
        this.lookBack = lookBack;
        this.lookAhead = lookAhead;
    }

    /** Reads each room's calendar in turn on one thread. */
    public BaselineResult naive(List<String> rooms) {
        Map<String, Integer> errors = new TreeMap<>();
        int read = 0;
        long t0 = System.nanoTime();
        try (ScriptClient client = new ScriptClient(url, account, password)) {
            for (String room : rooms) {
                Instant now = clock.instant();
                try {
                    client.findItems(room, now.minus(lookBack), now.plus(lookAhead));
                    read++;
                } catch (Exception e) {
                    errors.merge(describe(e), 1, Integer::sum);
                }
            }
        }
        return new BaselineResult(rooms.size(), read, System.nanoTime() - t0, errors);
    }

    /** Reads the rooms' calendars with {@code threads} threads, each with its own ExchangeService, with no back-off. */
    public BaselineResult unthrottled(List<String> rooms, int threads) throws InterruptedException {
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger read = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try (ScriptClient client = new ScriptClient(url, account, password)) {
                    for (int i; (i = next.getAndIncrement()) < rooms.size(); ) {
                        Instant now = clock.instant();
                        try {
                            client.findItems(rooms.get(i), now.minus(lookBack), now.plus(lookAhead));
                            read.incrementAndGet();
                        } catch (Exception e) {
                            errors.merge(describe(e), 1, Integer::sum);
                        }
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("The unthrottled baseline did not finish within 10 minutes");
        }
        return new BaselineResult(rooms.size(), read.get(), System.nanoTime() - t0, new TreeMap<>(errors));
    }

    /** The EWS error code when there is one in the cause chain, else the exception class. */
    static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ServiceResponseException sre) {
                return sre.getErrorCode().name();
            }
        }
        return e.getClass().getSimpleName();
    }
}
