package io.roomrelease.camel.ews.ews;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.util.EntityUtils;

/**
 * Recognises an {@code ErrorServerBusy} SOAP fault with {@code BackOffMilliseconds} as soon as its HTTP response is
 * read, before ews-java-api parses it, so that the account's gate closes at once. Only HTTP 500 responses (SOAP
 * faults) of modest size are looked at; their entity is buffered so that ews-java-api still reads it whole. Anything
 * unexpected is left to the normal error path.
 */
final class BusyReplySniffer {

    /** SOAP faults are small; a bigger 500 body is not a throttling fault. */
    static final int MAX_FAULT_BYTES = 64 * 1024;
    private static final Pattern BACK_OFF = Pattern.compile(
            "Name\\s*=\\s*\"BackOffMilliseconds\"\\s*>\\s*(\\d{1,12})\\s*<");

    private BusyReplySniffer() {
    }

    /** Reads a response's entity into memory, so that the connection is done with it (keeps its headers). */
    static void readWhole(HttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null || !entity.isStreaming()) {
            return;
        }
        ByteArrayEntity copy = new ByteArrayEntity(EntityUtils.toByteArray(entity));
        copy.setContentType(entity.getContentType());
        copy.setContentEncoding(entity.getContentEncoding());
        response.setEntity(copy);
    }

    /** The back-off the response asks for, or empty when it is not an ErrorServerBusy fault with one. */
    static Optional<Duration> sniff(HttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        if (response.getStatusLine() == null || response.getStatusLine().getStatusCode() != 500 || entity == null
                || entity.getContentLength() < 0 || entity.getContentLength() > MAX_FAULT_BYTES) {
            return Optional.empty();
        }
        readWhole(response); // ews-java-api reads the (now repeatable) entity again after this look
        return backOff(new String(EntityUtils.toByteArray(response.getEntity()), StandardCharsets.UTF_8));
    }

    /** The BackOffMilliseconds of an ErrorServerBusy fault body. */
    static Optional<Duration> backOff(String body) {
        if (!body.contains("ErrorServerBusy")) {
            return Optional.empty();
        }
        Matcher m = BACK_OFF.matcher(body);
        return m.find() ? Optional.of(Duration.ofMillis(Long.parseLong(m.group(1)))) : Optional.empty();
    }
}
