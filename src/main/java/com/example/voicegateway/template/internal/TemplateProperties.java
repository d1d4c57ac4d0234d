package com.example.voicegateway.template.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The voice a template message gets when neither the message nor its template names one, per language
 * ({@code gateway.voices.<language>=<profile>}, the language as a BCP 47 tag: {@code en}, {@code en-SG}). The most
 * specific tag wins ({@code en-SG} before {@code en}); no entry: {@code gateway.eightbyeight.default-voice-profile}.
 * Set entries are added to the shipped ones ({@link #SHIPPED}), which name only profile codes from 8x8's docs.
 */
@Validated
@ConfigurationProperties("gateway")
record TemplateProperties(@DefaultValue Map<String, String> voices) {

    /** Profile codes 8x8 documents: English only, so Indonesian and Chinese fall to the global default. */
    static final Map<String, String> SHIPPED = Map.of("en", "en-IE-EmilyNeural", "en-US", "en-US-Neural2-C",
            "en-GB", "en-GB-Emma", "da", "da-DK-Naja");

    TemplateProperties {
        Map<String, String> all = new LinkedHashMap<>();
        SHIPPED.forEach((language, voice) -> all.put(language.toLowerCase(Locale.ROOT), voice));
        if (voices != null) {
            voices.forEach((language, voice) -> all.put(language.toLowerCase(Locale.ROOT), voice));
        }
        voices = Map.copyOf(all);
    }

    /** The default voice for a language tag, trying it and then each shorter prefix; null when there is none. */
    String voiceFor(String languageTag) {
        String tag = languageTag.toLowerCase(Locale.ROOT);
        while (true) {
            String voice = voices.get(tag);
            if (voice != null) {
                return voice;
            }
            int cut = tag.lastIndexOf('-');
            if (cut < 0) {
                return null;
            }
            tag = tag.substring(0, cut);
        }
    }
}
