package com.example.voicegateway.message.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The language the opt-out sentence is said in, read off the voice that speaks the message. */
class VoiceLanguageTest {

    @Test
    void eightByEightsProfilesStartWithTheirLocale() {
        assertThat(VoiceMessageRequestValidator.language("en-IE-EmilyNeural")).isEqualTo("en-IE");
        assertThat(VoiceMessageRequestValidator.language("id-ID-GadisNeural")).isEqualTo("id-ID");
        assertThat(VoiceMessageRequestValidator.language("en-US-Neural2-C")).isEqualTo("en-US");
        assertThat(VoiceMessageRequestValidator.language("zh-Hans-CN-Xiaoxiao")).isEqualTo("zh-Hans-CN");
    }

    @Test
    void aNameWithoutALocaleSaysNone() {
        assertThat(VoiceMessageRequestValidator.language("Emma")).isNull();
        assertThat(VoiceMessageRequestValidator.language(null)).isNull();
    }
}
