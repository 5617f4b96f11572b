package io.roomrelease.camel.ews.retry;

import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of objects that must never be shared by two threads (ews-java-api's {@code ExchangeService}). At
 * most {@code capacity} objects are leased at once; callers beyond that wait. Idle objects are reused; a lease that
 * is {@link Lease#discard() discarded} closes its object; {@link #close()} closes every idle object and every leased
 * one as it comes back.
 */
public final class BoundedPool<S extends AutoCloseable> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedPool.class);

    private final int capacity;
    private final Supplier<S> factory;
    private final Semaphore permits;
    private final Deque<S> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger leased = new AtomicInteger();
    private final AtomicInteger maxLeased = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private volatile boolean shutDown;

    public BoundedPool(int capacity, Supplier<S> factory) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.factory = Objects.requireNonNull(factory, "factory");
        this.permits = new Semaphore(capacity, true);
    }

    /** Waits for a free slot and leases an object; close the lease (try-with-resources) to give it back. */
    public Lease<S> acquire() throws InterruptedException {
        if (shutDown) {
            throw new IllegalStateException("The pool is closed (the ews component or endpoint was stopped)");
        }
        permits.acquire();
        try {
            S s = idle.pollFirst();
            if (s == null) {
                s = factory.get();
                created.incrementAndGet();
            }
            int now = leased.incrementAndGet();
            maxLeased.accumulateAndGet(now, Math::max);
            return new Lease<>(this, s);
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    void giveBack(S s, boolean discard) {
        leased.decrementAndGet();
        try {
            if (discard || shutDown) {
                closeQuietly(s);
            } else {
                idle.addFirst(s);
            }
        } finally {
            permits.release();
        }
    }

    private void closeQuietly(S s) {
        try {
            s.close();
        } catch (Exception e) {
            LOG.debug("Closing a pooled object failed", e);
        } finally {
            closed.incrementAndGet();
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Objects leased right now. */
    public int leased() {
        return leased.get();
    }

    /** The most objects ever leased at once. */
    public int maxLeased() {
        return maxLeased.get();
    }

    /** Objects created so far. */
    public int created() {
        return created.get();
    }

    /** Objects closed so far. */
    public int closedCount() {
        return closed.get();
    }

    /** Idle objects ready for reuse. */
    public int idle() {
        return idle.size();
    }

    @Override
    public void close() {
        shutDown = true;
        S s;
        while ((s = idle.pollFirst()) != null) {
            closeQuietly(s);
        }
    }

    /** A leased object. Close it to give the object back (or {@link #discard()} it first to close it). */
    public static final class Lease<S extends AutoCloseable> implements AutoCloseable {
        private final BoundedPool<S> pool;
        private final S object;
        private boolean discard;
        private boolean returned;

        Lease(BoundedPool<S> pool, S object) {
            this.pool = pool;
            this.object = object;
        }

        public S get() {
            return object;
        }

        /** Marks the object as broken: it is closed instead of reused. */
        public void discard() {
            this.discard = true;
        }

        @Override
        public void close() {
            if (!returned) {
                returned = true;
                pool.giveBack(object, discard);
            }
        }
    }
}
