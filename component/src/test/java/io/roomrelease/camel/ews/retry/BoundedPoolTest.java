package io.roomrelease.camel.ews.retry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedPoolTest {

    static final class Svc implements AutoCloseable {
        final AtomicInteger users = new AtomicInteger();
        volatile boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void neverLeasesMoreThanTheCapAndNeverSharesAnObject() throws Exception {
        List<Svc> created = new java.util.concurrent.CopyOnWriteArrayList<>();
        BoundedPool<Svc> pool = new BoundedPool<>(4, () -> {
            Svc s = new Svc();
            created.add(s);
            return s;
        });
        AtomicInteger shared = new AtomicInteger();
        ExecutorService ex = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fs.add(ex.submit(() -> {
                go.await();
                try (BoundedPool.Lease<Svc> l = pool.acquire()) {
                    if (l.get().users.incrementAndGet() > 1) {
                        shared.incrementAndGet();
                    }
                    Thread.yield();
                    l.get().users.decrementAndGet();
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : fs) {
            f.get(30, TimeUnit.SECONDS);
        }
        ex.shutdown();
        assertThat(pool.maxLeased()).isLessThanOrEqualTo(4);
        assertThat(created).hasSizeLessThanOrEqualTo(4);
        assertThat(shared).hasValue(0);
        assertThat(pool.leased()).isZero();
        pool.close();
        assertThat(created).allMatch(s -> s.closed);
    }

    @Test
    void discardedObjectsAreClosedAndReplaced() throws Exception {
        BoundedPool<Svc> pool = new BoundedPool<>(1, Svc::new);
        Svc first;
        try (BoundedPool.Lease<Svc> l = pool.acquire()) {
            first = l.get();
            l.discard();
        }
        assertThat(first.closed).isTrue();
        try (BoundedPool.Lease<Svc> l = pool.acquire()) {
            assertThat(l.get()).isNotSameAs(first);
        }
        assertThat(pool.created()).isEqualTo(2);
    }

    @Test
    void objectsLeasedDuringCloseAreClosedWhenReturned() throws Exception {
        BoundedPool<Svc> pool = new BoundedPool<>(2, Svc::new);
        BoundedPool.Lease<Svc> l = pool.acquire();
        pool.close();
        assertThat(l.get().closed).isFalse();
        l.close();
        assertThat(l.get().closed).isTrue();
        assertThatThrownBy(pool::acquire).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new BoundedPool<>(0, Svc::new)).isInstanceOf(IllegalArgumentException.class);
    }
}
