-- Foundation schema (issue 2). Every council-owned table carries la_code as the first column of
-- its primary key, so one database can hold several councils and rows can be sharded by council.
-- Forward-only: never edit this file once released; add a new numbered migration instead.

CREATE TABLE las (
    la_code     text PRIMARY KEY CHECK (la_code ~ '^[0-9]{3}$'),
    created_at  timestamptz NOT NULL
);

-- Settings are versioned: each change appends a row; the current settings are the highest version.
CREATE TABLE la_settings (
    la_code     text NOT NULL REFERENCES las (la_code),
    version     integer NOT NULL CHECK (version > 0),
    data        jsonb NOT NULL,
    changed_by  uuid,
    changed_at  timestamptz NOT NULL,
    PRIMARY KEY (la_code, version)
);

CREATE TABLE teams (
    la_code     text NOT NULL REFERENCES las (la_code),
    id          uuid NOT NULL,
    name        text NOT NULL,
    kind        text NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (la_code, id)
);

CREATE TABLE users (
    la_code                 text NOT NULL REFERENCES las (la_code),
    id                      uuid NOT NULL,
    username                text NOT NULL,
    display_name            text NOT NULL,
    role                    text NOT NULL,
    agency                  text NOT NULL,
    password_hash           text NOT NULL,
    swe_registration_number text,
    swe_status              text,
    qualification_date      date,
    active                  boolean NOT NULL,
    version                 integer NOT NULL,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    PRIMARY KEY (la_code, id)
);
-- Sign-in does not ask for the council, so usernames are unique across the database.
CREATE UNIQUE INDEX users_username ON users (username);

CREATE TABLE team_members (
    la_code     text NOT NULL,
    team_id     uuid NOT NULL,
    user_id     uuid NOT NULL,
    added_at    timestamptz NOT NULL,
    PRIMARY KEY (la_code, team_id, user_id),
    FOREIGN KEY (la_code, team_id) REFERENCES teams (la_code, id),
    FOREIGN KEY (la_code, user_id) REFERENCES users (la_code, id)
);
CREATE INDEX team_members_user ON team_members (la_code, user_id);

-- Sessions and API tokens are stored as SHA-256 hashes of the secret the client holds.
CREATE TABLE sessions (
    token_hash   text PRIMARY KEY,
    la_code      text NOT NULL,
    user_id      uuid NOT NULL,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    ended_at     timestamptz,
    FOREIGN KEY (la_code, user_id) REFERENCES users (la_code, id)
);

CREATE TABLE api_tokens (
    token_hash   text PRIMARY KEY,
    la_code      text NOT NULL,
    user_id      uuid NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    FOREIGN KEY (la_code, user_id) REFERENCES users (la_code, id)
);

-- Sign-in attempts, for throttling. Not council-owned: an attempt may name no real user.
CREATE TABLE login_attempts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username    text NOT NULL,
    client      text NOT NULL,
    at          timestamptz NOT NULL,
    succeeded   boolean NOT NULL
);
CREATE INDEX login_attempts_username ON login_attempts (username, at);
CREATE INDEX login_attempts_client ON login_attempts (client, at);

CREATE TABLE people (
    la_code                 text NOT NULL REFERENCES las (la_code),
    id                      uuid NOT NULL,
    given_name              text NOT NULL,
    family_name             text NOT NULL,
    other_names             text,
    search_given            text NOT NULL,
    search_family           text NOT NULL,
    date_of_birth           date,
    expected_date_of_birth  date,
    sex                     text NOT NULL,
    ethnicity               text,
    nhs_number              text,
    nhs_number_verified     boolean NOT NULL,
    merged_into             uuid,
    version                 integer NOT NULL,
    created_at              timestamptz NOT NULL,
    created_by              uuid,
    updated_at              timestamptz NOT NULL,
    updated_by              uuid,
    PRIMARY KEY (la_code, id)
);
-- The NHS number is the consistent identifier: unique per LA among records not merged away.
CREATE UNIQUE INDEX people_nhs_number ON people (la_code, nhs_number)
    WHERE nhs_number IS NOT NULL AND merged_into IS NULL;
CREATE INDEX people_dob ON people (la_code, date_of_birth);
CREATE INDEX people_search_family ON people (la_code, search_family text_pattern_ops);
CREATE INDEX people_search_given ON people (la_code, search_given text_pattern_ops);

