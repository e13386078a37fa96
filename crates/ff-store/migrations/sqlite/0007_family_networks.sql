-- SQLite dialect of migrations/postgres/0007_family_networks.sql.
-- Family networks (issue 5): the network map around a child, family group decision making with
-- the offer to each person with parental responsibility, pre-proceedings under the Public Law
-- Outline (R-PLO-1..3) and kinship care arrangements.

CREATE TABLE network_members (
    la_code            TEXT NOT NULL REFERENCES las (la_code),
    id                 BLOB NOT NULL,
    child_id           BLOB NOT NULL,
    person_id          BLOB NOT NULL,
    relationship       TEXT NOT NULL,
    contact_details    TEXT,
    willingness        TEXT NOT NULL,
    capacity           TEXT,
    invited            BOOLEAN NOT NULL,
    note               TEXT,
    version            INTEGER NOT NULL,
    created_at         TEXT NOT NULL,
    created_by         BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, person_id) REFERENCES people (la_code, id)
);
CREATE INDEX network_members_child ON network_members (la_code, child_id);

-- state: referred, offered, meeting_arranged, meeting_held, plan_agreed, declined, exempted, closed
CREATE TABLE fgdm (
    la_code            TEXT NOT NULL,
    id                 BLOB NOT NULL,
    child_id           BLOB NOT NULL,
    stage              TEXT NOT NULL,
    state              TEXT NOT NULL,
    referred_on        TEXT NOT NULL,
    coordinator        TEXT,
    meeting_on         TEXT,
    private_family_time BOOLEAN,
    plan_proposed      TEXT,
    plan_agreed        TEXT,
    agreed_on          TEXT,
    review_on          TEXT,
    outcome            TEXT,
    exemption_reason   TEXT,
    no_network_reason  TEXT,
    version            INTEGER NOT NULL,
    created_at         TEXT NOT NULL,
    created_by         BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX fgdm_child ON fgdm (la_code, child_id);

CREATE TABLE fgdm_offers (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    fgdm_id      BLOB NOT NULL,
    person_id    BLOB NOT NULL,
    offered_on   TEXT NOT NULL,
    answer       TEXT,
    answered_on  TEXT,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, fgdm_id) REFERENCES fgdm (la_code, id),
    FOREIGN KEY (la_code, person_id) REFERENCES people (la_code, id)
);
CREATE INDEX fgdm_offers_fgdm ON fgdm_offers (la_code, fgdm_id);

CREATE TABLE plo_cases (
    la_code                   TEXT NOT NULL,
    id                        BLOB NOT NULL,
    child_id                  BLOB NOT NULL,
    fgdm_id                   BLOB,
    gateway_on                TEXT NOT NULL,
    gateway_decision          TEXT NOT NULL,
    letter_sent_on            TEXT,
    letter_includes_fgdm_offer BOOLEAN,
    application_issued_on     TEXT,
    application_kind          TEXT,
    outcome                   TEXT,
    ended_on                  TEXT,
    version                   INTEGER NOT NULL,
    created_at                TEXT NOT NULL,
    created_by                BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, fgdm_id) REFERENCES fgdm (la_code, id)
);
CREATE INDEX plo_cases_child ON plo_cases (la_code, child_id);

CREATE TABLE plo_meetings (
    la_code      TEXT NOT NULL,
    id           BLOB NOT NULL,
    plo_id       BLOB NOT NULL,
    held_on      TEXT NOT NULL,
    note         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, plo_id) REFERENCES plo_cases (la_code, id)
);
CREATE INDEX plo_meetings_plo ON plo_meetings (la_code, plo_id);

CREATE TABLE kinship_arrangements (
    la_code              TEXT NOT NULL,
    id                   BLOB NOT NULL,
    child_id             BLOB NOT NULL,
    carer_id             BLOB NOT NULL,
    kind                 TEXT NOT NULL,
    start_date           TEXT NOT NULL,
    end_date             TEXT,
    training             BOOLEAN NOT NULL,
    weekly_allowance_pence INTEGER,
    other_support        TEXT,
    version              INTEGER NOT NULL,
    created_at           TEXT NOT NULL,
    created_by           BLOB,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, carer_id) REFERENCES people (la_code, id)
);
CREATE INDEX kinship_child ON kinship_arrangements (la_code, child_id);
CREATE INDEX kinship_open ON kinship_arrangements (la_code, start_date) WHERE end_date IS NULL;

CREATE TRIGGER network_members_no_delete BEFORE DELETE ON network_members
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on network_members is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER fgdm_no_delete BEFORE DELETE ON fgdm
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on fgdm is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER fgdm_offers_no_delete BEFORE DELETE ON fgdm_offers
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on fgdm_offers is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER plo_cases_no_delete BEFORE DELETE ON plo_cases
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on plo_cases is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER plo_meetings_no_update BEFORE UPDATE ON plo_meetings
BEGIN
    SELECT RAISE(ABORT, 'Families First: UPDATE on plo_meetings is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER plo_meetings_no_delete BEFORE DELETE ON plo_meetings
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on plo_meetings is not allowed (records are never deleted or rewritten)');
END;
CREATE TRIGGER kinship_arrangements_no_delete BEFORE DELETE ON kinship_arrangements
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on kinship_arrangements is not allowed (records are never deleted or rewritten)');
END;
