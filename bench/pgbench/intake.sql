-- One intake, as pgbench sees it: the gateway's statement (IntakeWriter) for one message, one row per transaction
-- (autocommit): the message with the same columns and ON CONFLICT, its call 1 (the outbox row the dispatcher claims,
-- QUEUED and due now, with the message's client, priority and validity) from the same statement. Into copies of
-- voice_message and voice_call with the same indexes and constraints (the call's foreign key to its message
-- included). Without the NOTIFY that wakes the dispatchers: the gateway sends it once per batch (PostgreSQL folds a
-- transaction's equal notifications into one), while one here per message would halve pgbench's rate and make the
-- pair measure the notification queue instead of the insert.
\set n random(1, 2000000000)
WITH inserted AS (
    INSERT INTO vg.bench_intake (id, client_name, idempotency_key, request_fingerprint, destination, source, text,
                                 audio_url, voice_profile, repetition, speed, valid_until, client_reference,
                                 created_at, updated_at)
    VALUES (gen_random_uuid(), 'bench', 'pg-' || :client_id || '-' || :n,
            '3f8a1c0e9b7d5a4c2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d',
            '+659' || lpad((:n % 10000000)::text, 7, '0'), '+6568880000',
            'Your parcel arrives tomorrow between 9 and 11.', NULL, 'en-IE-EmilyNeural', 1, 1.00,
            now() + interval '1 hour', 'bench-' || :n, now(), now())
    ON CONFLICT (client_name, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
    RETURNING id, client_name, priority, destination, valid_until, created_at
), first_call AS (
    INSERT INTO vg.bench_intake_call (message_id, call_number, kind, destination, client_request_id, status,
                                      planned_at, due_at, client_name, priority, valid_until, next_attempt_at,
                                      waiting_for, updated_at)
    SELECT id, 1, 'FIRST', destination, id::text, 'QUEUED', created_at, created_at, client_name, priority, valid_until,
           created_at, NULL, created_at
      FROM inserted
)
SELECT id FROM inserted;
