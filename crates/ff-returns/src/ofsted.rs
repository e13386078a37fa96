//! Ofsted's published list of children's social care providers (RCC-DATA-4, RCC-SHARE-6), read
//! into the provider register's facts (`ff_domain::providers`). Ofsted's files have changed their
//! column names from year to year, so each fact is found under any of the names it has been
//! published with (first match wins, letter case and spacing ignored); a file without a URN, a
//! name or a provider type column is refused as a whole. A row that cannot be read is reported
//! with its line number and left out; the rest load.
//!
//! The 903's URN rules (1008, 219, 221, 224, 227, 228, 229, 241) also need the setting's
//! postcode, the date its registration ended and who owns it (its sector): each is read when the
//! file has a column for it, and is left unknown when it has none. A postcode that is not a real
//! postcode, or a sector in words we do not know (an owner's type such as "Organisation" among
//! them), is left unknown too, and the row still loads; a registration end that is not a date is
//! a row that cannot be read, like any other bad date.

use chrono::NaiveDate;
use ff_domain::providers::{Judgement, ProviderFacts, ProviderKind, Registration, Sector, Urn};

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
const AREA: &[&str] = &["local authority", "la name", "local authority name", "setting local authority"];
/// The setting's own postcode (never the owner's).
const POSTCODE: &[&str] = &["setting postcode", "setting address postcode", "provider postcode", "postcode"];
/// When the registration ended: never "Registration date", which is when it began.
const ENDED: &[&str] = &[
    "registration end date",
    "deregistration date",
    "date of deregistration",
    "closed date",
    "closure date",
    "date closed",
    "cancellation date",
];
/// Who owns the provider.
const SECTOR: &[&str] = &["sector", "provider sector", "owner sector", "ownership", "owner type"];

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
    /// Which of the facts Ofsted has not always published the file has a column for: a fact
    /// without one is unknown in every row, which is not the same as blank.
    pub has: Published,
}

/// Whether a file has a column for the setting's postcode, the day a registration ended and the
/// owner's sector.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    pub postcode: bool,
    pub registration_ended_on: bool,
    pub sector: bool,
}

