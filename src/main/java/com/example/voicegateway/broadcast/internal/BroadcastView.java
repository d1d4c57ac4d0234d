package com.example.voicegateway.broadcast.internal;

import com.example.voicegateway.message.MessageStatus;
import com.example.voicegateway.schedule.Priority;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A broadcast as {@code GET /broadcasts/{id}} shows it, and as {@code broadcast.completed} carries it. */
@Schema(description = "A broadcast and its progress")
record BroadcastView(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        UUID id,
        @Schema(description = "RUNNING while any message is queued or on a call; COMPLETED once every message is"
                + " final (a canceled broadcast too, once its calls under way have ended)",
                requiredMode = Schema.RequiredMode.REQUIRED)
        State state,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        String clientName,
        @Schema(description = "Messages stored, one per accepted recipient", requiredMode = Schema.RequiredMode.REQUIRED)
        int recipients,
        @Schema(description = "Rows refused with \"partial\": true, never stored",
                requiredMode = Schema.RequiredMode.REQUIRED)
        int rejected,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        Priority priority,
        @Schema(description = "Whether each message sends its own callbacks",
                requiredMode = Schema.RequiredMode.REQUIRED)
        boolean messageCallbacks,
        @Schema(description = "Where broadcast.completed goes")
        String callbackUrl,
        @Schema(description = "How many of its messages have each status, every status listed",
                requiredMode = Schema.RequiredMode.REQUIRED)
        Map<MessageStatus, Long> byStatus,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        Progress progress,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        Instant createdAt,
        @Schema(description = "When the first callflow of its messages was posted to 8x8")
        Instant firstCallAt,
        @Schema(description = "The last change to any of its messages")
        Instant lastActivityAt,
        @Schema(description = "When the last message should be final, from how fast its messages finished in the last"
                + " 5 minutes; absent when complete or when none finished lately (waiting for sendAt, a window,"
                + " redials)")
        Instant estimatedCompletionAt,
        @Schema(description = "When it was canceled: its queued messages were CANCELED, calls under way went on")
        Instant canceledAt,
        @Schema(description = "The key that canceled it")
        String canceledBy,
        @Schema(description = "When every message was final")
        Instant completedAt) {

    enum State { RUNNING, COMPLETED }

    /** The counts people read first. */
    @Schema(description = "The counts people read first")
    record Progress(
            @Schema(description = "Final messages", requiredMode = Schema.RequiredMode.REQUIRED)
            long finished,
            @Schema(description = "Messages queued or on a call", requiredMode = Schema.RequiredMode.REQUIRED)
            long remaining,
            @Schema(description = "Someone answered: COMPLETED, ACKNOWLEDGED, NOT_ACKNOWLEDGED",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            long reached,
            @Schema(description = "Called, nobody answered: NO_ANSWER, BUSY", requiredMode = Schema.RequiredMode.REQUIRED)
            long notReached,
            @Schema(description = "Not called or not settled: FAILED, ERROR, REJECTED, EXPIRED",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            long failed,
            @Schema(description = "CANCELED", requiredMode = Schema.RequiredMode.REQUIRED)
            long canceled,
            @Schema(description = "SUPPRESSED: never called, the number is on a do-not-call list",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            long suppressed,
            @Schema(description = "ACKNOWLEDGED: the key was pressed", requiredMode = Schema.RequiredMode.REQUIRED)
            long acknowledged,
            @Schema(description = "Finished messages per minute over the last 5 minutes",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            double perMinute) {
    }
}
