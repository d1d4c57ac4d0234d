package com.example.voicegateway.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The view records other features fill are typed now; their JSON is the contract's, as it was when the ports
 * returned {@code Object}: a message's cost is one object in one currency and a list in several, a delivery's
 * status is its name.
 */
class ViewJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aCostInOneCurrencyIsOneObject() {
        MessageCost cost = new MessageCost(List.of(Cost.of(new BigDecimal("0.30"), "USD", 42)));

        assertThat(json.writeValueAsString(cost.inOneCurrency()))
                .isEqualTo("{\"amount\":\"0.30\",\"currency\":\"USD\",\"billableSeconds\":42}");
    }

    @Test
    void costsInSeveralCurrenciesHaveNoSumOfTheirOwn() {
        MessageCost cost = new MessageCost(List.of(Cost.of(new BigDecimal("1E-2"), "EUR", 3),
                Cost.of(new BigDecimal("0.0123"), "USD", 7)));

        assertThat(cost.inOneCurrency()).as("amounts in two currencies cannot be added").isNull();
    }

    @Test
    void aDeliveryShowsItsStatusByNameAndLeavesAbsentValuesOut() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        UUID message = UUID.fromString("00000000-0000-0000-0000-000000000002");
        Instant at = Instant.parse("2026-11-30T10:15:30.123456Z");
        CallbackView delivery = new CallbackView(id, message, 1, "message.completed", "acme", "hooks.example",
                "DELIVERED", 1, 204, null, at, null, at, at);

        assertThat(json.writeValueAsString(delivery)).isEqualTo("{\"id\":\"" + id + "\",\"messageId\":\"" + message
                + "\",\"sequence\":1,\"type\":\"message.completed\",\"client\":\"acme\",\"host\":\"hooks.example\","
                + "\"status\":\"DELIVERED\",\"attempts\":1,\"lastHttpStatus\":204,"
                + "\"lastAttemptAt\":\"2026-11-30T10:15:30.123456Z\",\"deliveredAt\":\"2026-11-30T10:15:30.123456Z\","
                + "\"createdAt\":\"2026-11-30T10:15:30.123456Z\"}");
    }
}
