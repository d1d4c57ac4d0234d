-- When a message may be called (issue 13). A message without these is as before: NORMAL, any hour, due at once.
ALTER TABLE voice_message
    ADD COLUMN send_at      timestamptz,
    ADD COLUMN priority     text NOT NULL DEFAULT 'NORMAL',
    -- the delivery window, in its own zone; all four set or none
    ADD COLUMN window_from  time,
    ADD COLUMN window_to    time,
    ADD COLUMN window_days  text,
    ADD COLUMN window_zone  text,
    -- why a QUEUED message is not due before next_attempt_at; meaningless once that has passed
    ADD COLUMN waiting_for  text,
    ADD CONSTRAINT voice_message_priority_known CHECK (priority IN ('HIGH', 'NORMAL', 'LOW')),
    ADD CONSTRAINT voice_message_window_whole CHECK (
        (window_from IS NULL) = (window_to IS NULL) AND (window_from IS NULL) = (window_days IS NULL)
        AND (window_from IS NULL) = (window_zone IS NULL)),
    ADD CONSTRAINT voice_message_window_forward CHECK (window_from < window_to),
    ADD CONSTRAINT voice_message_waiting_for_known CHECK (waiting_for IN (
        'SEND_AT', 'DELIVERY_WINDOW', 'REDIAL_INTERVAL', 'RETRY_BACKOFF', 'RATE_LIMIT'));

-- The claim takes due messages one priority at a time, each by due time: a range scan per priority, so a backlog
-- of LOW rows, or of HIGH rows scheduled for later, costs a HIGH claim nothing. (voice_message_due still serves the
-- dispatcher's "when is the next one due" lookup across priorities.)
CREATE INDEX voice_message_due_by_priority ON voice_message (priority, next_attempt_at) WHERE status = 'QUEUED';
