-- Broadcasts (issue 26): one request, up to 10,000 recipients, each stored as an ordinary message.
-- The broadcast module owns this table; its messages stay the message module's (voice_message.broadcast_id).
CREATE TABLE broadcast (
    id                  uuid         PRIMARY KEY,
    client_name         text         NOT NULL,
    idempotency_key     text,
    request_fingerprint text,
    recipients          integer      NOT NULL,              -- messages stored (rows accepted)
    rejected            integer      NOT NULL DEFAULT 0,    -- rows refused with "partial": true, never stored
    priority            text         NOT NULL,
    message_callbacks   boolean      NOT NULL,
    callback_url        text,                               -- gets broadcast.completed; null: no callback
    created_at          timestamptz  NOT NULL,
    canceled_at         timestamptz,                        -- the first cancel
    canceled_by         text,
    completed_at        timestamptz,                        -- every message final; broadcast.completed recorded
    CONSTRAINT broadcast_counts CHECK (recipients >= 0 AND rejected >= 0)
);
CREATE UNIQUE INDEX broadcast_idempotency ON broadcast (client_name, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX broadcast_client_created ON broadcast (client_name, created_at DESC, id DESC);
-- The completion sweep looks only at broadcasts still running.
CREATE INDEX broadcast_running ON broadcast (created_at) WHERE completed_at IS NULL;

-- Written once by intake, never changed. No foreign key: the broadcast module owns its table, and retention deletes
-- messages on their own schedule while the broadcast row (counts, no personal data) stays.
ALTER TABLE voice_message ADD COLUMN broadcast_id uuid;
CREATE INDEX voice_message_broadcast ON voice_message (broadcast_id, id) WHERE broadcast_id IS NOT NULL;

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
       m.template_id, m.template_version, m.broadcast_id
  FROM voice_message m
  JOIN voice_call c ON c.message_id = m.id AND c.call_number = m.current_call;

-- A broadcast's own callback (broadcast.completed) belongs to no message.
ALTER TABLE callback_event ALTER COLUMN message_id DROP NOT NULL;
ALTER TABLE callback_event ADD COLUMN broadcast_id uuid REFERENCES broadcast (id) ON DELETE CASCADE;
ALTER TABLE callback_event ADD CONSTRAINT callback_event_about_one
    CHECK ((message_id IS NULL) <> (broadcast_id IS NULL));
