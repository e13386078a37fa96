-- SQLite dialect of migrations/postgres/0062_missing_from_home_and_corrections.sql: a child
-- missing or away from home (HOTH-5) with the return home interview (HOTH-6); screenings and
-- meetings about a place correctable and withdrawable at a version.
CREATE TABLE missing_episodes (
    la_code             TEXT NOT NULL,
    id                  BLOB NOT NULL,
    child_id            BLOB NOT NULL,
    kind                TEXT NOT NULL,
    started_at          TEXT NOT NULL,
    reported_to_police  BOOLEAN NOT NULL,
    ended_at            TEXT,
    found_where         TEXT,
    interview           TEXT,
    interview_on        TEXT,
    interview_by        TEXT,
    child_said          TEXT,
    indicators          TEXT,
    version             INTEGER NOT NULL,
    created_at          TEXT NOT NULL,
    created_by          BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX missing_episodes_child ON missing_episodes (la_code, child_id, started_at);
CREATE UNIQUE INDEX missing_episodes_open ON missing_episodes (la_code, child_id) WHERE ended_at IS NULL;
CREATE INDEX missing_episodes_waiting ON missing_episodes (la_code, ended_at) WHERE ended_at IS NOT NULL AND interview IS NULL;
CREATE TRIGGER missing_episodes_never_deleted BEFORE DELETE ON missing_episodes
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on missing_episodes is not allowed (records are never deleted or rewritten)');
END;

DROP TRIGGER exploitation_screenings_no_update;
ALTER TABLE exploitation_screenings ADD COLUMN withdrawn_at TEXT;
ALTER TABLE exploitation_screenings ADD COLUMN withdrawn_by BLOB;
ALTER TABLE exploitation_screenings ADD COLUMN withdrawn_reason TEXT;

DROP TRIGGER place_meetings_no_update;
ALTER TABLE place_meetings ADD COLUMN withdrawn_at TEXT;
ALTER TABLE place_meetings ADD COLUMN withdrawn_by BLOB;
ALTER TABLE place_meetings ADD COLUMN withdrawn_reason TEXT;
CREATE INDEX place_actions_open ON place_actions (la_code, due_on) WHERE done_on IS NULL;
