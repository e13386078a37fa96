//! The 903 tables a council shares with its regional care co-operative (RCC-SHARE-1, RCC-DATA-1),
//! pseudonymised as `ff_domain::sharing` requires (SH-1, SH-2): the tables the regional demand
//! model and the sufficiency pipelines read (header, episodes, UASC, outcomes without the
//! health checks, missing), each child named by a keyed hash, dates of birth to the first of
//! the month, postcodes to their sector, identifying columns dropped, and an `LA` and a `YEAR`
//! column on every row so years and councils can be stacked.

use ff_domain::sharing::{postcode_sector, pseudonym};

use super::ingest::parse_csv;

/// The tables shared, in the order they are written.
pub const SHARED_TABLES: &[&str] = &["header", "episodes", "uasc", "oc2", "missing"];

/// Columns that identify a child or a parent, or are health details no regional use needs.
const DROPPED: &[&str] =
    &["UPN", "MOTHER", "MC_DOB", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"];

/// A shared table: its header and rows.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SharedTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A 903 date (dd/mm/yyyy) as the first of its month.
fn first_of_month(d: &str) -> String {
    match d.trim().split('/').collect::<Vec<_>>().as_slice() {
        [_, m, y] if !m.is_empty() && !y.is_empty() => format!("01/{m}/{y}"),
        _ => String::new(),
    }
}

/// One year's 903 table (CSV as the export writes it), pseudonymised under `key` and tagged
/// with the council's code and the collection year.
pub fn pseudonymise(csv: &str, key: &[u8], la: &str, year: &str) -> SharedTable {
    let records = parse_csv(csv);
    let Some((head, rows)) = records.split_first() else { return SharedTable::default() };
    let keep: Vec<usize> = (0..head.len()).filter(|i| !DROPPED.contains(&head[*i].trim())).collect();
    let mut header: Vec<String> = keep.iter().map(|i| head[*i].trim().to_owned()).collect();
    header.extend(["LA".to_owned(), "YEAR".to_owned()]);
    let rows = rows
        .iter()
        .map(|r| {
            let mut out: Vec<String> = keep
                .iter()
                .map(|i| {
                    let v = r.get(*i).map(String::as_str).unwrap_or("");
                    match head[*i].trim() {
                        "CHILD" if !v.trim().is_empty() => pseudonym(key, v),
                        "DOB" => first_of_month(v),
                        "HOME_POST" | "PL_POST" => postcode_sector(v),
                        _ => v.to_owned(),
                    }
                })
                .collect();
            out.extend([la.to_owned(), year.to_owned()]);
            out
        })
        .collect();
    SharedTable { header, rows }
}

/// A table as CSV, quoting what needs it.
pub fn to_csv(t: &SharedTable) -> String {
    let field = |v: &str| {
        if v.contains([',', '"', '\n', '\r']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v.to_owned() }
    };
    let mut out = String::new();
    for r in std::iter::once(&t.header).chain(t.rows.iter()) {
        out.push_str(&r.iter().map(|v| field(v)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_table_loses_everything_that_names_the_child() {
        let csv = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA0000042,F,27/06/2014,WBRI,H801200001234,1,03/02/2020\n";
        let t = pseudonymise(csv, b"key", "990", "2025-26");
        assert_eq!(t.header, ["CHILD", "SEX", "DOB", "ETHNIC", "LA", "YEAR"]);
        assert_eq!(t.rows[0][0], pseudonym(b"key", "A0000042"));
        assert_eq!(&t.rows[0][1..], ["F", "01/06/2014", "WBRI", "990", "2025-26"]);
        let text = to_csv(&t);
        assert!(!text.contains("A0000042") && !text.contains("H801200001234") && !text.contains("27/06/2014"));
    }

    #[test]
    fn episodes_keep_their_codes_with_postcodes_cut_to_the_sector() {
        let csv = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n\
                   A0000042,02/11/2026,S,V2,N1,K2,PR4,,,,NM2 7QA,NM3 8QD,SC512340\n";
        let t = pseudonymise(csv, b"key", "990", "2026-27");
        assert_eq!(
            &t.rows[0][1..],
            ["02/11/2026", "S", "V2", "N1", "K2", "PR4", "", "", "", "NM2 7", "NM3 8", "SC512340", "990", "2026-27"]
        );
    }
}
