//! Writing CIN census XML from the model: the return an LA sends to the DfE.
//!
//! A caller builds a [`Header`] and one [`Child`] per child from its case
//! records and hands them to [`write`] (all at once) or to a
//! [`CensusWriter`] (one child at a time, so that a whole authority's
//! return never has to sit in memory):
//!
//! ```
//! use ff_returns::cin::model::{Characteristics, Child, DateField, Episode, Header, Identifiers};
//! use ff_returns::cin::CensusWriter;
//!
//! let date = |s: &str| DateField::Date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
//! let header = Header {
//!     collection: Some("CIN".into()),
//!     year: Some("2025".into()),
//!     reference_date: date("2025-03-31"),
//!     source_level: Some("L".into()),
//!     lea: Some("201".into()),
//!     software_code: Some("Families First".into()),
//!     release: Some("1.0".into()),
//!     serial_no: Some("001".into()),
//!     date_time: Some("2025-04-02T10:00:00".into()),
//! };
//! let mut out = CensusWriter::new(Vec::new(), &header)?;
//! // For each child, from the case records:
//! out.child(&Child {
//!     ids: Identifiers { la_child_id: Some("C1".into()), birth_date: date("2015-06-01"), sex: Some("F".into()), ..Default::default() },
//!     characteristics: Characteristics { ethnicity: Some("WBRI".into()), disabilities: vec![Some("NONE".into())] },
//!     episodes: vec![Episode {
//!         referral_date: date("2025-02-01"),
//!         referral_source: Some("1A".into()),
//!         referral_nfa: Some("1".into()),
//!         ..Default::default()
//!     }],
//!     ..Default::default()
//! })?;
//! let xml = String::from_utf8(out.finish()?).unwrap();
//! assert!(xml.contains("<Sex>F</Sex>"));
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! What is written:
//!
//! * the 2024/25 layout (`Sex`, M/F/U), valid against the LIIA
//!   `CIN_schema_2025.xsd` when the values are (no namespace, UTF-8, an XML
//!   declaration, one element per line);
//! * every element in schema order; an optional value that is `None` (or a
//!   [`DateField::Missing`] date, or an empty list) is left out, never
//!   written empty; a list entry that is `None` (a `Disability`) is written
//!   as an empty element, as the model received it;
//! * values exactly as held: codes are not trimmed or corrected, a
//!   [`DateField::Invalid`] date is written as its original text, dates as
//!   `YYYY-MM-DD`; `&`, `<`, `>`, `"` and `'` are escaped;
//! * a child that has a pre-2024/25 `gender_current` but no `sex` gets
//!   `Sex` from it: 1 → M, 2 → F, 0 and 9 → U (any other value is written
//!   unchanged, for the validator to report).
//!
//! The writer does not check the data: a missing required value (say no
//! `ReferralNFA`) is simply absent from the file. Run the validator on the
//! result (or on the model) before sending it.
//!
//! The model holds what the rules need, which is every element of the
//! 2024/25 schema, so a census file read with [`super::CinParser`] and
//! written back gives the same verdicts. What does not survive is what the
//! model does not keep: comments, layout and whitespace between elements,
//! element order (written in schema order), a `DateField` date's original
//! spelling (`2025-03-31Z` comes back as `2025-03-31`), and anything the
//! parser reported as structurally wrong and ignored (unknown or repeated
//! elements, stray text).

use std::borrow::Borrow;
use std::borrow::Cow;
use std::io::{self, BufWriter, Write};

use super::model::{Child, DateField, Episode, Header, Text};

/// Writes a complete census file (2024/25 layout): the header, then every
/// child in the order given. Returns the number of children written.
pub fn write<W, I>(w: W, header: &Header, children: I) -> io::Result<u64>
where
    W: Write,
    I: IntoIterator,
    I::Item: Borrow<Child>,
{
    let mut out = CensusWriter::new(w, header)?;
    for c in children {
        out.child(c.borrow())?;
    }
    let n = out.children_written();
    out.finish()?;
    Ok(n)
}

/// Writes a census file one child at a time: [`CensusWriter::new`] writes
/// the declaration, the header and `<Children>`; [`CensusWriter::child`]
/// each child; [`CensusWriter::finish`] the closing tags. Output is
/// buffered; `finish` flushes it and gives the writer back.
pub struct CensusWriter<W: Write> {
    out: BufWriter<W>,
    children: u64,
}

impl<W: Write> CensusWriter<W> {
    /// Starts a file with `header`.
    pub fn new(w: W, header: &Header) -> io::Result<Self> {
        let mut out = BufWriter::with_capacity(1 << 16, w);
        write_start(&mut out, header)?;
        Ok(Self { out, children: 0 })
    }

    /// Writes one `Child` element.
    pub fn child(&mut self, child: &Child) -> io::Result<()> {
        write_child(&mut self.out, child, Layout::Sex)?;
        self.children += 1;
        Ok(())
    }

