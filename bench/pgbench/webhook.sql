-- One webhook delivery, as pgbench sees it: store the summary as received (jsonb) and settle its message, in one
-- transaction, against copies of session_summary and voice_message (bench/run fills the copy with SUBMITTED rows).
\set i random(1, :nmsg)
BEGIN;
INSERT INTO vg.bench_summary (received_at, raw, event_type, session_id, client_request_id, session_status,
                              mapped_status, message_id, matched_at, outcome)
SELECT now(), '{"payload":{"sessionId":"s-0190a5c2-7f00-7000-8000-000000000001","subAccountId":"bench","sessionStatus":"COMPLETED","clientRequestId":"0190a5c2-7f00-7000-8000-000000000001","startTime":"2026-11-25T06:01:30Z","endTime":"2026-11-25T06:01:50Z","lastAction":"HANGUP","callCount":1,"details":{"callA":{"callId":"c-0190a5c2-7f00-7000-8000-000000000001","callDirection":"OUTBOUND","callType":"PSTN","initiatedTimestamp":"2026-11-25T06:01:28Z","connectedTimestamp":"2026-11-25T06:01:37Z","disconnectedTimestamp":"2026-11-25T06:01:50Z","source":"+6568880000","destination":"+6591234567","sourceFormat":"MSISDN","destinationFormat":"MSISDN","sourceCountryCode":"SG","destinationCountryCode":"SG","sourceRefId":"null","callStatus":"COMPLETED","callDuration":13,"callQuality":{"mos":4.5,"packetLossRate":0,"jitter":20}}}},"namespace":"VOICE","eventType":"SESSION_SUMMARY","description":"Summary of a completed call session"}'::jsonb,
       'SESSION_SUMMARY', m.session_id, m.id::text, 'COMPLETED', 'COMPLETED', m.id, now(), 'APPLIED'
FROM vg.bench_message m WHERE m.n = :i;
UPDATE vg.bench_message SET status = 'COMPLETED', version = version + 1, updated_at = now() WHERE n = :i;
END;
