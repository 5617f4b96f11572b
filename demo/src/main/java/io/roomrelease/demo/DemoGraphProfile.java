package io.roomrelease.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import io.roomrelease.bundle.app.ProfileEnvironment;

/**
 * {@code --profile demo-graph}: the demo over Microsoft Graph ({@code camel.component.ews.api=graph}) against the
 * simulator's Graph front end, with an app token from its token endpoint. Same scenario, same routes, same outcomes.
 */
public final class DemoGraphProfile implements ProfileEnvironment.Factory {

    @Override
    public String profile() {
        return "demo-graph";
    }

    @Override
    public ProfileEnvironment start(Clock clock, Path dataDir) throws IOException {
        return DemoLauncher.start(clock, dataDir, true);
    }
}
