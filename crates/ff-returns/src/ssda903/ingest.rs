//! Tolerant reading of a return: a set of CSV files (one per table,
//! recognised by its header row, whatever the file is called) or one XML
//! file in the DfE layout. Text may be UTF-8 or UTF-16 (either byte order,
//! with or without a byte-order mark), with CRLF or LF line ends. Values are
//! trimmed and upper-cased; blank cells are null. Anything that cannot be
//! read gives an [`IngestError`] naming the file; nothing panics.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;
use serde::Serialize;

use super::model::{Cell, Return, Row, SourceFormat, Table, TableData};

/// Why a return could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum IngestError {
    /// A file or directory could not be read.
    Io { path: String, detail: String },
    /// The directory holds no CSV or XML file.
    NoFiles { path: String },
    /// A file is empty (no header row).
    Empty { file: String },
    /// A file is not text (binary content).
    NotText { file: String },
    /// A CSV file whose header row matches no 903 table.
    Unrecognised { file: String, detail: String },
    /// Two files hold the same table.
    Duplicate { table: String, first: String, second: String },
    /// An XML file that is malformed, truncated or not an SSDA903 return.
    Xml { file: String, detail: String },
    /// More than one XML file and no CSV files.
    Ambiguous { path: String, detail: String },
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IngestError::Io { path, detail } => write!(f, "{path}: cannot read: {detail}"),
            IngestError::NoFiles { path } => write!(f, "{path}: no .csv or .xml files to validate"),
            IngestError::Empty { file } => write!(f, "{file}: the file is empty (no header row)"),
            IngestError::NotText { file } => write!(f, "{file}: not a text file (binary content); expected CSV or XML"),
            IngestError::Unrecognised { file, detail } => write!(f, "{file}: not a recognisable SSDA903 table: {detail}"),
            IngestError::Duplicate { table, first, second } => {
                write!(f, "{second}: holds the {table} table, which {first} already holds (keep one file per table)")
            }
            IngestError::Xml { file, detail } => write!(f, "{file}: not a readable SSDA903 XML return: {detail}"),
            IngestError::Ambiguous { path, detail } => write!(f, "{path}: {detail}"),
        }
    }
}

impl std::error::Error for IngestError {}

/// A return read from files, with notes about files that were ignored.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub ret: Return,
    pub notes: Vec<String>,
}

/// Reads a directory of CSV files (or one XML file in it), or a single file.
pub fn load_path(path: &Path) -> Result<Loaded, IngestError> {
    let io = |e: std::io::Error| IngestError::Io { path: path.display().to_string(), detail: e.to_string() };
    let meta = std::fs::metadata(path).map_err(io)?;
    let mut files = Vec::new();
    if meta.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path).map_err(io)?.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_file() {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let kind = kind_of(&name);
                if kind == FileKind::Other {
                    files.push((name, Vec::new()));
                    continue;
                }
                let bytes = std::fs::read(&p).map_err(|e| IngestError::Io { path: p.display().to_string(), detail: e.to_string() })?;
                files.push((name, bytes));
            }
        }
        if !files.iter().any(|(n, _)| kind_of(n) != FileKind::Other) {
            return Err(IngestError::NoFiles { path: path.display().to_string() });
        }
    } else {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = std::fs::read(path).map_err(io)?;
        files.push((name, bytes));
    }
    load_files(&path.display().to_string(), files)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Csv,
    Xml,
    Other,
}

fn kind_of(name: &str) -> FileKind {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".csv") {
        FileKind::Csv
    } else if lower.ends_with(".xml") {
        FileKind::Xml
    } else {
        FileKind::Other
    }
}

