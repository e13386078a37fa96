//! Multi-year, multi-council 903 files read into a forecast's history (RCC-DATA-1): the
//! episodes, header and UASC tables as a region's analysts hold them, one file per table with an
//! LA and a YEAR column (the layout the public regional demand model reads, and the one our
//! sharing extract writes). A file is recognised by its columns, whatever its name. A council
//! sending its own return without those two columns names itself and the year instead.
//!
//! Dates may be written 2024-03-31 or 31/03/2024. A row that cannot be read is reported with its
//! file and line and left out; the rest are read.

use chrono::NaiveDate;
use ff_domain::forecast::{EpisodeIn, HeaderIn, History};

use super::ingest::parse_csv;

/// One row that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// The file's line, counting the header as line 1.
    pub line: usize,
    pub message: String,
}

/// The kind of table a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Header,
    Episodes,
    Uasc,
}

/// The council and year to use when a file has no LA or YEAR column.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub la: Option<String>,
    pub year: Option<i32>,
}

fn norm(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').to_uppercase()
}

/// Which table a header row belongs to, by its columns (the peer's order: header first).
pub fn kind_of(header: &[String]) -> Option<Kind> {
    let cols: Vec<String> = header.iter().map(|h| norm(h)).collect();
    let has = |names: &[&str]| names.iter().all(|n| cols.iter().any(|c| c == n));
    if has(&["CHILD", "SEX", "DOB", "ETHNIC"]) {
        Some(Kind::Header)
    } else if has(&["CHILD", "DECOM", "RNE", "PLACE", "PLACE_PROVIDER", "DEC", "REC"]) {
        Some(Kind::Episodes)
    } else if has(&["CHILD", "DUC"]) {
        Some(Kind::Uasc)
    } else {
        None
    }
}

fn date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let b = t.as_bytes();
    // The two usual shapes read by hand (a region's files hold millions of dates).
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let d = b.get(r)?;
        d.iter().all(u8::is_ascii_digit).then(|| d.iter().fold(0, |a, x| a * 10 + u32::from(x - b'0')))
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        return NaiveDate::from_ymd_opt(i32::try_from(digits(0..4)?).ok()?, digits(5..7)?, digits(8..10)?);
    }
    if b.len() == 10 && b[2] == b'/' && b[5] == b'/' {
        return NaiveDate::from_ymd_opt(i32::try_from(digits(6..10)?).ok()?, digits(3..5)?, digits(0..2)?);
    }
    ["%Y-%m-%d", "%d/%m/%Y"].iter().find_map(|f| NaiveDate::parse_from_str(t, f).ok())
}

/// The rows of a CSV file: split in place when nothing is quoted (the usual case, and the fast
/// one), by the full reader otherwise.
fn rows_of(text: &str) -> Vec<Vec<std::borrow::Cow<'_, str>>> {
    use std::borrow::Cow;
    if text.contains('"') {
        parse_csv(text).into_iter().map(|r| r.into_iter().map(Cow::Owned).collect()).collect()
    } else {
        text.lines().map(|l| l.strip_suffix('\r').unwrap_or(l).split(',').map(Cow::Borrowed).collect()).collect()
    }
}

