//! The census schema's layout (which elements may appear where, in which
//! order and how often) and the conversion of a checked element tree into the
//! typed model, with every structural problem reported as an [`Issue`].

use chrono::NaiveDate;

use super::super::codes;
use super::super::issue::Issue;
use super::super::model::{
    Assessment, Characteristics, Child, CinPlan, CpPlan, DateField, Episode, Header, Identifiers, PreProceedings, Section47, Text,
};
use super::Dom;

/// One element allowed in a sequence: its name, whether it is required and
/// whether it may repeat.
struct Slot {
    name: &'static str,
    required: bool,
    many: bool,
}

const fn one(name: &'static str) -> Slot {
    Slot { name, required: true, many: false }
}
const fn opt(name: &'static str) -> Slot {
    Slot { name, required: false, many: false }
}
const fn many(name: &'static str) -> Slot {
    Slot { name, required: false, many: true }
}
const fn some(name: &'static str) -> Slot {
    Slot { name, required: true, many: true }
}

const HEADER: &[Slot] = &[one("CollectionDetails"), one("Source")];
const COLLECTION: &[Slot] = &[one("Collection"), one("Year"), one("ReferenceDate")];
const SOURCE: &[Slot] = &[one("SourceLevel"), one("LEA"), one("SoftwareCode"), one("Release"), one("SerialNo"), one("DateTime")];
const CHILD: &[Slot] = &[one("ChildIdentifiers"), one("ChildCharacteristics"), some("CINdetails")];
// Sex and GenderCurrent share a position (2024/25 layout and earlier).
const IDENTIFIERS: &[Slot] = &[
    one("LAchildID"),
    opt("UPN"),
    opt("FormerUPN"),
    opt("UPNunknown"),
    opt("PersonBirthDate"),
    opt("ExpectedPersonBirthDate"),
    opt("Sex"),
    opt("PersonDeathDate"),
];
const CHARACTERISTICS: &[Slot] = &[one("Ethnicity"), opt("Disabilities")];
const DISABILITIES: &[Slot] = &[some("Disability")];
const EPISODE: &[Slot] = &[
    one("CINreferralDate"),
    one("ReferralSource"),
    opt("PrimaryNeedCode"),
    opt("CINclosureDate"),
    opt("ReasonForClosure"),
    opt("DateOfInitialCPC"),
    many("Assessments"),
    many("CINPlanDates"),
    many("Section47"),
    one("ReferralNFA"),
    many("ChildProtectionPlans"),
    many("PreProceedingsandFGDM"),
];
/// The 2026/27 block (accepted in any year: it is optional, and no rule reads it yet).
const PRE_PROCEEDINGS: &[Slot] = &[
    opt("PPStartDate"),
    opt("LBPSentDate"),
    opt("FGDMMeetingOffer"),
    opt("FGDMMeetingFac"),
    opt("InitialPPMeetingDate"),
    opt("ReviewMeetingsCount"),
    opt("StepDecisionDate"),
    opt("PPOutcome"),
    opt("CourtAppDate"),
    opt("LetterInitCPDate"),
];
const ASSESSMENT: &[Slot] = &[
    one("AssessmentActualStartDate"),
    opt("AssessmentInternalReviewDate"),
    opt("AssessmentAuthorisationDate"),
    opt("FactorsIdentifiedAtAssessment"),
];
const FACTORS: &[Slot] = &[some("AssessmentFactors")];
const CIN_PLAN: &[Slot] = &[one("CINPlanStartDate"), opt("CINPlanEndDate")];
const SECTION47: &[Slot] = &[one("S47ActualStartDate"), opt("InitialCPCtarget"), opt("DateOfInitialCPC"), one("ICPCnotRequired")];
const CP_PLAN: &[Slot] = &[
    one("CPPstartDate"),
    opt("CPPendDate"),
    one("InitialCategoryOfAbuse"),
    one("LatestCategoryOfAbuse"),
    one("NumberOfPreviousCPP"),
    opt("Reviews"),
];
const REVIEWS: &[Slot] = &[some("CPPreviewDate")];

