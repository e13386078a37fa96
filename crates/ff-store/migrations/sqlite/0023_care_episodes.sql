-- SQLite dialect of migrations/postgres/0023_care_episodes.sql: children looked after, one row
-- per SSDA903 episode (issue 13 item 1; LA-1..LA-3), never deleted.
CREATE TABLE care_episodes (
    la_code              TEXT NOT NULL,
    id                   BLOB NOT NULL,
    child_id             BLOB NOT NULL,
    period_id            BLOB NOT NULL,
    start_date           TEXT NOT NULL,
    reason_new_episode   TEXT NOT NULL,
    legal_status         TEXT NOT NULL,
    category_of_need     TEXT NOT NULL,
    placement_type       TEXT NOT NULL,
    placement_provider   TEXT NOT NULL,
    placement_postcode   TEXT NOT NULL,
    end_date             TEXT,
    reason_ceased        TEXT,
    version              INTEGER NOT NULL,
    created_at           TEXT NOT NULL,
    created_by           BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_episodes_child ON care_episodes (la_code, child_id, start_date);
CREATE INDEX care_episodes_open ON care_episodes (la_code, start_date) WHERE end_date IS NULL;
CREATE TRIGGER care_episodes_never_deleted BEFORE DELETE ON care_episodes
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on care_episodes is not allowed (records are never deleted or rewritten)');
END;
