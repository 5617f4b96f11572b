package io.roomrelease.ews.simulator.throttling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.roomrelease.ews.simulator.model.ThrottlingSettings;
import io.roomrelease.ews.simulator.soap.EwsFault;
import io.roomrelease.ews.simulator.stats.SimulatorStats;

/**
 * Exchange's EWS throttling, per account: at most {@code maxConcurrency} requests served at once
 * (EWSMaxConcurrency; one more is rejected at once with {@code ErrorServerBusy} naming the MaxConcurrency
 * policy, without {@code BackOffMilliseconds}), and a budget of
 * {@code budgetBurst} requests that recharges by {@code budgetRechargePerSecond}. An empty budget gives
 * {@code ErrorServerBusy} with {@code BackOffMilliseconds}.
 *
 * <p>Requests that arrive inside a back-off are counted ({@link SimulatorStats#requestsDuringBackOff()}), fairly to
 * the client: a back-off window opens when a busy reply carrying {@code BackOffMilliseconds} (from the budget or
 * injected with {@code faults().serverBusy(...)}) has been <em>sent</em> ({@link #busyReplySent}), and a request
 * counts only if it <em>arrived</em> ({@link Arrival}, stamped when it reached the HTTP server) after that moment
 * and before the deadline (send time plus BackOffMilliseconds on the simulator clock). Requests that were already
 * on their way when the reply left are not the client's fault and are not counted.
 *
 * <p>The budget recharges on the simulator's clock. With a {@code MutableClock} that tests do not move,
 * an emptied budget stays empty until the test advances the clock; benchmarks use the system clock.
 * Thread-safe; settings can change at runtime.
 */
public final class Throttler {
    /** Exchange's message for ErrorServerBusy. */
    public static final String SERVER_BUSY_MESSAGE = "The server cannot service this request right now. Try again later.";

    private final Clock clock;
    private final SimulatorStats stats;
    private final ConcurrentMap<String, AccountState> accounts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ThrottlingSettings> overrides = new ConcurrentHashMap<>();
    private volatile ThrottlingSettings defaults;

