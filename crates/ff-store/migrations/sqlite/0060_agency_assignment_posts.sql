-- SQLite dialect of migrations/postgres/0060_agency_assignment_posts.sql.
-- The post an agency assignment covers, and its FTE (issue 14; W-SYS-4, W-RATE-4, W-RATE-5;
-- decision 0025): an assignment may name one of the council's posts (in force on its start date,
-- checked by the service) and holds an FTE in millionths (more than 0, at most 1.0). Agency FTE
-- covering vacancies is then counted post by post. Assignments already recorded name no post and
-- keep FTE 1.0, as they were counted before. (SQLite cannot add a two-column foreign key to a
-- table: the service checks the post is the council's.)
ALTER TABLE agency_assignments ADD COLUMN post_id BLOB;
ALTER TABLE agency_assignments ADD COLUMN fte INTEGER NOT NULL DEFAULT 1000000 CHECK (fte > 0 AND fte <= 1000000);
-- The posts page: who covers each post.
CREATE INDEX agency_assignments_post ON agency_assignments (la_code, post_id, start_date) WHERE post_id IS NOT NULL;
