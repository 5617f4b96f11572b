package io.roomrelease.camel.ews;

import java.time.Clock;

import io.roomrelease.camel.ews.backend.CalendarBackend;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** Options of the {@code ews:} component and its endpoints (every one can also be set component-wide). */
@UriParams
public class EwsConfiguration implements Cloneable {

    /** The Exchange Online scope for app-only EWS access. */
    public static final String DEFAULT_SCOPE = "https://outlook.office365.com/.default";

    /** The Microsoft Graph scope for app-only access. */
    public static final String GRAPH_SCOPE = "https://graph.microsoft.com/.default";
    /** Microsoft Graph v1.0. */
    public static final String DEFAULT_GRAPH_URL = "https://graph.microsoft.com/v1.0";

    // protocol
    @UriParam(defaultValue = "ews", enums = "ews,graph",
              description = "The protocol: ews (Exchange Web Services: Exchange Server, url) or graph (Microsoft Graph"
                            + " v1.0: Exchange Online, graphUrl, app-only OAuth with clientId and clientSecret or"
                            + " clientCertificate). Operations, headers, bodies and exceptions are the same.")
    private EwsApi api = EwsApi.ews;
    @UriParam(defaultValue = DEFAULT_GRAPH_URL,
              description = "With api=graph: the Microsoft Graph base URL including the version segment (a national"
                            + " cloud or a simulator may differ). HTTPS (TLS 1.2+) unless allowInsecureHttp=true.")
    private String graphUrl = DEFAULT_GRAPH_URL;

    // connection
    @UriParam(description = "The EWS endpoint, e.g. https://mail.example.com/EWS/Exchange.asmx. HTTPS (TLS 1.2+) is"
                            + " required unless allowInsecureHttp=true. Required, on the endpoint or component-wide.")
    private String url;
    @UriParam(label = "security", defaultValue = "false",
              description = "Allow a plain http url (tests and local simulators only: credentials would travel in clear).")
    private boolean allowInsecureHttp;
    @UriParam(label = "security", description = "Trust store (PKCS12 or JKS file) for a private CA or a test"
                                                + " certificate; the JVM's trust is used when unset.")
    private String trustStore;
    @UriParam(label = "security", secret = true, description = "Password of the trust store.")
    private String trustStorePassword;

    // Basic authentication
    @UriParam(label = "security", description = "Service account logon (UPN or DOMAIN\\user) for Basic"
                                                + " authentication; sent pre-emptively.")
    private String username;
    @UriParam(label = "security", secret = true, description = "Password for Basic authentication.")
    private String password;

    // OAuth 2.0 client credentials
    @UriParam(label = "security", description = "Microsoft Entra tenant (directory id or domain) for OAuth client"
                                                + " credentials through MSAL4J.")
    private String tenantId;
    @UriParam(label = "security", description = "Token endpoint for OAuth client credentials when it is not Microsoft"
                                                + " Entra (e.g. an on-premises gateway or a simulator); wins over"
                                                + " tenantId.")
    private String tokenUrl;
    @UriParam(label = "security", description = "OAuth client (application) id.")
    private String clientId;
    @UriParam(label = "security", secret = true, description = "OAuth client secret.")
    private String clientSecret;
    @UriParam(label = "security", description = "OAuth client certificate: a PKCS12 file with the private key and"
                                                + " certificate (Microsoft Entra, with tenantId).")
    private String clientCertificate;
    @UriParam(label = "security", secret = true, description = "Password of the clientCertificate file.")
    private String clientCertificatePassword;
    @UriParam(label = "security", defaultValue = DEFAULT_SCOPE,
              description = "OAuth scope to request. With api=graph the EWS default is replaced by " + GRAPH_SCOPE
                            + ".")
    private String scope = DEFAULT_SCOPE;

    // identity
    @UriParam(defaultValue = "impersonation", enums = "impersonation,delegate",
              description = "impersonation sends the ExchangeImpersonation header (ApplicationImpersonation role);"
                            + " delegate opens the room's calendar with folder permissions.")
    private AccessMode accessMode = AccessMode.impersonation;
    @UriParam(defaultValue = "SmtpAddress", enums = "SmtpAddress,PrincipalName,SID",
              description = "How the impersonated mailbox is named in the ExchangeImpersonation header.")
    private ConnectingIdType connectingIdType = ConnectingIdType.SmtpAddress;
    @UriParam(description = "The target mailbox (room) of producer operations; the CamelEwsMailbox header wins.")
    private String mailbox;

    // producer
    @UriParam(label = "producer", enums = "findEvents,getEvent,createEvent,updateEvent,endEarly,declineEvent,"
                                          + "cancelEvent,deleteEvent,getAvailability,listRoomLists,listRooms,"
                                          + "deltaEvents",
              description = "The producer operation; the CamelEwsOperation header wins.")
    private EwsOperation operation;

