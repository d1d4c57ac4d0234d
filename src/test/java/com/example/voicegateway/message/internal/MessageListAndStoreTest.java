package com.example.voicegateway.message.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.voicegateway.message.AttemptView;
import com.example.voicegateway.support.IntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The listing over HTTP on real PostgreSQL: paging, filters and the attempts of a message. The store under it and the
 * schema's own guarantees are {@link MessageStoreTest}'s, the refused parameters {@link VoiceMessageControllerTest}'s.
 */
class MessageListAndStoreTest extends IntegrationTest {

    @Autowired
    VoiceMessageRepository repository;

    @Autowired
    DispatchAttempts attempts;

    private String send(String destination, String reference) {
        String body = "{\"destination\":\"" + destination + "\",\"text\":\"Hi\""
                + (reference == null ? "" : ",\"clientReference\":\"" + reference + "\"") + "}";
        return post("/voice-messages", ALPHA_KEY, body).json().get("id").asString();
    }

    private List<String> ids(Answer page) {
        return page.json().get("items").valueStream().map(i -> i.get("id").asString()).toList();
    }

    @Test
    void listsNewestFirstWithPaging() {
        String first = send("+6591230001", null);
        String second = send("+6591230002", null);
        String third = send("+6591230003", null);

        Answer page0 = get("/voice-messages?size=2&page=0", ALPHA_KEY);
        Answer page1 = get("/voice-messages?size=2&page=1", ALPHA_KEY);

        assertThat(ids(page0)).containsExactly(third, second);
        assertThat(ids(page1)).containsExactly(first);
        JsonNode meta = page0.json();
        assertThat(meta.get("totalElements").asLong()).isEqualTo(3);
        assertThat(meta.get("totalPages").asInt()).isEqualTo(2);
        assertThat(meta.get("items").get(0).has("attempts")).as("lists leave attempts out").isFalse();
    }

    @Test
    void filtersByStatusReferenceDestinationAndCreationTime() {
        String canceled = send("+6591230001", "ref-a");
        String queued = send("+6591230002", "ref-b");
        post("/voice-messages/" + canceled + "/cancel", ALPHA_KEY, "");

        assertThat(ids(get("/voice-messages?status=CANCELED", ALPHA_KEY))).containsExactly(canceled);
        assertThat(ids(get("/voice-messages?status=QUEUED", ALPHA_KEY))).containsExactly(queued);
        assertThat(ids(get("/voice-messages?clientReference=ref-b", ALPHA_KEY))).containsExactly(queued);
        assertThat(ids(get("/voice-messages?destination=%2B6591230001", ALPHA_KEY))).containsExactly(canceled);
        assertThat(ids(get("/voice-messages?destination=%2B6591230002", ALPHA_KEY))).containsExactly(queued);

        Instant created = Instant.parse(get("/voice-messages/" + queued, ALPHA_KEY).json().get("createdAt").asString());
        assertThat(ids(get("/voice-messages?createdFrom=" + created, ALPHA_KEY))).containsExactly(queued);
        assertThat(ids(get("/voice-messages?createdTo=" + created, ALPHA_KEY))).containsExactly(canceled);
    }

    @Test
    void theListIsAnsweredAtTheBoundsOfItsParameters() {
        // The parameters refused are refused before any query: VoiceMessageControllerTest.
        assertThat(get("/voice-messages?size=100", ALPHA_KEY).status()).isEqualTo(200);
        assertThat(get("/voice-messages?page=10000&size=100", ALPHA_KEY).status()).isEqualTo(200);
        assertThat(get("/voice-messages?priority=HIGH", ALPHA_KEY).status()).isEqualTo(200);
    }

    @Test
    void attemptsAreShownInOrderOnTheMessage() {
        UUID id = UUID.fromString(send("+6591230001", null));
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        attempts.record(id, new AttemptView(1, 2, now.plusSeconds(5), 40, 200, 1, "Created", "SUBMITTED", null));
        attempts.record(id, new AttemptView(1, 1, now, 12, 503, 500, "Internal server error", "RETRY", "8x8 answered 503"));

        JsonNode view = get("/voice-messages/" + id, ALPHA_KEY).json();

        assertThat(view.get("attempts").valueStream().map(a -> a.get("outcome").asString()))
                .containsExactly("RETRY", "SUBMITTED");
        assertThat(view.at("/attempts/0/httpStatus").asInt()).isEqualTo(503);
        assertThat(view.at("/attempts/1/statusMessage").asString()).isEqualTo("Created");
    }
}
