package com.example.voicegateway.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The templates API over HTTP: who sees and changes which, versions, the rules a template obeys, preview. */
class TemplateApiTest extends IntegrationTest {

    static final String CODE = """
            {"name": "one-time-code", "language": "en-SG",
             "text": "Your code is ((code:digits)). It expires at ((expiresAt:time))."}""";

    @Test
    void aClientsTemplateIsItsOwn() {
        Answer created = post("/templates", ALPHA_KEY, CODE);

        assertThat(created.status()).isEqualTo(201);
        JsonNode template = created.json();
        String id = template.get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/templates/" + id);
        assertThat(template.get("version").asInt()).isEqualTo(1);
        assertThat(template.get("language").asString()).isEqualTo("en-SG");
        assertThat(template.get("shared").asBoolean()).isFalse();
        assertThat(template.get("placeholders").get("code").asString()).isEqualTo("digits");
        assertThat(template.get("placeholders").get("expiresAt").asString()).isEqualTo("time");
        assertThat(template.get("warnings")).isEmpty();

        assertThat(get("/templates/" + id, ALPHA_KEY).json().get("text").asString())
                .isEqualTo("Your code is ((code:digits)). It expires at ((expiresAt:time)).");
        assertThat(get("/templates/" + id, BETA_KEY).status()).isEqualTo(404);
        assertThat(ids(get("/templates", ALPHA_KEY))).contains(id);
        assertThat(ids(get("/templates", BETA_KEY))).doesNotContain(id);
        assertThat(ids(get("/templates", OPS_KEY))).contains(id);
        // Ops read every template but change only the shared ones.
        assertThat(put("/templates/" + id, OPS_KEY, CODE).status()).isEqualTo(403);
    }

    @Test
    void anOpsTemplateIsSharedAndAChangeIsANewVersion() {
        String id = post("/templates", OPS_KEY, CODE).json().get("id").asString();

        assertThat(get("/templates/" + id, BETA_KEY).json().get("shared").asBoolean()).isTrue();
        assertThat(put("/templates/" + id, BETA_KEY, CODE).status()).isEqualTo(403);
        Answer changed = put("/templates/" + id, OPS_KEY, CODE.replace("Your code is", "Your one-time code is"));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("version").asInt()).isEqualTo(2);
        assertThat(get("/templates/" + id, ALPHA_KEY).json().get("text").asString()).startsWith("Your one-time code");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM voice_template_version WHERE template_id = ?::uuid",
                Integer.class, id)).as("old versions are kept").isEqualTo(2);
    }

    @Test
    void brokenTemplatesAreRefusedWithEveryReason() {
        Answer refused = post("/templates", ALPHA_KEY, """
                {"name": "x", "language": "not a tag", "voiceProfile": "xx-XX-Nobody",
                 "text": "Code ((code:digit)) ((", "acknowledge": {"prompt": "Press ((key:number))"}}""");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(fields(refused)).containsExactly("language", "text", "text", "voiceProfile");
        assertThat(refused.json().get("errors").valueStream().map(e -> e.get("message").asString()))
                .anySatisfy(message -> assertThat(message).contains("unknown type 'digit'"))
                .anySatisfy(message -> assertThat(message).contains("opens no placeholder"))
                .anySatisfy(message -> assertThat(message).contains("not a voice profile 8x8 offers"));
        assertThat(post("/templates", ALPHA_KEY, "{\"language\": \"en\"}").json().get("errors"))
                .extracting(e -> e.get("field").asString()).containsExactly("name", "text");
        assertThat(put("/templates/0195f0a4-8c00-7000-8000-000000000099", ALPHA_KEY, CODE).status()).isEqualTo(404);
        Answer control = post("/templates", ALPHA_KEY, """
                {"name": "x", "language": "en", "text": "Hello\\u0007 ((name))"}""");
        assertThat(fields(control)).containsExactly("text");
        assertThat(control.json().get("errors").get(0).get("message").asString()).contains("control characters");
    }

    @Test
    void aLanguageWithoutSpelledOutNumbersIsAWarning() {
        Answer created = post("/templates", ALPHA_KEY, """
                {"name": "bayad", "language": "tl", "text": "Babayaran ((total:amount))."}""");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("warnings").get(0).asString()).contains("'tl'", "read as digits");
    }

    @Test
    void previewRendersInTheListenersZoneAndNamesBadVariables() {
        String id = post("/templates", ALPHA_KEY, CODE).json().get("id").asString();

        Answer preview = post("/templates/" + id + "/preview", ALPHA_KEY, """
                {"variables": {"code": "4815", "expiresAt": "2026-12-07T10:30:00Z"}, "timeZone": "Asia/Singapore"}""");
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.json().get("text").asString()).isEqualTo("Your code is 4 8 1 5. It expires at 6:30 pm.");
        assertThat(preview.json().get("voiceProfile").asString()).isEqualTo("en-IE-EmilyNeural");

        Answer byNumber = post("/templates/" + id + "/preview", ALPHA_KEY, """
                {"variables": {"code": "4815", "expiresAt": "2026-12-07T10:30:00Z"}, "destination": "+81312345678"}""");
        assertThat(byNumber.json().get("text").asString()).endsWith("at 7:30 pm.");

        Answer bad = post("/templates/" + id + "/preview", ALPHA_KEY, """
                {"variables": {"code": "48a5", "colour": "red"}, "timeZone": "Asia/Singapore"}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(fields(bad)).containsExactly("variables.code", "variables.colour", "variables.expiresAt");
    }

    @Test
    void deleteIsRefusedWhileQueuedMessagesUseIt() {
        String id = post("/templates", ALPHA_KEY, CODE).json().get("id").asString();
        Answer message = post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234567",
                 "template": {"id": "%s", "variables": {"code": "4815", "expiresAt": "2026-12-07T10:30:00Z"}}}"""
                .formatted(id));
        assertThat(message.status()).isEqualTo(202);

        Answer refused = delete("/templates/" + id, ALPHA_KEY);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("1 queued message");

        post("/voice-messages/" + message.json().get("id").asString() + "/cancel", ALPHA_KEY, "");
        assertThat(delete("/templates/" + id, ALPHA_KEY).status()).isEqualTo(204);
        assertThat(get("/templates/" + id, ALPHA_KEY).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM voice_template_version WHERE template_id = ?::uuid",
                Integer.class, id)).as("its versions stay for the messages that name them").isEqualTo(1);
    }

    private Answer put(String path, String key, String json) {
        return send(request(path, key).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private Answer delete(String path, String key) {
        return send(request(path, key).DELETE().build());
    }

    static List<String> ids(Answer list) {
        return list.json().valueStream().map(t -> t.get("id").asString()).toList();
    }

    static List<String> fields(Answer problem) {
        return problem.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    }
}
