-- What the SSDA903 return needs that was not yet recorded (issue 13 item 6): a child's unique
-- pupil number (903 and CIN UPN); on the episode that ends with a move, why the placement ended
-- (903 REASON_PLACE_CHANGE, LA-7); on the first episode of a period of care, any permanence order
-- the child had before (903 PrevPerm). All optional: older rows stay as they were.
ALTER TABLE people ADD COLUMN upn TEXT;
ALTER TABLE care_episodes ADD COLUMN reason_place_change TEXT;
ALTER TABLE care_episodes ADD COLUMN previous_permanence TEXT;
ALTER TABLE care_episodes ADD COLUMN la_perm TEXT;
ALTER TABLE care_episodes ADD COLUMN date_perm TEXT;
CREATE INDEX people_upn ON people (la_code, upn) WHERE upn IS NOT NULL;
