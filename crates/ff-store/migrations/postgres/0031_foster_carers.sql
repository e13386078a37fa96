-- Foster carers (issue 13 item 3; CR-1 to CR-5): the council's fostering households, from the
-- first enquiry to approval and its end, with the terms of approval and the yearly review. Each
-- step is a row of foster_carer_steps; the household's row holds where it is now and bumps its
-- version on every step. Never deleted.
CREATE TABLE foster_carers (
    la_code                 text NOT NULL,
    id                      uuid NOT NULL,
    name                    text NOT NULL,
    kind                    text NOT NULL,
    postcode_area           text,
    takes_siblings          boolean NOT NULL,
    takes_teenagers         boolean NOT NULL,
    takes_uasc              boolean NOT NULL,
    takes_parent_and_child  boolean NOT NULL,
    stage                   text NOT NULL,
    stage_on                date NOT NULL,
    enquiry_on              date NOT NULL,
    last_step_on            date NOT NULL,
    closed_reason           text,
    temporary_from          date,
    temporary_until         date,
    approved_on             date,
    age_from                integer,
    age_to                  integer,
    places                  integer,
    siblings_together       boolean NOT NULL,
    exemption_reason        text,
    terms_from              date,
    last_review_on          date,
    version                 integer NOT NULL,
    created_at              timestamptz NOT NULL,
    created_by              uuid NOT NULL,
    PRIMARY KEY (la_code, id)
);
CREATE INDEX foster_carers_stage ON foster_carers (la_code, stage, name);
CREATE TRIGGER foster_carers_never_deleted BEFORE DELETE ON foster_carers
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();

CREATE TABLE foster_carer_steps (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    carer_id     uuid NOT NULL,
    step         text NOT NULL,
    step_on      date NOT NULL,
    details      text,
    created_at   timestamptz NOT NULL,
    created_by   uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, carer_id) REFERENCES foster_carers (la_code, id)
);
CREATE INDEX foster_carer_steps_carer ON foster_carer_steps (la_code, carer_id, step_on);
CREATE TRIGGER foster_carer_steps_never_deleted BEFORE DELETE ON foster_carer_steps
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
