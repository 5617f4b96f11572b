package io.roomrelease.bundle.security;

/** The request carried no API key or an unknown one: HTTP 401. */
public class ApiAuthenticationException extends RuntimeException {

    public ApiAuthenticationException(String message) {
        super(message);
    }
}
