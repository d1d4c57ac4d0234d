package com.example.voicegateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.example.voicegateway.VoiceGatewayApplication;
import com.example.voicegateway.config.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;

/**
 * A missing or contradictory setting stops the start with one line naming it, printed as Boot's failure report. These
 * starts run without the sandbox profile, as a plain {@code java -jar} does; none gets as far as the database.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupChecksTest {

    private static final String[] LIVE = {
            "--gateway.eightbyeight.base-url=https://voice.8x8.com",
            "--gateway.eightbyeight.api-key=live-key",
            "--gateway.eightbyeight.subaccount-id=live-sub",
            "--gateway.webhook.authorization=Bearer live-secret"};

    @ParameterizedTest
    @CsvSource({
            "gateway.eightbyeight.api-key, gateway.eightbyeight.api-key (GATEWAY_EIGHTBYEIGHT_APIKEY) is not set",
            "gateway.eightbyeight.base-url, gateway.eightbyeight.base-url (GATEWAY_EIGHTBYEIGHT_BASEURL) is not set",
            "gateway.eightbyeight.subaccount-id, gateway.eightbyeight.subaccount-id (GATEWAY_EIGHTBYEIGHT_SUBACCOUNTID) is not set",
            "gateway.webhook.authorization, gateway.webhook.authorization (GATEWAY_WEBHOOK_AUTHORIZATION) is not set"})
    void withoutTheSandboxEveryLiveSettingIsRequired(String missing, String expected, CapturedOutput output) {
        List<String> args = new ArrayList<>(List.of(LIVE));
        args.removeIf(arg -> arg.startsWith("--" + missing + "="));
        // An empty value (as from an empty environment variable) also hides the test suite's own default.
        args.add("--" + missing + "=");

        String line = startupFailure(args.toArray(String[]::new));

        assertThat(line).contains(expected).contains("--spring.profiles.active=sandbox").doesNotContain("\n");
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START").contains(line)
                .doesNotContain("live-key").doesNotContain("live-secret");
    }

    @Test
    void aValueThatDoesNotConvertIsNamedNotTakenForMissingSettings(CapturedOutput output) {
        List<String> args = new ArrayList<>(List.of(LIVE));
        args.add("--gateway.eightbyeight.max-calls-per-second=abc");

        String line = startupFailure(args.toArray(String[]::new));

        assertThat(line).startsWith("Invalid configuration: gateway.eightbyeight.max-calls-per-second 'abc' cannot be"
                + " read").doesNotContain("is not set").doesNotContain("\n");
        assertThat(output.getOut() + output.getErr()).doesNotContain("live-key")
                .doesNotContain("is not a setting of this gateway");
    }

    @Test
    void aPlainStartWithoutAnySettingSaysWhatToSetOrHowToRunTheSandbox(CapturedOutput output) {
        // What java -jar, or the image without SPRING_PROFILES_ACTIVE, does on a machine without 8x8 settings (the
        // suite's application.properties gives a client key and the webhook's Authorization; blanked here).
        String line = startupFailure("--gateway.webhook.authorization=", "--gateway.eightbyeight.default-source=");

        assertThat(line).startsWith("Invalid configuration: gateway.eightbyeight.api-key (GATEWAY_EIGHTBYEIGHT_APIKEY)"
                        + " is not set; gateway.eightbyeight.base-url")
                .contains("gateway.eightbyeight.subaccount-id (GATEWAY_EIGHTBYEIGHT_SUBACCOUNTID) is not set")
                .contains("gateway.webhook.authorization (GATEWAY_WEBHOOK_AUTHORIZATION) is not set")
                .endsWith("start with --spring.profiles.active=sandbox (SPRING_PROFILES_ACTIVE=sandbox))")
                .doesNotContain("\n");
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START").contains(line)
                .doesNotContain("8x8 SANDBOX ACTIVE");
    }

    @Test
    void unknownAndRenamedKeysAreOneWarnLineEachAndARenamedKeyStillCounts(CapturedOutput output) {
        // gateway.validity.default is renamed gateway.default-validity in the tests' own metadata
        // (src/test/resources/META-INF/spring-configuration-metadata.json): the migrator maps its value, so it
        // contradicts max-validity here, which proves it was used.
        String line = startupFailure("--spring.profiles.active=sandbox", "--gateway.validity.default=2h",
                "--gateway.max-validity=1h", "--gateway.dispach.enabled=false", "--gateway.sandbox.enabled=true",
                "--gateway.dispatch.lease=10s");

        assertThat(line).isEqualTo("Invalid configuration: gateway.default-validity must not be longer than"
                + " max-validity");
        List<String> warnings = output.getOut().lines().filter(l -> l.contains("WARN")).toList();
        assertThat(warnings).filteredOn(l -> l.contains("gateway.validity.default")).singleElement().asString()
                .contains("Setting gateway.validity.default (\"gateway.validity.default\" from property source"
                        + " \"commandLineArgs\") was renamed gateway.default-validity");
        assertThat(warnings).filteredOn(l -> l.contains("gateway.dispach.enabled")).singleElement().asString()
                .contains("is not a setting of this gateway and is ignored");
        assertThat(warnings).filteredOn(l -> l.contains("gateway.sandbox.enabled")).singleElement().asString()
                .contains("no longer exists and is ignored: the sandbox is the Spring profile 'sandbox' now");
        // A tuning knob that became derived: named, with what it is now.
        assertThat(warnings).filteredOn(l -> l.contains("gateway.dispatch.lease")).singleElement().asString()
                .contains("no longer exists and is ignored: derived: 4 x (gateway.eightbyeight.connect-timeout"
                        + " + read-timeout)");
    }

    @Test
    void theOldLiveSwitchBesideTheSandboxProfileStopsTheStart(CapturedOutput output) {
        // An operator who went live with gateway.sandbox.enabled=false, now given the profile by docker-compose's
        // default: the emulator must not run beside real calls.
        String line = startupFailure("--spring.profiles.active=sandbox", "--gateway.sandbox.enabled=false");

        assertThat(line).isEqualTo("Invalid configuration: gateway.sandbox.enabled=false asks for live calls, but the"
                + " Spring profile 'sandbox' is active: remove the profile (SPRING_PROFILES_ACTIVE= with no value in"
                + " docker compose's .env) and the old setting");
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START");
    }

    @Test
    void strictSettingsStopTheStartAtAnUnknownKey(CapturedOutput output) {
        String line = startupFailure("--spring.profiles.active=sandbox", "--gateway.strict-settings=true",
                "--gateway.dispach.enabled=false");

        assertThat(line).startsWith("Invalid configuration (gateway.strict-settings=true): Setting"
                + " gateway.dispach.enabled").doesNotContain("\n");
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START").contains(line);
    }

    @Test
    void aDefaultValidityLongerThanTheMaximumIsAContradiction(CapturedOutput output) {
        String line = startupFailure("--gateway.default-validity=48h", "--gateway.max-validity=24h");

        assertThat(line).isEqualTo("Invalid configuration: gateway.default-validity must not be longer than"
                + " max-validity");
        assertThat(output.getOut() + output.getErr()).contains(line);
    }

    /** These used to fail inside a bean's constructor, as pages of nested exceptions. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gateway.eightbyeight.read-timeout=0s | gateway.eightbyeight.read-timeout must be positive, was PT0S",
            "gateway.webhook.allowed-ips=10.0.0.0/33 | gateway.webhook.allowed-ips '10.0.0.0/33' has a prefix length out of range",
            "gateway.webhook.trusted-proxies=proxy.internal | gateway.webhook.trusted-proxies 'proxy.internal' is not an IP address",
            "gateway.retention.personal-data=12h | gateway.retention.personal-data must be longer than max-validity",
            "gateway.retention.messages=7d | gateway.retention.messages must not be shorter than retention.personal-data",
            "gateway.sandbox.time-scale=0 | gateway.sandbox.time-scale must be greater than 0.0, was 0.0"})
    void aBadSettingStopsTheStartWithOneLineNamingIt(String setting, String expected, CapturedOutput output) {
        String line = startupFailure("--" + setting);

        assertThat(line).contains(expected).doesNotContain("\n");
        String log = output.getOut() + output.getErr();
        assertThat(log).contains("APPLICATION FAILED TO START").contains(line);
        // One report, not pages of nested bean-creation failures.
        assertThat(log).doesNotContain("BeanCreationException").doesNotContain("\tat ");
    }

    @Test
    void aBaseUrlMustBeAnHttpUrl() {
        assertThat(startupFailure("--gateway.eightbyeight.base-url=voice.8x8.com"))
                .contains("gateway.eightbyeight.base-url must be an absolute http(s) URL");
    }

    private static String startupFailure(String... args) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(VoiceGatewayApplication.class)
                .properties("server.port=0")
                .run(args)
                .close());
        assertThat(failure).as("the start must fail").isNotNull();
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        assertThat(root).isInstanceOf(InvalidSettingException.class);
        return root.getMessage();
    }
}
