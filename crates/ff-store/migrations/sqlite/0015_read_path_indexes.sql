-- Indexes the benchmark's index check found missing (bench/scale/run.sh, issue 11 item 1): the
-- child's page reads every team case of a child, ended ones included, but the index covered only
-- open ones, so each view of a child's page scanned the whole table; the dashboard counts family
-- group decision making offers and meetings by date.
DROP INDEX team_cases_child;
CREATE INDEX team_cases_child ON team_cases (la_code, child_id);
CREATE INDEX fgdm_offers_offered ON fgdm_offers (la_code, offered_on);
CREATE INDEX fgdm_meeting ON fgdm (la_code, meeting_on);