/// An element path built only when an issue needs it: each level points
/// at its parent, so descending costs nothing.
#[derive(Clone, Copy)]
struct At<'a> {
    parent: Option<&'a At<'a>>,
    name: &'a str,
    /// 1-based position among repeated elements; 0 when not shown.
    index: usize,
}

impl<'a> At<'a> {
    const fn root(name: &'a str) -> Self {
        At { parent: None, name, index: 0 }
    }

    fn child(&'a self, name: &'a str, index: usize) -> At<'a> {
        At { parent: Some(self), name, index }
    }

    fn render(&self) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(self);
        while let Some(a) = cur {
            if !a.name.is_empty() {
                parts.push(if a.index > 0 { format!("{}[{}]", a.name, a.index) } else { a.name.to_owned() });
            }
            cur = a.parent;
        }
        parts.reverse();
        parts.join("/")
    }
}

/// Collects structural issues for one header or child.
struct Sink<'a> {
    issues: &'a mut Vec<Issue>,
    child_id: Option<&'a str>,
    index: Option<u64>,
}

impl Sink<'_> {
    fn push(&mut self, code: &'static str, at: &At, message: String) {
        self.issues.push(Issue::structure(code, self.child_id.map(str::to_owned), self.index, at.render(), message));
    }
}

/// Checks the children of `node` against `slots` and calls `each` with the
/// slot index and node id of every known child element, in document order.
fn walk(dom: &Dom, node: u32, slots: &[Slot], at: &At, sink: &mut Sink, mut each: impl FnMut(usize, u32, &mut Sink)) {
    let n = dom.node(node);
    if !n.text.trim().is_empty() {
        let t: String = n.text.trim().chars().take(40).collect();
        sink.push("STRUCT-TEXT", at, format!("unexpected text {t:?} inside <{}>", n.name));
    }
    let mut counts = [0u32; 16];
    let mut furthest = 0usize;
    let mut order_reported = false;
    for &kid in &n.kids {
        let name = dom.node(kid).name.as_str();
        // GenderCurrent (before 2024/25) sits where Sex is.
        let lookup = if name == "GenderCurrent" && slots.iter().any(|s| s.name == "Sex") { "Sex" } else { name };
        let Some(slot) = slots.iter().position(|s| s.name == lookup) else {
            sink.push("STRUCT-UNKNOWN", &at.child(name, 0), format!("<{name}> is not allowed inside <{}>; ignored", n.name));
            continue;
        };
        if slot < furthest && !order_reported {
            sink.push(
                "STRUCT-ORDER",
                &at.child(name, 0),
                format!("<{name}> is out of order inside <{}> (expected order: {})", n.name, order_list(slots)),
            );
            order_reported = true;
        }
        furthest = furthest.max(slot);
        counts[slot] += 1;
        if counts[slot] > 1 && !slots[slot].many {
            sink.push(
                "STRUCT-REPEAT",
                &at.child(name, 0),
                format!("<{name}> appears more than once inside <{}>; the first is used", n.name),
            );
            continue;
        }
        each(slot, kid, sink);
    }
    for (i, s) in slots.iter().enumerate() {
        if s.required && counts[i] == 0 {
            sink.push("STRUCT-MISSING", &at.child(s.name, 0), format!("required element <{}> is missing from <{}>", s.name, n.name));
        }
    }
}

fn order_list(slots: &[Slot]) -> String {
    slots.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
}

/// The text of a leaf element (`None` when empty). Child elements inside a
/// leaf are reported and ignored.
fn leaf(dom: &Dom, id: u32, at: &At, sink: &mut Sink) -> Option<Text> {
    let n = dom.node(id);
    for &k in &n.kids {
        let kn = &dom.node(k).name;
        sink.push("STRUCT-UNKNOWN", &at.child(kn, 0), format!("<{kn}> is not allowed inside <{}>; ignored", n.name));
    }
    if n.text.is_empty() { None } else { Some(Text::from(n.text.as_str())) }
}

