package com.example.voicegateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.voicegateway.config.ClientPolicies;
import com.example.voicegateway.config.TestSettings;
import com.example.voicegateway.config.InvalidSettingException;
import com.example.voicegateway.message.CallbackTargets.Target;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackUrlPolicyTest {

    private static final String SECRET = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private static Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "gateway.api-keys.alpha", "alpha-key",
                "gateway.api-keys.beta", "beta-key",
                "gateway.clients.alpha.callback-hosts", "hooks.example.com, *.alpha.example",
                "gateway.clients.alpha.callback-secret", SECRET));
        settings.putAll(extra);
        return settings;
    }

    private static ClientPolicies bind(Map<String, String> extra) {
        return TestSettings.bind(ClientPolicies.class, settings(extra));
    }

    private static CallbackUrlPolicy policy(Map<String, String> extra) {
        return new CallbackUrlPolicy(bind(extra), TestSettings.bind(CallbacksProperties.class, settings(extra)));
    }

    @Test
    void anAllowedHttpsUrlIsTakenAsSent() {
        CallbackUrlPolicy policy = policy(Map.of());
        assertThat(policy.resolve("alpha", "https://hooks.example.com/voice?token=abc"))
                .isEqualTo(Target.of("https://hooks.example.com/voice?token=abc"));
        assertThat(policy.resolve("alpha", "https://HOOKS.example.com./voice").problem()).isNull();
        assertThat(policy.resolve("alpha", "https://eu.alpha.example/voice").problem()).isNull();
        assertThat(policy.resolve("alpha", "https://a.b.alpha.example:8443/voice").problem()).isNull();
    }

    @Test
    void eachBrokenRuleIsNamed() {
        CallbackUrlPolicy policy = policy(Map.of());
        assertThat(policy.resolve("alpha", "http://hooks.example.com/voice").problem())
                .isEqualTo("must be an https URL (gateway.callbacks.allow-http is off)");
        assertThat(policy.resolve("alpha", "https://user:pw@hooks.example.com/").problem())
                .isEqualTo("must not contain user info (user:password@)");
        assertThat(policy.resolve("alpha", "https://hooks.example.com/" + "a".repeat(2048)).problem())
                .isEqualTo("must be at most 2048 characters");
        assertThat(policy.resolve("alpha", "https://alpha.example/voice").problem())
                .contains("host 'alpha.example' is not allowed for client 'alpha'");
        assertThat(policy.resolve("alpha", "https://evilalpha.example/voice").problem()).contains("is not allowed");
        assertThat(policy.resolve("alpha", "https://hooks.example.com.evil.org/").problem()).contains("is not allowed");
        assertThat(policy.resolve("alpha", "hooks.example.com/voice").problem()).contains("https");
        assertThat(policy.resolve("alpha", "https://exa mple.com/").problem()).isEqualTo("must be a valid absolute URL");
        assertThat(policy.resolve("beta", "https://hooks.example.com/").problem())
                .isEqualTo("callbacks are off for client 'beta' (gateway.clients.beta.callback-hosts is empty)");
    }

    @Test
    void httpIsAcceptedOnlyWhenAllowed() {
        CallbackUrlPolicy policy = policy(Map.of("gateway.callbacks.allow-http", "true"));
        assertThat(policy.resolve("alpha", "http://hooks.example.com/voice").problem()).isNull();
        assertThat(policy.resolve("alpha", "ftp://hooks.example.com/voice").problem())
                .isEqualTo("must be an http or https URL");
    }

    @Test
    void theClientsDefaultIsUsedWhenTheMessageNamesNone() {
        CallbackUrlPolicy policy = policy(Map.of("gateway.clients.alpha.callback-url", "https://hooks.example.com/d"));
        assertThat(policy.resolve("alpha", null)).isEqualTo(Target.of("https://hooks.example.com/d"));
        assertThat(policy.resolve("beta", null)).isEqualTo(Target.none());
    }

    @Test
    void aDefaultTheRulesRefuseStopsTheStart() {
        assertThatThrownBy(() -> policy(Map.of("gateway.clients.alpha.callback-url", "https://other.example.org/d")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gateway.clients.alpha.callback-url host 'other.example.org' is not allowed");
    }

    @Test
    void badClientSettingsStopTheStartWithoutShowingTheSecret() {
        assertThatThrownBy(() -> bind(Map.of("gateway.clients.alpha.callback-secret", "not-a-secret-value")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("gateway.clients.alpha.callback-secret must be a Standard Webhooks secret")
                .hasMessageNotContaining("not-a-secret-value");
        assertThatThrownBy(() -> bind(Map.of("gateway.clients.alpah.callback-hosts", "x.example.com")))
                .hasMessageContaining("gateway.clients.alpah has no key in gateway.api-keys.alpah");
        assertThatThrownBy(() -> bind(Map.of("gateway.clients.beta.callback-hosts", "https://x.example.com/")))
                .hasMessageContaining("gateway.clients.beta.callback-hosts has 'https://x.example.com/'")
                .hasMessageContaining("gateway.clients.beta.callback-hosts is set but callback-secret is not");
    }

    @Test
    void aPortOutsideOneTo65535IsRefused() {
        CallbackUrlPolicy policy = policy(Map.of());
        for (String port : new String[] {"0", "65536", "99999"}) {
            assertThat(policy.resolve("alpha", "https://hooks.example.com:" + port + "/p").problem()).as(port)
                    .isEqualTo("port must be between 1 and 65535");
        }
        assertThat(policy.resolve("alpha", "https://hooks.example.com:1/p").problem()).isNull();
        assertThat(policy.resolve("alpha", "https://hooks.example.com:65535/p").problem()).isNull();
        assertThatThrownBy(() -> policy(Map.of("gateway.clients.alpha.callback-url", "https://hooks.example.com:65536/")))
                .hasMessageContaining("gateway.clients.alpha.callback-url port must be between 1 and 65535");
    }

    @Test
    void anIpLiteralMustBeInTheClientsAddressesAndANameMustBeOneOfItsNames() {
        CallbackUrlPolicy policy = policy(Map.of("gateway.clients.alpha.callback-hosts",
                "hooks.example.com, 127.0.0.1, 10.20.0.0/16, fd00:1::/32"));
        assertThat(policy.resolve("alpha", "https://127.0.0.1:8443/h").problem()).isNull();
        assertThat(policy.resolve("alpha", "https://10.20.9.9/h").problem()).isNull();
        assertThat(policy.resolve("alpha", "https://[fd00:1::5]/h").problem()).isNull();
        assertThat(policy.resolve("alpha", "https://[::ffff:127.0.0.1]/h").problem()).isNull();
        assertThat(policy.resolve("alpha", "https://10.21.0.1/h").problem()).contains("is not allowed");
        assertThat(policy.resolve("alpha", "https://[::1]/h").problem()).contains("is not allowed");
        // Other spellings of an address are no host to java.net.URI, or no name entry matches them.
        assertThat(policy.resolve("alpha", "https://127.1/h").problem()).isNotNull();
        assertThat(policy.resolve("alpha", "https://2130706433/h").problem()).isNotNull();
        assertThat(policy.resolve("alpha", "https://0x7f.0.0.1/h").problem()).isNotNull();
        // A name is not an address entry: 10.20.0.0/16 allows no name by itself.
        assertThat(policy.resolve("alpha", "https://other.example.com/h").problem()).contains("is not allowed");
    }

    @Test
    void addressEntriesMustParseAndANameMayNotLookLikeANumber() {
        assertThatThrownBy(() -> bind(Map.of("gateway.clients.alpha.callback-hosts", "hooks.example.com, 10.0.0.0/33")))
                .hasMessageContaining("gateway.clients.alpha.callback-hosts has '10.0.0.0/33', which is not an IP"
                        + " address or CIDR range");
        assertThatThrownBy(() -> bind(Map.of("gateway.clients.alpha.callback-hosts", "127.1")))
                .hasMessageContaining("gateway.clients.alpha.callback-hosts has '127.1'");
        assertThatThrownBy(() -> bind(Map.of("gateway.clients.alpha.callback-hosts", "2130706433")))
                .hasMessageContaining("gateway.clients.alpha.callback-hosts has '2130706433'");
        assertThat(bind(Map.of("gateway.clients.alpha.callback-hosts", "localhost, 127.0.0.1, ::1, 10.0.0.0/8,"
                + " [fd00::]/8, 1password.example.com")).client("alpha").callbackHostNames())
                .containsExactly("localhost", "1password.example.com");
    }

    @Test
    void theSecretNeverShowsInTheSettingsText() {
        assertThat(bind(Map.of()).toString()).contains("alpha").doesNotContain(SECRET).contains("<hidden>");
    }
}
