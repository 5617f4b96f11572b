package io.roomrelease.ews.simulator.server;

import static io.roomrelease.ews.simulator.server.SimulatorFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileXmlTest {
    private static final String SECRET = "TOP-SECRET-4711-do-not-leak";
    private final SimulatorFixture f = new SimulatorFixture();

    @AfterEach
    void close() {
        f.sim.assertNoSchemaViolations();
        f.close();
    }

    @Test
    void externalEntityToALocalFileIsRefusedAndNothingLeaks(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + Soap.withBody("<m:GetRoomLists>&xxe;</m:GetRoomLists>").substring(Soap.HEAD.indexOf("<soap:Envelope"));
        HttpResponse<String> r = f.postSoap(xml, SVC, SVC_PASSWORD);
        assertFault(r, "ErrorSchemaValidation");
        assertThat(r.body()).contains("DOCTYPE").doesNotContain(SECRET);
        assertThat(f.probe.calls).isEmpty();
        assertThat(f.sim.stats().rejectedXml()).isEqualTo(1);
    }

    @Test
    void externalEntitiesToALoopbackUrlAreNeverFetched() throws Exception {
        try (LoopbackProbe probe = new LoopbackProbe()) {
            String envelope = Soap.withBody("<m:GetRoomLists>&xxe;</m:GetRoomLists>").substring(Soap.HEAD.indexOf("<soap:Envelope"));
            assertFault(f.postSoap("<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"" + probe.uri("/general") + "\">]>"
                    + envelope, SVC, SVC_PASSWORD), "ErrorSchemaValidation");
            assertFault(f.postSoap("<!DOCTYPE soap:Envelope [<!ENTITY % p SYSTEM \"" + probe.uri("/parameter") + "\"> %p;]>"
                    + envelope, SVC, SVC_PASSWORD), "ErrorSchemaValidation");
            assertFault(f.postSoap("<!DOCTYPE soap:Envelope SYSTEM \"" + probe.uri("/dtd") + "\">"
                    + envelope, SVC, SVC_PASSWORD), "ErrorSchemaValidation");
            assertThat(probe.hits).hasValue(0);
        }
    }

    @Test
    void billionLaughsIsRefusedAndTheServerStaysHealthy() throws Exception {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE soap:Envelope [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        String xml = dtd + Soap.withBody("<m:GetRoomLists>&lol9;</m:GetRoomLists>").substring(Soap.HEAD.indexOf("<soap:Envelope"));
        HttpResponse<String> r = f.postSoap(xml, SVC, SVC_PASSWORD);
        assertFault(r, "ErrorSchemaValidation");
        assertThat(r.body()).doesNotContain("lollol");
        assertThat(f.postSoap(Soap.GET_ROOM_LISTS, SVC, SVC_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void oversizedRequestsAreRefusedWhetherDeclaredOrStreamed() throws Exception {
        byte[] big = new byte[11 * 1024 * 1024];
        Arrays.fill(big, (byte) ' ');
        byte[] head = Soap.HEAD.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, big, 0, head.length);

        HttpResponse<String> declared = send(HttpRequest.BodyPublishers.ofByteArray(big));
        assertFault(declared, "ErrorInvalidRequest");
        assertThat(declared.body()).contains("limit");

        HttpResponse<String> chunked = send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertFault(chunked, "ErrorInvalidRequest");
        assertThat(f.sim.stats().rejectedXml()).isEqualTo(2);
    }

    @Test
    void notWellFormedXmlGetsASchemaValidationFaultWithItsPosition() throws Exception {
        HttpResponse<String> r = f.postSoap(Soap.HEAD + "<soap:Body><m:GetRoomLists></soap:Body>", SVC, SVC_PASSWORD);
        assertFault(r, "ErrorSchemaValidation");
        assertThat(r.body()).contains("<e:Line").contains("<e:Position");
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(f.httpUrl())
                .header("Content-Type", "text/xml; charset=utf-8").header("Authorization", basic(SVC, SVC_PASSWORD))
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertFault(HttpResponse<String> r, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        assertThat(r.body()).contains("<faultcode").contains("a:" + code)
                .contains("<e:ResponseCode xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">" + code + "</e:ResponseCode>");
    }
}
