-- A synthetic social work workforce for one council, shaped to the DfE's England counts at
-- 30 September 2023 (workforce-and-partnerships.md A1, W-RATE-1..7), written straight into a
-- migrated Families First database for bench/csww/run.sh. Synthetic only: nobody here exists.
--
-- psql variables (run.sh sets them; whole numbers of full-time people, each with a fraction kept
-- so that England's counts to one decimal place come out):
--   la        the council's code          holders   permanent case holders (1.0 FTE)
--   others    permanent, not holding      vacant    vacant 1.0 FTE posts
--   agency_v  agency workers in vacant posts           agency_o  agency workers in filled posts
--   leavers   permanent leavers in the year            cases     children held on the day
--   sick      ten-day sickness absences in the year
-- With England's figures: 13,937.9 + 19,181.2 = 33,119.1 FTE in post; 7,722.7 vacant; agency
-- 5,744.2 on vacancies + 1,429.3 in filled posts = 7,173.5; leavers 5,254.6; 337,055 children
-- held by 13,937.9 + 7,173.5 = 21,111.4 case-holder FTE; 270,751 days lost to sickness.
--
-- Layout, with n the person's number: permanent worker n holds post n (holders first, then the
-- others, then one 0.9 holder and one 0.2 other); posts after those are vacant (the last one
-- funded 0.7); agency worker n covers a vacant post, or a filled one; leaver n held post n until
-- 31 March 2023, filled again the next day. Every case holder has an account; child n is led by
-- case holder n mod (holders + agency).
\set ON_ERROR_STOP on
BEGIN;

CREATE TEMP TABLE bench_params AS
SELECT :'la'::text AS la,
       (SELECT id FROM users WHERE la_code = :'la' AND role = 'workforce_officer' ORDER BY username LIMIT 1) AS officer,
       :holders::int AS holders, :others::int AS others, :vacant::int AS vacant,
       :agency_v::int AS agency_v, :agency_o::int AS agency_o, :leavers::int AS leavers,
       :cases::int AS cases, :sick::int AS sick;

-- Deterministic ids, so a second run of the same council is refused by the keys, not doubled.
CREATE TEMP TABLE bench_perm AS
SELECT n,
       md5(p.la || '-perm-' || n)::uuid AS worker,
       md5(p.la || '-post-' || n)::uuid AS post,
       CASE WHEN n <= p.holders OR n = p.holders + p.others + 1 THEN true ELSE false END AS holding,
       CASE WHEN n = p.holders + p.others + 1 THEN 900000
            WHEN n = p.holders + p.others + 2 THEN 200000 ELSE 1000000 END AS fte
FROM bench_params p, generate_series(1, p.holders + p.others + 2) AS n;

CREATE TEMP TABLE bench_vacant AS
SELECT n, md5(p.la || '-vacant-' || n)::uuid AS post,
       CASE WHEN n = p.vacant + 1 THEN 700000 ELSE 1000000 END AS fte
FROM bench_params p, generate_series(1, p.vacant + 1) AS n;

-- Agency workers: the first agency_v + 1 cover vacant posts (the last 0.2 of the 0.7 post), the
-- next agency_o + 1 cover filled posts (the last at 0.3 FTE).
CREATE TEMP TABLE bench_agency AS
SELECT n, md5(p.la || '-agency-' || n)::uuid AS worker, md5(p.la || '-assignment-' || n)::uuid AS id,
       CASE WHEN n <= p.agency_v THEN (SELECT post FROM bench_vacant v WHERE v.n = a.n)
            WHEN n = p.agency_v + 1 THEN (SELECT post FROM bench_vacant v WHERE v.n = p.vacant + 1)
            ELSE (SELECT post FROM bench_perm m WHERE m.n = a.n - p.agency_v - 1) END AS post,
       CASE WHEN n = p.agency_v + 1 THEN 200000
            WHEN n = p.agency_v + p.agency_o + 2 THEN 300000 ELSE 1000000 END AS fte
FROM bench_params p, generate_series(1, p.agency_v + p.agency_o + 2) AS a(n);

INSERT INTO teams (la_code, id, name, kind, created_at)
SELECT p.la, md5(p.la || '-team')::uuid, 'Benchmark team', 'family_help', now() FROM bench_params p;

-- Accounts for the case holders (no password can sign in as them: the hash is not argon2).
CREATE TEMP TABLE bench_holders AS
SELECT row_number() OVER (ORDER BY kind, n) - 1 AS k, worker, md5(worker::text || '-user')::uuid AS user_id
FROM (SELECT 1 AS kind, n, worker FROM bench_perm WHERE holding
      UNION ALL SELECT 2, n, worker FROM bench_agency) h;

INSERT INTO users (la_code, id, username, display_name, role, agency, password_hash, must_change_password, active,
                   created_at, updated_at, version)
SELECT p.la, h.user_id, 'bench-' || p.la || '-' || h.k, 'Case holder ' || h.k, 'social_worker', 'local_authority',
       'not-a-password-hash', false, true, now(), now(), 1
FROM bench_params p, bench_holders h;

INSERT INTO workers (la_code, id, name, swe_number, user_id, date_of_birth, qualification_route, qualified_on,
                     registration_status, registration_from, created_at, created_by, version)
