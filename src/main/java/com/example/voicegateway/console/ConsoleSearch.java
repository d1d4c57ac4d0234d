package com.example.voicegateway.console;

import com.example.voicegateway.phone.PhoneNumbers;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The console's message search. Read-only SQL on the message table: the console must find any message by what an
 * operator has at hand (a number as a person types it, a reference, a time), which the client API does not offer.
 */
@Component
class ConsoleSearch {

    static final int PAGE_SIZE = 25;

    private final JdbcTemplate jdbc;

    ConsoleSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Row(UUID id, String status, String maskedDestination, String clientName, String clientReference,
            Instant createdAt) {

        public String tone() {
            return StoryTeller.tone(status);
        }
    }

    /** One page, newest first; {@code hasNext} comes from fetching one row more than shown, never from a count. */
    record Page(List<Row> rows, int page, boolean hasNext) {
    }

    Page search(SearchForm.Criteria criteria) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, status, destination, client_name, client_reference, created_at FROM message_state WHERE true");
        List<Object> args = new ArrayList<>();
        if (criteria.id() != null) {
            sql.append(" AND id = ?");
            args.add(criteria.id());
        }
        if (criteria.destinationE164() != null) {
            sql.append(" AND destination = ?");
            args.add(criteria.destinationE164());
        } else if (criteria.destinationDigits() != null) {
            // A number typed without its country code: match on the trailing digits, which is what a person has.
            sql.append(" AND destination LIKE ?");
            args.add("%" + criteria.destinationDigits());
        }
        if (criteria.clientReference() != null) {
            sql.append(" AND client_reference = ?");
            args.add(criteria.clientReference());
        }
        if (criteria.client() != null) {
            sql.append(" AND client_name = ?");
            args.add(criteria.client());
        }
        if (criteria.status() != null) {
            sql.append(" AND status = ?");
            args.add(criteria.status());
        }
        if (criteria.from() != null) {
            sql.append(" AND created_at >= ?");
            args.add(Timestamp.from(criteria.from()));
        }
        if (criteria.to() != null) {
            sql.append(" AND created_at < ?");
            args.add(Timestamp.from(criteria.to()));
        }
        return page(sql, args, criteria.page());
    }

    /** A broadcast's messages, as the search lists them; {@code status} null: any. */
    Page ofBroadcast(UUID broadcastId, String status, int page) {
        StringBuilder sql = new StringBuilder("SELECT id, status, destination, client_name, client_reference,"
                + " created_at FROM message_state WHERE broadcast_id = ?");
        List<Object> args = new ArrayList<>(List.of(broadcastId));
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        return page(sql, args, page);
    }

    private Page page(StringBuilder sql, List<Object> args, int page) {
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
        args.add(PAGE_SIZE + 1);
        args.add((long) page * PAGE_SIZE);
        List<Row> rows = jdbc.query(sql.toString(), (rs, n) -> new Row(rs.getObject("id", UUID.class),
                rs.getString("status"), PhoneNumbers.mask(rs.getString("destination")), rs.getString("client_name"),
                rs.getString("client_reference"), rs.getTimestamp("created_at").toInstant()), args.toArray());
        boolean hasNext = rows.size() > PAGE_SIZE;
        return new Page(hasNext ? rows.subList(0, PAGE_SIZE) : rows, page, hasNext);
    }

    List<String> clients() {
        return jdbc.queryForList("SELECT DISTINCT client_name FROM message_state ORDER BY 1 LIMIT 200", String.class);
    }
}
