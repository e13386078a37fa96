-- Placement agreements (RCC-REF-1 stage P, RCC-SHARE-2; PA-1..PA-3): what the council agreed to
-- pay for a placement each week, split between social care, education and health, how the
-- placement was found, the kind of provision and why it is at a distance; one per placement,
-- on the episode the placement began with, linked to the search's accepted offer when there was
-- one. Changed at the version read; never deleted.
CREATE TABLE placement_agreements (
    la_code            text NOT NULL,
    id                 uuid NOT NULL,
    child_id           uuid NOT NULL,
    episode_id         uuid NOT NULL,
    agreed_on          date NOT NULL,
    weekly_cost_pence  bigint NOT NULL,
    social_care_pence  bigint NOT NULL,
    education_pence    bigint NOT NULL,
    health_pence       bigint NOT NULL,
    sourcing_route     text NOT NULL,
    provision_type     text NOT NULL,
    distance_reason    text NOT NULL,
    offer_id           uuid,
    version            integer NOT NULL,
    created_at         timestamptz NOT NULL,
    created_by         uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id),
    FOREIGN KEY (la_code, episode_id) REFERENCES care_episodes (la_code, id)
);
CREATE UNIQUE INDEX placement_agreements_episode ON placement_agreements (la_code, episode_id);
CREATE INDEX placement_agreements_child ON placement_agreements (la_code, child_id);
CREATE TRIGGER placement_agreements_never_deleted BEFORE DELETE ON placement_agreements
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
