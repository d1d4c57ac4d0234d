-- One intake, as pgbench sees it: the gateway's INSERT with the same columns and ON CONFLICT, one row per
-- transaction (autocommit), into a copy of voice_message with the same indexes and constraints.
\set n random(1, 2000000000)
INSERT INTO vg.bench_intake (id, client_name, idempotency_key, request_fingerprint, status, destination, source, text,
                             audio_url, voice_profile, repetition, speed, valid_until, client_reference, created_at,
                             updated_at, next_attempt_at)
VALUES (gen_random_uuid(), 'bench', 'pg-' || :client_id || '-' || :n,
        '3f8a1c0e9b7d5a4c2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d', 'QUEUED',
        '+659' || lpad((:n % 10000000)::text, 7, '0'), '+6568880000',
        'Your parcel arrives tomorrow between 9 and 11.', NULL, 'en-IE-EmilyNeural', 1, 1.00,
        now() + interval '1 hour', 'bench-' || :n, now(), now(), now())
ON CONFLICT (client_name, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
RETURNING id;
