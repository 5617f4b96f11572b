package io.roomrelease.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Used heap of this JVM after full collections, in MB. */
final class HeapProbe {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapProbe() {
    }

    /** Asks for a few full GCs (System.gc() is a request) and returns the lowest used heap seen. */
    static double usedAfterGcMb() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return best / (1024.0 * 1024.0);
    }
}
