-- The child protection plan's shared written record (issue 12 item 1; R-FH-2, families-first.md
-- §5.3): what the plan says in words the family can read, written section by section by the LCPP
-- and the family help lead, with the child's and the family's own words. Sections as JSON
-- ({key: {text, rev, by, at}}), each with its own revision (decision 0009). One row per plan,
-- made by its first save; words another writer's save replaced are kept in record_versions.
CREATE TABLE cp_plan_records (
    la_code     TEXT NOT NULL,
    cp_plan_id  BLOB NOT NULL,
    sections    TEXT NOT NULL,
    version     INTEGER NOT NULL,
    saved_at    TEXT NOT NULL,
    saved_by    BLOB NOT NULL,
    PRIMARY KEY (la_code, cp_plan_id),
    FOREIGN KEY (la_code, cp_plan_id) REFERENCES cp_plans (la_code, id)
);
CREATE TRIGGER cp_plan_records_never_deleted BEFORE DELETE ON cp_plan_records
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on cp_plan_records is not allowed (records are never deleted or rewritten)');
END;
