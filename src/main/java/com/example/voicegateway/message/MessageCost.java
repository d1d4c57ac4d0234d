package com.example.voicegateway.message;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * What all of a message's calls cost, summed per currency (ordered by currency). The contract shows one
 * {@code {amount, currency, billableSeconds}} when the calls were billed in one currency and a list of them when in
 * more, so the JSON form is chosen here and nowhere else.
 */
public record MessageCost(List<Cost> perCurrency) {

    public MessageCost {
        if (perCurrency.isEmpty()) {
            throw new IllegalArgumentException("a cost needs at least one currency; no cost is null");
        }
        perCurrency = List.copyOf(perCurrency);
    }

    @JsonValue
    Object json() {
        return perCurrency.size() == 1 ? perCurrency.get(0) : perCurrency;
    }
}
