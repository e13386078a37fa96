-- The workforce (issue 14; W-SYS-1, W-SYS-4, W-SYS-5): workers (linked to a user account when they
-- have one), their experience ledger, and agency assignments with what the agency rules found
-- (W-AG-1..6) and the sign-offs of a rate over the cap. Council-owned, versioned, never deleted.
CREATE TABLE workers (
    la_code        text NOT NULL,
    id             uuid NOT NULL,
    user_id        uuid,
    name           text NOT NULL,
    swe_number     text,
    qualified_on   date,
    version        integer NOT NULL,
    created_at     timestamptz NOT NULL,
    created_by     uuid NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX workers_name ON workers (la_code, name, id);
CREATE UNIQUE INDEX workers_user ON workers (la_code, user_id) WHERE user_id IS NOT NULL;
CREATE TRIGGER workers_never_deleted BEFORE DELETE ON workers
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE worker_experience (
    la_code                text NOT NULL,
    id                     uuid NOT NULL,
    worker_id              uuid NOT NULL,
    employer               text NOT NULL,
    employer_kind          text NOT NULL,
    country                text NOT NULL,
    region                 text,
    children_and_families  boolean NOT NULL,
    engagement             text NOT NULL,
    registered             boolean NOT NULL,
    from_date              date NOT NULL,
    to_date                date,
    left_because           text,
    created_at             timestamptz NOT NULL,
    created_by             uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, worker_id) REFERENCES workers (la_code, id)
);
CREATE INDEX worker_experience_worker ON worker_experience (la_code, worker_id, from_date);
CREATE TRIGGER worker_experience_never_deleted BEFORE DELETE ON worker_experience
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE agency_assignments (
    la_code               text NOT NULL,
    id                    uuid NOT NULL,
    worker_id             uuid NOT NULL,
    agency                text NOT NULL,
    role_type             text NOT NULL,
    team                  text NOT NULL,
    start_date            date NOT NULL,
    planned_end           date,
    ended_on              date,
    notice_days           integer NOT NULL,
    pay_pence             integer NOT NULL,
    employer_ni_pence     integer NOT NULL,
    holiday_pence         integer NOT NULL,
    levy_pence            integer NOT NULL,
    fee_pence             integer NOT NULL,
    cap_pence             integer,
    over_cap_by_pence     integer,
    over_cap_reason       text,
    packaged_supplier     text,
    references_received   integer NOT NULL,
    cooling_off_exception text,
    non_compliance        text NOT NULL,
    status                text NOT NULL,
    dcs_signed_by         text,
    dcs_signed_on         date,
    ceo_signed_by         text,
    ceo_signed_on         date,
    version               integer NOT NULL,
    created_at            timestamptz NOT NULL,
    created_by            uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, worker_id) REFERENCES workers (la_code, id)
);
CREATE INDEX agency_assignments_worker ON agency_assignments (la_code, worker_id, start_date);
CREATE INDEX agency_assignments_start ON agency_assignments (la_code, start_date, id);
CREATE TRIGGER agency_assignments_never_deleted BEFORE DELETE ON agency_assignments
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
