package com.example.voicegateway.broadcast.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A page of broadcasts, newest first. */
@Schema(description = "A page of broadcasts, newest first")
record BroadcastPage(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<BroadcastView> items,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int page,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int size,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long totalElements,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int totalPages) {
}
