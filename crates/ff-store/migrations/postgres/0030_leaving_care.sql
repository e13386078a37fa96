-- Leaving care (issue 13 item 4; LC-2..LC-6, T32-T35): pathway plans (each review a new plan),
-- personal advisers allocated and their contacts, where the young person lives and what they do
-- (903 OC3 codes), Staying Put and Staying Close, and money paid against the setting-up-home
-- allowance and the apprenticeship bursary. Never deleted.
CREATE TABLE pathway_plans (
    la_code        text NOT NULL,
    id             uuid NOT NULL,
    child_id       uuid NOT NULL,
    agreed_on      date NOT NULL,
    accommodation  text NOT NULL,
    education      text NOT NULL,
    health         text NOT NULL,
    money          text NOT NULL,
    relationships  text NOT NULL,
    version        integer NOT NULL,
    created_at     timestamptz NOT NULL,
    created_by     uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX pathway_plans_child ON pathway_plans (la_code, child_id, agreed_on);
CREATE TRIGGER pathway_plans_never_deleted BEFORE DELETE ON pathway_plans
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

CREATE TABLE adviser_allocations (
    la_code     text NOT NULL,
    id          uuid NOT NULL,
    child_id    uuid NOT NULL,
    adviser_id  uuid NOT NULL,
    from_on     date NOT NULL,
    to_on       date,
    version     integer NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX adviser_allocations_child ON adviser_allocations (la_code, child_id, from_on);
CREATE INDEX adviser_allocations_open ON adviser_allocations (la_code, adviser_id) WHERE to_on IS NULL;
CREATE TRIGGER adviser_allocations_never_deleted BEFORE DELETE ON adviser_allocations
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

CREATE TABLE adviser_contacts (
    la_code     text NOT NULL,
    id          uuid NOT NULL,
    child_id    uuid NOT NULL,
    contact_on  date NOT NULL,
    kind        text NOT NULL,
    note        text NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX adviser_contacts_child ON adviser_contacts (la_code, child_id, contact_on);
CREATE TRIGGER adviser_contacts_never_deleted BEFORE DELETE ON adviser_contacts
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

CREATE TABLE care_leaver_circumstances (
    la_code        text NOT NULL,
    id             uuid NOT NULL,
    child_id       uuid NOT NULL,
    from_on        date NOT NULL,
    in_touch       text NOT NULL,
    activity       text,
    accommodation  text,
    created_at     timestamptz NOT NULL,
    created_by     uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_leaver_circumstances_child ON care_leaver_circumstances (la_code, child_id, from_on);
CREATE TRIGGER care_leaver_circumstances_never_deleted BEFORE DELETE ON care_leaver_circumstances
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

CREATE TABLE staying_arrangements (
    la_code     text NOT NULL,
    id          uuid NOT NULL,
    child_id    uuid NOT NULL,
    kind        text NOT NULL,
    carer       text NOT NULL,
    from_on     date NOT NULL,
    to_on       date,
    end_reason  text,
    version     integer NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX staying_arrangements_child ON staying_arrangements (la_code, child_id, from_on);
CREATE TRIGGER staying_arrangements_never_deleted BEFORE DELETE ON staying_arrangements
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

CREATE TABLE leaving_care_payments (
    la_code       text NOT NULL,
    id            uuid NOT NULL,
    child_id      uuid NOT NULL,
    kind          text NOT NULL,
    paid_on       date NOT NULL,
    amount_pence  bigint NOT NULL,
    purpose       text NOT NULL,
    created_at    timestamptz NOT NULL,
    created_by    uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX leaving_care_payments_child ON leaving_care_payments (la_code, child_id, paid_on);
CREATE TRIGGER leaving_care_payments_never_deleted BEFORE DELETE ON leaving_care_payments
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
