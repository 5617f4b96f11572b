package io.roomrelease.ews.simulator.model;

/**
 * Exchange's throttling model for one account (EWS throttling policy).
 *
 * @param maxConcurrency     EWSMaxConcurrency: requests served at once per account (Exchange: 27)
 * @param budgetBurst        requests the budget holds when full (0 or less: no budget)
 * @param budgetRechargePerSecond requests the budget regains per second
 * @param backOffMillis      BackOffMilliseconds sent with ErrorServerBusy when the budget is empty
 */
public record ThrottlingSettings(int maxConcurrency, int budgetBurst, double budgetRechargePerSecond, long backOffMillis) {

    /** Exchange's defaults: 27 concurrent requests and a budget that a well-behaved client never drains. */
    public static ThrottlingSettings exchangeDefaults() {
        return new ThrottlingSettings(27, 0, 0, 0);
    }
}
