//! The children's social work workforce (CSWW) census: the XML a council sends the DfE for a
//! census year (workforce-and-partnerships.md A3, W-OUT-1), written from plain structs, and a
//! checker for the result.
//!
//! A caller fills a [`Census`] from its records (the LA header, the vacancies at 30 September and
//! one [`Worker`] per worker per post: permanent workers in post on the day, agency workers in
//! post, leavers in the year) and calls [`write`]; [`check`] reads XML back and reports what the
//! layout (`data/csww/social_work_workforce_2022.xsd`: element order, required elements, code
//! lists, number formats) and the census rules W-CSWW-1…4 find, with a few checks of our own on
//! the census year (W-DEF-5) and vacancy cover (W-RATE-4).
//!
//! ```
//! use ff_returns::csww::{self, Census, Vacancies, Worker};
//!
//! let census = Census {
//!     year: 2026,
//!     lea: "990".into(),
//!     software: "Families First".into(),
//!     created: "2026-10-05T09:00:00Z".into(),
//!     vacancies: Vacancies { fte_x100: 150, agency_fte_x100: 100, agency_headcount: 1 },
//!     workers: vec![Worker { agency: true, swe_number: "SW1234".into(), fte: Some(1_000_000), qual_inst: vec!["Not known".into()], ..Default::default() }],
//! };
//! let xml = csww::write(&census);
//! assert!(csww::check(&xml, &[]).is_empty());
//! ```
//!
//! Nothing is made up: an item the caller does not hold is `None` and left out (the checker then
//! names it, as a gap when the caller lists it in `not_held`), and an item with a "not known" code
//! is given that code by the caller.

mod check;

use chrono::NaiveDate;

pub use check::{Finding, Severity, check};

/// The layout the XML follows (the London alliance's schema for 2021/22; see `data/csww/SOURCES.md`).
pub const XSD: &str = include_str!("../../data/csww/social_work_workforce_2022.xsd");

/// The items W-CSWW-1 asks of every worker who is not an agency worker.
pub const MANDATORY_FOR_PERMANENT: [&str; 11] = [
    "PersonBirthDate",
    "GenderCurrent",
    "Ethnicity",
    "QualInst",
    "StepUpGrad",
    "OrgRole",
    "RoleStartDate",
    "StartOrigin",
    "FTE30",
    "WorkingDaysLost",
    "FrontlineGrad",
];

/// The census "not known" and "not yet collected" codes a caller writes for an item it does not
/// hold where the census has such a code (A3.2).
pub mod unknown {
    /// `GenderCurrent` 0: not known.
    pub const GENDER: &str = "0";
    /// `Ethnicity` NOBT: information not yet obtained.
    pub const ETHNICITY: &str = "NOBT";
    /// `StartOrigin` 10: not yet collected.
    pub const START_ORIGIN: &str = "10";
    /// `LeaverDestination` 9: not yet collected.
    pub const LEAVER_DESTINATION: &str = "9";
    /// `QualInst` is free text: the words written when the institution is not held.
    pub const QUAL_INST: &str = "Not known";
}

/// A census return for the year ending 30 September `year`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Census {
    /// The census year: the reference date is 30 September of it (W-DEF-5).
    pub year: i32,
    /// The council's three-digit LA code.
    pub lea: String,
    pub software: String,
    /// When the file was made, as an XML dateTime (`2026-10-05T09:00:00Z`).
    pub created: String,
    pub vacancies: Vacancies,
    pub workers: Vec<Worker>,
}

impl Census {
    /// 30 September of the census year.
    pub fn reference_date(&self) -> Option<NaiveDate> {
        reference_date(self.year)
    }
}

/// 30 September of `year`, the census's reference date (W-DEF-5).
pub fn reference_date(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 9, 30)
}

/// The LA-level vacancy items at 30 September (W-DEF-6).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Vacancies {
    /// Funded FTE with no permanent worker in it, in hundredths.
    pub fte_x100: i64,
    /// FTE of agency workers covering vacancies, in hundredths.
    pub agency_fte_x100: i64,
    /// Headcount of those agency workers.
    pub agency_headcount: i64,
}

/// One worker in one post (a `CSWWWorker` record). FTE in millionths, days and weeks in
/// hundredths and tenths, as the census's decimal places.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Worker {
    pub agency: bool,
    pub swe_number: String,
    /// FTE on the reference date (0 for a leaver, W-CSWW-3).
    pub fte: Option<i64>,
    pub birth_date: Option<NaiveDate>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    /// Where they qualified (at least one: the schema asks it of every record).
    pub qual_inst: Vec<String>,
    pub qual_level: Option<String>,
    pub step_up: Option<bool>,
    pub org_role: Option<String>,
    pub role_start: Option<NaiveDate>,
    pub start_origin: Option<String>,
    /// The last day in the role: a leaver.
    pub role_end: Option<NaiveDate>,
    pub leaver_destination: Option<String>,
    pub reason_leave: Option<String>,
    pub fte30: Option<i64>,
    pub cases30: Option<i64>,
    pub working_days_lost_x100: Option<i64>,
    pub contract_weeks_x10: Vec<i64>,
    pub frontline: Option<bool>,
    pub absent_30_sept: Vec<bool>,
    pub reason_absence: Vec<String>,
    pub cfkss: Vec<String>,
}

