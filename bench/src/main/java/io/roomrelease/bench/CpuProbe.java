package io.roomrelease.bench;

import java.lang.management.ManagementFactory;

/** CPU time used by this JVM (all threads), for the CPU-per-call figures. */
final class CpuProbe {
    private CpuProbe() {
    }

    /**
     * Time the JIT compilers have spent so far, in ms, summed over the compiler threads (0 when the JVM does not tell):
     * compiling takes the cores the sweep and the simulator share.
     */
    static long jitMillis() {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
