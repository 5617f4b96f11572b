package io.roomrelease.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command line of the benchmark.
 *
 * @param sizes             scenario sizes (rooms)
 * @param strategies        detection strategies to measure
 * @param out               where the JSON results go
 * @param repo              repository root (config/ and routes/)
 * @param naiveSample       rooms the naive baseline reads
 * @param unthrottledRooms  rooms the unthrottled baseline reads
 * @param heapSweeps        sweeps in a row for the heap-growth figure
 * @param warmUpSweeps      sweeps (each releasing a batch) before the measured sweep of a row, at least
 * @param maxWarmUpSweeps   at most this many: after {@code warmUpSweeps}, warm-ups go on until one in which the JIT
 *                          compiled for less than {@link #JIT_QUIET} of its duration (steady state)
 * @param seed              scenario and latency seed
 * @param quick             the smoke run
 */
record BenchOptions(List<Integer> sizes, List<String> strategies, Path out, Path repo, int naiveSample,
        int unthrottledRooms, int heapSweeps, int warmUpSweeps, int maxWarmUpSweeps, long seed, boolean quick) {

    /** A warm-up sweep whose JIT compile time is below this share of its duration ends the warm-up. */
    static final double JIT_QUIET = 0.10;

    static final String USAGE = String.join("\n",
            "Usage: java -jar bench/target/room-release-bench.jar [options]   (run from the repository root)",
            "  --quick                 smoke run: 1,000 rooms, 100-room naive sample, 3 heap sweeps (about a minute)",
            "  --sizes 1000,5000,...   scenario sizes (default 1000,5000,10000,20000)",
            "  --strategies a,b        calendar,availability (default both); over Microsoft Graph: graph-calendar,",
            "                          graph-availability, graph-delta, and graph-batching (getAvailability of every",
            "                          room with and without JSON batching, straight through the component)",
            "  --naive-sample N        rooms read by the naive baseline (default 300)",
            "  --unthrottled-rooms N   rooms read by the unthrottled baseline (default 3000)",
            "  --heap-sweeps N         sweeps in a row at 10,000 rooms for the heap-growth figure (default 10)",
            "  --warm-up-sweeps N      sweeps before each row's measured sweep, at least, each releasing a batch",
            "                          (default 3, --quick 1)",
            "  --max-warm-up-sweeps N  after those, warm-ups go on until the JIT compiled for less than 10% of a",
            "                          warm-up sweep's duration (the code a process sweeping every minute runs is",
            "                          compiled), at most N in all (default 30; --quick: no more than the minimum)",
            "  --seed N                scenario and latency seed (default 42)",
            "  --out FILE              results file (default bench/results/latest.json)",
            "  --repo DIR              repository root holding config/ and routes/ (default .)");

    static BenchOptions parse(String... args) {
        List<Integer> sizes = List.of(1000, 5000, 10000, 20000);
        List<String> strategies = List.of("calendar", "availability");
        Path out = null;
        Path repo = Path.of(".");
        Integer naive = null;
        Integer unthrottled = null;
        Integer heapSweeps = null;
        Integer warmUpSweeps = null;
        Integer maxWarmUpSweeps = null;
        long seed = 42;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> quick = true;
                case "--sizes" -> sizes = ints(value(args, ++i, a));
                case "--strategies" -> strategies = List.of(value(args, ++i, a).split(","));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--repo" -> repo = Path.of(value(args, ++i, a));
                case "--naive-sample" -> naive = Integer.parseInt(value(args, ++i, a));
                case "--unthrottled-rooms" -> unthrottled = Integer.parseInt(value(args, ++i, a));
                case "--heap-sweeps" -> heapSweeps = Integer.parseInt(value(args, ++i, a));
                case "--warm-up-sweeps" -> warmUpSweeps = Integer.parseInt(value(args, ++i, a));
                case "--max-warm-up-sweeps" -> maxWarmUpSweeps = Integer.parseInt(value(args, ++i, a));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                default -> throw new IllegalArgumentException("Unknown option '" + a + "'\n" + USAGE);
            }
        }
        for (String s : strategies) {
            if (!List.of("calendar", "availability", "graph-calendar", "graph-availability", "graph-delta",
                    "graph-batching").contains(s)) {
                throw new IllegalArgumentException("Unknown strategy '" + s + "': use calendar, availability,"
                        + " graph-calendar, graph-availability, graph-delta and/or graph-batching");
            }
        }
        if (quick) {
            sizes = List.of(1000);
        }
        if (warmUpSweeps != null && warmUpSweeps < 1) {
            throw new IllegalArgumentException("--warm-up-sweeps must be at least 1 (the warm-up also reads the room lists)"
                    + ", was " + warmUpSweeps);
        }
        int minWarmUps = warmUpSweeps != null ? warmUpSweeps : quick ? 1 : 3;
        int maxWarmUps = maxWarmUpSweeps != null ? maxWarmUpSweeps : quick ? minWarmUps : Math.max(30, minWarmUps);
        if (maxWarmUps < minWarmUps) {
            throw new IllegalArgumentException("--max-warm-up-sweeps (" + maxWarmUps + ") must be at least "
                    + "--warm-up-sweeps (" + minWarmUps + ")");
        }
        if (out == null) {
            out = repo.resolve("bench/results").resolve(quick ? "quick.json" : "latest.json");
        }
        return new BenchOptions(sizes, strategies, out, repo, naive != null ? naive : quick ? 100 : 300,
                unthrottled != null ? unthrottled : quick ? 1000 : 3000, heapSweeps != null ? heapSweeps : quick ? 3 : 10,
                minWarmUps, maxWarmUps, seed, quick);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).forEach(out::add);
        return out;
    }
}
