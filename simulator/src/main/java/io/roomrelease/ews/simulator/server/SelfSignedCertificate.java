package io.roomrelease.ews.simulator.server;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed RSA server certificate for {@code localhost} and {@code 127.0.0.1}, generated with
 * BouncyCastle at start. Its validity is measured on the real time (not the simulator clock): TLS clients
 * check it against their own wall clock.
 */
public final class SelfSignedCertificate {
    /** Alias of the key entry and of the trusted certificate entry. */
    public static final String ALIAS = "ews-simulator";

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** Generates a 2048-bit RSA key and a certificate valid from a day ago for a year. */
    public static SelfSignedCertificate generate(String host) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair keyPair = generator.generateKeyPair();
            Instant now = Clock.systemUTC().instant();
            X500Name subject = new X500Name("CN=" + host + ", O=Room Release EWS simulator");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).abs(), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))), subject, keyPair.getPublic());
            GeneralNames names = host.equals("localhost") || host.equals("127.0.0.1")
                    ? new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1")})
                    : new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(isIp(host) ? GeneralName.iPAddress : GeneralName.dNSName, host)});
            builder.addExtension(Extension.subjectAlternativeName, false, names);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
            return new SelfSignedCertificate(keyPair, cert);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot generate the simulator's TLS certificate: " + e.getMessage(), e);
        }
    }

    /** The certificate clients must trust. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** A PKCS12 key store with the private key and certificate, for the server's TLS connector. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, keyPair.getPrivate(), password, new X509Certificate[] {certificate});
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the simulator's key store", e);
        }
    }

    /** A PKCS12 trust store holding only the certificate. */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry(ALIAS, certificate);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the simulator's trust store", e);
        }
    }

    /** Writes the trust store as a PKCS12 file. */
    public void writeTrustStore(Path file, char[] password) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            trustStore().store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot write the trust store " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isIp(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }
}
