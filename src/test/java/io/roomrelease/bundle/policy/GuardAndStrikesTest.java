package io.roomrelease.bundle.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuardAndStrikesTest {

    @ParameterizedTest(name = "{0} in progress, {1} to release -> tripped={2}")
    @CsvSource({
            "10, 5, false",   // exactly 50 %: allowed
            "10, 6, true",    // more than 50 %
            "10, 10, true",   // silent check-in feed
            "4, 4, false",    // too few meetings to judge (min 5)
            "5, 5, true",
            "0, 0, false"})
    void guardTripsAboveTheRatioOnceEnoughMeetingsAreInProgress(int inProgress, int toRelease, boolean tripped) {
        ReleaseRatioGuard.Verdict v = new ReleaseRatioGuard(0.5, 5).judge(inProgress, toRelease);
        assertThat(v.tripped()).isEqualTo(tripped);
        if (tripped) {
            assertThat(v.text()).contains(toRelease + " of " + inProgress).contains("roomrelease.max-release-ratio");
        }
    }

    @Test
    void guardRejectsNonsenseSettingsNamingThem() {
        assertThatThrownBy(() -> new ReleaseRatioGuard(1.5, 5)).hasMessageContaining("roomrelease.max-release-ratio");
        assertThatThrownBy(() -> new ReleaseRatioGuard(0.5, 0)).hasMessageContaining("roomrelease.guard-min-in-progress");
    }

    @ParameterizedTest(name = "{0} -> decline={1}, run={2}")
    @CsvSource({
            "'', false, 0",
            "NNN, true, 3",
            "SNNN, true, 3",
            "NNS, false, 0",
            "NSNN, false, 2",
            "NNNNS, false, 0",
            "SNNNN, true, 4"})
    void strikesCountTheNoShowsAtTheEndOfTheSeries(String history, boolean decline, int run) {
        List<StrikesPolicy.Outcome> outcomes = new ArrayList<>();
        Instant t = Instant.parse("2026-01-05T09:00:00Z");
        for (char c : history.toCharArray()) {
            outcomes.add(new StrikesPolicy.Outcome(t, c == 'S'));
            t = t.plus(Duration.ofDays(7));
        }
        java.util.Collections.reverse(outcomes); // order of input does not matter
        StrikesPolicy.Verdict v = new StrikesPolicy(3).judge(outcomes);
        assertThat(v.declineSeries()).isEqualTo(decline);
        assertThat(v.consecutiveNoShows()).isEqualTo(run);
    }
}
