//! Streaming reader for CIN census XML.
//!
//! The file is read with quick-xml one event at a time. The header and each
//! `Child` are gathered into a small reusable element tree (a few dozen
//! nodes), checked against the schema layout (element order, how often each
//! element may appear, unknown elements, stray text) and turned into the
//! typed model. Memory therefore depends on the largest child, never on the
//! number of children.
//!
//! Nothing here panics on bad input: malformed XML, a wrong root, missing or
//! misplaced elements, unreadable dates and unknown codes all come back as
//! [`Issue`]s with structural codes:
//!
//! | code | meaning |
//! |---|---|
//! | `XML` | not well-formed (reading stops there) |
//! | `STRUCT-ROOT` | root element is not `Message`, or content after it |
//! | `STRUCT-MISSING` | a required element is absent |
//! | `STRUCT-ORDER` | an element is out of schema order |
//! | `STRUCT-REPEAT` | an element appears more often than allowed |
//! | `STRUCT-UNKNOWN` | an element the schema does not allow here |
//! | `STRUCT-TEXT` | text inside an element that only holds elements |
//! | `XSD-DATE` | a date (or date-time) that is not in `xs:date` form |
//! | `XSD-CODE` | a value outside its schema pattern or list where no DfE rule checks it |

use std::collections::VecDeque;
use std::io::BufRead;

use memchr::memmem;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::issue::Issue;
use super::model::{Child, Header};

/// One item read from the file, in file order.
#[derive(Debug)]
pub enum Parsed {
    /// The header (once, before the children in a well-formed file).
    Header(Box<Header>),
    /// The next child.
    Child(Box<Child>),
    /// A structural problem.
    Issue(Issue),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Prolog,
    Message,
    Children,
    AfterRoot,
    Done,
}

/// The most bytes one XML event (a value, a tag, a comment) may take. The longest value the
/// census allows is a few dozen characters; anything near this is a hostile or broken file, and
/// without the cap quick-xml would hold the whole event in memory.
pub const MAX_EVENT_BYTES: usize = 1 << 20;
/// The most elements one header or `Child` may hold (a real child has a few hundred at most).
pub const MAX_ELEMENT_NODES: usize = 50_000;
/// The most text and name bytes one header or `Child` may hold.
pub const MAX_ELEMENT_BYTES: usize = 8 << 20;

/// Refuses to let one XML event grow past [`MAX_EVENT_BYTES`]: counts the bytes consumed since
/// the parser last took an event and fails the next read once the count is over the cap.
pub(crate) struct EventCap<R> {
    inner: R,
    since_event: usize,
}

impl<R> EventCap<R> {
    fn event_taken(&mut self) {
        self.since_event = 0;
    }
}

impl<R: BufRead> std::io::Read for EventCap<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let buf = self.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for EventCap<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.since_event > MAX_EVENT_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("one value, tag or comment is longer than {} KiB, far beyond anything the census holds", MAX_EVENT_BYTES >> 10),
            ));
        }
        // Never show more than the event may still take, so that an over-long event always
        // comes back for more and meets the check above (an in-memory input would otherwise
        // hand over everything at once).
        let allowed = MAX_EVENT_BYTES + 1 - self.since_event;
        let buf = self.inner.fill_buf()?;
        Ok(&buf[..buf.len().min(allowed)])
    }

    fn consume(&mut self, amt: usize) {
        self.since_event += amt;
        self.inner.consume(amt);
    }
}

/// Pulls [`Parsed`] items out of a CIN census XML stream.
pub struct CinParser<R: BufRead> {
    reader: Reader<EventCap<R>>,
    buf: Vec<u8>,
    dom: Dom,
    state: State,
    pending: VecDeque<Parsed>,
    /// Children handed back through [`CinParser::recycle`], to be filled in
    /// again (boxed as they are handed out, so that the box is reused too).
    #[allow(clippy::vec_box)]
    spare: Vec<Box<Child>>,
    /// Finds `</Child>` for the fast path.
    child_end: memmem::Finder<'static>,
    /// Element stack reused by [`CinParser::read_tree`].
    stack: Vec<u32>,
    /// Bytes read by the fast path past quick-xml (which then does not
    /// count them in its positions).
    skipped: u64,
    children: u64,
    children_in_block: u64,
    seen_header: bool,
    seen_children: bool,
}

