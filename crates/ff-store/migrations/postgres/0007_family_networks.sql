-- Family networks (issue 5): the network map around a child, family group decision making with
-- the offer to each person with parental responsibility, pre-proceedings under the Public Law
-- Outline (R-PLO-1..3) and kinship care arrangements.

CREATE TABLE network_members (
    la_code            text NOT NULL REFERENCES las (la_code),
    id                 uuid NOT NULL,
    child_id           uuid NOT NULL,
    person_id          uuid NOT NULL,
    relationship       text NOT NULL,
    contact_details    text,
    willingness        text NOT NULL,
    capacity           text,
    invited            boolean NOT NULL,
    note               text,
    version            integer NOT NULL,
    created_at         timestamptz NOT NULL,
    created_by         uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, person_id) REFERENCES people (la_code, id)
);
CREATE INDEX network_members_child ON network_members (la_code, child_id);

-- state: referred, offered, meeting_arranged, meeting_held, plan_agreed, declined, exempted, closed
CREATE TABLE fgdm (
    la_code            text NOT NULL,
    id                 uuid NOT NULL,
    child_id           uuid NOT NULL,
    stage              text NOT NULL,
    state              text NOT NULL,
    referred_on        date NOT NULL,
    coordinator        text,
    meeting_on         date,
    private_family_time boolean,
    plan_proposed      text,
    plan_agreed        text,
    agreed_on          date,
    review_on          date,
    outcome            text,
    exemption_reason   text,
    no_network_reason  text,
    version            integer NOT NULL,
    created_at         timestamptz NOT NULL,
    created_by         uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX fgdm_child ON fgdm (la_code, child_id);

CREATE TABLE fgdm_offers (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    fgdm_id      uuid NOT NULL,
    person_id    uuid NOT NULL,
    offered_on   date NOT NULL,
    answer       text,
    answered_on  date,
    version      integer NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, fgdm_id) REFERENCES fgdm (la_code, id),
    FOREIGN KEY (la_code, person_id) REFERENCES people (la_code, id)
);
CREATE INDEX fgdm_offers_fgdm ON fgdm_offers (la_code, fgdm_id);

CREATE TABLE plo_cases (
    la_code                   text NOT NULL,
    id                        uuid NOT NULL,
    child_id                  uuid NOT NULL,
    fgdm_id                   uuid,
    gateway_on                date NOT NULL,
    gateway_decision          text NOT NULL,
    letter_sent_on            date,
    letter_includes_fgdm_offer boolean,
    application_issued_on     date,
    application_kind          text,
    outcome                   text,
    ended_on                  date,
    version                   integer NOT NULL,
    created_at                timestamptz NOT NULL,
    created_by                uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, fgdm_id) REFERENCES fgdm (la_code, id)
);
CREATE INDEX plo_cases_child ON plo_cases (la_code, child_id);

CREATE TABLE plo_meetings (
    la_code      text NOT NULL,
    id           uuid NOT NULL,
    plo_id       uuid NOT NULL,
    held_on      date NOT NULL,
    note         text NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, plo_id) REFERENCES plo_cases (la_code, id)
);
CREATE INDEX plo_meetings_plo ON plo_meetings (la_code, plo_id);

CREATE TABLE kinship_arrangements (
    la_code              text NOT NULL,
    id                   uuid NOT NULL,
    child_id             uuid NOT NULL,
    carer_id             uuid NOT NULL,
    kind                 text NOT NULL,
    start_date           date NOT NULL,
    end_date             date,
    training             boolean NOT NULL,
    weekly_allowance_pence bigint,
    other_support        text,
    version              integer NOT NULL,
    created_at           timestamptz NOT NULL,
    created_by           uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, carer_id) REFERENCES people (la_code, id)
);
CREATE INDEX kinship_child ON kinship_arrangements (la_code, child_id);
CREATE INDEX kinship_open ON kinship_arrangements (la_code, start_date) WHERE end_date IS NULL;

CREATE TRIGGER network_members_never_deleted BEFORE DELETE ON network_members FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER fgdm_never_deleted BEFORE DELETE ON fgdm FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER fgdm_offers_never_deleted BEFORE DELETE ON fgdm_offers FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER plo_cases_never_deleted BEFORE DELETE ON plo_cases FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER plo_meetings_never_changed BEFORE UPDATE OR DELETE ON plo_meetings FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER kinship_never_deleted BEFORE DELETE ON kinship_arrangements FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
