package io.roomrelease.camel.ews.ews;

import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /** Longest accepted connectionIdleTimeout: longer than any server keep-alive it is meant to stay under. */
    public static final Duration MAX_CONNECTION_IDLE_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Checks the options that do not need I/O; throws IllegalArgumentException whose message lists every problem
     * found by {@link #problems(EwsConfiguration)}, one per line.
     */
    public static void validate(EwsConfiguration c) {
        List<String> problems = problems(c);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.size() == 1 ? problems.get(0)
                    : "The ews component has " + problems.size() + " configuration problems:\n  "
                      + String.join("\n  ", problems));
        }
    }

    /**
     * Every problem of the options that can be checked without I/O (not only the first), in option order. Each
     * message starts with the option's name as used in Camel properties (e.g. {@code url: ...},
     * {@code maxConcurrentRequests: ...}) and says the fix. No message contains a password, secret or token.
     * An empty list means the options are valid.
     */
    public static List<String> problems(EwsConfiguration c) {
        List<String> p = new ArrayList<>();
        if (c.isGraph()) {
            graphProblems(c, p);
        } else {
            ewsProblems(c, p);
        }
        commonProblems(c, p);
        return p;
    }

    /** api=graph: graphUrl and app-only OAuth (Basic authentication does not exist for Microsoft Graph). */
    private static void graphProblems(EwsConfiguration c, List<String> p) {
        if (c.getGraphUrl() == null || c.getGraphUrl().isBlank()) {
            p.add("graphUrl: missing. Fix: set graphUrl to the Microsoft Graph base including the version, e.g. "
                  + EwsConfiguration.DEFAULT_GRAPH_URL + " (camel.component.ews.graphUrl).");
        } else {
            String problem = urlProblem(c.getGraphUrl(), "graphUrl", c.isAllowInsecureHttp());
            if (problem != null) {
                p.add(problem);
            }
        }
        if (c.getUsername() != null || c.getPassword() != null) {
            p.add("username: api=graph does not accept Basic authentication (username/password). Fix: remove them and"
                  + " set clientId with clientSecret or clientCertificate, and tenantId (app-only OAuth).");
        }
        if (c.getClientId() == null || c.getClientId().isBlank()) {
            p.add("clientId: api=graph needs the application (client) id of the app registration. Fix: set clientId,"
                  + " with clientSecret or clientCertificate and tenantId.");
        } else {
            oauthProblems(c, p);
        }
    }

    private static void ewsProblems(EwsConfiguration c, List<String> p) {
        String urlProblem = urlProblem(c.getUrl(), "url", c.isAllowInsecureHttp());
        if (c.getUrl() == null || c.getUrl().isBlank()) {
            p.add("url: missing. The ews component needs the EWS endpoint. Fix: set url, e.g."
                  + " https://mail.example.com/EWS/Exchange.asmx (camel.component.ews.url).");
        } else if (urlProblem != null) {
            p.add(urlProblem);
        }
        boolean basic = c.getUsername() != null;
        boolean oauth = c.getClientId() != null;
        if (!basic && !oauth) {
            p.add("username: no credentials are set. Fix: set username and password (Basic), or clientId with"
                  + " clientSecret (or clientCertificate) and tenantId or tokenUrl (OAuth client credentials).");
        }
        if (basic && oauth) {
            p.add("username: both Basic (username) and OAuth (clientId) credentials are set. Fix: configure only one"
                  + " of them.");
        }
        if (basic && !oauth && (c.getPassword() == null || c.getPassword().isEmpty())) {
            p.add("password: username '" + c.getUsername() + "' has no password. Fix: set the password option (e.g."
                  + " from a vault or the environment: password=RAW({{ews.password}})).");
        }
        if (oauth && !basic) {
            oauthProblems(c, p);
        }
        if (c.getFreeBusyView() == null) {
            p.add("freeBusyView: missing. Fix: set freeBusyView to FreeBusy (times and busy types only) or Detailed"
                  + " (also subjects; the default).");
        }
    }

    private static void oauthProblems(EwsConfiguration c, List<String> p) {
        if (c.getClientSecret() == null && c.getClientCertificate() == null) {
            p.add("clientSecret: OAuth client '" + c.getClientId() + "' has no clientSecret and no"
                  + " clientCertificate. Fix: set one of them.");
        }
        if (c.getTenantId() == null && c.getTokenUrl() == null) {
            p.add("tenantId: OAuth client '" + c.getClientId() + "' needs tenantId (Microsoft Entra) or tokenUrl"
                  + " (any OAuth 2.0 token endpoint). Fix: set one of them.");
        }
        if (c.getTokenUrl() != null) {
            String tokenProblem = urlProblem(c.getTokenUrl(), "tokenUrl", c.isAllowInsecureHttp());
            if (c.getTokenUrl().isBlank()) {
                p.add("tokenUrl: is blank. Fix: set the token endpoint's https URL, or remove tokenUrl and set"
                      + " tenantId.");
            } else if (tokenProblem != null) {
                p.add(tokenProblem);
            }
        }
    }

    private static void commonProblems(EwsConfiguration c, List<String> p) {
        if (c.getMaxConcurrentRequests() < 1 || c.getMaxConcurrentRequests() > EWS_MAX_CONCURRENCY) {
            p.add("maxConcurrentRequests: " + c.getMaxConcurrentRequests() + " is refused: Exchange allows "
                  + EWS_MAX_CONCURRENCY + " concurrent EWS connections per account (EWSMaxConcurrency) and answers"
                  + " ErrorServerBusy beyond it, and other clients of the account need some. Fix: use 1.."
                  + EWS_MAX_CONCURRENCY + " (10 is the recommended default).");
        }
        if (c.getMaxBackOff() < 0) {
            p.add("maxBackOff: must not be negative (" + c.getMaxBackOff() + " ms). Fix: e.g. maxBackOff=60s.");
        }
        if (c.getRequestTimeout() <= 0) {
            p.add("requestTimeout: must be positive (" + c.getRequestTimeout() + " ms). Fix: e.g. requestTimeout=60s.");
        }
        if (c.getConnectionIdleTimeout() < 0 || c.getConnectionIdleTimeout() > MAX_CONNECTION_IDLE_TIMEOUT.toMillis()) {
            p.add("connectionIdleTimeout: " + c.getConnectionIdleTimeout() + " ms is out of range. Fix: use 0 (no"
                  + " eviction) or up to 5m, below the shortest keep-alive timeout of the server and any load balancer"
                  + " in between (15s is the default).");
        }
        if (c.getPageSize() < 1 || c.getPageSize() > 1000) {
            p.add("pageSize: " + c.getPageSize() + " is out of range. Fix: use 1..1000 (EWSFindCountLimit is 1000).");
        }
        Duration ws = durationOrNull(c.getWindowStart(), "windowStart", p);
        Duration we = durationOrNull(c.getWindowEnd(), "windowEnd", p);
        if (ws != null && we != null && we.compareTo(ws) <= 0) {
            p.add("windowEnd: " + c.getWindowEnd() + " must be after windowStart (" + c.getWindowStart()
                  + "). Fix: e.g. windowStart=-PT30M and windowEnd=PT2H.");
        }
    }

    private static Duration durationOrNull(String value, String option, List<String> problems) {
        if (value == null) {
            problems.add(option + ": missing. Fix: an ISO-8601 duration, e.g. -PT30M (30 minutes ago) or PT2H.");
            return null;
        }
        try {
            return duration(value, option);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** Parses an ISO-8601 duration option such as -PT30M. */
    public static Duration duration(String value, String option) {
        try {
            return Duration.parse(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + ": " + value + " is not an ISO-8601 duration. Fix: use e.g."
                                               + " -PT30M (30 minutes ago) or PT2H (in 2 hours).",
                    e);
        }
    }

    /** The problem of a URL option (null when it is fine or unset); the URL is shown without any user info. */
    private static String urlProblem(String value, String option, boolean allowInsecureHttp) {
        if (value == null || value.isBlank()) {
            return null;
        }
        URI u;
        try {
            u = new URI(value.trim());
        } catch (URISyntaxException e) {
            return option + ": not a valid URL (" + e.getReason() + "). Fix: e.g."
                   + " https://mail.example.com/EWS/Exchange.asmx.";
        }
        String shown = shown(u);
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http")) {
            if (!allowInsecureHttp) {
                return option + ": " + shown + " uses plain http: credentials and meeting data would travel"
                       + " unencrypted. Fix: use https (TLS 1.2 or newer), or set allowInsecureHttp=true for a local"
                       + " test server.";
            }
        } else if (!scheme.equals("https")) {
            return option + ": '" + shown + "' must be an https URL. Fix: e.g."
                   + " https://mail.example.com/EWS/Exchange.asmx.";
        }
        if (u.getHost() == null) {
            return option + ": '" + shown + "' has no host. Fix: e.g. https://mail.example.com/EWS/Exchange.asmx.";
        }
        if (u.getRawUserInfo() != null) {
            return option + ": " + shown + " carries user info. Fix: remove it from the URL and use the credential"
                   + " options (username/password or clientId/clientSecret).";
        }
        return null;
    }

    /** A URL for messages: never its user info (which could hold a password). */
    private static String shown(URI u) {
        if (u.getRawUserInfo() == null) {
            return u.toString();
        }
        return (u.getScheme() == null ? "" : u.getScheme() + "://") + "***@" + u.getHost()
               + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    /** A key identifying the account: requests with the same key share pool, back-off and token cache. */
    public static String accountKey(EwsConfiguration c) {
        if (c.isGraph()) {
            return String.join("|", "graph", c.getGraphUrl().trim(), c.getClientId(), String.valueOf(c.getTenantId()),
                    String.valueOf(c.getTokenUrl()), String.valueOf(c.getTrustStore()));
        }
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
                Duration.ofMillis(c.getMaxBackOff()), Duration.ofMillis(c.getConnectionIdleTimeout()));
    }

    /** The Authorization header source for the options (OAuth uses {@link EwsConfiguration#effectiveScope()}). */
    public static AuthorizationSource authorization(EwsConfiguration c, Clock clock, SSLContext ssl,
                                                    Duration timeout) {
        if (!c.isOAuth()) {
            return new BasicAuthorization(c.getUsername(), c.getPassword());
        }
        if (c.getTokenUrl() != null && c.getClientSecret() == null) {
            // a certificate credential against a token endpoint MSAL4J cannot be pointed at: RFC 7523 assertion
            java.security.KeyStore.PrivateKeyEntry entry = certificateEntry(c);
            return new BearerAuthorization(new ClientCredentialsTokenProvider(URI.create(c.getTokenUrl().trim()),
                    c.getClientId(), entry.getPrivateKey(), (java.security.cert.X509Certificate) entry.getCertificate(),
                    c.effectiveScope(), clock, ssl, timeout));
        }
        if (c.getTokenUrl() != null) {
            return new BearerAuthorization(new ClientCredentialsTokenProvider(URI.create(c.getTokenUrl().trim()),
                    c.getClientId(), c.getClientSecret(), c.effectiveScope(), clock, ssl, timeout));
        }
        return new BearerAuthorization(new MsalTokenProvider(MsalTokenProvider.entraAuthority(c.getTenantId()),
                c.getClientId(), msalCredential(c), c.effectiveScope(), ssl));
    }

    /** The private key and certificate of the clientCertificate PKCS12 file (its first key entry). */
    private static java.security.KeyStore.PrivateKeyEntry certificateEntry(EwsConfiguration c) {
        Path p = Path.of(c.getClientCertificate());
        char[] pw = (c.getClientCertificatePassword() == null ? "" : c.getClientCertificatePassword()).toCharArray();
        try (InputStream in = Files.newInputStream(p)) {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(in, pw);
            for (String alias : java.util.Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias) && ks.getEntry(alias, new java.security.KeyStore.PasswordProtection(pw))
                        instanceof java.security.KeyStore.PrivateKeyEntry e
                    && e.getCertificate() instanceof java.security.cert.X509Certificate) {
                    return e;
                }
            }
            throw new IllegalArgumentException("clientCertificate " + p.toAbsolutePath() + " holds no private key"
                                               + " with an X.509 certificate. Fix: a PKCS12 file with the private"
                                               + " key and certificate, and clientCertificatePassword.");
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("Cannot read clientCertificate " + p.toAbsolutePath() + " ("
                                               + e.getClass().getSimpleName() + "). Fix: a PKCS12 file with the"
                                               + " private key and certificate, and clientCertificatePassword.",
                    e);
        }
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
