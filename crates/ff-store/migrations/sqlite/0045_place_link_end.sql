-- Harm outside the home: why a child's link to a place or group ended, and who ended it (HOTH-1).
-- Links ended before this have neither.
ALTER TABLE place_links ADD COLUMN end_reason TEXT;
ALTER TABLE place_links ADD COLUMN ended_by BLOB;
