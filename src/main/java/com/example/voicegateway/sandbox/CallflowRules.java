package com.example.voicegateway.sandbox;

import com.example.voicegateway.phone.PhoneNumbers;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * 8x8's validation of a Send Callflow body, with its status codes and messages (voice-api-notes §1, §2), and the
 * answers 8x8 gives. 8x8 does not document which codes come with 400 and which with 422; we follow its examples:
 * malformed input (-1001, -1007, -1009, -1010) is 400, a well-formed but unacceptable callflow is 422.
 *
 * <p>Written once for both fakes of 8x8: the sandbox's emulator answers with it, and the tests' WireMock stand-in
 * (test support {@code EightByEightRulesStandIn}) checks every callflow the gateway sends against it, so a rule
 * learnt about 8x8 is learnt by both.
 */
public final class CallflowRules {

    /** Voice profiles seen in 8x8's docs (voice-api-notes §1). */
    public static final List<String> KNOWN_VOICE_PROFILES = com.example.voicegateway.config.VoiceProfiles.KNOWN;

    static final String ACCEPTED_ACTIONS = "[say, sayAndcapture, makeCall, hangup, playFile]";
    private static final Set<String> ACTIONS = Set.of("say", "sayAndCapture", "makeCall", "hangup", "playFile");
    private static final Set<String> TOP_LEVEL = Set.of("validUntil", "callflow", "clientRequestId", "clientBatchId");
    private static final Map<String, Set<String>> PARAMS = Map.of(
            "makeCall", Set.of("source", "destination"),
            "say", Set.of("text", "voiceProfile", "repetition", "speed"),
            "playFile", Set.of("fileUrl", "repetition"),
            "sayAndCapture", Set.of("promptMessage", "voiceProfile", "speed", "minDigits", "maxDigits",
                    "digitTimeout", "overallTimeout", "completeOnHash", "noOfTries", "successMessage",
                    "failureMessage"));
    private static final int MAX_TEXT = 3000;
    private static final int MAX_CLIENT_ID = 50;
    // Speaking rate of text-to-speech at speed 1: about 150 words a minute.
    private static final double CHARACTERS_PER_SECOND = 15.0;
    // An audio file's length is unknown without downloading it; a typical announcement.
    private static final double PLAY_FILE_SECONDS = 10.0;

    /** Why 8x8 would refuse the request. */
    public record Rejection(int httpStatus, int statusCode, String statusMessage) {

        /** 8x8's error envelope for it (voice-api-notes §1, "Response"): no sessionId. */
        public Map<String, Object> answer(String callFlowRequestId) {
            return notCreated(callFlowRequestId, statusCode, statusMessage);
        }
    }

    /** 8x8's error envelope: {@code sessionStatus NOT_CREATED}, {@code statusCode} and its words. */
    public static Map<String, Object> notCreated(String callFlowRequestId, int statusCode, String statusMessage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionStatus", "NOT_CREATED");
        body.put("callFlowRequestId", callFlowRequestId);
        body.put("statusCode", statusCode);
        body.put("statusMessage", statusMessage);
        return body;
    }

