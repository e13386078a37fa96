-- SQLite dialect of migrations/postgres/0053_partnership_arrangements.sql. The safeguarding partnership as its own record (issue 15 item 1; MASA-SYS-1): its name, the
-- councils it covers, the chair and independent scrutiny; the three statutory partners' lead and
-- delegated safeguarding partners over time (MASA-P-1..3); relevant agencies, education and
-- childcare marked (MASA-P-4, -5); published arrangements and the threshold document with each
-- lead partner's sign-off (MASA-P-2, -8, MASA-FFP-3); budget contributions (MASA-P-10). Rows are
-- kept under the owning council's la_code, versioned (record_versions), changed only at the
-- version read, ended rather than deleted, never deleted.
CREATE TABLE partnership_records (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    name             TEXT NOT NULL,
    -- The councils the partnership covers, as their codes separated by commas ("990,991").
    areas            TEXT NOT NULL,
    chair            TEXT NOT NULL,
    scrutineer       TEXT NOT NULL,
    scrutiny_from    TEXT NOT NULL,
    scrutiny_to      TEXT,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       BLOB NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE UNIQUE INDEX partnership_records_one ON partnership_records (la_code);
CREATE TRIGGER partnership_records_never_deleted BEFORE DELETE ON partnership_records
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on partnership_records is not allowed (records are never deleted or rewritten)');
END;

CREATE TABLE partnership_partners (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    partnership_id   BLOB NOT NULL,
    partner          TEXT NOT NULL,
    role             TEXT NOT NULL,
    person_name      TEXT NOT NULL,
    role_title       TEXT NOT NULL,
    from_on          TEXT NOT NULL,
    to_on            TEXT,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, partnership_id) REFERENCES partnership_records (la_code, id)
);
CREATE INDEX partnership_partners_of ON partnership_partners (la_code, partnership_id, partner, from_on);
CREATE TRIGGER partnership_partners_never_deleted BEFORE DELETE ON partnership_partners
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on partnership_partners is not allowed (records are never deleted or rewritten)');
END;

CREATE TABLE partnership_agencies (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    partnership_id   BLOB NOT NULL,
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    from_on          TEXT NOT NULL,
    to_on            TEXT,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, partnership_id) REFERENCES partnership_records (la_code, id)
);
CREATE INDEX partnership_agencies_of ON partnership_agencies (la_code, partnership_id, from_on);
CREATE TRIGGER partnership_agencies_never_deleted BEFORE DELETE ON partnership_agencies
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on partnership_agencies is not allowed (records are never deleted or rewritten)');
END;

CREATE TABLE partnership_documents (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    partnership_id   BLOB NOT NULL,
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    version_label    TEXT NOT NULL,
    published_on     TEXT NOT NULL,
    link             TEXT NOT NULL,
    council_signed_by TEXT,
    council_signed_on TEXT,
    icb_signed_by    TEXT,
    icb_signed_on    TEXT,
    police_signed_by TEXT,
    police_signed_on TEXT,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, partnership_id) REFERENCES partnership_records (la_code, id)
);
CREATE INDEX partnership_documents_of ON partnership_documents (la_code, partnership_id, kind, published_on);
CREATE TRIGGER partnership_documents_never_deleted BEFORE DELETE ON partnership_documents
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on partnership_documents is not allowed (records are never deleted or rewritten)');
END;

CREATE TABLE partnership_budget (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    partnership_id   BLOB NOT NULL,
    partner          TEXT NOT NULL,
    -- The financial year by the year it starts (2026 is April 2026 to March 2027).
    year             INTEGER NOT NULL,
    amount_pence     INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, partnership_id) REFERENCES partnership_records (la_code, id)
);
CREATE UNIQUE INDEX partnership_budget_one ON partnership_budget (la_code, partnership_id, year, partner);
CREATE TRIGGER partnership_budget_never_deleted BEFORE DELETE ON partnership_budget
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on partnership_budget is not allowed (records are never deleted or rewritten)');
END;
