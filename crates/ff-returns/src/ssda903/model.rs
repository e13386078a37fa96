//! The return held in memory: one [`TableData`] per table, every cell kept as
//! the (upper-cased, trimmed) text supplied and, for date columns, the parsed
//! date; plus per-child indexes (episodes in DECOM order).

use std::collections::HashMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The tables of the return.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Table {
    Header,
    Episodes,
    Reviews,
    #[serde(rename = "UASC")]
    Uasc,
    #[serde(rename = "OC2")]
    Oc2,
    #[serde(rename = "OC3")]
    Oc3,
    #[serde(rename = "AD1")]
    Ad1,
    PlacedAdoption,
    PrevPerm,
    Missing,
    #[serde(rename = "SWEpisodes")]
    SwEpisodes,
    DoLo,
}

impl Table {
    /// Every table, in the order used for indexes.
    pub const ALL: [Table; 12] = [
        Table::Header,
        Table::Episodes,
        Table::Reviews,
        Table::Uasc,
        Table::Oc2,
        Table::Oc3,
        Table::Ad1,
        Table::PlacedAdoption,
        Table::PrevPerm,
        Table::Missing,
        Table::SwEpisodes,
        Table::DoLo,
    ];

    /// Position in [`Table::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The table's name as the peer validator and the DfE specification use it.
    pub fn name(self) -> &'static str {
        match self {
            Table::Header => "Header",
            Table::Episodes => "Episodes",
            Table::Reviews => "Reviews",
            Table::Uasc => "UASC",
            Table::Oc2 => "OC2",
            Table::Oc3 => "OC3",
            Table::Ad1 => "AD1",
            Table::PlacedAdoption => "PlacedAdoption",
            Table::PrevPerm => "PrevPerm",
            Table::Missing => "Missing",
            Table::SwEpisodes => "SWEpisodes",
            Table::DoLo => "DoLo",
        }
    }

    /// The CSV columns of the table, in the DfE order (`CHILD` first). The
    /// Header table has one more, derived column, `UASC` (see [`HEADER_UASC`]).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Header => &["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
            Table::Episodes => &[
                "CHILD",
                "DECOM",
                "RNE",
                "LS",
                "CIN",
                "PLACE",
                "PLACE_PROVIDER",
                "DEC",
                "REC",
                "REASON_PLACE_CHANGE",
                "HOME_POST",
                "PL_POST",
                "URN",
            ],
            Table::Reviews => &["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
            Table::Uasc => &["CHILD", "SEX", "DOB", "DUC"],
            Table::Oc2 => &[
                "CHILD",
                "DOB",
                "SDQ_SCORE",
                "SDQ_REASON",
                "CONVICTED",
                "HEALTH_CHECK",
                "IMMUNISATIONS",
                "TEETH_CHECK",
                "HEALTH_ASSESSMENT",
                "SUBSTANCE_MISUSE",
                "INTERVENTION_RECEIVED",
                "INTERVENTION_OFFERED",
            ],
            Table::Oc3 => &["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
            Table::Ad1 => &["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
            Table::PlacedAdoption => &["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
            Table::PrevPerm => &["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
            Table::Missing => &["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
            Table::SwEpisodes => &["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
            Table::DoLo => &["CHILD", "DOB", "DOLO_START", "DOLO_END"],
        }
    }

    /// True when column `name` of this table holds a date.
    pub fn is_date_column(self, name: &str) -> bool {
        matches!(
            name,
            "DOB"
                | "MC_DOB"
                | "DECOM"
                | "DEC"
                | "REVIEW"
                | "DUC"
                | "DATE_INT"
                | "DATE_MATCH"
                | "DATE_PLACED"
                | "DATE_PLACED_CEASED"
                | "MIS_START"
                | "MIS_END"
                | "SW_DECOM"
                | "SW_DEC"
                | "DOLO_START"
                | "DOLO_END"
        )
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Column positions, one module per table (the order of [`Table::columns`]).
#[allow(missing_docs)]
pub mod col {
    pub const CHILD: usize = 0;
    pub mod hdr {
        pub const SEX: usize = 1;
        pub const DOB: usize = 2;
        pub const ETHNIC: usize = 3;
        pub const UPN: usize = 4;
        pub const MOTHER: usize = 5;
        pub const MC_DOB: usize = 6;
        /// Derived for CSV input (1 when the child has a UASC row), supplied in XML.
        pub const UASC: usize = 7;
    }
    pub mod ep {
        pub const DECOM: usize = 1;
        pub const RNE: usize = 2;
        pub const LS: usize = 3;
        pub const CIN: usize = 4;
        pub const PLACE: usize = 5;
        pub const PLACE_PROVIDER: usize = 6;
        pub const DEC: usize = 7;
        pub const REC: usize = 8;
        pub const REASON_PLACE_CHANGE: usize = 9;
        pub const HOME_POST: usize = 10;
        pub const PL_POST: usize = 11;
        pub const URN: usize = 12;
    }
    /// Every table other than Header and Episodes has DOB second.
    pub const DOB: usize = 1;
    pub mod rev {
        pub const REVIEW: usize = 2;
        pub const REVIEW_CODE: usize = 3;
    }
    pub mod uasc {
        pub const SEX: usize = 1;
        pub const DOB: usize = 2;
        pub const DUC: usize = 3;
    }
    pub mod oc2 {
        pub const SDQ_SCORE: usize = 2;
        pub const SDQ_REASON: usize = 3;
        pub const CONVICTED: usize = 4;
        pub const HEALTH_CHECK: usize = 5;
        pub const IMMUNISATIONS: usize = 6;
        pub const TEETH_CHECK: usize = 7;
        pub const HEALTH_ASSESSMENT: usize = 8;
        pub const SUBSTANCE_MISUSE: usize = 9;
        pub const INTERVENTION_RECEIVED: usize = 10;
        pub const INTERVENTION_OFFERED: usize = 11;
    }
    pub mod oc3 {
        pub const IN_TOUCH: usize = 2;
        pub const ACTIV: usize = 3;
        pub const ACCOM: usize = 4;
    }
    pub mod ad1 {
        pub const DATE_INT: usize = 2;
        pub const DATE_MATCH: usize = 3;
        pub const FOSTER_CARE: usize = 4;
        pub const NB_ADOPTR: usize = 5;
        pub const SEX_ADOPTR: usize = 6;
        pub const LS_ADOPTR: usize = 7;
    }
    pub mod pa {
        pub const DATE_PLACED: usize = 2;
        pub const DATE_PLACED_CEASED: usize = 3;
        pub const REASON_PLACED_CEASED: usize = 4;
    }
    pub mod pp {
        pub const PREV_PERM: usize = 2;
        pub const LA_PERM: usize = 3;
        pub const DATE_PERM: usize = 4;
    }
    pub mod mis {
        pub const MISSING: usize = 2;
        pub const MIS_START: usize = 3;
        pub const MIS_END: usize = 4;
    }
    pub mod sw {
        pub const SW_ID: usize = 2;
        pub const SW_DECOM: usize = 3;
        pub const SW_DEC: usize = 4;
        pub const SW_REASON: usize = 5;
    }
    pub mod dolo {
        pub const DOLO_START: usize = 2;
        pub const DOLO_END: usize = 3;
    }
}

/// Position of the derived `UASC` flag in Header rows.
pub const HEADER_UASC: usize = col::hdr::UASC;

/// One value: the text as supplied (upper-cased and trimmed; `None` when
/// blank) and, for date columns, the date it parses to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub raw: Option<Text>,
    pub date: Option<NaiveDate>,
}

impl Cell {
    /// A cell from supplied text; `is_date` parses it as a date too.
    pub fn new(text: &str, is_date: bool) -> Self {
        let t = text.trim();
        if t.is_empty() {
            return Cell::default();
        }
        let raw = Text::upper(t);
        let date = if is_date { parse_date(raw.as_str()) } else { None };
        Cell { raw: Some(raw), date }
    }
}

/// Bytes of text kept inside a [`Text`] without a separate allocation.
const INLINE: usize = 22;

/// A cell's text. Almost every value in a return (codes, dates, ids,
/// postcodes) is short and is kept inline, so that reading it touches no
/// memory beyond the row itself; longer values go on the heap.
#[derive(Clone, PartialEq, Eq)]
pub enum Text {
    /// Up to [`INLINE`] bytes: length and bytes (always valid UTF-8).
    Inline(u8, [u8; INLINE]),
    /// Longer text.
    Heap(Box<str>),
}

impl Text {
    /// `s` upper-cased (as `str::to_uppercase`).
    pub fn upper(s: &str) -> Self {
        if s.len() <= INLINE && s.is_ascii() {
            let mut b = [0u8; INLINE];
            for (d, c) in b.iter_mut().zip(s.bytes()) {
                *d = c.to_ascii_uppercase();
            }
            return Text::Inline(s.len() as u8, b);
        }
        Text::from(s.to_uppercase().as_str())
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match self {
            Text::Inline(n, b) => std::str::from_utf8(&b[..usize::from(*n)]).unwrap_or(""),
            Text::Heap(s) => s,
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        if s.len() <= INLINE {
            let mut b = [0u8; INLINE];
            b[..s.len()].copy_from_slice(s.as_bytes());
            Text::Inline(s.len() as u8, b)
        } else {
            Text::Heap(s.into())
        }
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        // As `str` hashes, so that a map keyed by `Text` can be searched with a `&str`.
        self.as_str().hash(h);
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One row of a table, cells in [`Table::columns`] order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Row {
    pub cells: Vec<Cell>,
}

impl Row {
    /// The text of column `c`, `None` when blank or absent.
    pub fn s(&self, c: usize) -> Option<&str> {
        self.cells.get(c).and_then(|x| x.raw.as_ref()).map(Text::as_str)
    }
    /// The date in column `c`, `None` when blank or not a valid date.
    pub fn d(&self, c: usize) -> Option<NaiveDate> {
        self.cells.get(c).and_then(|x| x.date)
    }
    /// True when column `c` has a value.
    pub fn has(&self, c: usize) -> bool {
        self.s(c).is_some()
    }
    /// True when column `c` is blank.
    pub fn blank(&self, c: usize) -> bool {
        self.s(c).is_none()
    }
    /// True when column `c` is one of `codes`.
    pub fn is(&self, c: usize, codes: &[&str]) -> bool {
        self.s(c).is_some_and(|v| codes.contains(&v))
    }
    /// True when column `c` has a value that is not a valid date.
    pub fn bad_date(&self, c: usize) -> bool {
        self.has(c) && self.d(c).is_none()
    }
    /// The child id.
    pub fn child(&self) -> &str {
        self.s(col::CHILD).unwrap_or("")
    }
}

/// One table as loaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TableData {
    pub table: Table,
    /// Where the table came from (file name).
    pub source: String,
    pub rows: Vec<Row>,
}

/// How the return was supplied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Csv,
    Xml,
}

/// A whole return (this year's or last year's), with per-child indexes.
#[derive(Clone, Debug)]
pub struct Return {
    pub format: SourceFormat,
    tables: [Option<TableData>; 12],
    /// Per table: each child with its row indexes (Episodes in DECOM order,
    /// others in file order), children in order of their first row.
    groups: [Vec<(String, Vec<usize>)>; 12],
    /// Per table: child id -> position in `groups` (ids kept inline, so
    /// that a lookup compares bytes in the table itself).
    index: [HashMap<Text, usize, BuildIdHasher>; 12],
    /// Per table and row: the Header DOB of the row's child ([`Return::dob`]),
    /// looked up once here because most age rules need it for every row.
    row_dob: [Vec<Option<NaiveDate>>; 12],
}

/// Hashes child ids for the per-child indexes: FxHash-style (a rotate, xor
/// and multiply per 8 bytes), much cheaper than the default SipHash for short
/// keys and, as the keys come from the return itself, with no need for
/// protection against chosen collisions beyond a slower lookup.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuildIdHasher;

impl std::hash::BuildHasher for BuildIdHasher {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher(0)
    }
}

/// The hasher of [`BuildIdHasher`].
#[derive(Clone, Copy, Debug, Default)]
pub struct IdHasher(u64);

impl IdHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 56));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        // A final mix so that the low bits (the bucket) depend on every input bit.
        let mut z = self.0;
        z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        z ^ (z >> 33)
    }
}

impl Return {
    /// Builds the indexes and derived values over the loaded tables.
    pub fn new(format: SourceFormat, loaded: Vec<TableData>) -> Self {
        let mut tables: [Option<TableData>; 12] = Default::default();
        for t in loaded {
            let i = t.table.index();
            tables[i] = Some(t);
        }
        // Header rows get the derived UASC flag for CSV input: 1 when the
        // child has a UASC row (as the peer derives it), otherwise 0. XML
        // supplies it in the header itself.
        if format == SourceFormat::Csv {
            let uasc: std::collections::HashSet<String> =
                tables[Table::Uasc.index()].as_ref().map(|t| t.rows.iter().map(|r| r.child().to_owned()).collect()).unwrap_or_default();
            if let Some(h) = tables[Table::Header.index()].as_mut() {
                for r in &mut h.rows {
                    let flag = if uasc.contains(r.child()) { "1" } else { "0" };
                    r.cells.resize(HEADER_UASC, Cell::default());
                    r.cells.push(Cell::new(flag, false));
                }
            }
        } else if let Some(h) = tables[Table::Header.index()].as_mut() {
            for r in &mut h.rows {
                r.cells.resize(HEADER_UASC + 1, Cell::default());
            }
        }
        let mut groups: [Vec<(String, Vec<usize>)>; 12] = Default::default();
        let mut index: [HashMap<Text, usize, BuildIdHasher>; 12] = Default::default();
        for (i, t) in tables.iter().enumerate() {
            if let Some(t) = t {
                let (g, ix) = (&mut groups[i], &mut index[i]);
                for (n, r) in t.rows.iter().enumerate() {
                    let child = r.child();
                    // A child's rows usually come together: try the newest child first.
                    if let Some((last, rows)) = g.last_mut()
                        && last.as_str() == child
                    {
                        rows.push(n);
                        continue;
                    }
                    match ix.get(child) {
                        Some(&k) => g[k].1.push(n),
                        None => {
                            ix.insert(Text::from(child), g.len());
                            g.push((child.to_owned(), vec![n]));
                        }
                    }
                }
                if t.table == Table::Episodes {
                    for (_, v) in g.iter_mut() {
                        // Stable: episodes with the same (or no) start keep file order;
                        // undated episodes sort first, as missing values do in the peer.
                        v.sort_by_key(|&n| t.rows[n].d(col::ep::DECOM));
                    }
                }
            }
        }
        let mut ret = Return { format, tables, groups, index, row_dob: Default::default() };
        let row_dob: [Vec<Option<NaiveDate>>; 12] = std::array::from_fn(|i| {
            // One Header lookup per child, not per row.
            let mut v = vec![None; ret.tables[i].as_ref().map_or(0, |t| t.rows.len())];
            for (child, rows) in &ret.groups[i] {
                let dob = ret.dob(child);
                for &r in rows {
                    v[r] = dob;
                }
            }
            v
        });
        ret.row_dob = row_dob;
        ret
    }

    /// The table, if it was supplied.
    pub fn table(&self, t: Table) -> Option<&TableData> {
        self.tables[t.index()].as_ref()
    }

    /// True when the table was supplied.
    pub fn has(&self, t: Table) -> bool {
        self.tables[t.index()].is_some()
    }

    /// The rows of a table (none when absent).
    pub fn rows(&self, t: Table) -> &[Row] {
        self.tables[t.index()].as_ref().map_or(&[], |d| d.rows.as_slice())
    }

    /// Row `n` of a table. Panics never: out-of-range gives an empty row.
    pub fn row(&self, t: Table, n: usize) -> &Row {
        static EMPTY: Row = Row { cells: Vec::new() };
        self.rows(t).get(n).unwrap_or(&EMPTY)
    }

    /// Row indexes of a child's rows in a table (Episodes sorted by DECOM).
    pub fn of(&self, t: Table, child: &str) -> &[usize] {
        self.index[t.index()].get(child).map_or(&[], |&k| self.groups[t.index()][k].1.as_slice())
    }

    /// Children with rows in a table, with their row indexes (in order of
    /// the child's first row).
    pub fn children(&self, t: Table) -> Vec<(&str, &[usize])> {
        self.groups[t.index()].iter().map(|(k, v)| (k.as_str(), v.as_slice())).collect()
    }

    /// The child's first Header row.
    pub fn header(&self, child: &str) -> Option<&Row> {
        self.of(Table::Header, child).first().map(|&n| self.row(Table::Header, n))
    }

    /// The Header DOB of the child of row `n` of table `t` (as [`Return::dob`]).
    pub fn row_dob(&self, t: Table, n: usize) -> Option<NaiveDate> {
        self.row_dob[t.index()].get(n).copied().flatten()
    }

    /// The child's DOB from the Header.
    pub fn dob(&self, child: &str) -> Option<NaiveDate> {
        self.header(child).and_then(|r| r.d(col::hdr::DOB))
    }

    /// Number of distinct children in the Header (or, without one, in Episodes).
    pub fn child_count(&self) -> usize {
        if self.has(Table::Header) { self.groups[Table::Header.index()].len() } else { self.groups[Table::Episodes.index()].len() }
    }
}

/// Parses `dd/mm/yyyy` (one- or two-digit day and month) or ISO `yyyy-mm-dd`;
/// a time part after a space or `T` is ignored.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    if let Some((d, rest)) = s.split_once('/') {
        let (m, y) = rest.split_once('/')?;
        if d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 || y.len() != 4 {
            return None;
        }
        let all_digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(d) && all_digits(m) && all_digits(y)) {
            return None;
        }
        return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
        return None;
    }
    if ![y, m, d].iter().all(|x| x.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The date `n` calendar years after `d`; a 29 February rolls back to 28
/// February in a year that is not a leap year (so a child born on 29
/// February is "aged N" on 28 February).
pub fn add_years(d: NaiveDate, n: i32) -> NaiveDate {
    let y = d.year() + n;
    NaiveDate::from_ymd_opt(y, d.month(), d.day()).or_else(|| NaiveDate::from_ymd_opt(y, d.month(), 28)).unwrap_or(d)
}

/// True when someone born on `dob` is aged `n` or more on `date`.
pub fn aged(dob: NaiveDate, n: i32, date: NaiveDate) -> bool {
    date >= add_years(dob, n)
}

/// Age in whole years on `date`.
pub fn age_on(dob: NaiveDate, date: NaiveDate) -> i32 {
    let mut a = date.year() - dob.year();
    if date < add_years(dob, a) {
        a -= 1;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("05/12/1993"), Some(d(1993, 12, 5)));
        assert_eq!(parse_date("5/1/1993"), Some(d(1993, 1, 5)));
        assert_eq!(parse_date("1993-12-05"), Some(d(1993, 12, 5)));
        assert_eq!(parse_date("1993-12-05 00:00:00"), Some(d(1993, 12, 5)));
        for bad in ["", "31/02/2020", "ZZ/05/2020", "05/12/93", "2020/12/05", "x"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn ages_with_29_february() {
        let dob = d(2008, 2, 29);
        assert_eq!(add_years(dob, 18), d(2026, 2, 28));
        assert_eq!(add_years(dob, 16), d(2024, 2, 29));
        assert!(aged(dob, 18, d(2026, 2, 28)));
        assert!(!aged(dob, 18, d(2026, 2, 27)));
        assert_eq!(age_on(dob, d(2026, 2, 28)), 18);
        assert_eq!(age_on(d(2010, 6, 1), d(2026, 5, 31)), 15);
    }
}
