package io.roomrelease.ews.simulator.server;

import static io.roomrelease.ews.simulator.server.SimulatorFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.http.NoHttpResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import microsoft.exchange.webservices.data.core.ExchangeService;

class FaultInjectionTest {
    private final SimulatorFixture f = new SimulatorFixture();

    @AfterEach
    void close() {
        f.sim.assertNoSchemaViolations();
        f.close();
    }

    @Test
    void droppedConnectionGivesTheClientNoResponse() throws Exception {
        f.sim.faults().dropConnections(1);
        assertThatThrownBy(() -> f.postSoap(Soap.GET_ROOM_LISTS, SVC, SVC_PASSWORD)).isInstanceOf(IOException.class);
        assertThat(f.postSoap(Soap.GET_ROOM_LISTS, SVC, SVC_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(f.sim.stats().droppedConnections()).isEqualTo(1);
        assertThat(f.probe.calls).hasSize(1);
    }

    @Test
    void idleKeepAliveTimeoutMakesAReusedConnectionFailWithNoHttpResponse() throws Exception {
        f.sim.faults().idleTimeout(Duration.ofMillis(200));
        try (ExchangeService ews = f.preemptiveBasic(SVC, SVC_PASSWORD)) {
            ews.getRoomLists();
            Thread.sleep(800); // let the server close the idle connection the client keeps
            Throwable stale = catchThrowable(ews::getRoomLists);
            assertThat(stale).hasRootCauseInstanceOf(NoHttpResponseException.class);
            ews.getRoomLists();
        }
        assertThat(f.probe.calls).hasSize(2);
    }

    @Test
    void dropAfterExecutionCarriesTheOperationOutAndSendsNoReply() throws Exception {
        f.sim.faults().dropConnectionAfterExecution("GetRoomLists", 1);
        assertThatThrownBy(() -> f.postSoap(Soap.GET_ROOM_LISTS, SVC, SVC_PASSWORD)).isInstanceOf(IOException.class);
        assertThat(f.probe.calls).as("the operation ran before the connection was dropped").hasSize(1);
        assertThat(f.sim.stats().droppedConnections()).isEqualTo(1);
        assertThat(f.postSoap(Soap.GET_ROOM_LISTS, SVC, SVC_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(f.probe.calls).hasSize(2);
    }

    @Test
    void unreadableReplyAfterExecutionCarriesTheOperationOut() throws Exception {
        f.sim.faults().unreadableReplyAfterExecution("GetRoomLists", 1);
        HttpResponse<String> raw = f.postSoap(Soap.GET_ROOM_LISTS, SVC, SVC_PASSWORD);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).doesNotContain("</s:Envelope>");
        assertThat(f.probe.calls).hasSize(1);
    }

    @Test
    void idleTimeoutClosesConnectionsAlreadyOpenServerSide() throws Exception {
        java.net.URI base = f.sim.httpUrl();
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("GET " + SimulatorServer.ewsPath() + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var in = socket.getInputStream();
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 405");
            // the connection is open and idle (keep-alive); a shorter idle timeout applies to it too
            f.sim.faults().idleTimeout(Duration.ofMillis(200));
            int eof;
            do {
                eof = in.read(buf); // drains what is left of the 405, then meets the server's close
            } while (eof > 0);
            assertThat(eof).as("the server closed the idle connection").isEqualTo(-1);
        }
    }

    @Test
    void malformedReplyBreaksTheClientOnce() throws Exception {
        f.sim.faults().malformedReply("GetRoomLists", 1);
        try (ExchangeService ews = f.preemptiveBasic(SVC, SVC_PASSWORD)) {
            assertThat(catchThrowable(ews::getRoomLists)).isNotNull();
            assertThat(ews.getRoomLists()).hasSize(1);
        }
    }

    @Test
    void externalEntityReplyIsARealXxeThatAVulnerableParserWouldFollow() throws Exception {
        try (LoopbackProbe probe = new LoopbackProbe()) {
            f.sim.faults().externalEntityReply("GetRoomLists", probe.uri("/stolen"), 2);
            try (ExchangeService ews = f.preemptiveBasic(SVC, SVC_PASSWORD)) {
                assertThat(catchThrowable(ews::getRoomLists)).as("ews-java-api refuses DTDs on this path").isNotNull();
            }
            assertThat(probe.hits).hasValue(0);

            HttpResponse<String> raw = f.postSoap(Soap.GET_ROOM_LISTS, SVC, SVC_PASSWORD);
            assertThat(raw.body()).contains("<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM \"" + probe.uri("/stolen") + "\">]>")
                    .contains("&xxe;");
            DocumentBuilderFactory naive = DocumentBuilderFactory.newInstance();
            naive.setNamespaceAware(true);
            String text = naive.newDocumentBuilder().parse(new ByteArrayInputStream(raw.body().getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement().getTextContent();
            assertThat(text).contains("LEAKED-VIA-LOOPBACK");
            assertThat(probe.hits).hasValue(1);
        }
        assertThat(f.postSoap(Soap.GET_ROOM_LISTS, SVC, SVC_PASSWORD).body()).doesNotContain("DOCTYPE");
    }

    @Test
    void entityExpansionReplyIsARealBillionLaughs() throws Exception {
        f.sim.faults().entityExpansionReply(null, 1);
        HttpResponse<String> raw = f.postSoap(Soap.GET_ROOM_LISTS, SVC, SVC_PASSWORD);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).contains("<!ENTITY lol9").contains("&lol9;");
        DocumentBuilderFactory jdkDefaults = DocumentBuilderFactory.newInstance();
        assertThatThrownBy(() -> jdkDefaults.newDocumentBuilder()
                .parse(new ByteArrayInputStream(raw.body().getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("entity expansions");
    }

    @Test
    void latencyIsDrawnPerOperationWithTheAllOperationsDefault() {
        f.sim.faults().fixedLatency(Duration.ofMillis(7)).fixedLatency("FindItem", Duration.ofMillis(40));
        assertThat(f.sim.faults().drawLatency("FindItem")).isEqualTo(Duration.ofMillis(40));
        assertThat(f.sim.faults().drawLatency("GetItem")).isEqualTo(Duration.ofMillis(7));
        f.sim.faults().reset();
        assertThat(f.sim.faults().drawLatency("FindItem")).isEqualTo(Duration.ZERO);
    }
}
