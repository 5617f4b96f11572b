package io.roomrelease.camel.ews.ews;

import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import javax.net.ssl.SSLContext;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.IClientCredential;
import io.roomrelease.camel.ews.EwsConfiguration;
import io.roomrelease.camel.ews.auth.AuthorizationSource;
import io.roomrelease.camel.ews.auth.BasicAuthorization;
import io.roomrelease.camel.ews.auth.BearerAuthorization;
import io.roomrelease.camel.ews.auth.ClientCredentialsTokenProvider;
import io.roomrelease.camel.ews.auth.MsalTokenProvider;

/**
 * Validates an {@link EwsConfiguration} and turns it into {@link EwsConnectionSettings}. Every error names the option
 * and the fix; none contains a secret.
 */
public final class EwsSettingsFactory {

    /** Exchange's default EWSMaxConcurrency per account. */
    public static final int EWS_MAX_CONCURRENCY = 27;

    private EwsSettingsFactory() {
    }

    /** Checks the options that do not need I/O; throws IllegalArgumentException naming the option and the fix. */
    public static void validate(EwsConfiguration c) {
        URI url = url(c.getUrl(), "url", c.isAllowInsecureHttp());
        if (url == null) {
            throw new IllegalArgumentException("The ews endpoint needs the url option: the EWS endpoint, e.g."
                                               + " https://mail.example.com/EWS/Exchange.asmx.");
        }
        boolean basic = c.getUsername() != null;
        boolean oauth = c.getClientId() != null;
        if (!basic && !oauth) {
            throw new IllegalArgumentException("No credentials for " + url + ". Fix: set username and password (Basic),"
                                               + " or clientId with clientSecret (or clientCertificate) and tenantId or"
                                               + " tokenUrl (OAuth client credentials).");
        }
        if (basic && oauth) {
            throw new IllegalArgumentException("Both Basic (username) and OAuth (clientId) credentials are set. Fix:"
                                               + " configure only one of them.");
        }
        if (basic && (c.getPassword() == null || c.getPassword().isEmpty())) {
            throw new IllegalArgumentException("username '" + c.getUsername() + "' has no password. Fix: set the"
                                               + " password option (e.g. from a vault: password=RAW({{ews.password}})).");
        }
        if (oauth) {
            if (c.getClientSecret() == null && c.getClientCertificate() == null) {
                throw new IllegalArgumentException("OAuth client '" + c.getClientId() + "' has no clientSecret and no"
                                                   + " clientCertificate. Fix: set one of them.");
            }
            if (c.getTenantId() == null && c.getTokenUrl() == null) {
                throw new IllegalArgumentException("OAuth client '" + c.getClientId() + "' needs tenantId (Microsoft"
                                                   + " Entra) or tokenUrl (any OAuth 2.0 token endpoint).");
            }
            if (c.getTokenUrl() != null) {
                url(c.getTokenUrl(), "tokenUrl", c.isAllowInsecureHttp());
                if (c.getClientSecret() == null) {
                    throw new IllegalArgumentException("clientCertificate is supported with tenantId (MSAL4J builds the"
                                                       + " signed client assertion); with tokenUrl set clientSecret.");
                }
            }
        }
        if (c.getMaxConcurrentRequests() < 1 || c.getMaxConcurrentRequests() > EWS_MAX_CONCURRENCY) {
            throw new IllegalArgumentException("maxConcurrentRequests=" + c.getMaxConcurrentRequests()
                                               + " is refused: Exchange allows " + EWS_MAX_CONCURRENCY
                                               + " concurrent EWS connections per account (EWSMaxConcurrency) and"
                                               + " answers ErrorServerBusy beyond it, and other clients of the account"
                                               + " need some. Fix: use 1.." + EWS_MAX_CONCURRENCY
                                               + " (10 is the recommended default).");
        }
        if (c.getMaxBackOff() < 0) {
            throw new IllegalArgumentException("maxBackOff must not be negative. Fix: e.g. maxBackOff=60s.");
        }
        if (c.getRequestTimeout() <= 0) {
            throw new IllegalArgumentException("requestTimeout must be positive. Fix: e.g. requestTimeout=60s.");
        }
        if (c.getPageSize() < 1 || c.getPageSize() > 1000) {
            throw new IllegalArgumentException("pageSize=" + c.getPageSize() + " is out of range. Fix: use 1..1000"
                                               + " (EWSFindCountLimit is 1000).");
        }
        Duration ws = duration(c.getWindowStart(), "windowStart");
        Duration we = duration(c.getWindowEnd(), "windowEnd");
        if (we.compareTo(ws) <= 0) {
            throw new IllegalArgumentException("windowEnd (" + c.getWindowEnd() + ") must be after windowStart ("
                                               + c.getWindowStart() + ").");
        }
    }

