package io.roomrelease.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo command, as a user runs it: {@code java -jar demo/target/room-release-demo.jar} (here with
 * {@code --once}: one sweep, the nightly cleanup and the summary, then exit 0), in a folder of its own and on free
 * ports. The packaged demo jar carries the simulator the production jar does not.
 */
class DemoJarIT {

    @TempDir
    Path dir;

    @Test
    void theDemoJarRunsTheDemoSweepAndExitsZero() throws Exception {
        Path jar = Path.of("demo/target/room-release-demo.jar").toAbsolutePath();
        Path log = dir.resolve("demo.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "--once").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("CAMEL_SERVER_PORT", String.valueOf(DemoMetricsTest.freePort()));
        pb.environment().put("CAMEL_MANAGEMENT_PORT", String.valueOf(DemoMetricsTest.freePort()));
        Process p = pb.start();
        try {
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the demo finishes").isTrue();
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("Demo: the EWS simulator runs the demo scenario at https://")
                    .contains("room(s) swept").contains("Released: ");
            assertThat(dir.resolve("data/demo/demo-api-keys.properties")).exists();
            List<String> lib = List.of(jar.resolveSibling("lib").toFile().list());
            assertThat(lib).anyMatch(n -> n.startsWith("ews-simulator")).anyMatch(n -> n.startsWith("room-release"));
        } finally {
            p.destroyForcibly();
        }
    }
}
