#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly

use chrono::NaiveDate;
use quick_xml::Reader;
use quick_xml::events::Event;

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A permanent worker in post with every item the census asks (none made up: a test's values).
fn permanent(swe: &str) -> Worker {
    Worker {
        agency: false,
        swe_number: swe.into(),
        fte: Some(1_000_000),
        birth_date: Some(d("1985-04-02")),
        gender: Some("2".into()),
        ethnicity: Some("WBRI".into()),
        qual_inst: vec!["University of Leeds".into()],
        qual_level: Some("2".into()),
        step_up: Some(false),
        org_role: Some("5".into()),
        role_start: Some(d("2019-02-01")),
        start_origin: Some("2".into()),
        fte30: Some(1_000_000),
        cases30: Some(17),
        working_days_lost_x100: Some(350),
        frontline: Some(false),
        absent_30_sept: vec![false],
        ..Default::default()
    }
}

fn leaver(swe: &str) -> Worker {
    Worker {
        fte: Some(0),
        role_end: Some(d("2026-03-31")),
        leaver_destination: Some("1".into()),
        reason_leave: Some("1".into()),
        fte30: Some(500_000),
        cases30: None,
        absent_30_sept: vec![],
        ..permanent(swe)
    }
}

fn agency(swe: &str) -> Worker {
    Worker {
        agency: true,
        swe_number: swe.into(),
        fte: Some(1_000_000),
        qual_inst: vec![unknown::QUAL_INST.into()],
        cases30: Some(12),
        ..Default::default()
    }
}

fn census(workers: Vec<Worker>) -> Census {
    Census {
        year: 2026,
        lea: "990".into(),
        software: "Families First".into(),
        created: "2026-10-05T09:00:00Z".into(),
        vacancies: Vacancies { fte_x100: 250, agency_fte_x100: 100, agency_headcount: 1 },
        workers,
    }
}

fn good() -> Census {
    census(vec![permanent("SW1000000001"), leaver("SW1000000002"), agency("SW1000000003")])
}

fn rules(xml: &str) -> Vec<(String, Option<usize>, Option<String>)> {
    check(xml, &[]).into_iter().map(|f| (f.rule, f.record, f.item)).collect()
}

fn one(rule: &str, record: Option<usize>, item: &str) -> Vec<(String, Option<usize>, Option<String>)> {
    vec![(rule.to_owned(), record, Some(item.to_owned()))]
}

#[test]
fn a_complete_return_is_written_in_order_and_checks_clean() {
    let xml = write(&good());
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>"));
    assert_eq!(check(&xml, &[]), vec![]);
    assert!(xml.contains("<ReferenceDate>2026-09-30</ReferenceDate>"));
    assert!(xml.contains("<NumberOfVacancies>2.50</NumberOfVacancies>"));
    assert!(xml.contains("<FTE>1.000000</FTE>") && xml.contains("<FTE30>0.500000</FTE30>"));
    assert!(xml.contains("<WorkingDaysLost>3.50</WorkingDaysLost>"));
    assert_eq!(xml.matches("<CSWWWorker>").count(), 3);
    // The items come in the schema's order within a record.
    let first = &xml[xml.find("<CSWWWorker>").unwrap()..xml.find("</CSWWWorker>").unwrap()];
    let names: Vec<&str> =
        first.lines().skip(1).map(|l| l.trim().trim_start_matches('<').split('>').next().unwrap()).filter(|n| !n.is_empty()).collect();
    let order: Vec<&str> = check::sequence("CSWWWorker").iter().map(|e| e.0).collect();
    let mut at = 0;
    for n in &names {
        at += order[at..].iter().position(|o| o == n).unwrap_or_else(|| panic!("{n} out of order in {names:?}"));
    }
}

#[test]
fn text_is_escaped_and_decimals_keep_their_places() {
    let mut c = good();
    c.workers[0].qual_inst = vec!["Queen's & <St John>".into()];
    let xml = write(&c);
    assert!(xml.contains("<QualInst>Queen&apos;s &amp; &lt;St John&gt;</QualInst>"));
    assert_eq!(check(&xml, &[]), vec![]);
    assert_eq!(decimal(450_450, 6), "0.450450");
    assert_eq!(decimal(5, 2), "0.05");
    assert_eq!(decimal(-15, 1), "-1.5");
}

/// An element of a sequence: its name, least and most occurrences.
type Occurs = (String, usize, usize);

/// The checker's sequences are the schema file's: every complex type's elements, in order, with
/// their least and most occurrences.
#[test]
fn the_checker_walks_the_schema_files_sequences() {
    let mut reader = Reader::from_str(XSD);
    let mut current: Option<String> = None;
    let mut seqs: Vec<(String, Vec<Occurs>)> = vec![];
    let mut depth_in_element = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "complexType" => {
                let name = e.try_get_attribute("name").unwrap().map(|a| a.value.to_string()).unwrap();
                current = Some(name.clone());
                seqs.push((name, vec![]));
            }
            Event::End(e) if e.local_name().as_ref() == "complexType" => current = None,
            ref ev @ (Event::Start(ref e) | Event::Empty(ref e)) if e.local_name().as_ref() == "element" && current.is_some() => {
                if depth_in_element == 0 {
                    let attr = |k: &str| e.try_get_attribute(k).unwrap().map(|a| a.value.to_string());
                    let n = |k: &str| attr(k).map_or(1, |v| if v == "unbounded" { usize::MAX } else { v.parse().unwrap() });
                    seqs.last_mut().unwrap().1.push((attr("name").unwrap(), n("minOccurs"), n("maxOccurs")));
                }
                if matches!(ev, Event::Start(_)) {
                    depth_in_element += 1;
                }
            }
            Event::End(e) if e.local_name().as_ref() == "element" && current.is_some() => depth_in_element -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    let of = |ty: &str| seqs.iter().find(|s| s.0 == ty).unwrap_or_else(|| panic!("{ty}")).1.clone();
    for (ty, element) in [
        ("messagetype", "Message"),
        ("headertype", "Header"),
        ("collectiondetailstype", "CollectionDetails"),
        ("sourcetype", "Source"),
        ("vacancytype", "LALevelVacancies"),
        ("workertype", "CSWWWorker"),
    ] {
        let ours: Vec<Occurs> = check::sequence(element).into_iter().map(|(n, a, b)| (n.to_owned(), a, b)).collect();
        assert_eq!(ours, of(ty), "{element}");
    }
    assert_eq!(seqs.len(), 6, "no complex type left unchecked");
}

/// When `xmllint` is on the machine, the written file validates against the schema file itself
/// (skipped otherwise: the clone's tests pass without it).
#[test]
fn xmllint_accepts_the_written_file_when_it_is_there() {
    if std::process::Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("xmllint is not installed: skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("ff-csww-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (xsd, xml) = (dir.join("csww.xsd"), dir.join("csww.xml"));
    std::fs::write(&xsd, XSD).unwrap();
    std::fs::write(&xml, write(&good())).unwrap();
    let out = std::process::Command::new("xmllint").arg("--noout").arg("--schema").arg(&xsd).arg(&xml).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn malformed_xml_and_a_wrong_root_are_reported_not_panicked_on() {
    assert_eq!(rules("<Message><Header></Message>")[0].0, "XML");
    assert_eq!(rules("")[0].0, "XML");
    assert_eq!(rules("<Return/>"), one("XSD-ORDER", None, "Return"));
}

#[test]
fn the_layout_finds_missing_misplaced_and_unknown_items() {
    let xml = write(&good());
    // Required element missing (LA level and a worker's QualInst).
    let no_vacancies = xml.replace("    <NoAgencyHeadcount>1</NoAgencyHeadcount>\n", "");
    assert_eq!(rules(&no_vacancies), one("XSD-ORDER", None, "NoAgencyHeadcount"));
    let agency_inst = format!("    <QualInst>{}</QualInst>\n", unknown::QUAL_INST);
    assert_eq!(rules(&xml.replacen(&agency_inst, "", 1)), one("XSD-ORDER", Some(3), "QualInst"));
    // Out of order: Cases30 before FTE30.
    let swapped = xml.replacen(
        "    <FTE30>1.000000</FTE30>\n    <Cases30>17</Cases30>\n",
        "    <Cases30>17</Cases30>\n    <FTE30>1.000000</FTE30>\n",
        1,
    );
    assert_ne!(swapped, xml);
    assert_eq!(rules(&swapped), one("XSD-ORDER", Some(1), "FTE30"));
    // Values the schema does not allow.
    assert_eq!(
        rules(&xml.replacen("<Ethnicity>WBRI</Ethnicity>", "<Ethnicity>WROM</Ethnicity>", 1)),
        one("XSD-VALUE", Some(1), "Ethnicity")
    );
    assert_eq!(rules(&xml.replacen("<FTE>1.000000</FTE>", "<FTE>1.5</FTE>", 1)), one("XSD-VALUE", Some(1), "FTE"));
    assert_eq!(rules(&xml.replacen("<FTE>1.000000</FTE>", "<FTE>0.1234567</FTE>", 1)), one("XSD-VALUE", Some(1), "FTE"));
    assert_eq!(
        rules(&xml.replace("<WorkingDaysLost>3.50</WorkingDaysLost>", "<WorkingDaysLost>3.505</WorkingDaysLost>"))[0].2.as_deref(),
        Some("WorkingDaysLost")
    );
    assert_eq!(rules(&xml.replace("<LEA>990</LEA>", "<LEA>E09</LEA>")), one("XSD-VALUE", None, "LEA"));
    assert_eq!(rules(&xml.replacen("<SWENo>SW1000000001</SWENo>", "<SWENo>1000000001</SWENo>", 1)), one("XSD-VALUE", Some(1), "SWENo"));
    assert_eq!(
        rules(&xml.replacen("<RoleStartDate>2019-02-01</RoleStartDate>", "<RoleStartDate>2019-02-30</RoleStartDate>", 1)),
        one("XSD-VALUE", Some(1), "RoleStartDate")
    );
    // A layout finding names the worker it is in by their place in the file: the third here.
    assert_eq!(rules(&xml.replacen("<SWENo>SW1000000003</SWENo>", "<SWENo>1000000003</SWENo>", 1)), one("XSD-VALUE", Some(3), "SWENo"));
    // A file with no worker at all.
    let none = write(&census(vec![]));
    assert_eq!(rules(&none), one("XSD-ORDER", None, "CSWWWorker"));
}

/// W-CSWW-1: every mandatory item of a permanent worker, missing, is found; an agency worker
/// needs none of them; an item the records do not hold is a gap, not an error.
#[test]
fn w_csww_1_permanent_workers_have_the_mandatory_items() {
    let xml = write(&good());
    for item in MANDATORY_FOR_PERMANENT {
        let open = format!("<{item}>");
        let Some(start) = xml.find(&open) else { panic!("{item} written") };
        let end = xml[start..].find('\n').unwrap() + start + 1;
        let line_start = xml[..start].rfind('\n').unwrap() + 1;
        let cut = format!("{}{}", &xml[..line_start], &xml[end..]);
        let found: Vec<_> = check(&cut, &[]).into_iter().filter(|f| f.rule == "W-CSWW-1").collect();
        assert_eq!(found.len(), 1, "{item}: {found:?}");
        assert_eq!((found[0].record, found[0].item.as_deref(), found[0].severity), (Some(1), Some(item), Severity::Error));
        assert_eq!(found[0].swe_number.as_deref(), Some("SW1000000001"));
        let gap = check(&cut, &[item]).into_iter().find(|f| f.rule == "W-CSWW-1").unwrap();
        assert_eq!(gap.severity, Severity::Gap, "{item}");
    }
    // The agency worker (record 3) has none of them and passes.
    assert!(!check(&xml, &[]).iter().any(|f| f.record == Some(3)));
}

#[test]
fn w_csww_2_start_origin_exactly_with_the_role_start() {
    let mut c = good();
    c.workers[0].start_origin = None;
    assert!(rules(&write(&c)).contains(&("W-CSWW-2".into(), Some(1), Some("StartOrigin".into()))));
    let mut c = good();
    c.workers[2].start_origin = Some("4".into());
    assert_eq!(rules(&write(&c)), one("W-CSWW-2", Some(3), "RoleStartDate"));
    let mut c = good();
    c.workers[2].start_origin = Some("4".into());
    c.workers[2].role_start = Some(d("2026-06-01"));
    assert_eq!(rules(&write(&c)), vec![], "both");
}

#[test]
fn w_csww_3_a_leavers_fte_is_nought() {
    let mut c = good();
    c.workers[1].fte = Some(500_000);
    assert_eq!(rules(&write(&c)), one("W-CSWW-3", Some(2), "FTE"));
    c.workers[1].fte = Some(0);
    assert_eq!(rules(&write(&c)), vec![]);
}

#[test]
fn w_csww_4_leaving_items_for_leavers_only() {
    let mut c = good();
    c.workers[1].leaver_destination = None;
    assert_eq!(rules(&write(&c)), one("W-CSWW-4", Some(2), "LeaverDestination"));
    let mut c = good();
    c.workers[1].reason_leave = None;
    assert_eq!(rules(&write(&c)), one("W-CSWW-4", Some(2), "ReasonLeave"));
    let mut c = good();
    c.workers[0].reason_leave = Some("1".into());
    assert_eq!(rules(&write(&c)), one("W-CSWW-4", Some(1), "ReasonLeave"));
    let mut c = good();
    c.workers[2].leaver_destination = Some(unknown::LEAVER_DESTINATION.into());
    assert_eq!(rules(&write(&c)), one("W-CSWW-4", Some(3), "LeaverDestination"));
}

#[test]
fn w_def_5_dates_belong_to_the_census_year() {
    let mut c = good();
    c.workers[1].role_end = Some(d("2025-09-30"));
    assert_eq!(rules(&write(&c)), one("W-DEF-5", Some(2), "RoleEndDate"), "last year's leaver");
    c.workers[1].role_end = Some(d("2025-10-01"));
    assert_eq!(rules(&write(&c)), vec![], "the first day of the year");
    let mut c = good();
    c.workers[0].role_start = Some(d("2026-10-01"));
    assert_eq!(rules(&write(&c)), one("W-DEF-5", Some(1), "RoleStartDate"));
    let xml = write(&good()).replace("<ReferenceDate>2026-09-30</ReferenceDate>", "<ReferenceDate>2026-03-31</ReferenceDate>");
    assert!(rules(&xml).contains(&("W-DEF-5".into(), None, Some("ReferenceDate".into()))));
}

#[test]
fn w_rate_4_agency_cover_is_no_more_than_the_vacancies() {
    let mut c = good();
    c.vacancies.agency_fte_x100 = 251;
    assert_eq!(rules(&write(&c)), one("W-RATE-4", None, "NoAgencyFTE"));
    c.vacancies.agency_fte_x100 = 250;
    assert_eq!(rules(&write(&c)), vec![]);
}

#[test]
fn org_roles_from_the_job_map() {
    assert_eq!(org_role("TM", false), "3");
    assert_eq!(org_role("SSW", true), "4");
    assert_eq!(org_role("SW", true), "5");
    assert_eq!(org_role("SW", false), "6");
    assert_eq!(org_role("IRO_CPC", false), "6");
}

/// The published synthetic sample breaks the layout where its notes say: records with a
/// `QualLevel` and no `QualInst`.
#[test]
fn the_alliances_sample_is_caught_where_its_notes_say() {
    let sample =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/csww/social_work_workforce_2022_sample.xml")).unwrap();
    let missing = check(&sample, &[]).into_iter().filter(|f| f.rule == "XSD-ORDER" && f.item.as_deref() == Some("QualInst")).count();
    assert_eq!(missing, 12);
}
