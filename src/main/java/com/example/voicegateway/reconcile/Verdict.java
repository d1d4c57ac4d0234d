package com.example.voicegateway.reconcile;

import com.example.voicegateway.message.CallStatus;

/** What one export says about one due call. */
sealed interface Verdict {

    DueCall call();

    /** The export shows how the call ended. */
    record Settle(DueCall call, CallStatus outcome, ExportRow row) implements Verdict {
    }

    /** The unknown call's row is there but has no final status yet: its sessionId is recorded, its summary settles it. */
    record SessionFound(DueCall call, ExportRow row) implements Verdict {
    }

    /** More than one row could be the call (or one row could be more than one call): ops decide. */
    record Flag(DueCall call, int candidates, String detail) implements Verdict {
    }

    /** No row, in an export reaching the proof delay past the attempt: 8x8 never placed the call. */
    record NotPlaced(DueCall call, String detail) implements Verdict {
    }

    /** Nothing can be concluded yet. */
    record Wait(DueCall call, String reason) implements Verdict {
    }
}
