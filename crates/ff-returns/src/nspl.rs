//! The ONS National Statistics Postcode Directory (NSPL, Open Government Licence), read a row at
//! a time into the postcode directory's entries (`ff_domain::geography`; decision 0019). The
//! caller streams the file: it reads the header with [`columns`], then each row with
//! [`read_row`], so the whole file (about 2.7 million rows, 1 GB) is never held at once.
//!
//! The columns are found by name, letter case ignored: the postcode (`pcds`, with its space, or
//! `pcd`), the grid reference (`oseast1m`, `osnrth1m`), the district (`laua`), the county
//! (`cty`), the country (`ctry`) and when the postcode was terminated (`doterm`). ONS has also
//! published its products with a year in the code columns' names (`lad23cd`, `cty23cd`,
//! `ctry23cd`) and other names for the postcode and grid columns (`pcd7`, `pcd8`, `east1m`,
//! `north1m`): each is looked for too. A file without a postcode, easting, northing or district
//! column is refused as a whole.

use ff_domain::geography::{DirectoryEntry, UpperTier, parse_postcode, upper_tier};

use crate::ssda903::codes::dfe_la_code;

/// The names each fact has been published under, in the order they are preferred.
const POSTCODE: &[&str] = &["pcds", "pcd", "pcd7", "pcd8", "pcd2", "postcode"];
const EASTING: &[&str] = &["oseast1m", "east1m", "easting"];
const NORTHING: &[&str] = &["osnrth1m", "north1m", "northing"];
const DISTRICT: &[&str] = &["laua", "lad", "ladcd", "oslaua"];
const COUNTY: &[&str] = &["cty", "ctycd"];
const COUNTRY: &[&str] = &["ctry", "ctrycd"];
const TERMINATED: &[&str] = &["doterm"];

/// Where each fact sits in the file's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub postcode: usize,
    pub easting: usize,
    pub northing: usize,
    pub district: usize,
    pub county: Option<usize>,
    pub country: Option<usize>,
    pub terminated: Option<usize>,
}

fn norm(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').trim_matches('"').trim().to_lowercase()
}

/// `prefix`, two digits of a year, then `cd` (`lad23cd`, `cty25cd`).
fn with_year(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix("cd"))
        .is_some_and(|year| year.len() == 2 && year.bytes().all(|b| b.is_ascii_digit()))
}

fn column(header: &[String], names: &[&str], year_prefix: Option<&str>) -> Option<usize> {
    let header: Vec<String> = header.iter().map(|h| norm(h)).collect();
    names
        .iter()
        .find_map(|n| header.iter().position(|h| h == n))
        .or_else(|| year_prefix.and_then(|p| header.iter().position(|h| with_year(h, p))))
}

/// The columns of a postcode directory's header row. `Err` when the file is not the directory.
pub fn columns(header: &[String]) -> Result<Columns, String> {
    let found = (
        column(header, POSTCODE, None),
        column(header, EASTING, None),
        column(header, NORTHING, None),
        column(header, DISTRICT, Some("lad")),
    );
    let (Some(postcode), Some(easting), Some(northing), Some(district)) = found else {
        return Err("This is not the National Statistics Postcode Directory: it needs columns for the postcode (pcds or pcd), \
                    the grid reference (oseast1m and osnrth1m) and the district (laua). Load the directory's UK-wide CSV file."
            .into());
    };
    Ok(Columns {
        postcode,
        easting,
        northing,
        district,
        county: column(header, COUNTY, Some("cty")),
        country: column(header, COUNTRY, Some("ctry")),
        terminated: column(header, TERMINATED, None),
    })
}

/// A grid reference in metres: blank is none; anything else must be a whole number of metres
/// inside the grid (ONS writes none as blank).
fn metres(text: &str, what: &str, postcode: &str) -> Result<Option<i32>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i32>() {
        Ok(m) if (0..=1_300_000).contains(&m) => Ok(Some(m)),
        _ => Err(format!("{postcode}: the {what} \"{t}\" is not a grid reference in metres")),
    }
}

