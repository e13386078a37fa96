-- The post an agency assignment covers, and its FTE (issue 14; W-SYS-4, W-RATE-4, W-RATE-5;
-- decision 0025): an assignment may name one of the council's posts (in force on its start date,
-- checked by the service) and holds an FTE in millionths (more than 0, at most 1.0). Agency FTE
-- covering vacancies is then counted post by post. Assignments already recorded name no post and
-- keep FTE 1.0, as they were counted before.
ALTER TABLE agency_assignments ADD COLUMN post_id uuid;
ALTER TABLE agency_assignments ADD COLUMN fte bigint NOT NULL DEFAULT 1000000;
ALTER TABLE agency_assignments ADD CONSTRAINT agency_assignments_post
    FOREIGN KEY (la_code, post_id) REFERENCES posts (la_code, id);
ALTER TABLE agency_assignments ADD CONSTRAINT agency_assignments_fte CHECK (fte > 0 AND fte <= 1000000);
-- The posts page: who covers each post.
CREATE INDEX agency_assignments_post ON agency_assignments (la_code, post_id, start_date) WHERE post_id IS NOT NULL;
