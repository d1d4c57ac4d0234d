package com.example.voicegateway.message;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What the ledger knows of a broadcast's messages, and the one command on all of them: the broadcast feature reads
 * its progress and results here and cancels through here, never from the ledger's tables.
 */
public interface BroadcastMessages {

    /** How many of its messages have each status a client sees (statuses with none are left out). */
    Map<MessageStatus, Long> countByStatus(UUID broadcastId);

    /** When calls started and last moved, and how fast messages have been finishing lately. */
    Activity activity(UUID broadcastId, Instant now);

    /**
     * Cancels every message of the broadcast that is still QUEUED (its current call planned and unclaimed), in one
     * statement; messages on a call finish as they will. Each canceled message moves as a client's cancel moves it
     * (its callbacks, if it has them). Runs in the caller's transaction. Returns how many it canceled.
     */
    int cancelQueued(UUID broadcastId, Instant now);

    /** True when every message of the broadcast is final (none queued or on a call). */
    boolean allFinal(UUID broadcastId);

    /**
     * Every message of the broadcast, one row at a time in the order they were stored, read a page at a time: memory
     * stays constant whatever the broadcast's size.
     */
    void forEachResult(UUID broadcastId, Consumer<ResultRow> row);

    /**
     * How many of its messages became final in each {@code bucket} of time (aligned to the Unix epoch, so minutes
     * and hours fall on the clock's), by final status, oldest bucket first; buckets where none finished are left out.
     * A message finished when its current call ended (the gateway's clock, not 8x8's), else at its last change.
     */
    List<Finished> outcomesOverTime(UUID broadcastId, Duration bucket);

    /** {@code count} messages of the broadcast became final with {@code status} in the bucket starting at {@code from}. */
    record Finished(Instant from, MessageStatus status, long count) {
    }

    /**
     * @param firstCallAt   the first time a callflow was posted for one of its messages; null before
     * @param lastActivityAt the last change to any of its messages or calls after intake; null before
     * @param finishedRecently how many messages became final within {@code window} before now
     */
    record Activity(Instant firstCallAt, Instant lastActivityAt, long finishedRecently, Duration window) {
    }

    /**
     * One recipient's result.
     *
     * @param calls           calls made or planned so far (redials and fallbacks included)
     * @param answeredAt      when the current call was answered, from 8x8's session summary; null if it was not
     * @param acknowledgedDigit the key that confirmed it, when {@code ACKNOWLEDGED}
     * @param cost            what 8x8's logs billed for its calls, when known and in one currency
     */
    record ResultRow(UUID messageId, String clientReference, String destination, MessageStatus status, int calls,
            Instant answeredAt, String acknowledgedDigit, Cost cost, boolean personalDataErased) {
    }
}
