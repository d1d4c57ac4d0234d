-- Issue 21: the call is the outbox row. Until now the message row mirrored its current call (status, attempts, the
-- lease, 8x8's identifiers and codes), so every move of a call was a double write with a lock order to keep. From here
-- on voice_call carries everything the dispatcher claims, leases, posts, retries and settles, and the message keeps
-- the request, the plan and its outcome: NULL while a call is (or will be) in flight, written when the plan says the
-- message is final (and once more only when the right key comes late: NOT_ACKNOWLEDGED -> ACKNOWLEDGED).

ALTER TABLE voice_call
    -- copies of the message's, so the claim and the sweeps scan one table
    ADD COLUMN client_name      text,
    ADD COLUMN priority         text,
    ADD COLUMN valid_until      timestamptz,
    -- bumped by every write of a dispatcher's: its outcome writes are guarded by the version its claim returned
    ADD COLUMN version          bigint       NOT NULL DEFAULT 0,
    ADD COLUMN updated_at       timestamptz,
    -- POSTs made for this call (a call placed again after 8x8's -2010 carries on the count of the one it replaces)
    ADD COLUMN attempts         integer      NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at  timestamptz,
    ADD COLUMN waiting_for      text,
    ADD COLUMN lease_owner      text,
    ADD COLUMN lease_until      timestamptz,
    -- set, durably, just before a callflow POST begins; a lease that expires without it proves nothing was sent
    ADD COLUMN post_started_at  timestamptz,
    ADD COLUMN last_error       text,
    -- what 8x8 answered to the POST
    ADD COLUMN status_code      integer,
    ADD COLUMN status_message   text;

-- Every call takes its message's copies; the current call takes the message's dispatch state as well.
UPDATE voice_call c
   SET client_name = m.client_name, priority = m.priority, valid_until = m.valid_until,
       updated_at = CASE WHEN c.call_number = m.current_call THEN m.updated_at
                         ELSE COALESCE(c.ended_at, c.started_at, c.planned_at) END
  FROM voice_message m
 WHERE m.id = c.message_id;

UPDATE voice_call c
   SET attempts = m.attempts, next_attempt_at = m.next_attempt_at, waiting_for = m.waiting_for,
       lease_owner = m.lease_owner, lease_until = m.lease_until, post_started_at = m.post_started_at,
       last_error = m.last_error, status_code = m.status_code, status_message = m.status_message,
       session_id = COALESCE(c.session_id, m.session_id),
       call_flow_request_id = COALESCE(c.call_flow_request_id, m.call_flow_request_id),
       -- A claimed message's call was QUEUED until its POST began; now the claim itself moves the call (the lease
       -- and post_started_at tell the two apart). An in-flight message's call is in the message's status.
       status = CASE WHEN m.status IN ('QUEUED', 'SENDING', 'SUBMITTED', 'UNKNOWN') THEN m.status
                     -- a final message over a call never placed (not a shape the code writes, but cheap to mend):
                     -- the call ends as the message did when that was its expiry, else it was canceled unplaced
                     WHEN c.status = 'QUEUED' THEN CASE WHEN m.status = 'EXPIRED' THEN 'EXPIRED' ELSE 'CANCELED' END
                     WHEN c.status = 'SENDING' THEN m.status
                     ELSE c.status END,
       ended_at = CASE WHEN m.status NOT IN ('QUEUED', 'SENDING', 'SUBMITTED', 'UNKNOWN')
                            AND c.status IN ('QUEUED', 'SENDING') THEN m.updated_at
                       ELSE c.ended_at END
  FROM voice_message m
 WHERE m.id = c.message_id AND c.call_number = m.current_call;

ALTER TABLE voice_call
    ALTER COLUMN client_name SET NOT NULL,
    ALTER COLUMN priority SET NOT NULL,
    ALTER COLUMN valid_until SET NOT NULL,
    ALTER COLUMN updated_at SET NOT NULL,
    ADD CONSTRAINT voice_call_priority_known CHECK (priority IN ('HIGH', 'NORMAL', 'LOW')),
    ADD CONSTRAINT voice_call_waiting_for_known CHECK (waiting_for IN (
        'SEND_AT', 'DELIVERY_WINDOW', 'REDIAL_INTERVAL', 'RETRY_BACKOFF', 'RATE_LIMIT'));

-- The message's outcome.
ALTER TABLE voice_message ADD COLUMN outcome text,
    ADD CONSTRAINT voice_message_outcome_known CHECK (outcome IN (
        'COMPLETED', 'NO_ANSWER', 'BUSY', 'CANCELED', 'FAILED', 'ERROR', 'REJECTED', 'EXPIRED', 'ACKNOWLEDGED',
        'NOT_ACKNOWLEDGED'));
UPDATE voice_message SET outcome = status WHERE status NOT IN ('QUEUED', 'SENDING', 'SUBMITTED', 'UNKNOWN');

-- A call still planned under a message that is final (not a shape the code writes) is never placed: the claim reads
-- only calls, so a QUEUED call is one that may be dialled.
UPDATE voice_call c
   SET status = CASE WHEN m.outcome = 'EXPIRED' THEN 'EXPIRED' ELSE 'CANCELED' END,
       ended_at = COALESCE(c.ended_at, m.updated_at), next_attempt_at = NULL, waiting_for = NULL
  FROM voice_message m
 WHERE m.id = c.message_id AND m.outcome IS NOT NULL AND c.status = 'QUEUED';

-- The mirror goes (its indexes and checks with it).
ALTER TABLE voice_message
    DROP COLUMN status,
    DROP COLUMN version,
    DROP COLUMN attempts,
    DROP COLUMN next_attempt_at,
    DROP COLUMN waiting_for,
    DROP COLUMN lease_owner,
    DROP COLUMN lease_until,
    DROP COLUMN post_started_at,
    DROP COLUMN last_error,
    DROP COLUMN session_id,
    DROP COLUMN call_flow_request_id,
    DROP COLUMN status_code,
    DROP COLUMN status_message;

-- The claim: one range scan per priority, and per client within it (the fair share).
CREATE INDEX voice_call_due_by_priority ON voice_call (priority, next_attempt_at) WHERE status = 'QUEUED';
CREATE INDEX voice_call_queued_by_client_priority ON voice_call (client_name, priority, next_attempt_at)
    WHERE status = 'QUEUED';
-- The expiry sweep, the lease sweep and the unknown-outcome sweep.
CREATE INDEX voice_call_queued_valid_until ON voice_call (valid_until) WHERE status = 'QUEUED';
CREATE INDEX voice_call_leased ON voice_call (lease_until) WHERE status = 'SENDING';
CREATE INDEX voice_call_unknown ON voice_call (updated_at) WHERE status = 'UNKNOWN';
CREATE INDEX voice_call_submitted ON voice_call (valid_until) WHERE status = 'SUBMITTED';
-- Listing by outcome (every final status), newest first.
CREATE INDEX voice_message_outcome_created ON voice_message (outcome, created_at DESC) WHERE outcome IS NOT NULL;

-- One read model for every reader of a message: the message with its current call, and the status a client sees
-- (the outcome once there is one, else the current call's). Readers outside the ledger read this view, never the
-- two tables' columns that the ledger may reshape.
CREATE VIEW message_state AS
SELECT m.id, m.client_name, m.idempotency_key, m.request_fingerprint,
       COALESCE(m.outcome, c.status) AS status, m.outcome,
       m.destination, m.source, m.text, m.audio_url, m.voice_profile, m.repetition, m.speed, m.valid_until,
       m.client_reference, m.created_at, GREATEST(m.updated_at, c.updated_at) AS updated_at,
       c.attempts, c.next_attempt_at, c.waiting_for, c.lease_owner, c.lease_until, c.post_started_at, c.last_error,
       c.session_id, c.call_flow_request_id, c.status_code, c.status_message,
       m.ack_digit, m.ack_prompt, m.ack_thanks, m.ack_timeout_ms, m.ack_tries,
       m.max_calls, m.redial_interval_ms, m.redial_on, m.fallback_destinations, m.current_call, m.callback_url,
       m.personal_data_erased_at, m.send_at, m.priority, m.window_from, m.window_to, m.window_days, m.window_zone
  FROM voice_message m
  JOIN voice_call c ON c.message_id = m.id AND c.call_number = m.current_call;

-- Every call of a message, for readers outside the ledger (the console's story, usage, summaries' linking, costs).
CREATE VIEW call_state AS
SELECT message_id, call_number, kind, destination, client_request_id, status, session_id, call_flow_request_id,
       planned_at, due_at, started_at, ended_at, unknown_at, error_code, summary_id, client_name, priority,
       valid_until, attempts, next_attempt_at, waiting_for, last_error, status_code, status_message
  FROM voice_call;