fn norm(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn column(header: &[String], names: &[&str]) -> Option<usize> {
    let header: Vec<String> = header.iter().map(|h| norm(h)).collect();
    names.iter().find_map(|n| header.iter().position(|h| h == n))
}

/// What Ofsted's lists write in a date column that has no date.
fn no_date(text: &str) -> bool {
    matches!(text.trim().to_lowercase().as_str(), "" | "-" | "n/a" | "na" | "none" | "null")
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
    let (postcode, ended, sector) = (column(header, POSTCODE), column(header, ENDED), column(header, SECTOR));
    let has = Published { postcode: postcode.is_some(), registration_ended_on: ended.is_some(), sector: sector.is_some() };
    let mut out = ProviderFile { rows: rows.len(), has, ..ProviderFile::default() };
    let mut seen = std::collections::HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        let cols = Columns { urn, name, kind, status, places, judgement, inspected, area, postcode, ended, sector };
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
    postcode: Option<usize>,
    ended: Option<usize>,
    sector: Option<usize>,
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
    let e = cell(c.ended);
    let registration_ended_on =
        if no_date(e) { None } else { Some(date(e).ok_or_else(|| format!("URN {urn}: registration end \"{e}\" is not a date"))?) };
    Ok(ProviderFacts {
        urn,
        name: name.chars().take(300).collect(),
        kind: ProviderKind::from_ofsted(cell(Some(kind))),
        registration,
        places,
        judgement,
        inspected_on,
        local_authority: (!area.is_empty()).then(|| area.chars().take(100).collect()),
        postcode: ff_domain::geography::parse_postcode(cell(c.postcode)).ok(),
        registration_ended_on,
        sector: Sector::from_ofsted(cell(c.sector)),
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
    fn the_postcode_registration_end_and_sector_are_read_when_the_list_has_them() {
        // The columns of the combined list (the fake workbook `combined_scp_ch_fake.xlsx` saved
        // as CSV): "Registration Date" is when registration began and is not read as its end.
        let csv = "Local Authority,URN,Provider Type,Sector,Setting Name,Registration Date,Registration Status,\
                   Deregistration Date,Setting Address Postcode,Owner type\n\
                   Northmoor,SC111111,Children's home,Private,Birch House,01/04/2015,Active,-,nm3 8qd,Organisation\n\
                   Northmoor,SC222222,Local Authority Fostering Agency,Local Authority,Northmoor Fostering,01/04/2015,Active,,NM1 4AB,\n\
                   Eastwick,SC333333,Children's home,Voluntary,Elm Lodge,01/04/2015,Closed,28/02/2026,not a postcode,\n\
                   Eastwick,SC444444,Children's home,Health Authority,Ward Nine,01/04/2015,Closed,last spring,NM1 4AB,\n\
                   Eastwick,SC555555,Children's home,Section,Oak House,01/04/2015,Active,n/a,,\n";
        let f = read(csv.as_bytes()).expect("a list");
        assert_eq!(f.providers.len(), 4, "{:?}", f.problems);
        let birch = &f.providers[0];
        assert_eq!(birch.postcode.as_deref(), Some("NM3 8QD"), "normalised");
        assert_eq!(birch.registration_ended_on, None, "a dash is no date");
        assert_eq!(birch.sector, Some(Sector::Private));
        assert_eq!(f.providers[1].sector, Some(Sector::LocalAuthority));
        assert_eq!(f.providers[1].kind, ProviderKind::FosteringAgency);
        let elm = &f.providers[2];
        assert_eq!(elm.registration_ended_on, NaiveDate::from_ymd_opt(2026, 2, 28));
        assert_eq!(elm.postcode, None, "a postcode that is not one is left unknown");
        assert_eq!(elm.sector, Some(Sector::Voluntary));
        assert_eq!((f.providers[3].sector, f.providers[3].registration_ended_on), (None, None), "a sector we do not know");
        assert_eq!(f.problems.len(), 1);
        assert_eq!(f.problems[0].line, 5);
        assert!(f.problems[0].message.contains("\"last spring\" is not a date"), "{}", f.problems[0].message);

        // Other years' names: the social care providers list and the 2025 list.
        let csv = "URN,Provision type,Setting name,Registration status,Setting postcode,Local authority,Sector,Closed date\n\
                   SC666666,Children's home,Ash House,Closed,NM2 5RT,Northmoor,Private,2025-11-30\n";
        let ash = &read(csv.as_bytes()).expect("a list").providers[0];
        assert_eq!(
            (ash.postcode.as_deref(), ash.registration_ended_on, ash.sector),
            (Some("NM2 5RT"), NaiveDate::from_ymd_opt(2025, 11, 30), Some(Sector::Private))
        );
        let csv = "URN,Provider type,Provider name,Registration status,Provider postcode,Registration end date\n\
                   2600009,Supported accommodation,Harbour Rooms,Active,NM4 2LP,\n";
        let harbour = &read(csv.as_bytes()).expect("a list").providers[0];
        assert_eq!((harbour.postcode.as_deref(), harbour.sector), (Some("NM4 2LP"), None));
    }

    #[test]
    fn without_the_columns_the_facts_stay_unknown() {
        let f = read(b"URN,Provider type,Provider name\nSC111111,Children's home,Birch House\n").expect("a list");
        let p = &f.providers[0];
        assert_eq!((&p.postcode, p.registration_ended_on, p.sector), (&None, None, None));
        assert_eq!(f.has, Published::default(), "and the file says it has no column for them");
        let f = read(b"URN,Provider type,Provider name,Postcode,Sector\nSC111111,Children's home,Birch House,,\n").expect("a list");
        assert_eq!(f.has, Published { postcode: true, registration_ended_on: false, sector: true });
    }

    #[test]
    fn a_file_that_is_not_the_list_is_refused() {
        assert!(read(b"").is_err());
        assert!(read(b"CHILD,SEX,DOB\n1,1,2010-01-01\n").is_err());
        assert!(read(&[0xff, 0xfe, 0x00]).is_err());
    }
}