impl<R: BufRead> CinParser<R> {
    /// Starts reading `input`.
    pub fn new(input: R) -> Self {
        let mut reader = Reader::from_reader(EventCap { inner: input, since_event: 0 });
        let config = reader.config_mut();
        // End tags are matched against the element tree here instead.
        config.check_end_names = false;
        config.expand_empty_elements = false;
        Self {
            reader,
            buf: Vec::with_capacity(4096),
            dom: Dom::default(),
            state: State::Prolog,
            pending: VecDeque::new(),
            spare: Vec::new(),
            child_end: memmem::Finder::new(b"</Child>").into_owned(),
            stack: Vec::with_capacity(16),
            skipped: 0,
            children: 0,
            children_in_block: 0,
            seen_header: false,
            seen_children: false,
        }
    }

    /// Takes back a child the caller has finished with: its memory is
    /// reused for a later child instead of being freed and allocated again.
    pub(crate) fn recycle(&mut self, child: Box<Child>) {
        if self.spare.len() < 4096 {
            self.spare.push(child);
        }
    }

    /// Number of `Child` elements read so far.
    pub fn children_read(&self) -> u64 {
        self.children
    }

    fn file_issue(&mut self, code: &'static str, path: &str, message: String) {
        self.pending.push_back(Parsed::Issue(Issue::structure(code, None, None, path.to_owned(), message)));
    }

    /// Stops reading after a problem found here rather than by quick-xml.
    /// The position shown is quick-xml's last error position, which (as no
    /// quick-xml error came before: each one stops reading) is 0.
    fn fatal(&mut self, message: String) {
        let pos = self.reader.error_position();
        self.file_issue("XML", "", format!("{message} (near byte {pos}); reading stopped here"));
        self.state = State::Done;
    }

    /// Stops reading after a quick-xml error, at the byte where it occurred.
    /// Some quick-xml errors (invalid UTF-8, I/O) leave its error position
    /// at 0; that 0 is kept. Others set it from quick-xml's own count of
    /// bytes, which leaves out what the fast path read.
    fn fatal_xml(&mut self, message: String) {
        let pos = match self.reader.error_position() {
            0 => 0,
            p => p + self.skipped,
        };
        self.file_issue("XML", "", format!("{message} (near byte {pos}); reading stopped here"));
        self.state = State::Done;
    }

