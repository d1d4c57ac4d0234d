-- Retention of personal data (gateway.retention.*). After gateway.retention.personal-data a finished message keeps
-- its status, times, attempts and 8x8 codes, but loses what identifies or concerns a person: its numbers are masked
-- to country code and last four digits (as in the logs), its text or audio URL and the client's reference are gone.
-- personal_data_erased_at says when, and makes the sweep idempotent.
ALTER TABLE voice_message ADD COLUMN personal_data_erased_at timestamptz;
ALTER TABLE voice_message DROP CONSTRAINT voice_message_text_xor_audio;
ALTER TABLE voice_message ADD CONSTRAINT voice_message_text_xor_audio
    CHECK (((text IS NULL) <> (audio_url IS NULL)) OR personal_data_erased_at IS NOT NULL);
-- Only rows that still hold personal data are candidates, so the index shrinks as rows are erased.
CREATE INDEX voice_message_erasure_due ON voice_message (created_at) WHERE personal_data_erased_at IS NULL;

-- A summary's phone numbers are masked in place (country code and last four digits, as in the logs).
ALTER TABLE session_summary ADD COLUMN personal_data_erased_at timestamptz;
-- Unmatched summaries have no message to follow; they are erased and deleted by their own age.
CREATE INDEX session_summary_unmatched_received ON session_summary (received_at) WHERE message_id IS NULL;
-- Every summary is masked by its own age too (one that reached its message after the message was erased).
CREATE INDEX session_summary_erasure_due ON session_summary (received_at) WHERE personal_data_erased_at IS NULL;
