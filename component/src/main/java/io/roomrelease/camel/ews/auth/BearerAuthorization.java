package io.roomrelease.camel.ews.auth;

import java.util.Objects;

/** {@code Authorization: Bearer <token>} from a {@link TokenProvider}; a refreshed token is used on the next request. */
public final class BearerAuthorization implements AuthorizationSource {

    private final TokenProvider tokens;

    public BearerAuthorization(TokenProvider tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    public String authorizationHeader() {
        return "Bearer " + tokens.accessToken();
    }

    @Override
    public String principal() {
        return tokens.clientId();
    }

    @Override
    public void invalidate() {
        tokens.invalidate();
    }

    public TokenProvider tokenProvider() {
        return tokens;
    }

    @Override
    public String toString() {
        return "BearerAuthorization[" + tokens.clientId() + "]";
    }
}
