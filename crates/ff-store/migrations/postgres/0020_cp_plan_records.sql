-- The child protection plan's shared written record (issue 12 item 1; R-FH-2, families-first.md
-- §5.3): what the plan says in words the family can read, written section by section by the LCPP
-- and the family help lead, with the child's and the family's own words. Sections as JSON
-- ({key: {text, rev, by, at}}), each with its own revision (decision 0009). One row per plan,
-- made by its first save; words another writer's save replaced are kept in record_versions.
CREATE TABLE cp_plan_records (
    la_code     text NOT NULL,
    cp_plan_id  uuid NOT NULL,
    sections    text NOT NULL,
    version     integer NOT NULL,
    saved_at    timestamptz NOT NULL,
    saved_by    uuid NOT NULL,
    PRIMARY KEY (la_code, cp_plan_id),
    FOREIGN KEY (la_code, cp_plan_id) REFERENCES cp_plans (la_code, id)
);
CREATE TRIGGER cp_plan_records_never_deleted BEFORE DELETE ON cp_plan_records
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