/// Reads a return from in-memory files (name, bytes): CSV files are
/// recognised by their header rows; without CSV files, one XML file is read.
/// A single file whose name says neither is sniffed (XML when it starts
/// with `<`). Other files are ignored and noted.
pub fn load_files(label: &str, files: Vec<(String, Vec<u8>)>) -> Result<Loaded, IngestError> {
    let mut notes = Vec::new();
    let single = files.len() == 1;
    let mut csv = Vec::new();
    let mut xml = Vec::new();
    for (name, bytes) in files {
        match kind_of(&name) {
            FileKind::Csv => csv.push((name, bytes)),
            FileKind::Xml => xml.push((name, bytes)),
            FileKind::Other if single => {
                let text = decode(&name, &bytes)?;
                if text.trim_start().starts_with('<') { xml.push((name, bytes)) } else { csv.push((name, bytes)) }
            }
            FileKind::Other => notes.push(format!("{name}: ignored (not a .csv or .xml file)")),
        }
    }
    if !csv.is_empty() {
        for (name, _) in &xml {
            notes.push(format!("{name}: ignored (the CSV files were read instead)"));
        }
        let mut tables: Vec<TableData> = Vec::new();
        for (name, bytes) in csv {
            let data = read_csv_table(&name, &bytes)?;
            if let Some(prev) = tables.iter().find(|t| t.table == data.table) {
                return Err(IngestError::Duplicate { table: data.table.name().into(), first: prev.source.clone(), second: name });
            }
            tables.push(data);
        }
        return Ok(Loaded { ret: Return::new(SourceFormat::Csv, tables), notes });
    }
    match xml.len() {
        0 => Err(IngestError::NoFiles { path: label.into() }),
        1 => {
            let (name, bytes) = xml.remove(0);
            let tables = read_xml(&name, &bytes)?;
            Ok(Loaded { ret: Return::new(SourceFormat::Xml, tables), notes })
        }
        _ => Err(IngestError::Ambiguous {
            path: label.into(),
            detail: format!(
                "{} XML files and no CSV files; supply one XML return ({})",
                xml.len(),
                xml.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")
            ),
        }),
    }
}

/// Bytes to text: UTF-8 (BOM optional) or UTF-16 LE/BE (BOM optional,
/// detected from the zero bytes of ASCII text); invalid UTF-8 is read as
/// Windows Latin-1. Binary content is refused.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, IngestError> {
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, true)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, false)
    } else {
        let zeros_even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
        let zeros_odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let half = bytes.len() / 2;
        if bytes.len() >= 4 && zeros_odd * 10 >= half * 9 && zeros_even == 0 {
            utf16(bytes, true)
        } else if bytes.len() >= 4 && zeros_even * 10 >= half * 9 && zeros_odd == 0 {
            utf16(bytes, false)
        } else {
            match std::str::from_utf8(bytes) {
                Ok(s) => s.to_owned(),
                Err(_) => bytes.iter().map(|&b| b as char).collect(),
            }
        }
    };
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')).count();
    if text.contains('\0') || controls * 20 > text.chars().count().max(1) {
        return Err(IngestError::NotText { file: file.into() });
    }
    Ok(text)
}

fn utf16(bytes: &[u8], little: bool) -> String {
    let units = bytes.chunks_exact(2).map(|c| if little { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) });
    let mut s: String = char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
    if s.starts_with('\u{feff}') {
        s.remove(0);
    }
    s
}

/// True when `text` has no quotes and every CR is part of a CRLF, so that
/// records are lines and fields are split at every comma (what [`parse_csv`]
/// does for such text).
fn simple_csv(text: &str) -> bool {
    let b = text.as_bytes();
    !text.contains('"') && text.match_indices('\r').all(|(i, _)| b.get(i + 1) == Some(&b'\n'))
}

/// Where each of the table's columns is in the file's header row.
fn column_positions<S: AsRef<str>>(table: Table, header: &[S]) -> Vec<Option<usize>> {
    table
        .columns()
        .iter()
        .map(|c| header.iter().position(|h| h.as_ref().trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case(c)))
        .collect()
}

/// A row of `table` from one record's fields.
fn build_row<S: AsRef<str>>(table: Table, positions: &[Option<usize>], rec: &[S]) -> Row {
    Row {
        cells: table
            .columns()
            .iter()
            .zip(positions)
            .map(|(c, p)| p.and_then(|i| rec.get(i)).map_or_else(Cell::default, |v| Cell::new(v.as_ref(), table.is_date_column(c))))
            .collect(),
    }
}

/// Splits CSV text into records (RFC 4180 quoting, CR/LF/CRLF line ends).
/// Records whose cells are all blank are dropped.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let end_record = |record: &mut Vec<String>, field: &mut String, records: &mut Vec<Vec<String>>| {
        record.push(std::mem::take(field));
        let r = std::mem::take(record);
        if r.iter().any(|c| !c.trim().is_empty()) {
            records.push(r);
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_record(&mut record, &mut field, &mut records);
            }
            '\n' => end_record(&mut record, &mut field, &mut records),
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        end_record(&mut record, &mut field, &mut records);
    }
    records
}

