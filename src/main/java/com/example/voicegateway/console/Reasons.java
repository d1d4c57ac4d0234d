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

    /** What an attempt's outcome means, in words; whether it was tried again is the story's to add. */
    static String forAttemptOutcome(String outcome) {
        if (outcome == null) {
            return "tried";
        }
        return switch (outcome) {
            case "SUBMITTED" -> "accepted by 8x8, which places the call";
            case "REJECTED" -> "refused by 8x8, nobody was rung";
            case "RETRY" -> "not created by 8x8, nobody was rung";
            case "AUTH_ERROR" -> "8x8 refused our credentials, nobody was rung (not counted against the message)";
            case "UNKNOWN" -> "no answer from 8x8: the call may or may not have been placed";
            case "NOT_SENT", "NOT_PLACED" -> "never reached 8x8";
            default -> outcome.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }

    /**
     * How a call ended, from 8x8's {@code sessionStatus} (or the call's status where the log export settled it).
     * 8x8 sends an error code only with ERROR; a FAILED call comes with none, and saying so is the whole reason.
     */
    static String forCallEnd(String status, Integer code, String eightByEightMessage) {
        if (status == null) {
            return forCode(code, eightByEightMessage);
        }
        String codeWords = code == null ? null : forCode(code, eightByEightMessage);
        return switch (status) {
            case "COMPLETED" -> "answered; the message was played";
            case "ACKNOWLEDGED" -> "answered, and the person pressed the confirmation key";
            case "NOT_ACKNOWLEDGED" -> "answered, but the confirmation key never came";
            case "NO_ANSWER" -> "it rang; nobody answered";
            case "BUSY" -> "the line was busy";
            case "CANCELED" -> "8x8 canceled the call";
            case "FAILED" -> codeWords != null ? "8x8 could not connect the call: " + codeWords
                    : "8x8 could not connect the call and gives no reason for FAILED (8x8 sends an error code only"
                            + " with ERROR)";
            case "ERROR" -> codeWords != null ? codeWords : "8x8 reported an error without a code";
            default -> codeWords != null ? codeWords : forStatus(status);
        };
    }

    /**
     * Why a call was not placed, in one line: the list its number was on ({@code CLIENT} or {@code GLOBAL}, as the
     * view's {@code suppressedBy} says), and whether that number was the message's destination.
     */
    static String forSuppressed(String list, boolean fallback) {
        String number = fallback ? "the fallback number" : "the destination";
        String which = "GLOBAL".equals(list) ? "the global do-not-call list (kept by ops)"
                : "the client's do-not-call list";
        return "not called: " + number + " is on " + which;
    }

    /** What a message's status means for the person who was called. */
    static String forStatus(String status) {
        if (status == null) {
            return "";
        }
        return switch (status) {
            case "QUEUED" -> "waiting to be sent";
            case "SENDING" -> "being handed to 8x8";
            case "SUBMITTED" -> "8x8 is placing the call";
            case "UNKNOWN" -> "8x8's answer was lost; waiting for its session summary or log export";
            case "COMPLETED" -> "the call was answered and the message played";
            case "ACKNOWLEDGED" -> "a person pressed the confirmation key";
            case "NOT_ACKNOWLEDGED" -> "the call was answered but nobody pressed the confirmation key";
            case "NO_ANSWER" -> "nobody answered";
            case "BUSY" -> "the line was busy";
            case "CANCELED" -> "canceled: no further call is placed";
            case "FAILED" -> "it failed";
            case "ERROR" -> "8x8 reported an error";
            case "REJECTED" -> "8x8 refused the callflow";
            case "EXPIRED" -> "its validity ended before it could be sent";
            case "NOT_PLACED" -> "8x8 proved the call was never placed";
            case "SUPPRESSED" -> "not called: the number is on a do-not-call list";
            default -> status.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }
}
