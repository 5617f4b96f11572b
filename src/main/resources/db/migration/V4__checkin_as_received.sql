-- Check-ins are stored as received (room, time, source) before anything talks to Exchange; the sweep matches them to
-- a meeting by time. A received check-in has no item id and no occurrence start; rows written before this migration
-- (matched at check-in time) keep theirs and still count for that occurrence. Portable SQL: H2 2.x and PostgreSQL.
ALTER TABLE checkin ALTER COLUMN item_id DROP NOT NULL;
ALTER TABLE checkin ALTER COLUMN occurrence_start DROP NOT NULL;
CREATE INDEX checkin_room_at ON checkin (room, checked_in_at);
