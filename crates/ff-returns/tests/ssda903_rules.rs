//! Rule groups on small hand-made returns: for each rule, a child that fails
//! and a child that passes; plus tests pinning where we follow the DfE
//! wording rather than the peer validator.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

use ff_returns::ssda903::{self, Report, RulesYear, Table, ValidateOptions};

const HEADER: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB";
const EPISODES: &str = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN";

fn file(name: &str, header: &str, rows: &[&str]) -> (String, Vec<u8>) {
    let mut s = format!("{header}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    (name.to_owned(), s.into_bytes())
}

fn run(year: RulesYear, files: Vec<(String, Vec<u8>)>) -> Report {
    ssda903::validate_files(files, None, &ValidateOptions { year, ..Default::default() }).unwrap()
}

/// Rows flagged by `rule` in `table`.
fn flagged(r: &Report, rule: &str, table: Table) -> Vec<usize> {
    r.issues.iter().filter(|i| i.rule == rule && i.table == table).map(|i| i.row).collect()
}

/// Two children: A (row 0) and B (row 1) in Header, with the given episodes.
fn header_and_episodes(year: RulesYear, hdr: &[&str], eps: &[&str]) -> Report {
    run(year, vec![file("h.csv", HEADER, hdr), file("e.csv", EPISODES, eps)])
}

const A_OK: &str = "A,F,01/05/2012,WBRI,A123456789012,0,";
const B_OK: &str = "B,M,01/05/2010,WBRI,A123456789013,,";

#[test]
fn code_validity() {
    let r = header_and_episodes(
        RulesYear::Y2025_26,
        &["A,2,01/05/2012,XXXX,A123456789012,0,", B_OK],
        &["A,01/06/2025,S,C2,N1,Q9,PR1,,,,,,", "B,01/06/2025,S,C2,N1,U1,PR1,,,,,,"],
    );
    assert_eq!(flagged(&r, "101", Table::Header), vec![0]); // 2 is not valid from 2024-25
    assert_eq!(flagged(&r, "103", Table::Header), vec![0]);
    assert_eq!(flagged(&r, "146", Table::Episodes), vec![0]);
    // 1/2 is the valid coding before 2024-25.
    let r = header_and_episodes(RulesYear::Y2023_24, &["A,2,01/05/2012,WBRI,A123456789012,0,"], &[]);
    assert!(flagged(&r, "101", Table::Header).is_empty());
}

#[test]
fn placement_codes_change_with_the_year() {
    let eps = ["A,01/06/2025,S,C2,N1,Z1,,,,,,,", "B,01/06/2025,S,C2,N1,Z11,,,,,,,"];
    let r = header_and_episodes(RulesYear::Y2025_26, &[A_OK, B_OK], &eps);
    assert_eq!(flagged(&r, "146", Table::Episodes), vec![0]);
    let r = header_and_episodes(RulesYear::Y2024_25, &[A_OK, B_OK], &eps);
    assert_eq!(flagged(&r, "146", Table::Episodes), vec![1]);
}

#[test]
fn date_validity_and_co_presence() {
    let r = header_and_episodes(
        RulesYear::Y2025_26,
        &["A,F,31/02/2012,WBRI,A123456789012,0,", B_OK],
        &["A,2025-06-01,S,C2,N1,U1,PR1,01/13/2025,E11,,,,", "B,1/6/2025,S,C2,N1,U1,PR1,,,,,,"],
    );
    assert_eq!(flagged(&r, "102", Table::Header), vec![0]);
    assert!(flagged(&r, "141", Table::Episodes).is_empty(), "ISO and one-digit dates are accepted");
    assert_eq!(flagged(&r, "147", Table::Episodes), vec![0]);
    assert!(flagged(&r, "148", Table::Episodes).is_empty(), "an invalid DEC is still present");
    let r = header_and_episodes(RulesYear::Y2025_26, &[A_OK, B_OK], &["A,01/06/2025,S,C2,N1,U1,PR1,01/07/2025,,,,,"]);
    assert_eq!(flagged(&r, "148", Table::Episodes), vec![0]);
}

#[test]
fn episode_sequencing() {
    let eps = [
        // A: X1 but the next episode starts a day later (388, 433); listed out of order in the file.
        "A,03/07/2025,P,C2,N1,U2,PR1,,,,,,",
        "A,01/06/2025,S,C2,N1,U1,PR1,02/07/2025,X1,CARPL,,,",
        // B: a clean placement move.
        "B,01/06/2025,S,C2,N1,U1,PR1,02/07/2025,X1,CARPL,,,",
        "B,02/07/2025,P,C2,N1,U2,PR1,,,,,,",
    ];
    let r = header_and_episodes(RulesYear::Y2025_26, &[A_OK, B_OK], &eps);
    assert_eq!(flagged(&r, "388", Table::Episodes), vec![1]);
    assert_eq!(flagged(&r, "433", Table::Episodes), vec![0]);
    assert!(flagged(&r, "435", Table::Episodes).is_empty());
}

#[test]
fn durations() {
    let eps = ["A,01/06/2025,S,V3,N1,U6,PR1,20/06/2025,E13,,,,", "B,01/06/2025,S,V3,N1,U6,PR1,10/06/2025,E13,,,,"];
    let r = header_and_episodes(RulesYear::Y2025_26, &[A_OK, B_OK], &eps);
    assert_eq!(flagged(&r, "365", Table::Episodes), vec![0]);
}

#[test]
fn age_tests_and_29_february() {
    // Born 29 Feb 2008: 18 on 28 Feb 2026 in a non-leap year.
    let hdr = ["A,F,29/02/2008,WBRI,A123456789012,0,", "B,M,29/02/2008,WBRI,A123456789013,,"];
    let eps = ["A,28/02/2026,S,C2,N1,U1,PR1,,,,,,", "B,27/02/2026,S,C2,N1,U1,PR1,,,,,,"];
    let r = header_and_episodes(RulesYear::Y2025_26, &hdr, &eps);
    assert_eq!(flagged(&r, "352", Table::Episodes), vec![0]);
}

#[test]
fn cross_table_consistency() {
    let r = run(
        RulesYear::Y2025_26,
        vec![
            file("h.csv", HEADER, &[A_OK]),
            file("e.csv", EPISODES, &["A,01/06/2025,S,C2,N1,U1,PR1,,,,,,", "Z,01/06/2025,S,C2,N1,U1,PR1,,,,,,"]),
            file("r.csv", "CHILD,DOB,REVIEW,REVIEW_CODE", &["A,01/05/2012,01/07/2025,PN1", "Q,01/05/2012,01/07/2025,PN1"]),
        ],
    );
    assert_eq!(flagged(&r, "INT03", Table::Episodes), vec![1]);
    assert_eq!(flagged(&r, "INT08", Table::Reviews), vec![1]);
    assert_eq!(flagged(&r, "1012", Table::Reviews), vec![1]);
}

#[test]
fn social_worker_episodes() {
    let sw = file(
        "sw.csv",
        "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON",
        &[
            "A,01/05/2012,SW123,01/05/2025,,MANAGE", // not the latest yet open: SW08
            "A,01/05/2012,SW124,01/06/2025,,LEFTRL",
            "B,01/05/2010,SW125,01/05/2025,01/06/2025,MANAGE",
            "B,01/05/2010,SW126,01/06/2025,,LEFTRL",
            "B,01/05/2010,SW127,01/06/2025,,BADCODE", // same start (SW19), bad reason (SW13)
        ],
    );
    let r = run(RulesYear::Y2025_26, vec![file("h.csv", HEADER, &[A_OK, B_OK]), sw]);
    assert_eq!(flagged(&r, "SW08STG2", Table::SwEpisodes), vec![0, 3]);
    assert_eq!(flagged(&r, "SW13STG1", Table::SwEpisodes), vec![4]);
    assert_eq!(flagged(&r, "SW19STG2", Table::SwEpisodes), vec![3, 4]);
    // Before 2023-24 the table did not exist: no SW rule runs.
    let r = run(RulesYear::Y2022_23, vec![file("h.csv", HEADER, &[A_OK])]);
    assert!(!r.rules_run.iter().any(|c| c.starts_with("SW")));
}

#[test]
fn deprivation_of_liberty_orders() {
    let files = || {
        vec![
            file("h.csv", HEADER, &[A_OK, B_OK]),
            file("e.csv", EPISODES, &["A,01/06/2026,S,C2,N1,K1,PR1,,,,,,", "B,01/06/2026,S,C2,N1,K2,PR1,,,,,,"]),
            file("d.csv", "CHILD,DOB,DOLO_START,DOLO_END", &["A,01/05/2012,01/07/2026,01/06/2026", "B,01/05/2010,01/07/2026,01/07/2026"]),
        ]
    };
    let r = run(RulesYear::Y2026_27, files());
    assert_eq!(flagged(&r, "702", Table::DoLo), vec![0]); // the DfE wording: "before"; the peer also flags equal dates
    assert_eq!(flagged(&r, "709", Table::Episodes), vec![0]);
    assert_eq!(flagged(&r, "710", Table::Episodes), vec![0]);
    assert!(r.rules_skipped.iter().any(|s| s.rule == "706" && s.reason.contains("last year")));
    // DoLO rules do not exist before 2026-27.
    let r = run(RulesYear::Y2025_26, files());
    assert!(!r.rules_run.contains(&"702"));
}

#[test]
fn previous_year_rules() {
    let now = vec![file("h.csv", HEADER, &[A_OK, B_OK])];
    let last = vec![file("h.csv", HEADER, &["A,F,01/05/2012,WBRI,A123456789012,0,", "B,F,01/05/2010,WBRI,A123456789013,,"])];
    let opts = ValidateOptions { year: RulesYear::Y2025_26, ..Default::default() };
    let r = ssda903::validate_files(now.clone(), Some(last), &opts).unwrap();
    assert_eq!(flagged(&r, "202", Table::Header), vec![1]);
    let r = ssda903::validate_files(now, None, &opts).unwrap();
    assert!(r.rules_skipped.iter().any(|s| s.rule == "202" && s.reason.contains("--previous")));
}

#[test]
fn missing_tables_and_reference_data_are_reported_as_skipped() {
    let r = run(RulesYear::Y2025_26, vec![file("h.csv", HEADER, &[A_OK])]);
    let reason = |code: &str| r.rules_skipped.iter().find(|s| s.rule == code).map(|s| s.reason.clone()).unwrap();
    assert!(reason("141").contains("Episodes"));
    assert!(reason("392c").contains("reference data"));
    assert!(reason("1008").contains("Ofsted"));
    assert!(r.rules_run.contains(&"101"));
}

// --- Where we follow the DfE wording and the peer does not.

#[test]
fn dfe_wording_634_since_april_2016_not_the_collection_start() {
    let pp = "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM";
    let r = run(
        RulesYear::Y2025_26,
        vec![
            file("h.csv", HEADER, &[A_OK, B_OK]),
            // A started in 2020 (after 1 April 2016): permanence data is expected. B started in 2015.
            file("e.csv", EPISODES, &["A,01/06/2020,S,C2,N1,U1,PR1,,,,,,", "B,01/06/2015,S,C2,N1,U1,PR1,,,,,,"]),
            file("p.csv", pp, &["A,01/05/2012,Z1,,", "B,01/05/2010,Z1,,"]),
        ],
    );
    assert_eq!(flagged(&r, "634", Table::PrevPerm), vec![1]); // the peer flags both
}

#[test]
fn dfe_wording_372_open_episodes_are_checked() {
    // A young offender institution placement started at 9 and still open: the peer skips open episodes.
    let r = header_and_episodes(RulesYear::Y2025_26, &["A,F,01/05/2016,WBRI,A123456789012,0,"], &["A,01/06/2025,S,J1,N1,R5,PR4,,,,,,"]);
    assert_eq!(flagged(&r, "372", Table::Episodes), vec![0]);
}

#[test]
fn dfe_wording_178_t4_takes_no_provider_in_2025_26() {
    let r = header_and_episodes(
        RulesYear::Y2025_26,
        &[A_OK, B_OK],
        &["A,01/06/2025,S,C2,N1,U1,PR1,02/06/2025,X1,,,,", "A,02/06/2025,P,C2,N1,T4,PR1,,,,,,"],
    );
    assert_eq!(flagged(&r, "178", Table::Episodes), vec![1]); // the peer's 2025-26 list omits T4
}

#[test]
fn dfe_wording_347_foyer_codes_for_under_18s() {
    let r = run(
        RulesYear::Y2025_26,
        vec![
            file("h.csv", HEADER, &[A_OK]),
            file("o.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM", &["A,01/05/2008,YES,F1,T1", "B,01/05/2000,YES,F1,T1"]),
        ],
    );
    assert_eq!(flagged(&r, "347", Table::Oc3), vec![0]); // the peer compares with "T" and never fires
}

#[test]
fn renderings() {
    let r = header_and_episodes(RulesYear::Y2025_26, &["A,2,01/05/2012,WBRI,A123456789012,0,"], &[]);
    let text = ssda903::render(&r, ssda903::Format::Text);
    assert!(text.contains("101 (error, 1 rows)") && text.contains("Header row 0 child A"), "{text}");
    let csv = ssda903::render(&r, ssda903::Format::Csv);
    assert!(csv.starts_with(ssda903::CSV_HEADER) && csv.contains("\n101,error,Header,0,A,"));
    let json: serde_json::Value = serde_json::from_str(&ssda903::render(&r, ssda903::Format::Json)).unwrap();
    assert_eq!(json["rules_year"], "2025-26");
    assert!(json["rules_skipped"].as_array().unwrap().iter().any(|s| s["rule"] == "392c"));
}

#[test]
fn dfe_wording_146_k3_is_valid_in_2024_25() {
    // The peer's 2024-25 list has a lowercase "k3", so it rejects every K3 placement.
    let r = header_and_episodes(RulesYear::Y2024_25, &[A_OK], &["A,01/06/2024,S,C2,N1,K3,PR4,,,,,,"]);
    assert!(flagged(&r, "146", Table::Episodes).is_empty());
}

#[test]
fn dfe_wording_210_un4_only_for_the_last_week() {
    // A has been looked after since June with UPN UN4 (wrong); B started on 28 March (right). The peer inverts this.
    let r = header_and_episodes(
        RulesYear::Y2025_26,
        &["A,F,01/05/2012,WBRI,UN4,0,", "B,M,01/05/2010,WBRI,UN4,,"],
        &["A,01/06/2025,S,C2,N1,U1,PR1,,,,,,", "B,28/03/2026,S,C2,N1,U1,PR1,,,,,,"],
    );
    assert_eq!(flagged(&r, "210", Table::Header), vec![0]);
}

#[test]
fn dfe_wording_231_and_233_run_where_the_peer_crashes() {
    let uasc = file("u.csv", "CHILD,SEX,DOB,DUC", &["A,F,01/05/2018,"]);
    let r = run(
        RulesYear::Y2025_26,
        vec![
            file("h.csv", HEADER, &["A,F,01/05/2018,WBRI,A123456789012,,", B_OK]),
            file("e.csv", EPISODES, &["A,01/06/2025,S,C2,N1,U1,PR1,,,CARPL,,,", "B,01/06/2025,S,C2,N1,U1,PR1,,,,,,"]),
            uasc,
        ],
    );
    assert_eq!(flagged(&r, "231", Table::Header), vec![0]); // UASC aged 7
    assert_eq!(flagged(&r, "233", Table::Episodes), vec![0]); // reason for change on an open episode
}

#[test]
fn dfe_wording_234_custody_reason_is_on_the_previous_episode() {
    let r = header_and_episodes(
        RulesYear::Y2025_26,
        &["A,F,01/05/2017,WBRI,A123456789012,,"],
        &["A,01/06/2025,S,C2,N1,U1,PR1,01/07/2025,X1,CUSTOD,,,", "A,01/07/2025,P,C2,N1,R5,PR4,,,,,,"],
    );
    assert_eq!(flagged(&r, "234", Table::Episodes), vec![1]); // the peer flags row 0
}

#[test]
fn dfe_wording_336_a5_must_follow_fostering() {
    let r = header_and_episodes(
        RulesYear::Y2025_26,
        &[A_OK, B_OK],
        &[
            "A,01/06/2025,S,E1,N1,K2,PR1,01/07/2025,X1,CARPL,,,",
            "A,01/07/2025,P,E1,N1,A5,PR1,,,,,,", // A5 after a children's home: flagged (the peer checks A3/A4 only)
            "B,01/06/2025,S,E1,N1,U4,PR1,01/07/2025,X1,CARPL,,,",
            "B,01/07/2025,P,E1,N1,A4,PR1,,,,,,", // A4 (not with the current carer) need not follow fostering
        ],
    );
    assert_eq!(flagged(&r, "336", Table::Episodes), vec![1]);
}

#[test]
fn dfe_wording_363_chains_episodes_in_date_order() {
    // Three L3 episodes listed out of order: 10 days in all (the peer chains them in file order).
    let r = header_and_episodes(
        RulesYear::Y2025_26,
        &[A_OK],
        &[
            "A,05/06/2025,L,L3,N1,U1,PR1,08/06/2025,X1,,,,",
            "A,01/06/2025,S,L3,N1,U1,PR1,05/06/2025,X1,,,,",
            "A,08/06/2025,P,L3,N1,U2,PR1,11/06/2025,E13,,,,",
        ],
    );
    assert_eq!(flagged(&r, "363", Table::Episodes), vec![0, 1, 2]);
}

#[test]
fn dfe_wording_377_counts_t3_in_the_year() {
    // Three T3 episodes, but only one in the collection year.
    let mut eps = Vec::new();
    for (s, e) in [("01/05/2023", "05/05/2023"), ("01/06/2024", "05/06/2024"), ("01/07/2025", "05/07/2025")] {
        eps.push(format!("A,{s},P,C2,N1,T3,,{e},X1,,,,"));
    }
    let eps: Vec<&str> = eps.iter().map(String::as_str).collect();
    let r = header_and_episodes(RulesYear::Y2025_26, &[A_OK], &eps);
    assert!(flagged(&r, "377", Table::Episodes).is_empty()); // the peer flags all three
}

#[test]
fn dfe_wording_584_compares_dates_not_text() {
    let cols = "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED";
    let now = vec![file("h.csv", HEADER, &[A_OK]), file("p.csv", cols, &["A,01/05/2012,02/01/2026,,"])];
    let last = vec![file("p.csv", cols, &["A,01/05/2012,10/12/2024,01/03/2025,RD1"])];
    let opts = ValidateOptions { year: RulesYear::Y2025_26, ..Default::default() };
    let r = ssda903::validate_files(now, Some(last), &opts).unwrap();
    // "02/01/2026" sorts before "10/12/2024" as text, but is later as a date.
    assert!(flagged(&r, "584", Table::PlacedAdoption).is_empty());
}

#[test]
fn dfe_wording_633_and_635_previous_permanence() {
    let cols = "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM";
    let r = run(
        RulesYear::Y2025_26,
        vec![
            file("h.csv", HEADER, &[A_OK, B_OK]),
            // A: North Northamptonshire (940, created 2021; missing from the peer's list). B: Z1 with an LA (635).
            file("p.csv", cols, &["A,01/05/2012,P2,940,ZZ/05/2020", "B,01/05/2010,Z1,999,"]),
        ],
    );
    assert!(flagged(&r, "633", Table::PrevPerm).is_empty());
    assert_eq!(flagged(&r, "635", Table::PrevPerm), vec![1]); // the peer tests a blank PREV_PERM instead
}

#[test]
fn dfe_wording_sw09_under_24_hours() {
    let sw = file(
        "sw.csv",
        "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON",
        &["A,01/05/2012,SW123,01/05/2025,01/05/2025,MANAGE", "A,01/05/2012,SW124,01/05/2025,03/05/2025,LEFTRL"],
    );
    let r = run(RulesYear::Y2025_26, vec![file("h.csv", HEADER, &[A_OK]), sw]);
    assert_eq!(flagged(&r, "SW09STG2", Table::SwEpisodes), vec![0]); // the peer's 2025-26 version also flags row 1 (2 days)
}

#[test]
fn dfe_wording_sw17_only_for_children_looked_after_at_31_march() {
    // A left care in the year (their social worker's episode ends with the care); B is still looked
    // after at 31 March with no social worker open.
    let eps = file(
        "e.csv",
        EPISODES,
        &["A,01/06/2025,S,C2,N1,U1,PR1,01/12/2025,E4A,,NM1 1AA,NM2 2BB,", "B,01/06/2025,S,C2,N1,U1,PR1,,,,NM1 1AA,NM2 2BB,"],
    );
    let sw = file(
        "sw.csv",
        "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON",
        &["A,01/05/2012,SW123,01/06/2025,01/12/2025,FCONTA", "B,01/05/2012,SW124,01/06/2025,01/12/2025,FCONTA"],
    );
    let b_ok = "B,F,01/05/2012,WBRI,B123456789012,0,";
    let r = run(RulesYear::Y2025_26, vec![file("h.csv", HEADER, &[A_OK, b_ok]), eps, sw]);
    assert_eq!(flagged(&r, "SW17STG2", Table::SwEpisodes), vec![1]); // the peer also flags row 0 (A, who left care)
}

/// The rules on the derived placement LA, location and distance (ssda903 fields §2) run when the
/// postcode directory is given, and are skipped, saying why, when it is not.
#[test]
fn postcode_rules_run_with_the_directory() {
    use ff_domain::geography::DirectoryEntry;
    let entry = |postcode: &str, e: i32, n: i32, la: &str| DirectoryEntry {
        postcode: postcode.into(),
        easting: Some(e),
        northing: Some(n),
        la: Some(la.into()),
        terminated: None,
    };
    // The council 990 at NM1; NM2 is 30 km away in 990; NX1 is in council 909, 600 km away.
    let dir = std::sync::Arc::new(ssda903::Postcodes::new(
        "990",
        [
            entry("NM1 1AA", 400_000, 400_000, "990"),
            entry("NM2 2BB", 430_000, 400_000, "990"),
            entry("NX1 1AA", 400_000, 1_000_000, "909"),
            entry("SC1 1AA", 400_000, 500_000, "SCO"),
        ],
    ));
    let eps = [
        // A: own provision out of the area, over 350 miles away (1015, 454).
        "A,01/06/2025,S,C2,N1,K2,PR1,,,,NM1 1AA,NX1 1AA,",
        // B: a placement postcode not in the directory (169, 179, 392a, 392c).
        "B,01/06/2025,S,C2,N1,U4,PR1,,,,NM1 1AA,NM9 9ZZ,",
        // C: a short break with a placement council (420); D: an ordinary placement in the area.
        "C,01/06/2025,S,V3,N1,U4,PR1,,,,NM1 1AA,NM2 2BB,",
        "D,01/06/2025,S,C2,N1,K2,PR1,,,,NM1 1AA,NM2 2BB,",
        // E: a children's home in Scotland given a URN (243).
        "E,01/06/2025,S,C2,N1,K2,PR4,,,,NM1 1AA,SC1 1AA,SC999999",
    ];
    let hdr =
        [A_OK, B_OK, "C,M,01/05/2010,WBRI,A123456789014,,", "D,M,01/05/2010,WBRI,A123456789015,,", "E,M,01/05/2010,WBRI,A123456789016,,"];
    let files = vec![file("h.csv", HEADER, &hdr), file("e.csv", EPISODES, &eps)];
    let opts = ValidateOptions { year: RulesYear::Y2025_26, postcodes: Some(dir), ..Default::default() };
    let r = ssda903::validate_files(files.clone(), None, &opts).unwrap();
    for (rule, rows) in [
        ("1015", vec![0]),
        ("454", vec![0]),
        ("169", vec![1]),
        ("179", vec![1]),
        ("392a", vec![1]),
        ("392c", vec![1]),
        ("420", vec![2]),
        ("164", vec![]),
        ("406", vec![]),
        ("411", vec![]),
        ("243", vec![4]),
    ] {
        assert!(r.rules_run.contains(&rule), "{rule} runs");
        assert_eq!(flagged(&r, rule, Table::Episodes), rows, "rule {rule}");
    }
    // Without the directory they are skipped, and the report says why.
    let r = run(RulesYear::Y2025_26, files);
    assert!(!r.rules_run.contains(&"169"));
    assert!(r.rules_skipped.iter().any(|s| s.rule == "169" && s.reason.contains("Postcode Directory")));
}

/// From the command line: the return's directory and the NSPL file, of which only the postcodes
/// the return names are kept; rows the directory cannot read are left out.
#[test]
fn a_return_is_checked_against_the_directory_file() {
    let dir = std::env::temp_dir().join(format!("ff-903-nspl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, header: &str, rows: &[&str]| {
        let (_, bytes) = file(name, header, rows);
        std::fs::write(dir.join(name), bytes).unwrap();
    };
    write("header.csv", HEADER, &[A_OK, B_OK]);
    write(
        "episodes.csv",
        EPISODES,
        &["A,01/06/2025,S,C2,N1,K2,PR1,,,,NM1 1AA,NM20 1AB,", "B,01/06/2025,S,C2,N1,U4,PR1,,,,NM1 1AA,NM9 9ZZ,"],
    );
    let nspl = std::env::temp_dir().join(format!("ff-903-nspl-{}.csv", std::process::id()));
    std::fs::write(
        &nspl,
        "pcds,doterm,oseast1m,osnrth1m,cty,laua,ctry\n\
         \"NM1 1AA\",,387000,425000,E99999999,E08000005,E92000001\n\
         \"NM20 1AB\",,347000,530000,E10000006,E07000028,E92000001\n\
         \"NM3 3CC\",,east,425000,E99999999,E08000005,E92000001\n\
         \"ZZ9 9ZZ\",,300000,300000,E99999999,E08000005,E92000001\n",
    )
    .unwrap();
    let opts = ValidateOptions { year: RulesYear::Y2025_26, ..Default::default() };
    // E08000005 is Rochdale (354): the council here. NM20 1AB is in Cumbria (909).
    let r = ssda903::validate_dir_with_directory(&dir, &opts, &nspl, "354").unwrap();
    assert_eq!(flagged(&r, "1015", Table::Episodes), vec![0], "own provision in Cumbria");
    assert_eq!(flagged(&r, "392c", Table::Episodes), vec![1], "NM9 9ZZ is not in the directory");
    let missing = ssda903::validate_dir_with_directory(&dir, &opts, &dir.join("none.csv"), "354");
    assert!(missing.is_err(), "a directory file that is not there is an error");
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_file(&nspl).ok();
}

/// Last year's open episode against this year's first, on the derived fields (452, 453, 503G,
/// 503H, 503J): they run with last year's return and the directory.
#[test]
fn derived_placement_fields_are_compared_with_last_year() {
    use ff_domain::geography::DirectoryEntry;
    let entry = |postcode: &str, e: i32, n: i32, la: &str| DirectoryEntry {
        postcode: postcode.into(),
        easting: Some(e),
        northing: Some(n),
        la: Some(la.into()),
        terminated: None,
    };
    let dir = std::sync::Arc::new(ssda903::Postcodes::new(
        "990",
        [entry("NM1 1AA", 400_000, 400_000, "990"), entry("NM2 2BB", 410_000, 400_000, "990"), entry("NX1 1AA", 400_000, 480_000, "909")],
    ));
    let hdr = [A_OK, B_OK];
    // Last year both were placed in the area; this year A's first episode says Cumbria.
    let last = vec![
        file("h.csv", HEADER, &hdr),
        file("e.csv", EPISODES, &["A,01/06/2024,S,C2,N1,K2,PR4,,,,NM1 1AA,NM2 2BB,", "B,01/06/2024,S,C2,N1,K2,PR4,,,,NM1 1AA,NM2 2BB,"]),
    ];
    let this = vec![
        file("h.csv", HEADER, &hdr),
        file("e.csv", EPISODES, &["A,01/06/2024,S,C2,N1,K2,PR4,,,,NM1 1AA,NX1 1AA,", "B,01/06/2024,S,C2,N1,K2,PR4,,,,NM1 1AA,NM2 2BB,"]),
    ];
    let opts = ValidateOptions { year: RulesYear::Y2025_26, postcodes: Some(dir), ..Default::default() };
    let r = ssda903::validate_files(this.clone(), Some(last.clone()), &opts).unwrap();
    for rule in ["452", "453", "503G", "503H", "503J"] {
        assert_eq!(flagged(&r, rule, Table::Episodes), vec![0], "rule {rule}");
    }
    // Without last year's return they are skipped for that reason.
    let r = ssda903::validate_files(this, None, &opts).unwrap();
    assert!(r.rules_skipped.iter().any(|s| s.rule == "503G" && s.reason.contains("last year")), "{:?}", r.rules_skipped);
}

/// The URN rules' lookups: a directory where NM1 and NM2 are in the council 990 and NX1 in
/// Cumbria (909), and providers made from the register's facts as the product holds them.
mod urn_rules {
    use super::*;
    use chrono::NaiveDate;
    use ff_domain::geography::DirectoryEntry;
    use ff_domain::providers::{Judgement, ProviderFacts, ProviderKind, Registration, Sector, Urn};
    use std::sync::Arc;

    fn directory() -> Arc<ssda903::Postcodes> {
        let entry = |postcode: &str, la: &str| DirectoryEntry {
            postcode: postcode.into(),
            easting: Some(400_000),
            northing: Some(400_000),
            la: Some(la.into()),
            terminated: None,
        };
        Arc::new(ssda903::Postcodes::new(
            "990",
            [entry("NM1 1AA", "990"), entry("NM2 2BB", "990"), entry("NX1 1AA", "909"), entry("SC1 1AA", "SCO")],
        ))
    }

    fn facts(urn: &str, kind: ProviderKind, sector: Option<Sector>, postcode: Option<&str>, ended: Option<NaiveDate>) -> ProviderFacts {
        ProviderFacts {
            urn: Urn::parse(urn).unwrap(),
            name: format!("Provider {urn}"),
            kind,
            registration: if ended.is_some() { Registration::Closed } else { Registration::Active },
            places: None,
            judgement: Judgement::Good,
            inspected_on: None,
            local_authority: None,
            postcode: postcode.map(Into::into),
            registration_ended_on: ended,
            sector,
        }
    }

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// A private children's home in the area; the council's own children's home; another
    /// council's fostering agency in Cumbria; private supported accommodation with premises in
    /// Cumbria; a private home whose registration ended on 30 September 2025; a provider of
    /// another kind whose owner, postcode and council are not known.
    fn providers() -> Arc<ssda903::Providers> {
        use ProviderKind::*;
        let register = [
            facts("SC100001", ChildrensHome, Some(Sector::Private), Some("NM1 1AA"), None),
            facts("SC100002", ChildrensHome, Some(Sector::LocalAuthority), Some("NM2 2BB"), None),
            facts("SC100003", FosteringAgency, Some(Sector::LocalAuthority), Some("NX1 1AA"), None),
            facts("2600001", SupportedAccommodation, Some(Sector::Private), Some("NX1 1AA"), None),
            facts("SC100004", ChildrensHome, Some(Sector::Private), Some("NM1 1AA"), date(2025, 9, 30)),
            facts("SC100005", Other, None, None, None),
        ];
        Arc::new(ssda903::Providers::from_register("990", &register, Some(&directory())))
    }

    /// Validates episodes (child A, B, C… in order, each with a Header row) with both lookups.
    fn check(year: RulesYear, eps: &[&str]) -> Report {
        let hdr: Vec<String> = eps.iter().map(|e| format!("{},M,01/05/2008,WBRI,,,", &e[..1])).collect();
        let hdr: Vec<&str> = hdr.iter().map(String::as_str).collect();
        let files = vec![file("h.csv", HEADER, &hdr), file("e.csv", EPISODES, eps)];
        let opts = ValidateOptions { year, postcodes: Some(directory()), providers: Some(providers()), ..Default::default() };
        ssda903::validate_files(files, None, &opts).unwrap()
    }

    #[test]
    fn the_register_gives_each_provider_its_903_codes_and_council() {
        let p = providers();
        let home = p.get("sc 100001").expect("found however it is written");
        assert_eq!((home.placement_codes.clone(), home.provider_codes.clone()), (vec!["K2".to_owned()], vec!["PR4".to_owned()]));
        assert_eq!(home.councils, ["990"], "from its postcode through the directory");
        assert_eq!(p.get("SC100003").unwrap().councils, ["909"]);
        assert_eq!(p.get("SC100003").unwrap().provider_codes, ["PR1", "PR2"]);
        let other = p.get("SC100005").unwrap();
        assert!(other.placement_codes.is_empty() && other.provider_codes.is_empty() && other.councils.is_empty());
        // Without the directory, the council Ofsted names, when the DfE's list has it.
        let named =
            ProviderFacts { local_authority: Some("Cumbria".into()), ..facts("SC100006", ProviderKind::ChildrensHome, None, None, None) };
        assert_eq!(ssda903::ProviderEntry::from_facts(&named, None).councils, ["909"]);
        let unnamed = ProviderFacts { local_authority: Some("Northmoor".into()), ..named.clone() };
        assert!(ssda903::ProviderEntry::from_facts(&unnamed, None).councils.is_empty());
        assert!(p.get("SC999999").is_none() && p.len() == 6 && !p.is_empty());
    }

    #[test]
    fn rule_1008_a_urn_not_registered() {
        let r = check(
            RulesYear::Y2025_26,
            &[
                "A,01/06/2025,S,C2,N1,K2,PR4,,,,,NM1 1AA,SC999999",
                "B,01/06/2025,S,C2,N1,K2,PR4,,,,,NM1 1AA,SC100001",
                "C,01/06/2025,S,C2,N1,A4,PR1,,,,,,XXXXXXX",
                "D,01/06/2025,S,C2,N1,U4,PR1,,,,,,",
            ],
        );
        assert_eq!(flagged(&r, "1008", Table::Episodes), vec![0]);
    }

    #[test]
    fn rule_219_a_placement_type_the_provider_does_not_take() {
        let r = check(
            RulesYear::Y2025_26,
            &[
                // A children's home placement at a fostering agency's URN; a blank placement type.
                "A,01/06/2025,S,C2,N1,K2,PR2,,,,,NX1 1AA,SC100003",
                "B,01/06/2025,S,C2,N1,,PR2,,,,,NX1 1AA,SC100003",
                // Foster care with the agency; a children's home at a home.
                "C,01/06/2025,S,C2,N1,U4,PR2,,,,,NX1 1AA,SC100003",
                "D,01/06/2025,S,C2,N1,K2,PR4,,,,,NM1 1AA,SC100001",
                // A provider of a kind with no 903 placement type: not judged.
                "E,01/06/2025,S,C2,N1,K2,PR4,,,,,NM1 1AA,SC100005",
                // A URN not registered is 1008's.
                "F,01/06/2025,S,C2,N1,K2,PR4,,,,,NM1 1AA,SC999999",
            ],
        );
        assert_eq!(flagged(&r, "219", Table::Episodes), vec![0, 1]);
    }

    #[test]
    fn rule_221_a_placement_postcode_that_is_not_the_providers() {
        let eps = [
            "A,01/06/2025,S,C2,N1,K2,PR4,,,,,NM2 2BB,SC100001",
            // The same postcode written differently.
            "B,01/06/2025,S,C2,N1,K2,PR4,,,,,nm11aa,SC100001",
            // Foster care is not at the agency's address; a short break is not checked.
            "C,01/06/2025,S,C2,N1,U4,PR2,,,,,NM1 1AA,SC100003",
            "D,01/06/2025,S,V3,N1,K2,PR4,,,,,NM2 2BB,SC100001",
            // No placement postcode; a provider whose postcode is not known.
            "E,01/06/2025,S,C2,N1,K2,PR4,,,,,,SC100001",
            "F,01/06/2025,S,C2,N1,K2,PR4,,,,,NM2 2BB,SC100005",
            // Supported accommodation is checked from 2024-25.
            "G,01/06/2025,S,C2,N1,K3,PR4,,,,,NM1 1AA,2600001",
        ];
        assert_eq!(flagged(&check(RulesYear::Y2025_26, &eps), "221", Table::Episodes), vec![0, 6]);
        assert_eq!(flagged(&check(RulesYear::Y2022_23, &eps), "221", Table::Episodes), vec![0]);
    }

    #[test]
    fn rule_224_a_provider_code_the_provider_is_not_reported_as() {
        let r = check(
            RulesYear::Y2025_26,
            &[
                // A private home reported as another council's; with no provider code.
                "A,01/06/2025,S,C2,N1,K2,PR2,,,,,NM1 1AA,SC100001",
                "B,01/06/2025,S,C2,N1,K2,,,,,,NM1 1AA,SC100001",
                "C,01/06/2025,S,C2,N1,K2,PR4,,,,,NM1 1AA,SC100001",
                // A council's agency is PR1 or PR2; an owner not known is not judged.
                "D,01/06/2025,S,C2,N1,U4,PR2,,,,,NX1 1AA,SC100003",
                "E,01/06/2025,S,C2,N1,K2,PR5,,,,,NM1 1AA,SC100005",
            ],
        );
        assert_eq!(flagged(&r, "224", Table::Episodes), vec![0, 1]);
    }

    #[test]
    fn rules_227_and_228_a_placement_after_the_registration_ended() {
        // The home's registration ended on 30 September 2025.
        let r = check(
            RulesYear::Y2025_26,
            &[
                "A,30/09/2025,S,C2,N1,K2,PR4,,,,,NM1 1AA,SC100004",
                "B,01/06/2025,S,C2,N1,K2,PR4,15/10/2025,E4A,,,NM1 1AA,SC100004",
                "C,01/06/2025,S,C2,N1,K2,PR4,30/09/2025,E4A,,,NM1 1AA,SC100004",
                "D,01/06/2025,S,C2,N1,K2,PR4,,,,,NM1 1AA,SC100001",
            ],
        );
        // 227: began on the day it ended; 228: open at 31 March, or ended after it.
        assert_eq!(flagged(&r, "227", Table::Episodes), vec![0]);
        assert_eq!(flagged(&r, "228", Table::Episodes), vec![0, 1]);
    }

    #[test]
    fn rule_229_own_or_another_councils_provision_against_where_the_provider_is() {
        let eps = [
            // Own provision at another council's agency in Cumbria; another council's at our own home.
            "A,01/06/2025,S,C2,N1,U4,PR1,,,,,NX1 1AA,SC100003",
            "B,01/06/2025,S,C2,N1,K2,PR2,,,,,NM2 2BB,SC100002",
            "C,01/06/2025,S,C2,N1,K2,PR1,,,,,NM2 2BB,SC100002",
            "D,01/06/2025,S,C2,N1,U4,PR2,,,,,NX1 1AA,SC100003",
            // Supported accommodation in Cumbria reported as own provision: not checked from 2025-26.
            "E,01/06/2025,S,C2,N1,K3,PR1,,,,,NX1 1AA,2600001",
            // Where the provider is not known.
            "F,01/06/2025,S,C2,N1,K2,PR1,,,,,NM2 2BB,SC100005",
        ];
        assert_eq!(flagged(&check(RulesYear::Y2025_26, &eps), "229", Table::Episodes), vec![0, 1]);
        assert_eq!(flagged(&check(RulesYear::Y2024_25, &eps), "229", Table::Episodes), vec![0, 1, 4]);
    }

    /// 903 rule 241 as the DfE words it: PL_LA must be one of the councils where the URN has
    /// premises. The peer compares PL_LA with the returning council, so it would flag B (placed
    /// out of the area, at the provider's own premises) and pass A (placed in the area, where the
    /// provider has none).
    #[test]
    fn rule_241_supported_accommodation_where_the_provider_has_no_premises() {
        let r = check(
            RulesYear::Y2025_26,
            &[
                "A,01/06/2025,S,C2,N1,K3,PR4,,,,,NM1 1AA,2600001",
                "B,01/06/2025,S,C2,N1,K3,PR4,,,,,NX1 1AA,2600001",
                // Not supported accommodation; a placement postcode the directory does not hold.
                "C,01/06/2025,S,C2,N1,K2,PR4,,,,,NX1 1AA,SC100001",
                "D,01/06/2025,S,C2,N1,K3,PR4,,,,,NM9 9ZZ,2600001",
            ],
        );
        assert_eq!(flagged(&r, "241", Table::Episodes), vec![0], "DfE wording, not the peer's");
        assert!(!flagged(&r, "241", Table::Episodes).contains(&1), "out of the area at the provider's own premises");
        // Not before 2025-26.
        let r = check(RulesYear::Y2024_25, &["A,01/06/2024,S,C2,N1,K3,PR4,,,,,NM1 1AA,2600001"]);
        assert!(!r.rules_run.contains(&"241"));
    }

    #[test]
    fn the_urn_rules_are_skipped_saying_why_without_their_lookups() {
        let files = vec![file("h.csv", HEADER, &[A_OK]), file("e.csv", EPISODES, &["A,01/06/2025,S,C2,N1,K2,PR4,,,,,NM1 1AA,SC999999"])];
        let r = run(RulesYear::Y2025_26, files.clone());
        for rule in ["1008", "219", "221", "224", "227", "228", "229", "241"] {
            assert!(!r.rules_run.contains(&rule), "{rule}");
            let why = &r.rules_skipped.iter().find(|s| s.rule == rule).unwrap().reason;
            assert!(why.contains("registered providers"), "{rule}: {why}");
        }
        // With the providers but no directory, 241 still waits for the directory; the rest run.
        let opts = ValidateOptions { year: RulesYear::Y2025_26, providers: Some(providers()), ..Default::default() };
        let r = ssda903::validate_files(files, None, &opts).unwrap();
        assert_eq!(flagged(&r, "1008", Table::Episodes), vec![0]);
        assert!(r.rules_skipped.iter().any(|s| s.rule == "241" && s.reason.contains("Postcode Directory")));
        assert!(ssda903::rule_catalogue(RulesYear::Y2025_26).iter().any(|e| e.info.code == "241" && e.needs_reference.is_some()));
        assert!(ssda903::rule_catalogue(RulesYear::Y2025_26).iter().any(|e| e.info.code == "218" && e.needs_reference.is_none()));
    }

    #[test]
    fn rule_218_a_urn_missing_for_a_placement_that_needs_one() {
        let eps = [
            // Foster care open in the year, no URN.
            "A,01/06/2025,S,C2,N1,U4,PR1,,,,,NM1 1AA,",
            // With parents; ended before the year; a short break (rule 214 forbids its URN).
            "B,01/06/2025,S,C2,N1,P1,PR0,,,,,NM1 1AA,",
            "C,01/06/2024,S,C2,N1,U4,PR1,01/03/2025,E4A,,,NM1 1AA,",
            "D,01/06/2025,S,V3,N1,U4,PR1,02/06/2025,E4A,,,,",
            // Placed in Scotland; with a URN, XXXXXXX included.
            "E,01/06/2025,S,C2,N1,K2,PR4,,,,,SC1 1AA,",
            "F,01/06/2025,S,C2,N1,K2,PR4,,,,,NM1 1AA,SC100001",
            "G,01/06/2025,S,C2,N1,A4,PR1,,,,,,XXXXXXX",
            // Other placements: Z1 until 2024-25, Z11 from 2025-26.
            "H,01/06/2025,S,C2,N1,Z11,,,,,,NM1 1AA,",
        ];
        assert_eq!(flagged(&check(RulesYear::Y2025_26, &eps), "218", Table::Episodes), vec![0]);
        // Runs without any lookup; then Scotland cannot be told and counts as England.
        let r = header_and_episodes(RulesYear::Y2025_26, &[A_OK, B_OK], &eps);
        assert_eq!(flagged(&r, "218", Table::Episodes), vec![0, 4]);
        let eps = ["A,01/06/2024,S,C2,N1,Z1,,,,,,NM1 1AA,", "B,01/06/2024,S,C2,N1,Z11,,,,,,NM1 1AA,"];
        assert_eq!(flagged(&check(RulesYear::Y2024_25, &eps), "218", Table::Episodes), vec![1]);
    }

    #[test]
    fn rule_230_semi_independent_living_from_29_october_2023() {
        let eps = [
            "A,01/06/2023,S,C2,N1,H5,PR4,,,,,NM1 1AA,",
            "B,01/06/2023,S,C2,N1,H5,PR4,29/10/2023,E4A,,,NM1 1AA,XXXXXXX",
            // Ended the day before; with a URN; in Scotland.
            "C,01/06/2023,S,C2,N1,H5,PR4,28/10/2023,E4A,,,NM1 1AA,",
            "D,01/06/2023,S,C2,N1,H5,PR4,,,,,NM1 1AA,2600001",
            "E,01/06/2023,S,C2,N1,H5,PR4,,,,,SC1 1AA,",
        ];
        let r = check(RulesYear::Y2023_24, &eps);
        assert_eq!(flagged(&r, "230", Table::Episodes), vec![0, 1]);
        // H5 needs no URN under rule 218 that year; 230 runs only in 2023-24.
        assert!(flagged(&r, "218", Table::Episodes).is_empty());
        assert!(!check(RulesYear::Y2024_25, &eps).rules_run.contains(&"230"));
    }

    /// From the command line: the return's directory, Ofsted's list as CSV and the NSPL file, of
    /// which only the postcodes the return and the list name are kept.
    #[test]
    fn a_return_is_checked_against_ofsteds_list_and_the_directory_files() {
        let dir = std::env::temp_dir().join(format!("ff-903-ofsted-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (_, h) = file("header.csv", HEADER, &[A_OK, B_OK]);
        std::fs::write(dir.join("header.csv"), h).unwrap();
        let eps = ["A,01/06/2025,S,C2,N1,K2,PR1,,,,NM1 1AA,NM1 1AA,SC200001", "B,01/06/2025,S,C2,N1,K2,PR4,,,,NM1 1AA,NM1 1AA,SC999999"];
        let (_, e) = file("episodes.csv", EPISODES, &eps);
        std::fs::write(dir.join("episodes.csv"), e).unwrap();
        let ofsted = dir.with_extension("ofsted.csv");
        std::fs::write(
            &ofsted,
            "URN,Provider type,Provider name,Registration status,Local authority,Sector,Setting postcode,Deregistration date\n\
             SC200001,Children's home,Hill House,Active,Calderdale,Local Authority,NM20 1AB,\n",
        )
        .unwrap();
        let nspl = dir.with_extension("nspl.csv");
        std::fs::write(
            &nspl,
            "pcds,doterm,oseast1m,osnrth1m,cty,laua,ctry\n\
             \"NM1 1AA\",,387000,425000,E99999999,E08000005,E92000001\n\
             \"NM20 1AB\",,347000,530000,E10000006,E07000028,E92000001\n",
        )
        .unwrap();
        let opts = ValidateOptions { year: RulesYear::Y2025_26, ..Default::default() };
        // The council is Rochdale (354); Hill House's postcode is in Cumbria (909), whatever the
        // list says its council is.
        let r = ssda903::validate_dir_with_reference(&dir, &opts, Some(&ofsted), Some(&nspl), "354").unwrap();
        assert_eq!(flagged(&r, "1008", Table::Episodes), vec![1]);
        assert_eq!(flagged(&r, "229", Table::Episodes), vec![0], "own provision at a home in Cumbria");
        assert_eq!(flagged(&r, "221", Table::Episodes), vec![0], "placed at NM1 1AA, the home is at NM20 1AB");
        // The list alone: the council from the name Ofsted gives (Calderdale, 381).
        let r = ssda903::validate_dir_with_reference(&dir, &opts, Some(&ofsted), None, "381").unwrap();
        assert!(flagged(&r, "229", Table::Episodes).is_empty());
        assert!(r.rules_skipped.iter().any(|s| s.rule == "241"));
        // A list that is not Ofsted's is an error.
        let (_, not_a_list) = file("x.csv", HEADER, &[A_OK]);
        std::fs::write(&ofsted, not_a_list).unwrap();
        assert!(ssda903::validate_dir_with_reference(&dir, &opts, Some(&ofsted), None, "354").is_err());
        std::fs::remove_dir_all(&dir).ok();
        std::fs::remove_file(&ofsted).ok();
        std::fs::remove_file(&nspl).ok();
    }
}
