package com.example.voicegateway.dispatch;

import java.time.Duration;

/**
 * What one callflow POST told us, classified by what it means for the message. {@code httpStatus} is null when no
 * HTTP answer came back.
 */
sealed interface SendResult {

    Integer httpStatus();

    Integer statusCode();

    String statusMessage();

    /** A one-line description for lastError and the attempt history. */
    String describe();

    /** 8x8 created the callflow. */
    record Created(int status, String sessionId, String callFlowRequestId, Integer statusCode, String statusMessage)
            implements SendResult {
        @Override
        public Integer httpStatus() {
            return status;
        }

        @Override
        public String describe() {
            return "HTTP " + status + " CREATED";
        }
    }

    /** 8x8 refused this callflow for a reason a retry cannot fix. */
    record Rejected(int status, Integer statusCode, String statusMessage) implements SendResult {

        /** 8x8's "DTMF callback url not provided": a sayAndCapture callflow on a subaccount without a VCA webhook. */
        static final int NO_CALL_ACTION_WEBHOOK = -1004;

        @Override
        public Integer httpStatus() {
            return status;
        }

        @Override
        public String describe() {
            String reason = "8x8 rejected the callflow: HTTP " + status + ", statusCode " + statusCode + ", "
                    + statusMessage;
            if (statusCode != null && statusCode == NO_CALL_ACTION_WEBHOOK) {
                // The message is fine; the subaccount is not set up for a key press. Say what fixes it.
                reason += " (the 8x8 subaccount has no Voice Call Action webhook, which acknowledge and optOut need:"
                        + " register"
                        + " it with POST /admin/eightbyeight/webhook, then send the message again)";
            }
            return reason;
        }
    }

    /** Provably not created and worth trying again later. */
    record Retryable(Integer httpStatus, Integer statusCode, String statusMessage, Duration retryAfter, String reason)
            implements SendResult {
        @Override
        public String describe() {
            return reason;
        }
    }

    /** Our API key or subaccount is wrong (401/403/404): not the message's fault. */
    record AuthProblem(int status, Integer statusCode, String statusMessage) implements SendResult {
        @Override
        public Integer httpStatus() {
            return status;
        }

        @Override
        public String describe() {
            return "8x8 refused our credentials or subaccount: HTTP " + status
                    + (statusMessage == null ? "" : ", " + statusMessage);
        }
    }

    /** The callflow may or may not have been created: never re-send. */
    record Unknown(Integer httpStatus, Integer statusCode, String statusMessage, String reason) implements SendResult {
        @Override
        public String describe() {
            return reason;
        }
    }
}
