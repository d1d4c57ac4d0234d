-- The dispatcher's expiry sweep runs every poll: queued messages whose validUntil has passed. During an 8x8 outage
-- the queue can hold many rows, so the sweep must not scan them all each second.
CREATE INDEX voice_message_queued_valid_until ON voice_message (valid_until) WHERE status = 'QUEUED';