/// The table whose columns are all in `header` (the widest such table), or
/// an explanation of the nearest miss.
pub fn recognise(header: &[String]) -> Result<Table, String> {
    let names: Vec<String> = header.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_uppercase()).collect();
    let has = |c: &&str| names.iter().any(|n| n == c);
    let mut best: Option<Table> = None;
    for t in Table::ALL {
        if t.columns().iter().all(&has) && best.is_none_or(|b| t.columns().len() > b.columns().len()) {
            best = Some(t);
        }
    }
    if let Some(t) = best {
        return Ok(t);
    }
    // Nearest miss: the table sharing the most columns (beyond CHILD and DOB).
    let near = Table::ALL
        .iter()
        .map(|t| (t, t.columns().iter().filter(|c| !matches!(**c, "CHILD" | "DOB") && has(c)).count()))
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n);
    let shown: Vec<&str> = names.iter().take(15).map(String::as_str).collect();
    Err(match near {
        Some((t, _)) => {
            let missing: Vec<&str> = t.columns().iter().copied().filter(|c| !has(c)).collect();
            format!("header row [{}] looks like {} but lacks column(s) {}", shown.join(","), t.name(), missing.join(", "))
        }
        None => format!("header row [{}] matches none of the 903 tables", shown.join(",")),
    })
}

pub fn read_csv_table(name: &str, bytes: &[u8]) -> Result<TableData, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty { file: name.into() });
    }
    let text = decode(name, bytes)?;
    if simple_csv(&text) {
        // No quotes and plain line ends (the usual case): fields are slices of the text.
        let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).filter(|l| l.split(',').any(|c| !c.trim().is_empty()));
        let header: Vec<String> =
            lines.next().ok_or_else(|| IngestError::Empty { file: name.into() })?.split(',').map(str::to_owned).collect();
        let table = recognise(&header).map_err(|detail| IngestError::Unrecognised { file: name.into(), detail })?;
        let positions = column_positions(table, &header);
        let mut fields: Vec<&str> = Vec::new();
        let rows = lines
            .map(|line| {
                fields.clear();
                fields.extend(line.split(','));
                build_row(table, &positions, &fields)
            })
            .collect();
        return Ok(TableData { table, source: name.into(), rows });
    }
    let mut records = parse_csv(&text).into_iter();
    let header = records.next().ok_or_else(|| IngestError::Empty { file: name.into() })?;
    let table = recognise(&header).map_err(|detail| IngestError::Unrecognised { file: name.into(), detail })?;
    let positions = column_positions(table, &header);
    let rows = records.map(|rec| build_row(table, &positions, &rec)).collect();
    Ok(TableData { table, source: name.into(), rows })
}

/// Which record an element's children fill.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Rec {
    Header,
    Episode,
    Review,
    Missing,
    Permanence,
    Oc2,
    Placed,
}

fn rec_of(tag: &str) -> Option<Rec> {
    Some(match tag {
        "HEADER" => Rec::Header,
        "EPISODE" => Rec::Episode,
        "AREVIEW" => Rec::Review,
        "AMISSING" => Rec::Missing,
        "PERMANENCE" => Rec::Permanence,
        "OC2" => Rec::Oc2,
        "AD_PLACED" => Rec::Placed,
        _ => return None,
    })
}

type Fields = HashMap<String, String>;

#[derive(Default)]
struct XmlChild {
    header: Fields,
    episodes: Vec<Fields>,
    reviews: Vec<Fields>,
    missing: Vec<Fields>,
    permanence: Option<Fields>,
    oc2: Option<Fields>,
    placed: Vec<Fields>,
}

