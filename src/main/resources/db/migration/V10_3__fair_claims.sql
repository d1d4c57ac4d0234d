-- The fair claim (dispatch/FairClaims) finds the clients with queued messages by skipping through this index, and
-- each client's oldest due messages by a range scan on it, however long another client's queue is.
CREATE INDEX voice_message_queued_by_client ON voice_message (client_name, next_attempt_at) WHERE status = 'QUEUED';
-- max-concurrent-calls counts the calls 8x8 may have on the line: accepted (or unknown) and without a summary.
CREATE INDEX voice_call_on_the_line ON voice_call (message_id) WHERE status IN ('SUBMITTED', 'UNKNOWN');