    /// Children written so far.
    pub fn children_written(&self) -> u64 {
        self.children
    }

    /// Closes `Children` and `Message`, flushes and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        write_end(&mut self.out)?;
        self.out.into_inner().map_err(io::IntoInnerError::into_error)
    }
}

/// Which element carries the child's sex.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    /// `Sex` (M, F, U): 2024/25 on.
    Sex,
    /// `GenderCurrent` (1, 2, 0, 9): up to 2023/24 (the generator's older files).
    GenderCurrent,
}

fn esc(s: &str) -> Cow<'_, str> {
    if s.contains(['<', '>', '&', '"', '\'']) {
        Cow::Owned(s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;"))
    } else {
        Cow::Borrowed(s)
    }
}

fn text_el(w: &mut impl Write, indent: &str, name: &str, v: &Option<Text>) -> io::Result<()> {
    match v {
        Some(v) => writeln!(w, "{indent}<{name}>{}</{name}>", esc(v)),
        None => Ok(()),
    }
}

fn date_el(w: &mut impl Write, indent: &str, name: &str, v: &DateField) -> io::Result<()> {
    match v {
        DateField::Missing => Ok(()),
        DateField::Invalid(t) => writeln!(w, "{indent}<{name}>{}</{name}>", esc(t)),
        DateField::Date(d) => writeln!(w, "{indent}<{name}>{}</{name}>", d.format("%Y-%m-%d")),
    }
}

/// Writes the XML declaration, the header and the opening `<Children>`.
pub(crate) fn write_start(w: &mut impl Write, h: &Header) -> io::Result<()> {
    writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(w, "<Message>")?;
    writeln!(w, " <Header>")?;
    writeln!(w, "  <CollectionDetails>")?;
    text_el(w, "   ", "Collection", &h.collection)?;
    text_el(w, "   ", "Year", &h.year)?;
    date_el(w, "   ", "ReferenceDate", &h.reference_date)?;
    writeln!(w, "  </CollectionDetails>")?;
    writeln!(w, "  <Source>")?;
    text_el(w, "   ", "SourceLevel", &h.source_level)?;
    text_el(w, "   ", "LEA", &h.lea)?;
    text_el(w, "   ", "SoftwareCode", &h.software_code)?;
    text_el(w, "   ", "Release", &h.release)?;
    text_el(w, "   ", "SerialNo", &h.serial_no)?;
    text_el(w, "   ", "DateTime", &h.date_time)?;
    writeln!(w, "  </Source>")?;
    writeln!(w, " </Header>")?;
    writeln!(w, " <Children>")
}

/// Writes the closing `</Children></Message>`.
pub(crate) fn write_end(w: &mut impl Write) -> io::Result<()> {
    writeln!(w, " </Children>")?;
    writeln!(w, "</Message>")
}

/// `Sex` for the 2024/25 layout: the child's own, or mapped from a
/// pre-2024/25 `GenderCurrent`.
fn sex_of(c: &Child) -> Option<Text> {
    c.ids.sex.clone().or_else(|| {
        c.ids.gender_current.as_deref().map(|g| match g {
            "1" => Text::from("M"),
            "2" => Text::from("F"),
            "0" | "9" => Text::from("U"),
            other => Text::from(other),
        })
    })
}

/// `GenderCurrent` for the older layout: the child's own, or mapped from
/// `Sex` (M → 1, F → 2, U → 0).
fn gender_of(c: &Child) -> Option<Text> {
    c.ids.gender_current.clone().or_else(|| {
        c.ids.sex.as_deref().map(|s| match s {
            "M" => Text::from("1"),
            "F" => Text::from("2"),
            "U" => Text::from("0"),
            other => Text::from(other),
        })
    })
}

/// Writes one `Child` element in schema order.
pub(crate) fn write_child(w: &mut impl Write, c: &Child, layout: Layout) -> io::Result<()> {
    writeln!(w, "  <Child>")?;
    writeln!(w, "   <ChildIdentifiers>")?;
    let i = "    ";
    let ids = &c.ids;
    text_el(w, i, "LAchildID", &ids.la_child_id)?;
    text_el(w, i, "UPN", &ids.upn)?;
    text_el(w, i, "FormerUPN", &ids.former_upn)?;
    text_el(w, i, "UPNunknown", &ids.upn_unknown)?;
    date_el(w, i, "PersonBirthDate", &ids.birth_date)?;
    date_el(w, i, "ExpectedPersonBirthDate", &ids.expected_birth_date)?;
    match layout {
        Layout::Sex => text_el(w, i, "Sex", &sex_of(c))?,
        Layout::GenderCurrent => text_el(w, i, "GenderCurrent", &gender_of(c))?,
    }
    date_el(w, i, "PersonDeathDate", &ids.death_date)?;
    writeln!(w, "   </ChildIdentifiers>")?;
    writeln!(w, "   <ChildCharacteristics>")?;
    text_el(w, i, "Ethnicity", &c.characteristics.ethnicity)?;
    if !c.characteristics.disabilities.is_empty() {
        writeln!(w, "    <Disabilities>")?;
        for d in &c.characteristics.disabilities {
            match d {
                Some(d) => writeln!(w, "     <Disability>{}</Disability>", esc(d))?,
                None => writeln!(w, "     <Disability/>")?,
            }
        }
        writeln!(w, "    </Disabilities>")?;
    }
    writeln!(w, "   </ChildCharacteristics>")?;
    for e in &c.episodes {
        write_episode(w, e)?;
    }
    writeln!(w, "  </Child>")
}

