package com.example.voicegateway.message.internal;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/** The answer to {@code POST /broadcasts}: what was stored, and with {@code "partial": true}, what was not. */
@Schema(description = "A stored broadcast: its messages are queued; GET /broadcasts/{id} follows its progress")
record BroadcastAccepted(
        @Schema(description = "The broadcast's id", requiredMode = Schema.RequiredMode.REQUIRED)
        UUID id,
        @Schema(description = "Messages stored, one per accepted row", requiredMode = Schema.RequiredMode.REQUIRED)
        int recipients,
        @Schema(description = "Rows refused with \"partial\": true (not stored)",
                requiredMode = Schema.RequiredMode.REQUIRED)
        int rejected,
        @ArraySchema(arraySchema = @Schema(description = "The refused rows' errors, at most 100; left out on a"
                + " replay of an earlier request"))
        List<RowProblem> rejectedRows) {

    /** One broken rule of a refused row. */
    @Schema(description = "One broken rule of a refused row")
    record RowProblem(
            @Schema(description = "The row, from 1: the recipient's place in recipients, or the CSV data row (the"
                    + " header not counted)", example = "17", requiredMode = Schema.RequiredMode.REQUIRED)
            int row,
            @Schema(description = "The field, as in the JSON form", example = "recipients[16].destination",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String field,
            @Schema(description = "What is wrong with it", example = "must be a possible phone number",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String message) {
    }
}
