//! The child's timeline in the Family Help record: each part of the case as dated entries,
//! with who recorded them, newest first.

use super::*;

/// The timeline as it is built: its entries so far, and who recorded the entries being added.
struct Timeline<'a> {
    f: &'a RecordFacts,
    entries: Vec<TimelineEntry>,
    author: Option<Uuid>,
}

impl Timeline<'_> {
    /// Sets who recorded the entries added next.
    fn by(&mut self, author: Option<Uuid>) {
        self.author = author;
    }

    /// Adds an entry of the council's, recorded by the current author.
    fn add(&mut self, date: NaiveDate, kind: &str, title: String, detail: Option<String>) {
        let recorded_by = self.f.name(self.author);
        self.entries.push(TimelineEntry {
            date,
            kind: kind.into(),
            title,
            detail,
            source: self.f.settings.name.clone(),
            recorded_by,
            time: None,
            significant: significant_kind(kind),
            note_id: None,
            note_kind: None,
            recorded_at: None,
            rank: rank_of(kind),
        });
    }
}

/// The child's timeline, part by part, newest first.
pub(super) fn timeline(f: &RecordFacts) -> Vec<TimelineEntry> {
    let mut t = Timeline { f, entries: vec![], author: None };
    front_door_entries(&mut t);
    assessment_entries(&mut t);
    household_entries(&mut t);
    network_entries(&mut t);
    support_entries(&mut t);
    care_entries(&mut t);
    place_entries(&mut t);
    missing_entries(&mut t);
    disagreement_entries(&mut t);
    kinship_and_plan_entries(&mut t);
    protection_entries(&mut t);
    note_entries(&mut t);
    document_entries(&mut t);
    let mut entries = t.entries;
    // Newest first: by the day it happened, the case's own order within a day, the time of day
    // and then when it was written.
    entries.sort_by_key(|e| std::cmp::Reverse((e.date, e.rank, e.time, e.recorded_at)));
    entries
}

/// Contacts and their decisions, referrals and closures, level changes and allocations.
fn front_door_entries(t: &mut Timeline) {
    let f = t.f;
    for c in &f.rows.contacts {
        let src = c.source.label();
        t.by(c.created_by);
        t.add(c.received_on, "contact", format!("Contact received from {src}"), Some(c.concerns.clone()));
        t.by(c.decided_by);
        if let (Some(d), Some(at)) = (c.decision, c.decided_at) {
            t.add(
                ff_domain::calendar::london_date(at),
                "decision",
                format!("Contact decided: {}", d.label().to_lowercase()),
                c.decision_reason.clone(),
            );
        }
    }
    t.by(None);
    for e in &f.rows.episodes {
        t.add(
            e.referral_date,
            "referral",
            if e.rereferral { "Referral (re-referral within 12 months)".into() } else { "Referral: episode opened".into() },
            None,
        );
        if let (Some(d), Some(r)) = (e.closure_date, e.closure_reason) {
            t.add(d, "closure", format!("Episode closed: {}", r.label().to_lowercase()), None);
        }
    }
    for l in &f.rows.h.levels {
        if l.reason.as_deref() != Some("opened at the front door") {
            t.by(l.recorded_by);
            let label = l.level.label();
            t.add(l.from_date, "level", format!("Moved to {}", label.to_lowercase()), l.reason.clone());
        }
    }
    for a in &f.rows.h.allocations {
        t.by(a.allocated_by);
        let who = f.name(Some(a.user_id)).unwrap_or_default();
        let role = if a.role == "lead" { "Lead practitioner" } else { "Social work overseer" };
        t.add(
            a.from_date,
            "allocation",
            format!("{role}: {who}"),
            a.over_cap_reason.clone().map(|r| format!("Allocated above the caseload cap: {r}")),
        );
    }
}