/// One row of the directory. `Err` names what could not be read (the caller adds the line).
pub fn read_row(row: &[String], c: &Columns) -> Result<DirectoryEntry, String> {
    let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map(|s| s.trim()).unwrap_or("");
    let typed = cell(Some(c.postcode));
    let postcode = parse_postcode(typed).map_err(|_| format!("\"{typed}\" is not a postcode"))?;
    let easting = metres(cell(Some(c.easting)), "easting", &postcode)?;
    let northing = metres(cell(Some(c.northing)), "northing", &postcode)?;
    let (easting, northing) = match (easting, northing) {
        (Some(e), Some(n)) => (Some(e), Some(n)),
        // Half a grid reference is none.
        _ => (None, None),
    };
    let blank_none = |t: &str| (!t.is_empty()).then(|| t.to_owned());
    let district = cell(Some(c.district));
    let tier = upper_tier(district, blank_none(cell(c.county)).as_deref(), blank_none(cell(c.country)).as_deref());
    let la = match tier {
        Some(UpperTier::England(ons)) => dfe_la_code(&ons).map(str::to_owned),
        Some(elsewhere) => elsewhere.code_outside_england().map(str::to_owned),
        None => None,
    };
    let doterm = cell(c.terminated);
    let terminated = match doterm {
        "" => None,
        t if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) => Some(t.to_owned()),
        t => return Err(format!("{postcode}: the date it was terminated, \"{t}\", is not a year and month (yyyymm)")),
    };
    Ok(DirectoryEntry { postcode, easting, northing, la, terminated })
}

/// Whether `record` (text read so far, possibly several lines) ends a CSV record: its quotation
/// marks are balanced, so a line break is not inside a quoted value.
pub fn record_is_complete(record: &[u8]) -> bool {
    record.iter().filter(|b| **b == b'"').count() % 2 == 0
}

