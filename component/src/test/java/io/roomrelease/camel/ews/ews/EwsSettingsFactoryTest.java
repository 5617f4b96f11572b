package io.roomrelease.camel.ews.ews;

import io.roomrelease.camel.ews.EwsConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EwsSettingsFactoryTest {

    static EwsConfiguration basic(String url) {
        EwsConfiguration c = new EwsConfiguration();
        c.setUrl(url);
        c.setUsername("svc-rooms@example.com");
        c.setPassword("S3cret-Pa55");
        return c;
    }

    @Test
    void httpsWithBasicIsValid() {
        assertThatCode(() -> EwsSettingsFactory.validate(basic("https://mail.example.com/EWS/Exchange.asmx")))
                .doesNotThrowAnyException();
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() {
        EwsConfiguration c = basic("http://mail.example.com/EWS/Exchange.asmx");
        assertThatThrownBy(() -> EwsSettingsFactory.validate(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain http").hasMessageContaining("allowInsecureHttp=true")
                .hasMessageNotContaining("S3cret");
        c.setAllowInsecureHttp(true);
        assertThatCode(() -> EwsSettingsFactory.validate(c)).doesNotThrowAnyException();
    }

    @Test
    void concurrencyAbove27IsRefusedWithTheReason() {
        EwsConfiguration c = basic("https://mail.example.com/EWS/Exchange.asmx");
        c.setMaxConcurrentRequests(28);
        assertThatThrownBy(() -> EwsSettingsFactory.validate(c)).hasMessageContaining("EWSMaxConcurrency")
                .hasMessageContaining("27");
        c.setMaxConcurrentRequests(27);
        assertThatCode(() -> EwsSettingsFactory.validate(c)).doesNotThrowAnyException();
        c.setMaxConcurrentRequests(0);
        assertThatThrownBy(() -> EwsSettingsFactory.validate(c)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialsMustBeExactlyOneKind() {
        EwsConfiguration none = new EwsConfiguration();
        none.setUrl("https://mail.example.com/EWS/Exchange.asmx");
        assertThatThrownBy(() -> EwsSettingsFactory.validate(none)).hasMessageContaining("no credentials");

        EwsConfiguration both = basic("https://mail.example.com/EWS/Exchange.asmx");
        both.setClientId("app");
        both.setClientSecret("top-secret-value");
        both.setTenantId("contoso.onmicrosoft.com");
        assertThatThrownBy(() -> EwsSettingsFactory.validate(both)).hasMessageContaining("only one")
                .hasMessageNotContaining("top-secret-value").hasMessageNotContaining("S3cret");

        EwsConfiguration noPassword = basic("https://mail.example.com/EWS/Exchange.asmx");
        noPassword.setPassword(null);
        assertThatThrownBy(() -> EwsSettingsFactory.validate(noPassword)).hasMessageContaining("no password");
    }

    @Test
    void oauthNeedsASecretAndAnAuthority() {
        EwsConfiguration c = new EwsConfiguration();
        c.setUrl("https://outlook.office365.com/EWS/Exchange.asmx");
        c.setClientId("app");
        assertThatThrownBy(() -> EwsSettingsFactory.validate(c)).hasMessageContaining("clientSecret");
        c.setClientSecret("top-secret-value");
        assertThatThrownBy(() -> EwsSettingsFactory.validate(c)).hasMessageContaining("tenantId")
                .hasMessageNotContaining("top-secret-value");
        c.setTokenUrl("http://127.0.0.1:1/token");
        assertThatThrownBy(() -> EwsSettingsFactory.validate(c)).hasMessageContaining("tokenUrl")
                .hasMessageContaining("plain http");
        c.setTokenUrl("https://login.example.com/token");
        assertThatCode(() -> EwsSettingsFactory.validate(c)).doesNotThrowAnyException();
        c.setClientSecret(null);
        c.setClientCertificate("/tmp/app.p12");
        // a certificate credential with tokenUrl: an RFC 7523 client assertion (GraphSimTest gets a token with it)
        assertThatCode(() -> EwsSettingsFactory.validate(c)).doesNotThrowAnyException();
    }

    @Test
    void windowsAreIsoDurationsInOrder() {
        EwsConfiguration c = basic("https://mail.example.com/EWS/Exchange.asmx");
        c.setWindowStart("30 minutes");
        assertThatThrownBy(() -> EwsSettingsFactory.validate(c)).hasMessageContaining("windowStart")
                .hasMessageContaining("ISO-8601");
        c.setWindowStart("PT3H");
        assertThatThrownBy(() -> EwsSettingsFactory.validate(c)).hasMessageContaining("must be after windowStart");
        c.setWindowStart("-PT1H");
        assertThatCode(() -> EwsSettingsFactory.validate(c)).doesNotThrowAnyException();
    }

    @Test
    void pageSizeWithinFindCountLimit() {
        EwsConfiguration c = basic("https://mail.example.com/EWS/Exchange.asmx");
        c.setPageSize(1001);
        assertThatThrownBy(() -> EwsSettingsFactory.validate(c)).hasMessageContaining("EWSFindCountLimit");
    }

    @Test
    void accountKeyDistinguishesAccountsNotMailboxes() {
        EwsConfiguration a = basic("https://mail.example.com/EWS/Exchange.asmx");
        EwsConfiguration b = a.copy();
        b.setMailbox("room1@example.com");
        b.setAccessMode(io.roomrelease.camel.ews.AccessMode.delegate);
        assertThat(EwsSettingsFactory.accountKey(a)).isEqualTo(EwsSettingsFactory.accountKey(b));
        b.setUsername("other@example.com");
        assertThat(EwsSettingsFactory.accountKey(a)).isNotEqualTo(EwsSettingsFactory.accountKey(b));
        assertThat(EwsSettingsFactory.accountKey(a)).doesNotContain("S3cret");
    }

    @Test
    void missingTrustStoreIsNamed() {
        assertThatThrownBy(() -> TlsSupport.sslContext("/nonexistent/trust.p12", "x"))
                .hasMessageContaining("/nonexistent/trust.p12").hasMessageContaining("Fix");
    }

    @Test
    void problemsNamesEveryBadOptionAtOnceWithItsFixAndNoSecret() {
        EwsConfiguration c = basic("http://svc:Url-Pa55@mail.example.com/EWS/Exchange.asmx");
        c.setPassword("");
        c.setTrustStorePassword("trust-S3cret");
        c.setMaxConcurrentRequests(40);
        c.setMaxBackOff(-1);
        c.setRequestTimeout(0);
        c.setConnectionIdleTimeout(-5);
        c.setPageSize(0);
        c.setWindowStart("soon");
        java.util.List<String> problems = EwsSettingsFactory.problems(c);
        assertThat(problems).extracting(m -> m.substring(0, m.indexOf(':')))
                .containsExactly("url", "password", "maxConcurrentRequests", "maxBackOff", "requestTimeout",
                        "connectionIdleTimeout", "pageSize", "windowStart");
        assertThat(problems).allSatisfy(m -> assertThat(m).contains("Fix").doesNotContain("Url-Pa55")
                .doesNotContain("trust-S3cret").doesNotContain("S3cret-Pa55"));
        assertThatThrownBy(() -> EwsSettingsFactory.validate(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 configuration problems").hasMessageContaining("maxConcurrentRequests: 40")
                .hasMessageContaining("connectionIdleTimeout: -5").hasMessageContaining("windowStart: soon")
                .hasMessageNotContaining("Url-Pa55");
    }

    @Test
    void oauthWithSecretsIsNeverEchoed() {
        EwsConfiguration c = new EwsConfiguration();
        c.setClientId("app");
        c.setClientSecret("client-S3cret-value");
        c.setTokenUrl("ftp://login.example.com/token");
        c.setMaxConcurrentRequests(0);
        java.util.List<String> problems = EwsSettingsFactory.problems(c);
        assertThat(problems).extracting(m -> m.substring(0, m.indexOf(':')))
                .containsExactly("url", "tokenUrl", "maxConcurrentRequests");
        assertThat(String.join("\n", problems)).doesNotContain("client-S3cret-value");
    }

    @Test
    void oauthWithTokenUrlOnlyIsAccepted() {
        EwsConfiguration c = new EwsConfiguration();
        c.setUrl("https://mail.example.com/EWS/Exchange.asmx");
        c.setClientId("app");
        c.setClientSecret("client-S3cret-value");
        c.setTokenUrl("https://login.example.com/oauth2/token");
        assertThat(EwsSettingsFactory.problems(c)).isEmpty();
        assertThatCode(() -> EwsSettingsFactory.validate(c)).doesNotThrowAnyException();
        EwsConnectionSettings s = EwsSettingsFactory.create(c, java.time.Clock.systemUTC(), "ua");
        assertThat(s.authorization().principal()).contains("app");
    }

    @Test
    void connectionIdleTimeoutRangeAndDefault() {
        EwsConfiguration c = basic("https://mail.example.com/EWS/Exchange.asmx");
        assertThat(c.getConnectionIdleTimeout()).isEqualTo(15_000);
        assertThat(EwsSettingsFactory.create(c, java.time.Clock.systemUTC(), "ua").connectionIdleTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(15));
        c.setConnectionIdleTimeout(0);
        assertThat(EwsSettingsFactory.problems(c)).isEmpty();
        c.setConnectionIdleTimeout(300_000);
        assertThat(EwsSettingsFactory.problems(c)).isEmpty();
        c.setConnectionIdleTimeout(300_001);
        assertThat(EwsSettingsFactory.problems(c)).singleElement().asString().startsWith("connectionIdleTimeout: ");
    }
}
