-- The safeguarding partnership's serious incidents and reviews (issue 15; MASA-SYS-2..4): one row
-- per serious incident carrying its stage, the decision on notifying the Panel, the rapid review's
-- outcome and the local review's steps; one row per agency asked for a summary. Council-owned,
-- versioned (record_versions), changed only at the version read, never deleted.
CREATE TABLE partnership_incidents (
    la_code               text NOT NULL,
    id                    uuid NOT NULL,
    child_id              uuid NOT NULL,
    kind                  text NOT NULL,
    looked_after          boolean NOT NULL,
    outside_england       boolean NOT NULL,
    home_la               text,
    incident_on           date NOT NULL,
    aware_on              date NOT NULL,
    what_happened         text NOT NULL,
    stage                 text NOT NULL,
    decision_on           date,
    notified              boolean,
    ofsted_reference      text,
    not_notified_reasons  text,
    decided_by            uuid,
    review_completed_on   date,
    sent_to_panel_on      date,
    immediate_actions     text,
    equality_analysis     text,
    hold_local_review     boolean,
    local_review_reasons  text,
    reviewer              text,
    commissioned_on       date,
    panel_copy_on         date,
    published_on          date,
    publication_link      text,
    version               integer NOT NULL,
    created_at            timestamptz NOT NULL,
    created_by            uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX partnership_incidents_stage ON partnership_incidents (la_code, stage, aware_on, id);
CREATE INDEX partnership_incidents_aware ON partnership_incidents (la_code, aware_on, id);
CREATE INDEX partnership_incidents_child ON partnership_incidents (la_code, child_id);
CREATE TRIGGER partnership_incidents_never_deleted BEFORE DELETE ON partnership_incidents
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE partnership_summaries (
    la_code       text NOT NULL,
    id            uuid NOT NULL,
    incident_id   uuid NOT NULL,
    agency        text NOT NULL,
    agency_name   text NOT NULL,
    requested_on  date NOT NULL,
    due_on        date NOT NULL,
    received_on   date,
    summary       text,
    version       integer NOT NULL,
    created_at    timestamptz NOT NULL,
    created_by    uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, incident_id) REFERENCES partnership_incidents (la_code, id)
);
CREATE INDEX partnership_summaries_incident ON partnership_summaries (la_code, incident_id, requested_on);
CREATE TRIGGER partnership_summaries_never_deleted BEFORE DELETE ON partnership_summaries
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
