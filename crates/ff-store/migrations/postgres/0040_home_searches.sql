-- Searching for a home for a child (RCC-REF-1, RCC-SHARE-5, RCC-SHARE-7; HS-1..HS-3; decision
-- 0017): the referral with what the child needs, the providers' answers (offers and refusals,
-- with reasons) and the council's decision on each offer, and how the search ended. Every search
-- is kept, failed ones included. Council-owned, versioned where they change, never deleted.
CREATE TABLE home_searches (
    la_code              text NOT NULL,
    id                   uuid NOT NULL,
    child_id             uuid NOT NULL,
    status               text NOT NULL,
    urgency              text NOT NULL,
    home_kind            text NOT NULL,
    needed_by            date NOT NULL,
    siblings             integer NOT NULL,
    near_family          boolean NOT NULL,
    family_sector        text,
    stay_at_school       boolean NOT NULL,
    needs                text NOT NULL,
    risk_to_child        text NOT NULL,
    risk_to_others       text NOT NULL,
    started_on           date NOT NULL,
    ended_on             date,
    end_reason           text,
    placed_with          uuid,
    version              integer NOT NULL,
    created_at           timestamptz NOT NULL,
    created_by           uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX home_searches_child ON home_searches (la_code, child_id, started_on);
CREATE INDEX home_searches_status ON home_searches (la_code, status, started_on, id);
CREATE UNIQUE INDEX home_searches_open ON home_searches (la_code, child_id) WHERE status = 'open';
CREATE TRIGGER home_searches_never_deleted BEFORE DELETE ON home_searches
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE home_search_answers (
    la_code              text NOT NULL,
    id                   uuid NOT NULL,
    search_id            uuid NOT NULL,
    provider_urn         text,
    provider_name        text NOT NULL,
    answered_on          date NOT NULL,
    answer               text NOT NULL,
    reason               text,
    weekly_cost_pence    bigint,
    start_on             date,
    decision             text,
    decision_reason      text,
    decided_on           date,
    version              integer NOT NULL,
    created_at           timestamptz NOT NULL,
    created_by           uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, search_id) REFERENCES home_searches (la_code, id)
);
CREATE INDEX home_search_answers_search ON home_search_answers (la_code, search_id, answered_on);
CREATE TRIGGER home_search_answers_never_deleted BEFORE DELETE ON home_search_answers
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
