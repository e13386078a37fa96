-- Deprivation of liberty orders made for children in care (LA-12; the SSDA903 DoLo table from
-- 2026-27). Never deleted; the end of an order is a new version.
CREATE TABLE care_dolo (
    la_code        text NOT NULL,
    id             uuid NOT NULL,
    child_id       uuid NOT NULL,
    period_id      uuid NOT NULL,
    started_on     date NOT NULL,
    ended_on       date,
    version        integer NOT NULL,
    created_at     timestamptz NOT NULL,
    created_by     uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_dolo_child ON care_dolo (la_code, child_id, started_on);
CREATE TRIGGER care_dolo_never_deleted BEFORE DELETE ON care_dolo
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
