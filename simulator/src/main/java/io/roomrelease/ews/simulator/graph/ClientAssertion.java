package io.roomrelease.ews.simulator.graph;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a certificate credential, the {@code client_assertion} of the client-credentials grant (RFC 7523, as
 * Microsoft's identity platform takes it): a JWT signed RS256 or PS256 with the private key of a certificate registered
 * for the client, {@code iss} and {@code sub} equal to the client id, within {@code nbf}/{@code exp} (five minutes of
 * clock skew), and an {@code x5t} or {@code x5t#S256} header naming the certificate when present.
 */
public final class ClientAssertion {
    /** The only assertion type the grant accepts. */
    public static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Duration SKEW = Duration.ofMinutes(5);

    private ClientAssertion() {
    }

    /**
     * @return empty when the assertion is valid, else why not (never the assertion itself)
     */
    public static Optional<String> verify(String assertion, String clientId, X509Certificate certificate, Instant now) {
        String[] parts = assertion == null ? new String[0] : assertion.split("\\.");
        if (parts.length != 3) {
            return Optional.of("client_assertion is not a signed JWT (header.payload.signature)");
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = GraphJson.JSON.readTree(b64.decode(parts[0]));
            JsonNode claims = GraphJson.JSON.readTree(b64.decode(parts[1]));
            String alg = header.path("alg").asText("");
            Signature signature;
            switch (alg) {
                case "RS256" -> signature = Signature.getInstance("SHA256withRSA");
                case "PS256" -> {
                    signature = Signature.getInstance("RSASSA-PSS");
                    signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                }
                default -> {
                    return Optional.of("client_assertion alg '" + alg + "' is not supported; sign with RS256 or PS256");
                }
            }
            if (header.hasNonNull("x5t") && !header.get("x5t").asText().equals(thumbprint(certificate, "SHA-1"))) {
                return Optional.of("client_assertion x5t does not name the certificate registered for " + clientId);
            }
            if (header.hasNonNull("x5t#S256") && !header.get("x5t#S256").asText().equals(thumbprint(certificate, "SHA-256"))) {
                return Optional.of("client_assertion x5t#S256 does not name the certificate registered for " + clientId);
            }
            signature.initVerify(certificate.getPublicKey());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(b64.decode(parts[2]))) {
                return Optional.of("client_assertion signature does not verify with the certificate registered for " + clientId);
            }
            if (!clientId.equals(claims.path("iss").asText()) || !clientId.equals(claims.path("sub").asText())) {
                return Optional.of("client_assertion iss and sub must both be the client id " + clientId);
            }
            if (!claims.hasNonNull("exp") || Instant.ofEpochSecond(claims.get("exp").asLong()).plus(SKEW).isBefore(now)) {
                return Optional.of("client_assertion has expired (exp)");
            }
            if (claims.hasNonNull("nbf") && Instant.ofEpochSecond(claims.get("nbf").asLong()).minus(SKEW).isAfter(now)) {
                return Optional.of("client_assertion is not valid yet (nbf)");
            }
            return Optional.empty();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.of("client_assertion is not a readable JWT");
        } catch (GeneralSecurityException e) {
            return Optional.of("client_assertion cannot be verified: " + e.getMessage());
        }
    }

    private static String thumbprint(X509Certificate certificate, String digest) throws GeneralSecurityException {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance(digest).digest(certificate.getEncoded()));
    }
}
