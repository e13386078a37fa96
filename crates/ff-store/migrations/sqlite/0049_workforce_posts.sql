-- SQLite dialect of migrations/postgres/0049_workforce_posts.sql.
-- The establishment (issue 14; W-SYS-2, W-SYS-3, W-SYS-6): the council's funded posts, the
-- permanent employment episodes that fill them, and workers' absences, from which the workforce
-- rates W-RATE-1..7 are counted on a date. Council-owned; posts and episodes are versioned (a post
-- is closed with an end date, an episode ended with a leaving reason); nothing is deleted.
CREATE TABLE posts (
    la_code        TEXT NOT NULL,
    id             BLOB NOT NULL,
    team_id        BLOB NOT NULL,
    title          TEXT NOT NULL,
    role_type      TEXT NOT NULL,
    funded_fte     INTEGER NOT NULL,
    case_holding   BOOLEAN NOT NULL,
    from_date      TEXT NOT NULL,
    to_date        TEXT,
    version        INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, team_id) REFERENCES teams (la_code, id)
);
CREATE INDEX posts_team ON posts (la_code, team_id, from_date);
CREATE TRIGGER posts_never_deleted BEFORE DELETE ON posts
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on posts is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE employment_episodes (
    la_code        TEXT NOT NULL,
    id             BLOB NOT NULL,
    worker_id      BLOB NOT NULL,
    post_id        BLOB NOT NULL,
    weekly_minutes INTEGER NOT NULL,
    fte            INTEGER NOT NULL,
    start_date     TEXT NOT NULL,
    end_date       TEXT,
    reason_leave   TEXT,
    version        INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, worker_id) REFERENCES workers (la_code, id),
    FOREIGN KEY (la_code, post_id) REFERENCES posts (la_code, id)
);
CREATE INDEX employment_episodes_worker ON employment_episodes (la_code, worker_id, start_date);
CREATE INDEX employment_episodes_post ON employment_episodes (la_code, post_id, start_date);
CREATE TRIGGER employment_episodes_never_deleted BEFORE DELETE ON employment_episodes
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on employment_episodes is not allowed (records are never deleted or rewritten)');
END;
CREATE TABLE worker_absences (
    la_code          TEXT NOT NULL,
    id               BLOB NOT NULL,
    worker_id        BLOB NOT NULL,
    reason           TEXT NOT NULL,
    from_date        TEXT NOT NULL,
    to_date          TEXT NOT NULL,
    days_lost_x100   INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       BLOB NOT NULL,
    PRIMARY KEY (la_code, id),
    FOREIGN KEY (la_code, worker_id) REFERENCES workers (la_code, id)
);
CREATE INDEX worker_absences_worker ON worker_absences (la_code, worker_id, from_date);
CREATE INDEX worker_absences_from ON worker_absences (la_code, from_date);
CREATE TRIGGER worker_absences_never_deleted BEFORE DELETE ON worker_absences
BEGIN
    SELECT RAISE(ABORT, 'Families First: DELETE on worker_absences is not allowed (records are never deleted or rewritten)');
END;
