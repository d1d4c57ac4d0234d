package com.example.voicegateway.template.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** {@code POST /templates/{id}/preview} as sent. */
@Schema(description = "Values for the template's placeholders, and where the listener is")
record PreviewRequest(
        @Schema(description = "A value for each placeholder: strings, or numbers for number",
                example = "{\"code\": \"4815\", \"expiresAt\": \"2026-12-07T10:30:00Z\"}")
        Map<String, Object> variables,
        @Schema(description = "IANA zone the times are spoken in; default the destination country's", example =
                "Asia/Singapore")
        String timeZone,
        @Schema(description = "E.164 number whose country's zone is used when timeZone is not given",
                example = "+6591234567")
        String destination) {
}
