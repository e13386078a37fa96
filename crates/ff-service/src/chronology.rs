//! One chronology per child: every event from every area, newest first, with
//! who recorded it and where it came from, narrowed by the filters a practitioner asks for (the
//! kind of event, significant events only, the agency, a date range), and as CSV to take away.
//! The child's page, the conference report and this page read the same list
//! (`family_help::read_for_child`), so they can never disagree.

use chrono::NaiveDate;
use ff_store::Db;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::child_record::ChildFacts;
use crate::family_help::TimelineEntry;
use crate::{Ctx, Result, ServiceError, audit};

/// The kinds of event a chronology can be narrowed to, each naming the timeline kinds it holds
/// and the kinds of case note that belong with them (a home visit note is a visit; supervision
/// is oversight).
pub const GROUPS: &[(&str, &str, &[&str], &[&str])] = &[
    ("front_door", "Contacts, referrals and allocation", &["contact", "decision", "referral", "allocation", "level", "closure"], &[]),
    ("assessment", "Assessments", &["assessment"], &[]),
    ("plan", "Plans and reviews", &["plan", "review"], &[]),
    ("visit", "Visits", &["visit"], &["home_visit", "office_visit"]),
    ("oversight", "Oversight and supervision", &["oversight"], &["supervision", "management_oversight"]),
    ("child_protection", "Child protection", &["strategy", "s47", "conference", "cp_plan", "core_group"], &[]),
    ("note", "Case notes and agency entries", &["note"], &[]),
    ("request", "Requests for information", &["request"], &[]),
    ("document", "Documents", &["document"], &[]),
    ("kinship", "Kinship care", &["kinship"], &[]),
    ("care", "Care and adoption", &["care"], &[]),
    ("place", "Places and groups outside the home", &["place"], &[]),
    ("missing", "Missing from home", &["missing"], &[]),
    ("disagreement", "Professional disagreements", &["disagreement"], &[]),
    ("education", "School attendance and exclusions", &[], &["school_attendance", "school_exclusion"]),
    ("household", "Households and addresses", &["household"], &[]),
    ("network", "Family network, FGDM and pre-proceedings", &["network"], &[]),
    ("support", "Support packages", &["support"], &[]),
];

/// What the reader asked to see. Every part is optional; none means everything.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ChronologyFilter {
    /// One of the groups: front_door, assessment, plan, visit (with home and office visit notes),
    /// oversight (with supervision and management oversight notes), child_protection, note (every
    /// case note), request, document, kinship, care, place, missing, disagreement, household, network
    /// or support.
    #[serde(default)]
    pub group: Option<String>,
    /// Only significant events.
    #[serde(default)]
    pub significant: Option<bool>,
    /// Only entries from this source (the council's name, Police, Health or Education).
    #[serde(default)]
    pub source: Option<String>,
    /// From this date (inclusive).
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// To this date (inclusive).
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

