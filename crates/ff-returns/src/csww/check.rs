//! Checking census XML: well-formed, the schema's layout (element order, required elements, code
//! lists and number formats, as `data/csww/social_work_workforce_2022.xsd` has them), and the
//! census rules (workforce-and-partnerships.md A3):
//!
//! - W-CSWW-1: a worker who is not an agency worker has every item of
//!   [`super::MANDATORY_FOR_PERMANENT`]; an item the caller says its records do not hold is a
//!   [`Severity::Gap`], not an error.
//! - W-CSWW-2: `StartOrigin` is there exactly when `RoleStartDate` is.
//! - W-CSWW-3: a leaver (`RoleEndDate` there) has `FTE` 0.
//! - W-CSWW-4: a leaver has `LeaverDestination` and `ReasonLeave`; anyone else neither.
//! - W-DEF-5 (ours): the header's reference date is 30 September of its year; a leaver's last
//!   day falls in the census year (1 October to 30 September); no role starts after the
//!   reference date.
//! - W-RATE-4 (ours): agency FTE covering vacancies is no more than the vacancies.
//!
//! Structural findings carry the rule `XML` (not well-formed), `XSD-ORDER` (an element missing,
//! out of order or not expected) or `XSD-VALUE` (a value the schema does not allow).

use chrono::{Datelike, NaiveDate};
use quick_xml::Reader;
use quick_xml::events::Event;
use serde::Serialize;

use super::MANDATORY_FOR_PERMANENT;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The DfE would refuse the file, or the layout is broken.
    Error,
    /// An item the council's records do not hold: to fill in before the return is sent.
    Gap,
}

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule (`W-CSWW-1`…) or structural code (`XML`, `XSD-ORDER`, `XSD-VALUE`).
    pub rule: String,
    pub severity: Severity,
    /// The worker record, counted from 1 in the file; none for the header and LA-level items.
    pub record: Option<usize>,
    /// The record's SWE number, when it has one.
    pub swe_number: Option<String>,
    /// The element concerned.
    pub item: Option<String>,
    pub message: String,
}

#[derive(Debug, Default)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn all(&self, name: &str) -> impl Iterator<Item = &Node> {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn first(&self, name: &str) -> Option<&str> {
        self.all(name).next().map(|n| n.text.trim())
    }
    fn has(&self, name: &str) -> bool {
        self.all(name).next().is_some()
    }
}