SELECT p.la, w.worker, 'Worker ' || w.tag, 'SW' || lpad(w.num::text, 10, '0'), h.user_id,
       date '1970-01-01' + (w.num * 37 % 9000), 'degree', date '2012-06-30', 'registered', date '2012-07-01',
       now(), p.officer, 1
FROM bench_params p,
     (SELECT worker, 'P' || n AS tag, n AS num FROM bench_perm
      UNION ALL SELECT worker, 'A' || n, 400000 + n FROM bench_agency
      UNION ALL SELECT md5(p2.la || '-leaver-' || n)::uuid, 'L' || n, 800000 + n
        FROM bench_params p2, generate_series(1, p2.leavers + 1) AS n) w
LEFT JOIN bench_holders h ON h.worker = w.worker;

INSERT INTO posts (la_code, id, team_id, title, role_type, funded_fte, case_holding, from_date, created_at, created_by, version)
SELECT p.la, x.post, md5(p.la || '-team')::uuid, x.title, 'SW', x.fte, x.holding, date '2015-04-01', now(), p.officer, 1
FROM bench_params p,
     (SELECT post, 'Post ' || n AS title, fte, holding FROM bench_perm
      UNION ALL SELECT post, 'Vacant post ' || n, fte, true FROM bench_vacant) x;

-- Permanent workers in post; those whose post a leaver left started on 1 April 2023.
INSERT INTO employment_episodes (la_code, id, worker_id, post_id, weekly_minutes, fte, start_date, created_at, created_by, version)
SELECT p.la, md5(p.la || '-episode-' || m.n)::uuid, m.worker, m.post, (2220::bigint * m.fte / 1000000)::int, m.fte,
       CASE WHEN m.n <= p.leavers + 1 THEN date '2023-04-01' ELSE date '2019-01-07' END, now(), p.officer, 1
FROM bench_params p, bench_perm m;

-- The leavers: the last at 0.6 FTE.
INSERT INTO employment_episodes (la_code, id, worker_id, post_id, weekly_minutes, fte, start_date, end_date, reason_leave,
                                 created_at, created_by, version)
SELECT p.la, md5(p.la || '-left-' || g.i)::uuid, md5(p.la || '-leaver-' || g.i)::uuid, m.post,
       CASE WHEN g.i = p.leavers + 1 THEN 1332 ELSE 2220 END, CASE WHEN g.i = p.leavers + 1 THEN 600000 ELSE 1000000 END,
       date '2017-09-04', date '2023-03-31', '1', now(), p.officer, 1
FROM bench_params p CROSS JOIN generate_series(1, p.leavers + 1) AS g(i) JOIN bench_perm m ON m.n = g.i;

INSERT INTO agency_assignments (la_code, id, worker_id, agency, role_type, team, post_id, fte, start_date, notice_days,
                                pay_pence, employer_ni_pence, holiday_pence, levy_pence, fee_pence, references_received,
                                non_compliance, status, created_at, created_by, version)
SELECT p.la, a.id, a.worker, 'Bench Agency Ltd', 'SW', 'Benchmark team', a.post, a.fte, date '2023-06-05', 28,
       3500, 437, 420, 17, 450, 2, '', 'active', now(), p.officer, 1
FROM bench_params p, bench_agency a;

INSERT INTO worker_absences (la_code, id, worker_id, reason, from_date, to_date, days_lost_x100, created_at, created_by)
SELECT p.la, md5(p.la || '-sick-' || g.i)::uuid, m.worker, 'SIC', date '2023-01-09', date '2023-01-20',
       CASE WHEN g.i = p.sick + 1 THEN 100 ELSE 1000 END, now(), p.officer
FROM bench_params p CROSS JOIN generate_series(1, p.sick + 1) AS g(i)
JOIN bench_perm m ON m.n = 1 + (g.i - 1) % (p.holders + p.others + 2);

-- The children each case holder leads on the day: a family help episode each, allocated.
INSERT INTO people (la_code, id, given_name, family_name, search_given, search_family, sex, nhs_number_verified,
                    created_at, updated_at, version)
SELECT p.la, md5(p.la || '-child-' || n)::uuid, 'Child', 'Bench' || n, 'child', 'bench' || n, 'U', false, now(), now(), 1
FROM bench_params p, generate_series(1, p.cases) AS n;

INSERT INTO episodes (la_code, id, child_id, level, primary_need, referral_date, referral_source, rereferral, created_at, version)
SELECT p.la, md5(p.la || '-fh-' || n)::uuid, md5(p.la || '-child-' || n)::uuid, 'child_in_need', 'N1', date '2023-01-16', '1A',
       false, now(), 1
FROM bench_params p, generate_series(1, p.cases) AS n;

INSERT INTO allocations (la_code, id, episode_id, user_id, role, from_date, allocated_at)
SELECT p.la, md5(p.la || '-allocation-' || n)::uuid, md5(p.la || '-fh-' || n)::uuid, h.user_id, 'lead', date '2023-01-16', now()
FROM bench_params p CROSS JOIN generate_series(1, p.cases) AS n
JOIN bench_holders h ON h.k = n % (SELECT count(*) FROM bench_holders);

COMMIT;
