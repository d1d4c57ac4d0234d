package com.example.voicegateway.support;

import com.example.voicegateway.config.EightByEightJsonConfiguration;
import com.example.voicegateway.sandbox.CallflowRules;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WireMock as 8x8 by the sandbox's own rules ({@link CallflowRules}): a callflow 8x8 would refuse gets 8x8's
 * refusal (status, {@code NOT_CREATED}, code and words), any other is created. A stub opts in with
 * {@code aResponse().withTransformers(EightByEightRulesStandIn.NAME)}; the tests' other stubs keep answering what
 * they are told.
 */
public final class EightByEightRulesStandIn implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "eightbyeight-callflow-rules";

    private final CallflowRules rules;
    private final Clock clock;
    private final JsonMapper json = EightByEightJsonConfiguration.mapper();

    /** With 8x8's documented voice profiles and these too (a test's own default, say). */
    public EightByEightRulesStandIn(Clock clock, String... moreVoiceProfiles) {
        Set<String> profiles = new LinkedHashSet<>(CallflowRules.KNOWN_VOICE_PROFILES);
        profiles.addAll(Set.of(moreVoiceProfiles));
        this.rules = new CallflowRules(profiles);
        this.clock = clock;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        String callFlowRequestId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Map<String, Object> answer;
        int status;
        try {
            JsonNode body = readOrNull(serveEvent.getRequest().getBody());
            answer = CallflowRules.created("sess-" + UUID.randomUUID(), callFlowRequestId, rules.check(body, now), now);
            status = 200;
        } catch (CallflowRules.Refused refused) {
            answer = refused.rejection.answer(callFlowRequestId);
            status = refused.rejection.httpStatus();
        }
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(json.writeValueAsBytes(answer)).build();
    }

    private JsonNode readOrNull(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : json.readTree(body);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
