-- Deprivation of liberty orders made for children in care (LA-12; the SSDA903 DoLo table from
-- 2026-27). Never deleted; the end of an order is a new version.
CREATE TABLE care_dolo (
    la_code        TEXT NOT NULL,
    id             BLOB NOT NULL,
    child_id       BLOB NOT NULL,
    period_id      BLOB NOT NULL,
    started_on     TEXT NOT NULL,
    ended_on       TEXT,
    version        INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_dolo_child ON care_dolo (la_code, child_id, started_on);
CREATE TRIGGER care_dolo_never_deleted BEFORE DELETE ON care_dolo
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on care_dolo is not allowed (records are never deleted or rewritten)');
END;
