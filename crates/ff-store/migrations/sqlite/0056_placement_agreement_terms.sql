-- SQLite dialect of migrations/postgres/0056_placement_agreement_terms.sql: the terms of a
-- placement agreement over time (PA-4), only ever added to.
CREATE TABLE placement_agreement_terms (
    la_code            TEXT NOT NULL,
    id                 BLOB NOT NULL,
    agreement_id       BLOB NOT NULL,
    child_id           BLOB NOT NULL,
    from_date          TEXT NOT NULL,
    weekly_cost_pence  INTEGER NOT NULL,
    social_care_pence  INTEGER NOT NULL,
    education_pence    INTEGER NOT NULL,
    health_pence       INTEGER NOT NULL,
    created_at         TEXT NOT NULL,
    created_by         BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, agreement_id) REFERENCES placement_agreements (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX placement_agreement_terms_child ON placement_agreement_terms (la_code, child_id, from_date);
CREATE INDEX placement_agreement_terms_agreement ON placement_agreement_terms (la_code, agreement_id, from_date);
CREATE TRIGGER placement_agreement_terms_no_update BEFORE UPDATE ON placement_agreement_terms
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on placement_agreement_terms is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER placement_agreement_terms_no_delete BEFORE DELETE ON placement_agreement_terms
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on placement_agreement_terms is not allowed (records are never deleted or rewritten)');
END;
INSERT INTO placement_agreement_terms (la_code, id, agreement_id, child_id, from_date, weekly_cost_pence,
                                       social_care_pence, education_pence, health_pence, created_at, created_by)
SELECT la_code, id, id, child_id, agreed_on, weekly_cost_pence, social_care_pence, education_pence, health_pence,
       created_at, created_by
FROM placement_agreements;
-- The council's own foster places on a past day (sufficiency): the children placed with each
-- household then.
CREATE INDEX care_episodes_carer ON care_episodes (la_code, carer_id, start_date) WHERE carer_id IS NOT NULL;