    /** Parses an ISO-8601 duration option such as -PT30M. */
    public static Duration duration(String value, String option) {
        try {
            return Duration.parse(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + "=" + value + " is not an ISO-8601 duration. Fix: use e.g."
                                               + " -PT30M (30 minutes ago) or PT2H (in 2 hours).",
                    e);
        }
    }

    private static URI url(String value, String option, boolean allowInsecureHttp) {
        if (value == null || value.isBlank()) {
            return null;
        }
        URI u;
        try {
            u = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a valid URL: " + e.getReason(), e);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http")) {
            if (!allowInsecureHttp) {
                throw new IllegalArgumentException(option + " " + value + " uses plain http: credentials and meeting"
                                                   + " data would travel unencrypted. Fix: use https (TLS 1.2 or"
                                                   + " newer), or set allowInsecureHttp=true for a local test server.");
            }
        } else if (!scheme.equals("https")) {
            throw new IllegalArgumentException(option + " '" + value + "' must be an https URL.");
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException(option + " '" + value + "' has no host.");
        }
        return u;
    }

    /** A key identifying the account: requests with the same key share pool, back-off and token cache. */
    public static String accountKey(EwsConfiguration c) {
        return String.join("|", c.getUrl().trim(), c.isOAuth() ? "oauth" : "basic",
                c.isOAuth() ? c.getClientId() : c.getUsername(), String.valueOf(c.getTenantId()),
                String.valueOf(c.getTokenUrl()), String.valueOf(c.getTrustStore()));
    }

    /** Builds the settings (reads the trust store and the client certificate). */
    public static EwsConnectionSettings create(EwsConfiguration c, Clock clock, String defaultUserAgent) {
        validate(c);
        SSLContext ssl = TlsSupport.sslContext(c.getTrustStore(), c.getTrustStorePassword());
        Duration timeout = Duration.ofMillis(c.getRequestTimeout());
        return new EwsConnectionSettings(URI.create(c.getUrl().trim()), ssl, c.isAllowInsecureHttp(),
                authorization(c, clock, ssl, timeout),
                c.getUserAgent() != null ? c.getUserAgent() : defaultUserAgent, timeout, c.getMaxConcurrentRequests(),
                Duration.ofMillis(c.getMaxBackOff()));
    }

    private static AuthorizationSource authorization(EwsConfiguration c, Clock clock, SSLContext ssl,
                                                     Duration timeout) {
        if (!c.isOAuth()) {
            return new BasicAuthorization(c.getUsername(), c.getPassword());
        }
        if (c.getTokenUrl() != null) {
            return new BearerAuthorization(new ClientCredentialsTokenProvider(URI.create(c.getTokenUrl().trim()),
                    c.getClientId(), c.getClientSecret(), c.getScope(), clock, ssl, timeout));
        }
        return new BearerAuthorization(new MsalTokenProvider(MsalTokenProvider.entraAuthority(c.getTenantId()),
                c.getClientId(), msalCredential(c), c.getScope(), ssl));
    }

    private static IClientCredential msalCredential(EwsConfiguration c) {
        if (c.getClientSecret() != null) {
            return ClientCredentialFactory.createFromSecret(c.getClientSecret());
        }
        Path p = Path.of(c.getClientCertificate());
        try (InputStream in = Files.newInputStream(p)) {
            return ClientCredentialFactory.createFromCertificate(in,
                    c.getClientCertificatePassword() == null ? "" : c.getClientCertificatePassword());
        } catch (Exception e) {
            throw new IllegalArgumentException("Cannot read clientCertificate " + p.toAbsolutePath() + " ("
                                               + e.getClass().getSimpleName() + "). Fix: a PKCS12 file with the"
                                               + " private key and certificate, and clientCertificatePassword.",
                    e);
        }
    }
}
