-- SUPPRESSED (issue 27): a call that was never placed because its number is on a do-not-call list, and the message
-- that ends so. Intake stores a message to a suppressed destination with its first call SUPPRESSED and the message's
-- outcome SUPPRESSED; a queued call whose number is suppressed later is ended SUPPRESSED when a dispatcher claims it.
ALTER TABLE voice_call DROP CONSTRAINT voice_call_status_known;
ALTER TABLE voice_call ADD CONSTRAINT voice_call_status_known CHECK (status IN (
    'QUEUED', 'SENDING', 'SUBMITTED', 'UNKNOWN', 'COMPLETED', 'NO_ANSWER', 'BUSY', 'CANCELED', 'FAILED', 'ERROR',
    'REJECTED', 'EXPIRED', 'NOT_PLACED', 'ACKNOWLEDGED', 'NOT_ACKNOWLEDGED', 'SUPPRESSED'));
ALTER TABLE voice_message DROP CONSTRAINT voice_message_outcome_known;
ALTER TABLE voice_message ADD CONSTRAINT voice_message_outcome_known CHECK (outcome IN (
    'COMPLETED', 'NO_ANSWER', 'BUSY', 'CANCELED', 'FAILED', 'ERROR', 'REJECTED', 'EXPIRED', 'ACKNOWLEDGED',
    'NOT_ACKNOWLEDGED', 'SUPPRESSED'));

-- Which list a SUPPRESSED call's number was on; when the person on a call pressed the opt-out key.
ALTER TABLE voice_call ADD COLUMN suppressed_by text,
    ADD CONSTRAINT voice_call_suppressed_by_known CHECK (suppressed_by IN ('CLIENT', 'GLOBAL')),
    ADD CONSTRAINT voice_call_suppressed_with_list CHECK ((status = 'SUPPRESSED') = (suppressed_by IS NOT NULL));
ALTER TABLE voice_call ADD COLUMN opted_out_at timestamptz;

-- Fallback numbers on a list when the message was accepted: left out of fallback_destinations (never called) and
-- kept here for the view, as '<list> <number>' entries joined by commas. Masked by retention like the fallbacks.
ALTER TABLE voice_message ADD COLUMN skipped_fallbacks text;

-- "Press 9 to stop": the key, the sentence spoken after the message (in the message's language, from the settings)
-- and what is said after the key. Retention erases the two texts; the digit stays, like the acknowledge digit.
ALTER TABLE voice_message ADD COLUMN opt_out_digit text,
    ADD COLUMN opt_out_prompt text,
    ADD COLUMN opt_out_confirmation text,
    ADD CONSTRAINT voice_message_opt_out_digit CHECK (opt_out_digit ~ '^[0-9]$'),
    ADD CONSTRAINT voice_message_opt_out_key_differs CHECK (opt_out_digit IS DISTINCT FROM ack_digit
                                                            OR opt_out_digit IS NULL);

-- The read model carries the new columns (added at the end, as CREATE OR REPLACE requires): the message's own, and
-- its current call's list.
CREATE OR REPLACE VIEW message_state AS
SELECT m.id, m.client_name, m.idempotency_key, m.request_fingerprint,
       COALESCE(m.outcome, c.status) AS status, m.outcome,
       m.destination, m.source, m.text, m.audio_url, m.voice_profile, m.repetition, m.speed, m.valid_until,
       m.client_reference, m.created_at, GREATEST(m.updated_at, c.updated_at) AS updated_at,
       c.attempts, c.next_attempt_at, c.waiting_for, c.lease_owner, c.lease_until, c.post_started_at, c.last_error,
       c.session_id, c.call_flow_request_id, c.status_code, c.status_message,
       m.ack_digit, m.ack_prompt, m.ack_thanks, m.ack_timeout_ms, m.ack_tries,
       m.max_calls, m.redial_interval_ms, m.redial_on, m.fallback_destinations, m.current_call, m.callback_url,
       m.personal_data_erased_at, m.send_at, m.priority, m.window_from, m.window_to, m.window_days, m.window_zone,
       m.template_id, m.template_version, m.broadcast_id,
       c.suppressed_by, m.skipped_fallbacks, m.opt_out_digit, m.opt_out_prompt, m.opt_out_confirmation
  FROM voice_message m
  JOIN voice_call c ON c.message_id = m.id AND c.call_number = m.current_call;

CREATE OR REPLACE VIEW call_state AS
SELECT message_id, call_number, kind, destination, client_request_id, status, session_id, call_flow_request_id,
       planned_at, due_at, started_at, ended_at, unknown_at, error_code, summary_id, client_name, priority,
       valid_until, attempts, next_attempt_at, waiting_for, last_error, status_code, status_message,
       suppressed_by, opted_out_at
  FROM voice_call;
