package io.roomrelease.bundle.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.roomrelease.bundle.TestClock;
import io.roomrelease.bundle.settings.InvalidSettingsException;

class ApiKeyAuthenticatorTest {

    private static final String CLIENT = "10.0.0.1";

    private final String keyA = ApiKeyHasher.newKey();
    private final String keyB = ApiKeyHasher.newKey();
    private final String admin = ApiKeyHasher.newKey();
    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final ApiKeyAuthenticator auth = new ApiKeyAuthenticator(
            List.of("Room.A@corp.example=" + ApiKeyHasher.hash(keyA), "room.b@corp.example=" + ApiKeyHasher.hash(keyB)),
            List.of(ApiKeyHasher.hash(admin)),
            new AuthFailureLimiter(1000, Duration.ofMinutes(1), 100, clock));

    @Test
    void hashesAreUnsaltedHexAndVerifyOnlyTheirKey() {
        String h1 = ApiKeyHasher.hash(keyA);
        assertThat(h1).isEqualTo(ApiKeyHasher.hash(keyA)).doesNotContain(keyA).matches("sha256:[0-9a-f]{64}");
        assertThat(ApiKeyHasher.matches(keyA, h1)).isTrue();
        assertThat(ApiKeyHasher.matches(keyB, h1)).isFalse();
        assertThat(ApiKeyHasher.matches(keyA, "sha256:broken")).isFalse();
        String legacy = ApiKeyHasher.legacySaltedHash(keyA);
        assertThat(ApiKeyHasher.matches(keyA, legacy)).isTrue();
        assertThat(ApiKeyHasher.matches(keyB, legacy)).isFalse();
    }

    @Test
    void aDisplayKeyActsOnItsOwnRoomOnly() {
        assertThat(auth.requireRoom(keyA, "room.a@CORP.example", CLIENT)).isEqualTo("room.a@corp.example");
        assertThatThrownBy(() -> auth.requireRoom(keyA, "room.b@corp.example", CLIENT))
                .isInstanceOf(ApiForbiddenException.class);
        assertThatThrownBy(() -> auth.requireRoom(null, "room.a@corp.example", CLIENT))
                .isInstanceOf(ApiAuthenticationException.class).hasMessageContaining("Missing");
        assertThatThrownBy(() -> auth.requireRoom("guess", "room.a@corp.example", CLIENT))
                .isInstanceOf(ApiAuthenticationException.class).hasMessageNotContaining("guess");
        assertThatThrownBy(() -> auth.requireRoom(admin, "room.a@corp.example", CLIENT))
                .isInstanceOf(ApiForbiddenException.class);
    }

    @Test
    void onlyAdminKeysReadTheAudit() {
        assertThatCode(() -> auth.requireAdmin(admin, CLIENT)).doesNotThrowAnyException();
        assertThatThrownBy(() -> auth.requireAdmin(keyA, CLIENT)).isInstanceOf(ApiForbiddenException.class);
        assertThatThrownBy(() -> auth.requireAdmin("", CLIENT)).isInstanceOf(ApiAuthenticationException.class);
        assertThatCode(() -> auth.requireAnyKey(keyB, CLIENT)).doesNotThrowAnyException();
        assertThatThrownBy(() -> auth.requireAnyKey("nope", CLIENT)).isInstanceOf(ApiAuthenticationException.class);
    }

    @Test
    void everyRequestCostsOneHashHoweverManyRoomsAreConfigured() {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            entries.add("room" + i + "@corp.example=" + ApiKeyHasher.hash("key-of-room-" + i));
        }
        AtomicInteger hashes = new AtomicInteger();
        UnaryOperator<String> counting = k -> {
            hashes.incrementAndGet();
            return ApiKeyHasher.sha256Hex(k);
        };
        ApiKeyAuthenticator big = new ApiKeyAuthenticator(entries, List.of(ApiKeyHasher.hash(admin)),
                new AuthFailureLimiter(1000, Duration.ofMinutes(1), 100, clock), counting);

