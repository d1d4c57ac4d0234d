package com.example.voicegateway.acknowledge;

import com.example.voicegateway.config.EightByEightJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Our answers to 8x8's call action: the rest of the callflow. Every answer ends the call. */
@Component
class CallActionAnswers {

    /** The rest of the callflow, in 8x8's Callflow shape. */
    record Answer(List<Step> callflow) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Step(String action, Say params) {
    }

    record Say(String text, String voiceProfile, BigDecimal speed) {
    }

    private final JsonMapper json;
    private final byte[] hangup;

    CallActionAnswers(@EightByEightJson JsonMapper json) {
        this.json = json;
        this.hangup = callflow(null, null, null);
    }

    /** {@code {"callflow":[{"action":"hangup"}]}}, serialised once: the answer when anything is wrong. */
    byte[] hangup() {
        return hangup;
    }

    boolean isHangup(byte[] answer) {
        return answer == hangup;
    }

    /** The thanks in the message's voice and speed, then hangup; just hangup when there is nothing to say. */
    byte[] thanks(String text, String voiceProfile, BigDecimal speed) {
        return text == null ? hangup : callflow(text, voiceProfile, speed);
    }

    private byte[] callflow(String text, String voiceProfile, BigDecimal speed) {
        List<Step> steps = new ArrayList<>();
        if (text != null) {
            steps.add(new Step("say", new Say(text, voiceProfile, speed == null ? BigDecimal.ONE
                    : speed.stripTrailingZeros())));
        }
        steps.add(new Step("hangup", null));
        return json.writeValueAsBytes(new Answer(steps));
    }
}
