package io.roomrelease.ews.simulator.server;

import static io.roomrelease.ews.simulator.server.SimulatorFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.roomrelease.ews.simulator.soap.Namespaces;

import microsoft.exchange.webservices.data.core.ExchangeService;

class SoapProtocolTest {
    private final SimulatorFixture f = new SimulatorFixture();

    @AfterEach
    void close() {
        f.sim.assertNoSchemaViolations();
        f.close();
    }

    @Test
    void responsesCarryServerVersionInfoInTheSoapHeader() throws Exception {
        HttpResponse<String> r = f.postSoap(Soap.GET_ROOM_LISTS, SVC, SVC_PASSWORD);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/xml"));
        Document d = parse(r.body());
        Element version = (Element) d.getElementsByTagNameNS(Namespaces.TYPES, "ServerVersionInfo").item(0);
        assertThat(version.getParentNode().getLocalName()).isEqualTo("Header");
        assertThat(version.getAttribute("MajorVersion")).isEqualTo("15");
        assertThat(version.getAttribute("Version")).isEqualTo("V2017_07_11");
        assertThat(d.getElementsByTagNameNS(Namespaces.MESSAGES, "GetRoomListsResponse").getLength()).isEqualTo(1);
    }

    @Test
    void faultsHaveExchangesShape() throws Exception {
        f.sim.faults().serverBusy(1, Duration.ofMillis(1234));
        HttpResponse<String> r = f.postSoap(Soap.GET_ROOM_LISTS, SVC, SVC_PASSWORD);
        assertThat(r.statusCode()).isEqualTo(500);
        Document d = parse(r.body());
        Element fault = (Element) d.getElementsByTagNameNS(Namespaces.SOAP, "Fault").item(0);
        Element code = (Element) fault.getElementsByTagName("faultcode").item(0);
        assertThat(code.getTextContent()).isEqualTo("a:ErrorServerBusy");
        assertThat(code.lookupNamespaceURI("a")).isEqualTo(Namespaces.TYPES);
        assertThat(fault.getElementsByTagName("faultstring").item(0).getTextContent())
                .isEqualTo("The server cannot service this request right now. Try again later.");
        assertThat(fault.getElementsByTagNameNS(Namespaces.ERRORS, "ResponseCode").item(0).getTextContent())
                .isEqualTo("ErrorServerBusy");
        Element value = (Element) fault.getElementsByTagNameNS(Namespaces.TYPES, "Value").item(0);
        assertThat(value.getParentNode().getLocalName()).isEqualTo("MessageXml");
        assertThat(value.getAttribute("Name")).isEqualTo("BackOffMilliseconds");
        assertThat(value.getTextContent()).isEqualTo("1234");
    }

    @Test
    void unknownOperationIsAFaultNamingWhatIsServed() throws Exception {
        HttpResponse<String> r = f.postSoap(Soap.withBody("<m:ResolveNames ReturnFullContactData=\"false\">"
                + "<m:UnresolvedEntry>bob</m:UnresolvedEntry></m:ResolveNames>"), SVC, SVC_PASSWORD);
        HostileXmlTest.assertFault(r, "ErrorInvalidRequest");
        assertThat(r.body()).contains("ResolveNames").contains("GetRoomLists").contains("GetServerTimeZones");
    }

    @Test
    void soap12EnvelopeIsRefused() throws Exception {
        String xml = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body/></s:Envelope>";
        HostileXmlTest.assertFault(f.postSoap(xml, SVC, SVC_PASSWORD), "ErrorInvalidRequest");
    }