fn write_episode(w: &mut impl Write, e: &Episode) -> io::Result<()> {
    let i = "    ";
    let j = "     ";
    let k = "      ";
    writeln!(w, "   <CINdetails>")?;
    date_el(w, i, "CINreferralDate", &e.referral_date)?;
    text_el(w, i, "ReferralSource", &e.referral_source)?;
    text_el(w, i, "PrimaryNeedCode", &e.primary_need)?;
    date_el(w, i, "CINclosureDate", &e.closure_date)?;
    text_el(w, i, "ReasonForClosure", &e.closure_reason)?;
    date_el(w, i, "DateOfInitialCPC", &e.initial_cpc)?;
    for a in &e.assessments {
        writeln!(w, "    <Assessments>")?;
        date_el(w, j, "AssessmentActualStartDate", &a.start)?;
        date_el(w, j, "AssessmentInternalReviewDate", &a.internal_review)?;
        date_el(w, j, "AssessmentAuthorisationDate", &a.authorised)?;
        if !a.factors.is_empty() {
            writeln!(w, "     <FactorsIdentifiedAtAssessment>")?;
            for f in &a.factors {
                writeln!(w, "{k}<AssessmentFactors>{}</AssessmentFactors>", esc(f))?;
            }
            writeln!(w, "     </FactorsIdentifiedAtAssessment>")?;
        }
        writeln!(w, "    </Assessments>")?;
    }
    for p in &e.cin_plans {
        writeln!(w, "    <CINPlanDates>")?;
        date_el(w, j, "CINPlanStartDate", &p.start)?;
        date_el(w, j, "CINPlanEndDate", &p.end)?;
        writeln!(w, "    </CINPlanDates>")?;
    }
    for s in &e.section47s {
        writeln!(w, "    <Section47>")?;
        date_el(w, j, "S47ActualStartDate", &s.start)?;
        date_el(w, j, "InitialCPCtarget", &s.icpc_target)?;
        date_el(w, j, "DateOfInitialCPC", &s.icpc)?;
        text_el(w, j, "ICPCnotRequired", &s.icpc_not_required)?;
        writeln!(w, "    </Section47>")?;
    }
    text_el(w, i, "ReferralNFA", &e.referral_nfa)?;
    for c in &e.cp_plans {
        writeln!(w, "    <ChildProtectionPlans>")?;
        date_el(w, j, "CPPstartDate", &c.start)?;
        date_el(w, j, "CPPendDate", &c.end)?;
        text_el(w, j, "InitialCategoryOfAbuse", &c.initial_category)?;
        text_el(w, j, "LatestCategoryOfAbuse", &c.latest_category)?;
        text_el(w, j, "NumberOfPreviousCPP", &c.previous_plans)?;
        if !c.reviews.is_empty() {
            writeln!(w, "     <Reviews>")?;
            for r in &c.reviews {
                date_el(w, k, "CPPreviewDate", r)?;
            }
            writeln!(w, "     </Reviews>")?;
        }
        writeln!(w, "    </ChildProtectionPlans>")?;
    }
    // 2026/27 on: the caller leaves the list empty for earlier years.
    for p in &e.pre_proceedings {
        writeln!(w, "    <PreProceedingsandFGDM>")?;
        date_el(w, j, "PPStartDate", &p.start)?;
        date_el(w, j, "LBPSentDate", &p.letter_sent)?;
        text_el(w, j, "FGDMMeetingOffer", &p.fgdm_offered)?;
        text_el(w, j, "FGDMMeetingFac", &p.fgdm_facilitated)?;
        date_el(w, j, "InitialPPMeetingDate", &p.initial_meeting)?;
        text_el(w, j, "ReviewMeetingsCount", &p.review_meetings)?;
        date_el(w, j, "StepDecisionDate", &p.step_decision)?;
        text_el(w, j, "PPOutcome", &p.outcome)?;
        date_el(w, j, "CourtAppDate", &p.court_application)?;
        date_el(w, j, "LetterInitCPDate", &p.letter_initiating_proceedings)?;
        writeln!(w, "    </PreProceedingsandFGDM>")?;
    }
    writeln!(w, "   </CINdetails>")
}
