-- The warning before release (issue 13): one row per occurrence (item id + occurrence start) whose organizer was, or
-- is being, warned. The row is claimed (PENDING, committed) before the message is sent, so each occurrence gets at most
-- one warning across restarts and instances; its outcome is written with its audit record in one transaction.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.
--   PENDING  claimed, the message is (or was) on its way: never sent again
--   SENT     Exchange accepted the message
--   UNKNOWN  sent, outcome unknown (lost reply): never sent again (at most one warning)
--   FAILED   Exchange refused it: the next sweep may claim it again while the release is still ahead
CREATE TABLE organizer_warning (
    warning_key      VARCHAR(1200) NOT NULL PRIMARY KEY,
    state            VARCHAR(16)   NOT NULL,
    room             VARCHAR(320)  NOT NULL,
    item_id          VARCHAR(1024) NOT NULL,
    occurrence_start TIMESTAMP WITH TIME ZONE NOT NULL,
    organizer        VARCHAR(320),
    attempts         INTEGER       NOT NULL,
    claimed_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX organizer_warning_updated ON organizer_warning (updated_at);
