-- The booked slot of each release (the audit keeps the occurrence start, not its end): what the dashboard's
-- "room-hours given back" adds up. Written once per release that the ledger recorded as OK; never changed.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.
CREATE TABLE released_slot (
    room             VARCHAR(320)  NOT NULL,
    item_id          VARCHAR(1024) NOT NULL,
    occurrence_start TIMESTAMP WITH TIME ZONE NOT NULL,
    occurrence_end   TIMESTAMP WITH TIME ZONE NOT NULL,
    released_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (item_id, occurrence_start)
);
CREATE INDEX released_slot_at ON released_slot (released_at);