    /** 8x8's answer to a callflow it created; it echoes validUntil, and without one shows its samples' hour. */
    public static Map<String, Object> created(String sessionId, String callFlowRequestId, Accepted call,
            Instant now) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sessionId", sessionId);
        answer.put("sessionStatus", "CREATED");
        answer.put("callFlowRequestId", callFlowRequestId);
        Instant validUntil = call.validUntil() != null ? call.validUntil() : now.plus(Duration.ofHours(1));
        answer.put("validUntil", validUntil.toString());
        answer.put("statusCode", 1);
        answer.put("statusMessage", "Created");
        return answer;
    }

    /** A callflow 8x8 would accept: what the simulated call needs to know. */
    public record Accepted(String source, String destination, String clientRequestId, String clientBatchId,
            Instant validUntil, double speakingSeconds, String lastAction, Capture capture) {
    }

    /**
     * The callflow's last {@code sayAndCapture}: 8x8 then reports the keys to the VCA webhook and plays its answer.
     * Times are 8x8's defaults of its reference page where a value is absent.
     */
    public record Capture(String promptMessage, double promptSeconds, int maxDigits, long overallTimeoutMs, int noOfTries) {
    }

    /** Time to read a spoken text at {@code speed}, as the sandbox reckons it. */
    static double speakingSeconds(String text, double speed) {
        return Math.max(1.0, text.length() / CHARACTERS_PER_SECOND / speed);
    }

    /** Thrown inside the rules to stop at the first problem, as 8x8 answers with one code. */
    public static final class Refused extends RuntimeException {
        public final transient Rejection rejection;

        Refused(int httpStatus, int statusCode, String statusMessage) {
            super(statusMessage, null, false, false);
            this.rejection = new Rejection(httpStatus, statusCode, statusMessage);
        }
    }

    private final Set<String> voiceProfiles;

    public CallflowRules(Set<String> voiceProfiles) {
        this.voiceProfiles = Set.copyOf(voiceProfiles);
    }

    /** @return an {@link Accepted} or throws {@link Refused} */
    public Accepted check(JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            throw new Refused(400, -1001, "Invalid JSON request body");
        }
        for (String name : body.propertyNames()) {
            if (!TOP_LEVEL.contains(name)) {
                throw invalidEntry("$." + name + ": is not defined in the schema and the schema does not allow"
                        + " additional properties");
            }
        }
        String clientRequestId = optionalId(body, "clientRequestId");
        String clientBatchId = optionalId(body, "clientBatchId");
        Instant validUntil = validUntil(body.get("validUntil"));

        JsonNode callflow = body.get("callflow");
        if (callflow == null || callflow.isNull()) {
            throw invalidEntry("$.callflow: is missing but it is required");
        }
        if (!callflow.isArray() || callflow.isEmpty()) {
            throw invalidEntry("$.callflow: must be a non-empty array");
        }
        String source = null;
        String destination = null;
        double speaking = 0;
        int makeCalls = 0;
        String lastAction = "MAKE_CALL";
        Capture capture = null;
        for (int i = 0; i < callflow.size(); i++) {
            String path = "$.callflow[" + i + "]";
            JsonNode entry = callflow.get(i);
            if (!entry.isObject()) {
                throw invalidEntry(path + ": must be an object");
            }
            JsonNode actionNode = entry.get("action");
            if (actionNode == null || !actionNode.isString()) {
                throw invalidEntry(path + ".action: is missing but it is required");
            }
            String action = actionNode.stringValue();
            if (!ACTIONS.contains(action)) {
                throw new Refused(400, -1007, "Invalid action type was used. Accepted action type is "
                        + ACCEPTED_ACTIONS);
            }
            if (i == 0 && !action.equals("makeCall")) {
                throw new Refused(422, -1013, "Invalid Callflow : First action should be a MakeCall action");
            }
            for (String name : entry.propertyNames()) {
                if (!name.equals("action") && !name.equals("params")) {
                    throw invalidEntry(path + "." + name + ": is not defined in the schema and the schema does not"
                            + " allow additional properties");
                }
            }
            JsonNode params = entry.get("params");
            if (action.equals("hangup")) {
                if (i != callflow.size() - 1 || i == 0) {
                    throw new Refused(422, -1012, "Invalid Callflow : Incorrect use of action Hangup");
                }
                if (params != null && !(params.isObject() && params.isEmpty())) {
                    throw invalidEntry(path + ".params: hangup takes no params");
                }
                lastAction = "HANGUP";
                continue;
            }
            if (params == null || !params.isObject()) {
                throw invalidEntry(path + ".params: is missing but it is required");
            }
            for (String name : params.propertyNames()) {
                if (!PARAMS.get(action).contains(name)) {
                    throw invalidEntry(path + ".params." + name + ": is not defined in the schema and the schema"
                            + " does not allow additional properties");
                }
            }
            switch (action) {
                case "makeCall" -> {
                    makeCalls++;
                    if (makeCalls > 1) {
                        // 8x8 bridges a second leg; the sandbox only simulates one-leg voice messages.
                        throw new Refused(400, -1010, "Some actions are provided beyond the allowed count");
                    }
                    String rawSource = requiredText(params, path + ".params.source", "source");
                    String rawDestination = requiredText(params, path + ".params.destination", "destination");
                    destination = PhoneNumbers.toE164(rawDestination)
                            .orElseThrow(() -> new Refused(422, -1017, "Invalid MSISDN format in Destination"));
                    source = PhoneNumbers.toE164(rawSource).orElseThrow(() -> invalidEntry(path
                            + ".params.source: is not a valid MSISDN"));
                    lastAction = "MAKE_CALL";
                }
                case "say" -> {
                    String text = requiredText(params, path + ".params.text", "text");
                    if (text.length() > MAX_TEXT) {
                        throw invalidEntry(path + ".params.text: may only be " + MAX_TEXT + " characters long");
                    }
                    voiceProfile(params, path);
                    int repetition = repetition(params, path);
                    double speed = speed(params, path);
                    speaking += speakingSeconds(text, speed) * repetition;
                    lastAction = "SAY";
                }
                case "playFile" -> {
                    String fileUrl = requiredText(params, path + ".params.fileUrl", "fileUrl");
                    if (!(fileUrl.startsWith("http://") || fileUrl.startsWith("https://"))) {
                        throw invalidEntry(path + ".params.fileUrl: must be an http or https URL");
                    }
                    speaking += PLAY_FILE_SECONDS * repetition(params, path);
                    lastAction = "PLAY_FILE";
                }
                case "sayAndCapture" -> {
                    String prompt = requiredText(params, path + ".params.promptMessage", "promptMessage");
                    if (prompt.length() > MAX_TEXT) {
                        throw invalidEntry(path + ".params.promptMessage: may only be " + MAX_TEXT
                                + " characters long");
                    }
                    voiceProfile(params, path);
                    capture = capture(params, path, prompt);
                    lastAction = "SAY_AND_CAPTURE";
                }
                default -> throw new IllegalStateException(action);
            }
        }
        if (validUntil != null && !validUntil.isAfter(now)) {
            throw new Refused(422, -1015, "The validity period of the call flow request has expired");
        }
        return new Accepted(source, destination, clientRequestId, clientBatchId, validUntil, speaking, lastAction,
                capture);
    }

    List<String> voiceProfiles() {
        return voiceProfiles.stream().sorted().toList();
    }

    private void voiceProfile(JsonNode params, String path) {
        String profile = requiredText(params, path + ".params.voiceProfile", "voiceProfile");
        if (!voiceProfiles.contains(profile)) {
            throw new Refused(422, -1002, "Speech profile or language parameter invalid");
        }
    }

    /** 8x8's rules between the capture's parameters (-1003, -1005, -1006, -1008), then the capture itself. */
    private static Capture capture(JsonNode params, String path, String prompt) {
        Integer minDigits = optionalInt(params, path, "minDigits", 0, 25);
        Integer maxDigits = optionalInt(params, path, "maxDigits", 1, 25);
        Integer digitTimeout = optionalInt(params, path, "digitTimeout", 1, 600_000);
        Integer overallTimeout = optionalInt(params, path, "overallTimeout", 1, 600_000);
        Integer tries = optionalInt(params, path, "noOfTries", 1, 10);
        JsonNode completeOnHash = params.get("completeOnHash");
        if (completeOnHash != null && !completeOnHash.isBoolean()) {
            throw invalidEntry(path + ".params.completeOnHash: boolean expected");
        }
        if (minDigits != null && maxDigits == null) {
            throw new Refused(422, -1003, "Valid maxDigits required when minDigits provided");
        }
        if (digitTimeout != null && overallTimeout == null) {
            throw new Refused(422, -1005, "Valid overallTimeout is required when digitTimeout provided");
        }
        if (digitTimeout != null && digitTimeout >= overallTimeout) {
            throw new Refused(422, -1006, "OverallTimeout should be greater than digitTimeout");
        }
        if (completeOnHash != null && !completeOnHash.booleanValue() && maxDigits == null) {
            throw new Refused(422, -1008, "Valid maxDigits is required when completeOnHash is false");
        }
        return new Capture(prompt, speakingSeconds(prompt, speed(params, path)), maxDigits == null ? 25 : maxDigits,
                overallTimeout == null ? 30_000 : overallTimeout, tries == null ? 3 : tries);
    }

    private static Integer optionalInt(JsonNode params, String path, String name, int min, int max) {
        JsonNode node = params.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw invalidEntry(path + ".params." + name + ": must be a whole number from " + min + " to " + max);
        }
        return node.intValue();
    }

    private static int repetition(JsonNode params, String path) {
        JsonNode node = params.get("repetition");
        if (node == null) {
            return 1;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > 3) {
            throw invalidEntry(path + ".params.repetition: must be 1, 2 or 3");
        }
        return node.intValue();
    }

    private static double speed(JsonNode params, String path) {
        JsonNode node = params.get("speed");
        if (node == null) {
            return 1.0;
        }
        if (!node.isNumber() || node.doubleValue() < 0.5 || node.doubleValue() > 2.0) {
            throw invalidEntry(path + ".params.speed: must be a number from 0.5 to 2");
        }
        return node.doubleValue();
    }

    private static String requiredText(JsonNode params, String path, String name) {
        JsonNode node = params.get(name);
        if (node == null || node.isNull()) {
            throw invalidEntry(path + ": is missing but it is required");
        }
        if (!node.isString()) {
            throw invalidEntry(path + ": " + node.getNodeType().name().toLowerCase() + " found, string expected");
        }
        if (node.stringValue().isBlank()) {
            throw invalidEntry(path + ": must not be empty");
        }
        return node.stringValue();
    }

    private static String optionalId(JsonNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() || node.stringValue().length() > MAX_CLIENT_ID) {
            throw invalidEntry("$." + name + ": must be a string of at most " + MAX_CLIENT_ID + " characters");
        }
        return node.stringValue();
    }

    private static Instant validUntil(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw invalidEntry("$.validUntil: string expected");
        }
        try {
            return Instant.parse(node.stringValue());
        } catch (DateTimeParseException e) {
            throw invalidEntry("$.validUntil: does not match the date-time pattern YYYY-MM-DDTHH:MM:SS.SSSZ");
        }
    }

    private static Refused invalidEntry(String detail) {
        return new Refused(400, -1009, "Invalid call flow entry provided. " + detail);
    }
}
