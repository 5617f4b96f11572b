package io.roomrelease.ews.simulator.scenario;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import io.roomrelease.ews.simulator.model.Account;
import io.roomrelease.ews.simulator.model.ThrottlingSettings;

/**
 * CONTRACT STUB (owned by the model/ops/scenario work): the data a simulator starts with: rooms, room
 * lists, users, meetings (single and recurring) and accounts with their rights. Loaded from YAML or
 * JSON, generated, or built in code.
 */
public final class Scenario {

    /** Loads a scenario from a .yaml/.yml or .json file. */
    public static Scenario load(Path file, Clock clock) {
        throw new UnsupportedOperationException("stub");
    }

    /** The demo story: rooms in two buildings placed around clock's now. */
    public static Scenario demo(Clock clock) {
        throw new UnsupportedOperationException("stub");
    }

    /** The accounts that may log on. */
    public List<Account> accounts() {
        throw new UnsupportedOperationException("stub");
    }

    /** Throttling for every account (Exchange defaults unless the scenario says otherwise). */
    public ThrottlingSettings throttling() {
        return ThrottlingSettings.exchangeDefaults();
    }
}
