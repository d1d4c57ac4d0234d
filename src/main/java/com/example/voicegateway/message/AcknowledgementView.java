package com.example.voicegateway.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What came of "press a key" on a call: the key expected, the key 8x8 reported ({@code null} when nothing was
 * pressed or no report came) and when it was reported. Nulls are shown: "nothing pressed" is the news.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AcknowledgementView(String expectedDigit, String pressed, Instant at) {
}