/// `OrgRole` for a post of the agency rules' role type (A2.1) (A3.2: 3 first line manager, 4
/// senior practitioner, 5 case holder, 6 qualified without cases). Ours, CONFIRM: a team manager
/// is a first line manager, a senior social worker or advanced practitioner a senior practitioner,
/// a social worker a case holder when the post holds cases, and a reviewing officer or conference
/// chair qualified without cases.
pub fn org_role(role_type: &str, case_holding: bool) -> &'static str {
    match role_type {
        "TM" => "3",
        "SSW" | "AP" => "4",
        "SW" if case_holding => "5",
        _ => "6",
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole number of `places`-th parts as a decimal with that many places ("1.500000").
pub fn decimal(v: i64, places: u32) -> String {
    let scale = 10_i64.pow(places);
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    let s = scale.unsigned_abs();
    format!("{sign}{}.{:0width$}", a / s, a % s, width = places as usize)
}

fn el(out: &mut String, indent: &str, name: &str, value: &str) {
    out.push_str(&format!("{indent}<{name}>{}</{name}>\n", escape(value)));
}

fn yes_no(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

/// The census XML: every element in the schema's order, an item that is `None` (or an empty list)
/// left out, values as given (codes are not corrected; run [`check`] on the result).
pub fn write(c: &Census) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n  <Header>\n    <CollectionDetails>\n");
    el(&mut out, "      ", "Collection", "CSWW");
    el(&mut out, "      ", "Year", &c.year.to_string());
    if let Some(d) = c.reference_date() {
        el(&mut out, "      ", "ReferenceDate", &d.to_string());
    }
    out.push_str("    </CollectionDetails>\n    <Source>\n");
    el(&mut out, "      ", "SourceLevel", "L");
    el(&mut out, "      ", "LEA", &c.lea);
    el(&mut out, "      ", "SoftwareCode", &c.software);
    el(&mut out, "      ", "DateTime", &c.created);
    out.push_str("    </Source>\n  </Header>\n  <LALevelVacancies>\n");
    el(&mut out, "    ", "NumberOfVacancies", &decimal(c.vacancies.fte_x100, 2));
    el(&mut out, "    ", "NoAgencyFTE", &decimal(c.vacancies.agency_fte_x100, 2));
    el(&mut out, "    ", "NoAgencyHeadcount", &c.vacancies.agency_headcount.to_string());
    out.push_str("  </LALevelVacancies>\n");
    for w in &c.workers {
        worker(&mut out, w);
    }
    out.push_str("</Message>\n");
    out
}

fn worker(out: &mut String, w: &Worker) {
    let i = "    ";
    out.push_str("  <CSWWWorker>\n");
    el(out, i, "AgencyWorker", yes_no(w.agency));
    el(out, i, "SWENo", &w.swe_number);
    let opt = |out: &mut String, name: &str, v: Option<String>| {
        if let Some(v) = v {
            el(out, i, name, &v);
        }
    };
    opt(out, "FTE", w.fte.map(|f| decimal(f, 6)));
    opt(out, "PersonBirthDate", w.birth_date.map(|d| d.to_string()));
    opt(out, "GenderCurrent", w.gender.clone());
    opt(out, "Ethnicity", w.ethnicity.clone());
    for q in &w.qual_inst {
        el(out, i, "QualInst", q);
    }
    opt(out, "QualLevel", w.qual_level.clone());
    opt(out, "StepUpGrad", w.step_up.map(|b| yes_no(b).to_owned()));
    opt(out, "OrgRole", w.org_role.clone());
    opt(out, "RoleStartDate", w.role_start.map(|d| d.to_string()));
    opt(out, "StartOrigin", w.start_origin.clone());
    opt(out, "RoleEndDate", w.role_end.map(|d| d.to_string()));
    opt(out, "LeaverDestination", w.leaver_destination.clone());
    opt(out, "ReasonLeave", w.reason_leave.clone());
    opt(out, "FTE30", w.fte30.map(|f| decimal(f, 6)));
    opt(out, "Cases30", w.cases30.map(|n| n.to_string()));
    opt(out, "WorkingDaysLost", w.working_days_lost_x100.map(|d| decimal(d, 2)));
    for weeks in &w.contract_weeks_x10 {
        el(out, i, "ContractWeeks", &decimal(*weeks, 1));
    }
    opt(out, "FrontlineGrad", w.frontline.map(|b| yes_no(b).to_owned()));
    for a in &w.absent_30_sept {
        el(out, i, "Absat30Sept", yes_no(*a));
    }
    for r in &w.reason_absence {
        el(out, i, "ReasonAbsence", r);
    }
    for s in &w.cfkss {
        el(out, i, "CFKSSstatus", s);
    }
    out.push_str("  </CSWWWorker>\n");
}

#[cfg(test)]
mod tests;
