package com.example.voicegateway.message.internal;

/**
 * How the ledger's SQL finds a number on the do-not-call lists (the suppression module's {@code suppression} table,
 * which the ledger reads here and nowhere else): an entry of the message's client or of the global list (no owner),
 * not expired, whose number is the number (while the entry still holds it) or whose key is the number's key (always:
 * retention masks the number but keeps the key). The client's own list wins over the global one when both have it.
 */
public final class SuppressionMatch {

    private SuppressionMatch() {
    }

    /**
     * A subquery answering the list ({@code CLIENT} or {@code GLOBAL}) or no row, in SQL expressions of the caller's:
     * the client, the number, its key (null: by number only) and the instant the entry must still be in force at.
     */
    public static String list(String client, String number, String key, String at) {
        return """
                SELECT CASE WHEN s.owner IS NULL THEN 'GLOBAL' ELSE 'CLIENT' END AS list
                  FROM suppression s
                 WHERE (s.owner = %1$s OR s.owner IS NULL) AND (s.expires_at IS NULL OR s.expires_at > %4$s)
                   AND (%3$s OR (s.destination = %2$s AND s.personal_data_erased_at IS NULL))
                 ORDER BY s.owner NULLS LAST
                 LIMIT 1""".formatted(client, number, key == null ? "false" : "s.destination_key = " + key, at);
    }
}
