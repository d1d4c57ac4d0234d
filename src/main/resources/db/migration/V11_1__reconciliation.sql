-- One row per log export the reconciler asked 8x8 for (or tried to): what it covered, how it ended, what it settled.
CREATE TABLE reconcile_export (
    id             bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- RECONCILE: for calls that need it; DAILY_COST: the previous UTC day, for costs
    kind           text         NOT NULL,
    instance       text         NOT NULL,
    started_at     timestamptz  NOT NULL,
    finished_at    timestamptz,
    span_from      timestamptz  NOT NULL,
    span_to        timestamptz  NOT NULL,
    -- the UTC day a DAILY_COST export covers, so each day is exported once
    cost_day       date,
    job_id         text,
    -- REQUESTED until 8x8 gave a job id; then 8x8's job states; REFUSED (the API answered an error) and TIMED_OUT
    -- (the job did not finish within gateway.reconcile.export-timeout) are ours
    status         text         NOT NULL,
    error          text,
    files          integer      NOT NULL DEFAULT 0,
    rows_read      integer      NOT NULL DEFAULT 0,
    calls_checked  integer      NOT NULL DEFAULT 0,
    settled        integer      NOT NULL DEFAULT 0,
    flagged        integer      NOT NULL DEFAULT 0,
    not_placed     integer      NOT NULL DEFAULT 0,
    costed         integer      NOT NULL DEFAULT 0,
    CONSTRAINT reconcile_export_kind_known CHECK (kind IN ('RECONCILE', 'DAILY_COST')),
    CONSTRAINT reconcile_export_status_known CHECK (status IN ('REQUESTED', 'QUEUED', 'RUNNING', 'SUCCEEDED',
        'FAILED', 'CANCELLED', 'EMPTY', 'ERROR', 'REFUSED', 'TIMED_OUT'))
);
CREATE INDEX reconcile_export_started ON reconcile_export (started_at DESC, id DESC);
CREATE UNIQUE INDEX reconcile_export_cost_day ON reconcile_export (cost_day)
    WHERE kind = 'DAILY_COST' AND status IN ('SUCCEEDED', 'EMPTY');

-- What an export did to a call: settled it, flagged it for ops, proved it was never placed.
CREATE TABLE reconcile_action (
    id           bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    export_id    bigint       NOT NULL REFERENCES reconcile_export (id) ON DELETE CASCADE,
    message_id   uuid         NOT NULL REFERENCES voice_message (id) ON DELETE CASCADE,
    call_number  integer      NOT NULL DEFAULT 1,
    at           timestamptz  NOT NULL,
    -- SETTLED: outcome from the export; FLAGGED: several rows could be the call, left for ops; NOT_PLACED: no row,
    -- sent again; NO_RECORD: no row and no time or attempts left, FAILED; SESSION_FOUND: the unknown call's row was
    -- found but has no final status yet, its sessionId recorded
    action       text         NOT NULL,
    from_status  text,
    to_status    text,
    session_id   text,
    detail       text,
    CONSTRAINT reconcile_action_known CHECK (action IN ('SETTLED', 'FLAGGED', 'NOT_PLACED', 'NO_RECORD',
        'SESSION_FOUND'))
);
CREATE INDEX reconcile_action_export ON reconcile_action (export_id, id);
CREATE INDEX reconcile_action_message ON reconcile_action (message_id, call_number, id);

-- An UNKNOWN call that several export rows could be: ops decide; neither the reconciler nor the UNKNOWN window
-- touches it while the flag stands.
CREATE TABLE reconcile_flag (
    message_id   uuid         NOT NULL REFERENCES voice_message (id) ON DELETE CASCADE,
    call_number  integer      NOT NULL DEFAULT 1,
    export_id    bigint       NOT NULL REFERENCES reconcile_export (id) ON DELETE CASCADE,
    flagged_at   timestamptz  NOT NULL,
    candidates   integer      NOT NULL,
    detail       text,
    PRIMARY KEY (message_id, call_number)
);

-- What 8x8 says a call cost, one row per 8x8 session, exact decimals as 8x8 wrote them.
CREATE TABLE call_cost (
    session_id        text         PRIMARY KEY,
    message_id        uuid         NOT NULL REFERENCES voice_message (id) ON DELETE CASCADE,
    call_number       integer      NOT NULL DEFAULT 1,
    amount            numeric      NOT NULL,
    currency          text         NOT NULL,
    billable_seconds  integer      NOT NULL,
    duration_seconds  integer,
    session_status    text,
    initiated_at      timestamptz,
    export_id         bigint       REFERENCES reconcile_export (id) ON DELETE SET NULL,
    recorded_at       timestamptz  NOT NULL
);
CREATE INDEX call_cost_message ON call_cost (message_id, call_number);