/// Assessments started and completed, the written assessment's last submission and return, and
/// its addenda.
fn assessment_entries(t: &mut Timeline) {
    let f = t.f;
    for a in &f.rows.h.assessments {
        t.by(a.created_by);
        t.add(a.start_date, "assessment", "Assessment started".into(), None);
        if let Some(d) = a.completed_date {
            t.by(a.authorised_by);
            let outcome = a.outcome.map(|o| o.label()).unwrap_or("");
            t.add(
                d,
                "assessment",
                format!("Assessment completed: {}", outcome.to_lowercase()),
                a.late_reason.clone().map(|r| format!("Completed late: {r}")),
            );
        }
    }
    for d in &f.rows.documents {
        t.by(d.submitted_by);
        if let (Some(at), Some(by)) = (d.submitted_at, f.name(d.submitted_by)) {
            t.add(ff_domain::calendar::london_date(at), "assessment", format!("Assessment submitted to a manager by {by}"), None);
        }
        t.by(d.returned_by);
        if let (Some(at), Some(by)) = (d.returned_at, f.name(d.returned_by)) {
            t.add(
                ff_domain::calendar::london_date(at),
                "assessment",
                format!("Assessment returned for changes by {by}"),
                d.return_comment.clone(),
            );
        }
    }
    for x in &f.rows.addenda {
        t.by(Some(x.added_by));
        let by = f.name(Some(x.added_by)).unwrap_or_default();
        t.add(
            ff_domain::calendar::london_date(x.added_at),
            "assessment",
            format!("Addendum to the assessment by {by}"),
            Some(x.text.clone()),
        );
    }
}

/// Households the child joined and left, with whom, and the addresses recorded.
fn household_entries(t: &mut Timeline) {
    let (f, child_id) = (t.f, t.f.rows.child_id);
    let households = &f.rows.households;
    for m in households.iter().filter(|m| m.person_id == child_id) {
        t.by(None);
        let with: Vec<String> = households
            .iter()
            .filter(|o| {
                o.household_id == m.household_id
                    && o.person_id != child_id
                    && o.membership == ff_domain::people::Membership::LivesIn
                    && o.start_date <= m.start_date
                    && o.end_date.is_none_or(|e| e > m.start_date)
            })
            .map(|o| full_name(&o.given_name, &o.family_name))
            .collect();
        let how = m.membership.label().to_lowercase();
        let detail = (!with.is_empty()).then(|| format!("Living there then: {}", with.join(", ")));
        t.add(m.start_date, "household", format!("Joined a household ({how})"), detail);
        if let Some(end) = m.end_date {
            t.add(end, "household", "Left a household".into(), None);
        }
    }
    for a in &f.rows.addresses {
        t.by(a.created_by);
        t.add(a.start_date, "household", format!("Address from this date: {}, {} {}", a.line1, a.town, a.postcode), None);
    }
}

/// Family group decision making and pre-proceedings.
fn network_entries(t: &mut Timeline) {
    let facts = t.f;
    let network = &facts.rows.network;
    for f in &network.fgdms {
        t.by(f.created_by);
        let stage = f.stage.label().to_lowercase();
        t.add(
            f.referred_on,
            "network",
            format!("Family group decision making started ({stage})"),
            f.coordinator.clone().map(|c| format!("Co-ordinator: {c}")),
        );
        if let Some(d) = f.meeting_on.filter(|_| {
            matches!(f.state, ff_domain::family_networks::FgdmState::MeetingHeld | ff_domain::family_networks::FgdmState::PlanAgreed)
        }) {
            t.add(d, "network", "Family group decision making meeting held".into(), f.plan_proposed.clone());
        }
        if let Some(d) = f.agreed_on {
            t.add(d, "network", "Family plan agreed by the council".into(), f.plan_agreed.clone());
        }
        if let Some(reason) = &f.exemption_reason {
            t.add(f.referred_on, "network", "Family group decision making not offered".into(), Some(reason.clone()));
        }
    }
    for p in &network.plos {
        t.by(p.created_by);
        t.add(p.gateway_on, "network", "Pre-proceedings: legal gateway meeting".into(), Some(p.gateway_decision.code().replace('_', " ")));
        if let Some(d) = p.letter_sent_on {
            t.add(d, "network", "Letter before proceedings sent".into(), None);
        }
        if let Some(d) = p.application_issued_on {
            t.add(d, "network", "Court application issued".into(), p.application_kind.map(|k| k.code().replace('_', " ")));
        }
        if let Some(d) = p.ended_on {
            t.add(d, "network", "Pre-proceedings ended".into(), p.outcome.clone().map(|o| o.replace('_', " ")));
        }
    }
    for m in &network.plo_meetings {
        t.by(None);
        t.add(m.held_on, "network", "Pre-proceedings meeting".into(), Some(m.note.clone()).filter(|n| !n.is_empty()));
    }
}

