package com.example.voicegateway.sandbox;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Voice Session Summaries in 8x8's shape (voice-api-notes §4, the VM-VSS examples). */
final class SessionSummaries {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private SessionSummaries() {
    }

    /** The timeline of one finished call. {@code connected} is null when nobody answered. */
    record Call(String sessionId, String subAccountId, String callId, CallflowRules.Accepted request,
            String sessionStatus, String legStatus, String lastAction, Instant initiated, Instant connected,
            Instant disconnected, Integer errorCode, String errorMessage) {
    }

    static Map<String, Object> summary(Call call) {
        Map<String, Object> leg = new LinkedHashMap<>();
        leg.put("callId", call.callId());
        leg.put("callDirection", "OUTBOUND");
        leg.put("callType", "PSTN");
        leg.put("initiatedTimestamp", timestamp(call.initiated()));
        if (call.connected() != null) {
            leg.put("connectedTimestamp", timestamp(call.connected()));
        }
        leg.put("disconnectedTimestamp", timestamp(call.disconnected()));
        leg.put("source", call.request().source());
        leg.put("destination", call.request().destination());
        leg.put("sourceFormat", "MSISDN");
        leg.put("destinationFormat", "MSISDN");
        leg.put("sourceCountryCode", countryCode(call.request().source()));
        leg.put("destinationCountryCode", countryCode(call.request().destination()));
        leg.put("sourceRefId", "SANDBOX");
        leg.put("callStatus", call.legStatus());
        long connectedSeconds = call.connected() == null ? 0
                : Math.max(0, Math.round((call.disconnected().toEpochMilli() - call.connected().toEpochMilli()) / 1000.0));
        leg.put("callDuration", connectedSeconds);
        if (call.connected() != null) {
            Map<String, Object> quality = new LinkedHashMap<>();
            quality.put("mos", 4.5);
            quality.put("packetLossRate", 0);
            quality.put("jitter", 20);
            leg.put("callQuality", quality);
        }

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sessionId", call.sessionId());
        payload.put("subAccountId", call.subAccountId());
        payload.put("sessionStatus", call.sessionStatus());
        payload.put("startTime", timestamp(call.initiated()));
        payload.put("endTime", timestamp(call.disconnected()));
        payload.put("lastAction", call.lastAction());
        payload.put("callCount", 1);
        if (call.request().clientRequestId() != null) {
            payload.put("clientRequestId", call.request().clientRequestId());
        }
        if (call.request().clientBatchId() != null) {
            payload.put("clientBatchId", call.request().clientBatchId());
        }
        if (call.errorCode() != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("errorMsg", call.errorMessage());
            error.put("errorCode", call.errorCode());
            payload.put("errorDetails", error);
        }
        payload.put("details", Map.of("callA", leg));

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("payload", payload);
        root.put("namespace", "VOICE");
        root.put("eventType", "SESSION_SUMMARY");
        root.put("description", "Summary of a completed call session");
        return root;
    }

    /** 8x8 writes whole seconds with a Z: {@code 2024-03-25T06:01:30Z}. */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String countryCode(String e164) {
        try {
            String region = PHONES.getRegionCodeForNumber(PHONES.parse(e164, null));
            return region == null || region.equals("ZZ") ? null : region;
        } catch (NumberParseException e) {
            return null;
        }
    }
}
