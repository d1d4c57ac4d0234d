-- Where a message's status callbacks go: the request's callbackUrl or the client's default, fixed at intake.
ALTER TABLE voice_message ADD COLUMN callback_url text;

-- The callback outbox: one row per event, inserted in the transaction of the status change that causes it, so a
-- crash between the change and the delivery loses nothing. The row is also its delivery's state.
CREATE TABLE callback_event (
    id                uuid         PRIMARY KEY,  -- sent as webhook-id, the same on every attempt
    message_id        uuid         NOT NULL REFERENCES voice_message (id) ON DELETE CASCADE,
    sequence          integer      NOT NULL,     -- 1, 2, ... per message, in the order of the changes
    type              text         NOT NULL,
    client_name       text         NOT NULL,     -- whose secret signs it, read at each attempt (rotation works)
    url               text         NOT NULL,
    host              text         NOT NULL,     -- for per-host concurrency and the host check at delivery
    payload           text         NOT NULL,     -- the exact bytes signed and sent: text, not jsonb (key order)
    status            text         NOT NULL,
    attempts          integer      NOT NULL DEFAULT 0,
    retry_step        integer      NOT NULL DEFAULT 0,  -- position in gateway.callbacks.retry-schedule
    next_attempt_at   timestamptz,                      -- also the lease end while an attempt is in flight
    lease_owner       text,
    last_attempt_at   timestamptz,
    last_http_status  integer,
    last_error        text,
    delivered_at      timestamptz,
    created_at        timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL,
    CONSTRAINT callback_event_status_known CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    CONSTRAINT callback_event_sequence_unique UNIQUE (message_id, sequence)
);

-- The worker's claim: due pending events, oldest due first.
CREATE INDEX callback_event_due ON callback_event (next_attempt_at) WHERE status = 'PENDING';
-- Ops listing, newest first, by status or client.
CREATE INDEX callback_event_created ON callback_event (created_at DESC, id DESC);
CREATE INDEX callback_event_status_created ON callback_event (status, created_at DESC);
CREATE INDEX callback_event_client_created ON callback_event (client_name, created_at DESC);