/// Family network support packages: requested, decided, paid, closed.
fn support_entries(t: &mut Timeline) {
    let facts = t.f;
    let packages = &facts.rows.packages;
    let pounds = ff_domain::support_packages::pounds;
    for p in &packages.packages {
        t.by(Some(p.requested_by));
        t.add(p.requested_on, "support", format!("Support package requested ({})", pounds(p.total_pence)), Some(p.purpose.clone()));
        if let (Some(d), Some(by)) = (p.decided_on, p.decided_by) {
            t.by(Some(by));
            let what = if p.status == ff_domain::support_packages::PackageStatus::Declined { "declined" } else { "approved" };
            t.add(d, "support", format!("Support package {what}"), p.decision_note.clone());
        }
        if let Some(d) = p.closed_on {
            t.by(None);
            t.add(d, "support", "Support package closed".into(), p.close_note.clone());
        }
    }
    for y in &packages.payments {
        t.by(Some(y.recorded_by));
        t.add(y.paid_on, "support", format!("Support payment of {} to {}", pounds(y.amount_pence), y.payee), None);
    }
}

/// Care: becoming looked after, each change of legal status or placement with why and who
/// decided, leaving care; and adoption (LA-1, LA-7, LA-11).
fn care_entries(t: &mut Timeline) {
    use ff_domain::looked_after::ReasonCeased;
    let f = t.f;
    for e in f.rows.care.iter() {
        t.by(Some(e.created_by));
        let (title, detail) = care_change(&f.rows.care, e);
        t.add(e.start_date, "care", title, detail);
        if let (Some(end), Some(reason)) = (e.end_date, e.reason_ceased.filter(|r| *r != ReasonCeased::X1)) {
            t.by(None);
            let how = reason.label().to_lowercase();
            t.add(end, "care", format!("Left care: {how}"), None);
        }
    }
    for a in &f.rows.adoptions {
        t.by(Some(a.created_by));
        t.add(a.decided_on, "care", "Decision that the child should be placed for adoption".into(), None);
        // The match and the end were recorded later, perhaps by someone else.
        t.by(None);
        if let Some(m) = a.matched_on {
            t.add(m, "care", "Matched with prospective adopters".into(), None);
        }
        if let Some(c) = a.ceased_on {
            let why = a.ceased_reason;
            t.add(c, "care", "The decision to place for adoption no longer stands".into(), why.map(|r| r.label().to_owned()));
        }
    }
}

/// The title and detail of a care episode's start: becoming looked after, a change of legal
/// status, or a change of placement with why the last one ended and who decided (LA-7).
fn care_change(care: &[CareEpisodeRow], e: &CareEpisodeRow) -> (String, Option<String>) {
    use ff_domain::looked_after::ReasonNewEpisode;
    let legal = e.legal_status.label().to_lowercase();
    let place = e.placement_type.label().to_lowercase();
    match e.reason_new_episode {
        ReasonNewEpisode::S => (format!("Became looked after: {legal}"), Some(format!("Placement: {place}, {}", e.placement_postcode))),
        ReasonNewEpisode::L => (format!("Legal status changed: {legal}"), None),
        _ => {
            let why = care
                .iter()
                .find(|x| x.end_date == Some(e.start_date) && x.period_id == e.period_id && x.id != e.id)
                .and_then(|x| x.reason_place_change)
                .map(|r| format!("Why the last placement ended: {}", r.label().to_lowercase()));
            let who = e.move_decided_by.as_ref().map(|d| format!("Decided by: {d}"));
            let detail = [why, who].into_iter().flatten().collect::<Vec<_>>().join(". ");
            let legal_too = if matches!(e.reason_new_episode, ReasonNewEpisode::B | ReasonNewEpisode::U) {
                format!("; legal status: {legal}")
            } else {
                String::new()
            };
            (format!("Placement changed: {place}, {}{legal_too}", e.placement_postcode), Some(detail).filter(|d| !d.is_empty()))
        }
    }
}

