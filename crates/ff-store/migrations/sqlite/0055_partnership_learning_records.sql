-- SQLite dialect of migrations/postgres/0055_partnership_learning_records.sql: audits, section 11 returns, the yearly report. Multi-agency audits (issue
-- 15 item 3; MASA-SYS-6): a theme, the day, the agencies taking part, how many cases were
-- audited, what was found and the grading of practice overall. Learning actions raised from an
-- audit point at it (MASA-SYS-5; SQLite cannot add a two-column foreign key to an existing table,
-- so the service checks the audit exists). Versioned, changed only at the version read, never
-- deleted.
CREATE TABLE partnership_audits (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    theme            TEXT NOT NULL,
    audited_on       TEXT NOT NULL,
    -- The agencies taking part, as their codes separated by commas ("police,health").
    agencies         TEXT NOT NULL,
    cases            INTEGER NOT NULL,
    findings         TEXT NOT NULL,
    grading          TEXT NOT NULL,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       BLOB NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX partnership_audits_on ON partnership_audits (la_code, audited_on, id);
CREATE TRIGGER partnership_audits_never_deleted BEFORE DELETE ON partnership_audits
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on partnership_audits is not allowed (records are never deleted or rewritten)');
END;

ALTER TABLE partnership_learning ADD COLUMN audit_id BLOB;
CREATE INDEX partnership_learning_audit ON partnership_learning (la_code, audit_id);

-- Section 11 self-assessments (MASA-SYS-6): a relevant agency's return for a financial year (by
-- the year it starts), rating each of the eight standards met, partly met or not met with a note
-- (`ratings`, JSON). One return per agency and year. A learning action may be raised from one
-- standard of a return (MASA-SYS-5).
CREATE TABLE partnership_s11_returns (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    agency_id        BLOB NOT NULL,
    year             INTEGER NOT NULL,
    returned_on      TEXT NOT NULL,
    ratings          TEXT NOT NULL,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, agency_id) REFERENCES partnership_agencies (la_code, id)
);
CREATE UNIQUE INDEX partnership_s11_returns_one ON partnership_s11_returns (la_code, year, agency_id);
CREATE TRIGGER partnership_s11_returns_never_deleted BEFORE DELETE ON partnership_s11_returns
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on partnership_s11_returns is not allowed (records are never deleted or rewritten)');
END;

ALTER TABLE partnership_learning ADD COLUMN s11_return_id BLOB;
ALTER TABLE partnership_learning ADD COLUMN s11_standard TEXT;

-- The yearly report (MASA-P-9, MASA-SYS-8): one per reporting year, the business manager's words
-- for each section (`narrative`, JSON) and each lead partner's sign-off. Final once all three
-- have signed (the service refuses further change; the row is never deleted).
CREATE TABLE partnership_reports (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    partnership_id   BLOB NOT NULL,
    year             INTEGER NOT NULL,
    narrative        TEXT NOT NULL,
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
CREATE UNIQUE INDEX partnership_reports_one ON partnership_reports (la_code, year);
CREATE TRIGGER partnership_reports_never_deleted BEFORE DELETE ON partnership_reports
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on partnership_reports is not allowed (records are never deleted or rewritten)');
END;
