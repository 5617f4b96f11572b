package io.roomrelease.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.roomrelease.bundle.app.RoomReleaseApplication;

/**
 * {@code java -jar demo/target/room-release-demo.jar [--once]}: the bundle's command line with {@code --profile demo}
 * unless another profile is named.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (!all.contains("--profile")) {
            all.add(0, "demo");
            all.add(0, "--profile");
        }
        RoomReleaseApplication.main(all.toArray(String[]::new));
    }
}
