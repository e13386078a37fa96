-- SQLite dialect of migrations/postgres/0035_partnership.sql: serious incidents and the agencies'
-- summaries (issue 15; MASA-SYS-2..4). Never deleted.
CREATE TABLE partnership_incidents (
    la_code               TEXT NOT NULL,
    id                    BLOB NOT NULL,
    child_id              BLOB NOT NULL,
    kind                  TEXT NOT NULL,
    looked_after          BOOLEAN NOT NULL,
    outside_england       BOOLEAN NOT NULL,
    home_la               TEXT,
    incident_on           TEXT NOT NULL,
    aware_on              TEXT NOT NULL,
    what_happened         TEXT NOT NULL,
    stage                 TEXT NOT NULL,
    decision_on           TEXT,
    notified              BOOLEAN,
    ofsted_reference      TEXT,
    not_notified_reasons  TEXT,
    decided_by            BLOB,
    review_completed_on   TEXT,
    sent_to_panel_on      TEXT,
    immediate_actions     TEXT,
    equality_analysis     TEXT,
    hold_local_review     BOOLEAN,
    local_review_reasons  TEXT,
    reviewer              TEXT,
    commissioned_on       TEXT,
    panel_copy_on         TEXT,
    published_on          TEXT,
    publication_link      TEXT,
    version               INTEGER NOT NULL,
    created_at            TEXT NOT NULL,
    created_by            BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX partnership_incidents_stage ON partnership_incidents (la_code, stage, aware_on, id);
CREATE INDEX partnership_incidents_aware ON partnership_incidents (la_code, aware_on, id);
CREATE INDEX partnership_incidents_child ON partnership_incidents (la_code, child_id);
CREATE TRIGGER partnership_incidents_never_deleted BEFORE DELETE ON partnership_incidents
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on partnership_incidents is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE partnership_summaries (
    la_code       TEXT NOT NULL,
    id            BLOB NOT NULL,
    incident_id   BLOB NOT NULL,
    agency        TEXT NOT NULL,
    agency_name   TEXT NOT NULL,
    requested_on  TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    received_on   TEXT,
    summary       TEXT,
    version       INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, incident_id) REFERENCES partnership_incidents (la_code, id)
);
CREATE INDEX partnership_summaries_incident ON partnership_summaries (la_code, incident_id, requested_on);
CREATE TRIGGER partnership_summaries_never_deleted BEFORE DELETE ON partnership_summaries
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on partnership_summaries is not allowed (records are never deleted or rewritten)');
END;
