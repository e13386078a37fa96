-- Family Help (issue 3), SQLite dialect of migrations/postgres/0002_family_help.sql.

CREATE TABLE contacts (
    la_code                  TEXT NOT NULL REFERENCES las (la_code),
    id                       BLOB NOT NULL,
    received_at              TEXT NOT NULL,
    received_on              TEXT NOT NULL,
    decision_due             TEXT NOT NULL,
    channel                  TEXT NOT NULL,
    source                   TEXT NOT NULL,
    referrer_name            TEXT,
    referrer_organisation    TEXT,
    concerns                 TEXT NOT NULL,
    consent                  TEXT NOT NULL,
    consent_basis            TEXT,
    decision                 TEXT,
    decision_reason          TEXT,
    decided_at               TEXT,
    decided_by               BLOB,
    feedback_at              TEXT,
    feedback_note            TEXT,
    version                  INTEGER NOT NULL,
    created_at               TEXT NOT NULL,
    created_by               BLOB,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX contacts_undecided ON contacts (la_code, decision_due) WHERE decision IS NULL;

CREATE TABLE contact_people (
    la_code     TEXT NOT NULL,
    contact_id  BLOB NOT NULL,
    person_id   BLOB NOT NULL,
    is_child    BOOLEAN NOT NULL,
    PRIMARY KEY (la_code, contact_id, person_id),
    FOREIGN KEY (la_code, contact_id) REFERENCES contacts (la_code, id),
    FOREIGN KEY (la_code, person_id) REFERENCES people (la_code, id)
);
CREATE INDEX contact_people_person ON contact_people (la_code, person_id);

-- One child's continuous Family Help episode: the CIN census episode from referral to closure.
CREATE TABLE episodes (
    la_code          TEXT NOT NULL REFERENCES las (la_code),
    id               BLOB NOT NULL,
    child_id         BLOB NOT NULL,
    contact_id       BLOB,
    referral_date    TEXT NOT NULL,
    referral_source  TEXT NOT NULL,
    primary_need     TEXT NOT NULL,
    level            TEXT NOT NULL,
    rereferral       BOOLEAN NOT NULL,
    lead_id          BLOB,
    overseer_id      BLOB,
    closure_date     TEXT,
    closure_reason   TEXT,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX episodes_child ON episodes (la_code, child_id);
CREATE INDEX episodes_open_lead ON episodes (la_code, lead_id) WHERE closure_date IS NULL;
CREATE INDEX episodes_open_overseer ON episodes (la_code, overseer_id) WHERE closure_date IS NULL;

-- Level history: the episode moves between targeted early help and child in need without closing.
CREATE TABLE episode_levels (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    episode_id   BLOB NOT NULL,
    level        TEXT NOT NULL,
    from_date    TEXT NOT NULL,
    reason       TEXT,
    recorded_at  TEXT NOT NULL,
    recorded_by  BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id)
);
CREATE INDEX episode_levels_episode ON episode_levels (la_code, episode_id);

-- Who held the episode, when: lead practitioner and social-work overseer allocations.
CREATE TABLE allocations (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    episode_id       BLOB NOT NULL,
    role             TEXT NOT NULL,
    user_id          BLOB NOT NULL,
    from_date        TEXT NOT NULL,
    to_date          TEXT,
    reason           TEXT,
    over_cap_reason  TEXT,
    allocated_at     TEXT NOT NULL,
    allocated_by     BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id),
    FOREIGN KEY (la_code, user_id) REFERENCES users (la_code, id)
);
CREATE INDEX allocations_episode ON allocations (la_code, episode_id);

CREATE TABLE assessments (
    la_code           TEXT NOT NULL,
    id                BLOB NOT NULL,
    episode_id        BLOB NOT NULL,
    start_date        TEXT NOT NULL,
    due_date          TEXT NOT NULL,
    child_seen        BOOLEAN NOT NULL,
    child_seen_alone  BOOLEAN NOT NULL,
    factors           TEXT NOT NULL,
    outcome           TEXT,
    completed_date    TEXT,
    authorised_by     BLOB,
    authorised_at     TEXT,
    late_reason       TEXT,
    version           INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    created_by        BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id)
);
CREATE INDEX assessments_episode ON assessments (la_code, episode_id);
CREATE INDEX assessments_open_due ON assessments (la_code, due_date) WHERE completed_date IS NULL;

CREATE TABLE plans (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    episode_id   BLOB NOT NULL,
    start_date   TEXT NOT NULL,
    end_date     TEXT,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id)
);
CREATE INDEX plans_episode ON plans (la_code, episode_id);

CREATE TABLE plan_items (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    plan_id      BLOB NOT NULL,
    kind         TEXT NOT NULL,
    description  TEXT NOT NULL,
    owner        TEXT,
    due_date     TEXT,
    done_date    TEXT,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, plan_id) REFERENCES plans (la_code, id)
);
CREATE INDEX plan_items_plan ON plan_items (la_code, plan_id);

CREATE TABLE plan_reviews (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    plan_id      BLOB NOT NULL,
    review_date  TEXT NOT NULL,
    summary      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, plan_id) REFERENCES plans (la_code, id)
);
CREATE INDEX plan_reviews_plan ON plan_reviews (la_code, plan_id);

CREATE TABLE visits (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    episode_id       BLOB NOT NULL,
    visit_date       TEXT NOT NULL,
    practitioner_id  BLOB NOT NULL,
    child_seen       BOOLEAN NOT NULL,
    seen_alone       BOOLEAN NOT NULL,
    bedroom_seen     BOOLEAN NOT NULL,
    baby_seen_awake  BOOLEAN,
    note             TEXT,
    created_at       TEXT NOT NULL,
    created_by       BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id)
);
CREATE INDEX visits_episode ON visits (la_code, episode_id, visit_date);

CREATE TABLE oversight_records (
    la_code        TEXT NOT NULL,
    id             BLOB NOT NULL,
    episode_id     BLOB NOT NULL,
    record_date    TEXT NOT NULL,
    supervisor_id  BLOB NOT NULL,
    note           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id)
);
CREATE INDEX oversight_episode ON oversight_records (la_code, episode_id, record_date);

CREATE TRIGGER contacts_no_delete BEFORE DELETE ON contacts
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on contacts is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER episodes_no_delete BEFORE DELETE ON episodes
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on episodes is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER episode_levels_no_update BEFORE UPDATE ON episode_levels
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on episode_levels is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER episode_levels_no_delete BEFORE DELETE ON episode_levels
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on episode_levels is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on allocations is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER assessments_no_delete BEFORE DELETE ON assessments
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on assessments is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER plans_no_delete BEFORE DELETE ON plans
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on plans is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER plan_items_no_delete BEFORE DELETE ON plan_items
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on plan_items is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER plan_reviews_no_update BEFORE UPDATE ON plan_reviews
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on plan_reviews is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER plan_reviews_no_delete BEFORE DELETE ON plan_reviews
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on plan_reviews is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER visits_no_update BEFORE UPDATE ON visits
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on visits is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER visits_no_delete BEFORE DELETE ON visits
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on visits is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER oversight_records_no_update BEFORE UPDATE ON oversight_records
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on oversight_records is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER oversight_records_no_delete BEFORE DELETE ON oversight_records
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on oversight_records is not allowed (records are never deleted or rewritten)');
END;
