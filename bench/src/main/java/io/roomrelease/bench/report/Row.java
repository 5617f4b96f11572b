package io.roomrelease.bench.report;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of the benchmark table: every figure measured for one strategy (or baseline) at one size. Figures that do
 * not apply to a row are null.
 *
 * @param name                 the row's name, e.g. {@code calendar-10000}
 * @param strategy             calendar, availability, naive, unthrottled or storm
 * @param rooms                rooms in the scenario (the baselines: rooms read)
 * @param cap                  requests in flight the client allows itself (the bound's concurrency)
 * @param seconds              wall time of the measured sweep (or pass)
 * @param roomsPerSecond       rooms / seconds
 * @param bound                cap / (median latency x EWS calls per room): the best rooms/s the strategy can reach
 * @param ratioToBound         roomsPerSecond / bound
 * @param callsPerRoom         EWS calls the server received / rooms
 * @param callsPerOperation    EWS calls by operation
 * @param maxInFlight          the most requests of the account served at once, as the server saw it
 * @param serverBusy           ErrorServerBusy replies sent
 * @param requestsDuringBackOff requests that arrived before a BackOffMilliseconds had passed
 * @param clientErrors         rooms the client failed to read (or that the sweep reported as not swept)
 * @param heapMb               used heap of the benchmark JVM after the sweep and a full GC
 * @param heapGrowthMb         used heap after the last of {@code sweeps} sweeps minus after the first
 * @param sweeps               sweeps measured for the heap figures
 * @param lagP50Ms             detection lag p50: release time minus (meeting start + grace)
 * @param lagP99Ms             detection lag p99
 * @param injected             meetings whose release decision fell in this sweep's window
 * @param released             of those, released
 * @param releasedMoreThanOnce of those, released more than once
 * @param clientCpuMsPerCall   CPU time of the benchmark JVM (the bundle) per EWS call during the measurement
 * @param serverCpuMsPerCall   CPU time of the simulator JVM per EWS call during the measurement
 * @param note                 what else a reader needs to know
 * @param clientSentDuringBackOff storm: requests the client put on the wire after it had read a busy reply and before
 *                             its BackOffMilliseconds had passed (the client's promise: 0)
 * @param clientInFlightAtBusy storm: over every busy reply the client read, its other requests already on the wire
 *                             (sent before it could know, each counted once; the only ones that may arrive early)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Row(String name, String strategy, int rooms, int cap, double seconds, double roomsPerSecond, Double bound,
        Double ratioToBound, double callsPerRoom, Map<String, Long> callsPerOperation, int maxInFlight, long serverBusy,
        long requestsDuringBackOff, long clientErrors, Double heapMb, Double heapGrowthMb, Integer sweeps, Long lagP50Ms,
        Long lagP99Ms, Integer injected, Integer released, Integer releasedMoreThanOnce, Double clientCpuMsPerCall,
        Double serverCpuMsPerCall, String note, Long clientSentDuringBackOff, Long clientInFlightAtBusy) {

    /** A row without the client-side storm figures. */
    public Row(String name, String strategy, int rooms, int cap, double seconds, double roomsPerSecond, Double bound,
            Double ratioToBound, double callsPerRoom, Map<String, Long> callsPerOperation, int maxInFlight, long serverBusy,
            long requestsDuringBackOff, long clientErrors, Double heapMb, Double heapGrowthMb, Integer sweeps, Long lagP50Ms,
            Long lagP99Ms, Integer injected, Integer released, Integer releasedMoreThanOnce, Double clientCpuMsPerCall,
            Double serverCpuMsPerCall, String note) {
        this(name, strategy, rooms, cap, seconds, roomsPerSecond, bound, ratioToBound, callsPerRoom, callsPerOperation,
                maxInFlight, serverBusy, requestsDuringBackOff, clientErrors, heapMb, heapGrowthMb, sweeps, lagP50Ms, lagP99Ms,
                injected, released, releasedMoreThanOnce, clientCpuMsPerCall, serverCpuMsPerCall, note, null, null);
    }

    /** Seconds of wall time per 1,000 rooms. */
    public double secondsPer1000Rooms() {
        return seconds * 1000.0 / rooms;
    }

    /** A copy with heap figures. */
    public Row withHeap(double heapMb, Double heapGrowthMb, Integer sweeps) {
        return new Row(name, strategy, rooms, cap, seconds, roomsPerSecond, bound, ratioToBound, callsPerRoom,
                callsPerOperation, maxInFlight, serverBusy, requestsDuringBackOff, clientErrors, heapMb, heapGrowthMb,
                sweeps, lagP50Ms, lagP99Ms, injected, released, releasedMoreThanOnce, clientCpuMsPerCall, serverCpuMsPerCall, note,
                clientSentDuringBackOff, clientInFlightAtBusy);
    }

    /** A copy with CPU figures: milliseconds of CPU per EWS call in each JVM. */
    public Row withCpu(double clientMsPerCall, double serverMsPerCall) {
        return new Row(name, strategy, rooms, cap, seconds, roomsPerSecond, bound, ratioToBound, callsPerRoom,
                callsPerOperation, maxInFlight, serverBusy, requestsDuringBackOff, clientErrors, heapMb, heapGrowthMb,
                sweeps, lagP50Ms, lagP99Ms, injected, released, releasedMoreThanOnce, clientMsPerCall, serverMsPerCall, note,
                clientSentDuringBackOff, clientInFlightAtBusy);
    }

    /** A copy with another note. */
    public Row withNote(String text) {
        return new Row(name, strategy, rooms, cap, seconds, roomsPerSecond, bound, ratioToBound, callsPerRoom,
                callsPerOperation, maxInFlight, serverBusy, requestsDuringBackOff, clientErrors, heapMb, heapGrowthMb,
                sweeps, lagP50Ms, lagP99Ms, injected, released, releasedMoreThanOnce, clientCpuMsPerCall, serverCpuMsPerCall, text,
                clientSentDuringBackOff, clientInFlightAtBusy);
    }

    /** A copy with the client-side figures of a throttle storm. */
    public Row withClientBackOff(long sentDuringBackOff, long inFlightAtBusy) {
        return new Row(name, strategy, rooms, cap, seconds, roomsPerSecond, bound, ratioToBound, callsPerRoom,
                callsPerOperation, maxInFlight, serverBusy, requestsDuringBackOff, clientErrors, heapMb, heapGrowthMb,
                sweeps, lagP50Ms, lagP99Ms, injected, released, releasedMoreThanOnce, clientCpuMsPerCall, serverCpuMsPerCall, note,
                sentDuringBackOff, inFlightAtBusy);
    }
}
