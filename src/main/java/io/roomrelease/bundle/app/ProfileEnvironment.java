package io.roomrelease.bundle.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a profile brings along besides its settings file, e.g. the demo's EWS simulator. Found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.roomrelease.bundle.app.ProfileEnvironment$Factory}),
 * so the production jar carries none: the demo's lives in the {@code demo/} module.
 */
public interface ProfileEnvironment extends AutoCloseable {

    /** Settings that win over the files (e.g. the simulator's URL and trust store). */
    Map<String, String> properties();

    /** Called once the bundle runs (e.g. to seed demo data); returns lines for the console. */
    String started(RoomReleaseApp app);

    /** Lines for the console's "where to look" block, given the display API port (may be empty). */
    String hints(String displayPort);

    /** Stops what the profile started. */
    @Override
    void close();

    /** Starts a profile's environment. */
    interface Factory {
        /** The profile it serves, e.g. {@code demo}. */
        String profile();

        /** Starts it; {@code dataDir} is the profile's data folder. */
        ProfileEnvironment start(Clock clock, Path dataDir) throws IOException;
    }
}
