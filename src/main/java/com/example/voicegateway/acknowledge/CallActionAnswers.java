package com.example.voicegateway.acknowledge;

import java.math.BigDecimal;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Our answers to 8x8's call action: the rest of the callflow. Every answer ends the call. */
final class CallActionAnswers {

    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** {@code {"callflow":[{"action":"hangup"}]}}, serialised once: the answer when anything is wrong. */
    static final byte[] HANGUP = JSON.writeValueAsBytes(callflow(null, null, null));

    private CallActionAnswers() {
    }

    /** The thanks in the message's voice and speed, then hangup; just hangup when there is nothing to say. */
    static byte[] thanks(String text, String voiceProfile, BigDecimal speed) {
        return text == null ? HANGUP : JSON.writeValueAsBytes(callflow(text, voiceProfile, speed));
    }

    private static ObjectNode callflow(String text, String voiceProfile, BigDecimal speed) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode callflow = root.putArray("callflow");
        if (text != null) {
            ObjectNode params = callflow.addObject().put("action", "say").putObject("params");
            params.put("text", text);
            params.put("voiceProfile", voiceProfile);
            params.put("speed", speed == null ? BigDecimal.ONE : speed.stripTrailingZeros());
        }
        callflow.addObject().put("action", "hangup");
        return root;
    }
}