-- Every version of every editable record, as JSON: edits never overwrite history.
CREATE TABLE record_versions (
    la_code     text NOT NULL,
    record_type text NOT NULL,
    record_id   uuid NOT NULL,
    version     integer NOT NULL,
    data        jsonb NOT NULL,
    changed_by  uuid,
    changed_at  timestamptz NOT NULL,
    PRIMARY KEY (la_code, record_type, record_id, version)
);

-- "from_person is the <kind> of to_person".
CREATE TABLE relationships (
    la_code                 text NOT NULL,
    id                      uuid NOT NULL,
    from_person_id          uuid NOT NULL,
    to_person_id            uuid NOT NULL,
    kind                    text NOT NULL,
    parental_responsibility boolean NOT NULL,
    pr_basis                text,
    start_date              date,
    end_date                date,
    version                 integer NOT NULL,
    created_at              timestamptz NOT NULL,
    created_by              uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, from_person_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, to_person_id) REFERENCES people (la_code, id),
    CHECK (from_person_id <> to_person_id)
);
CREATE INDEX relationships_from ON relationships (la_code, from_person_id);
CREATE INDEX relationships_to ON relationships (la_code, to_person_id);

CREATE TABLE households (
    la_code     text NOT NULL REFERENCES las (la_code),
    id          uuid NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  uuid,
    PRIMARY KEY (la_code, id)
);

CREATE TABLE household_members (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    household_id uuid NOT NULL,
    person_id    uuid NOT NULL,
    membership   text NOT NULL,
    start_date   date NOT NULL,
    end_date     date,
    version      integer NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, household_id) REFERENCES households (la_code, id),
    FOREIGN KEY (la_code, person_id) REFERENCES people (la_code, id)
);
CREATE INDEX household_members_household ON household_members (la_code, household_id);
CREATE INDEX household_members_person ON household_members (la_code, person_id);

CREATE TABLE addresses (
    la_code     text NOT NULL,
    id          uuid NOT NULL,
    person_id   uuid NOT NULL,
    line1       text NOT NULL,
    line2       text,
    town        text NOT NULL,
    postcode    text NOT NULL,
    start_date  date NOT NULL,
    end_date    date,
    version     integer NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, person_id) REFERENCES people (la_code, id)
);
CREATE INDEX addresses_person ON addresses (la_code, person_id);

-- A merge moves the merged record's links to the surviving record and remembers which rows moved.
CREATE TABLE merges (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    survivor_id  uuid NOT NULL,
    merged_id    uuid NOT NULL,
    moved        jsonb NOT NULL,
    reason       text NOT NULL,
    merged_by    uuid,
    merged_at    timestamptz NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, survivor_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, merged_id) REFERENCES people (la_code, id)
);

-- England and Wales bank holidays: national data, not council-owned. Versioned by never deleting:
-- a withdrawn day is marked, not removed.
CREATE TABLE bank_holidays (
    holiday_date date PRIMARY KEY,
    name         text NOT NULL,
    added_at     timestamptz NOT NULL,
    added_by     uuid,
    withdrawn_at timestamptz
);

CREATE TABLE audit_heads (
    la_code     text PRIMARY KEY,
    seq         bigint NOT NULL,
    last_hash   text NOT NULL
);

CREATE TABLE audit_events (
    la_code     text NOT NULL,
    seq         bigint NOT NULL,
    at          timestamptz NOT NULL,
    actor_id    uuid,
    actor_role  text NOT NULL,
    action      text NOT NULL,
    record_type text NOT NULL,
    record_id   text,
    summary     text NOT NULL,
    prev_hash   text NOT NULL,
    hash        text NOT NULL,
    PRIMARY KEY (la_code, seq)
);
CREATE INDEX audit_events_record ON audit_events (la_code, record_type, record_id);

-- Append-only and never-deleted tables refuse changes at the database too.
CREATE FUNCTION ff_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Families First: % on % is not allowed (records are never deleted or rewritten)', TG_OP, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER record_versions_append_only BEFORE UPDATE OR DELETE ON record_versions
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER la_settings_append_only BEFORE UPDATE OR DELETE ON la_settings
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER people_never_deleted BEFORE DELETE ON people
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER relationships_never_deleted BEFORE DELETE ON relationships
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER household_members_never_deleted BEFORE DELETE ON household_members
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER addresses_never_deleted BEFORE DELETE ON addresses
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER bank_holidays_never_deleted BEFORE DELETE ON bank_holidays
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