/// Reads a directory file a record at a time and keeps the entries of the postcodes `wanted`
/// asks for (normalised; every entry when `wanted` is `None`), so that checking a return against
/// the whole directory holds only its own postcodes. `Err` when the file is not the directory.
/// Rows that cannot be read are left out: the return's rule on an unknown postcode names them.
pub fn read_directory(
    mut reader: impl std::io::BufRead,
    wanted: Option<&std::collections::HashSet<String>>,
) -> Result<Vec<DirectoryEntry>, String> {
    let mut record = Vec::new();
    let mut next = |record: &mut Vec<u8>| -> Result<bool, String> {
        record.clear();
        loop {
            let n = reader.read_until(b'\n', record).map_err(|e| format!("the file could not be read: {e}"))?;
            if n == 0 {
                return Ok(!record.is_empty());
            }
            if record_is_complete(&record[..]) {
                return Ok(true);
            }
        }
    };
    let row_of = |record: &[u8]| -> Option<Vec<String>> {
        std::str::from_utf8(record).ok().and_then(|t| crate::ssda903::ingest::parse_csv(t).into_iter().next())
    };
    if !next(&mut record)? {
        return Err("The file is empty.".into());
    }
    let header = row_of(&record).ok_or("The first line is not a header row.")?;
    let c = columns(&header)?;
    let mut out = Vec::new();
    while next(&mut record)? {
        let Some(row) = row_of(&record) else { continue };
        if let Ok(entry) = read_row(&row, &c)
            && wanted.is_none_or(|w| w.contains(&entry.postcode))
        {
            out.push(entry);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssda903::ingest::parse_csv;

    const HEADER: &str = "pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa21,cty,ced,laua,ward,ctry";

    fn rows(text: &str) -> (Columns, Vec<Vec<String>>) {
        let records = parse_csv(text);
        let (header, rest) = records.split_first().expect("a header");
        (columns(header).expect("the directory's columns"), rest.to_vec())
    }

    #[test]
    fn the_directorys_rows_become_entries_with_the_dfes_council_codes() {
        let text = format!(
            "{HEADER}\n\
             \"CA1 1AA\",\"CA1  1AA\",\"CA1 1AA\",\"198001\",\"\",\"0\",\"340100\",\"555900\",\"1\",\"E00000001\",\"E10000006\",\"E58000001\",\"E07000028\",\"E05000001\",\"E92000001\"\n\
             \"M1 1AE\",\"M1  1AE\",\"M1 1AE\",\"198001\",\"199906\",\"0\",\"384300\",\"398100\",\"1\",\"E00000002\",\"E99999999\",\"E99999999\",\"E08000003\",\"E05000002\",\"E92000001\"\n\
             \"CF101AA\",\"CF10 1AA\",\"CF10 1AA\",\"198001\",\"\",\"0\",\"318500\",\"176200\",\"1\",\"W00000001\",\"W99999999\",\"W99999999\",\"W06000015\",\"W05000001\",\"W92000004\"\n\
             \"GY1 1AA\",\"GY1  1AA\",\"GY1 1AA\",\"198001\",\"\",\"0\",\"\",\"\",\"9\",\"L99999999\",\"L99999999\",\"L99999999\",\"L99999999\",\"L99999999\",\"L93000001\"\n"
        );
        let (c, data) = rows(&text);
        let read: Vec<DirectoryEntry> = data.iter().map(|r| read_row(r, &c).expect("readable")).collect();
        assert_eq!(read[0].postcode, "CA1 1AA");
        assert_eq!((read[0].easting, read[0].northing, read[0].la.as_deref()), (Some(340_100), Some(555_900), Some("909")));
        assert_eq!((read[1].la.as_deref(), read[1].terminated.as_deref()), (Some("352"), Some("199906")));
        assert_eq!(read[2].la.as_deref(), Some("WAL"));
        assert_eq!((read[3].easting, read[3].la.as_deref()), (None, None), "Guernsey: no grid reference, no council of ours");
    }

    #[test]
    fn columns_are_found_by_name_in_any_case_and_with_a_year() {
        let header: Vec<String> = ["PCD7", "East1m", "North1m", "LAD25CD", "CTY25CD", "CTRY25CD"].iter().map(|s| (*s).to_owned()).collect();
        let c = columns(&header).expect("found");
        assert_eq!((c.postcode, c.easting, c.northing, c.district, c.county, c.country), (0, 1, 2, 3, Some(4), Some(5)));
        // pcds is preferred to pcd.
        let header: Vec<String> = ["pcd", "pcds", "oseast1m", "osnrth1m", "laua"].iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(columns(&header).expect("found").postcode, 1);
    }

    #[test]
    fn a_file_without_the_directorys_columns_is_refused() {
        let header: Vec<String> = ["pcds", "oseast1m", "osnrth1m"].iter().map(|s| (*s).to_owned()).collect();
        assert!(columns(&header).expect_err("no district").contains("not the National Statistics Postcode Directory"));
        let header: Vec<String> = ["URN", "Provider name"].iter().map(|s| (*s).to_owned()).collect();
        assert!(columns(&header).is_err());
    }

    #[test]
    fn unreadable_rows_say_why() {
        let text = "pcds,oseast1m,osnrth1m,laua,doterm\nnot a postcode,1,2,E08000003,\nM1 1AE,east,2,E08000003,\nM1 1AE,384300,398100,E08000003,June\n";
        let (c, data) = rows(text);
        let errors: Vec<String> = data.iter().map(|r| read_row(r, &c).expect_err("unreadable")).collect();
        assert_eq!(errors[0], "\"not a postcode\" is not a postcode");
        assert!(errors[1].contains("easting \"east\""), "{}", errors[1]);
        assert!(errors[2].contains("yyyymm"), "{}", errors[2]);
    }

    #[test]
    fn a_line_break_inside_quotes_does_not_end_a_record() {
        assert!(record_is_complete(b"\"M1 1AE\",\"384300\"\n"));
        assert!(!record_is_complete(b"\"M1 1AE\",\"a value\n"));
        assert!(record_is_complete(b"\"M1 1AE\",\"a value\nthat goes on\"\n"));
    }
}
