-- SQLite dialect of migrations/postgres/0027_care_outcomes.sql: a child in care's outcomes for a
-- year to 31 March (903 OC2, LA-8). Never deleted.
CREATE TABLE care_outcomes (
    la_code                TEXT NOT NULL,
    id                     BLOB NOT NULL,
    child_id               BLOB NOT NULL,
    year_ending            TEXT NOT NULL,
    sdq_score              INTEGER,
    sdq_reason             TEXT,
    convicted              BOOLEAN,
    immunisations          BOOLEAN NOT NULL,
    teeth_check            BOOLEAN NOT NULL,
    substance_misuse       BOOLEAN NOT NULL,
    intervention_received  BOOLEAN,
    intervention_offered   BOOLEAN,
    created_at             TEXT NOT NULL,
    created_by             BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_outcomes_child ON care_outcomes (la_code, child_id, year_ending);
CREATE TRIGGER care_outcomes_never_deleted BEFORE DELETE ON care_outcomes
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on care_outcomes is not allowed (records are never deleted or rewritten)');
END;
