-- The message row is both the aggregate and the dispatch outbox: one row, one source of truth.
CREATE TABLE voice_message (
    id                    uuid         PRIMARY KEY,
    version               bigint       NOT NULL DEFAULT 0,
    client_name           text         NOT NULL,
    idempotency_key       text,
    request_fingerprint   text,
    status                text         NOT NULL,
    destination           text         NOT NULL,
    source                text         NOT NULL,
    text                  text,
    audio_url             text,
    voice_profile         text,
    repetition            smallint     NOT NULL,
    speed                 numeric(3,2),
    valid_until           timestamptz  NOT NULL,
    client_reference      text,
    created_at            timestamptz  NOT NULL,
    updated_at            timestamptz  NOT NULL,
    -- dispatch bookkeeping
    attempts              integer      NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz,
    lease_owner           text,
    lease_until           timestamptz,
    last_error            text,
    -- what 8x8 answered when it accepted (or refused) the callflow
    session_id            text,
    call_flow_request_id  text,
    status_code           integer,
    status_message        text,
    CONSTRAINT voice_message_status_known CHECK (status IN (
        'QUEUED', 'SENDING', 'SUBMITTED', 'UNKNOWN',
        'COMPLETED', 'NO_ANSWER', 'BUSY', 'CANCELED', 'FAILED', 'ERROR',
        'REJECTED', 'EXPIRED')),
    CONSTRAINT voice_message_text_xor_audio CHECK ((text IS NULL) <> (audio_url IS NULL)),
    CONSTRAINT voice_message_repetition_range CHECK (repetition BETWEEN 1 AND 3)
);

-- Idempotency keys are scoped to the calling client; the index also settles two concurrent requests.
CREATE UNIQUE INDEX voice_message_idempotency_key
    ON voice_message (client_name, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- The dispatcher's claim query: due queued messages, oldest due first.
CREATE INDEX voice_message_due ON voice_message (next_attempt_at) WHERE status = 'QUEUED';
-- Lease expiry sweep (a crash mid-send) and the unknown-outcome window.
CREATE INDEX voice_message_in_doubt ON voice_message (status, updated_at) WHERE status IN ('SENDING', 'UNKNOWN');

-- Ops listing: newest first, optionally per client, with filters.
CREATE INDEX voice_message_created ON voice_message (created_at DESC, id DESC);
CREATE INDEX voice_message_client_created ON voice_message (client_name, created_at DESC);
CREATE INDEX voice_message_client_reference ON voice_message (client_reference) WHERE client_reference IS NOT NULL;
CREATE INDEX voice_message_destination ON voice_message (destination, created_at DESC);
-- Session summaries are matched by sessionId when clientRequestId is missing.
CREATE INDEX voice_message_session_id ON voice_message (session_id) WHERE session_id IS NOT NULL;

-- One row per callflow POST toward 8x8 (or per decision not to send), so ops can read a message's history.
CREATE TABLE dispatch_attempt (
    id              bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id      uuid         NOT NULL REFERENCES voice_message (id) ON DELETE CASCADE,
    attempt_number  integer      NOT NULL,
    started_at      timestamptz  NOT NULL,
    latency_ms      integer,
    http_status     integer,
    status_code     integer,
    status_message  text,
    outcome         text         NOT NULL,
    error           text
);
CREATE INDEX dispatch_attempt_message ON dispatch_attempt (message_id, attempt_number);
