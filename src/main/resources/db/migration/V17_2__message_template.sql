-- Which template (and version) a message was rendered from (issue 25). Owned by the message module like the rest of
-- the row: intake writes both once; the rendered text is in text as before (and erased by retention as before). No
-- foreign key: the template module owns its tables, and a template's versions are never deleted anyway.
ALTER TABLE voice_message ADD COLUMN template_id uuid;
ALTER TABLE voice_message ADD COLUMN template_version integer;
ALTER TABLE voice_message ADD CONSTRAINT voice_message_template_whole
    CHECK ((template_id IS NULL) = (template_version IS NULL));

-- The template module refuses to delete a template while queued messages use it: it asks the view.
CREATE INDEX voice_message_template ON voice_message (template_id) WHERE template_id IS NOT NULL;

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
       m.template_id, m.template_version
  FROM voice_message m
  JOIN voice_call c ON c.message_id = m.id AND c.call_number = m.current_call;
