-- Retention erases a message's acknowledge prompt and thanks with its text (issue 20): they are free text written for
-- one person ("Press 1 Jane, or call ..."). The digit, timeout and tries stay: they say what was asked, not of whom.
ALTER TABLE voice_message DROP CONSTRAINT voice_message_ack_complete;
ALTER TABLE voice_message ADD CONSTRAINT voice_message_ack_complete CHECK (
    (ack_digit IS NULL AND ack_prompt IS NULL AND ack_thanks IS NULL AND ack_timeout_ms IS NULL AND ack_tries IS NULL)
    OR (ack_digit IS NOT NULL AND (ack_prompt IS NOT NULL OR personal_data_erased_at IS NOT NULL)
        AND ack_timeout_ms BETWEEN 3000 AND 60000 AND ack_tries BETWEEN 1 AND 3));
