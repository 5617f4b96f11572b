package io.roomrelease.bundle.store;

/** A store read or write failed; the message names the statement and the database's reason. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