/// Harm outside the home: linked to a place or group, with what linked them, and the concerns
/// about the place while linked (HOTH-1, HOTH-2).
fn place_entries(t: &mut Timeline) {
    let (f, child_id) = (t.f, t.f.rows.child_id);
    let place_name = |id: Uuid| {
        f.rows.places.iter().find(|p| p.id == id).map(|p| format!("{} ({})", p.name, p.kind.label().to_lowercase())).unwrap_or_default()
    };
    for l in &f.rows.place_links {
        t.by(Some(l.created_by));
        let why =
            f.rows.place_concerns.iter().find(|c| c.child_id == Some(child_id) && c.place_id == l.place_id && c.raised_on == l.linked_on);
        let title = format!(
            "Linked to {}{}",
            place_name(l.place_id),
            why.map(|c| format!(": {}", c.harm.label().to_lowercase())).unwrap_or_default()
        );
        t.add(l.linked_on, "place", title, why.map(|c| c.what.clone()));
        if let Some(end) = l.ended_on {
            // Who ended it and why, when recorded (links ended before both were kept have neither).
            t.by(l.ended_by);
            t.add(end, "place", format!("Link to {} ended", place_name(l.place_id)), l.end_reason.clone());
        }
    }
    for c in f.rows.place_concerns.iter().filter(|c| c.child_id.is_none()) {
        t.by(Some(c.created_by));
        let title = format!(
            "Concern about {}: {} (raised by {})",
            place_name(c.place_id),
            c.harm.label().to_lowercase(),
            c.source.label().to_lowercase()
        );
        t.add(c.raised_on, "place", title, Some(c.what.clone()));
    }
    // Exploitation risk screenings (HOTH-3): the levels found and what happens next.
    for s in &f.rows.screenings {
        t.by(Some(s.created_by));
        let found: Vec<String> = crate::outside_home::screened_harms(s)
            .iter()
            .filter(|(_, l, _)| *l != ff_domain::outside_home::ConcernLevel::NoConcern)
            .map(|(h, l, _)| format!("{}: {}", h.label().to_lowercase(), l.label().to_lowercase()))
            .collect();
        let found = if found.is_empty() { "no concern found".to_owned() } else { found.join("; ") };
        let withdrawn = if s.withdrawn_at.is_some() { " (withdrawn)" } else { "" };
        let title = format!("Exploitation risk screening{withdrawn}: {found}");
        let mut detail = format!("Concerns raised by {}. Next: {}.", s.raised_by.label().to_lowercase(), s.outcome.label().to_lowercase());
        if let Some(why) = &s.withdrawn_reason {
            detail.push_str(&format!(" Withdrawn: {why}"));
        }
        t.add(s.screened_on, "place", title, Some(detail));
    }
}

/// Missing or away from home (HOTH-5): when the child went and came back (London times), and
/// the return home interview held or declined (HOTH-6).
fn missing_entries(t: &mut Timeline) {
    use ff_domain::calendar::london_time;
    use ff_domain::outside_home::{AwayKind, InterviewOutcome};
    let f = t.f;
    for m in &f.rows.missing {
        t.by(Some(m.created_by));
        let went = london_time(m.started_at);
        let title = match m.kind {
            AwayKind::Missing => "Went missing from home",
            AwayKind::Away => "Was away from home without permission",
        };
        let police = if m.reported_to_police { "Reported to the police." } else { "Not reported to the police." };
        t.add(went.date(), "missing", title.to_owned(), Some(police.to_owned()));
        if let Some(e) = t.entries.last_mut() {
            e.time = Some(went.time());
        }
        if let Some(end) = m.ended_at.map(london_time) {
            t.add(end.date(), "missing", "Came back after going missing".to_owned(), m.found_where.clone());
            if let Some(e) = t.entries.last_mut() {
                e.time = Some(end.time());
            }
        }
        if let (Some(outcome), Some(on)) = (m.interview, m.interview_on) {
            let (title, detail) = match outcome {
                InterviewOutcome::Held => {
                    let by = m.interview_by.as_deref().map(|b| format!(" by {b}")).unwrap_or_default();
                    let mut detail = m.child_said.clone().unwrap_or_default();
                    if let Some(signs) = &m.indicators {
                        detail.push_str(&format!(" Signs of exploitation: {signs}"));
                    }
                    (format!("Return home interview held{by}"), Some(detail.trim().to_owned()).filter(|d| !d.is_empty()))
                }
                InterviewOutcome::Declined => ("The child did not want a return home interview".to_owned(), None),
            };
            t.add(on, "missing", title, detail);
        }
    }
}

