package com.example.voicegateway.broadcast.internal;

import com.example.voicegateway.message.BroadcastMessages;
import com.example.voicegateway.phone.PhoneNumbers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

/**
 * {@code results.csv}: one row per recipient, written while the ledger is read a page at a time, so a 10,000-row
 * file takes the memory of one page whatever its size. RFC 4180 (CRLF, quotes where needed), UTF-8.
 */
@Component
class BroadcastResults {

    static final String[] HEADER = {"clientReference", "destination", "status", "calls", "answeredAt",
        "acknowledgedDigit", "costAmount", "costCurrency", "messageId"};

    private final BroadcastMessages messages;

    BroadcastResults(BroadcastMessages messages) {
        this.messages = messages;
    }

    /** @param fullNumbers true for ops: destinations as dialled; false: masked ({@code +65****4567}) */
    void write(UUID broadcastId, boolean fullNumbers, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(HEADER).get());
        try {
            messages.forEachResult(broadcastId, row -> {
                try {
                    String destination = row.personalDataErased() || row.destination() == null ? ""
                            : fullNumbers ? row.destination() : PhoneNumbers.mask(row.destination());
                    csv.printRecord(row.clientReference(), destination, row.status(), row.calls(),
                            row.answeredAt(), row.acknowledgedDigit(),
                            row.cost() == null ? null : row.cost().amount(),
                            row.cost() == null ? null : row.cost().currency(), row.messageId());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        csv.flush();
    }
}
