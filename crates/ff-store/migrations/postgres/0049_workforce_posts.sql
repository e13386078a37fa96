-- The establishment (issue 14; W-SYS-2, W-SYS-3, W-SYS-6): the council's funded posts, the
-- permanent employment episodes that fill them, and workers' absences, from which the workforce
-- rates W-RATE-1..7 are counted on a date. Council-owned; posts and episodes are versioned (a post
-- is closed with an end date, an episode ended with a leaving reason); nothing is deleted.
CREATE TABLE posts (
    la_code        text NOT NULL,
    id             uuid NOT NULL,
    team_id        uuid NOT NULL,
    title          text NOT NULL,
    role_type      text NOT NULL,
    funded_fte     bigint NOT NULL,
    case_holding   boolean NOT NULL,
    from_date      date NOT NULL,
    to_date        date,
    version        integer NOT NULL,
    created_at     timestamptz NOT NULL,
    created_by     uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, team_id) REFERENCES teams (la_code, id)
);
CREATE INDEX posts_team ON posts (la_code, team_id, from_date);
CREATE TRIGGER posts_never_deleted BEFORE DELETE ON posts
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE employment_episodes (
    la_code        text NOT NULL,
    id             uuid NOT NULL,
    worker_id      uuid NOT NULL,
    post_id        uuid NOT NULL,
    weekly_minutes integer NOT NULL,
    fte            bigint NOT NULL,
    start_date     date NOT NULL,
    end_date       date,
    reason_leave   text,
    version        integer NOT NULL,
    created_at     timestamptz NOT NULL,
    created_by     uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, worker_id) REFERENCES workers (la_code, id),
    FOREIGN KEY (la_code, post_id) REFERENCES posts (la_code, id)
);
CREATE INDEX employment_episodes_worker ON employment_episodes (la_code, worker_id, start_date);
CREATE INDEX employment_episodes_post ON employment_episodes (la_code, post_id, start_date);
CREATE TRIGGER employment_episodes_never_deleted BEFORE DELETE ON employment_episodes
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
CREATE TABLE worker_absences (
    la_code          text NOT NULL,
    id               uuid NOT NULL,
    worker_id        uuid NOT NULL,
    reason           text NOT NULL,
    from_date        date NOT NULL,
    to_date          date NOT NULL,
    days_lost_x100   integer NOT NULL,
    created_at       timestamptz NOT NULL,
    created_by       uuid NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, worker_id) REFERENCES workers (la_code, id)
);
CREATE INDEX worker_absences_worker ON worker_absences (la_code, worker_id, from_date);
CREATE INDEX worker_absences_from ON worker_absences (la_code, from_date);
CREATE TRIGGER worker_absences_never_deleted BEFORE DELETE ON worker_absences
    FOR EACH ROW EXECUTE FUNCTION ff_refuse_change();