/// Reads `files` (name, bytes) into `into`, returning the problems found. A file that is not
/// text, or is none of the three tables, is refused as a whole.
pub fn read_into(into: &mut History, files: &[(String, Vec<u8>)], defaults: &Defaults) -> Result<Vec<Problem>, String> {
    let mut problems = Vec::new();
    for (name, bytes) in files {
        let text = std::str::from_utf8(bytes).map_err(|_| format!("{name} is not text: save it as CSV (UTF-8)."))?;
        let records = rows_of(text);
        let Some((header, rows)) = records.split_first() else { return Err(format!("{name} is empty.")) };
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let kind = kind_of(&header).ok_or_else(|| {
            format!("{name} is not a 903 header, episodes or UASC table: its first line names its columns (CHILD, DECOM, …).")
        })?;
        let cols: Vec<String> = header.iter().map(|h| norm(h)).collect();
        // Each column's place, found once per file.
        const NAMES: [&str; 13] =
            ["CHILD", "YEAR", "LA", "DOB", "SEX", "ETHNIC", "DECOM", "DEC", "RNE", "PLACE", "PLACE_PROVIDER", "REC", "REASON_PLACE_CHANGE"];
        let places: Vec<Option<usize>> = NAMES.iter().map(|n| cols.iter().position(|c| c == n)).collect();
        let col = |n: &str| NAMES.iter().position(|x| *x == n).and_then(|i| places[i]);
        if col("LA").is_none() && defaults.la.is_none() {
            return Err(format!("{name} has no LA column: name the council the file is from."));
        }
        if col("YEAR").is_none() && defaults.year.is_none() {
            return Err(format!("{name} has no YEAR column: give the year of the return."));
        }
        for (i, row) in rows.iter().enumerate() {
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = i + 2;
            let cell = |n: &str| col(n).and_then(|k| row.get(k)).map(|s| s.trim()).unwrap_or("");
            let mut fail = |message: String| problems.push(Problem { file: name.clone(), line, message });
            let child = cell("CHILD").to_owned();
            if child.is_empty() {
                fail("no CHILD".into());
                continue;
            }
            let year = match cell("YEAR") {
                "" => defaults.year,
                y => y.parse::<i32>().ok(),
            };
            let Some(year) = year else {
                fail(format!("YEAR \"{}\" is not a year", cell("YEAR")));
                continue;
            };
            let la = match cell("LA") {
                "" => defaults.la.clone().unwrap_or_default(),
                la => la.to_owned(),
            };
            match kind {
                Kind::Header => {
                    let Some(dob) = date(cell("DOB")) else {
                        fail(format!("DOB \"{}\" is not a date", cell("DOB")));
                        continue;
                    };
                    let sex = cell("SEX").parse::<f64>().ok().filter(|s| *s == 1.0 || *s == 2.0).map(|s| s as u8);
                    into.headers.push(HeaderIn { child, sex, dob, ethnic: cell("ETHNIC").to_owned(), year });
                }
                Kind::Episodes => {
                    let Some(decom) = date(cell("DECOM")) else {
                        fail(format!("DECOM \"{}\" is not a date", cell("DECOM")));
                        continue;
                    };
                    let dec = match cell("DEC") {
                        "" => None,
                        t => match date(t) {
                            Some(d) => Some(d),
                            None => {
                                fail(format!("DEC \"{t}\" is not a date"));
                                continue;
                            }
                        },
                    };
                    into.episodes.push(EpisodeIn {
                        child,
                        la,
                        decom,
                        rne: cell("RNE").to_owned(),
                        place: cell("PLACE").to_owned(),
                        provider: cell("PLACE_PROVIDER").to_owned(),
                        dec,
                        rec: cell("REC").to_owned(),
                        reason_place_change: cell("REASON_PLACE_CHANGE").to_owned(),
                        year,
                    });
                }
                Kind::Uasc => into.uasc.push((child, year)),
            }
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_known_by_their_columns_and_bad_rows_are_reported() {
        let files = vec![
            ("e.csv".to_string(), b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,LA,YEAR\n1,2023-04-09,S,L3,N1,U4,PR1,31/10/2023,E7,,,,,Eastwick,2024\n2,soon,S,C2,N1,U4,PR1,,,,,,,Eastwick,2024\n".to_vec()),
            ("h.csv".to_string(), b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,LA,YEAR\n1,2,2012-03-01,WBRI,,,,Eastwick,2024\n".to_vec()),
            ("u.csv".to_string(), b"CHILD,SEX,DOB,DUC,LA,YEAR\n1,2,2012-03-01,2030-03-01,Eastwick,2024\n".to_vec()),
        ];
        let mut h = History::default();
        let problems = read_into(&mut h, &files, &Defaults::default()).expect("read");
        assert_eq!(h.episodes.len(), 1);
        assert_eq!(h.episodes[0].dec, NaiveDate::from_ymd_opt(2023, 10, 31));
        assert_eq!(h.headers[0].sex, Some(2));
        assert_eq!(h.uasc, vec![("1".to_string(), 2024)]);
        assert_eq!(problems, vec![Problem { file: "e.csv".into(), line: 3, message: "DECOM \"soon\" is not a date".into() }]);
    }

    #[test]
    fn a_file_without_its_council_or_year_needs_them_named() {
        let files = vec![("e.csv".to_string(), b"CHILD,DECOM,RNE,PLACE,PLACE_PROVIDER,DEC,REC\n1,2023-04-09,S,U4,PR1,,\n".to_vec())];
        let mut h = History::default();
        assert!(read_into(&mut h, &files, &Defaults::default()).expect_err("refused").contains("LA"));
        let defaults = Defaults { la: Some("Westby".into()), year: Some(2024) };
        read_into(&mut h, &files, &defaults).expect("read");
        assert_eq!((h.episodes[0].la.as_str(), h.episodes[0].year), ("Westby", 2024));
        assert!(read_into(&mut h, &[("x.csv".to_string(), b"A,B\n1,2\n".to_vec())], &defaults).is_err());
    }
}
