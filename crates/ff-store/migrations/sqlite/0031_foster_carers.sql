-- SQLite dialect of migrations/postgres/0031_foster_carers.sql: foster carers, their recruitment
-- steps, approval terms and reviews (CR-1 to CR-5). Never deleted.
CREATE TABLE foster_carers (
    la_code                 TEXT NOT NULL,
    id                      BLOB NOT NULL,
    name                    TEXT NOT NULL,
    kind                    TEXT NOT NULL,
    postcode_area           TEXT,
    takes_siblings          BOOLEAN NOT NULL,
    takes_teenagers         BOOLEAN NOT NULL,
    takes_uasc              BOOLEAN NOT NULL,
    takes_parent_and_child  BOOLEAN NOT NULL,
    stage                   TEXT NOT NULL,
    stage_on                TEXT NOT NULL,
    enquiry_on              TEXT NOT NULL,
    last_step_on            TEXT NOT NULL,
    closed_reason           TEXT,
    temporary_from          TEXT,
    temporary_until         TEXT,
    approved_on             TEXT,
    age_from                INTEGER,
    age_to                  INTEGER,
    places                  INTEGER,
    siblings_together       BOOLEAN NOT NULL,
    exemption_reason        TEXT,
    terms_from              TEXT,
    last_review_on          TEXT,
    version                 INTEGER NOT NULL,
    created_at              TEXT NOT NULL,
    created_by              BLOB NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX foster_carers_stage ON foster_carers (la_code, stage, name);
CREATE TRIGGER foster_carers_never_deleted BEFORE DELETE ON foster_carers
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on foster_carers is not allowed (records are never deleted or rewritten)');
END;

CREATE TABLE foster_carer_steps (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    carer_id     BLOB NOT NULL,
    step         TEXT NOT NULL,
    step_on      TEXT NOT NULL,
    details      TEXT,
    created_at   TEXT NOT NULL,
    created_by   BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, carer_id) REFERENCES foster_carers (la_code, id)
);
CREATE INDEX foster_carer_steps_carer ON foster_carer_steps (la_code, carer_id, step_on);
CREATE TRIGGER foster_carer_steps_never_deleted BEFORE DELETE ON foster_carer_steps
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on foster_carer_steps is not allowed (records are never deleted or rewritten)');
END;