    /// Reads until at least one item is ready or the input ends.
    fn step(&mut self) {
        self.buf.clear();
        self.reader.get_mut().event_taken();
        let event = match self.reader.read_event_into(&mut self.buf) {
            Ok(e) => e,
            Err(e) => {
                let msg = format!("malformed XML: {e}");
                self.fatal_xml(msg);
                return;
            }
        };
        // Work out what to do while the event borrows the buffer, then act.
        enum Action {
            Nothing,
            Open(String),
            Empty(String),
            Close(String),
            StrayText(String),
            Eof,
        }
        let action = match event {
            Event::Start(e) => Action::Open(name_of(&e)),
            Event::Empty(e) => Action::Empty(name_of(&e)),
            Event::End(e) => Action::Close(e.name().as_ref().to_owned()),
            Event::Text(t) => {
                let s: &str = &t;
                if s.trim().is_empty() { Action::Nothing } else { Action::StrayText(s.trim().chars().take(40).collect()) }
            }
            Event::CData(t) => {
                let s: &str = &t;
                if s.trim().is_empty() { Action::Nothing } else { Action::StrayText(s.trim().chars().take(40).collect()) }
            }
            Event::GeneralRef(r) => Action::StrayText(format!("&{};", &*r)),
            Event::Eof => Action::Eof,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => Action::Nothing,
        };
        match (self.state, action) {
            (_, Action::Nothing) => {}
            (State::Done, _) => {}
            (State::Prolog, Action::Open(name)) => {
                if name == "Message" {
                    self.state = State::Message;
                } else {
                    self.file_issue("STRUCT-ROOT", &name, format!("root element is <{name}>, expected <Message>; nothing else was read"));
                    self.state = State::Done;
                }
            }
            (State::Prolog, Action::Empty(name)) => {
                if name == "Message" {
                    self.file_issue("STRUCT-MISSING", "Message/Children", "the file has no Children element".into());
                    self.state = State::AfterRoot;
                } else {
                    self.file_issue("STRUCT-ROOT", &name, format!("root element is <{name}>, expected <Message>"));
                    self.state = State::Done;
                }
            }
            (State::Prolog, Action::StrayText(t)) => self.fatal(format!("text before the root element: {t:?}")),
            (State::Prolog, Action::Close(n)) => self.fatal(format!("closing tag </{n}> before any element")),
            (State::Prolog, Action::Eof) => {
                self.file_issue("XML", "", "the file is empty or has no root element".into());
                self.state = State::Done;
            }
            (State::Message, Action::Open(name)) => self.message_child(name, false),
            (State::Message, Action::Empty(name)) => self.message_child(name, true),
            (State::Message, Action::Close(n)) if n != "Message" => self.fatal(format!("closing tag </{n}> does not match <Message>")),
            (State::Children, Action::Close(n)) if n != "Children" => self.fatal(format!("closing tag </{n}> does not match <Children>")),
            (State::Message, Action::Close(_)) => {
                if !self.seen_children {
                    self.file_issue("STRUCT-MISSING", "Message/Children", "the file has no Children element".into());
                }
                self.state = State::AfterRoot;
            }
            (State::Message, Action::StrayText(t)) => self.file_issue("STRUCT-TEXT", "Message", format!("unexpected text {t:?}")),
            (State::Children, Action::Open(name)) => self.children_child(name, false),
            (State::Children, Action::Empty(name)) => self.children_child(name, true),
            (State::Children, Action::Close(_)) => {
                if self.children_in_block == 0 {
                    self.file_issue("STRUCT-MISSING", "Message/Children/Child", "Children holds no Child element".into());
                }
                self.state = State::Message;
            }
            (State::Children, Action::StrayText(t)) => self.file_issue("STRUCT-TEXT", "Message/Children", format!("unexpected text {t:?}")),
            (State::Message | State::Children, Action::Eof) => self.fatal("the file ends before </Message> (truncated?)".into()),
            (State::AfterRoot, Action::Eof) => self.state = State::Done,
            (State::AfterRoot, Action::Open(n) | Action::Empty(n)) => {
                self.file_issue("STRUCT-ROOT", &n, format!("element <{n}> after the end of <Message>; ignored"));
                self.state = State::Done;
            }
            (State::AfterRoot, Action::StrayText(t)) => {
                self.file_issue("STRUCT-ROOT", "", format!("text after the end of <Message>: {t:?}"))
            }
            (State::AfterRoot, Action::Close(n)) => self.fatal(format!("unexpected closing tag </{n}>")),
        }
    }

    /// An element directly under `Message`.
    fn message_child(&mut self, name: String, empty: bool) {
        match name.as_str() {
            "Header" => {
                if self.seen_children {
                    self.file_issue("STRUCT-ORDER", "Message/Header", "Header comes after Children; the header must come first".into());
                }
                if self.seen_header {
                    self.file_issue("STRUCT-REPEAT", "Message/Header", "more than one Header; the first is used".into());
                }
                if !self.read_tree("Header", empty) {
                    return;
                }
                let mut issues = Vec::new();
                let header = convert_header(&self.dom, &mut issues);
                self.pending.extend(issues.into_iter().map(Parsed::Issue));
                if !self.seen_header {
                    self.pending.push_back(Parsed::Header(Box::new(header)));
                }
                self.seen_header = true;
            }
            "Children" => {
                if !self.seen_header {
                    self.file_issue("STRUCT-MISSING", "Message/Header", "the file has no Header before Children".into());
                    // Let the validator know there is no header to wait for.
                    self.pending.push_back(Parsed::Header(Box::default()));
                    self.seen_header = true;
                }
                if self.seen_children {
                    self.file_issue("STRUCT-REPEAT", "Message/Children", "more than one Children element".into());
                }
                self.seen_children = true;
                self.children_in_block = 0;
                if empty {
                    self.file_issue("STRUCT-MISSING", "Message/Children/Child", "Children holds no Child element".into());
                } else {
                    self.state = State::Children;
                }
            }
            _ => {
                self.file_issue("STRUCT-UNKNOWN", &format!("Message/{name}"), format!("<{name}> is not allowed in Message; ignored"));
                self.read_tree(&name, empty);
            }
        }
    }