    public Throttler(ThrottlingSettings defaults, Clock clock, SimulatorStats stats) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.clock = clock;
        this.stats = stats;
    }

    /** Replaces the settings of every account without an override of its own. */
    public void settings(ThrottlingSettings settings) {
        this.defaults = Objects.requireNonNull(settings, "settings");
    }

    /** Gives one account its own settings. */
    public void settings(String account, ThrottlingSettings settings) {
        overrides.put(key(account), Objects.requireNonNull(settings, "settings"));
    }

    /** The settings that apply to an account. */
    public ThrottlingSettings settingsFor(String account) {
        return overrides.getOrDefault(key(account), defaults);
    }

    /** Forgets budgets and back-off windows (requests in flight stay counted). */
    public void resetBudgets() {
        accounts.values().forEach(AccountState::resetBudget);
    }

    /**
     * Records that a request of {@code account} arrived, and counts it
     * ({@link SimulatorStats#requestDuringBackOff()}) when it arrived inside a back-off window of the account: after
     * a busy reply with BackOffMilliseconds was sent to the account and before that back-off had passed.
     *
     * @return whether the request was counted as arriving during a back-off
     */
    public boolean arrived(String account, Arrival arrival) {
        Objects.requireNonNull(arrival, "arrival");
        boolean during = state(account).arrivedDuringBackOff(arrival);
        if (during) {
            stats.requestDuringBackOff();
        }
        return during;
    }

    /**
     * Opens a back-off window for {@code account}: a busy reply carrying {@code BackOffMilliseconds = backOff} has
     * just been sent (handed to the network). Requests arriving from now until {@code backOff} has passed on the
     * simulator clock are counted by {@link #arrived}.
     */
    public void busyReplySent(String account, Duration backOff) {
        busyReplySent(account, backOff, clock.instant());
    }

    /**
     * Opens a back-off window for {@code account} now that a busy reply has been sent, its back-off counted from
     * {@code writeStarted} (when the server began writing it): the client cannot have read it earlier, so its
     * back-off cannot end earlier either, while a request counts only if it arrived after the write completed.
     */
    public void busyReplySent(String account, Duration backOff, Instant writeStarted) {
        Objects.requireNonNull(backOff, "backOff");
        long sentNanos = System.nanoTime();
        state(account).openWindow(sentNanos, writeStarted.plus(backOff));
    }

    /**
     * Admits a request of {@code account} or throws {@code ErrorServerBusy}. The returned permit must be
     * closed when the response has been produced. Back-off counting is separate: see {@link #arrived}.
     */
    public Permit admit(String account) throws EwsFault {
        String key = key(account);
        ThrottlingSettings s = settingsFor(key);
        AccountState state = state(key);
        state.admit(s, clock.instant());
        stats.enter(key);
        return () -> {
            state.release();
            stats.exit(key);
        };
    }

    private AccountState state(String account) {
        return accounts.computeIfAbsent(key(account), k -> new AccountState());
    }

    /** A served request's slot; close it exactly once. */
    @FunctionalInterface
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Exchange's message for ErrorServerBusy when an account has too many requests in flight (EWSMaxConcurrency). */
    public static final String CONCURRENCY_MESSAGE = "You have exceeded the available concurrent connections for your account. "
            + "Try again once your other requests have completed.";

    /**
     * The fault Exchange sends when a request exceeds EWSMaxConcurrency: {@code ErrorServerBusy} whose
     * MessageXml names the policy and its limit but carries no {@code BackOffMilliseconds}, so that a client
     * must not wait for a back-off hint that never comes (it should lower its own concurrency instead).
     */
    public static EwsFault concurrencyExceeded(int limit) {
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("Policy", "MaxConcurrency");
        details.put("MaxConcurrencyLimit", Integer.toString(limit));
        details.put("ErrorMessage", "This operation exceeds the throttling budget for policy part 'MaxConcurrency', policy value '"
                + limit + "', Budget type: 'Ews'. Suggested backoff time 0 ms.");
        return new EwsFault("ErrorServerBusy", CONCURRENCY_MESSAGE, details, 500);
    }

    /** An {@code ErrorServerBusy} fault, with {@code BackOffMilliseconds} when {@code backOff} is not null. */
    public static EwsFault serverBusy(Duration backOff) {
        return backOff == null
                ? new EwsFault("ErrorServerBusy", SERVER_BUSY_MESSAGE)
                : new EwsFault("ErrorServerBusy", SERVER_BUSY_MESSAGE,
                        Map.of("BackOffMilliseconds", Long.toString(backOff.toMillis())), 500);
    }

    private final class AccountState {
        private int inFlight;
        private double tokens = Double.NaN;
        private Instant lastRefill;
        /** Back-off windows opened by busy replies sent, oldest first; expired ones are dropped as new ones open. */
        private final java.util.ArrayDeque<BackOffWindow> windows = new java.util.ArrayDeque<>();

        synchronized boolean arrivedDuringBackOff(Arrival arrival) {
            for (BackOffWindow w : windows) {
                if (arrival.nanos() - w.sentNanos() > 0 && arrival.at().isBefore(w.deadline())) {
                    return true;
                }
            }
            return false;
        }

        synchronized void openWindow(long sentNanos, Instant deadline) {
            Instant now = clock.instant();
            windows.removeIf(w -> !w.deadline().isAfter(now));
            windows.addLast(new BackOffWindow(sentNanos, deadline));
        }

        synchronized void admit(ThrottlingSettings s, Instant now) {
            if (inFlight >= s.maxConcurrency()) {
                stats.concurrencyRejection();
                stats.serverBusy();
                throw concurrencyExceeded(s.maxConcurrency());
            }
            if (s.budgetBurst() > 0) {
                refill(s, now);
                if (tokens < 1) {
                    long backOff = s.backOffMillis();
                    if (s.budgetRechargePerSecond() > 0) {
                        backOff = Math.max(backOff, (long) Math.ceil((1 - tokens) * 1000 / s.budgetRechargePerSecond()));
                    }
                    stats.serverBusy();
                    throw serverBusy(Duration.ofMillis(backOff));
                }
                tokens -= 1;
            }
            inFlight++;
        }

        synchronized void release() {
            inFlight--;
        }

        synchronized void resetBudget() {
            tokens = Double.NaN;
            lastRefill = null;
            windows.clear();
        }

        private void refill(ThrottlingSettings s, Instant now) {
            if (Double.isNaN(tokens) || lastRefill == null) {
                tokens = s.budgetBurst();
            } else if (now.isAfter(lastRefill)) {
                double seconds = Duration.between(lastRefill, now).toNanos() / 1e9;
                tokens = Math.min(s.budgetBurst(), tokens + seconds * s.budgetRechargePerSecond());
            }
            tokens = Math.min(tokens, s.budgetBurst());
            lastRefill = now;
        }
    }

    /** A busy reply's back-off: opened when the reply was sent ({@link System#nanoTime()}), ends at the deadline. */
    private record BackOffWindow(long sentNanos, Instant deadline) {
    }

    private static String key(String account) {
        return account.toLowerCase(Locale.ROOT);
    }
}
