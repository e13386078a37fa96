-- Harm outside the home (issue 15 item 5, what was left): a child missing or away from home
-- (HOTH-5) and the return home interview offered after it (HOTH-6); exploitation screenings and
-- meetings about a place become correctable and withdrawable at a version (each version kept in
-- record_versions, a withdrawal with its reason; the row stays). Council-owned; nothing is
-- deleted.
CREATE TABLE missing_episodes (
    la_code             text NOT NULL,
    id                  uuid NOT NULL,
    child_id            uuid NOT NULL,
    kind                text NOT NULL,
    started_at          timestamptz NOT NULL,
    reported_to_police  boolean NOT NULL,
    ended_at            timestamptz,
    found_where         text,
    interview           text,
    interview_on        date,
    interview_by        text,
    child_said          text,
    indicators          text,
    version             integer NOT NULL,
    created_at          timestamptz NOT NULL,
    created_by          uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX missing_episodes_child ON missing_episodes (la_code, child_id, started_at);
-- One open episode per child (HOTH-5).
CREATE UNIQUE INDEX missing_episodes_open ON missing_episodes (la_code, child_id) WHERE ended_at IS NULL;
-- Returns still waiting for their interview, for the lead's tray (HOTH-6).
CREATE INDEX missing_episodes_waiting ON missing_episodes (la_code, ended_at) WHERE ended_at IS NOT NULL AND interview IS NULL;
CREATE TRIGGER missing_episodes_never_deleted BEFORE DELETE ON missing_episodes
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

DROP TRIGGER exploitation_screenings_no_update ON exploitation_screenings;
ALTER TABLE exploitation_screenings ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE exploitation_screenings ADD COLUMN withdrawn_by uuid;
ALTER TABLE exploitation_screenings ADD COLUMN withdrawn_reason text;

DROP TRIGGER place_meetings_no_update ON place_meetings;
ALTER TABLE place_meetings ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE place_meetings ADD COLUMN withdrawn_by uuid;
ALTER TABLE place_meetings ADD COLUMN withdrawn_reason text;
-- Overdue actions across the council, for the places list and the trays (HOTH-4).
CREATE INDEX place_actions_open ON place_actions (la_code, due_on) WHERE done_on IS NULL;
