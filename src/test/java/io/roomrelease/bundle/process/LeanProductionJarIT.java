package io.roomrelease.bundle.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production jar as packaged: its dependency list (the manifest's Class-Path and {@code src/target/lib}) carries
 * no simulator, Jetty or BouncyCastle, and {@code --profile demo} on it names the demo jar instead of failing
 * obscurely. (The enforcer rule in src/pom.xml guards the same list at build time.)
 */
class LeanProductionJarIT {

    private static final List<String> BANNED = List.of("ews-simulator", "jetty", "bcprov", "bcpkix", "bcutil");

    @TempDir
    Path dir;

    @Test
    void theProductionJarsDependencyListHasNoSimulatorJettyOrBouncyCastle() throws IOException {
        Path jar = BundleProcess.jar();
        List<String> classPath;
        try (JarFile j = new JarFile(jar.toFile())) {
            classPath = Arrays.asList(j.getManifest().getMainAttributes().getValue("Class-Path").split(" "));
        }
        List<String> lib;
        try (Stream<Path> files = Files.list(jar.resolveSibling("lib"))) {
            lib = files.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(classPath).as("the manifest names the runtime dependencies").isNotEmpty()
                .anyMatch(e -> e.contains("camel-ews-custom")).anyMatch(e -> e.contains("camel-micrometer"));
        for (String banned : BANNED) {
            assertThat(classPath).as("Class-Path").noneMatch(e -> e.contains(banned));
            assertThat(lib).as("src/target/lib").noneMatch(e -> e.contains(banned));
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.stream().map(e -> e.getName()))
                    .noneMatch(n -> n.contains("simulator") || n.contains("DemoLauncher"));
        }
    }

    @Test
    void theDemoProfileOnTheProductionJarNamesTheDemoJar() {
        try (ChildProcess p = ChildProcess.start("room-release", List.of(ChildProcess.java(), "-jar",
                BundleProcess.jar().toString(), "--profile", "demo"), Map.of(), dir, dir.resolve("out.log"))) {
            assertThat(p.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(p.output()).contains("java -jar demo/target/room-release-demo.jar");
        }
    }
}
