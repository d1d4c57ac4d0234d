-- The acknowledge feature's record of a key press (issue 27): OPTED_OUT is the message's opt-out key (optOut.digit),
-- pressed on a call whose message has not been erased. The answer is THANKS when the message has a confirmation to
-- say (the answer column says "a say, then hangup", whichever text it was), else HANGUP.
ALTER TABLE call_action_event DROP CONSTRAINT call_action_event_outcome_known;
ALTER TABLE call_action_event ADD CONSTRAINT call_action_event_outcome_known CHECK (outcome IN (
    'ACKNOWLEDGED', 'DUPLICATE', 'NOT_ACKNOWLEDGED', 'CONFLICT', 'UNMATCHED', 'IGNORED', 'OPTED_OUT'));
