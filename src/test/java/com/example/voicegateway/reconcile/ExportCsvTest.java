package com.example.voicegateway.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExportCsvTest {

    static List<ExportRow> read(String csv) {
        List<ExportRow> rows = new ArrayList<>();
        ExportCsv.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), rows::add);
        return rows;
    }

    @Test
    void readsAFileWithAByteOrderMarkQuotedFieldsAndColumnsInAnyOrderAndCase() {
        String csv = "\uFEFFsessionid,Content,DestinationEndpoint,INITIATEDAT,SessionStatus,TotalPriceOfCall,"
                + "UnitPriceCurrency,BillableDurationInSec,DurationInSec\r\n"
                + "s-1,\"{\"\"say\"\": \"\"Hello, world\"\"}\",6591234567,2026-11-30T10:00:05Z,NO ANSWER,0.0000,usd,0,0\r\n"
                + "\r\n"
                + "s-2,\"two\nlines\",+6598765432,2026-11-30 10:01:00,COMPLETED,0.0240,USD,120,95\r\n";

        List<ExportRow> rows = read(csv);

        assertThat(rows).hasSize(2);
        ExportRow first = rows.get(0);
        assertThat(first.sessionId()).as("the BOM is not part of the first column's name").isEqualTo("s-1");
        assertThat(first.destinationDigits()).isEqualTo("6591234567");
        assertThat(first.initiatedAt()).isEqualTo(Instant.parse("2026-11-30T10:00:05Z"));
        assertThat(first.sessionStatus()).isEqualTo("NO ANSWER");
        assertThat(first.currency()).isEqualTo("USD");
        ExportRow second = rows.get(1);
        assertThat(second.destinationDigits()).isEqualTo("6598765432");
        assertThat(second.initiatedAt()).as("no offset means UTC").isEqualTo(Instant.parse("2026-11-30T10:01:00Z"));
        assertThat(second.totalPrice()).isEqualByComparingTo(new BigDecimal("0.0240"));
        assertThat(second.totalPrice().toPlainString()).as("kept exactly as written").isEqualTo("0.0240");
        assertThat(second.billableSeconds()).isEqualTo(120);
        assertThat(second.durationSeconds()).isEqualTo(95);
    }

    @Test
    void aFileWithoutAColumnTheVerdictsNeedIsUnreadableNeverEmpty() {
        String csv = "SessionId,InitiatedAt,SessionStatus\r\ns-1,2026-11-30T10:00:05Z,COMPLETED\r\n";

        assertThatThrownBy(() -> read(csv)).isInstanceOf(ExportCsv.Unreadable.class)
                .hasMessageContaining("DestinationEndpoint");
    }

    @Test
    void anUnreadableTimeIsKeptSoTheRowCanNeitherMatchNorBeRuledOut() {
        String csv = "SessionId,DestinationEndpoint,InitiatedAt,SessionStatus\r\ns-1,6591234567,30/11/2026 10:00,"
                + "COMPLETED\r\n";

        ExportRow row = read(csv).get(0);

        assertThat(row.initiatedAt()).isNull();
        assertThat(row.initiatedAtUnreadable()).isTrue();
    }

    @Test
    void aHeaderOnlyFileHasNoRows() {
        assertThat(read("\uFEFFSessionId,DestinationEndpoint,InitiatedAt,SessionStatus\r\n")).isEmpty();
    }

    @Test
    void aBrokenQuoteIsUnreadable() {
        String csv = "SessionId,DestinationEndpoint,InitiatedAt,SessionStatus\r\n\"s-1,6591234567,x,COMPLETED\r\n";

        assertThatThrownBy(() -> read(csv)).isInstanceOf(ExportCsv.Unreadable.class);
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-30T10:00:05Z, 2026-11-30T10:00:05Z",
            "2026-11-30T10:00:05.123Z, 2026-11-30T10:00:05.123Z",
            "2026-11-30T18:00:05+08:00, 2026-11-30T10:00:05Z",
            "2026-11-30 10:00:05, 2026-11-30T10:00:05Z",
            "2026-11-30T10:00:05, 2026-11-30T10:00:05Z"})
    void readsTheTimeFormsEightByEightUses(String written, String meant) {
        assertThat(ExportCsv.instant(written)).isEqualTo(Instant.parse(meant));
    }
}
