-- SQLite dialect of migrations/postgres/0025_care_checks_and_missing.sql: care visits, health
-- assessments and education plans (T28-T31, LA-5) and missing from care episodes (LA-6). Never
-- deleted.
CREATE TABLE care_checks (
    la_code           TEXT NOT NULL,
    id                BLOB NOT NULL,
    child_id          BLOB NOT NULL,
    period_id         BLOB NOT NULL,
    kind              TEXT NOT NULL,
    held_on           TEXT NOT NULL,
    child_seen        BOOLEAN NOT NULL,
    child_seen_alone  BOOLEAN NOT NULL,
    summary           TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    created_by        BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_checks_child ON care_checks (la_code, child_id, held_on);
CREATE TRIGGER care_checks_never_deleted BEFORE DELETE ON care_checks
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on care_checks is not allowed (records are never deleted or rewritten)');
END;

CREATE TABLE care_missing (
    la_code        TEXT NOT NULL,
    id             BLOB NOT NULL,
    child_id       BLOB NOT NULL,
    period_id      BLOB NOT NULL,
    kind           TEXT NOT NULL,
    started_on     TEXT NOT NULL,
    ended_on       TEXT,
    rhi_offered    BOOLEAN,
    rhi_accepted   BOOLEAN,
    version        INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_missing_child ON care_missing (la_code, child_id, started_on);
CREATE TRIGGER care_missing_never_deleted BEFORE DELETE ON care_missing
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on care_missing is not allowed (records are never deleted or rewritten)');
END;
