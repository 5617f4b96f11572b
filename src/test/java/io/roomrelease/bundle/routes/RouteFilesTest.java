package io.roomrelease.bundle.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.roomrelease.bundle.app.RoomReleaseApp;

/** The route files integration teams edit: valid against Camel's official schema, and loud when broken. */
class RouteFilesTest {

    private static final Path ROUTES = Path.of("routes");

    static Stream<Path> routeFiles() throws Exception {
        try (Stream<Path> files = Files.list(ROUTES)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
            assertThat(yaml).as("route files in " + ROUTES.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(5);
            return yaml.stream();
        }
    }

    private static JsonSchema schema;

    private static synchronized JsonSchema schema() throws Exception {
        if (schema != null) {
            return schema;
        }
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class.getClassLoader()
                .getResourceAsStream("schema/camelYamlDsl.json")) {
            assertThat(in).as("schema/camelYamlDsl.json in the camel-yaml-dsl jar").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        return schema;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void everyRouteFileValidatesAgainstCamelsOfficialYamlSchema(Path file) throws Exception {
        JsonNode routes = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        Set<ValidationMessage> problems = schema().validate(routes);
        assertThat(problems).as("schema problems in " + file).isEmpty();
    }

    @Test
    void aRouteFileWithASyntaxErrorStopsStartUpNamingTheFileAndLine(@TempDir Path dir) throws Exception {
        for (Path f : routeFiles().toList()) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        Files.writeString(dir.resolve("broken.camel.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                      steps:
                        - log: "ok"
                        - setBody:
                            simple: "${body}"
                          constant: [unclosed
                """);
        assertThatThrownBy(() -> RoomReleaseApp.builder()
                .routes("file:" + dir + "/*.camel.yaml")
                .property("roomrelease.rooms", "room.a@corp.example")
                .property("camel.component.ews.url", "https://mail.corp.example/EWS/Exchange.asmx")
                .property("camel.component.ews.username", "svc@corp.example")
                .property("camel.component.ews.password", "not-used")
                .property("roomrelease.db.url", "jdbc:h2:mem:broken;DB_CLOSE_DELAY=-1")
                .property("camel.server.enabled", "false")
                .property("camel.management.enabled", "false")
                .property("camel.component.quartz.auto-start-scheduler", "false")
                .start())
                .satisfies(e -> assertThat(allMessages(e)).contains("broken.camel.yaml").containsPattern("line \\d+"));
    }

    private static String allMessages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