    /// An element directly under `Children`.
    fn children_child(&mut self, name: String, empty: bool) {
        if name != "Child" {
            self.file_issue("STRUCT-UNKNOWN", &format!("Message/Children/{name}"), format!("<{name}> is not allowed in Children; ignored"));
            self.read_tree(&name, empty);
            return;
        }
        if !self.read_tree("Child", empty) {
            return;
        }
        self.children += 1;
        self.children_in_block += 1;
        let mut issues = Vec::new();
        let mut child = self.spare.pop().unwrap_or_default();
        convert_child(&self.dom, self.children, &mut issues, &mut child);
        self.pending.extend(issues.into_iter().map(Parsed::Issue));
        self.pending.push_back(Parsed::Child(child));
    }

    /// Reads the subtree of an element whose start tag was just read into
    /// the reusable tree. Returns false if the XML broke off (the problem is
    /// then already reported).
    fn read_tree(&mut self, root: &str, empty: bool) -> bool {
        self.dom.reset();
        let root_id = self.dom.add(root);
        if empty {
            return true;
        }
        // Fast path: when a whole child is already in the read buffer and
        // uses only plain elements and text, build it straight from the
        // bytes and leave quick-xml just its closing tag.
        if root == "Child"
            && let Ok(bytes) = self.reader.get_mut().fill_buf()
        {
            match fast_child(bytes, &self.child_end, &mut self.dom, root_id, &mut self.stack) {
                Some(used) => {
                    self.reader.get_mut().consume(used);
                    self.reader.get_mut().event_taken();
                    self.skipped += used as u64;
                }
                None => {
                    self.dom.reset();
                    self.dom.add(root);
                }
            }
        }
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        stack.push(root_id);
        let ok = self.read_rest(root, root_id, &mut stack);
        self.stack = stack;
        ok
    }

