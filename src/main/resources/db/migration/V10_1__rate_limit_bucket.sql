-- Token buckets shared by every instance on this database (Bucket4j's PostgreSQL proxy manager, SELECT ... FOR
-- UPDATE per bucket): per-client intake quotas ("quota:<client>") and, later, 8x8's account-wide call rate.
-- state is Bucket4j's serialized bucket; expires_at lets Bucket4j drop buckets nobody used for a while.
CREATE TABLE rate_limit_bucket (
    id         text PRIMARY KEY,
    state      bytea,
    expires_at bigint
);
