package io.roomrelease.camel.ews.ews;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the SSLContext used for EWS and token requests: TLS 1.2+ with the JVM's trust or a given trust store. */
public final class TlsSupport {

    private TlsSupport() {
    }

    /**
     * @param trustStore         a PKCS12 or JKS file, or null for the JVM's default trust
     * @param trustStorePassword its password (may be null)
     */
    public static SSLContext sslContext(String trustStore, String trustStorePassword) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trustStore == null || trustStore.isBlank()) {
                tmf.init((KeyStore) null);
            } else {
                Path p = Path.of(trustStore);
                if (!Files.isReadable(p)) {
                    throw new IllegalArgumentException("trustStore " + p.toAbsolutePath()
                                                       + " does not exist or is not readable. Fix: point trustStore"
                                                       + " at a PKCS12/JKS file holding the server's CA certificate.");
                }
                char[] pwd = trustStorePassword == null ? null : trustStorePassword.toCharArray();
                KeyStore ks;
                try {
                    ks = KeyStore.getInstance(p.toFile(), pwd);
                } catch (IOException e) {
                    throw new IllegalArgumentException("Cannot open trustStore " + p.toAbsolutePath() + " ("
                                                       + e.getMessage()
                                                       + "). Fix: check the file type (PKCS12/JKS) and trustStorePassword.",
                            e);
                }
                tmf.init(ks);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    static InputStream open(Path p) throws IOException {
        return Files.newInputStream(p);
    }
}
