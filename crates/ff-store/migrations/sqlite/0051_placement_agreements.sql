-- Placement agreements (RCC-REF-1 stage P, RCC-SHARE-2; PA-1..PA-3): what the council agreed to
-- pay for a placement each week, split between social care, education and health, how the
-- placement was found, the kind of provision and why it is at a distance; one per placement,
-- on the episode the placement began with, linked to the search's accepted offer when there was
-- one. Changed at the version read; never deleted.
CREATE TABLE placement_agreements (
    la_code            TEXT NOT NULL,
    id                 BLOB NOT NULL,
    child_id           BLOB NOT NULL,
    episode_id         BLOB NOT NULL,
    agreed_on          TEXT NOT NULL,
    weekly_cost_pence  INTEGER NOT NULL,
    social_care_pence  INTEGER NOT NULL,
    education_pence    INTEGER NOT NULL,
    health_pence       INTEGER NOT NULL,
    sourcing_route     TEXT NOT NULL,
    provision_type     TEXT NOT NULL,
    distance_reason    TEXT NOT NULL,
    offer_id           BLOB,
    version            INTEGER NOT NULL,
    created_at         TEXT NOT NULL,
    created_by         BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES care_episodes (la_code, id)
);
CREATE UNIQUE INDEX placement_agreements_episode ON placement_agreements (la_code, episode_id);
CREATE INDEX placement_agreements_child ON placement_agreements (la_code, child_id);
CREATE TRIGGER placement_agreements_never_deleted BEFORE DELETE ON placement_agreements
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on placement_agreements is not allowed (records are never deleted or rewritten)');
END;
