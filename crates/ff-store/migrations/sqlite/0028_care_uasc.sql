-- SQLite dialect of migrations/postgres/0028_care_uasc.sql: unaccompanied asylum-seeking
-- children (903 UASC, LA-9). Never deleted.
CREATE TABLE care_uasc (
    la_code     TEXT NOT NULL,
    id          BLOB NOT NULL,
    child_id    BLOB NOT NULL,
    since       TEXT NOT NULL,
    ceased      TEXT,
    created_at  TEXT NOT NULL,
    created_by  BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_uasc_child ON care_uasc (la_code, child_id, created_at);
CREATE TRIGGER care_uasc_never_deleted BEFORE DELETE ON care_uasc
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on care_uasc is not allowed (records are never deleted or rewritten)');
END;
