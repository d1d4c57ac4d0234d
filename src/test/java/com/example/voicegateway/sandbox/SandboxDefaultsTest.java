package com.example.voicegateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.SandboxProfile;
import com.example.voicegateway.webhook.WebhookAuthorization;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A first run with no 8x8 settings at all (a blank value, as from an empty environment variable, counts as none): the
 * sandbox's {@link SandboxSecretsEnvironmentPostProcessor} generates the dispatcher's key and the webhook's
 * Authorization and names the emulator's caller id, and the settings records, the webhook and the emulator read them
 * as ordinary settings. A small context of those beans, the post-processor run on its environment as a start runs it;
 * that the running gateway sends callflows to its own emulator, which accepts the generated key over HTTP, is
 * {@link SandboxEndpointTest}'s.
 */
class SandboxDefaultsTest {

    /** What reads the generated values: the settings of 8x8 and the webhook, the webhook's check, the emulator's. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EightByEightProperties.class)
    @ConfigurationPropertiesScan(basePackageClasses = WebhookAuthorization.class)
    @Import({WebhookAuthorization.class, EmulatorAuthentication.class})
    static class Readers {
    }

    private final ApplicationContextRunner firstRun = new ApplicationContextRunner()
            .withUserConfiguration(Readers.class)
            .withPropertyValues("gateway.eightbyeight.api-key=", "gateway.webhook.authorization=",
                    "gateway.eightbyeight.default-source=")
            .withInitializer(context -> {
                context.getEnvironment().setActiveProfiles(SandboxProfile.NAME);
                startUp(context.getEnvironment());
            });

    private static void startUp(ConfigurableEnvironment environment) {
        new SandboxSecretsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
    }

    @Test
    void generatesTheMissingSecretsOnce() {
        firstRun.run(context -> {
            EightByEightProperties properties = context.getBean(EightByEightProperties.class);
            WebhookAuthorization webhook = context.getBean(WebhookAuthorization.class);
            assertThat(properties.apiKey()).startsWith("sandbox-").hasSizeGreaterThan(30);
            assertThat(webhook.expectedValue()).startsWith("Bearer ").hasSizeGreaterThan(30);
            assertThat(properties.toString()).doesNotContain(properties.apiKey());

            // Once: a second pass over the same environment (as for a child context) keeps what the first generated.
            ConfigurableEnvironment environment = context.getEnvironment();
            startUp(environment);
            assertThat(environment.getProperty("gateway.eightbyeight.api-key")).isEqualTo(properties.apiKey());
            assertThat(environment.getProperty("gateway.webhook.authorization")).isEqualTo(webhook.expectedValue());

            // Generated, not built in: another first run has other secrets.
            firstRun.run(other -> {
                assertThat(other.getBean(EightByEightProperties.class).apiKey()).isNotEqualTo(properties.apiKey());
                assertThat(other.getBean(WebhookAuthorization.class).expectedValue())
                        .isNotEqualTo(webhook.expectedValue());
            });
        });
    }

    @Test
    void aFirstMessageNeedsNoSourceInTheSandbox() {
        // Intake takes a message without source from this setting (message.internal.VoiceMessageRequestValidator).
        firstRun.run(context -> assertThat(context.getBean(EightByEightProperties.class).defaultSource())
                .isEqualTo("+6568880000"));
    }

    @Test
    void theEmulatorAcceptsTheKeyTheDispatcherSends() {
        firstRun.run(context -> {
            // The dispatcher sends "Bearer " and gateway.eightbyeight.api-key (dispatch.EightByEightClient).
            String dispatcherSends = "Bearer " + context.getBean(EightByEightProperties.class).apiKey();
            EmulatorAuthentication emulator = context.getBean(EmulatorAuthentication.class);
            assertThat(dispatcherSends).startsWith("Bearer sandbox-");
            assertThat(emulator.accepts(dispatcherSends)).isTrue();
            assertThat(emulator.accepts("Bearer sandbox-guessed")).isFalse();
        });
    }

    @Test
    void configuredValuesAreNeverReplaced() {
        new ApplicationContextRunner()
                .withUserConfiguration(Readers.class)
                .withPropertyValues("gateway.eightbyeight.api-key=configured-key",
                        "gateway.webhook.authorization=Bearer configured",
                        "gateway.eightbyeight.default-source=+6561234567")
                .withInitializer(context -> {
                    context.getEnvironment().setActiveProfiles(SandboxProfile.NAME);
                    startUp(context.getEnvironment());
                })
                .run(context -> {
                    EightByEightProperties properties = context.getBean(EightByEightProperties.class);
                    assertThat(properties.apiKey()).isEqualTo("configured-key");
                    assertThat(properties.defaultSource()).isEqualTo("+6561234567");
                    assertThat(context.getBean(WebhookAuthorization.class).expectedValue())
                            .isEqualTo("Bearer configured");
                });
    }

    @Test
    void withoutTheSandboxProfileNothingIsGenerated() {
        new ApplicationContextRunner()
                .withUserConfiguration(Readers.class)
                .withInitializer(context -> startUp(context.getEnvironment()))
                .run(context -> {
                    assertThat(context.getBean(EightByEightProperties.class).apiKey()).isNull();
                    assertThat(context.getBean(WebhookAuthorization.class).expectedValue()).isNull();
                    assertThat(context).doesNotHaveBean(EmulatorAuthentication.class);
                    assertThat(((ConfigurableEnvironment) context.getEnvironment()).getPropertySources()
                            .contains(SandboxSecretsEnvironmentPostProcessor.PROPERTY_SOURCE)).isFalse();
                });
    }
}
