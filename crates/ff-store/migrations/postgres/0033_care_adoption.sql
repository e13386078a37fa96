-- Adoption for a child in care (issue 13 item 1; LA-11; the SSDA903 PlacedAdoption and AD1 tables):
-- each decision that the child should be placed for adoption, the match with prospective adopters
-- under it, and, if it no longer stands, when and why it ended. Never deleted; each step bumps
-- the version.
CREATE TABLE care_adoption_decisions (
    la_code                text NOT NULL,
    id                     uuid NOT NULL,
    child_id               uuid NOT NULL,
    decided_on             date NOT NULL,
    matched_on             date,
    adopters_sex           text,
    adopters_legal_status  text,
    ceased_on              date,
    ceased_reason          text,
    version                integer NOT NULL,
    created_at             timestamptz NOT NULL,
    created_by             uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX care_adoption_decisions_child ON care_adoption_decisions (la_code, child_id, decided_on);
CREATE TRIGGER care_adoption_decisions_never_deleted BEFORE DELETE ON care_adoption_decisions
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
-- Who decided a move (LA-7): the person or meeting that decided the child should move to this
-- placement, on the episode the move begins.
ALTER TABLE care_episodes ADD COLUMN move_decided_by text;
