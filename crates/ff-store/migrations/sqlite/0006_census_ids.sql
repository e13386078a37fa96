-- SQLite dialect of migrations/postgres/0006_census_ids.sql.
-- The council's identifier for a child in statutory returns (the CIN census LAchildID): assigned
-- once, the first time the child appears in a return, and never changed. At most 20 letters and
-- digits (DfE rules 1570 and 1580).
ALTER TABLE people ADD COLUMN census_id TEXT;
CREATE UNIQUE INDEX people_census_id ON people (la_code, census_id) WHERE census_id IS NOT NULL;