fn parse(xml: &str) -> Result<Node, String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        let pos = reader.buffer_position();
        let ev = reader.read_event().map_err(|e| format!("The file is not well-formed XML near byte {pos}: {e}"))?;
        match ev {
            Event::Start(e) => stack.push(Node { name: e.local_name().as_ref().to_owned(), ..Default::default() }),
            Event::Empty(e) => {
                let node = Node { name: e.local_name().as_ref().to_owned(), ..Default::default() };
                if let Some(top) = stack.last_mut() {
                    top.children.push(node);
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                let c = crate::xml::general_ref_char(&r).ok_or_else(|| "The file uses an unknown entity".to_owned())?;
                if let Some(top) = stack.last_mut() {
                    top.text.push(c);
                }
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("An element ends that never began")?;
                match stack.last_mut() {
                    Some(top) => top.children.push(node),
                    None => return Err("An element ends that never began".into()),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err("The file ends before its elements are closed".into());
    }
    let mut doc = stack.pop().unwrap_or_default();
    if doc.children.len() != 1 {
        return Err("The file has no single root element".into());
    }
    Ok(doc.children.remove(0))
}

/// A simple type of the schema.
#[derive(Clone, Copy)]
enum Ty {
    Complex,
    Text,
    Codes(&'static [&'static str]),
    Date,
    Year,
    DateTime,
    Integer,
    /// A decimal with at most this many places.
    Decimal(u32),
    /// A decimal from 0 to 1 with at most 6 places.
    Fte,
    Lea,
    Swe,
}

struct El {
    name: &'static str,
    min: usize,
    max: usize,
    ty: Ty,
}

const MANY: usize = usize::MAX;

const fn el(name: &'static str, min: usize, max: usize, ty: Ty) -> El {
    El { name, min, max, ty }
}

const YES_NO: &[&str] = &["0", "1"];

const MESSAGE: &[El] =
    &[el("Header", 0, 1, Ty::Complex), el("LALevelVacancies", 1, 1, Ty::Complex), el("CSWWWorker", 1, MANY, Ty::Complex)];
const HEADER: &[El] = &[el("CollectionDetails", 0, 1, Ty::Complex), el("Source", 0, MANY, Ty::Complex)];
const COLLECTION: &[El] = &[el("Collection", 0, 1, Ty::Codes(&["CSWW"])), el("Year", 0, 1, Ty::Year), el("ReferenceDate", 0, 1, Ty::Date)];
const SOURCE: &[El] = &[
    el("SourceLevel", 0, 1, Ty::Codes(&["L"])),
    el("LEA", 1, 1, Ty::Lea),
    el("SoftwareCode", 0, 1, Ty::Text),
    el("DateTime", 0, 1, Ty::DateTime),
];
const VACANCIES: &[El] =
    &[el("NumberOfVacancies", 1, 1, Ty::Decimal(2)), el("NoAgencyFTE", 1, 1, Ty::Decimal(2)), el("NoAgencyHeadcount", 1, 1, Ty::Integer)];
const ETHNICITY: &[&str] = &[
    "WBRI", "WIRI", "WOTH", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU",
    "NOBT",
];
const WORKER: &[El] = &[
    el("AgencyWorker", 1, 1, Ty::Codes(YES_NO)),
    el("SWENo", 1, 1, Ty::Swe),
    el("FTE", 0, 1, Ty::Fte),
    el("PersonBirthDate", 0, 1, Ty::Date),
    el("GenderCurrent", 0, 1, Ty::Codes(&["0", "1", "2", "9"])),
    el("Ethnicity", 0, 1, Ty::Codes(ETHNICITY)),
    el("QualInst", 1, MANY, Ty::Text),
    el("QualLevel", 0, 1, Ty::Codes(&["1", "2", "3"])),
    el("StepUpGrad", 0, 1, Ty::Codes(YES_NO)),
    el("OrgRole", 0, 1, Ty::Codes(&["1", "2", "3", "4", "5", "6"])),
    el("RoleStartDate", 0, 1, Ty::Date),
    el("StartOrigin", 0, 1, Ty::Codes(&["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"])),
    el("RoleEndDate", 0, 1, Ty::Date),
    el("LeaverDestination", 0, 1, Ty::Codes(&["1", "2", "3", "4", "5", "6", "7", "8", "9"])),
    el("ReasonLeave", 0, 1, Ty::Codes(&["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"])),
    el("FTE30", 0, 1, Ty::Fte),
    el("Cases30", 0, 1, Ty::Integer),
    el("WorkingDaysLost", 0, 1, Ty::Decimal(2)),
    el("ContractWeeks", 0, MANY, Ty::Decimal(1)),
    el("FrontlineGrad", 0, 1, Ty::Codes(YES_NO)),
    el("Absat30Sept", 0, MANY, Ty::Codes(YES_NO)),
    el("ReasonAbsence", 0, MANY, Ty::Codes(&["MAT", "OTH", "PUB", "SIC", "TRN", "UNA", "UNP"])),
    el("CFKSSstatus", 0, MANY, Ty::Codes(&["1", "2", "3", "4"])),
];

fn children_of(name: &str) -> &'static [El] {
    match name {
        "Header" => HEADER,
        "CollectionDetails" => COLLECTION,
        "Source" => SOURCE,
        "LALevelVacancies" => VACANCIES,
        "CSWWWorker" => WORKER,
        _ => &[],
    }
}

fn decimal_ok(v: &str, places: u32) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    (!whole.is_empty() || !frac.is_empty())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && frac.trim_end_matches('0').len() <= places as usize
}

