-- SQLite dialect of migrations/postgres/0029_care_connections.sql: family finding and mentoring
-- for children in care (LA-10). Never deleted.
CREATE TABLE care_connections (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    child_id     BLOB NOT NULL,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    offered_on   TEXT NOT NULL,
    matched_on   TEXT,
    ended_on     TEXT,
    end_reason   TEXT,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_connections_child ON care_connections (la_code, child_id, offered_on);
CREATE TRIGGER care_connections_never_deleted BEFORE DELETE ON care_connections
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on care_connections is not allowed (records are never deleted or rewritten)');
END;
