package io.roomrelease.bundle.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Serves the room display panel ({@code /display/}) and the dashboard ({@code /admin/}): plain HTML, CSS and
 * JavaScript from the jar ({@code web/<app>/} on the class path). Only files of those folders with plain names are
 * served; anything else is 404. The pages carry no secrets: each asks for its API key and keeps it in the browser.
 */
public final class WebAssets {

    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9]+)+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json");

    /** Answers {@code GET /<app>/<file>} from {@code web/<app>/<file>}; the app's folder itself gets index.html. */
    public void serve(Exchange exchange, String app) throws IOException {
        Message in = exchange.getIn();
        String path = in.getHeader(Exchange.HTTP_PATH, String.class);
        String uri = in.getHeader(Exchange.HTTP_URI, String.class);
        String full = uri != null ? uri : path == null ? "" : path;
        int q = full.indexOf('?');
        if (q >= 0) {
            full = full.substring(0, q);
        }
        String prefix = "/" + app;
        String rest = full.startsWith(prefix) ? full.substring(prefix.length()) : full;
        in.removeHeaders("*", Exchange.HTTP_RESPONSE_CODE);
        if (rest.isEmpty()) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
            in.setHeader("Location", prefix + "/");
            in.setBody("");
            return;
        }
        String file = rest.equals("/") ? "index.html" : rest.substring(1);
        String ext = file.substring(file.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        InputStream stream = FILE.matcher(file).matches() && TYPES.containsKey(ext)
                ? WebAssets.class.getClassLoader().getResourceAsStream("web/" + app + "/" + file) : null;
        if (stream == null) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            in.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            in.setBody("Not found: " + prefix + "/" + file);
            return;
        }
        try (stream) {
            in.setBody(stream.readAllBytes());
        }
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        in.setHeader(Exchange.CONTENT_TYPE, TYPES.get(ext));
        in.setHeader("Cache-Control", "no-cache");
        in.setHeader("X-Content-Type-Options", "nosniff");
        in.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'");
        in.setHeader("Referrer-Policy", "no-referrer");
    }
}
