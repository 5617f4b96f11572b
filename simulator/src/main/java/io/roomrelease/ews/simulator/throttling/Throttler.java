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
 * {@code ErrorServerBusy} with {@code BackOffMilliseconds}; requests that arrive before that back-off has
 * passed are counted ({@link SimulatorStats#requestsDuringBackOff()}).
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

    /** Forgets budgets and back-off deadlines (requests in flight stay counted). */
    public void resetBudgets() {
        accounts.values().forEach(AccountState::resetBudget);
    }

    /**
     * Admits a request of {@code account} or throws {@code ErrorServerBusy}. The returned permit must be
     * closed when the response has been produced.
     */
    public Permit admit(String account) throws EwsFault {
        String key = key(account);
        ThrottlingSettings s = settingsFor(key);
        AccountState state = accounts.computeIfAbsent(key, k -> new AccountState());
        state.admit(s, clock.instant());
        stats.enter(key);
        return () -> {
            state.release();
            stats.exit(key);
        };
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
        private Instant backOffUntil;

        synchronized void admit(ThrottlingSettings s, Instant now) {
            if (backOffUntil != null && now.isBefore(backOffUntil)) {
                stats.requestDuringBackOff();
            }
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
                    backOffUntil = now.plusMillis(backOff);
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
            backOffUntil = null;
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

    private static String key(String account) {
        return account.toLowerCase(Locale.ROOT);
    }
}
