package com.example.voicegateway.message.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A request's {@code deliveryWindow}, as sent; {@link com.example.voicegateway.schedule.WindowRules} holds the rules. */
@Schema(description = "Local hours in which calls may start; calls never start outside them.")
record DeliveryWindowRequest(
        @Schema(description = "Local time the window opens, HH:mm", example = "09:00",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String from,
        @Schema(description = "Local time it closes, HH:mm, after from (no window across midnight)", example = "20:00",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String to,
        @Schema(description = "Days of the week, MON ... SUN; left out or empty: every day", example = "[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\"]")
        List<String> days,
        @Schema(description = "IANA time zone; default the destination country's, when it has only one",
                example = "Asia/Singapore")
        String timeZone) {
}
