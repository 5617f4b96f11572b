package io.roomrelease.bundle.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM (or any program) started as a child process of the test: its environment is exactly what the test gives
 * (plus PATH and HOME), its stdout and stderr go to one log file, and it can be waited on for a log line, killed
 * with SIGKILL ({@link #kill9()}) or stopped gracefully ({@link #stop}). Every child is killed when the test JVM
 * exits.
 */
public final class ChildProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workingDir;
    private final Path log;
    private final Process process;

    private ChildProcess(String name, List<String> command, Map<String, String> environment, Path workingDir,
                         Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
        this.log = log;
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        String home = env.get("HOME");
        env.clear();
        if (path != null) {
            env.put("PATH", path);
        }
        if (home != null) {
            env.put("HOME", home);
        }
        env.putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- " + name + ": " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            this.process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + e.getMessage(), e);
        }
        Process p = process;
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    }

    /**
     * Starts a program.
     *
     * @param name        a name for messages
     * @param command     the command line
     * @param environment the child's whole environment (PATH and HOME are added)
     * @param workingDir  its working directory
     * @param log         the file its output is appended to
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment,
                                     Path workingDir, Path log) {
        return new ChildProcess(name, command, environment, workingDir, log);
    }

    /** The same command, environment and log file, started again (e.g. after {@link #kill9()}). */
    public ChildProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        return new ChildProcess(name, command, environment, workingDir, log);
    }

    /** The java executable of the running test JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The child's output so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log file. */
    public Path log() {
        return log;
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the output (after {@code fromOffset} characters) matches {@code regex}; returns the match.
     *
     * @throws AssertionError when the process exits first or the time runs out, with the output's tail
     */
    public Matcher awaitLine(String regex, int fromOffset, Duration timeout) {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String out = output();
            Matcher m = p.matcher(out);
            if (m.find(Math.min(fromOffset, out.length()))) {
                return m;
            }
            if (!process.isAlive()) {
                waitFor(Duration.ofSeconds(5));
                out = output();
                m = p.matcher(out);
                if (m.find(Math.min(fromOffset, out.length()))) {
                    return m;
                }
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before printing /" + regex
                        + "/; its output:\n" + tail(out));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not print /" + regex + "/ within " + timeout
                        + "; its output:\n" + tail(out));
            }
            sleep(50);
        }
    }

    /** Waits for a line anywhere in the output. */
    public Matcher awaitLine(String regex, Duration timeout) {
        return awaitLine(regex, 0, timeout);
    }

    /** Waits for the child to end by itself; returns its exit code. */
    public int awaitExit(Duration timeout) {
        if (!waitFor(timeout)) {
            throw new AssertionError(name + " still runs after " + timeout + "; its output:\n" + tail(output()));
        }
        return process.exitValue();
    }

    /** The command line the operating system shows for the child (what {@code ps} shows). */
    public String commandLine() {
        return process.info().commandLine().orElse(String.join(" ", command));
    }

    /** Kills the child with SIGKILL (no shutdown hooks, nothing flushed) and waits for it to be gone. */
    public void kill9() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** Asks the child to stop (SIGTERM: shutdown hooks run) and waits; SIGKILL after the timeout. */
    public int stop(Duration timeout) {
        process.destroy();
        if (!waitFor(timeout)) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
        return process.exitValue();
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(15));
        }
    }

    /** The last 60 lines of a text. */
    static String tail(String out) {
        String[] lines = out.split("\n");
        return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A free TCP port on loopback (for settings that need a number up front). */
    public static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root (the folder holding routes/, config/, simulator/). */
    public static Path repositoryRoot() {
        String fromMaven = System.getProperty("maven.multiModuleProjectDirectory");
        Path dir = fromMaven != null ? Path.of(fromMaven) : Path.of("").toAbsolutePath();
        for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("routes")) && Files.isDirectory(d.resolve("simulator"))) {
                return d;
            }
        }
        throw new IllegalStateException("Cannot find the repository root from " + dir);
    }
}
