-- The safeguarding partnership as its own record (issue 15 item 1; MASA-SYS-1): its name, the
-- councils it covers, the chair and independent scrutiny; the three statutory partners' lead and
-- delegated safeguarding partners over time (MASA-P-1..3); relevant agencies, education and
-- childcare marked (MASA-P-4, -5); published arrangements and the threshold document with each
-- lead partner's sign-off (MASA-P-2, -8, MASA-FFP-3); budget contributions (MASA-P-10). Rows are
-- kept under the owning council's la_code, versioned (record_versions), changed only at the
-- version read, ended rather than deleted, never deleted.
CREATE TABLE partnership_records (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    name             text NOT NULL,
    -- The councils the partnership covers, as their codes separated by commas ("990,991").
    areas            text NOT NULL,
    chair            text NOT NULL,
    scrutineer       text NOT NULL,
    scrutiny_from    date NOT NULL,
    scrutiny_to      date,
    version          integer NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       uuid NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE UNIQUE INDEX partnership_records_one ON partnership_records (la_code);
CREATE TRIGGER partnership_records_never_deleted BEFORE DELETE ON partnership_records
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

CREATE TABLE partnership_partners (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    partnership_id   uuid NOT NULL,
    partner          text NOT NULL,
    role             text NOT NULL,
    person_name      text NOT NULL,
    role_title       text NOT NULL,
    from_on          date NOT NULL,
    to_on            date,
    version          integer NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, partnership_id) REFERENCES partnership_records (la_code, id)
);
CREATE INDEX partnership_partners_of ON partnership_partners (la_code, partnership_id, partner, from_on);
CREATE TRIGGER partnership_partners_never_deleted BEFORE DELETE ON partnership_partners
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

CREATE TABLE partnership_agencies (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    partnership_id   uuid NOT NULL,
    name             text NOT NULL,
    kind             text NOT NULL,
    from_on          date NOT NULL,
    to_on            date,
    version          integer NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, partnership_id) REFERENCES partnership_records (la_code, id)
);
CREATE INDEX partnership_agencies_of ON partnership_agencies (la_code, partnership_id, from_on);
CREATE TRIGGER partnership_agencies_never_deleted BEFORE DELETE ON partnership_agencies
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

CREATE TABLE partnership_documents (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    partnership_id   uuid NOT NULL,
    kind             text NOT NULL,
    title            text NOT NULL,
    version_label    text NOT NULL,
    published_on     date NOT NULL,
    link             text NOT NULL,
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
CREATE INDEX partnership_documents_of ON partnership_documents (la_code, partnership_id, kind, published_on);
CREATE TRIGGER partnership_documents_never_deleted BEFORE DELETE ON partnership_documents
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

CREATE TABLE partnership_budget (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    partnership_id   uuid NOT NULL,
    partner          text NOT NULL,
    -- The financial year by the year it starts (2026 is April 2026 to March 2027).
    year             integer NOT NULL,
    amount_pence     bigint NOT NULL,
    version          integer NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, partnership_id) REFERENCES partnership_records (la_code, id)
);
CREATE UNIQUE INDEX partnership_budget_one ON partnership_budget (la_code, partnership_id, year, partner);
CREATE TRIGGER partnership_budget_never_deleted BEFORE DELETE ON partnership_budget
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
