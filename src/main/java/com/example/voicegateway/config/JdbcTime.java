package com.example.voicegateway.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants to and from JDBC, null passing through. The PostgreSQL driver takes neither an {@code Instant} as a
 * parameter nor {@code getObject(column, Instant.class)}, and Spring's binders pass an {@code Instant} to it as it is,
 * so every store needs these three lines; they are written here once.
 */
public final class JdbcTime {

    private JdbcTime() {
    }

    /** For {@code ?} parameters of JdbcTemplate and JdbcClient. */
    public static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /** For named parameters: the driver binds an {@code OffsetDateTime} as {@code timestamptz}. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
