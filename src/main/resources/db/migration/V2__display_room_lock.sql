-- Display actions (book now, extend, end early) are serialised per room through this table, so that several
-- instances on one database never act on a room at the same time. A row is a lease: `holder` (the exchange id of the
-- action) owns the room until `lease_until`; a crashed holder's lease simply runs out. `last_action_at` is when the
-- last display write on the room happened: a request that arrived before it raced with that write and gets 409.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.
CREATE TABLE display_room_lock (
    room           VARCHAR(320) NOT NULL PRIMARY KEY,
    holder         VARCHAR(200),
    lease_until    TIMESTAMP WITH TIME ZONE,
    last_action_at TIMESTAMP WITH TIME ZONE,
    last_action    VARCHAR(64)
);
