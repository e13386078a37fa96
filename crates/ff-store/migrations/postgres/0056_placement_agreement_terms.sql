-- The terms of a placement agreement over time (PA-4): a change of weekly cost is agreed from a
-- day, and the days before keep the terms they had, so a past day's sufficiency figures and the
-- region's monthly snapshot show what was paid then. Rows are only added: a later row for the
-- same day corrects an earlier one. The first terms of every agreement already recorded are
-- copied here from the agreement itself.
CREATE TABLE placement_agreement_terms (
    la_code            text NOT NULL,
    id                 uuid NOT NULL,
    agreement_id       uuid NOT NULL,
    child_id           uuid NOT NULL,
    from_date          date NOT NULL,
    weekly_cost_pence  bigint NOT NULL,
    social_care_pence  bigint NOT NULL,
    education_pence    bigint NOT NULL,
    health_pence       bigint NOT NULL,
    created_at         timestamptz NOT NULL,
    created_by         uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, agreement_id) REFERENCES placement_agreements (la_code, id),
    FOREIGN KEY (la_code, child_id) REFERENCES people (la_code, id)
);
CREATE INDEX placement_agreement_terms_child ON placement_agreement_terms (la_code, child_id, from_date);
CREATE INDEX placement_agreement_terms_agreement ON placement_agreement_terms (la_code, agreement_id, from_date);
CREATE TRIGGER placement_agreement_terms_never_changed BEFORE UPDATE OR DELETE ON placement_agreement_terms
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
INSERT INTO placement_agreement_terms (la_code, id, agreement_id, child_id, from_date, weekly_cost_pence,
                                       social_care_pence, education_pence, health_pence, created_at, created_by)
SELECT la_code, id, id, child_id, agreed_on, weekly_cost_pence, social_care_pence, education_pence, health_pence,
       created_at, created_by
FROM placement_agreements;
-- The council's own foster places on a past day (sufficiency): the children placed with each
-- household then.
CREATE INDEX care_episodes_carer ON care_episodes (la_code, carer_id, start_date) WHERE carer_id IS NOT NULL;
