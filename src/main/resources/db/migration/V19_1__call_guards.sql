-- Issue 27, where a key may call.
-- Whether the request named its caller id. A message that did not is called, call by call, from the caller id of
-- each call's destination country (gateway.eightbyeight.sources, else the default source); source keeps the one its
-- first call was given. Messages stored before were given the default source at intake and keep it: true.
ALTER TABLE voice_message ADD COLUMN source_given boolean NOT NULL DEFAULT true;

-- A call held back because its client's max-calls-per-day to the destination's country is used up, until the next
-- UTC day.
ALTER TABLE voice_call DROP CONSTRAINT voice_call_waiting_for_known,
    ADD CONSTRAINT voice_call_waiting_for_known CHECK (waiting_for IN (
        'SEND_AT', 'DELIVERY_WINDOW', 'REDIAL_INTERVAL', 'RETRY_BACKOFF', 'RATE_LIMIT', 'DAILY_CALL_LIMIT'));
