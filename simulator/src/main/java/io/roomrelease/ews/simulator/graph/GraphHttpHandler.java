package io.roomrelease.ews.simulator.graph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.security.TokenService;

/**
 * The HTTP side of Graph: everything under {@code /v1.0/} on the simulator's connectors. Authenticates the Bearer
 * token (issued by the simulator's token endpoint for {@code https://graph.microsoft.com/.default}), puts
 * {@code request-id} and {@code client-request-id} on every reply, reads the JSON body and hands the request to
 * {@link GraphApi} ({@code /v1.0/$batch} to its batch handler).
 */
public final class GraphHttpHandler extends Handler.Abstract {
    /** The path prefix of Graph v1.0. */
    public static final String PREFIX = "/v1.0";
    /** The audience of Graph tokens. */
    public static final String AUDIENCE = "https://graph.microsoft.com";
    /** Graph's request size limit (4 MB). */
    static final int MAX_BODY = 4 * 1024 * 1024;
    private static final String JSON_TYPE = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    private final GraphApi api;
    private final TokenService tokens;
    private final Function<String, Optional<Account>> accountByLogon;
    private final GraphStats stats;

    public GraphHttpHandler(GraphApi api, TokenService tokens, Function<String, Optional<Account>> accountByLogon, GraphStats stats) {
        this.api = api;
        this.tokens = tokens;
        this.accountByLogon = accountByLogon;
        this.stats = stats;
    }

    /** Whether a request path belongs to Graph. */
    public static boolean isGraphPath(String path) {
        return path != null && (path.equalsIgnoreCase(PREFIX) || path.regionMatches(true, 0, PREFIX + "/", 0, PREFIX.length() + 1));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String rawPath = request.getHttpURI().getPath();
        if (!isGraphPath(rawPath)) {
            return false;
        }
        long arrival = request.getBeginNanoTime();
        stats.httpRequest();
        String requestId = UUID.randomUUID().toString();
        String clientRequestId = request.getHeaders().get("client-request-id");
        response.getHeaders().put("request-id", requestId);
        response.getHeaders().put("client-request-id", clientRequestId != null ? clientRequestId : requestId);

        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField f : request.getHeaders()) {
            headers.merge(f.getName(), f.getValue(), (a, b) -> a + ", " + b);
        }
        String path = rawPath.substring(PREFIX.length());
        Map<String, String> query = GraphRequest.parseQuery(request.getHttpURI().getQuery());
        String base = request.getHttpURI().getScheme() + "://" + request.getHttpURI().getAuthority() + PREFIX;

        GraphApi.Caller caller;
        GraphRequest graphRequest;
        try {
            caller = authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            graphRequest = new GraphRequest(request.getMethod(), path, query, headers, readBody(request), isJson(request));
        } catch (GraphError e) {
            GraphRequest bare = new GraphRequest(request.getMethod(), path, query, headers, null, false);
            write(response, callback, api.error(e, requestId, bare.header("client-request-id")));
            return true;
        }
        GraphResponse reply = "/$batch".equalsIgnoreCase(path) && "POST".equalsIgnoreCase(request.getMethod())
                ? api.batch(caller, graphRequest, base, arrival, requestId)
                : api.execute(caller, graphRequest, base, arrival, requestId);
        if (reply.status() == GraphResponse.DROP) {
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.succeeded();
            return true;
        }
        write(response, callback, reply);
        return true;
    }

    private GraphApi.Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("Access token is empty.");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("Access token validation failure: Graph accepts only Bearer tokens.");
        }
        TokenService.Check check = tokens.check(authorization.substring(7).trim());
        switch (check.status()) {
            case EXPIRED -> throw unauthorized("Lifetime validation failed, the token is expired.");
            case UNKNOWN -> throw unauthorized("Access token validation failure: the token was not issued by this tenant's token endpoint.");
            default -> {
            }
        }
        if (check.audience() == null || !check.audience().equalsIgnoreCase(AUDIENCE)) {
            throw unauthorized("Access token validation failure. Invalid audience: request the token with scope "
                    + AUDIENCE + "/.default.");
        }
        Account account = accountByLogon.apply(check.logon())
                .orElseThrow(() -> unauthorized("Access token validation failure: the application no longer exists."));
        return new GraphApi.Caller(account.logon(), account.oauthClientId(), check.roles());
    }

    private static GraphError unauthorized(String message) {
        return new GraphError(401, "InvalidAuthenticationToken", message,
                Map.of("WWW-Authenticate", "Bearer realm=\"\", authorization_uri=\"/oauth2/token\", error=\"invalid_token\""));
    }

    private static boolean isJson(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type == null || type.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    private static JsonNode readBody(Request request) {
        if (request.getLength() > MAX_BODY) {
            throw new GraphError(413, "RequestEntityTooLarge", "The request body is larger than " + MAX_BODY + " bytes.");
        }
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            bytes = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw GraphError.badRequest("RequestBodyRead", "Cannot read the request body: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY) {
            throw new GraphError(413, "RequestEntityTooLarge", "The request body is larger than " + MAX_BODY + " bytes.");
        }
        if (bytes.length == 0) {
            return null;
        }
        if (!isJson(request)) {
            throw GraphError.badRequest("RequestBodyRead", "The request body must be JSON; send Content-Type: application/json.");
        }
        try {
            return GraphJson.JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw GraphError.badRequest("RequestBodyRead", "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw GraphError.badRequest("RequestBodyRead", "Cannot read the request body: " + e.getMessage());
        }
    }

    private static void write(Response response, Callback callback, GraphResponse reply) {
        Callback done = reply.onSent().isEmpty() ? callback : Callback.from(() -> {
            reply.sent();
            callback.succeeded();
        }, callback::failed);
        response.setStatus(reply.status());
        reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        byte[] body;
        if (reply.body() != null) {
            try {
                body = GraphJson.JSON.writeValueAsBytes(reply.body());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        } else {
            body = new byte[0];
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), done);
    }
}
