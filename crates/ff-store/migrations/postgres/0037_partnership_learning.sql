-- Learning actions (issue 15 item 3; MASA-SYS-5): from a review, an audit or scrutiny, owned by
-- an agency, with its due date, impact measure and the evidence it was done. Council-owned (the
-- partnership's host council), versioned, changed only at the version read, never deleted.
CREATE TABLE partnership_learning (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    incident_id      uuid,
    source           text NOT NULL,
    action           text NOT NULL,
    owner_agency     text NOT NULL,
    owner_name       text NOT NULL,
    agreed_on        date NOT NULL,
    due_on           date NOT NULL,
    impact_measure   text NOT NULL,
    completed_on     date,
    evidence         text,
    version          integer NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, incident_id) REFERENCES partnership_incidents (la_code, id)
);
CREATE INDEX partnership_learning_due ON partnership_learning (la_code, due_on, id);
CREATE INDEX partnership_learning_incident ON partnership_learning (la_code, incident_id);
CREATE TRIGGER partnership_learning_never_deleted BEFORE DELETE ON partnership_learning
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
