package io.roomrelease.camel.ews.graph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import io.roomrelease.camel.ews.EwsConfiguration;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.retry.Sleeper;
import io.roomrelease.ews.simulator.server.SelfSignedCertificate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Graph over HTTPS: the trustStore option is honoured, and an untrusted server is refused with the fix. */
class GraphTlsTest {

    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void trustStoreIsHonouredAndAnUntrustedServerIsRefused() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("127.0.0.1");
        char[] pw = "changeit".toCharArray();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(cert.keyStore(pw), pw);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        Path trust = Files.createTempFile("graph-trust", ".p12");
        try (GraphStub stub = new GraphStub(tls)) {
            cert.writeTrustStore(trust, pw);
            stub.addEvent("room1@x.com", "secure", T0, T0.plusSeconds(600), false, "o@x.com");
            EwsConfiguration c = GraphBackendTest.conf(stub);
            c.setAllowInsecureHttp(false);
            c.setTrustStore(trust.toString());
            c.setTrustStorePassword("changeit");
            GraphBackend ok = new GraphBackend(GraphClients.create(c, Clock.systemUTC(), Sleeper.THREAD_SLEEP, "t"), 10,
                    Clock.systemUTC());
            assertThat(ok.findEvents("room1@x.com", T0, T0.plusSeconds(3600), false).value()).hasSize(1);

            // without the trustStore the self-signed server is refused (the token request meets it first)
            EwsConfiguration untrusted = GraphBackendTest.conf(stub);
            untrusted.setAllowInsecureHttp(false);
            GraphClient client = GraphClients.create(untrusted, Clock.systemUTC(), Sleeper.THREAD_SLEEP, "t");
            assertThatThrownBy(() -> new GraphBackend(client, 10, Clock.systemUTC()).listRoomLists(null))
                    .isInstanceOf(EwsException.class).hasMessageContaining("trust store")
                    .hasStackTraceContaining("SSLHandshakeException");
            assertThat(stub.graphRequests("/")).hasSize(1); // only the trusted client's request
        } finally {
            Files.deleteIfExists(trust);
        }
    }
}
