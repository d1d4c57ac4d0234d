-- A message becomes one or more calls (issue 10). Each call is one callflow placed at 8x8, with its own
-- destination, clientRequestId, session and summary; the message row stays the dispatch outbox and always works on
-- its current call.

-- What the client asked for: calls to destination in all (1 = today's behaviour), the pause between calls, the
-- call outcomes that lead to the next call (comma-separated CallStatus names) and the fallback numbers (E.164,
-- comma-separated, in order).
ALTER TABLE voice_message
    ADD COLUMN max_calls              smallint NOT NULL DEFAULT 1,
    ADD COLUMN redial_interval_ms     bigint   NOT NULL DEFAULT 300000,
    ADD COLUMN redial_on              text     NOT NULL DEFAULT 'NO_ANSWER,BUSY',
    ADD COLUMN fallback_destinations  text,
    -- The call the dispatcher places next (or placed last); numbers start at 1.
    ADD COLUMN current_call           smallint NOT NULL DEFAULT 1,
    -- Set, durably, just before a callflow POST begins. A lease that expires without it proves nothing was sent,
    -- so the message goes back to the queue instead of to UNKNOWN.
    ADD COLUMN post_started_at        timestamptz,
    ADD CONSTRAINT voice_message_max_calls_range CHECK (max_calls BETWEEN 1 AND 5),
    ADD CONSTRAINT voice_message_current_call_positive CHECK (current_call >= 1);

-- A row claimed by the previous version may be mid-POST right now (rolling deploy): it must count as started.
UPDATE voice_message SET post_started_at = updated_at WHERE status = 'SENDING';

CREATE TABLE voice_call (
    message_id            uuid         NOT NULL REFERENCES voice_message (id) ON DELETE CASCADE,
    call_number           smallint     NOT NULL,
    -- FIRST: call 1, or its placing-again after 8x8's -2010; REDIAL: another call to destination; FALLBACK: a
    -- fallback number's call
    kind                  text         NOT NULL,
    destination           text         NOT NULL,
    -- "<message id>" for call 1, "<message id>:<n>" after; sent to 8x8 and echoed in the session summary
    client_request_id     text         NOT NULL,
    status                text         NOT NULL,
    session_id            text,
    call_flow_request_id  text,
    -- when the call was planned (and due at the earliest), when its first POST began, when the gateway learned it
    -- ended (its summary arrived, or it was given up)
    planned_at            timestamptz  NOT NULL,
    due_at                timestamptz  NOT NULL,
    started_at            timestamptz,
    ended_at              timestamptz,
    -- set when the call's outcome became unknown; such a call is never followed by another call
    unknown_at            timestamptz,
    -- 8x8's errorCode from the summary (e.g. -2010, trunk capacity exceeded)
    error_code            integer,
    summary_id            bigint,
    PRIMARY KEY (message_id, call_number),
    CONSTRAINT voice_call_number_positive CHECK (call_number >= 1),
    CONSTRAINT voice_call_kind_known CHECK (kind IN ('FIRST', 'REDIAL', 'FALLBACK')),
    CONSTRAINT voice_call_status_known CHECK (status IN (
        'QUEUED', 'SENDING', 'SUBMITTED', 'UNKNOWN',
        'COMPLETED', 'NO_ANSWER', 'BUSY', 'CANCELED', 'FAILED', 'ERROR',
        'REJECTED', 'EXPIRED', 'NOT_PLACED'))
);
-- Summaries without a usable clientRequestId are matched by sessionId.
CREATE INDEX voice_call_session_id ON voice_call (session_id) WHERE session_id IS NOT NULL;

-- Every existing message becomes a message with one call, in the state the message is in.
INSERT INTO voice_call (message_id, call_number, kind, destination, client_request_id, status, session_id,
                        call_flow_request_id, planned_at, due_at, started_at, ended_at, unknown_at, summary_id)
SELECT m.id, 1, 'FIRST', m.destination, m.id::text, m.status, m.session_id, m.call_flow_request_id, m.created_at,
       m.created_at,
       (SELECT min(a.started_at) FROM dispatch_attempt a WHERE a.message_id = m.id),
       CASE WHEN m.status IN ('COMPLETED', 'NO_ANSWER', 'BUSY', 'CANCELED', 'FAILED', 'ERROR', 'REJECTED', 'EXPIRED')
            THEN COALESCE((SELECT min(s.received_at) FROM session_summary s
                            WHERE s.message_id = m.id AND s.outcome = 'APPLIED'), m.updated_at) END,
       CASE WHEN m.status = 'UNKNOWN' THEN m.updated_at END,
       (SELECT min(s.id) FROM session_summary s WHERE s.message_id = m.id AND s.outcome = 'APPLIED')
FROM voice_message m;

ALTER TABLE dispatch_attempt ADD COLUMN call_number smallint NOT NULL DEFAULT 1;

-- Which call a summary was matched to, and 8x8's errorCode in it (so a later link needs no JSON parsing).
ALTER TABLE session_summary
    ADD COLUMN call_number smallint,
    ADD COLUMN error_code  integer;
UPDATE session_summary SET call_number = 1 WHERE message_id IS NOT NULL;
