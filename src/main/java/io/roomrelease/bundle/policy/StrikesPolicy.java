package io.roomrelease.bundle.policy;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The strikes rule of DESIGN §2: after {@code strikes} consecutive no-shows on a recurring series, the room
 * declines the whole series and the organizer is told why. Pure: it judges a list of outcomes.
 */
public final class StrikesPolicy {

    private final int strikes;

    /** @param strikes consecutive no-shows that decline a series (default 3) */
    public StrikesPolicy(int strikes) {
        if (strikes < 1) {
            throw new IllegalArgumentException("roomrelease.strikes must be 1 or more, was " + strikes);
        }
        this.strikes = strikes;
    }

    /** The number of consecutive no-shows that declines a series. */
    public int strikes() {
        return strikes;
    }

    /**
     * What happened at one occurrence of a series.
     *
     * @param occurrenceStart start of the occurrence
     * @param showed          whether someone checked in
     */
    public record Outcome(Instant occurrenceStart, boolean showed) {
    }

    /** The verdict for one series. */
    public record Verdict(boolean declineSeries, int consecutiveNoShows, String text) {
    }

    /** Counts the no-shows at the end of the series' history (most recent occurrences) and judges them. */
    public Verdict judge(List<Outcome> outcomes) {
        List<Outcome> ordered = outcomes.stream().sorted(Comparator.comparing(Outcome::occurrenceStart)).toList();
        int run = 0;
        for (int i = ordered.size() - 1; i >= 0 && !ordered.get(i).showed(); i--) {
            run++;
        }
        if (run >= strikes) {
            return new Verdict(true, run, "nobody came to the last " + run + " meetings of this series (the limit is "
                    + strikes + " in a row)");
        }
        return new Verdict(false, run, run + " no-show(s) in a row, below the limit of " + strikes);
    }
}
