-- The strikes rule claims a series decline durably before the room declines the series in Exchange: series_declined
-- becomes the ledger of series declines, one row per room + series. A row written before this migration (or by an
-- instance not yet upgraded, which inserts only after Exchange carried the decline out) is a decline done: OK.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.
--   PENDING  claimed, the decline is (or was) on its way; a claim older than roomrelease.release.pending-timeout-seconds
--            counts as UNKNOWN (the process died mid-write, or the outcome could not be stored)
--   OK       declined (the audit holds its OK record, written in the same transaction); the rule never judges it again
--   UNKNOWN  sent, outcome unknown (lost or unreadable reply); the next nightly run settles it from the room's calendar
--   FAILED   not carried out (Exchange refused it); claimed again when the rule still declines the series
--   GONE     nothing to decline: no occurrence of the series left in the room's calendar (cancelled or deleted by
--            its organizer, or ended); never judged again, and not audited (nothing was done on the room's behalf)
-- declined_at is when the row last changed state (the claim, then the outcome); claimed_at when it was last claimed.
ALTER TABLE series_declined ADD COLUMN state VARCHAR(16) DEFAULT 'OK' NOT NULL;
ALTER TABLE series_declined ADD COLUMN attempts INTEGER DEFAULT 1 NOT NULL;
-- (defaults: what an instance not yet upgraded inserts, room + series + declined_at only, is a valid OK row)
ALTER TABLE series_declined ADD COLUMN claimed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
UPDATE series_declined SET claimed_at = declined_at;
