-- SECOND_SESSION: a summary matched by clientRequestId to a message that already carries another sessionId, i.e.
-- 8x8 placed two calls for one message. Stored and flagged, never applied. (V3 stays as it was applied.)
ALTER TABLE session_summary DROP CONSTRAINT session_summary_outcome_known;
ALTER TABLE session_summary ADD CONSTRAINT session_summary_outcome_known
    CHECK (outcome IN ('APPLIED', 'DUPLICATE', 'CONFLICT', 'SECOND_SESSION', 'UNMATCHED', 'IGNORED'));
