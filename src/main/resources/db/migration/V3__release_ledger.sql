-- The release ledger: one row per release key (item id + occurrence start), the durable state of each release.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.
--   PENDING  claimed, the write is (or was) on its way; a claim older than roomrelease.release.pending-timeout-seconds
--            counts as UNKNOWN (the process died mid-write)
--   OK       carried out (the audit holds its OK record, written in the same transaction)
--   UNKNOWN  sent, outcome unknown (unreadable reply, dropped connection); the next sweep reads the item and settles
--   FAILED   not carried out; the key may be claimed again for a retry
CREATE TABLE release_ledger (
    release_key      VARCHAR(1200) NOT NULL PRIMARY KEY,
    state            VARCHAR(16)   NOT NULL,
    room             VARCHAR(320),
    item_id          VARCHAR(1024),
    occurrence_start TIMESTAMP WITH TIME ZONE,
    action           VARCHAR(16),
    organizer        VARCHAR(320),
    reason           VARCHAR(64),
    attempts         INTEGER       NOT NULL,
    claimed_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX release_ledger_state ON release_ledger (state, claimed_at);
CREATE INDEX release_ledger_updated ON release_ledger (updated_at);

-- Releases made before the ledger existed stay released (at most once across the upgrade).
INSERT INTO release_ledger (release_key, state, attempts, claimed_at, updated_at)
SELECT message_id, 'OK', 1, created_at, created_at FROM release_key WHERE processor = 'release';
