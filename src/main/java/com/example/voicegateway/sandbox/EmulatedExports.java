package com.example.voicegateway.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The emulator's export jobs: each moves queued → running → succeeded (or empty) one poll at a time, and its file
 * is written from the {@link CallLog} when it succeeds, at a made-up price per minute.
 */
@Component
@SandboxEnabled
class EmulatedExports {

    /** The sandbox's invented tariff: per started minute, like a 60+60 billing increment. */
    static final BigDecimal PRICE_PER_MINUTE = new BigDecimal("0.0120");
    static final String CURRENCY = "USD";
    static final int MAX_JOBS = 200;

    static final String[] HEADER = {"SessionId", "CallId", "AccountId", "SubAccountId", "Direction",
            "SourceCountryCode", "SourceCountry", "SourceOperator", "SourceMCC", "SourceMNC", "SourceEndpoint",
            "DestinationCountryCode", "DestinationCountry", "DestinationOperator", "DestinationMCC", "DestinationMNC",
            "DestinationEndpoint", "InitiatedAt", "ConnectedAt", "DisconnectedAt", "DurationInSec", "Product",
            "BillingUnit", "BillingIncrement", "BillableDurationInSec", "UnitPrice", "UnitPriceCurrency",
            "TotalPriceOfCall", "CallType", "SipStatus", "SessionStatus", "CallStatus", "TTSLength", "MOS", "Content"};

    /** One job; {@code csv} is set once it succeeded with calls in it. */
    static final class Job {
        final String id = UUID.randomUUID().toString().replace("-", "");
        final String token = UUID.randomUUID().toString();
        final Instant from;
        final Instant to;
        int polls;
        String status = "queued";
        String csv;

        Job(Instant from, Instant to) {
            this.from = from;
            this.to = to;
        }
    }

    private final CallLog callLog;
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    EmulatedExports(CallLog callLog) {
        this.callLog = callLog;
    }

    synchronized Job start(Instant from, Instant to) {
        if (jobs.size() >= MAX_JOBS) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        Job job = new Job(from, to);
        jobs.put(job.id, job);
        return job;
    }

    /** The job after one more poll: queued, then running, then its final state. */
    synchronized Job poll(String id, String subAccountId) {
        Job job = jobs.get(id);
        if (job == null || !job.status.equals("queued") && !job.status.equals("running")) {
            return job;
        }
        job.polls++;
        if (job.polls == 2) {
            job.status = "running";
        } else if (job.polls >= 3) {
            String csv = csv(job, subAccountId);
            job.status = csv == null ? "empty" : "succeeded";
            job.csv = csv;
        }
        return job;
    }

    synchronized Job cancel(String id) {
        Job job = jobs.get(id);
        if (job != null && (job.status.equals("queued") || job.status.equals("running"))) {
            job.status = "cancelled";
        }
        return job;
    }

    synchronized String file(String token) {
        return jobs.values().stream().filter(j -> j.token.equals(token) && j.csv != null).map(j -> j.csv)
                .findFirst().orElse(null);
    }

    private String csv(Job job, String subAccountId) {
        var calls = callLog.between(job.from, job.to);
        if (calls.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder("\uFEFF");
        out.append(String.join(",", HEADER)).append("\r\n");
        for (CallLog.Call call : calls) {
            long duration = call.durationSeconds();
            long billable = (duration + 59) / 60 * 60;
            BigDecimal total = PRICE_PER_MINUTE.multiply(BigDecimal.valueOf(billable))
                    .divide(BigDecimal.valueOf(60), 4, RoundingMode.HALF_UP);
            String[] row = {call.sessionId(), call.callId(), "sandbox-account", subAccountId, "OUTBOUND",
                    "", "", "", "", "", digits(call.source()), "", "", "", "", "", digits(call.destination()),
                    call.initiatedAt().toString(), call.connectedAt() == null ? "" : call.connectedAt().toString(),
                    call.disconnectedAt() == null ? "" : call.disconnectedAt().toString(), Long.toString(duration),
                    "Voice Messaging", "minute", "60+60", Long.toString(billable), PRICE_PER_MINUTE.toPlainString(),
                    CURRENCY, total.toPlainString(), "PSTN", call.connectedAt() == null ? "487" : "200",
                    call.sessionStatus(), call.callStatus(), "", call.connectedAt() == null ? "" : "4.5",
                    "{\"sandbox\": true, \"note\": \"emulated, \"\"quoted\"\" content\"}"};
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(quoted(row[i]));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    /** 8x8 may write numbers without the plus; the gateway must match them either way. */
    private static String digits(String number) {
        return number == null ? "" : number.startsWith("+") ? number.substring(1) : number;
    }

    private static String quoted(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
