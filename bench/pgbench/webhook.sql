-- One webhook delivery, as pgbench sees it: the writes of the gateway's summary transaction (SummaryStore.store with
-- CallSettlement.settle) for a summary that ends its message, in one transaction, against copies of session_summary,
-- voice_call and voice_message (bench/run fills them with messages whose call 1 is SUBMITTED): the summary stored as
-- received (jsonb), its call ended (the call is the outbox row: the dispatch state is cleared on it), the message's
-- outcome written. Not in the pair: the gateway's reads before them (finding the call, locking the message row, then
-- its calls) and the summary's foreign key to its message.
\set i random(1, :nmsg)
BEGIN;
INSERT INTO vg.bench_summary (received_at, raw, event_type, session_id, client_request_id, session_status,
                              mapped_status, error_code, message_id, call_number, matched_at, outcome)
SELECT now(), '{"payload":{"sessionId":"s-0190a5c2-7f00-7000-8000-000000000001","subAccountId":"bench","sessionStatus":"COMPLETED","clientRequestId":"0190a5c2-7f00-7000-8000-000000000001","startTime":"2026-11-25T06:01:30Z","endTime":"2026-11-25T06:01:50Z","lastAction":"HANGUP","callCount":1,"details":{"callA":{"callId":"c-0190a5c2-7f00-7000-8000-000000000001","callDirection":"OUTBOUND","callType":"PSTN","initiatedTimestamp":"2026-11-25T06:01:28Z","connectedTimestamp":"2026-11-25T06:01:37Z","disconnectedTimestamp":"2026-11-25T06:01:50Z","source":"+6568880000","destination":"+6591234567","sourceFormat":"MSISDN","destinationFormat":"MSISDN","sourceCountryCode":"SG","destinationCountryCode":"SG","sourceRefId":"null","callStatus":"COMPLETED","callDuration":13,"callQuality":{"mos":4.5,"packetLossRate":0,"jitter":20}}}},"namespace":"VOICE","eventType":"SESSION_SUMMARY","description":"Summary of a completed call session"}'::jsonb,
       'SESSION_SUMMARY', c.session_id, c.client_request_id, 'COMPLETED', 'COMPLETED', NULL, c.message_id,
       c.call_number, now(), 'APPLIED'
FROM vg.bench_message m JOIN vg.bench_call c ON c.message_id = m.id AND c.call_number = m.current_call
WHERE m.n = :i
RETURNING id AS summary_id, message_id, call_number \gset
UPDATE vg.bench_call
   SET status = 'COMPLETED', session_id = COALESCE(session_id, 's-' || message_id), ended_at = now(), error_code = NULL,
       summary_id = :summary_id, next_attempt_at = NULL, waiting_for = NULL, lease_owner = NULL, lease_until = NULL,
       post_started_at = NULL, version = version + 1, updated_at = now()
 WHERE message_id = :message_id AND call_number = :call_number;
UPDATE vg.bench_message SET outcome = 'COMPLETED', updated_at = now() WHERE id = :message_id AND outcome IS NULL;
END;
