-- SQLite dialect of migrations/postgres/0033_care_adoption.sql: decisions to place a child in
-- care for adoption, matches and their ending (LA-11); who decided a move (LA-7). Never deleted.
CREATE TABLE care_adoption_decisions (
    la_code                TEXT NOT NULL,
    id                     BLOB NOT NULL,
    child_id               BLOB NOT NULL,
    decided_on             TEXT NOT NULL,
    matched_on             TEXT,
    adopters_sex           TEXT,
    adopters_legal_status  TEXT,
    ceased_on              TEXT,
    ceased_reason          TEXT,
    version                INTEGER NOT NULL,
    created_at             TEXT NOT NULL,
    created_by             BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_adoption_decisions_child ON care_adoption_decisions (la_code, child_id, decided_on);
CREATE TRIGGER care_adoption_decisions_never_deleted BEFORE DELETE ON care_adoption_decisions
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on care_adoption_decisions is not allowed (records are never deleted or rewritten)');
END;
ALTER TABLE care_episodes ADD COLUMN move_decided_by TEXT;
