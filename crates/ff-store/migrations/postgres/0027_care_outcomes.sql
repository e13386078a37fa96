-- A child in care's outcomes for a year to 31 March (issue 13; 903 OC2, LA-8). A later record for
-- the same year supersedes an earlier one; none is deleted.
CREATE TABLE care_outcomes (
    la_code                text NOT NULL,
    id                     uuid NOT NULL,
    child_id               uuid NOT NULL,
    year_ending            date NOT NULL,
    sdq_score              integer,
    sdq_reason             text,
    convicted              boolean,
    immunisations          boolean NOT NULL,
    teeth_check            boolean NOT NULL,
    substance_misuse       boolean NOT NULL,
    intervention_received  boolean,
    intervention_offered   boolean,
    created_at             timestamptz NOT NULL,
    created_by             uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_outcomes_child ON care_outcomes (la_code, child_id, year_ending);
CREATE TRIGGER care_outcomes_never_deleted BEFORE DELETE ON care_outcomes
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