/// Professional disagreements (F6, ESC-1..3): raised, the stage reached and how each was
/// resolved, under the agency that raised it.
fn disagreement_entries(t: &mut Timeline) {
    let f = t.f;
    for d in &f.rows.disagreements {
        let source = match d.raising_agency {
            ff_domain::partnership::ReviewAgency::ChildrensSocialCare => f.settings.name.clone(),
            other => other.label().to_owned(),
        };
        let with = d.with_agency.label().to_lowercase();
        let mut push = |date: NaiveDate, by: Option<Uuid>, title: String, detail: Option<String>| {
            t.entries.push(TimelineEntry {
                date,
                kind: "disagreement".into(),
                title,
                detail,
                source: source.clone(),
                recorded_by: f.name(by),
                time: None,
                significant: false,
                note_id: None,
                note_kind: None,
                recorded_at: None,
                rank: rank_of("disagreement"),
            });
        };
        push(
            d.raised_on,
            Some(d.created_by),
            format!("Disagreement raised with {with}: {}", d.about.label().to_lowercase()),
            Some(d.detail.clone()),
        );
        if d.stage != ff_domain::escalations::Stage::Practitioners {
            push(d.stage_started_on, None, format!("Disagreement moved up to {}", d.stage.label().to_lowercase()), d.stage_reason.clone());
        }
        if let (Some(on), Some(outcome)) = (d.resolved_on, d.outcome) {
            push(on, d.resolved_by, format!("Disagreement resolved: {}", outcome.label().to_lowercase()), d.agreed.clone());
        }
    }
}

/// Kinship care (where the child went to live, and when it ended), plans, reviews and visits.
fn kinship_and_plan_entries(t: &mut Timeline) {
    let f = t.f;
    for k in &f.rows.kinship {
        t.by(k.created_by);
        let carer = full_name(&k.carer_given_name, &k.carer_family_name);
        let kind = k.kind.label().to_lowercase();
        t.add(k.start_date, "kinship", format!("Kinship care began: living with {carer} ({kind})"), None);
        if let Some(end) = k.end_date {
            t.by(None);
            t.add(end, "kinship", format!("Kinship care with {carer} ended"), None);
        }
    }
    for p in &f.rows.h.plans {
        t.by(p.created_by);
        t.add(p.start_date, "plan", "Plan started".into(), None);
        if let Some(d) = p.end_date {
            t.add(d, "plan", "Plan ended".into(), None);
        }
    }
    for r in &f.rows.h.reviews {
        t.by(r.created_by);
        t.add(r.review_date, "review", "Plan reviewed".into(), Some(r.summary.clone()));
    }
    for v in &f.rows.h.visits {
        t.by(v.created_by);
        let mut seen = vec![if v.child_seen { "child seen" } else { "child not seen" }];
        if v.seen_alone {
            seen.push("seen alone");
        }
        if v.bedroom_seen {
            seen.push("bedroom seen");
        }
        if v.baby_seen_awake == Some(true) {
            seen.push("baby seen awake");
        }
        t.add(
            v.visit_date,
            "visit",
            format!("Visit by {}: {}", f.name(Some(v.practitioner_id)).unwrap_or_default(), seen.join(", ")),
            v.note.clone(),
        );
    }
}