    @UriParam(label = "producer", defaultValue = "Detailed", enums = "FreeBusy,Detailed",
              description = "getAvailability over EWS: the GetUserAvailability view asked for (RequestedView)."
                            + " FreeBusy answers each busy period with its start, end and busy type only (BusySlot"
                            + " subject null), a much smaller answer to build and read; Detailed also asks for each"
                            + " period's details (subject, location, flags) as far as the caller's rights allow. EWS's"
                            + " MergedOnly and ...Merged views are not offered: the component reads the periods, not"
                            + " a merged stream. With api=graph there is no equivalent (getSchedule answers what the"
                            + " app's permissions allow) and the option is ignored.")
    private FreeBusyView freeBusyView = FreeBusyView.Detailed;

    // throttling
    @UriParam(label = "advanced", defaultValue = "10",
              description = "Requests in flight per account (one ExchangeService each). At most 27: Exchange's"
                            + " EWSMaxConcurrency default.")
    private int maxConcurrentRequests = 10;
    @UriParam(label = "advanced", defaultValue = "60000", javaType = "java.time.Duration",
              description = "The longest back-off (ErrorServerBusy, 503, Retry-After) waited before failing with"
                            + " EwsThrottledException.")
    private long maxBackOff = 60000;
    @UriParam(label = "advanced", defaultValue = "60000", javaType = "java.time.Duration",
              description = "Connect and read timeout of one EWS request.")
    private long requestTimeout = 60000;
    @UriParam(label = "advanced", defaultValue = "15000", javaType = "java.time.Duration",
              description = "A pooled keep-alive connection idle for longer than this is closed before its next use,"
                            + " so that it is never reused after the server's keep-alive timeout closed it (IIS and"
                            + " load balancers close idle connections after 60-120 s, some after less). Keep it below"
                            + " the shortest idle timeout on the path to Exchange. 0 disables the eviction (a request"
                            + " that then meets a dead connection is still retried on a fresh one if it only reads)."
                            + " At most 5 minutes.")
    private long connectionIdleTimeout = 15000;
    @UriParam(label = "advanced", description = "The User-Agent header; defaults to RoomRelease-camel-ews/<version>.")
    private String userAgent;
    @UriParam(label = "advanced", defaultValue = "500",
              description = "MaxEntriesReturned of one CalendarView page (EWS returns at most 1000).")
    private int pageSize = 500;

    // window and consumer
    @UriParam(label = "consumer", description = "Comma-separated room addresses to poll.")
    private String rooms;
    @UriParam(label = "consumer", description = "Comma-separated room list addresses, expanded with GetRooms on each"
                                                + " poll.")
    private String roomList;
    @UriParam(defaultValue = "-PT30M", description = "Window start relative to now (ISO-8601 duration) for the"
                                                     + " consumer and for findEvents/getAvailability without"
                                                     + " CamelEwsWindowStart.")
    private String windowStart = "-PT30M";
    @UriParam(defaultValue = "PT2H", description = "Window end relative to now (ISO-8601 duration).")
    private String windowEnd = "PT2H";
    @UriParam(defaultValue = "false", description = "Read attendee lists with batched GetItem calls (FindItem does"
                                                    + " not return them). Costs one extra request per 100 events.")
    private boolean fetchAttendees;

    // advanced
    @UriParam(label = "advanced", description = "The clock used for windows, endEarly and token expiry (a"
                                                + " java.time.Clock reference); system UTC by default.")
    private Clock clock;
    @UriParam(label = "advanced", description = "A custom calendar backend (e.g. a Microsoft Graph implementation)"
                                                + " instead of EWS.")
    private CalendarBackend backend;

