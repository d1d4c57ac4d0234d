-- ShedLock's table (net.javacrumbs.shedlock, JdbcTemplateLockProvider): one row per cluster-wide scheduled job
-- (the outbox sweeps, the summary link sweep, retention, the summary-window last resort, reconciliation). The
-- instance that holds a row's lock runs the job; lock_until is the database's time, so instances need not agree on
-- theirs. Plain TIMESTAMP, as ShedLock asks for PostgreSQL with usingDbTime(): it writes UTC wall-clock times
-- (timezone('utc', CURRENT_TIMESTAMP)), the same whatever time zone a session has. Rows stay: a job's row is reused
-- by every later run.
CREATE TABLE shedlock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);
