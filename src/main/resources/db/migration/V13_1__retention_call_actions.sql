-- Retention reaches the Voice Call Action events (V7_1): 8x8's payloads carry the call's numbers (source,
-- destination). Like a session summary, an event is masked in place once; personal_data_erased_at says when, so a
-- sweep never reads it again. IF NOT EXISTS here and below: while an index is built the call action webhook's inserts
-- wait, with a person on the line, so on a large table ops may add the column (instant) and build the indexes
-- CONCURRENTLY beforehand (docs/operations.md, Upgrading).
ALTER TABLE call_action_event ADD COLUMN IF NOT EXISTS personal_data_erased_at timestamptz;
-- Events with no message have none to follow: they are masked and deleted by their own age.
CREATE INDEX IF NOT EXISTS call_action_event_unmatched_received ON call_action_event (received_at)
    WHERE message_id IS NULL;
-- Every event is masked by its own age too (one its message's erasure skipped as locked, or that came later).
CREATE INDEX IF NOT EXISTS call_action_event_erasure_due ON call_action_event (received_at)
    WHERE personal_data_erased_at IS NULL;
