package com.example.voicegateway.template.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatePropertiesTest {

    @Test
    void theMostSpecificLanguageWinsAndSetEntriesAddToTheShippedOnes() {
        TemplateProperties settings = new TemplateProperties(Map.of("id", "id-ID-GadisNeural", "en-SG", "en-GB-Emma"));

        assertThat(settings.voiceFor("en-SG")).isEqualTo("en-GB-Emma");
        assertThat(settings.voiceFor("en-AU")).isEqualTo("en-IE-EmilyNeural");
        assertThat(settings.voiceFor("EN-us")).isEqualTo("en-US-Neural2-C");
        assertThat(settings.voiceFor("id-ID")).isEqualTo("id-ID-GadisNeural");
        assertThat(settings.voiceFor("zh-Hans-CN")).isNull();
    }

    @Test
    void shippedDefaultsNameOnlyProfilesFrom8x8sDocs() {
        assertThat(com.example.voicegateway.config.VoiceProfiles.KNOWN)
                .containsAll(TemplateProperties.SHIPPED.values());
        assertThat(new TemplateProperties(Map.of()).voices()).isEqualTo(TemplateProperties.SHIPPED.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue)));
    }
}
