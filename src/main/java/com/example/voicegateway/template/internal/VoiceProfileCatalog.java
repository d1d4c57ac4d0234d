package com.example.voicegateway.template.internal;

import com.example.voicegateway.config.EightByEightBaseUrl;
import com.example.voicegateway.config.EightByEightHttp;
import com.example.voicegateway.config.EightByEightJson;
import com.example.voicegateway.config.EightByEightProperties;
import com.example.voicegateway.config.VoiceProfiles;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The voice profiles a template may name: 8x8's own list ({@code GET /api/v1/subaccounts/{id}/speech-profiles}),
 * fetched once when the gateway is ready (the sandbox's emulator serves one), else the list the project keeps
 * ({@link VoiceProfiles}) when 8x8 cannot be asked. Asked once, not per template: a profile 8x8 adds later is known
 * after the next start.
 */
@Component
class VoiceProfileCatalog {

    private static final Logger log = LoggerFactory.getLogger(VoiceProfileCatalog.class);

    private final EightByEightBaseUrl baseUrl;
    private final EightByEightProperties eightByEight;
    private final RestClient.Builder builder;
    private final JsonMapper json;
    private volatile List<String> profiles = VoiceProfiles.KNOWN;
    private volatile boolean fetched;

    VoiceProfileCatalog(EightByEightBaseUrl baseUrl, EightByEightProperties eightByEight, RestClient.Builder builder,
            @EightByEightJson JsonMapper json) {
        this.baseUrl = baseUrl;
        this.eightByEight = eightByEight;
        this.builder = builder;
        this.json = json;
    }

    boolean known(String code) {
        return profiles.contains(code);
    }

    List<String> profiles() {
        return profiles;
    }

    /** Whether the list is 8x8's (true) or the kept one. */
    boolean fetched() {
        return fetched;
    }

    @EventListener(ApplicationReadyEvent.class)
    void refresh() {
        try {
            String body = EightByEightHttp.build(builder, eightByEight).get()
                    .uri(baseUrl.get() + "/api/v1/subaccounts/{id}/speech-profiles", eightByEight.subaccountId())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + (eightByEight.apiKey() == null ? ""
                            : eightByEight.apiKey()))
                    .retrieve().body(String.class);
            List<String> read = read(json.readTree(body == null ? "{}" : body));
            if (read.isEmpty()) {
                log.warn("8x8's speech profiles came back empty; templates' voices are checked against the kept list");
                return;
            }
            profiles = read;
            fetched = true;
            log.info("8x8 offers {} voice profiles; templates' voices are checked against them", read.size());
        } catch (RuntimeException e) {
            // 8x8 down, our key refused, a base URL not set: the kept list is the next best answer.
            log.warn("8x8's speech profiles could not be fetched ({}); templates' voices are checked against the kept"
                    + " list", e.getClass().getSimpleName());
        }
    }

    /** The codes in 8x8's answer; 8x8's field names in any case, as its other answers. */
    static List<String> read(JsonNode answer) {
        Set<String> codes = new LinkedHashSet<>();
        JsonNode list = field(answer, "speechProfiles");
        if (list != null && list.isArray()) {
            for (JsonNode profile : list) {
                JsonNode code = field(profile, "speechProfileCode");
                if (code != null && code.isString() && code.asString().matches("[A-Za-z0-9-]{1,64}")) {
                    codes.add(code.asString());
                }
            }
        }
        return List.copyOf(codes);
    }

    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String each : node.propertyNames()) {
            if (each.equalsIgnoreCase(name)) {
                return node.get(each);
            }
        }
        return null;
    }
}
