package com.example.voicegateway.template.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** The voices a template may name come from 8x8's speech-profiles list: here the sandbox emulator's, at start. */
class VoiceProfileCatalogTest extends IntegrationTest {

    @Autowired
    VoiceProfileCatalog catalog;

    @Test
    void theListIsFetchedFrom8x8AtStart() {
        assertThat(catalog.fetched()).isTrue();
        assertThat(catalog.profiles()).contains("en-IE-EmilyNeural", "en-US-Neural2-C", "da-DK-Naja");
        assertThat(catalog.known("xx-XX-Nobody")).isFalse();
    }

    @Test
    void readsCodesIn8x8sShapeInAnyCaseAndSkipsWhatCannotBeAProfile() {
        JsonMapper json = JsonMapper.builder().build();

        assertThat(VoiceProfileCatalog.read(json.readTree("""
                {"SpeechProfiles": [{"speechProfileCode": "en-US-Standard-A", "localeCode": "en-US"},
                                    {"SPEECHPROFILECODE": "da-DK-Naja"}, {"speechProfileCode": "bad code!"},
                                    {"speechProfileCode": 7}, {"gender": "F"}],
                 "statusCode": 0}"""))).containsExactly("en-US-Standard-A", "da-DK-Naja");
        assertThat(VoiceProfileCatalog.read(json.readTree("{\"statusCode\": 401}"))).isEmpty();
    }
}