/// Why `v` is not a value of `ty`, if it is not.
fn value_problem(ty: Ty, v: &str) -> Option<String> {
    let ok = match ty {
        Ty::Complex | Ty::Text => true,
        Ty::Codes(codes) => codes.contains(&v),
        Ty::Date => NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok(),
        Ty::Year => v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()),
        Ty::DateTime => {
            chrono::DateTime::parse_from_rfc3339(v).is_ok() || chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S").is_ok()
        }
        Ty::Integer => v.strip_prefix('-').unwrap_or(v).bytes().all(|b| b.is_ascii_digit()) && !v.is_empty(),
        Ty::Decimal(p) => decimal_ok(v, p),
        Ty::Fte => decimal_ok(v, 6) && v.parse::<f64>().is_ok_and(|f| (0.0..=1.0).contains(&f)),
        Ty::Lea => v.len() == 3 && v.bytes().all(|b| b.is_ascii_digit()),
        // The schema's ten-digit pattern is a placeholder (data/csww/SOURCES.md): two letters and digits.
        Ty::Swe => v.len() > 2 && v.as_bytes()[..2].iter().all(u8::is_ascii_alphabetic) && v.as_bytes()[2..].iter().all(u8::is_ascii_digit),
    };
    (!ok).then(|| match ty {
        Ty::Codes(codes) => format!("'{v}' is not one of the census codes ({})", codes.join(", ")),
        Ty::Date => format!("'{v}' is not a date (YYYY-MM-DD)"),
        Ty::Decimal(p) => format!("'{v}' is not a number with at most {p} decimal places"),
        Ty::Fte => format!("'{v}' is not an FTE from 0 to 1 with at most 6 decimal places"),
        Ty::Lea => format!("'{v}' is not a three-digit LA code"),
        Ty::Swe => format!("'{v}' is not a Social Work England number (two letters and digits)"),
        _ => format!("'{v}' is not allowed here"),
    })
}

struct Out<'a> {
    findings: Vec<Finding>,
    not_held: &'a [&'a str],
}

impl Out<'_> {
    fn add(&mut self, rule: &str, record: Option<(usize, &Node)>, item: Option<&str>, message: String) {
        let severity = if rule == "W-CSWW-1" && item.is_some_and(|i| self.not_held.contains(&i)) { Severity::Gap } else { Severity::Error };
        self.findings.push(Finding {
            rule: rule.into(),
            severity,
            record: record.map(|r| r.0),
            swe_number: record.and_then(|r| r.1.first("SWENo")).filter(|s| !s.is_empty()).map(str::to_owned),
            item: item.map(str::to_owned),
            message,
        });
    }
}

/// Walks `node`'s children against the schema's sequence for it.
fn layout(node: &Node, spec: &[El], record: Option<(usize, &Node)>, out: &mut Out) {
    let mut at = 0;
    // The workers met so far among `node`'s children, each numbered as it is met: a count kept
    // as the walk goes, not recounted for each worker (an England-size file has 45,000).
    let mut workers = 0;
    for e in spec {
        let mut n = 0;
        while at < node.children.len() && node.children[at].name == e.name && n < e.max {
            let child = &node.children[at];
            let record = if child.name == "CSWWWorker" {
                workers += 1;
                Some((workers, child))
            } else {
                record
            };
            match e.ty {
                Ty::Complex => layout(child, children_of(e.name), record, out),
                ty => {
                    if let Some(p) = value_problem(ty, child.text.trim()) {
                        out.add("XSD-VALUE", record, Some(e.name), format!("{}: {p}", e.name));
                    }
                }
            }
            n += 1;
            at += 1;
        }
        if n < e.min {
            out.add("XSD-ORDER", record, Some(e.name), format!("<{}> is missing from <{}>", e.name, node.name));
        }
    }
    if let Some(extra) = node.children.get(at) {
        out.add("XSD-ORDER", record, Some(&extra.name), format!("<{}> is out of order or not expected in <{}>", extra.name, node.name));
    }
}

fn date(n: &Node, name: &str) -> Option<NaiveDate> {
    n.first(name).and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
}

