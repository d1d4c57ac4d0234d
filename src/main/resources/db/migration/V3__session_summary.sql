-- Every authenticated Voice Session Summary delivery, exactly as received, with how it was matched and applied.
CREATE TABLE session_summary (
    id                 bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at        timestamptz  NOT NULL,
    raw                jsonb        NOT NULL,
    event_type         text,
    session_id         text,
    client_request_id  text,
    -- 8x8's value as sent (e.g. "NO ANSWER", "COMPLETED_UNSUBSCRIBED"); mapped_status is the message status it means
    session_status     text,
    mapped_status      text,
    -- NULL until the summary is linked to a message (it can arrive before dispatch has stored the sessionId)
    message_id         uuid         REFERENCES voice_message (id) ON DELETE CASCADE,
    matched_at         timestamptz,
    -- APPLIED: settled the message; DUPLICATE: agreed with it, no effect; CONFLICT: disagreed with a final status
    -- and was not applied; UNMATCHED: no message yet; IGNORED: not a session summary we can act on
    outcome            text         NOT NULL,
    CONSTRAINT session_summary_outcome_known CHECK (outcome IN ('APPLIED', 'DUPLICATE', 'CONFLICT', 'UNMATCHED', 'IGNORED'))
);

-- The message view's summary and the ops list per message.
CREATE INDEX session_summary_message ON session_summary (message_id, id) WHERE message_id IS NOT NULL;
-- Few indexes on purpose: every delivery inserts here on the webhook's hot path. Ops lists go by id (arrival order).
-- Linking early summaries once a message's sessionId is known; small because matched rows leave it.
CREATE INDEX session_summary_unmatched ON session_summary (session_id) WHERE message_id IS NULL;
