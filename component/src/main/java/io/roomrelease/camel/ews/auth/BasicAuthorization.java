package io.roomrelease.camel.ews.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Basic authentication sent pre-emptively: ews-java-api would only answer a 401 challenge, paying a second request on
 * every new connection, so the component sets the header itself.
 */
public final class BasicAuthorization implements AuthorizationSource {

    private final String username;
    private final String header;

    public BasicAuthorization(String username, String password) {
        this.username = Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        this.header = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String authorizationHeader() {
        return header;
    }

    @Override
    public String principal() {
        return username;
    }

    @Override
    public String toString() {
        return "BasicAuthorization[" + username + "]";
    }
}