/// What the layout and the census rules find in `xml`. `not_held` names the items the
/// council's records do not hold: W-CSWW-1 reports them missing as gaps, not errors.
pub fn check(xml: &str, not_held: &[&str]) -> Vec<Finding> {
    let mut out = Out { findings: vec![], not_held };
    let root = match parse(xml) {
        Ok(r) => r,
        Err(message) => {
            out.add("XML", None, None, message);
            return out.findings;
        }
    };
    if root.name != "Message" {
        out.add("XSD-ORDER", None, Some(&root.name), format!("The root element is <{}>, not <Message>", root.name));
        return out.findings;
    }
    layout(&root, MESSAGE, None, &mut out);

    // W-DEF-5: the reference date and the census year.
    let details = root.all("Header").flat_map(|h| h.all("CollectionDetails")).next();
    let year = details.and_then(|d| d.first("Year")).and_then(|y| y.parse::<i32>().ok());
    let reference = details.and_then(|d| date(d, "ReferenceDate"));
    if let (Some(y), Some(r)) = (year, reference)
        && (r.year(), r.month(), r.day()) != (y, 9, 30)
    {
        out.add("W-DEF-5", None, Some("ReferenceDate"), format!("The reference date is {r}, not 30 September {y}"));
    }
    let reference = reference.or_else(|| year.and_then(super::reference_date));
    let year_from = reference.and_then(|r| r.checked_sub_months(chrono::Months::new(12))).and_then(|d| d.succ_opt());

    // W-RATE-4: agency cover is of vacancies.
    if let Some(v) = root.all("LALevelVacancies").next() {
        let num = |name| v.first(name).and_then(|s| s.parse::<f64>().ok());
        if let (Some(vac), Some(agency)) = (num("NumberOfVacancies"), num("NoAgencyFTE"))
            && agency > vac + 1e-9
        {
            out.add(
                "W-RATE-4",
                None,
                Some("NoAgencyFTE"),
                format!("Agency FTE covering vacancies ({agency}) is more than the vacancies ({vac})"),
            );
        }
    }

    for (i, w) in root.all("CSWWWorker").enumerate() {
        let rec = Some((i + 1, w));
        let agency = w.first("AgencyWorker") == Some("1");
        let leaver = w.has("RoleEndDate");
        if !agency {
            for item in MANDATORY_FOR_PERMANENT {
                if !w.has(item) {
                    out.add("W-CSWW-1", rec, Some(item), format!("{item} is needed for a worker who is not an agency worker"));
                }
            }
        }
        if w.has("StartOrigin") != w.has("RoleStartDate") {
            let (has, lacks) = if w.has("StartOrigin") { ("StartOrigin", "RoleStartDate") } else { ("RoleStartDate", "StartOrigin") };
            out.add("W-CSWW-2", rec, Some(lacks), format!("{has} is given without {lacks}: both or neither"));
        }
        if leaver && w.first("FTE").and_then(|f| f.parse::<f64>().ok()).is_some_and(|f| f != 0.0) {
            out.add("W-CSWW-3", rec, Some("FTE"), "A leaver's FTE is 0".into());
        }
        for item in ["LeaverDestination", "ReasonLeave"] {
            match (leaver, w.has(item)) {
                (true, false) => out.add("W-CSWW-4", rec, Some(item), format!("A leaver needs {item}")),
                (false, true) => out.add("W-CSWW-4", rec, Some(item), format!("{item} is only for a leaver (one with RoleEndDate)")),
                _ => {}
            }
        }
        if let (Some(end), Some(from), Some(to)) = (date(w, "RoleEndDate"), year_from, reference)
            && (end < from || end > to)
        {
            out.add("W-DEF-5", rec, Some("RoleEndDate"), format!("The last day, {end}, is outside the census year {from} to {to}"));
        }
        if let (Some(start), Some(to)) = (date(w, "RoleStartDate"), reference)
            && start > to
        {
            out.add("W-DEF-5", rec, Some("RoleStartDate"), format!("The role starts on {start}, after the reference date {to}"));
        }
        if let (Some(start), Some(end)) = (date(w, "RoleStartDate"), date(w, "RoleEndDate"))
            && end < start
        {
            out.add("W-DEF-5", rec, Some("RoleEndDate"), format!("The last day, {end}, is before the start, {start}"));
        }
    }
    out.findings
}

/// The sequence the checker walks for an element, as (name, least, most) for the tests that hold
/// it to the schema file.
#[cfg(test)]
pub(super) fn sequence(name: &str) -> Vec<(&'static str, usize, usize)> {
    let spec = if name == "Message" { MESSAGE } else { children_of(name) };
    spec.iter().map(|e| (e.name, e.min, e.max)).collect()
}
