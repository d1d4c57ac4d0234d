package com.example.voicegateway.console;

import java.util.Map;

/**
 * 8x8's codes in the words an operator uses on the phone with a sender. The code stays in the sentence, so the
 * operator can still look it up or quote it to 8x8.
 */
final class Reasons {

    private static final Map<Integer, String> CODES = Map.ofEntries(
            Map.entry(1, "8x8 accepted the call"),
            Map.entry(401, "8x8 refused our API key"),
            Map.entry(404, "8x8 does not know our subaccount"),
            Map.entry(-1001, "8x8 could not read the request"),
            Map.entry(-1002, "8x8 does not know the voice profile"),
            Map.entry(-1004, "8x8 has no call-action webhook registered for key presses"),
            Map.entry(-1009, "8x8 found an invalid value in the callflow"),
            Map.entry(-1014, "8x8 refused the caller id"),
            Map.entry(-1015, "the message's validity had already ended when 8x8 got it"),
            Map.entry(-1016, "8x8 refused special characters in the text"),
            Map.entry(-1017, "8x8 refused the destination number"),
            Map.entry(-2001, "8x8 had an internal error"),
            Map.entry(-2002, "8x8 had an internal connectivity error"),
            Map.entry(-2004, "8x8 has no coverage for the destination"),
            Map.entry(-2005, "8x8 could not turn the text into speech"),
            Map.entry(-2006, "8x8 could not download the audio file"),
            Map.entry(-2007, "the message's validity ended before 8x8 could call"),
            Map.entry(-2008, "the caller id is not whitelisted at 8x8"),
            Map.entry(-2010, "8x8's trunk capacity was exceeded (too many calls at once)"),
            Map.entry(-9999, "8x8 reported an unknown error"));

    private Reasons() {
    }

    /** "8x8 refused the caller id (-1014)", or 8x8's own message with the code when we have no words for it. */
    static String forCode(Integer code, String eightByEightMessage) {
        if (code == null) {
            return eightByEightMessage;
        }
        String words = CODES.get(code);
        if (words == null) {
            words = eightByEightMessage == null || eightByEightMessage.isBlank() ? "8x8 answered with a code"
                    : "8x8: " + eightByEightMessage;
        }
        return words + " (" + code + ")";
    }

    /** What an attempt's outcome means, in words. */
    static String forAttemptOutcome(String outcome) {
        if (outcome == null) {
            return "tried";
        }
        return switch (outcome) {
            case "SUBMITTED" -> "accepted by 8x8";
            case "REJECTED" -> "refused by 8x8";
            case "RETRY" -> "not created; retried later";
            case "AUTH_ERROR" -> "8x8 refused our credentials; not counted, retried later";
            case "UNKNOWN" -> "no answer from 8x8: the call may or may not have been placed, never re-sent";
            case "NOT_SENT", "NOT_PLACED" -> "never reached 8x8";
            default -> outcome.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }

    /** What a final status means for the person who was called. */
    static String forStatus(String status) {
        if (status == null) {
            return "";
        }
        return switch (status) {
            case "QUEUED" -> "waiting to be sent";
            case "SENDING" -> "being handed to 8x8";
            case "SUBMITTED" -> "8x8 is placing the call";
            case "UNKNOWN" -> "8x8's answer was lost; waiting for its session summary";
            case "COMPLETED" -> "the call was answered and the message played";
            case "ACKNOWLEDGED" -> "a person pressed the confirmation key";
            case "NOT_ACKNOWLEDGED" -> "the call was answered but nobody pressed the confirmation key";
            case "NO_ANSWER" -> "nobody answered";
            case "BUSY" -> "the line was busy";
            case "CANCELED" -> "canceled";
            case "FAILED" -> "the call failed";
            case "ERROR" -> "8x8 reported an error";
            case "REJECTED" -> "8x8 refused the callflow";
            case "EXPIRED" -> "its validity ended before it could be sent";
            default -> status.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }
}
