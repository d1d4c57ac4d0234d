-- Fair shares rotate within each priority (issue 14 with issue 13's priorities): a client's pass is kept per
-- priority, so a team that sends HIGH messages does not lose its NORMAL share for them. Passes stored before this
-- were kept across priorities; they carry on as NORMAL's (stride passes only matter relative to each other).
ALTER TABLE client_share ADD COLUMN priority text NOT NULL DEFAULT 'NORMAL',
    ADD CONSTRAINT client_share_priority_known CHECK (priority IN ('HIGH', 'NORMAL', 'LOW'));
ALTER TABLE client_share DROP CONSTRAINT client_share_pkey, ADD PRIMARY KEY (client_name, priority);
ALTER TABLE client_share ALTER COLUMN priority DROP DEFAULT;

-- Each client's due messages of one priority are a range scan, however many of another priority it has queued;
-- the leading client_name still lets the fair claim skip from client to client. IF NOT EXISTS: on a large table ops
-- may have built it CONCURRENTLY beforehand (docs/operations.md, Upgrading).
CREATE INDEX IF NOT EXISTS voice_message_queued_by_client_priority ON voice_message (client_name, priority, next_attempt_at)
    WHERE status = 'QUEUED';
DROP INDEX IF EXISTS voice_message_queued_by_client;

-- When the claim last held due messages back because 8x8's shared call rate or max-concurrent-calls was used up,
-- and until when that counts: a due message then shows waitingFor RATE_LIMIT. One row for all instances.
CREATE TABLE dispatch_held_back (
    id    boolean PRIMARY KEY DEFAULT true CHECK (id),
    until timestamptz NOT NULL
);
