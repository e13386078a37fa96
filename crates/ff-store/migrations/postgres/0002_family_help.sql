-- Family Help (issue 3): front-door contacts, episodes (referral to closure), allocations,
-- assessments, plans with reviews, visits and oversight records.

CREATE TABLE contacts (
    la_code                  text NOT NULL REFERENCES las (la_code),
    id                       uuid NOT NULL,
    received_at              timestamptz NOT NULL,
    received_on              date NOT NULL,
    decision_due             date NOT NULL,
    channel                  text NOT NULL,
    source                   text NOT NULL,
    referrer_name            text,
    referrer_organisation    text,
    concerns                 text NOT NULL,
    consent                  text NOT NULL,
    consent_basis            text,
    decision                 text,
    decision_reason          text,
    decided_at               timestamptz,
    decided_by               uuid,
    feedback_at              timestamptz,
    feedback_note            text,
    version                  integer NOT NULL,
    created_at               timestamptz NOT NULL,
    created_by               uuid,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX contacts_undecided ON contacts (la_code, decision_due) WHERE decision IS NULL;

CREATE TABLE contact_people (
    la_code     text NOT NULL,
    contact_id  uuid NOT NULL,
    person_id   uuid NOT NULL,
    is_child    boolean NOT NULL,
    PRIMARY KEY (la_code, contact_id, person_id),
    FOREIGN KEY (la_code, contact_id) REFERENCES contacts (la_code, id),
    FOREIGN KEY (la_code, person_id) REFERENCES people (la_code, id)
);
CREATE INDEX contact_people_person ON contact_people (la_code, person_id);

-- One child's continuous Family Help episode: the CIN census episode from referral to closure.
CREATE TABLE episodes (
    la_code          text NOT NULL REFERENCES las (la_code),
    id               uuid NOT NULL,
    child_id         uuid NOT NULL,
    contact_id       uuid,
    referral_date    date NOT NULL,
    referral_source  text NOT NULL,
    primary_need     text NOT NULL,
    level            text NOT NULL,
    rereferral       boolean NOT NULL,
    lead_id          uuid,
    overseer_id      uuid,
    closure_date     date,
    closure_reason   text,
    version          integer NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX episodes_child ON episodes (la_code, child_id);
CREATE INDEX episodes_open_lead ON episodes (la_code, lead_id) WHERE closure_date IS NULL;
CREATE INDEX episodes_open_overseer ON episodes (la_code, overseer_id) WHERE closure_date IS NULL;

-- Level history: the episode moves between targeted early help and child in need without closing.
CREATE TABLE episode_levels (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    episode_id   uuid NOT NULL,
    level        text NOT NULL,
    from_date    date NOT NULL,
    reason       text,
    recorded_at  timestamptz NOT NULL,
    recorded_by  uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id)
);
CREATE INDEX episode_levels_episode ON episode_levels (la_code, episode_id);

-- Who held the episode, when: lead practitioner and social-work overseer allocations.
CREATE TABLE allocations (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    episode_id       uuid NOT NULL,
    role             text NOT NULL,
    user_id          uuid NOT NULL,
    from_date        date NOT NULL,
    to_date          date,
    reason           text,
    over_cap_reason  text,
    allocated_at     timestamptz NOT NULL,
    allocated_by     uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id),
    FOREIGN KEY (la_code, user_id) REFERENCES users (la_code, id)
);
CREATE INDEX allocations_episode ON allocations (la_code, episode_id);

CREATE TABLE assessments (
    la_code           text NOT NULL,
    id                uuid NOT NULL,
    episode_id        uuid NOT NULL,
    start_date        date NOT NULL,
    due_date          date NOT NULL,
    child_seen        boolean NOT NULL,
    child_seen_alone  boolean NOT NULL,
    factors           text NOT NULL,
    outcome           text,
    completed_date    date,
    authorised_by     uuid,
    authorised_at     timestamptz,
    late_reason       text,
    version           integer NOT NULL,
    created_at        timestamptz NOT NULL,
    created_by        uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id)
);
CREATE INDEX assessments_episode ON assessments (la_code, episode_id);
CREATE INDEX assessments_open_due ON assessments (la_code, due_date) WHERE completed_date IS NULL;

CREATE TABLE plans (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    episode_id   uuid NOT NULL,
    start_date   date NOT NULL,
    end_date     date,
    version      integer NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id)
);
CREATE INDEX plans_episode ON plans (la_code, episode_id);

CREATE TABLE plan_items (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    plan_id      uuid NOT NULL,
    kind         text NOT NULL,
    description  text NOT NULL,
    owner        text,
    due_date     date,
    done_date    date,
    version      integer NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, plan_id) REFERENCES plans (la_code, id)
);
CREATE INDEX plan_items_plan ON plan_items (la_code, plan_id);

CREATE TABLE plan_reviews (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    plan_id      uuid NOT NULL,
    review_date  date NOT NULL,
    summary      text NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, plan_id) REFERENCES plans (la_code, id)
);
CREATE INDEX plan_reviews_plan ON plan_reviews (la_code, plan_id);

CREATE TABLE visits (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    episode_id       uuid NOT NULL,
    visit_date       date NOT NULL,
    practitioner_id  uuid NOT NULL,
    child_seen       boolean NOT NULL,
    seen_alone       boolean NOT NULL,
    bedroom_seen     boolean NOT NULL,
    baby_seen_awake  boolean,
    note             text,
    created_at       timestamptz NOT NULL,
    created_by       uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id)
);
CREATE INDEX visits_episode ON visits (la_code, episode_id, visit_date);

CREATE TABLE oversight_records (
    la_code        text NOT NULL,
    id             uuid NOT NULL,
    episode_id     uuid NOT NULL,
    record_date    date NOT NULL,
    supervisor_id  uuid NOT NULL,
    note           text NOT NULL,
    created_at     timestamptz NOT NULL,
    created_by     uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id)
);
CREATE INDEX oversight_episode ON oversight_records (la_code, episode_id, record_date);

CREATE TRIGGER contacts_never_deleted BEFORE DELETE ON contacts FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER episodes_never_deleted BEFORE DELETE ON episodes FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER episode_levels_never_changed BEFORE UPDATE OR DELETE ON episode_levels FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER allocations_never_deleted BEFORE DELETE ON allocations FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER assessments_never_deleted BEFORE DELETE ON assessments FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER plans_never_deleted BEFORE DELETE ON plans FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER plan_items_never_deleted BEFORE DELETE ON plan_items FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER plan_reviews_never_changed BEFORE UPDATE OR DELETE ON plan_reviews FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER visits_never_changed BEFORE UPDATE OR DELETE ON visits FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER oversight_never_changed BEFORE UPDATE OR DELETE ON oversight_records FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
