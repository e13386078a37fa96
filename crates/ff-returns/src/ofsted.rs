//! Ofsted's published list of children's social care providers (RCC-DATA-4, RCC-SHARE-6), read
//! into the provider register's facts (`ff_domain::providers`). Ofsted's files have changed their
//! column names from year to year, so each fact is found under any of the names it has been
//! published with (first match wins, letter case and spacing ignored); a file without a URN, a
//! name or a provider type column is refused as a whole. A row that cannot be read is reported
//! with its line number and left out; the rest load.

use chrono::NaiveDate;
use ff_domain::providers::{Judgement, ProviderFacts, ProviderKind, Registration, Urn};

use crate::ssda903::ingest::parse_csv;

/// The names each fact has been published under.
const URN: &[&str] = &["urn", "provider urn", "unique reference number", "setting urn"];
const NAME: &[&str] = &["provider name", "setting name", "name", "establishment name"];
const KIND: &[&str] = &["provider type", "type of provision", "setting type", "provision type"];
const STATUS: &[&str] = &["registration status", "provider status", "status"];
const PLACES: &[&str] = &["places", "number of registered places", "registered places", "maximum number of places"];
const JUDGEMENT: &[&str] = &[
    "overall experiences and progress of children and young people",
    "latest full inspection overall effectiveness",
    "overall effectiveness",
    "overall judgement",
    "inspection judgement",
];
const INSPECTED: &[&str] = &["latest full inspection date", "inspection date", "date of inspection", "publication date"];
const AREA: &[&str] = &["local authority", "la name", "local authority name"];

/// One row that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file's line, counting the header as line 1.
    pub line: usize,
    pub message: String,
}

/// What a file held.
#[derive(Debug, Default)]
pub struct ProviderFile {
    pub providers: Vec<ProviderFacts>,
    pub problems: Vec<Problem>,
    /// Data rows read (good and bad).
    pub rows: usize,
}

fn norm(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn column(header: &[String], names: &[&str]) -> Option<usize> {
    let header: Vec<String> = header.iter().map(|h| norm(h)).collect();
    names.iter().find_map(|n| header.iter().position(|h| h == n))
}

/// Dates as Ofsted writes them: 2025-03-31, 31/03/2025 or 31-Mar-2025.
fn date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    ["%Y-%m-%d", "%d/%m/%Y", "%d-%b-%Y", "%d %B %Y", "%d/%m/%y"].iter().find_map(|f| NaiveDate::parse_from_str(t, f).ok())
}

/// Reads Ofsted's provider list. `Err` when the file is not such a list at all.
pub fn read(bytes: &[u8]) -> Result<ProviderFile, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "The file is not text: save Ofsted's list as CSV (UTF-8) and load it again.")?;
    let records = parse_csv(text);
    let Some((header, rows)) = records.split_first() else { return Err("The file is empty.".into()) };
    let (Some(urn), Some(name), Some(kind)) = (column(header, URN), column(header, NAME), column(header, KIND)) else {
        return Err("This is not Ofsted's provider list: it needs columns for the URN, the provider's name and its type.".into());
    };
    let status = column(header, STATUS);
    let places = column(header, PLACES);
    let judgement = column(header, JUDGEMENT);
    let inspected = column(header, INSPECTED);
    let area = column(header, AREA);
    let mut out = ProviderFile { rows: rows.len(), ..ProviderFile::default() };
    let mut seen = std::collections::HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        let cols = Columns { urn, name, kind, status, places, judgement, inspected, area };
        match read_row(row, &cols) {
            Ok(p) if !seen.insert(p.urn.clone()) => {
                out.problems.push(Problem { line, message: format!("URN {} appears twice: the first row was kept", p.urn) })
            }
            Ok(p) => out.providers.push(p),
            Err(message) => out.problems.push(Problem { line, message }),
        }
    }
    Ok(out)
}

