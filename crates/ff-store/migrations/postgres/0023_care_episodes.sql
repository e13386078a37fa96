-- Children looked after (issue 13 item 1; R-LAC-1, LA-1..LA-3): a period of care as the SSDA903
-- return counts it, one row per episode (a legal status with a placement); every change of either
-- ends the current episode (reason X1) and begins the next with the 903's reason for a new
-- episode. Codes are the 903's. Episodes are never deleted; an episode's end is set once, at the
-- version read.
CREATE TABLE care_episodes (
    la_code              text NOT NULL,
    id                   uuid NOT NULL,
    child_id             uuid NOT NULL,
    period_id            uuid NOT NULL,
    start_date           date NOT NULL,
    reason_new_episode   text NOT NULL,
    legal_status         text NOT NULL,
    category_of_need     text NOT NULL,
    placement_type       text NOT NULL,
    placement_provider   text NOT NULL,
    placement_postcode   text NOT NULL,
    end_date             date,
    reason_ceased        text,
    version              integer NOT NULL,
    created_at           timestamptz NOT NULL,
    created_by           uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_episodes_child ON care_episodes (la_code, child_id, start_date);
CREATE INDEX care_episodes_open ON care_episodes (la_code, start_date) WHERE end_date IS NULL;
CREATE TRIGGER care_episodes_never_deleted BEFORE DELETE ON care_episodes
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
