-- The audit trail of ops actions (cancels by an ops key, webhook registration, later re-deliveries).
-- No foreign key to voice_message on purpose: the trail must outlive the messages it names (retention deletes them).
CREATE TABLE audit_event (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor       TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    message_id  UUID,
    outcome     TEXT        NOT NULL CHECK (outcome IN ('SUCCEEDED', 'REFUSED', 'FAILED')),
    detail      TEXT
);

CREATE INDEX audit_event_occurred_at ON audit_event (occurred_at DESC, id DESC);
CREATE INDEX audit_event_actor ON audit_event (actor, occurred_at DESC, id DESC);
CREATE INDEX audit_event_message ON audit_event (message_id) WHERE message_id IS NOT NULL;
