//! Documents for families and courts, drawn as PDF in-process.
//!
//! A document is a list of blocks (a title, headings, paragraphs, dated entries) laid out on A4
//! pages in Helvetica, one of the fonts every PDF reader has, so nothing is embedded and nothing
//! is fetched. Lines are broken by the font's own character widths; every page carries the
//! council's name, the protective marking and "Page N of M". Pure: text in, bytes out, no I/O.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const TOP: f32 = PAGE_H - 72.0;
const BOTTOM: f32 = 64.0;
const TEXT_W: f32 = PAGE_W - 2.0 * MARGIN;

/// One part of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(String),
    /// Smaller, grey text: who issued it and when, what it covers.
    Note(String),
    /// A dated entry of a chronology: the date (and time), what happened, the detail, and where
    /// it came from and who recorded it.
    Entry {
        when: String,
        title: String,
        detail: String,
        source: String,
    },
}

/// What a document says and how it is marked.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentSpec {
    /// The PDF's title (shown by readers in the window's title bar).
    pub title: String,
    /// The issuing council, at the head of every page.
    pub issuer: String,
    /// The protective marking, at the foot of every page (OFFICIAL-SENSITIVE for personal data).
    pub marking: String,
    pub blocks: Vec<Block>,
}

/// The two faces documents use.
#[derive(Clone, Copy, PartialEq)]
pub enum Font {
    Regular,
    Bold,
}

impl Font {
    fn name(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
        }
    }
}

/// Helvetica's advance widths (per 1000 units of the font size) for the printable ASCII
/// characters, from Adobe's font metrics; other characters count as the widest lower-case
/// letters, so a line never overruns.
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278,
    278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556,
    556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333,
    333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611,
    611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

fn char_width(c: char, font: Font) -> f32 {
    let table = if font == Font::Bold { &BOLD } else { &REGULAR };
    let w = match c as u32 {
        32..=126 => table[(c as usize) - 32],
        _ => 611,
    };
    f32::from(w) / 1000.0
}

fn text_width(s: &str, font: Font, size: f32) -> f32 {
    s.chars().map(|c| char_width(c, font)).sum::<f32>() * size
}

/// The text in the Windows "ANSI" encoding the base fonts use: Latin letters with accents, the
/// pound and euro signs, curly quotes and dashes; anything else becomes "?".
pub fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '\t' => b' ',
            _ => b'?',
        })
        .collect()
}

/// Breaks text into lines no wider than `width`, keeping the writer's own line breaks; a word
/// longer than a line is split.
pub fn wrap(text: &str, font: Font, size: f32, width: f32) -> Vec<String> {
    let mut lines = vec![];
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if text_width(&candidate, font, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is cut where it must be.
            let mut rest = word.to_owned();
            while text_width(&rest, font, size) > width {
                let mut cut = String::new();
                for c in rest.chars() {
                    if text_width(&format!("{cut}{c}"), font, size) > width {
                        break;
                    }
                    cut.push(c);
                }
                if cut.is_empty() {
                    break;
                }
                rest = rest[cut.len()..].to_owned();
                lines.push(cut);
            }
            line = rest;
        }
        lines.push(line);
    }
    lines
}

/// One line placed on a page.
struct Placed {
    x: f32,
    y: f32,
    font: Font,
    size: f32,
    grey: bool,
    text: String,
}

/// Lays the blocks out into pages of placed lines.
fn layout(blocks: &[Block]) -> Vec<Vec<Placed>> {
    let mut pages: Vec<Vec<Placed>> = vec![vec![]];
    let mut y = TOP;
    let put =
        |pages: &mut Vec<Vec<Placed>>, y: &mut f32, lines: Vec<(f32, Font, f32, bool, String)>, keep_together: bool, gap_after: f32| {
            let height: f32 = lines.iter().map(|l| l.2 * 1.35).sum();
            if keep_together && *y - height < BOTTOM && height < TOP - BOTTOM {
                pages.push(vec![]);
                *y = TOP;
            }
            for (indent, font, size, grey, text) in lines {
                if *y - size * 1.35 < BOTTOM {
                    pages.push(vec![]);
                    *y = TOP;
                }
                *y -= size * 1.35;
                if let Some(page) = pages.last_mut() {
                    page.push(Placed { x: MARGIN + indent, y: *y, font, size, grey, text });
                }
            }
            *y -= gap_after;
        };
    for b in blocks {
        let lines = |text: &str, font: Font, size: f32, indent: f32, grey: bool| -> Vec<(f32, Font, f32, bool, String)> {
            wrap(text, font, size, TEXT_W - indent).into_iter().map(|l| (indent, font, size, grey, l)).collect()
        };
        match b {
            Block::Title(t) => put(&mut pages, &mut y, lines(t, Font::Bold, 20.0, 0.0, false), true, 10.0),
            Block::Heading(t) => put(&mut pages, &mut y, lines(t, Font::Bold, 14.0, 0.0, false), true, 4.0),
            Block::Paragraph(t) => put(&mut pages, &mut y, lines(t, Font::Regular, 11.0, 0.0, false), false, 8.0),
            Block::Note(t) => put(&mut pages, &mut y, lines(t, Font::Regular, 9.0, 0.0, true), false, 8.0),
            Block::Entry { when, title, detail, source } => {
                const DATE_W: f32 = 100.0;
                let mut all = lines(title, Font::Bold, 10.0, DATE_W, false);
                if !detail.is_empty() {
                    all.extend(lines(detail, Font::Regular, 10.0, DATE_W, false));
                }
                if !source.is_empty() {
                    all.extend(lines(source, Font::Regular, 8.5, DATE_W, true));
                }
                // The date sits in the left column beside the entry's first line.
                if let Some(first) = all.first_mut() {
                    first.4 = format!("\u{1}{when}\u{1}{}", first.4);
                }
                put(&mut pages, &mut y, all, true, 6.0);
            }
        }
    }
    pages
}

