package io.roomrelease.camel.ews.auth;

import java.net.MalformedURLException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLContext;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalServiceException;

/**
 * Client credentials for Microsoft Entra ID through MSAL4J. MSAL keeps its own token cache and refreshes a token
 * before it expires (its cache uses the system time: MSAL offers no clock hook).
 */
public final class MsalTokenProvider implements TokenProvider {

    private final String clientId;
    private final String authority;
    private final Set<String> scopes;
    private volatile io.roomrelease.camel.ews.metrics.CalendarMetrics metrics =
            io.roomrelease.camel.ews.metrics.CalendarMetrics.NONE;
    private final ConfidentialClientApplication app;
    /** Set when the server refused a token: the next request skips MSAL's cache. */
    private volatile boolean skipCache;

    /**
     * @param authority  e.g. {@code https://login.microsoftonline.com/<tenantId>/}
     * @param credential a secret or a certificate
     */
    public MsalTokenProvider(String authority, String clientId, IClientCredential credential, String scope,
                             SSLContext sslContext) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.authority = Objects.requireNonNull(authority, "authority");
        this.scopes = Set.of(scope);
        try {
            ConfidentialClientApplication.Builder b = ConfidentialClientApplication.builder(clientId, credential)
                    .authority(authority);
            if (sslContext != null) {
                b.sslSocketFactory(sslContext.getSocketFactory());
            }
            this.app = b.build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Invalid OAuth authority " + authority
                                               + ". Fix: set tenantId to the directory (tenant) id or domain.", e);
        }
    }

    /** The Entra authority for a tenant id or domain. */
    public static String entraAuthority(String tenantId) {
        return "https://login.microsoftonline.com/" + tenantId + "/";
    }

    @Override
    public void reportTo(io.roomrelease.camel.ews.metrics.CalendarMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public String accessToken() {
        try {
            boolean skip = skipCache;
            com.microsoft.aad.msal4j.IAuthenticationResult r = app.acquireToken(
                    ClientCredentialParameters.builder(scopes).skipCache(skip).build()).get();
            if (skip) {
                skipCache = false;
            }
            if (r.metadata() == null
                    || r.metadata().tokenSource() != com.microsoft.aad.msal4j.TokenSource.CACHE) {
                metrics.tokenRequest("msal", true);
            }
            return r.accessToken();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRequestException("Interrupted while requesting a token from " + authority, 0, e);
        } catch (ExecutionException e) {
            metrics.tokenRequest("msal", false);
            Throwable c = e.getCause();
            int status = c instanceof MsalServiceException m && m.statusCode() != null ? m.statusCode() : 0;
            String code = c instanceof MsalServiceException m ? m.errorCode() : String.valueOf(c);
            throw new TokenRequestException("Microsoft Entra (" + authority + ") refused a token for client '" + clientId
                                            + "' (" + code + "). Fix: check tenantId, clientId, the secret or"
                                            + " certificate, and that the app has the EWS full_access_as_app"
                                            + " permission with admin consent.",
                    status, c);
        }
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public void invalidate() {
        // MSAL's cache evicts expired tokens itself; a token the server refused (revoked, or expired early) is
        // replaced by asking Entra again once
        skipCache = true;
    }

    @Override
    public String toString() {
        return "MsalTokenProvider[" + authority + ", client " + clientId + "]";
    }
}
