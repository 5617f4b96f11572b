package io.roomrelease.camel.ews.ews;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;

import io.roomrelease.camel.ews.EwsConfiguration;
import io.roomrelease.camel.ews.EwsException;
import io.roomrelease.camel.ews.EwsOutcomeUnknownException;
import io.roomrelease.camel.ews.ews.ManagedExchangeService.AttemptState;
import io.roomrelease.camel.ews.ews.ManagedExchangeService.Phase;
import io.roomrelease.camel.ews.retry.Sleeper;
import io.roomrelease.camel.ews.retry.Verdict;
import microsoft.exchange.webservices.data.core.exception.service.remote.ServiceRequestException;
import org.apache.http.NoHttpResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a failed attempt is classified from what it did on the wire: retried, a real failure, or an unknown outcome. */
class EwsFailuresTest {

    static final String PASSWORD = "S3cret-Pa55";
    final EwsAccount account = account();

    static EwsAccount account() {
        EwsConfiguration c = new EwsConfiguration();
        c.setUrl("https://mail.example.com/EWS/Exchange.asmx");
        c.setUsername("svc@example.com");
        c.setPassword(PASSWORD);
        return new EwsAccount(EwsSettingsFactory.create(c, Clock.systemUTC(), "ua"), Clock.systemUTC(),
                Sleeper.THREAD_SLEEP);
    }

    @AfterEach
    void close() {
        account.close();
    }

    EwsFailures failures(boolean idempotent, AttemptState state) {
        EwsFailures f = new EwsFailures(account, idempotent ? "findEvents" : "declineEvent", "room1@example.com",
                idempotent ? null : "AAMk1", () -> "rid-1", () -> null, idempotent);
        f.attempt(state);
        return f;
    }

    static Exception wrapped(Exception cause) {
        return new ServiceRequestException("The request failed. " + cause.getMessage(), cause);
    }

    @Test
    void aReadThatDiesOnAReusedConnectionIsRetriedOnAFreshOne() {
        assertThat(failures(true, new AttemptState(Phase.SENDING, true, false))
                .classify(wrapped(new NoHttpResponseException("failed to respond"))).kind())
                .isEqualTo(Verdict.Kind.STALE_CONNECTION);
        assertThat(failures(true, new AttemptState(Phase.RESPONDED, true, false))
                .classify(wrapped(new SocketException("Connection reset"))).kind())
                .isEqualTo(Verdict.Kind.STALE_CONNECTION);
    }

    @Test
    void aFailureOnABrandNewConnectionIsReal() {
        EwsFailures f = failures(true, new AttemptState(Phase.SENDING, false, false));
        Exception e = wrapped(new NoHttpResponseException("failed to respond"));
        assertThat(f.classify(e).kind()).isEqualTo(Verdict.Kind.FATAL);
        assertThat(f.translate(e)).isNotInstanceOf(EwsOutcomeUnknownException.class)
                .hasMessageContaining("cannot reach Exchange");
    }

    @Test
    void aReadTimeoutIsNotAStaleConnection() {
        assertThat(failures(true, new AttemptState(Phase.SENDING, true, false))
                .classify(wrapped(new SocketTimeoutException("Read timed out"))).kind()).isEqualTo(Verdict.Kind.FATAL);
    }

    @Test
    void aWriteThatMayHaveLeftIsNeverRetriedAndItsOutcomeIsUnknown() {
        EwsFailures f = failures(false, new AttemptState(Phase.SENDING, true, true));
        Exception e = wrapped(new NoHttpResponseException("failed to respond"));
        assertThat(f.classify(e).kind()).isEqualTo(Verdict.Kind.FATAL);
        assertThat(f.translate(e)).isInstanceOfSatisfying(EwsOutcomeUnknownException.class, u -> {
            assertThat(u.operation()).isEqualTo("declineEvent");
            assertThat(u.itemId()).isEqualTo("AAMk1");
            assertThat(u.requestId()).isEqualTo("rid-1");
            assertThat(u.getMessage()).contains("connection dropped after the request was sent")
                    .doesNotContain(PASSWORD);
        });
        EwsFailures unreadable = failures(false, new AttemptState(Phase.READ, false, true));
        Exception parse = wrapped(new IllegalStateException("ParseError at [row,col]:[1,120]"));
        assertThat(unreadable.translate(parse)).isInstanceOf(EwsOutcomeUnknownException.class)
                .hasMessageContaining("reply could not be read");
    }

    @Test
    void theReadBeforeAWriteMayBeRetriedAndAStaleConnectionFoundBeforeSendingToo() {
        assertThat(failures(false, new AttemptState(Phase.SENDING, true, false))
                .classify(wrapped(new NoHttpResponseException("failed to respond"))).kind())
                .isEqualTo(Verdict.Kind.NOT_SENT);
        assertThat(failures(false, new AttemptState(Phase.CONNECTED, true, false))
                .classify(wrapped(new ManagedExchangeService.StaleBeforeSendException())).kind())
                .isEqualTo(Verdict.Kind.NOT_SENT);
    }

    @Test
    void aWriteThatNeverLeftIsAKnownFailure() {
        EwsFailures f = failures(false, new AttemptState(Phase.PREPARED, false, false));
        Exception e = wrapped(new java.net.ConnectException("Connection refused"));
        assertThat(f.classify(e).kind()).isEqualTo(Verdict.Kind.FATAL);
        assertThat(f.translate(e)).isExactlyInstanceOf(EwsException.class).hasMessageContaining("cannot reach");
    }
}
