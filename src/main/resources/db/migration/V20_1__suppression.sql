-- Do-not-call lists (issue 27): the suppression module's table, written by it alone. A client's entries name the
-- client (owner); the global list, kept by ops keys, has none. One entry per list and number.
--
-- destination_key is the number's HMAC-SHA256 (gateway.suppression.hash-secret), written when the entry is made, so
-- an entry still matches after retention has masked the number (gateway.retention.personal-data): the suppression
-- outlives the erasure of the messages that made it, and a copy of the database alone cannot tell the number back.
-- No foreign key to the message an opt-out came from: the entry outlives it.
CREATE TABLE suppression (
    id uuid PRIMARY KEY,
    owner text,
    destination text NOT NULL,
    destination_key text NOT NULL,
    reason text NOT NULL,
    origin text NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz,
    message_id uuid,
    personal_data_erased_at timestamptz,
    CONSTRAINT suppression_origin_known CHECK (origin IN ('API', 'CONSOLE', 'KEY_PRESS'))
);

-- One entry per list and number (the global list's owner is NULL, hence the expression).
CREATE UNIQUE INDEX suppression_one_per_list ON suppression ((COALESCE(owner, '')), destination_key);
-- Intake matches by key (entries kept as a hash included) or by number; the claim by number, for entries not erased.
CREATE INDEX suppression_by_key ON suppression (destination_key);
CREATE INDEX suppression_by_destination ON suppression (destination) WHERE personal_data_erased_at IS NULL;
-- Retention: entries still holding their number, oldest first; expired entries.
CREATE INDEX suppression_erasable ON suppression (created_at) WHERE personal_data_erased_at IS NULL;
CREATE INDEX suppression_expiring ON suppression (expires_at) WHERE expires_at IS NOT NULL;
-- The list, newest first, per owner.
CREATE INDEX suppression_listed ON suppression ((COALESCE(owner, '')), created_at DESC);
