package io.roomrelease.bundle.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import io.roomrelease.bundle.settings.SettingSource;

/**
 * Checks before start-up that the ports of the display API ({@code camel.server.port}) and of health and metrics
 * ({@code camel.management.port}) are free, so that a port in use stops start-up with the setting to change instead
 * of a stack trace from the HTTP server.
 */
final class PortCheck {

    private PortCheck() {
    }

    static List<String> problems(SettingSource s) {
        List<String> problems = new ArrayList<>();
        check(s, "camel.server", problems);
        check(s, "camel.management", problems);
        return problems;
    }

    private static void check(SettingSource s, String prefix, List<String> problems) {
        if (!s.get(prefix + ".enabled").map(v -> v.trim().equalsIgnoreCase("true")).orElse(false)) {
            return;
        }
        String key = prefix + ".port";
        int port;
        try {
            port = Integer.parseInt(s.get(key).orElse("0").trim());
        } catch (NumberFormatException e) {
            return; // named by the settings check
        }
        if (port <= 0 || port > 65_535) {
            return;
        }
        String host = s.get(prefix + ".host").orElse("0.0.0.0").trim();
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            problems.add(key + " (environment " + SettingSource.environmentVariable(key) + ") port " + port + " on "
                    + host + " cannot be used (" + e.getMessage() + "): another process holds it; stop that process"
                    + " or choose another port");
        }
    }
}
