package io.roomrelease.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import io.roomrelease.bundle.app.ProfileEnvironment;

/** {@code --profile demo}: the EWS simulator with the demo scenario ({@link DemoLauncher}). */
public final class DemoProfile implements ProfileEnvironment.Factory {

    @Override
    public String profile() {
        return "demo";
    }

    @Override
    public ProfileEnvironment start(Clock clock, Path dataDir) throws IOException {
        return DemoLauncher.start(clock, dataDir);
    }
}
