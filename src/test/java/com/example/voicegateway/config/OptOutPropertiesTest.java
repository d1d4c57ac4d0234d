package com.example.voicegateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which sentence names the opt-out key, and which sentences a start refuses. */
class OptOutPropertiesTest {

    private static final OptOutProperties SETTINGS = TestSettings.bind(OptOutProperties.class, Map.of(
            "gateway.opt-out.prompts.id", "Untuk berhenti menerima panggilan ini, tekan {digit}.",
            "gateway.opt-out.prompts.en-sg", "To stop these calls, press {digit}.",
            "gateway.api-keys.billing", "billing-key",
            "gateway.clients.billing.opt-out-prompts.id", "Tekan {digit} untuk berhenti.",
            "gateway.clients.billing.on-suppressed", "reject"));

    @Test
    void theClientsSentenceWinsThenTheGatewaysThenTheDefaultByTagThenLanguage() {
        assertThat(SETTINGS.prompt("billing", "id-ID", "9")).isEqualTo("Tekan 9 untuk berhenti.");
        assertThat(SETTINGS.prompt("alpha", "id-ID", "9")).isEqualTo("Untuk berhenti menerima panggilan ini, tekan 9.");
        assertThat(SETTINGS.prompt("alpha", "en-SG", "8")).isEqualTo("To stop these calls, press 8.");
        assertThat(SETTINGS.prompt("billing", "en-IE", "9")).isEqualTo("To stop receiving these calls, press 9.");
        assertThat(SETTINGS.prompt("alpha", null, "0")).isEqualTo("To stop receiving these calls, press 0.");
    }

    @Test
    void aTagSpelledTheWayAnEnvironmentVariableSpellsItIsTheSameTag() {
        OptOutProperties fromEnvironment = TestSettings.bind(OptOutProperties.class,
                Map.of("gateway.opt-out.prompts.en_gb", "Press {digit} to stop, please."));
        assertThat(fromEnvironment.prompt("alpha", "en-GB", "9")).isEqualTo("Press 9 to stop, please.");
    }

    @Test
    void acceptIsTheDefaultAndRejectIsOneClientsChoice() {
        assertThat(SETTINGS.onSuppressed("billing")).isEqualTo(OptOutProperties.OnSuppressed.REJECT);
        assertThat(SETTINGS.onSuppressed("alpha")).isEqualTo(OptOutProperties.OnSuppressed.ACCEPT);
        assertThat(TestSettings.bind(OptOutProperties.class, Map.of()).onSuppressed("alpha"))
                .isEqualTo(OptOutProperties.OnSuppressed.ACCEPT);
    }

    @Test
    void theSentenceInAPromptIsFoundWithItsDigitAndTheRestLeft() {
        OptOutProperties.Found found = SETTINGS.findPrompt("Press 1 to confirm. To stop receiving these calls, press 9.");
        assertThat(found.digit()).isEqualTo("9");
        assertThat(found.rest()).isEqualTo("Press 1 to confirm.");
        assertThat(SETTINGS.findPrompt("Tekan 7 untuk berhenti.").digit()).isEqualTo("7");
        assertThat(SETTINGS.findPrompt("Press 1 to confirm.")).isNull();
    }

    @Test
    void aSentenceWithoutItsDigitOrWithItTwiceStopsTheStart() {
        assertThat(TestSettings.problems(Map.of("gateway.opt-out.prompts.en", "To stop these calls, press nine.")))
                .anyMatch(problem -> problem.contains("gateway.opt-out.prompts.<language> must hold {digit} once"));
        assertThat(TestSettings.problems(Map.of("gateway.api-keys.billing", "k",
                "gateway.clients.billing.opt-out-prompts.en", "Press {digit}, {digit}.")))
                .anyMatch(problem -> problem.contains("opt-out-prompts.<language> must hold {digit} once"));
        assertThat(TestSettings.problems(Map.of("gateway.opt-out.prompts.en", "Press {digit} to stop."))).isEmpty();
    }
}