/// Parses an `xs:date` (`YYYY-MM-DD`, optionally with a time zone, which is
/// ignored; surrounding whitespace allowed).
pub fn parse_xs_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let tz = &s[10..];
    let tz_ok = tz.is_empty() || tz == "Z" || (tz.len() == 6 && (tz.starts_with('+') || tz.starts_with('-')) && tz.as_bytes()[3] == b':');
    if !tz_ok {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

fn date(dom: &Dom, id: u32, at: &At, sink: &mut Sink) -> DateField {
    let n = dom.node(id);
    if !n.kids.is_empty() {
        leaf(dom, id, at, sink);
    }
    let t = n.text.as_str();
    if t.trim().is_empty() {
        return DateField::Missing;
    }
    match parse_xs_date(t) {
        Some(d) => DateField::Date(d),
        None => {
            sink.push("XSD-DATE", at, format!("{t:?} is not a date in YYYY-MM-DD form"));
            DateField::Invalid(t.to_owned())
        }
    }
}

fn check_list(value: &Option<Text>, list: &[&str], at: &At, what: &str, sink: &mut Sink) {
    if let Some(v) = value
        && !list.contains(&v.as_str())
    {
        sink.push("XSD-CODE", at, format!("{v:?} is not a valid {what}"));
    }
}

fn check_pattern(value: &Option<Text>, ok: impl Fn(&str) -> bool, at: &At, what: &str, sink: &mut Sink) {
    if let Some(v) = value
        && !ok(v)
    {
        sink.push("XSD-CODE", at, format!("{v:?} is not a valid {what}"));
    }
}

fn digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn is_date_time(s: &str) -> bool {
    let s = s.trim();
    let Some((d, t)) = s.split_once('T') else { return false };
    if parse_xs_date(d).is_none() {
        return false;
    }
    let b = t.as_bytes();
    b.len() >= 8 && b[2] == b':' && b[5] == b':' && b[..2].iter().chain(&b[3..5]).chain(&b[6..8]).all(u8::is_ascii_digit)
}

pub(super) fn convert_header(dom: &Dom, issues: &mut Vec<Issue>) -> Header {
    let mut h = Header::default();
    let mut sink = Sink { issues, child_id: None, index: None };
    let top = At::root("Header");
    let cd = top.child("CollectionDetails", 0);
    let src = top.child("Source", 0);
    walk(dom, 0, HEADER, &top, &mut sink, |slot, id, sink| match slot {
        0 => walk(dom, id, COLLECTION, &cd, sink, |s, k, sink| {
            let at = cd.child(COLLECTION[s].name, 0);
            match s {
                0 => h.collection = leaf(dom, k, &at, sink),
                1 => h.year = leaf(dom, k, &at, sink),
                _ => h.reference_date = date(dom, k, &at, sink),
            }
        }),
        _ => walk(dom, id, SOURCE, &src, sink, |s, k, sink| {
            let v = leaf(dom, k, &src.child(SOURCE[s].name, 0), sink);
            match s {
                0 => h.source_level = v,
                1 => h.lea = v,
                2 => h.software_code = v,
                3 => h.release = v,
                4 => h.serial_no = v,
                _ => h.date_time = v,
            }
        }),
    });
    check_list(&h.collection, &["CIN"], &cd.child("Collection", 0), "collection (expected CIN)", &mut sink);
    check_pattern(&h.year, |y| digits(y.trim(), 4, 4), &cd.child("Year", 0), "year", &mut sink);
    check_list(&h.source_level, &["L"], &src.child("SourceLevel", 0), "source level (expected L)", &mut sink);
    check_pattern(&h.lea, |v| digits(v, 3, 3), &src.child("LEA", 0), "LA code (three digits)", &mut sink);
    check_pattern(&h.serial_no, |v| digits(v, 3, usize::MAX), &src.child("SerialNo", 0), "serial number (three or more digits)", &mut sink);
    if let Some(v) = &h.date_time
        && !is_date_time(v)
    {
        sink.push("XSD-DATE", &src.child("DateTime", 0), format!("{v:?} is not a date-time (YYYY-MM-DDThh:mm:ss)"));
    }
    h
}

/// The `LAchildID` text, looked up before conversion so that every issue of
/// the child can carry it.
fn find_child_id(dom: &Dom) -> Option<Text> {
    let root = dom.node(0);
    let ids = root.kids.iter().find(|&&k| dom.node(k).name == "ChildIdentifiers")?;
    let id = dom.node(*ids).kids.iter().find(|&&k| dom.node(k).name == "LAchildID")?;
    let t = &dom.node(*id).text;
    (!t.is_empty()).then(|| Text::from(t.as_str()))
}

/// The `n`th element of `v` to be filled in again: the one already there
/// (its own vectors keep their capacity) or a new one.
fn refill<T: Default>(v: &mut Vec<T>, n: usize) -> &mut T {
    if n >= v.len() {
        v.push(T::default());
    }
    &mut v[n]
}

/// Converts the child in the tree into `child`, reusing its vectors (so
/// that a child recycled through [`CinParser::recycle`] costs no
/// allocation).
pub(super) fn convert_child(dom: &Dom, index: u64, issues: &mut Vec<Issue>, child: &mut Child) {
    let child_id = find_child_id(dom);
    let episodes = std::mem::take(&mut child.episodes);
    let disabilities = std::mem::take(&mut child.characteristics.disabilities);
    *child = Child { index, episodes, characteristics: Characteristics { disabilities, ..Characteristics::default() }, ..Child::default() };
    let mut sink = Sink { issues, child_id: child_id.as_deref(), index: Some(index) };
    let root = At::root("");
    let mut episode_no = 0usize;
    walk(dom, 0, CHILD, &root, &mut sink, |slot, id, sink| match slot {
        0 => child.ids = convert_identifiers(dom, id, &root.child("ChildIdentifiers", 0), sink),
        1 => convert_characteristics(dom, id, &root.child("ChildCharacteristics", 0), sink, &mut child.characteristics),
        _ => {
            episode_no += 1;
            convert_episode(dom, id, &root.child("CINdetails", episode_no), sink, refill(&mut child.episodes, episode_no - 1));
        }
    });
    child.episodes.truncate(episode_no);
}

fn convert_identifiers(dom: &Dom, id: u32, at: &At, sink: &mut Sink) -> Identifiers {
    let mut ids = Identifiers::default();
    walk(dom, id, IDENTIFIERS, at, sink, |slot, k, sink| {
        let name = dom.node(k).name.as_str();
        let here = at.child(name, 0);
        match slot {
            0 => ids.la_child_id = leaf(dom, k, &here, sink),
            1 => ids.upn = leaf(dom, k, &here, sink),
            2 => ids.former_upn = leaf(dom, k, &here, sink),
            3 => ids.upn_unknown = leaf(dom, k, &here, sink),
            4 => ids.birth_date = date(dom, k, &here, sink),
            5 => ids.expected_birth_date = date(dom, k, &here, sink),
            6 if name == "GenderCurrent" => ids.gender_current = leaf(dom, k, &here, sink),
            6 => ids.sex = leaf(dom, k, &here, sink),
            _ => ids.death_date = date(dom, k, &here, sink),
        }
    });
    if ids.sex.is_none()
        && ids.gender_current.is_none()
        && !dom.node(id).kids.iter().any(|&k| matches!(dom.node(k).name.as_str(), "Sex" | "GenderCurrent"))
    {
        sink.push("STRUCT-MISSING", &at.child("Sex", 0), "required element <Sex> is missing from <ChildIdentifiers>".into());
    }
    check_list(&ids.upn_unknown, codes::UPN_UNKNOWN, &at.child("UPNunknown", 0), "UPN unknown reason (UN1-UN7)", sink);
    ids
}

fn convert_characteristics(dom: &Dom, id: u32, at: &At, sink: &mut Sink, c: &mut Characteristics) {
    c.ethnicity = None;
    c.disabilities.clear();
    let dis = at.child("Disabilities", 0);
    let one = dis.child("Disability", 0);
    walk(dom, id, CHARACTERISTICS, at, sink, |slot, k, sink| match slot {
        0 => c.ethnicity = leaf(dom, k, &at.child("Ethnicity", 0), sink),
        _ => walk(dom, k, DISABILITIES, &dis, sink, |_, d, sink| {
            c.disabilities.push(leaf(dom, d, &one, sink));
        }),
    });
}

fn convert_episode(dom: &Dom, id: u32, at: &At, sink: &mut Sink, e: &mut Episode) {
    let assessments = std::mem::take(&mut e.assessments);
    let cp_plans = std::mem::take(&mut e.cp_plans);
    let mut cin_plans = std::mem::take(&mut e.cin_plans);
    let mut section47s = std::mem::take(&mut e.section47s);
    cin_plans.clear();
    section47s.clear();
    *e = Episode { assessments, cin_plans, section47s, cp_plans, ..Episode::default() };
    let (mut na, mut np, mut ns, mut nc, mut npp) = (0usize, 0usize, 0usize, 0usize, 0usize);
    walk(dom, id, EPISODE, at, sink, |slot, k, sink| {
        let name = EPISODE[slot].name;
        match slot {
            6 => {
                na += 1;
                convert_assessment(dom, k, &at.child(name, na), sink, refill(&mut e.assessments, na - 1));
            }
            7 => {
                np += 1;
                e.cin_plans.push(convert_cin_plan(dom, k, &at.child(name, np), sink));
            }
            8 => {
                ns += 1;
                e.section47s.push(convert_section47(dom, k, &at.child(name, ns), sink));
            }
            10 => {
                nc += 1;
                convert_cp_plan(dom, k, &at.child(name, nc), sink, refill(&mut e.cp_plans, nc - 1));
            }
            11 => {
                npp += 1;
                e.pre_proceedings.push(convert_pre_proceedings(dom, k, &at.child(name, npp), sink));
            }
            _ => {
                let here = at.child(name, 0);
                match slot {
                    0 => e.referral_date = date(dom, k, &here, sink),
                    1 => e.referral_source = leaf(dom, k, &here, sink),
                    2 => e.primary_need = leaf(dom, k, &here, sink),
                    3 => e.closure_date = date(dom, k, &here, sink),
                    4 => e.closure_reason = leaf(dom, k, &here, sink),
                    5 => e.initial_cpc = date(dom, k, &here, sink),
                    _ => e.referral_nfa = leaf(dom, k, &here, sink),
                }
            }
        }
    });
    e.assessments.truncate(na);
    e.cp_plans.truncate(nc);
}

fn convert_assessment(dom: &Dom, id: u32, at: &At, sink: &mut Sink, a: &mut Assessment) {
    let mut factors = std::mem::take(&mut a.factors);
    factors.clear();
    *a = Assessment { factors, ..Assessment::default() };
    walk(dom, id, ASSESSMENT, at, sink, |slot, k, sink| {
        let here = at.child(ASSESSMENT[slot].name, 0);
        match slot {
            0 => a.start = date(dom, k, &here, sink),
            1 => a.internal_review = date(dom, k, &here, sink),
            2 => a.authorised = date(dom, k, &here, sink),
            _ => {
                let factor_at = here.child("AssessmentFactors", 0);
                // An empty factors block is not allowed by the schema; report
                // it and treat it as no factors.
                if dom.node(k).kids.is_empty() {
                    sink.push("STRUCT-MISSING", &factor_at, "FactorsIdentifiedAtAssessment holds no AssessmentFactors".into());
                    return;
                }
                walk(dom, k, FACTORS, &here, sink, |_, f, sink| {
                    let v = leaf(dom, f, &factor_at, sink).unwrap_or_default();
                    if !codes::ASSESSMENT_FACTORS.contains(&v.as_str()) && !codes::RETIRED_FACTORS.contains(&v.as_str()) {
                        sink.push("XSD-CODE", &factor_at, format!("{v:?} is not a valid assessment factor code"));
                    }
                    a.factors.push(v);
                });
            }
        }
    });
}

fn convert_pre_proceedings(dom: &Dom, id: u32, at: &At, sink: &mut Sink) -> PreProceedings {
    let mut p = PreProceedings::default();
    walk(dom, id, PRE_PROCEEDINGS, at, sink, |slot, k, sink| {
        let here = at.child(PRE_PROCEEDINGS[slot].name, 0);
        match slot {
            0 => p.start = date(dom, k, &here, sink),
            1 => p.letter_sent = date(dom, k, &here, sink),
            2 => p.fgdm_offered = leaf(dom, k, &here, sink),
            3 => p.fgdm_facilitated = leaf(dom, k, &here, sink),
            4 => p.initial_meeting = date(dom, k, &here, sink),
            5 => p.review_meetings = leaf(dom, k, &here, sink),
            6 => p.step_decision = date(dom, k, &here, sink),
            7 => p.outcome = leaf(dom, k, &here, sink),
            8 => p.court_application = date(dom, k, &here, sink),
            _ => p.letter_initiating_proceedings = date(dom, k, &here, sink),
        }
    });
    p
}

fn convert_cin_plan(dom: &Dom, id: u32, at: &At, sink: &mut Sink) -> CinPlan {
    let mut p = CinPlan::default();
    walk(dom, id, CIN_PLAN, at, sink, |slot, k, sink| {
        let here = at.child(CIN_PLAN[slot].name, 0);
        if slot == 0 { p.start = date(dom, k, &here, sink) } else { p.end = date(dom, k, &here, sink) }
    });
    p
}

fn convert_section47(dom: &Dom, id: u32, at: &At, sink: &mut Sink) -> Section47 {
    let mut s = Section47::default();
    walk(dom, id, SECTION47, at, sink, |slot, k, sink| {
        let here = at.child(SECTION47[slot].name, 0);
        match slot {
            0 => s.start = date(dom, k, &here, sink),
            1 => s.icpc_target = date(dom, k, &here, sink),
            2 => s.icpc = date(dom, k, &here, sink),
            _ => {
                s.icpc_not_required = leaf(dom, k, &here, sink);
                if s.not_required().is_none() {
                    let v = s.icpc_not_required.clone().unwrap_or_default();
                    sink.push("XSD-CODE", &here, format!("{v:?} is not a yes/no value (0 or 1)"));
                }
            }
        }
    });
    s
}

fn convert_cp_plan(dom: &Dom, id: u32, at: &At, sink: &mut Sink, c: &mut CpPlan) {
    let mut reviews = std::mem::take(&mut c.reviews);
    reviews.clear();
    *c = CpPlan { reviews, ..CpPlan::default() };
    let reviews = at.child("Reviews", 0);
    let review = reviews.child("CPPreviewDate", 0);
    walk(dom, id, CP_PLAN, at, sink, |slot, k, sink| {
        let here = at.child(CP_PLAN[slot].name, 0);
        match slot {
            0 => c.start = date(dom, k, &here, sink),
            1 => c.end = date(dom, k, &here, sink),
            2 => c.initial_category = leaf(dom, k, &here, sink),
            3 => c.latest_category = leaf(dom, k, &here, sink),
            4 => c.previous_plans = leaf(dom, k, &here, sink),
            _ => walk(dom, k, REVIEWS, &reviews, sink, |_, r, sink| {
                c.reviews.push(date(dom, r, &review, sink));
            }),
        }
    });
}
