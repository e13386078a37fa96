-- Care clocks (issue 13 item 2; T28-T31, LA-5): statutory visits, health assessments and personal
-- education plans of a child in care; and missing from care episodes (LA-6; the 903 Missing
-- table) with the return home interview. Never deleted; a missing episode is ended by an update
-- that bumps its version.
CREATE TABLE care_checks (
    la_code           text NOT NULL,
    id                uuid NOT NULL,
    child_id          uuid NOT NULL,
    period_id         uuid NOT NULL,
    kind              text NOT NULL,
    held_on           date NOT NULL,
    child_seen        boolean NOT NULL,
    child_seen_alone  boolean NOT NULL,
    summary           text NOT NULL,
    created_at        timestamptz NOT NULL,
    created_by        uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_checks_child ON care_checks (la_code, child_id, held_on);
CREATE TRIGGER care_checks_never_deleted BEFORE DELETE ON care_checks
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

CREATE TABLE care_missing (
    la_code        text NOT NULL,
    id             uuid NOT NULL,
    child_id       uuid NOT NULL,
    period_id      uuid NOT NULL,
    kind           text NOT NULL,
    started_on     date NOT NULL,
    ended_on       date,
    rhi_offered    boolean,
    rhi_accepted   boolean,
    version        integer NOT NULL,
    created_at     timestamptz NOT NULL,
    created_by     uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_missing_child ON care_missing (la_code, child_id, started_on);
CREATE TRIGGER care_missing_never_deleted BEFORE DELETE ON care_missing
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
