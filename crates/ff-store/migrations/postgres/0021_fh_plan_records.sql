-- A family help plan's shared written record (issue 12 item 1, PR-1/PR-2): the same sections as
-- a child protection plan's record (0020), in the family's words, written by the practitioners
-- working with the family; one row per plan, made by its first save, locked when the plan ends.
CREATE TABLE fh_plan_records (
    la_code     text NOT NULL,
    plan_id     uuid NOT NULL,
    sections    text NOT NULL,
    version     integer NOT NULL,
    saved_at    timestamptz NOT NULL,
    saved_by    uuid NOT NULL,
    PRIMARY KEY (la_code, plan_id),
    FOREIGN KEY (la_code, plan_id) REFERENCES plans (la_code, id)
);
CREATE TRIGGER fh_plan_records_never_deleted BEFORE DELETE ON fh_plan_records
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
