-- Learning records for the partnership (issue 15 item 3): multi-agency audits, agencies' section 11
-- self-assessments and the yearly report. Multi-agency audits (MASA-SYS-6): a theme, the day, the agencies taking part,
-- how many cases were audited, what was found and the grading of practice overall. Learning
-- actions raised from an audit point at it (MASA-SYS-5). Kept under the partnership's host
-- council's la_code, versioned (record_versions), changed only at the version read, never deleted.
CREATE TABLE partnership_audits (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    theme            text NOT NULL,
    audited_on       date NOT NULL,
    -- The agencies taking part, as their codes separated by commas ("police,health").
    agencies         text NOT NULL,
    cases            integer NOT NULL,
    findings         text NOT NULL,
    grading          text NOT NULL,
    version          integer NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       uuid NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX partnership_audits_on ON partnership_audits (la_code, audited_on, id);
CREATE TRIGGER partnership_audits_never_deleted BEFORE DELETE ON partnership_audits
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

ALTER TABLE partnership_learning ADD COLUMN audit_id uuid;
ALTER TABLE partnership_learning ADD FOREIGN KEY (la_code, audit_id) REFERENCES partnership_audits (la_code, id);
CREATE INDEX partnership_learning_audit ON partnership_learning (la_code, audit_id);

-- Section 11 self-assessments (MASA-SYS-6): a relevant agency's return for a financial year (by
-- the year it starts), rating each of the eight standards met, partly met or not met with a note
-- (`ratings`, JSON: [{"standard", "rating", "note"}]). One return per agency and year. A learning
-- action may be raised from one standard of a return (MASA-SYS-5).
CREATE TABLE partnership_s11_returns (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    agency_id        uuid NOT NULL,
    year             integer NOT NULL,
    returned_on      date NOT NULL,
    ratings          text NOT NULL,
    version          integer NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, agency_id) REFERENCES partnership_agencies (la_code, id)
);
CREATE UNIQUE INDEX partnership_s11_returns_one ON partnership_s11_returns (la_code, year, agency_id);
CREATE TRIGGER partnership_s11_returns_never_deleted BEFORE DELETE ON partnership_s11_returns
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

ALTER TABLE partnership_learning ADD COLUMN s11_return_id uuid;
ALTER TABLE partnership_learning ADD COLUMN s11_standard text;
ALTER TABLE partnership_learning ADD FOREIGN KEY (la_code, s11_return_id) REFERENCES partnership_s11_returns (la_code, id);

-- The yearly report (MASA-P-9, MASA-SYS-8): one per reporting year (by the year it starts), the
-- business manager's words for each section (`narrative`, JSON: {"section": "text"}), and each
-- lead partner's sign-off by name and day. Once all three have signed it is final and is not
-- changed again (the service refuses; the row is never deleted).
CREATE TABLE partnership_reports (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    partnership_id   uuid NOT NULL,
    year             integer NOT NULL,
    narrative        text NOT NULL,
    council_signed_by text,
    council_signed_on date,
    icb_signed_by    text,
    icb_signed_on    date,
    police_signed_by text,
    police_signed_on date,
    version          integer NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, partnership_id) REFERENCES partnership_records (la_code, id)
);
CREATE UNIQUE INDEX partnership_reports_one ON partnership_reports (la_code, year);
CREATE TRIGGER partnership_reports_never_deleted BEFORE DELETE ON partnership_reports
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
