-- The significant adults in a child's assessment (issue 10 item 7; CSPRP *The Myth of Invisible
-- Men*, 2021): who they are, whether they were seen and whether they were assessed. An
-- assessment of a baby that saw and assessed no father or male carer keeps the reason why.
CREATE TABLE assessment_adults (
    la_code        text NOT NULL,
    assessment_id  uuid NOT NULL,
    person_id      uuid NOT NULL,
    relationship   text NOT NULL,
    father_or_male_carer boolean NOT NULL,
    seen           boolean NOT NULL,
    assessed       boolean NOT NULL,
    recorded_at    timestamptz NOT NULL,
    recorded_by    uuid,
    PRIMARY KEY (la_code, assessment_id, person_id),
    FOREIGN KEY (la_code, assessment_id) REFERENCES assessments (la_code, id),
    FOREIGN KEY (la_code, person_id) REFERENCES people (la_code, id)
);
ALTER TABLE assessments ADD COLUMN male_carer_reason text;
