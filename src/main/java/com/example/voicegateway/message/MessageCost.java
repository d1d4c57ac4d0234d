package com.example.voicegateway.message;

import java.util.List;

/**
 * What all of a message's calls cost, summed per currency (ordered by currency). A message shows one sum only when
 * its calls were billed in one currency ({@link #inOneCurrency()}); otherwise each call shows its own.
 */
public record MessageCost(List<Cost> perCurrency) {

    public MessageCost {
        if (perCurrency.isEmpty()) {
            throw new IllegalArgumentException("a cost needs at least one currency; no cost is null");
        }
        perCurrency = List.copyOf(perCurrency);
    }

    /** The one sum, or null when the calls were billed in several currencies: amounts that cannot be added. */
    public Cost inOneCurrency() {
        return perCurrency.size() == 1 ? perCurrency.get(0) : null;
    }
}
