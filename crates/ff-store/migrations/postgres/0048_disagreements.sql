-- Professional disagreements and escalations (F6, MASA-SYS-7; ESC-1..4): one row per
-- disagreement about a decision on a child's case, raised by one agency with another, its stage
-- and the day that stage began, and how it was resolved. Saved whole at the version read, each
-- version kept in record_versions; never deleted.
CREATE TABLE disagreements (
    la_code           text NOT NULL,
    id                uuid NOT NULL,
    child_id          uuid NOT NULL,
    about             text NOT NULL,
    detail            text NOT NULL,
    raising_agency    text NOT NULL,
    with_agency       text NOT NULL,
    with_team         text NOT NULL,
    raised_on         date NOT NULL,
    stage             text NOT NULL,
    stage_started_on  date NOT NULL,
    stage_reason      text,
    outcome           text,
    agreed            text,
    resolved_on       date,
    resolved_by       uuid,
    version           integer NOT NULL,
    created_at        timestamptz NOT NULL,
    created_by        uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX disagreements_child ON disagreements (la_code, child_id, raised_on);
CREATE INDEX disagreements_raised ON disagreements (la_code, raised_on, id);
CREATE INDEX disagreements_open ON disagreements (la_code, stage_started_on) WHERE resolved_on IS NULL;
CREATE TRIGGER disagreements_never_deleted BEFORE DELETE ON disagreements
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
