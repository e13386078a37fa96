-- SQLite dialect of migrations/postgres/0037_partnership_learning.sql: learning actions (issue 15
-- item 3; MASA-SYS-5). Never deleted.
CREATE TABLE partnership_learning (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    incident_id      BLOB,
    source           TEXT NOT NULL,
    action           TEXT NOT NULL,
    owner_agency     TEXT NOT NULL,
    owner_name       TEXT NOT NULL,
    agreed_on        TEXT NOT NULL,
    due_on           TEXT NOT NULL,
    impact_measure   TEXT NOT NULL,
    completed_on     TEXT,
    evidence         TEXT,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, incident_id) REFERENCES partnership_incidents (la_code, id)
);
CREATE INDEX partnership_learning_due ON partnership_learning (la_code, due_on, id);
CREATE INDEX partnership_learning_incident ON partnership_learning (la_code, incident_id);
CREATE TRIGGER partnership_learning_never_deleted BEFORE DELETE ON partnership_learning
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on partnership_learning is not allowed (records are never deleted or rewritten)');
END;
