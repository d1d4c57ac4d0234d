package com.example.voicegateway.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** POST /voice-messages with a template: the rendered text is the message's text; bad variables are named. */
class TemplateMessageTest extends IntegrationTest {

    @Test
    void theRenderedTextIsStoredAndShownWithTheTemplateAndItsVersion() {
        String id = post("/templates", ALPHA_KEY, """
                {"name": "payment", "language": "en-SG",
                 "text": "You paid ((total:amount)) on ((at:datetime)). Reference ((ref:spell)).",
                 "acknowledge": {"prompt": "Press 1 if ((total:amount)) was you."}}""").json().get("id").asString();

        Answer accepted = post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234567", "acknowledge": {"digit": "1"},
                 "template": {"id": "%s", "variables": {"total": "12.50 SGD", "at": "2026-12-07T16:00:00Z",
                                                      "ref": "ab12"}}}""".formatted(id));

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode message = get("/voice-messages/" + accepted.json().get("id").asString(), ALPHA_KEY).json();
        assertThat(message.get("text").asString()).isEqualTo("You paid twelve Singapore dollars and fifty cents on"
                + " Tuesday, 8 December 2026 at 12:00 am. Reference A B 1 2.");
        assertThat(message.get("acknowledge").get("prompt").asString())
                .isEqualTo("Press 1 if twelve Singapore dollars and fifty cents was you.");
        assertThat(message.get("voiceProfile").asString()).as("en's default voice").isEqualTo("en-IE-EmilyNeural");
        assertThat(message.get("template").get("id").asString()).isEqualTo(id);
        assertThat(message.get("template").get("version").asInt()).isEqualTo(1);
    }

    @Test
    void theMessagesOwnVoiceAndDeliveryWindowZoneWin() {
        String id = post("/templates", ALPHA_KEY, """
                {"name": "call-time", "language": "en", "voiceProfile": "en-GB-Emma",
                 "text": "We call at ((at:time))."}""").json().get("id").asString();

        Answer accepted = post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234567", "voiceProfile": "en-US-Neural2-C",
                 "deliveryWindow": {"from": "00:00", "to": "23:59", "timeZone": "America/New_York"},
                 "template": {"id": "%s", "variables": {"at": "2026-12-07T16:00:00Z"}}}""".formatted(id));

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("text").asString()).isEqualTo("We call at 11:00 AM.");
        assertThat(accepted.json().get("voiceProfile").asString()).isEqualTo("en-US-Neural2-C");
        Answer templateVoice = post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234567", "template": {"id": "%s", "variables": {"at": "10:30"}}}"""
                .formatted(id));
        assertThat(templateVoice.json().get("voiceProfile").asString()).isEqualTo("en-GB-Emma");
    }

    @Test
    void missingExtraIllTypedAndTooLongVariablesAreNamed() {
        String id = post("/templates", ALPHA_KEY, """
                {"name": "code", "language": "en", "text": "Code ((code:digits)), hello ((name))."}""")
                .json().get("id").asString();

        Answer refused = post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234567", "template": {"id": "%s", "variables": {"code": 4815, "x": "1"}}}"""
                .formatted(id));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(TemplateApiTest.fields(refused))
                .containsExactly("template.variables.code", "template.variables.name", "template.variables.x");

        Answer tooLong = post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234567", "template": {"id": "%s", "variables": {"code": "1", "name": "%s"}}}"""
                .formatted(id, "a".repeat(2995)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(TemplateApiTest.fields(tooLong)).containsExactly("template.variables.name");
        assertThat(tooLong.json().get("errors").get(0).get("message").asString()).contains("over 3000");
    }

    @Test
    void aTemplateComesAloneAndMustBeVisible() {
        String id = post("/templates", ALPHA_KEY, """
                {"name": "hello", "language": "en", "text": "Hello."}""").json().get("id").asString();

        Answer both = post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234567", "text": "Hi", "template": {"id": "%s"}}""".formatted(id));
        assertThat(TemplateApiTest.fields(both)).containsExactly("template");
        Answer others = post("/voice-messages", BETA_KEY, """
                {"destination": "+6591234567", "template": {"id": "%s"}}""".formatted(id));
        assertThat(TemplateApiTest.fields(others)).containsExactly("template.id");
        Answer notAnId = post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234567", "template": {"id": "nope"}}""");
        assertThat(TemplateApiTest.fields(notAnId)).containsExactly("template.id");
    }

    @Test
    void theMessagesOwnPromptAndThanksWinAndNeedNoVariablesOfTheTemplates() {
        String id = post("/templates", ALPHA_KEY, """
                {"name": "alarm", "language": "en", "text": "Alarm in ((room)).",
                 "acknowledge": {"prompt": "Press 1 for ((room)) at ((at:time)).", "thanks": "Thanks."}}""")
                .json().get("id").asString();

        Answer accepted = post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234567",
                 "acknowledge": {"digit": "1", "prompt": "Press 1 now.", "thanks": "Bye."},
                 "template": {"id": "%s", "variables": {"room": "B2"}}}""".formatted(id));

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("text").asString()).isEqualTo("Alarm in B2.");
        assertThat(accepted.json().get("acknowledge").get("prompt").asString()).isEqualTo("Press 1 now.");
        assertThat(accepted.json().get("acknowledge").get("thanks").asString()).isEqualTo("Bye.");

        // The same variables as always, the prompt's too, though this message asks for no key: nothing is refused.
        Answer plain = post("/voice-messages", ALPHA_KEY, """
                {"destination": "+6591234567",
                 "template": {"id": "%s", "variables": {"room": "B2", "at": "2026-12-07T10:30:00Z"}}}""".formatted(id));
        assertThat(plain.status()).as(plain.raw().body()).isEqualTo(202);
        assertThat(plain.json().get("text").asString()).isEqualTo("Alarm in B2.");
    }
}
