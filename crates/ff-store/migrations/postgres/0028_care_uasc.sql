-- Unaccompanied asylum-seeking children (issue 13; 903 UASC, LA-9): when the child was known as
-- unaccompanied and when the status ceased. A later record supersedes an earlier; none is deleted.
CREATE TABLE care_uasc (
    la_code     text NOT NULL,
    id          uuid NOT NULL,
    child_id    uuid NOT NULL,
    since       date NOT NULL,
    ceased      date,
    created_at  timestamptz NOT NULL,
    created_by  uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_uasc_child ON care_uasc (la_code, child_id, created_at);
CREATE TRIGGER care_uasc_never_deleted BEFORE DELETE ON care_uasc
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