impl XmlChild {
    fn record(&mut self, r: Rec) -> &mut Fields {
        fn last(v: &mut Vec<Fields>) -> &mut Fields {
            if v.is_empty() {
                v.push(Fields::new());
            }
            let n = v.len() - 1;
            &mut v[n]
        }
        match r {
            Rec::Header => &mut self.header,
            Rec::Episode => last(&mut self.episodes),
            Rec::Review => last(&mut self.reviews),
            Rec::Missing => last(&mut self.missing),
            Rec::Permanence => self.permanence.get_or_insert_with(Fields::new),
            Rec::Oc2 => self.oc2.get_or_insert_with(Fields::new),
            Rec::Placed => last(&mut self.placed),
        }
    }
    fn open(&mut self, r: Rec) {
        match r {
            Rec::Episode => self.episodes.push(Fields::new()),
            Rec::Review => self.reviews.push(Fields::new()),
            Rec::Missing => self.missing.push(Fields::new()),
            Rec::Placed => self.placed.push(Fields::new()),
            Rec::Permanence => self.permanence = Some(self.permanence.take().unwrap_or_default()),
            Rec::Oc2 => self.oc2 = Some(self.oc2.take().unwrap_or_default()),
            Rec::Header => {}
        }
    }
}

/// Reads an SSDA903 XML return (root `EXPSSDA903`) into tables. SWEpisodes
/// and DoLo are not part of the published XML layout and are left absent.
pub fn read_xml(name: &str, bytes: &[u8]) -> Result<Vec<TableData>, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty { file: name.into() });
    }
    let text = decode(name, bytes)?;
    let err = |detail: String| IngestError::Xml { file: name.into(), detail };
    let mut reader = Reader::from_str(&text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<String> = Vec::new();
    let mut recs: Vec<Option<Rec>> = Vec::new();
    let mut textbuf = String::new();
    let mut child: Option<XmlChild> = None;
    let mut children: Vec<XmlChild> = Vec::new();
    let mut seen_root = false;
    loop {
        let pos = reader.buffer_position();
        let ev = reader.read_event().map_err(|e| err(format!("malformed XML near byte {pos}: {e}")))?;
        match ev {
            Event::Empty(e) if stack.is_empty() && !seen_root => {
                let tag = local(e.local_name().as_ref());
                if tag != "EXPSSDA903" {
                    return Err(err(format!("the root element is <{tag}>, expected <EXPSSDA903>")));
                }
                // <EXPSSDA903/>: an empty return.
                seen_root = true;
            }
            Event::Start(e) if stack.is_empty() && !seen_root => {
                let tag = local(e.local_name().as_ref());
                if tag != "EXPSSDA903" {
                    return Err(err(format!("the root element is <{tag}>, expected <EXPSSDA903>")));
                }
                seen_root = true;
                stack.push(tag);
                recs.push(None);
            }
            Event::Start(e) => {
                if stack.is_empty() {
                    return Err(err("content after the end of <EXPSSDA903>".into()));
                }
                let tag = local(e.local_name().as_ref());
                textbuf.clear();
                if stack.len() == 1 && tag == "CHILD" {
                    child = Some(XmlChild::default());
                }
                let r = rec_of(&tag);
                if let (Some(r), Some(c)) = (r, child.as_mut()) {
                    c.open(r);
                }
                let inherited = recs.last().copied().flatten();
                recs.push(r.or(inherited));
                stack.push(tag);
            }
            Event::Empty(e) => {
                let tag = local(e.local_name().as_ref());
                if let (Some(r), Some(c)) = (rec_of(&tag), child.as_mut()) {
                    c.open(r);
                }
            }
            Event::Text(t) => textbuf.push_str(&t),
            Event::CData(t) => textbuf.push_str(&t),
            Event::GeneralRef(r) => {
                let ch = crate::xml::general_ref_char(&r);
                match ch {
                    Some(c) => textbuf.push(c),
                    None => return Err(err(format!("unknown entity &{};", &*r))),
                }
            }
            Event::End(_) => {
                let tag = stack.pop().unwrap_or_default();
                let rec = recs.pop().flatten();
                if tag == "CHILD" && stack.len() == 1 {
                    if let Some(c) = child.take() {
                        children.push(c);
                    }
                } else if rec_of(&tag).is_none()
                    && let (Some(r), Some(c)) = (rec, child.as_mut())
                {
                    let v = textbuf.trim();
                    if !v.is_empty() {
                        c.record(r).insert(tag, v.to_owned());
                    }
                }
                textbuf.clear();
            }
            Event::Eof => {
                if !seen_root {
                    return Err(err("no XML elements found".into()));
                }
                if let Some(open) = stack.last() {
                    return Err(err(format!("the file ends inside <{open}> (truncated?)")));
                }
                break;
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    Ok(xml_tables(name, children))
}

fn local(name: &str) -> String {
    name.to_ascii_uppercase()
}

fn xml_tables(name: &str, children: Vec<XmlChild>) -> Vec<TableData> {
    let mut out: HashMap<Table, Vec<Row>> = HashMap::new();
    let row = |t: Table, f: &Fields, h: &Fields| -> Row {
        Row {
            cells: t
                .columns()
                .iter()
                .map(|c| {
                    let key = match (t, *c) {
                        (_, "CHILD") => "CHILDID",
                        (Table::Episodes, "PLACE") => "PL",
                        (_, other) => other,
                    };
                    let from_header = matches!(*c, "CHILD" | "DOB") || (t == Table::Uasc && *c == "SEX");
                    let v = if from_header && t != Table::Header { h.get(key) } else { f.get(key) };
                    v.map_or_else(Cell::default, |v| Cell::new(v, t.is_date_column(c)))
                })
                .collect(),
        }
    };
    for c in children {
        let h = &c.header;
        let mut hdr = row(Table::Header, h, h);
        hdr.cells.push(h.get("UASC").map_or_else(Cell::default, |v| Cell::new(v, false)));
        out.entry(Table::Header).or_default().push(hdr);
        let any = |keys: &[&str]| keys.iter().any(|k| h.contains_key(*k));
        if any(&["DUC"]) || h.get("UASC").is_some_and(|v| v.trim() == "1") {
            out.entry(Table::Uasc).or_default().push(row(Table::Uasc, h, h));
        }
        if any(&["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]) {
            out.entry(Table::Ad1).or_default().push(row(Table::Ad1, h, h));
        }
        if any(&["IN_TOUCH", "ACTIV", "ACCOM"]) {
            out.entry(Table::Oc3).or_default().push(row(Table::Oc3, h, h));
        }
        for (t, list) in
            [(Table::Episodes, &c.episodes), (Table::Reviews, &c.reviews), (Table::Missing, &c.missing), (Table::PlacedAdoption, &c.placed)]
        {
            for f in list {
                out.entry(t).or_default().push(row(t, f, h));
            }
        }
        if let Some(f) = &c.permanence {
            out.entry(Table::PrevPerm).or_default().push(row(Table::PrevPerm, f, h));
        }
        if let Some(f) = &c.oc2 {
            out.entry(Table::Oc2).or_default().push(row(Table::Oc2, f, h));
        }
    }
    Table::ALL
        .iter()
        .filter(|t| !matches!(t, Table::SwEpisodes | Table::DoLo))
        .map(|&t| TableData { table: t, source: name.into(), rows: out.remove(&t).unwrap_or_default() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path for plain CSV gives the same rows as the general parser.
    #[test]
    fn plain_csv_reads_as_the_general_parser_does() {
        let texts = [
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,m,01/02/2010,wbri,,,\n\n ,,\n2,F,3/4/2011,WBRI,A123,0,\n",
            "\u{feff}CHILD,DOB,REVIEW,REVIEW_CODE\r\n1,01/02/2010,05/06/2025,pn1\r\n2,01/02/2010,,PN0,extra\r\n3",
            "CHILD,DOB,MISSING,MIS_START,MIS_END\n,,,,\n7,01/01/2010,M,02/02/2025\n",
            "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n9,01/01/2010,sw12 ,  01/04/2025 ,,ÉTÉ\n",
        ];
        for text in texts {
            assert!(simple_csv(text));
            let fast = read_csv_table("t.csv", text.as_bytes()).unwrap();
            let mut records = parse_csv(text).into_iter();
            let header = records.next().unwrap();
            let table = recognise(&header).unwrap();
            let positions = column_positions(table, &header);
            let slow: Vec<Row> = records.map(|rec| build_row(table, &positions, &rec)).collect();
            assert_eq!(fast.table, table);
            assert_eq!(fast.rows, slow, "{text:?}");
        }
        assert!(!simple_csv("A,\"B\"\n"));
        assert!(!simple_csv("A,B\r1,2\n"));
    }
}