impl ChronologyFilter {
    fn keeps(&self, e: &TimelineEntry) -> bool {
        let group = self.group.as_deref().filter(|g| !g.is_empty());
        group.is_none_or(|g| {
            GROUPS.iter().any(|(code, _, kinds, note_kinds)| {
                *code == g && (kinds.contains(&e.kind.as_str()) || e.note_kind.as_deref().is_some_and(|k| note_kinds.contains(&k)))
            })
        }) && (self.significant != Some(true) || e.significant)
            && self.source.as_deref().filter(|s| !s.is_empty()).is_none_or(|s| e.source == s)
            && self.from.is_none_or(|f| e.date >= f)
            && self.to.is_none_or(|t| e.date <= t)
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Chronology {
    pub child_id: Uuid,
    pub child_name: String,
    /// How many entries the whole chronology has, before filtering.
    pub total: usize,
    /// The entries that pass the filter, newest first.
    pub entries: Vec<TimelineEntry>,
    /// The sources that appear in the whole chronology, for the filter.
    pub sources: Vec<String>,
}

/// The filter is one the chronology knows: a known group, dates in order.
fn check_filter(filter: &ChronologyFilter) -> Result<()> {
    if let Some(g) = filter.group.as_deref().filter(|g| !g.is_empty())
        && !GROUPS.iter().any(|(code, ..)| *code == g)
    {
        return Err(crate::field_err("group", "Choose a kind of event from the list"));
    }
    if let (Some(f), Some(t)) = (filter.from, filter.to)
        && f > t
    {
        return Err(crate::field_err("to", "The end date must be on or after the start date"));
    }
    Ok(())
}

/// A child's chronology, narrowed by `filter`. Audited as a view of the child's record.
pub async fn chronology(db: &Db, ctx: &Ctx, child: Uuid, filter: &ChronologyFilter) -> Result<Chronology> {
    check_filter(filter)?;
    let mut tx = db.begin().await?;
    let mut facts = ChildFacts::new(child);
    let record = crate::family_help::read_for_child(&mut tx, ctx, &mut facts).await?;
    let person = facts.person(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("child"))?;
    audit(&mut tx, ctx, "view", "chronology", Some(child.to_string()), "chronology viewed").await?;
    tx.commit().await?;
    let mut sources: Vec<String> = vec![];
    for e in &record.timeline {
        if !sources.contains(&e.source) {
            sources.push(e.source.clone());
        }
    }
    sources.sort();
    Ok(Chronology {
        child_id: child,
        child_name: ff_domain::people::full_name(&person.given_name, &person.family_name),
        total: record.timeline.len(),
        entries: record.timeline.into_iter().filter(|e| filter.keeps(e)).collect(),
        sources,
    })
}

/// Issue the chronology for court: the entries the filter keeps, oldest first
/// as a court reads them, drawn as a PDF marked OFFICIAL-SENSITIVE, and kept with the child's
/// documents (council staff only) as the copy that was issued. One audit event: the issue.
pub async fn issue_for_court(
    db: &Db,
    ctx: &Ctx,
    cfg: &crate::documents::DocumentConfig,
    child: Uuid,
    filter: &ChronologyFilter,
) -> Result<Uuid> {
    ctx.authorise(ff_domain::policy::Action::ContributeToCase)?;
    check_filter(filter)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, ff_domain::policy::Action::ContributeToCase, child).await?;
    let mut facts = ChildFacts::new(child);
    let record = crate::family_help::read_for_child(&mut tx, ctx, &mut facts).await?;
    let person = facts.person(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("child"))?;
    let (settings, _) = facts.settings(&mut tx, ctx.la()).await?;
    let name = ff_domain::people::full_name(&person.given_name, &person.family_name);
    let total = record.timeline.len();
    let mut entries: Vec<TimelineEntry> = record.timeline.into_iter().filter(|e| filter.keeps(e)).collect();
    entries.reverse();
    let issued = ff_domain::calendar::london_time(ctx.now);
    let born = person.date_of_birth.map(|d| format!(", born {}", d.format("%-d %B %Y"))).unwrap_or_default();
    let mut blocks = vec![
        ff_pdf::Block::Title(format!("Chronology: {name}")),
        ff_pdf::Block::Paragraph(format!(
            "{name}{born}. Every event the record holds from every agency, oldest first: {} of {}.",
            entries.len(),
            ff_domain::text::plural(total, "entry", "entries")
        )),
        ff_pdf::Block::Note(format!(
            "Issued by {} of {} on {}. Each entry says where it came from and who recorded it.",
            ctx.actor.display_name,
            settings.name,
            issued.format("%-d %B %Y at %H:%M")
        )),
    ];
    blocks.extend(entries.iter().map(|e| ff_pdf::Block::Entry {
        when: match e.time {
            Some(t) => format!("{} {}", e.date.format("%-d %b %Y"), t.format("%H:%M")),
            None => e.date.format("%-d %b %Y").to_string(),
        },
        title: if e.significant { format!("{} (significant)", e.title) } else { e.title.clone() },
        detail: e.detail.clone().unwrap_or_default(),
        source: match &e.recorded_by {
            Some(by) => format!("From {}; recorded by {by}", e.source),
            None => format!("From {}", e.source),
        },
    }));
    let issued = crate::documents::Issued {
        child,
        category: ff_domain::documents::DocumentCategory::Court,
        title: format!("Chronology for court, issued {}", issued.format("%-d %B %Y")),
        file_stem: "chronology",
        child_name: &name,
        summary: format!("chronology issued for court ({})", ff_domain::text::plural(entries.len(), "entry", "entries")),
        pdf: ff_pdf::DocumentSpec {
            title: format!("Chronology: {name}"),
            issuer: settings.name.clone(),
            marking: "OFFICIAL-SENSITIVE".into(),
            blocks,
        },
    };
    let id = crate::documents::issue_pdf(&mut tx, ctx, cfg, issued).await?;
    tx.commit().await?;
    Ok(id)
}

use crate::csv_cell as cell;

/// The chronology as CSV, one row per entry in the order shown.
pub fn to_csv(c: &Chronology) -> String {
    let mut out = String::from("date,time,kind,significant,what_happened,detail,source,recorded_by\n");
    for e in &c.entries {
        let row = [
            e.date.to_string(),
            e.time.map(|t| t.format("%H:%M").to_string()).unwrap_or_default(),
            e.kind.clone(),
            if e.significant { "yes".into() } else { "no".into() },
            e.title.clone(),
            e.detail.clone().unwrap_or_default(),
            e.source.clone(),
            e.recorded_by.clone().unwrap_or_default(),
        ];
        out.push_str(&row.iter().map(|v| cell(v)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_are_quoted_and_formulas_made_inert() {
        assert_eq!(super::cell("plain"), "\"plain\"");
        assert_eq!(super::cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(super::cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(super::cell("-1"), "\"'-1\"");
    }
}
