package com.example.voicegateway.message.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A missing deliveryWindow takes the defaults, an explicit null opts out of them: the parser must keep them apart. */
class RequestParsingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static VoiceMessageRequest read(String extra) {
        return JSON.readValue("{\"destination\":\"+6591234567\"" + extra + "}", VoiceMessageRequest.class);
    }

    @Test
    void absentNullAndGivenWindowsDiffer() {
        assertThat(read("").deliveryWindow()).isNull();
        assertThat(read(",\"deliveryWindow\":null").deliveryWindow()).isEqualTo(WindowChoice.NO_WINDOW);
        assertThat(read(",\"deliveryWindow\":{\"from\":\"09:00\",\"to\":\"10:00\"}").deliveryWindow().window())
                .isEqualTo(new DeliveryWindowRequest("09:00", "10:00", null, null));
    }
}
