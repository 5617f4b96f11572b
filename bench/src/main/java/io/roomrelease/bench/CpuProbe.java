package io.roomrelease.bench;

import java.lang.management.ManagementFactory;

/** CPU time used by this JVM (all threads), for the CPU-per-call figures. */
final class CpuProbe {
    private CpuProbe() {
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
