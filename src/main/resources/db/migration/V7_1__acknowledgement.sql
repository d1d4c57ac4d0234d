-- "Press 1 to confirm" (issue 11). What the message asks for; all NULL when it asks for no acknowledgement.
ALTER TABLE voice_message
    ADD COLUMN ack_digit       text,
    ADD COLUMN ack_prompt      text,
    ADD COLUMN ack_thanks      text,
    ADD COLUMN ack_timeout_ms  integer,
    ADD COLUMN ack_tries       smallint,
    ADD CONSTRAINT voice_message_ack_digit CHECK (ack_digit IS NULL OR ack_digit ~ '^[0-9]$'),
    ADD CONSTRAINT voice_message_ack_complete CHECK (
        (ack_digit IS NULL AND ack_prompt IS NULL AND ack_thanks IS NULL AND ack_timeout_ms IS NULL AND ack_tries IS NULL)
        OR (ack_digit IS NOT NULL AND ack_prompt IS NOT NULL AND ack_timeout_ms BETWEEN 3000 AND 60000
            AND ack_tries BETWEEN 1 AND 3));

-- ACKNOWLEDGED: the right key was pressed; NOT_ACKNOWLEDGED: answered, but the right key never came.
ALTER TABLE voice_message DROP CONSTRAINT voice_message_status_known;
ALTER TABLE voice_message ADD CONSTRAINT voice_message_status_known CHECK (status IN (
    'QUEUED', 'SENDING', 'SUBMITTED', 'UNKNOWN',
    'COMPLETED', 'NO_ANSWER', 'BUSY', 'CANCELED', 'FAILED', 'ERROR',
    'REJECTED', 'EXPIRED', 'ACKNOWLEDGED', 'NOT_ACKNOWLEDGED'));

-- The same two outcomes for a call (issue 10's voice_call).
ALTER TABLE voice_call DROP CONSTRAINT voice_call_status_known;
ALTER TABLE voice_call ADD CONSTRAINT voice_call_status_known CHECK (status IN (
    'QUEUED', 'SENDING', 'SUBMITTED', 'UNKNOWN',
    'COMPLETED', 'NO_ANSWER', 'BUSY', 'CANCELED', 'FAILED', 'ERROR',
    'REJECTED', 'EXPIRED', 'NOT_PLACED', 'ACKNOWLEDGED', 'NOT_ACKNOWLEDGED'));

-- Every authenticated Voice Call Action (VCA) delivery, as received, with the answer the gateway gave 8x8.
CREATE TABLE call_action_event (
    id              bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at     timestamptz  NOT NULL,
    -- the body when it is JSON PostgreSQL can store; otherwise raw_text holds it (a VCA is never refused)
    raw             jsonb,
    raw_text        text,
    event_type      text,
    event_id        text,
    session_id      text,
    call_id         text,
    -- the key 8x8 reported; NULL when nothing was pressed
    dtmf            text,
    message_id      uuid         REFERENCES voice_message (id) ON DELETE CASCADE,
    call_number     smallint,
    -- what we told 8x8 to do next: THANKS (say thanks, hang up) or HANGUP
    answer          text         NOT NULL,
    -- ACKNOWLEDGED: the right key, the message moved; DUPLICATE: the right key again, nothing moved;
    -- NOT_ACKNOWLEDGED: another key or none; CONFLICT: the right key for a message already final otherwise;
    -- UNMATCHED: no message has this sessionId (yet); IGNORED: unreadable, not a CALL_ACTION, or no acknowledge asked
    outcome         text         NOT NULL,
    CONSTRAINT call_action_event_body CHECK ((raw IS NULL) <> (raw_text IS NULL)),
    CONSTRAINT call_action_event_answer_known CHECK (answer IN ('THANKS', 'HANGUP')),
    CONSTRAINT call_action_event_outcome_known CHECK (outcome IN (
        'ACKNOWLEDGED', 'DUPLICATE', 'NOT_ACKNOWLEDGED', 'CONFLICT', 'UNMATCHED', 'IGNORED'))
);

-- The view's acknowledgement and a summary's "was the right key pressed?" go by sessionId.
CREATE INDEX call_action_event_session ON call_action_event (session_id) WHERE session_id IS NOT NULL;
-- Ops list events of one message.
CREATE INDEX call_action_event_message ON call_action_event (message_id, call_number, id)
    WHERE message_id IS NOT NULL;