        assertThat(big.requireRoom("key-of-room-19999", "room19999@corp.example", CLIENT))
                .isEqualTo("room19999@corp.example");
        assertThat(hashes.getAndSet(0)).isEqualTo(1);
        assertThatThrownBy(() -> big.requireRoom("unknown-key", "room1@corp.example", CLIENT))
                .isInstanceOf(ApiAuthenticationException.class);
        assertThat(hashes.getAndSet(0)).isEqualTo(1);
        big.requireAdmin(admin, CLIENT);
        assertThat(hashes.get()).isEqualTo(1);
    }

    @Test
    void legacySaltedEntriesStillWorkAndMoveIntoTheTableOnFirstUse() {
        ApiKeyAuthenticator mixed = new ApiKeyAuthenticator(
                List.of("room.a@corp.example=" + ApiKeyHasher.legacySaltedHash(keyA),
                        "room.b@corp.example=" + ApiKeyHasher.hash(keyB)),
                List.of(ApiKeyHasher.legacySaltedHash(admin)));
        assertThat(mixed.requireRoom(keyA, "room.a@corp.example", CLIENT)).isEqualTo("room.a@corp.example");
        assertThat(mixed.requireRoom(keyA, "room.a@corp.example", CLIENT)).isEqualTo("room.a@corp.example");
        assertThat(mixed.requireRoom(keyB, "room.b@corp.example", CLIENT)).isEqualTo("room.b@corp.example");
        assertThatCode(() -> mixed.requireAdmin(admin, CLIENT)).doesNotThrowAnyException();
        assertThatThrownBy(() -> mixed.requireRoom(keyB, "room.a@corp.example", CLIENT))
                .isInstanceOf(ApiForbiddenException.class);
    }

    @Test
    void failedAuthenticationsAreLimitedPerClientAndSuccessesAreNot() {
        ApiKeyAuthenticator limited = new ApiKeyAuthenticator(
                List.of("room.a@corp.example=" + ApiKeyHasher.hash(keyA)), List.of(),
                new AuthFailureLimiter(3, Duration.ofSeconds(60), 100, clock));
        for (int i = 0; i < 20; i++) {
            assertThat(limited.requireRoom(keyA, "room.a@corp.example", CLIENT)).isNotNull();
        }
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> limited.requireRoom("guess", "room.a@corp.example", CLIENT))
                    .isInstanceOf(ApiAuthenticationException.class);
        }
        assertThatThrownBy(() -> limited.requireRoom("guess", "room.a@corp.example", CLIENT))
                .isInstanceOfSatisfying(ApiRateLimitedException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(60));
        assertThatThrownBy(() -> limited.requireRoom(keyA, "room.a@corp.example", CLIENT))
                .isInstanceOf(ApiRateLimitedException.class);
        assertThat(limited.requireRoom(keyA, "room.a@corp.example", "10.0.0.2")).isNotNull();
        clock.set(clock.instant().plusSeconds(45));
        assertThatThrownBy(() -> limited.requireRoom("guess", "room.a@corp.example", CLIENT))
                .isInstanceOfSatisfying(ApiRateLimitedException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(15));
        clock.set(clock.instant().plusSeconds(15));
        assertThat(limited.requireRoom(keyA, "room.a@corp.example", CLIENT)).isNotNull();
    }

    @Test
    void theLimiterRemembersABoundedNumberOfClients() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(1, Duration.ofMinutes(1), 100, clock);
        for (int i = 0; i < 10_000; i++) {
            limiter.failed("10.1." + (i / 256) + "." + (i % 256));
        }
        assertThat(limiter.trackedClients()).isEqualTo(100);
    }

    @Test
    void malformedEntriesAreNamedByPositionWithoutEchoingThem() {
        assertThatThrownBy(() -> new ApiKeyAuthenticator(List.of("room.a@corp.example=plain-text-key"), List.of()))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("roomrelease.display.api-keys entry 1")
                .hasMessageNotContaining("plain-text-key");
    }
}