/// Where each fact sits in the file's rows.
struct Columns {
    urn: usize,
    name: usize,
    kind: usize,
    status: Option<usize>,
    places: Option<usize>,
    judgement: Option<usize>,
    inspected: Option<usize>,
    area: Option<usize>,
}

fn read_row(row: &[String], c: &Columns) -> Result<ProviderFacts, String> {
    let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map(|s| s.trim()).unwrap_or("");
    let (urn, name, kind, status, places, judgement, inspected, area) =
        (c.urn, c.name, c.kind, c.status, c.places, c.judgement, c.inspected, c.area);
    let urn_text = cell(Some(urn));
    let urn = Urn::parse(urn_text).map_err(|_| format!("URN \"{urn_text}\" is not an Ofsted URN"))?;
    let name = cell(Some(name));
    if name.is_empty() {
        return Err(format!("URN {urn} has no name"));
    }
    let registration = match status {
        None => Registration::Active,
        Some(_) => {
            let s = cell(status);
            Registration::from_ofsted(s).ok_or_else(|| format!("URN {urn}: registration status \"{s}\" is not one Ofsted uses"))?
        }
    };
    let places_text = cell(places);
    let places = if places_text.is_empty() {
        None
    } else {
        Some(places_text.parse::<u32>().map_err(|_| format!("URN {urn}: places \"{places_text}\" is not a number"))?)
    };
    let j = cell(judgement);
    let judgement = Judgement::from_ofsted(j).ok_or_else(|| format!("URN {urn}: judgement \"{j}\" is not one Ofsted gives"))?;
    let d = cell(inspected);
    let inspected_on = if d.is_empty() { None } else { Some(date(d).ok_or_else(|| format!("URN {urn}: \"{d}\" is not a date"))?) };
    let area = cell(area);
    Ok(ProviderFacts {
        urn,
        name: name.chars().take(300).collect(),
        kind: ProviderKind::from_ofsted(cell(Some(kind))),
        registration,
        places,
        judgement,
        inspected_on,
        local_authority: (!area.is_empty()).then(|| area.chars().take(100).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_read_under_any_of_its_published_column_names() {
        let csv = "\u{feff}Provider URN,Provider type,Provider name,Registration status,Places,Local authority,\
                   Overall experiences and progress of children and young people,Latest full inspection date\n\
                   SC111111,Children's home,Birch House,Active,4,Northmoor,Good,12/05/2026\n\
                   2600001,Supported accommodation,Harbour Rooms,Active,,Northmoor,,\n\
                   SC222222,Children's home,Elm Lodge,Suspended,3,Eastwick,Inadequate,2026-02-01\n\
                   BAD,Children's home,No Number,Active,2,Northmoor,Good,\n\
                   SC111111,Children's home,Birch House again,Active,4,Northmoor,Good,\n";
        let f = read(csv.as_bytes()).expect("a list");
        assert_eq!(f.rows, 5);
        assert_eq!(f.providers.len(), 3);
        let birch = &f.providers[0];
        assert_eq!(birch.urn.as_str(), "SC111111");
        assert_eq!(birch.kind, ProviderKind::ChildrensHome);
        assert_eq!(birch.places, Some(4));
        assert_eq!(birch.judgement, Judgement::Good);
        assert_eq!(birch.inspected_on, NaiveDate::from_ymd_opt(2026, 5, 12));
        assert_eq!(f.providers[1].judgement, Judgement::NotJudged);
        assert_eq!(f.providers[1].places, None);
        assert_eq!(f.providers[2].registration, Registration::Suspended);
        assert_eq!(f.problems.len(), 2);
        assert_eq!(f.problems[0].line, 5);
        assert!(f.problems[0].message.contains("\"BAD\""));
        assert!(f.problems[1].message.contains("twice"));
    }

    #[test]
    fn a_file_that_is_not_the_list_is_refused() {
        assert!(read(b"").is_err());
        assert!(read(b"CHILD,SEX,DOB\n1,1,2010-01-01\n").is_err());
        assert!(read(&[0xff, 0xfe, 0x00]).is_err());
    }
}