/// The PDF for a document.
pub fn render(doc: &DocumentSpec) -> Vec<u8> {
    let pages = layout(&doc.blocks);
    let n = pages.len();
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let page_ids: Vec<Ref> = (0..n).map(|i| Ref::new(10 + 2 * i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_ids.iter().copied()).count(n as i32);
    pdf.type1_font(regular).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info).title(TextStr(&doc.title)).producer(TextStr("Families First"));
    for (i, placed) in pages.iter().enumerate() {
        let page_id = page_ids[i];
        let content_id = Ref::new(11 + 2 * i as i32);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H)).parent(tree).contents(content_id);
        page.resources().fonts().pair(Font::Regular.name(), regular).pair(Font::Bold.name(), bold);
        page.finish();
        let mut c = Content::new();
        // The head and foot of every page.
        let line = |c: &mut Content, x: f32, y: f32, font: Font, size: f32, grey: bool, text: &str| {
            let shade = if grey { 0.35 } else { 0.0 };
            c.set_fill_rgb(shade, shade, shade);
            c.begin_text().set_font(font.name(), size).next_line(x, y).show(Str(&win_ansi(text))).end_text();
        };
        line(&mut c, MARGIN, PAGE_H - 40.0, Font::Bold, 9.0, true, &doc.issuer);
        let marking_w = text_width(&doc.marking, Font::Bold, 9.0);
        line(&mut c, PAGE_W - MARGIN - marking_w, PAGE_H - 40.0, Font::Bold, 9.0, true, &doc.marking);
        c.set_line_width(0.5).move_to(MARGIN, PAGE_H - 48.0).line_to(PAGE_W - MARGIN, PAGE_H - 48.0).stroke();
        let foot = format!("{}    Page {} of {}", doc.marking, i + 1, n);
        line(&mut c, MARGIN, 36.0, Font::Regular, 8.0, true, &foot);
        for p in placed {
            // An entry's first line carries its date, drawn in the left column.
            if let Some(rest) = p.text.strip_prefix('\u{1}')
                && let Some((date, text)) = rest.split_once('\u{1}')
            {
                line(&mut c, MARGIN, p.y, Font::Bold, p.size, false, date);
                line(&mut c, p.x, p.y, p.font, p.size, p.grey, text);
            } else {
                line(&mut c, p.x, p.y, p.font, p.size, p.grey, &p.text);
            }
        }
        pdf.stream(content_id, &c.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(blocks: Vec<Block>) -> DocumentSpec {
        DocumentSpec { title: "Chronology".into(), issuer: "Northmoor Council".into(), marking: "OFFICIAL-SENSITIVE".into(), blocks }
    }

    #[test]
    fn a_document_is_a_pdf_with_its_text_and_marking() {
        let bytes = render(&spec(vec![Block::Title("Chronology for Amy".into()), Block::Paragraph("Prepared for the court.".into())]));
        let text = String::from_utf8_lossy(&bytes);
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(text.trim_end().ends_with("%%EOF"));
        assert!(text.contains("(Chronology for Amy) Tj") && text.contains("(Prepared for the court.) Tj"));
        assert!(text.contains("OFFICIAL-SENSITIVE") && text.contains("Page 1 of 1"));
        assert!(text.contains("/Helvetica-Bold") && !text.contains("FontFile"), "nothing embedded");
    }

    #[test]
    fn long_text_wraps_within_the_margins_and_runs_onto_more_pages() {
        let para = "The family were seen at home and the children spoke about school. ".repeat(40);
        for l in wrap(&para, Font::Regular, 11.0, TEXT_W) {
            assert!(text_width(&l, Font::Regular, 11.0) <= TEXT_W + 0.01, "{l}");
        }
        let entries: Vec<Block> = (0..200)
            .map(|i| Block::Entry {
                when: format!("{i} Nov 2026"),
                title: "Home visit".into(),
                detail: "Seen alone; bedroom seen.".into(),
                source: "Northmoor Council · recorded by Sam".into(),
            })
            .collect();
        let bytes = render(&spec(entries));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("Page 2 of") && !text.contains("Page 1 of 1)"));
        // Each entry's date is drawn beside it.
        assert!(text.contains("(199 Nov 2026) Tj"));
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut_not_lost() {
        let word = "x".repeat(400);
        let lines = wrap(&word, Font::Regular, 11.0, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn text_is_encoded_for_the_base_fonts() {
        assert_eq!(win_ansi("£5 – “Zoë” …"), vec![0xa3, b'5', b' ', 0x96, b' ', 0x93, b'Z', b'o', 0xeb, 0x94, b' ', 0x85]);
        assert_eq!(win_ansi("日本"), b"??");
        // Backslashes are escaped by the writer, not lost.
        let bytes = render(&spec(vec![Block::Paragraph("a (b) \\ c".into())]));
        assert!(String::from_utf8_lossy(&bytes).contains("(a (b) \\\\ c) Tj"));
    }
}
