package io.roomrelease.ews.simulator.model;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.roomrelease.ews.simulator.scenario.Scenario;
import io.roomrelease.ews.simulator.soap.EwsOperationHandler;

/**
 * CONTRACT STUB (owned by the model/ops/scenario work): the simulated organisation's state. Thread-safe.
 */
public final class ExchangeStore {

    public ExchangeStore(Scenario scenario, Clock clock) {
        throw new UnsupportedOperationException("stub");
    }

    public Optional<Account> account(String logon) {
        throw new UnsupportedOperationException("stub");
    }

    public Optional<Account> accountByClientId(String clientId) {
        throw new UnsupportedOperationException("stub");
    }

    public boolean mailboxExists(String smtp) {
        throw new UnsupportedOperationException("stub");
    }

    /** Every operation handler the simulator serves, bound to this store. */
    public List<EwsOperationHandler> operations() {
        throw new UnsupportedOperationException("stub");
    }
}