    @Test
    void clientRequestIdIsEchoedWhenAskedAndReachesTheOperation() throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(f.httpUrl()).header("Content-Type", "text/xml")
                .header("Authorization", basic(SVC, SVC_PASSWORD)).header("client-request-id", "req-42")
                .POST(HttpRequest.BodyPublishers.ofString(Soap.GET_ROOM_LISTS));
        HttpResponse<String> asked = HttpClient.newHttpClient().send(
                b.copy().header("return-client-request-id", "true").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(asked.headers().firstValue("client-request-id")).hasValue("req-42");
        assertThat(asked.headers().firstValue("request-id")).isPresent();
        HttpResponse<String> notAsked = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notAsked.headers().firstValue("client-request-id")).isEmpty();
        assertThat(f.probe.calls).extracting(ProbeOperation.Seen::requestId).containsExactly("req-42", "req-42");
    }

    @Test
    void userAgentsAndOperationsAreCounted() throws Exception {
        try (ExchangeService ews = f.preemptiveBasic(SVC, SVC_PASSWORD)) {
            ews.setUserAgent("RoomRelease/0.1 (test)");
            ews.getRoomLists();
            ews.getRoomLists();
        }
        assertThat(f.sim.stats().userAgents()).anySatisfy(ua -> assertThat(ua).startsWith("RoomRelease/0.1 (test)"));
        assertThat(f.sim.stats().requests("GetRoomLists")).isEqualTo(2);
        assertThat(f.sim.stats().totalRequests()).isEqualTo(2);
        f.sim.resetStats();
        assertThat(f.sim.stats().totalRequests()).isZero();
        assertThat(f.sim.stats().userAgents()).isEmpty();
    }

    @Test
    void onlyPostIsAccepted() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(f.httpUrl()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void httpsServesTheSelfSignedCertificateForLoopbackToEwsJavaApi(@TempDir Path dir) throws Exception {
        X509Certificate cert = f.sim.certificate();
        assertThat(cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList()).contains("localhost", "127.0.0.1");
        try (ExchangeService ews = TrustingExchangeService.create(f.sslContext())) {
            ews.setUrl(f.sim.httpsUrl());
            ews.getHttpHeaders().put("Authorization", basic(SVC, SVC_PASSWORD));
            ews.getRoomLists();
        }
        assertThat(f.probe.calls).hasSize(1);

        Path file = dir.resolve("trust.p12");
        f.sim.writeTrustStore(file, "changeit".toCharArray());
        KeyStore loaded = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            loaded.load(in, "changeit".toCharArray());
        }
        assertThat(List.of(loaded.getCertificate(loaded.aliases().nextElement()))).containsExactly(cert);
    }

    @Test
    void httpsRefusesClientsThatDoNotTrustTheCertificate() {
        HttpRequest request = HttpRequest.newBuilder(f.sim.httpsUrl()).POST(HttpRequest.BodyPublishers.noBody()).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return dbf.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void xsBooleanAcceptsOneAndZeroAsExchangeDoes() throws Exception {
        for (String[] c : new String[][] {{"1", "true"}, {"0", "false"}, {"true", "true"}}) {
            String subject = "Holiday " + c[0];
            HttpResponse<String> r = f.postSoap(Soap.withBody(
                    "<m:CreateItem SendMeetingInvitations=\"SendToNone\"><m:SavedItemFolderId>"
                    + "<t:DistinguishedFolderId Id=\"calendar\"/></m:SavedItemFolderId><m:Items><t:CalendarItem>"
                    + "<t:Subject>" + subject + "</t:Subject>"
                    + "<t:Start>2026-03-10T00:00:00Z</t:Start><t:End>2026-03-11T00:00:00Z</t:End>"
                    + "<t:IsAllDayEvent>" + c[0] + "</t:IsAllDayEvent>"
                    + "</t:CalendarItem></m:Items></m:CreateItem>"), ALICE, PASSWORD);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("ResponseClass=\"Success\"");
            assertThat(f.sim.store().calendar(ALICE)).filteredOn(e -> subject.equals(e.subject())).singleElement()
                    .satisfies(e -> assertThat(e.allDay()).as("IsAllDayEvent %s", c[0])
                            .isEqualTo(Boolean.parseBoolean(c[1])));
        }
    }
}
