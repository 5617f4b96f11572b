package io.roomrelease.bundle.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM started as an operator starts it: {@code java -jar ...} in its own folder, with a clean environment that holds
 * only the variables given (plus PATH and HOME), its output in a file the test reads.
 */
final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -jar jar args...} in {@code dir} with exactly {@code env} (plus PATH and HOME). */
    static ChildProcess javaJar(Path jar, Path dir, Map<String, String> env, String... args) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run mvn verify (package comes first)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Files.createDirectories(dir);
        Path log = Files.createTempFile(dir, jar.getFileName().toString(), ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = pb.environment();
        environment.clear();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("HOME", System.getProperty("user.home"));
        environment.putAll(env);
        return new ChildProcess(pb.start(), log);
    }

    /** Everything the process wrote so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until the output matches {@code regex}; returns the match (its groups). */
    Matcher await(String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            Matcher m = p.matcher(output());
            if (m.find()) {
                return m;
            }
            if (!process.isAlive()) {
                m = p.matcher(output());
                if (m.find()) {
                    return m;
                }
                throw new AssertionError("The process ended (exit " + process.exitValue() + ") before printing /"
                        + regex + "/:\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No /" + regex + "/ within " + timeout + ":\n" + output());
    }

    /** Waits for the process to end; returns its exit code. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** The command line the operating system shows for this process (what {@code ps} shows). */
    String commandLine() {
        return process.info().commandLine().orElse("");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
