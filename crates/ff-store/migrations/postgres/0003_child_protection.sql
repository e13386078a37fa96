-- Child protection, first slice (issue 4): LCPP designation, strategy discussions with their
-- attendees, and section 47 enquiries linked to the strategy discussion that started them (T9).

ALTER TABLE users ADD COLUMN lcpp_designated_on date;
ALTER TABLE users ADD COLUMN lcpp_evidence text;

CREATE TABLE strategy_discussions (
    la_code                    text NOT NULL REFERENCES las (la_code),
    id                         uuid NOT NULL,
    episode_id                 uuid NOT NULL,
    child_id                   uuid NOT NULL,
    held_on                    date NOT NULL,
    decision                   text NOT NULL,
    plan                       text NOT NULL,
    safety_actions             text,
    other_children_considered  text NOT NULL,
    missing_agencies           text NOT NULL,
    missing_agencies_reason    text,
    created_at                 timestamptz NOT NULL,
    created_by                 uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX strategy_discussions_child ON strategy_discussions (la_code, child_id);

CREATE TABLE strategy_attendees (
    la_code                text NOT NULL,
    strategy_discussion_id uuid NOT NULL,
    position               integer NOT NULL,
    agency                 text NOT NULL,
    name                   text NOT NULL,
    role                   text,
    PRIMARY KEY (la_code, strategy_discussion_id, position),
    FOREIGN KEY (la_code, strategy_discussion_id) REFERENCES strategy_discussions (la_code, id)
);

CREATE TABLE s47_enquiries (
    la_code                 text NOT NULL,
    id                      uuid NOT NULL,
    episode_id              uuid NOT NULL,
    child_id                uuid NOT NULL,
    strategy_discussion_id  uuid NOT NULL,
    start_date              date NOT NULL,
    lead_id                 uuid NOT NULL,
    icpc_due                date NOT NULL,
    outcome                 text,
    conference_required     boolean,
    no_conference_reason    text,
    concluded_on            date,
    version                 integer NOT NULL,
    created_at              timestamptz NOT NULL,
    created_by              uuid,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES episodes (la_code, id),
    FOREIGN KEY (la_code, strategy_discussion_id) REFERENCES strategy_discussions (la_code, id),
    FOREIGN KEY (la_code, lead_id) REFERENCES users (la_code, id)
);
CREATE INDEX s47_child ON s47_enquiries (la_code, child_id);
CREATE INDEX s47_open_lead ON s47_enquiries (la_code, lead_id) WHERE concluded_on IS NULL;

CREATE TRIGGER strategy_discussions_never_changed BEFORE UPDATE OR DELETE ON strategy_discussions FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER strategy_attendees_never_changed BEFORE UPDATE OR DELETE ON strategy_attendees FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TRIGGER s47_never_deleted BEFORE DELETE ON s47_enquiries FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
