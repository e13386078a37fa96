-- Child protection, second slice (issue 4): conferences with attendance by agency, child
-- protection plans with outcomes and actions and core groups, multi-agency child protection team
-- case involvement, requests for information to other agencies, and case notes with their source
-- (a parent's own account, an agency record...) and what corroborates them.

CREATE TABLE conferences (
    la_code               text NOT NULL REFERENCES las (la_code),
    id                    uuid NOT NULL,
    episode_id            uuid NOT NULL,
    child_id              uuid NOT NULL,
    kind                  text NOT NULL,
    s47_id                uuid,
    cp_plan_id            uuid,
    held_on               date NOT NULL,
    due_on                date,
    late_reason           text,
    chair_id              uuid NOT NULL,
    lead_enquiry_id       uuid,
    qa_officer_id         uuid,
    qa_observations       text,
    quorate               boolean NOT NULL,
    parents_participation text NOT NULL,
    child_participation   text NOT NULL,
    exclusion_reason      text,
    parental_dissent      text,
    professional_dissent  text,
    decision              text NOT NULL,
    category              text,
    created_at            timestamptz NOT NULL,
    created_by            uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, chair_id) REFERENCES users (la_code, id)
);
CREATE INDEX conferences_child ON conferences (la_code, child_id, held_on);

CREATE TABLE conference_attendees (
    la_code        text NOT NULL,
    conference_id  uuid NOT NULL,
    position       integer NOT NULL,
    agency         text NOT NULL,
    name           text NOT NULL,
    attended       boolean NOT NULL,
    PRIMARY KEY (la_code, conference_id, position),
    FOREIGN KEY (la_code, conference_id) REFERENCES conferences (la_code, id)
);

CREATE TABLE cp_plans (
    la_code                text NOT NULL,
    id                     uuid NOT NULL,
    episode_id             uuid NOT NULL,
    child_id               uuid NOT NULL,
    initial_conference_id  uuid NOT NULL,
    start_date             date NOT NULL,
    category               text NOT NULL,
    lead_id                uuid NOT NULL,
    contingency            text NOT NULL,
    first_core_group_due   date NOT NULL,
    next_review_due        date NOT NULL,
    end_date               date,
    end_reason             text,
    version                integer NOT NULL,
    created_at             timestamptz NOT NULL,
    created_by             uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id),
    FOREIGN KEY (la_code, initial_conference_id) REFERENCES conferences (la_code, id),
    FOREIGN KEY (la_code, lead_id) REFERENCES users (la_code, id)
);
CREATE INDEX cp_plans_child ON cp_plans (la_code, child_id);
CREATE INDEX cp_plans_open_lead ON cp_plans (la_code, lead_id) WHERE end_date IS NULL;
CREATE INDEX cp_plans_open_review ON cp_plans (la_code, next_review_due) WHERE end_date IS NULL;

CREATE TABLE cp_plan_items (
    la_code     text NOT NULL,
    id          uuid NOT NULL,
    cp_plan_id  uuid NOT NULL,
    kind        text NOT NULL,
    description text NOT NULL,
    owner       text,
    due_on      date,
    done_on     date,
    version     integer NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, cp_plan_id) REFERENCES cp_plans (la_code, id)
);
CREATE INDEX cp_plan_items_plan ON cp_plan_items (la_code, cp_plan_id);

CREATE TABLE core_groups (
    la_code     text NOT NULL,
    id          uuid NOT NULL,
    cp_plan_id  uuid NOT NULL,
    held_on     date NOT NULL,
    agencies    text NOT NULL,
    notes       text NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, cp_plan_id) REFERENCES cp_plans (la_code, id)
);
CREATE INDEX core_groups_plan ON core_groups (la_code, cp_plan_id, held_on);

-- Which multi-agency child protection team works which child, over time (§5.4).
CREATE TABLE team_cases (
    la_code     text NOT NULL,
    id          uuid NOT NULL,
    team_id     uuid NOT NULL,
    child_id    uuid NOT NULL,
    from_date   date NOT NULL,
    ended_on    date,
    version     integer NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, team_id) REFERENCES teams (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX team_cases_child ON team_cases (la_code, child_id) WHERE ended_on IS NULL;
CREATE INDEX team_cases_team ON team_cases (la_code, team_id) WHERE ended_on IS NULL;

CREATE TABLE info_requests (
    la_code       text NOT NULL,
    id            uuid NOT NULL,
    child_id      uuid NOT NULL,
    agency        text NOT NULL,
    question      text NOT NULL,
    requested_on  date NOT NULL,
    due_on        date NOT NULL,
    requested_by  uuid NOT NULL,
    response_note_id uuid,
    responded_on  date,
    version       integer NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX info_requests_open ON info_requests (la_code, agency, due_on) WHERE responded_on IS NULL;
CREATE INDEX info_requests_child ON info_requests (la_code, child_id);

-- One multi-agency chronology: every note carries the agency it came from and its kind of source.
CREATE TABLE case_notes (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    child_id         uuid NOT NULL,
    agency           text NOT NULL,
    occurred_on      date NOT NULL,
    source_type      text NOT NULL,
    note             text NOT NULL,
    corroborates_id  uuid,
    recorded_by      uuid NOT NULL,
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, corroborates_id) REFERENCES case_notes (la_code, id)
);
CREATE INDEX case_notes_child ON case_notes (la_code, child_id, occurred_on);

CREATE TRIGGER conferences_never_changed BEFORE UPDATE OR DELETE ON conferences FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER conference_attendees_never_changed BEFORE UPDATE OR DELETE ON conference_attendees FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER cp_plans_never_deleted BEFORE DELETE ON cp_plans FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER cp_plan_items_never_deleted BEFORE DELETE ON cp_plan_items FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER core_groups_never_changed BEFORE UPDATE OR DELETE ON core_groups FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER team_cases_never_deleted BEFORE DELETE ON team_cases FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER info_requests_never_deleted BEFORE DELETE ON info_requests FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER case_notes_never_changed BEFORE UPDATE OR DELETE ON case_notes FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
