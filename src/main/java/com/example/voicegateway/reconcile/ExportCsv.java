package com.example.voicegateway.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads one log export file: header by name (any order, any case), quoted fields, a UTF-8 byte order mark, blank
 * lines. Streams: one row at a time, so a day's export never sits in memory.
 */
final class ExportCsv {

    /** Without these a file cannot settle anything, and must not be read as "no calls". */
    static final List<String> REQUIRED = List.of("SessionId", "DestinationEndpoint", "InitiatedAt", "SessionStatus");

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreHeaderCase(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true)
            .setTrim(true)
            .get();

    /** 8x8 documents no time format: ISO with or without offset, 'T' or a blank, any fraction; no offset is UTC. */
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private ExportCsv() {
    }

    /** A file 8x8 sent that we cannot read as a log export. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Reads every row into {@code sink}; returns how many rows there were. */
    static int read(InputStream in, Consumer<ExportRow> sink) {
        try (CSVParser parser = FORMAT.parse(withoutBom(in))) {
            Map<String, String> columns = columns(parser.getHeaderNames());
            for (String required : REQUIRED) {
                if (!columns.containsKey(required.toLowerCase(java.util.Locale.ROOT))) {
                    throw new Unreadable("the export file has no " + required + " column (header: "
                            + parser.getHeaderNames() + ")", null);
                }
            }
            int rows = 0;
            for (CSVRecord record : parser) {
                sink.accept(row(record, columns));
                rows++;
            }
            return rows;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new Unreadable("the export file could not be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    private static Reader withoutBom(InputStream in) throws IOException {
        PushbackReader reader = new PushbackReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1);
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first);
        }
        return reader;
    }

    /** Lower-cased name to the header's own spelling, so lookups do not depend on 8x8's capitalisation. */
    private static Map<String, String> columns(List<String> header) {
        Map<String, String> columns = new TreeMap<>();
        for (String name : header) {
            if (name != null) {
                columns.putIfAbsent(name.trim().toLowerCase(java.util.Locale.ROOT), name);
            }
        }
        return columns;
    }

    private static ExportRow row(CSVRecord record, Map<String, String> columns) {
        String initiated = value(record, columns, "InitiatedAt");
        return new ExportRow(
                value(record, columns, "SessionId"),
                value(record, columns, "DestinationEndpoint"),
                instant(initiated),
                initiated,
                value(record, columns, "SessionStatus"),
                value(record, columns, "CallStatus"),
                value(record, columns, "SipStatus"),
                integer(value(record, columns, "DurationInSec")),
                integer(value(record, columns, "BillableDurationInSec")),
                decimal(value(record, columns, "TotalPriceOfCall")),
                upper(value(record, columns, "UnitPriceCurrency")));
    }

    private static String value(CSVRecord record, Map<String, String> columns, String name) {
        String column = columns.get(name.toLowerCase(java.util.Locale.ROOT));
        if (column == null || !record.isSet(column)) {
            return null;
        }
        String value = record.get(column);
        return value == null || value.isBlank() || value.equalsIgnoreCase("null") ? null : value.trim();
    }

    static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            TemporalAccessor parsed = TIME.parseBest(value, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime odt ? odt.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Integer integer(String value) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value).setScale(0, java.math.RoundingMode.CEILING).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    static BigDecimal decimal(String value) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(java.util.Locale.ROOT);
    }
}
