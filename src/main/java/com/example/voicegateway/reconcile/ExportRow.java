package com.example.voicegateway.reconcile;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One call as 8x8's log export lists it, reduced to what reconciliation and cost need. Values are null where the
 * file left them blank; {@code initiatedAtRaw} keeps a time we could not read, because such a row can neither be
 * matched nor ruled out.
 */
record ExportRow(
        String sessionId,
        String destination,
        Instant initiatedAt,
        String initiatedAtRaw,
        String sessionStatus,
        String callStatus,
        String sipStatus,
        Integer durationSeconds,
        Integer billableSeconds,
        BigDecimal totalPrice,
        String currency) {

    /** The destination as digits only: 8x8 writes numbers with or without '+', we store E.164 with it. */
    String destinationDigits() {
        return digits(destination);
    }

    boolean initiatedAtUnreadable() {
        return initiatedAt == null && initiatedAtRaw != null;
    }

    boolean hasCost() {
        return sessionId != null && totalPrice != null && currency != null;
    }

    static String digits(String number) {
        if (number == null) {
            return null;
        }
        StringBuilder digits = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.isEmpty() ? null : digits.toString();
    }
}
