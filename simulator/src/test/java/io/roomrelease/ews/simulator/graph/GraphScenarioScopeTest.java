package io.roomrelease.ews.simulator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.ews.simulator.MutableClock;
import io.roomrelease.ews.simulator.scenario.Scenario;

/** A scenario file sets the application access scope Graph apps start with. */
class GraphScenarioScopeTest {
    final MutableClock clock = new MutableClock(Instant.parse("2025-03-10T09:00:00Z"));

    @TempDir
    Path dir;

    Scenario load(String graph) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                rooms:
                  - {email: r1@contoso.com, name: R1}
                users:
                  - {email: u@contoso.com, name: U}
                """ + graph);
        return Scenario.load(file, clock);
    }

    @Test
    void roomsByDefaultAllOrAList() throws Exception {
        assertThat(load("").graphScope().kind()).isEqualTo(GraphSettings.Scope.Kind.ROOMS);
        assertThat(load("graph: {scope: all}\n").graphScope().kind()).isEqualTo(GraphSettings.Scope.Kind.ALL);
        GraphSettings.Scope list = load("graph: {scope: [R1@contoso.com]}\n").graphScope();
        assertThat(list.kind()).isEqualTo(GraphSettings.Scope.Kind.LIST);
        assertThat(list.mailboxes()).isEqualTo(Set.of("r1@contoso.com"));
        assertThatThrownBy(() -> load("graph: {scope: everyone}\n")).hasMessageContaining("graph.scope")
                .hasMessageContaining("rooms, all");
        assertThatThrownBy(() -> load("graph: {scopes: all}\n")).hasMessageContaining("scopes");
    }
}
