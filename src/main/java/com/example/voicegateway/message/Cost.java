package com.example.voicegateway.message;

import java.math.BigDecimal;

/**
 * What 8x8's log export says calls cost, as shown: the amount as a decimal string (never a float, so sums stay
 * exact), its currency and the billable seconds. Filled by the reconcile feature ({@link ReconciliationLookup}).
 */
public record Cost(String amount, String currency, long billableSeconds) {

    public static Cost of(BigDecimal amount, String currency, long billableSeconds) {
        return new Cost(amount.toPlainString(), currency, billableSeconds);
    }
}