    /// Reads events up to the end of the element `root` (node `root_id`,
    /// open elements in `stack`) into the tree.
    fn read_rest(&mut self, root: &str, root_id: u32, stack: &mut Vec<u32>) -> bool {
        loop {
            if self.dom.len > MAX_ELEMENT_NODES || self.dom.bytes > MAX_ELEMENT_BYTES {
                self.fatal(format!(
                    "<{root}> holds more than {MAX_ELEMENT_NODES} elements or {} MiB of text, far beyond anything the census holds",
                    MAX_ELEMENT_BYTES >> 20
                ));
                return false;
            }
            self.buf.clear();
            self.reader.get_mut().event_taken();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(e) => e,
                Err(e) => {
                    let msg = format!("malformed XML inside <{root}>: {e}");
                    self.fatal_xml(msg);
                    return false;
                }
            };
            let top = *stack.last().unwrap_or(&root_id);
            match event {
                Event::Start(e) => {
                    let id = self.dom.add_child(top, e.name().as_ref());
                    stack.push(id);
                }
                Event::Empty(e) => {
                    self.dom.add_child(top, e.name().as_ref());
                }
                Event::End(e) => {
                    if e.name().as_ref() != self.dom.node(top).name {
                        let msg = format!("closing tag </{}> does not match <{}>", e.name().as_ref(), self.dom.node(top).name);
                        self.fatal(msg);
                        return false;
                    }
                    stack.pop();
                    if stack.is_empty() {
                        return true;
                    }
                }
                Event::Text(t) => {
                    // Indentation between elements carries no data.
                    if !t.bytes().all(|b| b.is_ascii_whitespace()) {
                        self.dom.push_text(top, &t);
                    }
                }
                Event::CData(t) => self.dom.push_text(top, &t),
                Event::GeneralRef(r) => {
                    let resolved = crate::xml::general_ref_char(&r);
                    match resolved {
                        Some(ch) => self.dom.push_text(top, ch.encode_utf8(&mut [0u8; 4])),
                        None => {
                            let msg = format!("unknown or invalid entity reference &{};", &*r);
                            self.fatal(msg);
                            return false;
                        }
                    }
                }
                Event::Eof => {
                    self.fatal(format!("the file ends inside <{root}> (truncated?)"));
                    return false;
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
    }
}

impl<R: BufRead> Iterator for CinParser<R> {
    type Item = Parsed;

    fn next(&mut self) -> Option<Parsed> {
        loop {
            if let Some(p) = self.pending.pop_front() {
                return Some(p);
            }
            if self.state == State::Done {
                return None;
            }
            self.step();
        }
    }
}

fn name_of(e: &BytesStart) -> String {
    e.name().as_ref().to_owned()
}

// ---------------------------------------------------------------------------
// The reusable element tree

#[derive(Default)]
struct Node {
    name: String,
    text: String,
    kids: Vec<u32>,
}

/// A small element tree whose nodes (and their string buffers) are reused
/// from one child to the next.
#[derive(Default)]
struct Dom {
    nodes: Vec<Node>,
    len: usize,
    /// Name and text bytes held, to stop a hostile element growing without bound.
    bytes: usize,
}

impl Dom {
    fn reset(&mut self) {
        for n in &mut self.nodes[..self.len] {
            if n.text.capacity() > 1 << 16 || n.name.capacity() > 1 << 12 {
                n.text = String::new();
                n.name = String::new();
            }
        }
        self.len = 0;
        self.bytes = 0;
        // A hostile element may have left many nodes behind: keep no more than a real child needs.
        self.nodes.truncate(4096);
    }

    fn add(&mut self, name: &str) -> u32 {
        if self.len == self.nodes.len() {
            self.nodes.push(Node::default());
        }
        let n = &mut self.nodes[self.len];
        n.name.clear();
        n.name.push_str(name);
        self.bytes += name.len();
        n.text.clear();
        n.kids.clear();
        self.len += 1;
        (self.len - 1) as u32
    }

    fn add_child(&mut self, parent: u32, name: &str) -> u32 {
        let id = self.add(name);
        self.nodes[parent as usize].kids.push(id);
        id
    }

    fn push_text(&mut self, node: u32, text: &str) {
        self.bytes += text.len();
        self.nodes[node as usize].text.push_str(text);
    }

    fn node(&self, id: u32) -> &Node {
        &self.nodes[id as usize]
    }
}

/// Builds the content of a `Child` (whose start tag was just read) from
/// `bytes`, the input that follows it, when that is simple: start, end and
/// empty tags with plain names and no attributes, and text with no
/// references (`&`), all valid UTF-8. Returns how many bytes were used:
/// everything up to the `<` of the child's own `</Child>`, which is left
/// for quick-xml.
///
/// Returns `None`, having perhaps added nodes under `root`, as soon as
/// anything else turns up (comments, CDATA, processing instructions,
/// attributes, whitespace inside a tag, a mismatched end tag, invalid
/// UTF-8) or the child does not end within `bytes`: the caller then starts
/// again with quick-xml, which handles or reports all of these. For what
/// it accepts, the tree is exactly the one the event loop in
/// [`CinParser::read_rest`] would build.
fn fast_child(bytes: &[u8], close: &memmem::Finder, dom: &mut Dom, root: u32, stack: &mut Vec<u32>) -> Option<usize> {
    // The child can only end at the first `</Child>`: an element nested
    // inside with the same name would not match the innermost open element
    // there, and the parse below gives up. Checking UTF-8 once for the
    // whole child lets every name and text below be a plain slice.
    let end = close.find(bytes)?;
    let s = std::str::from_utf8(&bytes[..end]).ok()?;
    let b = s.as_bytes();
    stack.clear();
    stack.push(root);
    let mut i = 0;
    loop {
        let lt = i + memchr::memchr(b'<', &b[i..]).unwrap_or(b.len() - i);
        let top = *stack.last()?;
        let text = &b[i..lt];
        // A value past the cap is left to the slow path, which refuses it.
        if text.len() > MAX_EVENT_BYTES {
            return None;
        }
        // Indentation between elements carries no data (as in read_rest).
        if !text.iter().all(u8::is_ascii_whitespace) {
            if text.contains(&b'&') {
                return None;
            }
            dom.push_text(top, &s[i..lt]);
        }
        if lt == b.len() {
            // At `</Child>`: it closes the child only if nothing else is open.
            return (stack.len() == 1).then_some(end);
        }
        let tag = &b[lt + 1..];
        if tag.first() == Some(&b'/') {
            let n = plain_name_len(&tag[1..]);
            if n == 0 || tag.get(1 + n) != Some(&b'>') || s[lt + 2..lt + 2 + n] != *dom.node(top).name {
                return None;
            }
            stack.pop();
            if stack.is_empty() {
                // An end tag named like the root before `</Child>` is not possible.
                return None;
            }
            i = lt + n + 3;
        } else {
            let n = plain_name_len(tag);
            if n == 0 {
                return None;
            }
            let name = &s[lt + 1..lt + 1 + n];
            match tag.get(n)? {
                b'>' => {
                    let id = dom.add_child(top, name);
                    stack.push(id);
                    i = lt + n + 2;
                }
                b'/' if tag.get(n + 1) == Some(&b'>') => {
                    dom.add_child(top, name);
                    i = lt + n + 3;
                }
                _ => return None,
            }
        }
    }
}

/// Length of the element name at the start of `b`, counting only ASCII
/// letters, digits, `_`, `-`, `.` and `:`.
fn plain_name_len(b: &[u8]) -> usize {
    b.iter().take_while(|&&c| NAME_BYTE[usize::from(c)]).count()
}

/// The bytes [`plain_name_len`] accepts.
static NAME_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':');
        c += 1;
    }
    t
};