/// Strategy discussions, enquiries, oversight, conferences, child protection plans, core groups
/// and requests for information.
fn protection_entries(t: &mut Timeline) {
    let f = t.f;
    let (cp, cp_plans) = (&f.rows.cp, &f.rows.cp_plans);
    for sd in &cp.strategy {
        t.by(sd.created_by);
        let decision = if sd.decision == "s47" { "section 47 enquiry started" } else { "no section 47 enquiry" };
        let missing =
            if sd.missing_agencies.is_empty() { None } else { Some(format!("Required agencies absent: {}", sd.missing_agencies)) };
        t.add(sd.held_on, "strategy", format!("Strategy discussion: {decision}"), missing.or_else(|| Some(sd.plan.clone())));
    }
    for q in &cp.enquiries {
        t.by(q.created_by);
        if let Some(d) = q.concluded_on {
            let outcome = q.outcome.as_deref().unwrap_or("").replace('_', " ");
            t.add(d, "s47", format!("Section 47 enquiry concluded: {outcome}"), q.no_conference_reason.clone());
        }
    }
    for o in &f.rows.h.oversight {
        t.by(o.created_by);
        t.add(
            o.record_date,
            "oversight",
            format!("Oversight by {}", f.name(Some(o.supervisor_id)).unwrap_or_default()),
            Some(o.note.clone()),
        );
    }
    for c in &cp_plans.conferences {
        t.by(c.created_by);
        let kind = c.kind.label();
        let decision = c.decision.label().to_lowercase();
        t.add(c.held_on, "conference", format!("{kind}: {decision}"), c.parental_dissent.clone().map(|d| format!("Parents' dissent: {d}")));
    }
    for p in &cp_plans.plans {
        t.by(p.created_by);
        let category = p.category.label();
        t.add(p.start_date, "cp_plan", format!("Child protection plan started ({})", category.to_lowercase()), None);
        if let (Some(d), Some(r)) = (p.end_date, p.end_reason) {
            t.add(d, "cp_plan", format!("Child protection plan ended: {}", r.label().to_lowercase()), None);
        }
    }
    for g in &cp_plans.core_groups {
        t.by(g.created_by);
        t.add(g.held_on, "core_group", "Core group meeting".into(), Some(g.notes.clone()));
    }
    for r in &f.rows.requests {
        t.by(Some(r.requested_by));
        let agency = r.agency.label();
        t.add(r.requested_on, "request", format!("Information requested from {}", agency.to_lowercase()), Some(r.question.clone()));
    }
}

/// The agency an entry is shown under: the council by its name, a partner by its own.
fn source_name(f: &RecordFacts, agency: Agency) -> String {
    match agency {
        Agency::LocalAuthority => f.settings.name.clone(),
        a => a.label().to_owned(),
    }
}

/// Case notes, and partner agencies' entries under their own agency (one chronology, F1).
fn note_entries(t: &mut Timeline) {
    let f = t.f;
    for n in &f.rows.notes {
        t.entries.push(TimelineEntry {
            date: n.occurred_on,
            kind: "note".into(),
            title: note_title(n),
            detail: Some(note_detail(n)),
            source: source_name(f, n.agency),
            recorded_by: f.name(Some(n.recorded_by)),
            time: n.occurred_time,
            significant: n.significant,
            note_id: Some(n.id),
            note_kind: Some(n.kind.code().to_owned()),
            recorded_at: Some(n.created_at),
            rank: rank_of("note"),
        });
    }
}

/// Documents kept with the record, and their withdrawal, under the agency that added them.
fn document_entries(t: &mut Timeline) {
    let f = t.f;
    for d in &f.rows.kept {
        let category = d.category.label().to_lowercase();
        let source = source_name(f, d.agency);
        let entry = |at: chrono::DateTime<chrono::Utc>, by: Option<Uuid>, title: String, detail: Option<String>| TimelineEntry {
            date: ff_domain::calendar::london_date(at),
            kind: "document".into(),
            title,
            detail,
            source: source.clone(),
            recorded_by: f.name(by),
            time: None,
            significant: false,
            note_id: None,
            note_kind: None,
            recorded_at: Some(at),
            rank: rank_of("document"),
        };
        t.entries.push(entry(
            d.created_at,
            Some(d.created_by),
            format!("Document added: {} ({category})", d.title),
            (!d.description.is_empty()).then(|| d.description.clone()),
        ));
        if let Some(at) = d.withdrawn_at {
            t.entries.push(entry(at, d.withdrawn_by, format!("Document withdrawn: {}", d.title), d.withdrawn_reason.clone()));
        }
    }
}
