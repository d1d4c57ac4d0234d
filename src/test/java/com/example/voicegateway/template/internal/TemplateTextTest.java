package com.example.voicegateway.template.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTextTest {

    @Test
    void findsPlaceholdersWithTheirTypes() {
        TemplateText text = TemplateText.parse("Hi ((name)), code ((code:digits)), again ((code:digits)) at ((at : time))");

        assertThat(text.placeholders()).containsExactly(Map.entry("name", PlaceholderType.TEXT),
                Map.entry("code", PlaceholderType.DIGITS), Map.entry("at", PlaceholderType.TIME));
        assertThat(text.parts()).hasSize(8);
    }

    @Test
    void aTextWithoutPlaceholdersIsOneLiteral() {
        assertThat(TemplateText.parse("Hello (there).").placeholders()).isEmpty();
    }

    @Test
    void refusesEveryBrokenPlaceholderAtOnce() {
        assertThatThrownBy(() -> TemplateText.parse("((code:digit)) ((1x:text)) ((a:text)) ((a:number)) (( open"))
                .isInstanceOfSatisfying(TemplateText.Invalid.class, invalid -> assertThat(invalid.problems())
                        .containsExactly(
                                "placeholder ((code:digit)) has an unknown type 'digit': use one of text, digits,"
                                        + " number, amount, date, time, datetime, spell, phone",
                                "placeholder ((1x:text)) must be named by a letter followed by up to 63 letters,"
                                        + " digits or underscores",
                                "placeholder 'a' is used as text and as number",
                                "'((' at '(( open' opens no placeholder: write ((name:type))"));
        assertThatThrownBy(() -> TemplateText.parse("a )) b")).hasMessageContaining("closes no placeholder");
    }
}
