-- The delta strategy's durable view of each room's calendar window (Microsoft Graph calendarView/delta): the window
-- the delta link was issued for, the link, and the events of the window as JSON. A sweep reads only what changed
-- since the link; after a restart, or on another node of a cluster, it continues from the stored link.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.
CREATE TABLE delta_calendar (
    room         VARCHAR(320)   NOT NULL PRIMARY KEY,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end   TIMESTAMP WITH TIME ZONE NOT NULL,
    delta_link   VARCHAR(8000)  NOT NULL,
    events       VARCHAR(1000000) NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
