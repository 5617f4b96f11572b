package io.roomrelease.bundle.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.roomrelease.bundle.settings.InvalidSettingsException;

class ApiKeyAuthenticatorTest {

    private final String keyA = ApiKeyHasher.newKey();
    private final String keyB = ApiKeyHasher.newKey();
    private final String admin = ApiKeyHasher.newKey();
    private final ApiKeyAuthenticator auth = new ApiKeyAuthenticator(
            List.of("Room.A@corp.example=" + ApiKeyHasher.hash(keyA), "room.b@corp.example=" + ApiKeyHasher.hash(keyB)),
            List.of(ApiKeyHasher.hash(admin)));

    @Test
    void hashesAreSaltedAndVerifyOnlyTheirKey() {
        String h1 = ApiKeyHasher.hash(keyA);
        assertThat(h1).isNotEqualTo(ApiKeyHasher.hash(keyA)).doesNotContain(keyA).startsWith("sha256:");
        assertThat(ApiKeyHasher.matches(keyA, h1)).isTrue();
        assertThat(ApiKeyHasher.matches(keyB, h1)).isFalse();
        assertThat(ApiKeyHasher.matches(keyA, "sha256:broken")).isFalse();
    }

    @Test
    void aDisplayKeyActsOnItsOwnRoomOnly() {
        assertThat(auth.requireRoom(keyA, "room.a@CORP.example")).isEqualTo("room.a@corp.example");
        assertThatThrownBy(() -> auth.requireRoom(keyA, "room.b@corp.example")).isInstanceOf(ApiForbiddenException.class);
        assertThatThrownBy(() -> auth.requireRoom(null, "room.a@corp.example"))
                .isInstanceOf(ApiAuthenticationException.class).hasMessageContaining("Missing");
        assertThatThrownBy(() -> auth.requireRoom("guess", "room.a@corp.example"))
                .isInstanceOf(ApiAuthenticationException.class).hasMessageNotContaining("guess");
        assertThatThrownBy(() -> auth.requireRoom(admin, "room.a@corp.example")).isInstanceOf(ApiForbiddenException.class);
    }

    @Test
    void onlyAdminKeysReadTheAudit() {
        assertThatCode(() -> auth.requireAdmin(admin)).doesNotThrowAnyException();
        assertThatThrownBy(() -> auth.requireAdmin(keyA)).isInstanceOf(ApiForbiddenException.class);
        assertThatThrownBy(() -> auth.requireAdmin("")).isInstanceOf(ApiAuthenticationException.class);
        assertThatCode(() -> auth.requireAnyKey(keyB)).doesNotThrowAnyException();
        assertThatThrownBy(() -> auth.requireAnyKey("nope")).isInstanceOf(ApiAuthenticationException.class);
    }

    @Test
    void malformedEntriesAreNamedByPositionWithoutEchoingThem() {
        assertThatThrownBy(() -> new ApiKeyAuthenticator(List.of("room.a@corp.example=plain-text-key"), List.of()))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("roomrelease.display.api-keys entry 1")
                .hasMessageNotContaining("plain-text-key");
    }
}
