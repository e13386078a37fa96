-- A family help plan's shared written record (issue 12 item 1, PR-1/PR-2): the same sections as
-- a child protection plan's record (0020), in the family's words, written by the practitioners
-- working with the family; one row per plan, made by its first save, locked when the plan ends.
CREATE TABLE fh_plan_records (
    la_code     TEXT NOT NULL,
    plan_id     BLOB NOT NULL,
    sections    TEXT NOT NULL,
    version     INTEGER NOT NULL,
    saved_at    TEXT NOT NULL,
    saved_by    BLOB NOT NULL,
    PRIMARY KEY (la_code, plan_id),
    FOREIGN KEY (la_code, plan_id) REFERENCES plans (la_code, id)
);
CREATE TRIGGER fh_plan_records_never_deleted BEFORE DELETE ON fh_plan_records
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on fh_plan_records is not allowed (records are never deleted or rewritten)');
END;
