package com.example.voicegateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.config.OptOutProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulated person's key, by test number, for prompts with and without the opt-out sentence. */
class KeypressesTest {

    private static final OptOutProperties SETTINGS = new OptOutProperties(
            new OptOutProperties.OptOut(Map.of("id", "Untuk berhenti menerima panggilan ini, tekan {digit}.")),
            Map.of());
    private static final String ACKNOWLEDGE = "Press 1 to confirm.";
    private static final String STOP = "To stop receiving these calls, press 9.";

    private static String key(String destination, String prompt) {
        return Keypresses.keyFor(destination, prompt, 1, SETTINGS);
    }

    @Test
    void aPersonFollowsTheAcknowledgePromptAndLeavesTheOptOutSentenceAlone() {
        assertThat(key("+6591234505", ACKNOWLEDGE)).isEqualTo("1");
        assertThat(key("+6591234505", ACKNOWLEDGE + " " + STOP)).isEqualTo("1");
        assertThat(key("+6591234567", STOP)).as("only the opt-out sentence: nothing asked of them").isNull();
        assertThat(key("+6281234567", "Untuk berhenti menerima panggilan ini, tekan 8.")).isNull();
    }

    @Test
    void elevenPressesTheOptOutKeyTheSentenceNames() {
        assertThat(key("+6591234511", STOP)).isEqualTo("9");
        assertThat(key("+6591234511", ACKNOWLEDGE + " " + STOP.replace('9', '8'))).isEqualTo("8");
        assertThat(key("+6281234511", "Tekan 1. Untuk berhenti menerima panggilan ini, tekan 7.")).isEqualTo("7");
        assertThat(key("+6591234511", ACKNOWLEDGE)).as("no opt-out sentence: 9 all the same").isEqualTo("9");
    }

    @Test
    void sevenPressesAKeyThePromptDoesNotName() {
        assertThat(key("+6591234507", ACKNOWLEDGE)).isEqualTo("9");
        assertThat(key("+6591234507", ACKNOWLEDGE + " " + STOP)).isEqualTo("8");
        assertThat(key("+6591234507", "Press nine to confirm.")).isEqualTo("8");
    }

    @Test
    void sixPressesNothingAndTenOnlyOnTheSecondCall() {
        assertThat(key("+6591234506", ACKNOWLEDGE + " " + STOP)).isNull();
        assertThat(Keypresses.keyFor("+6591234510", ACKNOWLEDGE, 1, SETTINGS)).isNull();
        assertThat(Keypresses.keyFor("+6591234510", ACKNOWLEDGE, 2, SETTINGS)).isEqualTo("1");
    }
}