    /** A copy for an endpoint, so that endpoint options never change the component's defaults. */
    public EwsConfiguration copy() {
        try {
            return (EwsConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** Whether OAuth client credentials are configured. */
    public boolean isOAuth() {
        return clientId != null;
    }

    public EwsApi getApi() { return api; }
    /** The protocol. */
    public void setApi(EwsApi api) { this.api = api; }
    public String getGraphUrl() { return graphUrl; }
    /** The Microsoft Graph base URL. */
    public void setGraphUrl(String graphUrl) { this.graphUrl = graphUrl; }
    /** Whether the endpoint speaks Microsoft Graph. */
    public boolean isGraph() { return api == EwsApi.graph; }
    /** The scope to request: with api=graph and the EWS default scope, the Graph scope. */
    public String effectiveScope() {
        return isGraph() && (scope == null || DEFAULT_SCOPE.equals(scope)) ? GRAPH_SCOPE : scope;
    }

    public String getUrl() { return url; }
    /** The EWS endpoint. */
    public void setUrl(String url) { this.url = url; }
    public boolean isAllowInsecureHttp() { return allowInsecureHttp; }
    /** Allow a plain http url. */
    public void setAllowInsecureHttp(boolean allowInsecureHttp) { this.allowInsecureHttp = allowInsecureHttp; }
    public String getTrustStore() { return trustStore; }
    /** Trust store file. */
    public void setTrustStore(String trustStore) { this.trustStore = trustStore; }
    public String getTrustStorePassword() { return trustStorePassword; }
    /** Trust store password. */
    public void setTrustStorePassword(String trustStorePassword) { this.trustStorePassword = trustStorePassword; }
    public String getUsername() { return username; }
    /** Basic auth logon. */
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    /** Basic auth password. */
    public void setPassword(String password) { this.password = password; }
    public String getTenantId() { return tenantId; }
    /** Entra tenant. */
    public void setTenantId(String tenantId) { this.tenantId = tenantId; }
    public String getTokenUrl() { return tokenUrl; }
    /** Token endpoint. */
    public void setTokenUrl(String tokenUrl) { this.tokenUrl = tokenUrl; }
    public String getClientId() { return clientId; }
    /** OAuth client id. */
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getClientSecret() { return clientSecret; }
    /** OAuth client secret. */
    public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
    public String getClientCertificate() { return clientCertificate; }
    /** OAuth client certificate file. */
    public void setClientCertificate(String clientCertificate) { this.clientCertificate = clientCertificate; }
    public String getClientCertificatePassword() { return clientCertificatePassword; }
    /** OAuth client certificate password. */
    public void setClientCertificatePassword(String v) { this.clientCertificatePassword = v; }
    public String getScope() { return scope; }
    /** OAuth scope. */
    public void setScope(String scope) { this.scope = scope; }
    public AccessMode getAccessMode() { return accessMode; }
    /** Access mode. */
    public void setAccessMode(AccessMode accessMode) { this.accessMode = accessMode; }
    public ConnectingIdType getConnectingIdType() { return connectingIdType; }
    /** Connecting id type. */
    public void setConnectingIdType(ConnectingIdType connectingIdType) { this.connectingIdType = connectingIdType; }
    public String getMailbox() { return mailbox; }
    /** Target mailbox. */
    public void setMailbox(String mailbox) { this.mailbox = mailbox; }
    public EwsOperation getOperation() { return operation; }
    /** Producer operation. */
    public void setOperation(EwsOperation operation) { this.operation = operation; }
    public FreeBusyView getFreeBusyView() { return freeBusyView; }
    /** The GetUserAvailability view getAvailability asks for (EWS only). */
    public void setFreeBusyView(FreeBusyView freeBusyView) { this.freeBusyView = freeBusyView; }
    public int getMaxConcurrentRequests() { return maxConcurrentRequests; }
    /** Requests in flight per account. */
    public void setMaxConcurrentRequests(int maxConcurrentRequests) { this.maxConcurrentRequests = maxConcurrentRequests; }
    public long getMaxBackOff() { return maxBackOff; }
    /** Longest back-off in milliseconds. */
    public void setMaxBackOff(long maxBackOff) { this.maxBackOff = maxBackOff; }
    public long getRequestTimeout() { return requestTimeout; }
    /** Request timeout in milliseconds. */
    public void setRequestTimeout(long requestTimeout) { this.requestTimeout = requestTimeout; }
    public long getConnectionIdleTimeout() { return connectionIdleTimeout; }
    /** Idle time in milliseconds after which a pooled connection is closed before reuse (0: never). */
    public void setConnectionIdleTimeout(long connectionIdleTimeout) { this.connectionIdleTimeout = connectionIdleTimeout; }
    public String getUserAgent() { return userAgent; }
    /** User-Agent. */
    public void setUserAgent(String userAgent) { this.userAgent = userAgent; }
    public int getPageSize() { return pageSize; }
    /** CalendarView page size. */
    public void setPageSize(int pageSize) { this.pageSize = pageSize; }
    public String getRooms() { return rooms; }
    /** Rooms to poll. */
    public void setRooms(String rooms) { this.rooms = rooms; }
    public String getRoomList() { return roomList; }
    /** Room lists to poll. */
    public void setRoomList(String roomList) { this.roomList = roomList; }
    public String getWindowStart() { return windowStart; }
    /** Window start (ISO duration from now). */
    public void setWindowStart(String windowStart) { this.windowStart = windowStart; }
    public String getWindowEnd() { return windowEnd; }
    /** Window end (ISO duration from now). */
    public void setWindowEnd(String windowEnd) { this.windowEnd = windowEnd; }
    public boolean isFetchAttendees() { return fetchAttendees; }
    /** Fetch attendees. */
    public void setFetchAttendees(boolean fetchAttendees) { this.fetchAttendees = fetchAttendees; }
    public Clock getClock() { return clock; }
    /** Clock. */
    public void setClock(Clock clock) { this.clock = clock; }
    public CalendarBackend getBackend() { return backend; }
    /** Custom backend. */
    public void setBackend(CalendarBackend backend) { this.backend = backend; }
}