mod layout;

pub use layout::parse_xs_date;
use layout::{convert_child, convert_header};

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn xs_dates() {
        assert_eq!(parse_xs_date("2025-03-31"), NaiveDate::from_ymd_opt(2025, 3, 31));
        assert_eq!(parse_xs_date(" 2025-03-31Z "), NaiveDate::from_ymd_opt(2025, 3, 31));
        assert_eq!(parse_xs_date("2025-03-31+01:00"), NaiveDate::from_ymd_opt(2025, 3, 31));
        assert_eq!(parse_xs_date("31/03/2025"), None);
        assert_eq!(parse_xs_date("2025-02-30"), None);
        assert_eq!(parse_xs_date("2025-3-31"), None);
        assert_eq!(parse_xs_date("2025-03-31T00:00"), None);
        assert_eq!(parse_xs_date("２０２５-03-31"), None);
    }

    #[test]
    fn recycled_children_come_out_as_new_ones() {
        let mut xml = Vec::new();
        let opts = super::super::GenerateOptions { children: 600, seed: 5, year: 2025, breach_rate: 0.3 };
        super::super::generate_with(&opts, &mut xml).unwrap();
        // Children of every shape follow each other, so a recycled child is
        // refilled with fewer (and more) episodes, plans, factors and reviews.
        let fresh: Vec<String> = CinParser::new(&xml[..]).map(|p| format!("{p:?}")).collect();
        let mut parser = CinParser::new(&xml[..]);
        let mut recycled = Vec::new();
        while let Some(item) = parser.next() {
            recycled.push(format!("{item:?}"));
            if let Parsed::Child(c) = item {
                parser.recycle(c);
            }
        }
        assert_eq!(fresh.len(), recycled.len());
        assert!(fresh == recycled);
    }

    #[test]
    fn date_times() {
        assert!(layout::is_date_time("2023-05-23T11:14:05"));
        assert!(layout::is_date_time("2022-07-21T10:12:28Z"));
        assert!(!layout::is_date_time("2023-05-23 11:14:05"));
    }
}
