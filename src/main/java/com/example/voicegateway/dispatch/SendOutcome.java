package com.example.voicegateway.dispatch;

import com.example.voicegateway.message.AttemptView;
import com.example.voicegateway.message.ClaimedMessage;
import com.example.voicegateway.schedule.WaitingFor;
import java.time.Instant;
import java.util.List;

/**
 * Everything one claim's send produced, as one value: the claim (with the version its last write left), 8x8's last
 * answer (null when nothing was posted), how many POSTs were made, why it stopped early, and the attempt rows.
 *
 * @param deferral set when the sender stopped without a final answer and the message goes back to the queue
 * @param lost     the row stopped being ours before a POST could begin (a summary, a cancel or the sweep moved it):
 *                 nothing was posted and nothing may be written
 */
record SendOutcome(ClaimedMessage message, SendResult last, int posts, Deferral deferral, List<AttemptView> rows,
        boolean lost) {

    /** Why the message goes back to the queue unsent (or unsent again), when it is due, and what it waits for. */
    record Deferral(String reason, Instant until, WaitingFor waitingFor) {

        Deferral(String reason, Instant until) {
            this(reason, until, null);
        }
    }

    SendOutcome {
        rows = List.copyOf(rows);
    }
}
