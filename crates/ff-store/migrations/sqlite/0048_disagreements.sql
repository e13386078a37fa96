-- SQLite dialect of migrations/postgres/0048_disagreements.sql: professional disagreements and
-- escalations (F6, MASA-SYS-7; ESC-1..4). Never deleted.
CREATE TABLE disagreements (
    la_code           TEXT NOT NULL,
    id                BLOB NOT NULL,
    child_id          BLOB NOT NULL,
    about             TEXT NOT NULL,
    detail            TEXT NOT NULL,
    raising_agency    TEXT NOT NULL,
    with_agency       TEXT NOT NULL,
    with_team         TEXT NOT NULL,
    raised_on         TEXT NOT NULL,
    stage             TEXT NOT NULL,
    stage_started_on  TEXT NOT NULL,
    stage_reason      TEXT,
    outcome           TEXT,
    agreed            TEXT,
    resolved_on       TEXT,
    resolved_by       BLOB,
    version           INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    created_by        BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX disagreements_child ON disagreements (la_code, child_id, raised_on);
CREATE INDEX disagreements_raised ON disagreements (la_code, raised_on, id);
CREATE INDEX disagreements_open ON disagreements (la_code, stage_started_on) WHERE resolved_on IS NULL;
CREATE TRIGGER disagreements_never_deleted BEFORE DELETE ON disagreements
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on disagreements is not allowed (records are never deleted or rewritten)');
END;
