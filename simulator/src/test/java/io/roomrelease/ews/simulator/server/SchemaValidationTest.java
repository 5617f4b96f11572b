package io.roomrelease.ews.simulator.server;

import static io.roomrelease.ews.simulator.server.SimulatorFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.roomrelease.ews.simulator.schema.SchemaValidator;
import io.roomrelease.ews.simulator.schema.SchemaViolation;

import microsoft.exchange.webservices.data.core.ExchangeService;

class SchemaValidationTest {
    private SimulatorFixture f;

    @BeforeEach
    void start() {
        f = new SimulatorFixture();
        assumeTrue(f.sim.schemaValidation().isEnabled(), () -> f.sim.schemaValidation().disabledReason().orElse(""));
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void invalidRequestGetsErrorSchemaValidationAndIsRecorded() throws Exception {
        HttpResponse<String> r = f.postSoap(Soap.withBody("<m:GetRoomLists><m:NoSuchChild/></m:GetRoomLists>"), SVC, SVC_PASSWORD);
        HostileXmlTest.assertFault(r, "ErrorSchemaValidation");
        assertThat(r.body()).contains("The request failed schema validation");
        assertThat(f.probe.calls).isEmpty();
        assertThat(f.sim.schemaViolations()).singleElement().satisfies(v -> {
            assertThat(v.operation()).isEqualTo("GetRoomLists");
            assertThat(v.direction()).isEqualTo(SchemaViolation.Direction.REQUEST);
            assertThat(v.message()).contains("m:GetRoomLists");
        });
        assertThatThrownBy(f.sim::assertNoSchemaViolations).isInstanceOf(AssertionError.class)
                .hasMessageContaining("REQUEST GetRoomLists");
        f.sim.clearSchemaViolations();
        f.sim.assertNoSchemaViolations();
    }

    @Test
    void invalidHeaderChildIsCaughtToo() throws Exception {
        String xml = Soap.GET_ROOM_LISTS.replace("<t:RequestServerVersion Version=\"Exchange2016\"/>",
                "<t:RequestServerVersion Version=\"Exchange2016\"/><t:TimeZoneContext/>");
        HttpResponse<String> r = f.postSoap(xml, SVC, SVC_PASSWORD);
        HostileXmlTest.assertFault(r, "ErrorSchemaValidation");
        // Exchange's shape: the violation in detail/t:MessageXml/t:Violation
        assertThat(r.body()).containsPattern("<t:MessageXml[^>]*><t:Violation>[^<]*TimeZoneDefinition");
        assertThat(f.sim.schemaViolations()).singleElement()
                .satisfies(v -> assertThat(v.element()).isEqualTo("TimeZoneContext"));
        f.sim.clearSchemaViolations();
    }

    @Test
    void invalidResponseIsRecordedButStillSent() throws Exception {
        f.probe.answerInvalid = true;
        try (ExchangeService ews = f.preemptiveBasic(SVC, SVC_PASSWORD)) {
            catchThrowable(ews::getRoomLists);
        }
        assertThat(f.sim.schemaViolations()).singleElement().satisfies(v -> {
            assertThat(v.direction()).isEqualTo(SchemaViolation.Direction.RESPONSE);
            assertThat(v.element()).isEqualTo("GetRoomListsResponse");
        });
        f.sim.clearSchemaViolations();
    }

    @Test
    void requestsOfEwsJavaApiAndOurResponsesValidate() throws Exception {
        try (ExchangeService ews = f.challengeBasic(SVC, SVC_PASSWORD)) {
            ews.setImpersonatedUserId(new microsoft.exchange.webservices.data.misc.ImpersonatedUserId(
                    microsoft.exchange.webservices.data.core.enumeration.misc.ConnectingIdType.SmtpAddress, ROOM1));
            ews.getRoomLists();
        }
        assertThat(f.probe.calls).hasSize(1);
        assertThat(f.sim.schemaViolations()).isEmpty();
    }

    @Test
    void missingSchemaDirectoryDisablesValidationUnlessRequired(@TempDir Path empty) {
        String dir = System.getProperty(SchemaValidator.DIR_PROPERTY);
        String required = System.getProperty(SchemaValidator.REQUIRED_PROPERTY);
        try {
            System.setProperty(SchemaValidator.DIR_PROPERTY, empty.toString());
            System.setProperty(SchemaValidator.REQUIRED_PROPERTY, "false");
            SchemaValidator off = SchemaValidator.fromSystemProperties();
            assertThat(off.isEnabled()).isFalse();
            assertThat(off.disabledReason()).hasValueSatisfying(r -> assertThat(r).contains(empty.toString()).contains("ews.schema.dir"));

            System.setProperty(SchemaValidator.REQUIRED_PROPERTY, "true");
            assertThatThrownBy(SchemaValidator::fromSystemProperties).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ews.schema.required=true").hasMessageContaining(empty.toString());
        } finally {
            restore(SchemaValidator.DIR_PROPERTY, dir);
            restore(SchemaValidator.REQUIRED_PROPERTY, required);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
