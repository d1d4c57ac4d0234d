package com.example.voicegateway.webhook;

import com.example.voicegateway.message.CallSummaryLookup;
import com.example.voicegateway.message.CallSummaryView;
import com.example.voicegateway.phone.PhoneNumbers;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Each call's {@code summary} in the message view: the applied summary first, otherwise the first one matched. */
@Component
class StoredCallSummaryLookup implements CallSummaryLookup {

    private static final String FIND = """
            SELECT DISTINCT ON (s.call_number) s.call_number, s.id, s.raw::text AS raw, s.received_at, s.outcome,
                   vc.destination,
                   (SELECT count(*) FROM session_summary c
                     WHERE c.message_id = s.message_id AND c.call_number = s.call_number
                       AND c.outcome IN ('CONFLICT', 'SECOND_SESSION')) AS conflicts
            FROM session_summary s
            JOIN call_state vc ON vc.message_id = s.message_id AND vc.call_number = s.call_number
            WHERE s.message_id = ? AND s.outcome <> 'IGNORED'
            ORDER BY s.call_number, (s.outcome = 'APPLIED') DESC, (s.outcome = 'SECOND_SESSION'), s.id
            """;

    private final JdbcTemplate jdbc;
    private final SummaryReader reader;

    StoredCallSummaryLookup(JdbcTemplate jdbc, SummaryReader reader) {
        this.jdbc = jdbc;
        this.reader = reader;
    }

    @Override
    public Map<Integer, CallSummaryView> findSummaries(UUID messageId) {
        Map<Integer, CallSummaryView> byCall = new HashMap<>();
        jdbc.query(FIND, rs -> {
            SessionSummary summary = reader.read(reader.parse(rs.getString("raw")));
            Timestamp receivedAt = rs.getTimestamp("received_at");
            long conflicts = rs.getLong("conflicts");
            byCall.put(rs.getInt("call_number"), view(rs.getLong("id"), summary, rs.getString("destination"),
                    receivedAt.toInstant(), rs.getString("outcome"), conflicts == 0 ? null : (int) conflicts));
        }, messageId);
        return byCall;
    }

    static CallSummaryView view(long id, SessionSummary s, String messageDestination, java.time.Instant receivedAt,
            String outcome, Integer conflicts) {
        List<CallSummaryView.LegView> legs = s.legs().stream()
                .map(l -> new CallSummaryView.LegView(l.name(), l.callId(), l.callDirection(), l.callStatus(),
                        l.initiatedTimestamp(), l.connectedTimestamp(), l.disconnectedTimestamp(), l.callDuration(),
                        l.callQuality()))
                .toList();
        SessionSummary.Leg destinationLeg = destinationLeg(s.legs(), messageDestination);
        return new CallSummaryView(id, s.sessionId(), s.sessionStatus(), s.startTime(), s.endTime(), s.lastAction(),
                s.callCount(), destinationLeg == null ? null : destinationLeg.callDuration(), s.errorCode(),
                s.errorMessage(), legs, receivedAt, outcome, conflicts);
    }

    /**
     * The leg that rang our destination: the one whose destination is the message's number, else the last
     * outbound leg (a voice message has exactly one, {@code callA}), else the first leg.
     */
    static SessionSummary.Leg destinationLeg(List<SessionSummary.Leg> legs, String messageDestination) {
        if (legs.isEmpty()) {
            return null;
        }
        String wanted = messageDestination == null ? null : PhoneNumbers.toE164(messageDestination).orElse(messageDestination);
        for (SessionSummary.Leg leg : legs) {
            if (wanted != null && leg.destination() != null
                    && Objects.equals(PhoneNumbers.toE164(leg.destination()).orElse(leg.destination()), wanted)) {
                return leg;
            }
        }
        SessionSummary.Leg outbound = null;
        for (SessionSummary.Leg leg : legs) {
            if ("OUTBOUND".equalsIgnoreCase(leg.callDirection())) {
                outbound = leg;
            }
        }
        return outbound != null ? outbound : legs.get(0);
    }
}
