-- SQLite dialect of migrations/postgres/0004_child_protection_plans.sql.
-- Child protection, second slice (issue 4): conferences with attendance by agency, child
-- protection plans with outcomes and actions and core groups, multi-agency child protection team
-- case involvement, requests for information to other agencies, and case notes with their source
-- (a parent's own account, an agency record...) and what corroborates them.

CREATE TABLE conferences (
    la_code               TEXT NOT NULL REFERENCES las (la_code),
    id                    BLOB NOT NULL,
    episode_id            BLOB NOT NULL,
    child_id              BLOB NOT NULL,
    kind                  TEXT NOT NULL,
    s47_id                BLOB,
    cp_plan_id            BLOB,
    held_on               TEXT NOT NULL,
    due_on                TEXT,
    late_reason           TEXT,
    chair_id              BLOB NOT NULL,
    lead_enquiry_id       BLOB,
    qa_officer_id         BLOB,
    qa_observations       TEXT,
    quorate               BOOLEAN NOT NULL,
    parents_participation TEXT NOT NULL,
    child_participation   TEXT NOT NULL,
    exclusion_reason      TEXT,
    parental_dissent      TEXT,
    professional_dissent  TEXT,
    decision              TEXT NOT NULL,
    category              TEXT,
    created_at            TEXT NOT NULL,
    created_by            BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, chair_id) REFERENCES users (la_code, id)
);
CREATE INDEX conferences_child ON conferences (la_code, child_id, held_on);

CREATE TABLE conference_attendees (
    la_code        TEXT NOT NULL,
    conference_id  BLOB NOT NULL,
    position       INTEGER NOT NULL,
    agency         TEXT NOT NULL,
    name           TEXT NOT NULL,
    attended       BOOLEAN NOT NULL,
    PRIMARY KEY (la_code, conference_id, position),
    FOREIGN KEY (la_code, conference_id) REFERENCES conferences (la_code, id)
);

CREATE TABLE cp_plans (
    la_code                TEXT NOT NULL,
    id                     BLOB NOT NULL,
    episode_id             BLOB NOT NULL,
    child_id               BLOB NOT NULL,
    initial_conference_id  BLOB NOT NULL,
    start_date             TEXT NOT NULL,
    category               TEXT NOT NULL,
    lead_id                BLOB NOT NULL,
    contingency            TEXT NOT NULL,
    first_core_group_due   TEXT NOT NULL,
    next_review_due        TEXT NOT NULL,
    end_date               TEXT,
    end_reason             TEXT,
    version                INTEGER NOT NULL,
    created_at             TEXT NOT NULL,
    created_by             BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id),
    FOREIGN KEY (la_code, initial_conference_id) REFERENCES conferences (la_code, id),
    FOREIGN KEY (la_code, lead_id) REFERENCES users (la_code, id)
);
CREATE INDEX cp_plans_child ON cp_plans (la_code, child_id);
CREATE INDEX cp_plans_open_lead ON cp_plans (la_code, lead_id) WHERE end_date IS NULL;
CREATE INDEX cp_plans_open_review ON cp_plans (la_code, next_review_due) WHERE end_date IS NULL;

CREATE TABLE cp_plan_items (
    la_code     TEXT NOT NULL,
    id          BLOB NOT NULL,
    cp_plan_id  BLOB NOT NULL,
    kind        TEXT NOT NULL,
    description TEXT NOT NULL,
    owner       TEXT,
    due_on      TEXT,
    done_on     TEXT,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, cp_plan_id) REFERENCES cp_plans (la_code, id)
);
CREATE INDEX cp_plan_items_plan ON cp_plan_items (la_code, cp_plan_id);

CREATE TABLE core_groups (
    la_code     TEXT NOT NULL,
    id          BLOB NOT NULL,
    cp_plan_id  BLOB NOT NULL,
    held_on     TEXT NOT NULL,
    agencies    TEXT NOT NULL,
    notes       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, cp_plan_id) REFERENCES cp_plans (la_code, id)
);
CREATE INDEX core_groups_plan ON core_groups (la_code, cp_plan_id, held_on);

-- Which multi-agency child protection team works which child, over time (§5.4).
CREATE TABLE team_cases (
    la_code     TEXT NOT NULL,
    id          BLOB NOT NULL,
    team_id     BLOB NOT NULL,
    child_id    BLOB NOT NULL,
    from_date   TEXT NOT NULL,
    ended_on    TEXT,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, team_id) REFERENCES teams (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX team_cases_child ON team_cases (la_code, child_id) WHERE ended_on IS NULL;
CREATE INDEX team_cases_team ON team_cases (la_code, team_id) WHERE ended_on IS NULL;

CREATE TABLE info_requests (
    la_code       TEXT NOT NULL,
    id            BLOB NOT NULL,
    child_id      BLOB NOT NULL,
    agency        TEXT NOT NULL,
    question      TEXT NOT NULL,
    requested_on  TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    requested_by  BLOB NOT NULL,
    response_note_id BLOB,
    responded_on  TEXT,
    version       INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX info_requests_open ON info_requests (la_code, agency, due_on) WHERE responded_on IS NULL;
CREATE INDEX info_requests_child ON info_requests (la_code, child_id);

-- One multi-agency chronology: every note carries the agency it came from and its kind of source.
CREATE TABLE case_notes (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    child_id         BLOB NOT NULL,
    agency           TEXT NOT NULL,
    occurred_on      TEXT NOT NULL,
    source_type      TEXT NOT NULL,
    note             TEXT NOT NULL,
    corroborates_id  BLOB,
    recorded_by      BLOB NOT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, corroborates_id) REFERENCES case_notes (la_code, id)
);
CREATE INDEX case_notes_child ON case_notes (la_code, child_id, occurred_on);

CREATE TRIGGER conferences_no_update BEFORE UPDATE ON conferences
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on conferences is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER conferences_no_delete BEFORE DELETE ON conferences
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on conferences is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER conference_attendees_no_update BEFORE UPDATE ON conference_attendees
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on conference_attendees is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER conference_attendees_no_delete BEFORE DELETE ON conference_attendees
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on conference_attendees is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER cp_plans_no_delete BEFORE DELETE ON cp_plans
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on cp_plans is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER cp_plan_items_no_delete BEFORE DELETE ON cp_plan_items
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on cp_plan_items is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER core_groups_no_update BEFORE UPDATE ON core_groups
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on core_groups is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER core_groups_no_delete BEFORE DELETE ON core_groups
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on core_groups is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER team_cases_no_delete BEFORE DELETE ON team_cases
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on team_cases is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER info_requests_no_delete BEFORE DELETE ON info_requests
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on info_requests is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER case_notes_no_update BEFORE UPDATE ON case_notes
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on case_notes is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER case_notes_no_delete BEFORE DELETE ON case_notes
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on case_notes is not allowed (records are never deleted or rewritten)');
END;
