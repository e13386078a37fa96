-- SQLite dialect of migrations/postgres/0030_leaving_care.sql: leaving care (LC-2..LC-6). Never deleted.
CREATE TABLE pathway_plans (
    la_code        TEXT NOT NULL,
    id             BLOB NOT NULL,
    child_id       BLOB NOT NULL,
    agreed_on      TEXT NOT NULL,
    accommodation  TEXT NOT NULL,
    education      TEXT NOT NULL,
    health         TEXT NOT NULL,
    money          TEXT NOT NULL,
    relationships  TEXT NOT NULL,
    version        INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX pathway_plans_child ON pathway_plans (la_code, child_id, agreed_on);
CREATE TRIGGER pathway_plans_never_deleted BEFORE DELETE ON pathway_plans
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on pathway_plans is not allowed (records are never deleted or rewritten)');
END;

CREATE TABLE adviser_allocations (
    la_code     TEXT NOT NULL,
    id          BLOB NOT NULL,
    child_id    BLOB NOT NULL,
    adviser_id  BLOB NOT NULL,
    from_on     TEXT NOT NULL,
    to_on       TEXT,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX adviser_allocations_child ON adviser_allocations (la_code, child_id, from_on);
CREATE INDEX adviser_allocations_open ON adviser_allocations (la_code, adviser_id) WHERE to_on IS NULL;
CREATE TRIGGER adviser_allocations_never_deleted BEFORE DELETE ON adviser_allocations
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on adviser_allocations is not allowed (records are never deleted or rewritten)');
END;

CREATE TABLE adviser_contacts (
    la_code     TEXT NOT NULL,
    id          BLOB NOT NULL,
    child_id    BLOB NOT NULL,
    contact_on  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    note        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX adviser_contacts_child ON adviser_contacts (la_code, child_id, contact_on);
CREATE TRIGGER adviser_contacts_never_deleted BEFORE DELETE ON adviser_contacts
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on adviser_contacts is not allowed (records are never deleted or rewritten)');
END;

CREATE TABLE care_leaver_circumstances (
    la_code        TEXT NOT NULL,
    id             BLOB NOT NULL,
    child_id       BLOB NOT NULL,
    from_on        TEXT NOT NULL,
    in_touch       TEXT NOT NULL,
    activity       TEXT,
    accommodation  TEXT,
    created_at     TEXT NOT NULL,
    created_by     BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_leaver_circumstances_child ON care_leaver_circumstances (la_code, child_id, from_on);
CREATE TRIGGER care_leaver_circumstances_never_deleted BEFORE DELETE ON care_leaver_circumstances
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on care_leaver_circumstances is not allowed (records are never deleted or rewritten)');
END;

CREATE TABLE staying_arrangements (
    la_code     TEXT NOT NULL,
    id          BLOB NOT NULL,
    child_id    BLOB NOT NULL,
    kind        TEXT NOT NULL,
    carer       TEXT NOT NULL,
    from_on     TEXT NOT NULL,
    to_on       TEXT,
    end_reason  TEXT,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX staying_arrangements_child ON staying_arrangements (la_code, child_id, from_on);
CREATE TRIGGER staying_arrangements_never_deleted BEFORE DELETE ON staying_arrangements
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on staying_arrangements is not allowed (records are never deleted or rewritten)');
END;

CREATE TABLE leaving_care_payments (
    la_code       TEXT NOT NULL,
    id            BLOB NOT NULL,
    child_id      BLOB NOT NULL,
    kind          TEXT NOT NULL,
    paid_on       TEXT NOT NULL,
    amount_pence  INTEGER NOT NULL,
    purpose       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX leaving_care_payments_child ON leaving_care_payments (la_code, child_id, paid_on);
CREATE TRIGGER leaving_care_payments_never_deleted BEFORE DELETE ON leaving_care_payments
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on leaving_care_payments is not allowed (records are never deleted or rewritten)');
END;
