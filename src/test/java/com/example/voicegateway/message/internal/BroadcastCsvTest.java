package com.example.voicegateway.message.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.example.voicegateway.web.FieldViolation;
import com.example.voicegateway.web.InvalidRequestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a CSV of recipients is read: no Spring, no HTTP, the bytes a spreadsheet or a script writes. */
class BroadcastCsvTest {

    private static BroadcastCsv.Upload read(String csv) throws IOException {
        return read(csv.getBytes(StandardCharsets.UTF_8), true);
    }

    private static BroadcastCsv.Upload read(byte[] csv, boolean templated) throws IOException {
        return BroadcastCsv.read("text/csv", new ByteArrayInputStream(csv), templated);
    }

    private static List<FieldViolation> refusal(String contentType, byte[] csv, boolean templated) {
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> BroadcastCsv.read(contentType, new ByteArrayInputStream(csv), templated));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.violations()).allSatisfy(v -> assertThat(v.field()).isEqualTo("recipients"));
        return refused.violations();
    }

    private static List<FieldViolation> refusal(String csv, boolean templated) {
        return refusal("text/csv", csv.getBytes(StandardCharsets.UTF_8), templated);
    }

    @Test
    void quotedFieldsKeepTheirCommasQuotesAndLineBreaksAndEmptyCellsAreAbsent() throws IOException {
        BroadcastCsv.Upload upload = read("destination,clientReference,name,desk\r\n"
                + "+6591234567,\"staff, 0001\",\"Ana \"\"the boss\"\"\",\r\n"
                + "+6591234568,\"Flat 3\r\nBlock B\",Ben,B-2\r\n");

        assertThat(upload.rows()).hasSize(2);
        BroadcastRequest.Recipient ana = upload.rows().get(0).recipient();
        assertThat(ana.destination()).isEqualTo("+6591234567");
        assertThat(ana.clientReference()).isEqualTo("staff, 0001");
        assertThat(ana.variables()).containsExactly(Map.entry("name", "Ana \"the boss\""));
        BroadcastRequest.Recipient ben = upload.rows().get(1).recipient();
        assertThat(ben.clientReference()).isEqualTo("Flat 3\r\nBlock B");
        assertThat(ben.variables()).containsExactly(Map.entry("name", "Ben"), Map.entry("desk", "B-2"));
        assertThat(upload.rows()).extracting(BroadcastIntake.Row::number).containsExactly(1, 2);
    }

    @Test
    void aByteOrderMarkIsNoPartOfTheFirstColumnsNameAndLfWorksAsCrlfDoes() throws IOException {
        BroadcastCsv.Upload withMark = read("\uFEFFdestination\n+6591234567\n");
        BroadcastCsv.Upload withoutMark = read("destination\r\n+6591234567");

        assertThat(withMark.rows().get(0).recipient().destination()).isEqualTo("+6591234567");
        assertThat(withoutMark.rows().get(0).recipient().destination()).isEqualTo("+6591234567");
        assertThat(withMark.sha256()).isNotEqualTo(withoutMark.sha256()).hasSize(64);
    }

    @Test
    void aBlankRowIsNoRecipientButKeepsItsNumberSoRowsMatchTheSpreadsheet() throws IOException {
        BroadcastCsv.Upload upload = read("destination,clientReference\n+6591234567,a\n,\n\n+6591234568,b\n");

        assertThat(upload.rows()).extracting(BroadcastIntake.Row::number).containsExactly(1, 4);
    }

    @Test
    void aRowWithAnotherNumberOfCellsIsAnInvalidRowNamedAsInTheJsonForm() throws IOException {
        BroadcastCsv.Upload upload = read("destination,clientReference\n+6591234567,a\n+6591234568\n"
                + "+6591234569,c,extra\n");

        assertThat(upload.rows().get(0).readErrors()).isEmpty();
        assertThat(upload.rows().get(1).readErrors()).singleElement().satisfies(error -> {
            assertThat(error.row()).isEqualTo(2);
            assertThat(error.field()).isEqualTo("recipients[1]");
            assertThat(error.message()).isEqualTo("has 1 cell where the header row has 2 columns");
        });
        assertThat(upload.rows().get(2).readErrors().get(0).message()).startsWith("has 3 cells");
    }

    @Test
    void aNumberASpreadsheetRewroteIsAnInvalidRowAndDigitsWithoutPlusCarryAHint() throws IOException {
        BroadcastCsv.Upload upload = read("destination\n6.59123E+10\n\"6,59123E+10\"\n6591234567\n+6591234567\n");

        assertThat(upload.rows().get(0).readErrors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("recipients[0].destination");
            assertThat(error.message()).contains("6.59123E+10", "scientific notation", "format the column as text");
        });
        assertThat(upload.rows().get(1).readErrors()).singleElement().satisfies(error ->
                assertThat(error.message()).contains("scientific notation"));
        // Left to the intake's rules (a client with a default region reads it), which the hint then completes.
        assertThat(upload.rows().get(2).readErrors()).isEmpty();
        assertThat(upload.rows().get(2).destinationHint()).contains("a spreadsheet drops the +");
        assertThat(upload.rows().get(3).destinationHint()).isNull();
    }

    @Test
    void aNulInACellIsThatCellsError() throws IOException {
        BroadcastCsv.Upload upload = read("destination,clientReference,name\n+6591234567,a\0b,Ana\n");

        assertThat(upload.rows().get(0).readErrors()).singleElement().satisfies(error ->
                assertThat(error.field()).isEqualTo("recipients[0].clientReference"));
    }

    @Test
    void theHeaderRowIsRequiredAndNamesDestinationOnceAndEachColumn() {
        assertThat(refusal("", true).get(0).message()).startsWith("must start with a header row");
        assertThat(refusal("\n+6591234567\n", true).get(0).message()).startsWith("must start with a header row");
        assertThat(refusal("Destination,name\n+6591234567,Ana\n", true).get(0).message())
                .contains("no destination column", "\"Destination\" is not destination");
        assertThat(refusal("destination,name,name\n+6591234567,Ana,Ana\n", true).get(0).message())
                .contains("\"name\" twice");
        assertThat(refusal("destination,,name\n+6591234567,,Ana\n", true).get(0).message())
                .contains("no name for column 2");
        assertThat(refusal("destination\n", true).get(0).message()).startsWith("has no recipients");
    }

    @Test
    void aVariableColumnWithoutATemplateIsRefusedNamingTheColumn() {
        List<FieldViolation> refused = refusal("destination,name,desk\n+6591234567,Ana,A-1\n", false);

        assertThat(refused).extracting(FieldViolation::message).containsExactly(
                "has a column \"name\", a template variable, but the broadcast part has no template: add one, or"
                        + " remove the column",
                "has a column \"desk\", a template variable, but the broadcast part has no template: add one, or"
                        + " remove the column");
    }

    @Test
    void bytesThatAreNotUtf8OrNotCsvAreRefusedInWords() {
        byte[] latin1 = "destination,clientReference\n+6591234567,Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(refusal("text/csv", latin1, true).get(0).message()).startsWith("is not UTF-8 text");

        byte[] strayQuote = "destination,clientReference\n+6591234567,\"a\"b\n".getBytes(StandardCharsets.UTF_8);
        assertThat(refusal("text/csv", strayQuote, true).get(0).message()).startsWith("is not CSV as RFC 4180")
                .contains("line 2");

        byte[] xlsx = {'P', 'K', 3, 4};
        assertThat(refusal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx, true).get(0)
                .message()).contains("must be a CSV file", "CSV UTF-8");
    }

    @Test
    void theUsualLabelsOfACsvFileAreAllCsv() throws IOException {
        for (String type : new String[] {"text/csv; charset=utf-8", "application/vnd.ms-excel",
                "application/octet-stream", "text/plain"}) {
            assertThat(BroadcastCsv.read(type, new ByteArrayInputStream("destination\n+6591234567\n"
                    .getBytes(StandardCharsets.UTF_8)), false).rows()).as(type).hasSize(1);
        }
        assertThat(BroadcastCsv.read(null, new ByteArrayInputStream("destination\n+6591234567\n"
                .getBytes(StandardCharsets.UTF_8)), false).rows()).hasSize(1);
    }

    @Test
    void tenThousandRecipientsFitAndOneMoreDoesNot() throws IOException {
        StringBuilder csv = new StringBuilder("destination\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("+659").append(1_000_000 + i).append('\n');
        }
        assertThat(read(csv.toString()).rows()).hasSize(10_000);

        csv.append("\n,\n");
        assertThat(read(csv.toString()).rows()).as("blank rows are no recipients").hasSize(10_000);

        csv.append("+6592000000\n");
        assertThat(refusal(csv.toString(), false).get(0).message()).startsWith("has more than 10000 recipients");
    }
}
