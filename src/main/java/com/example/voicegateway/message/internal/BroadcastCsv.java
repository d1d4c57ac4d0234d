package com.example.voicegateway.message.internal;

import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import com.example.voicegateway.web.NulRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The recipients of {@code POST /broadcasts} as a file: a CSV (RFC 4180, read by commons-csv) in UTF-8, with or
 * without a byte order mark, lines ending in CRLF or LF. The header row names the columns: {@code destination}
 * (required), {@code clientReference} (optional) and the template's variables (any other name, only with a
 * template). Each data row is a recipient, numbered from 1 after the header, as the JSON form numbers
 * {@code recipients}; an empty cell is an absent value, and a row whose cells are all empty (a spreadsheet's blank
 * row) is no recipient but keeps its number, so a row's number stays the spreadsheet's line less one.
 *
 * <p>What concerns the file as a whole (no header, no destination column, a variable column without a template, not
 * UTF-8, not CSV, more than 10,000 recipients) is a 400 naming {@code recipients}; what concerns one row (a number of
 * cells other than the header's, NUL, a number a spreadsheet rewrote) makes that row invalid, as a broken rule of
 * the JSON form's recipient does.
 */
final class BroadcastCsv {

    static final String PART = "recipients";
    static final String DESTINATION = "destination";
    static final String CLIENT_REFERENCE = "clientReference";

    /** RFC 4180; a blank line is read as a row of one empty cell, so that it keeps its number. */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
    /** What a spreadsheet writes for a long number it shows in scientific notation: 6.59123E+10, digits lost. */
    private static final Pattern SCIENTIFIC = Pattern.compile("[0-9]+([.,][0-9]+)?[eE][+-]?[0-9]+");
    /** A number as a spreadsheet writes it when it took the cell for a number: digits only, its + dropped. */
    private static final Pattern DIGITS_ONLY = Pattern.compile("[0-9]{6,15}");
    /**
     * The types a .csv file is sent as: Windows' browsers say application/vnd.ms-excel, curl without ;type= says
     * application/octet-stream.
     */
    private static final Set<String> CSV_TYPES = Set.of("text/csv", "text/plain", "application/csv",
            "application/vnd.ms-excel", "application/octet-stream");
    private static final String DROPPED_PLUS = " (a spreadsheet drops the + of a number it took for a number: format"
            + " the column as text and write the numbers with + and the country code)";

    private BroadcastCsv() {
    }

    /** The file's recipients, and the SHA-256 of its bytes (Idempotency-Key's "same request"). */
    record Upload(List<BroadcastIntake.Row> rows, String sha256) {
    }

    /**
     * Reads the file, or throws the 400 that names what is wrong with it as a whole.
     *
     * @param contentType the part's Content-Type, null when it had none
     * @param templated whether the broadcast has a template, which the columns other than destination and
     *     clientReference need
     */
    static Upload read(String contentType, InputStream bytes, boolean templated) throws IOException {
        List<FieldViolation> refused = new ArrayList<>();
        if (contentType != null && !CSV_TYPES.contains(baseType(contentType))) {
            throw refused("must be a CSV file (text/csv), not " + baseType(contentType)
                    + ": save the sheet as CSV UTF-8 and send that");
        }
        MessageDigest digest = sha256();
        DigestInputStream counted = new DigestInputStream(bytes, digest);
        Reader reader = withoutByteOrderMark(new InputStreamReader(counted, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        List<BroadcastIntake.Row> rows = new ArrayList<>();
        try (CSVParser parser = FORMAT.parse(reader)) {
            var records = parser.iterator();
            List<String> header = records.hasNext() ? records.next().toList() : List.of();
            Columns columns = columns(header, templated, refused);
            if (!refused.isEmpty()) {
                throw new InvalidRequestException(refused);
            }
            int number = 0;
            while (records.hasNext()) {
                CSVRecord record = records.next();
                number++;
                if (record.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                if (rows.size() == BroadcastRequest.MAX_RECIPIENTS) {
                    throw refused("has more than " + BroadcastRequest.MAX_RECIPIENTS + " recipients, the most one"
                            + " broadcast takes: split it into several files");
                }
                rows.add(row(number, record, header, columns));
            }
        } catch (UncheckedIOException e) {
            throw unreadable(e.getCause());
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (rows.isEmpty()) {
            throw refused("has no recipients: the header row must be followed by 1 to "
                    + BroadcastRequest.MAX_RECIPIENTS + " rows");
        }
        // Whatever the parser did not need to read (nothing, normally) still belongs to the request's bytes.
        counted.transferTo(java.io.OutputStream.nullOutputStream());
        return new Upload(rows, HexFormat.of().formatHex(digest.digest()));
    }

    /** Where each column goes; the variables' columns by their names. */
    private record Columns(int destination, int clientReference, Map<Integer, String> variables) {
    }

    private static Columns columns(List<String> header, boolean templated, List<FieldViolation> refused) {
        if (header.stream().allMatch(String::isEmpty)) {
            refused.add(new FieldViolation(PART, "must start with a header row naming the columns: destination,"
                    + " then clientReference and the template's variables if any"));
            return null;
        }
        int destination = -1;
        int clientReference = -1;
        Map<Integer, String> variables = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (NulRule.holdsNul(name)) {
                refused.add(new FieldViolation(PART, "has a header row that must not contain NUL (U+0000)"));
            } else if (name.isEmpty()) {
                refused.add(new FieldViolation(PART, "has no name for column " + (i + 1) + " in its header row"));
            } else if (!seen.add(name)) {
                refused.add(new FieldViolation(PART, "names the column \"" + name + "\" twice in its header row"));
            } else if (name.equals(DESTINATION)) {
                destination = i;
            } else if (name.equals(CLIENT_REFERENCE)) {
                clientReference = i;
            } else if (!templated) {
                refused.add(new FieldViolation(PART, "has a column \"" + name + "\", a template variable, but the"
                        + " broadcast part has no template: add one, or remove the column"));
            } else {
                variables.put(i, name);
            }
        }
        if (destination < 0) {
            String near = header.stream().filter(DESTINATION::equalsIgnoreCase).findFirst()
                    .map(name -> " (names are case-sensitive: \"" + name + "\" is not destination)").orElse("");
            refused.add(new FieldViolation(PART, "has no destination column in its header row" + near));
        }
        return new Columns(destination, clientReference, variables);
    }

    private static BroadcastIntake.Row row(int number, CSVRecord record, List<String> header, Columns columns) {
        String prefix = "recipients[" + (number - 1) + "]";
        List<InvalidRowsException.RowError> errors = new ArrayList<>();
        if (record.size() != header.size()) {
            errors.add(new InvalidRowsException.RowError(number, prefix, "has " + count(record.size(), "cell")
                    + " where the header row has " + count(header.size(), "column")));
            return new BroadcastIntake.Row(number, null, errors, null);
        }
        for (int i = 0; i < record.size(); i++) {
            if (NulRule.holdsNul(record.get(i))) {
                errors.add(new InvalidRowsException.RowError(number, prefix + "." + fieldOf(i, columns),
                        NulRule.MESSAGE));
            }
        }
        String destination = cell(record, columns.destination());
        if (destination != null && SCIENTIFIC.matcher(destination).matches()) {
            errors.add(new InvalidRowsException.RowError(number, prefix + "." + DESTINATION, "is " + destination
                    + ", a number a spreadsheet wrote in scientific notation, which loses its last digits: format"
                    + " the column as text, write the numbers with + and the country code, and export again"));
        }
        if (!errors.isEmpty()) {
            return new BroadcastIntake.Row(number, null, errors, null);
        }
        Map<String, Object> variables = null;
        if (!columns.variables().isEmpty()) {
            variables = new LinkedHashMap<>();
            for (Map.Entry<Integer, String> column : columns.variables().entrySet()) {
                String value = cell(record, column.getKey());
                if (value != null) {
                    variables.put(column.getValue(), value);
                }
            }
        }
        var recipient = new BroadcastRequest.Recipient(destination, cell(record, columns.clientReference()),
                variables);
        String hint = destination != null && DIGITS_ONLY.matcher(destination).matches() ? DROPPED_PLUS : null;
        return new BroadcastIntake.Row(number, recipient, List.of(), hint);
    }

    private static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    private static String fieldOf(int column, Columns columns) {
        if (column == columns.destination()) {
            return DESTINATION;
        }
        if (column == columns.clientReference()) {
            return CLIENT_REFERENCE;
        }
        return "variables." + columns.variables().get(column);
    }

    /** An empty cell is an absent value. */
    private static String cell(CSVRecord record, int column) {
        if (column < 0) {
            return null;
        }
        String value = record.get(column);
        return value.isEmpty() ? null : value;
    }

    /** Excel's "CSV UTF-8" starts with U+FEFF; it is no part of the first column's name. */
    private static Reader withoutByteOrderMark(Reader reader) throws IOException {
        PushbackReader pushback = new PushbackReader(reader, 1);
        try {
            int first = pushback.read();
            if (first >= 0 && first != '\uFEFF') {
                pushback.unread(first);
            }
        } catch (CharacterCodingException e) {
            throw unreadable(e);
        }
        return pushback;
    }

    private static InvalidRequestException unreadable(Throwable cause) {
        if (cause instanceof CharacterCodingException) {
            return refused("is not UTF-8 text: save the sheet as CSV UTF-8 (in Excel: \"CSV UTF-8 (Comma"
                    + " delimited)\") and send that");
        }
        // commons-csv says where ("... at line: 3, position: 17"), never what the cells held.
        String where = cause == null || cause.getMessage() == null ? "" : lineOf(cause.getMessage());
        return refused("is not CSV as RFC 4180 writes it" + where + ": a field in quotes must end with a quote"
                + " followed by a comma or the line's end, and a quote inside it is written twice");
    }

    private static String lineOf(String message) {
        var line = Pattern.compile("line:? (\\d+)").matcher(message.toLowerCase(Locale.ROOT));
        return line.find() ? " (near line " + line.group(1) + ")" : "";
    }

    private static InvalidRequestException refused(String message) {
        return new InvalidRequestException(List.of(new FieldViolation(PART, message)));
    }

    private static String baseType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
