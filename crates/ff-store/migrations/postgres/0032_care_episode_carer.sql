-- A placement with the council's own foster carers names the household (issue 13 items 1 and 3;
-- CR-6), so a household's vacancies are its approved places less the children placed with it now.
ALTER TABLE care_episodes ADD COLUMN carer_id uuid;
CREATE INDEX care_episodes_carer_open ON care_episodes (la_code, carer_id) WHERE end_date IS NULL AND carer_id IS NOT NULL;
