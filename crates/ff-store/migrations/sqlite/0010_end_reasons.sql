-- Ending kinship care or a team's work on a case is confirmed on its own page with a reason,
-- kept with the record (expand only: a new nullable column, earlier rows keep NULL).
ALTER TABLE kinship_arrangements ADD COLUMN end_reason text;
ALTER TABLE team_cases ADD COLUMN end_reason text;
