//! The Family Help part of the child's record: episodes with their assessments, plans and what
//! is due (T9, T15 and the other clocks), and the child's timeline.

use super::*;

/// The Family Help part of a child's record. Audited as a view of the child's record.
pub async fn for_child(db: &Db, ctx: &Ctx, child_id: Uuid) -> Result<ChildFamilyHelp> {
    let mut tx = db.begin().await?;
    let record = read_for_child(&mut tx, ctx, &mut ChildFacts::new(child_id)).await?;
    audit(&mut tx, ctx, "view", "family_help", Some(child_id.to_string()), "family help record viewed").await?;
    tx.commit().await?;
    Ok(record)
}

/// The Family Help part read in the caller's transaction, not audited.
pub(crate) async fn read_for_child(tx: &mut Tx, ctx: &Ctx, facts: &mut ChildFacts) -> Result<ChildFamilyHelp> {
    let child_id = facts.child();
    ctx.authorise_child(tx, Action::ViewPerson, child_id).await?;
    let la = ctx.la();
    let child = facts.person(tx, la).await?.ok_or(ServiceError::NotFound("person"))?;
    let episodes = facts.episodes(tx, la).await?;
    let h = ff_store::family_help::child_history(tx, la, child_id).await?;
    let contacts = ff_store::family_help::contacts_for_person(tx, la, child_id).await?;
    let cp = facts.child_protection(tx, la).await?;
    let cp_plans = facts.plans(tx, la).await?;
    let notes = facts.notes(tx, la, ctx.actor.agency).await?;
    let supervision = facts.supervision_dates(tx, la).await?;
    let requests = facts.requests(tx, la).await?;
    let care = facts.care_episodes(tx, la).await?;
    let looked_after = care.iter().any(|c| c.end_date.is_none());
    // A statutory visit to a child in care that saw the child is a visit too, for the family help
    // clock once care ends (read only for a child who has been in care).
    let care_visits: Vec<NaiveDate> = if care.is_empty() {
        vec![]
    } else {
        ff_store::looked_after::checks_of_child(tx, la, child_id)
            .await?
            .into_iter()
            .filter(|c| c.kind == "visit" && c.child_seen)
            .map(|c| c.held_on)
            .collect()
    };
    let adoptions = if care.is_empty() { vec![] } else { ff_store::looked_after::adoptions_of_child(tx, la, child_id).await? };
    let documents = ff_store::assessments::summaries_for_child(tx, la, child_id).await?;
    let kinship = ff_store::family_networks::kinship_for_chronology(tx, la, child_id).await?;
    // Places and groups the child was linked to, and the concerns about them while linked that
    // name no other child (HOTH-1).
    let place_links = ff_store::outside_home::links_of_child(tx, la, child_id).await?;
    let (places, place_concerns) = if place_links.is_empty() {
        (vec![], vec![])
    } else {
        let ids: Vec<Uuid> = place_links.iter().map(|l| l.place_id).collect();
        let mut places = vec![];
        for id in &ids {
            places.extend(ff_store::outside_home::get_place(tx, la, *id).await?);
        }
        let concerns: Vec<_> = ff_store::outside_home::concerns_of(tx, la, &ids)
            .await?
            .into_iter()
            .filter(|c| match c.child_id {
                Some(about) => about == child_id,
                None => place_links
                    .iter()
                    .any(|l| l.place_id == c.place_id && c.raised_on >= l.linked_on && l.ended_on.is_none_or(|e| c.raised_on <= e)),
            })
            .collect();
        (places, concerns)
    };
    let addenda = ff_store::assessments::addenda_for_child(tx, la, child_id).await?;
    // Where the child lived, their network, FGDM, pre-proceedings and support.
    let households = facts.households(tx, la).await?;
    let addresses = ff_store::people::addresses_of(tx, la, child_id).await?;
    let network = ff_store::family_networks::for_child(tx, la, child_id).await?;
    // Support packages are the council's business: partners never see them (FNSP), here too.
    let packages = if ctx.authorise(Action::ViewSupportPackages).is_ok() {
        ff_store::support_packages::for_child(tx, la, child_id).await?
    } else {
        Default::default()
    };
    let kept: Vec<ff_store::documents::DocumentRow> =
        ff_store::documents::of_child(tx, la, child_id).await?.into_iter().filter(|d| crate::documents::visible(ctx, d)).collect();
    // Only the staff this record names, never every account of the council.
    let mentioned: Vec<Uuid> = episodes
        .iter()
        .flat_map(|e| [e.lead_id, e.overseer_id])
        .flatten()
        .chain(h.allocations.iter().map(|a| a.user_id))
        .chain(h.visits.iter().map(|v| v.practitioner_id))
        .chain(h.oversight.iter().map(|o| o.supervisor_id))
        .chain(notes.iter().map(|n| n.recorded_by))
        .chain(documents.iter().flat_map(|d| [d.submitted_by, d.returned_by]).flatten())
        .chain(addenda.iter().map(|x| x.added_by))
        .chain(kept.iter().flat_map(|d| [Some(d.created_by), d.withdrawn_by]).flatten())
        .chain(addresses.iter().filter_map(|a| a.created_by))
        .chain(network.fgdms.iter().filter_map(|f| f.created_by))
        .chain(network.plos.iter().filter_map(|p| p.created_by))
        .chain(packages.packages.iter().flat_map(|p| [Some(p.requested_by), p.decided_by]).flatten())
        .chain(packages.payments.iter().map(|p| p.recorded_by))
        // Who recorded each chronology entry.
        .chain(contacts.iter().flat_map(|c| [c.created_by, c.decided_by]).flatten())
        .chain(h.levels.iter().filter_map(|l| l.recorded_by))
        .chain(h.allocations.iter().filter_map(|a| a.allocated_by))
        .chain(h.assessments.iter().flat_map(|a| [a.created_by, a.authorised_by]).flatten())
        .chain(h.plans.iter().filter_map(|p| p.created_by))
        .chain(h.reviews.iter().filter_map(|r| r.created_by))
        .chain(h.visits.iter().filter_map(|v| v.created_by))
        .chain(h.oversight.iter().filter_map(|o| o.created_by))
        .chain(cp.strategy.iter().filter_map(|x| x.created_by))
        .chain(cp.enquiries.iter().filter_map(|x| x.created_by))
        .chain(cp_plans.conferences.iter().filter_map(|x| x.created_by))
        .chain(cp_plans.plans.iter().filter_map(|x| x.created_by))
        .chain(cp_plans.core_groups.iter().filter_map(|x| x.created_by))
        .chain(requests.iter().map(|r| r.requested_by))
        .chain(kinship.iter().filter_map(|k| k.created_by))
        .chain(care.iter().map(|c| c.created_by))
        .chain(adoptions.iter().map(|a| a.created_by))
        .chain(place_links.iter().map(|l| l.created_by))
        .chain(place_concerns.iter().map(|c| c.created_by))
        .chain(cp_plans.plans.iter().map(|p| p.lead_id))
        .chain(cp_plans.conferences.iter().flat_map(|c| [Some(c.chair_id), c.lead_enquiry_id, c.qa_officer_id]).flatten())
        .collect();
    let users = ff_store::users::get_many(tx, ctx.la(), &mentioned).await?;
    let (settings, cal) = facts.settings(tx, la).await?;
    let significant = significant_adults(tx, ctx, facts, ctx.today()).await?;
    let recorded_adults = ff_store::family_help::assessment_adults_of_child(tx, ctx.la(), child_id).await?;
    let document_status = |id: Uuid| {
        documents
            .iter()
            .find(|d| d.assessment_id == id)
            .and_then(|d| ff_domain::assessments::Status::from_code(&d.status))
            .unwrap_or(ff_domain::assessments::Status::Draft)
    };
    let today = ctx.today();
    let name = |id: Option<Uuid>| id.and_then(|i| users.iter().find(|u| u.id == i)).map(|u| u.display_name.clone());
    let user_row = |id: Option<Uuid>| id.and_then(|i| users.iter().find(|u| u.id == i));
    let under_one = child.date_of_birth.is_some_and(|d| ff_domain::people::age(Some(d), today) == Some(0)) || child.date_of_birth.is_none();

    let mut views = vec![];
    for e in &episodes {
        let assessments: Vec<AssessmentView> = h
            .assessments
            .iter()
            .filter(|a| a.episode_id == e.id)
            .map(|a| AssessmentView {
                id: a.id,
                start_date: a.start_date,
                due_date: a.due_date,
                completed_date: a.completed_date,
                outcome: a.outcome.clone(),
                outcome_label: a.outcome.as_deref().and_then(AssessmentOutcome::from_code).map(|o| o.label().to_owned()),
                factors: a.factors.split_whitespace().map(str::to_owned).collect(),
                child_seen: a.child_seen,
                child_seen_alone: a.child_seen_alone,
                late_reason: a.late_reason.clone(),
                overdue: a.completed_date.is_none() && a.due_date < today,
                version: a.version,
                adults: recorded_adults
                    .iter()
                    .filter(|r| r.assessment_id == a.id)
                    .map(|r| AssessedAdultView {
                        person_id: r.person_id,
                        full_name: significant
                            .iter()
                            .find(|s| s.person_id == r.person_id)
                            .map(|s| s.full_name.clone())
                            .unwrap_or_else(|| r.relationship.clone()),
                        relationship: r.relationship.clone(),
                        father_or_male_carer: r.father_or_male_carer,
                        seen: r.seen,
                        assessed: r.assessed,
                    })
                    .collect(),
                male_carer_reason: a.male_carer_reason.clone(),
                document_status: document_status(a.id).code().to_owned(),
                document_status_label: document_status(a.id).label().to_owned(),
            })
            .collect();
        let plan = h.plans.iter().filter(|p| p.episode_id == e.id).max_by_key(|p| (p.end_date.is_none(), p.start_date)).map(|p| PlanView {
            id: p.id,
            start_date: p.start_date,
            end_date: p.end_date,
            items: h
                .items
                .iter()
                .filter(|i| i.plan_id == p.id)
                .map(|i| PlanItemView {
                    id: i.id,
                    kind: i.kind.clone(),
                    description: i.description.clone(),
                    owner: i.owner.clone(),
                    due_date: i.due_date,
                    done_date: i.done_date,
                    version: i.version,
                })
                .collect(),
            last_review: h.reviews.iter().filter(|r| r.plan_id == p.id).map(|r| r.review_date).max(),
            reviews: h
                .reviews
                .iter()
                .filter(|r| r.plan_id == p.id)
                .map(|r| PlanReviewView { id: r.id, review_date: r.review_date, summary: r.summary.clone() })
                .collect(),
        });
        let level = Level::from_code(&e.level).unwrap_or(Level::ChildInNeed);
        let due = if e.closure_date.is_none() {
            let facts = EpisodeFacts {
                level,
                referral_date: e.referral_date,
                under_one,
                lead_is_social_worker: user_row(e.lead_id).is_some_and(is_registered_sw),
                has_lead: e.lead_id.is_some(),
                // A visit where the child was not seen does not reset the visit clock.
                last_visit: h
                    .visits
                    .iter()
                    .filter(|v| v.episode_id == e.id && visit_meets_family_help_clock(v.child_seen))
                    .map(|v| v.visit_date)
                    .chain(care_visits.iter().copied().filter(|d| *d >= e.referral_date))
                    .max(),
                // R-FH-1: an oversight record on the episode, or a supervisor's supervision or
                // management oversight note on the child since the referral.
                last_oversight: h
                    .oversight
                    .iter()
                    .filter(|o| o.episode_id == e.id)
                    .map(|o| o.record_date)
                    .chain(supervision.iter().copied().filter(|d| *d >= e.referral_date))
                    .max(),
                assessment_due: assessments.iter().filter(|a| a.completed_date.is_none()).map(|a| a.due_date).min(),
                plan_start: plan.as_ref().filter(|p| p.end_date.is_none()).map(|p| p.start_date),
                last_review: plan.as_ref().filter(|p| p.end_date.is_none()).and_then(|p| p.last_review),
                looked_after,
            };
            let mut due: Vec<DueView> =
                due_for_episode(&facts, &settings.family_help, &cal, today).into_iter().map(DueView::from).collect();
            for q in cp.enquiries.iter().filter(|q| q.episode_id == e.id && q.concluded_on.is_none()) {
                due.push(DueView {
                    kind: "icpc".into(),
                    label: "Initial child protection conference".into(),
                    due: q.icpc_due,
                    overdue: q.icpc_due < today,
                    last_done: None,
                    last_done_text: None,
                });
            }
            due.sort_by_key(|d| d.due);
            due
        } else {
            vec![]
        };
        let assessment_in_progress = assessments.iter().any(|a| a.completed_date.is_none());
        let plan_open = plan.as_ref().is_some_and(|p| p.end_date.is_none());
        views.push(EpisodeView {
            assessment_in_progress,
            plan_open,
            id: e.id,
            referral_date: e.referral_date,
            referral_source: e.referral_source.clone(),
            primary_need: e.primary_need.clone(),
            primary_need_label: PrimaryNeed::from_code(&e.primary_need).map(|n| format!("{}: {}", n.code(), n.label())).unwrap_or_default(),
            level: e.level.clone(),
            level_label: level.label().to_owned(),
            rereferral: e.rereferral,
            lead: name(e.lead_id),
            lead_id: e.lead_id,
            overseer: name(e.overseer_id),
            overseer_id: e.overseer_id,
            closure_date: e.closure_date,
            closure_reason: e.closure_reason.clone(),
            assessments,
            plan,
            due,
            version: e.version,
            significant_adults: significant.clone(),
        });
    }

    let la_name = settings.name.clone();
    let mut t: Vec<TimelineEntry> = vec![];
    // Who recorded the entries being added: set before each record's entries.
    let author: std::cell::Cell<Option<Uuid>> = std::cell::Cell::new(None);
    let mut add = |date: NaiveDate, kind: &str, title: String, detail: Option<String>| {
        let recorded_by = name(author.get());
        t.push(TimelineEntry {
            date,
            kind: kind.into(),
            title,
            detail,
            source: la_name.clone(),
            recorded_by,
            time: None,
            significant: significant_kind(kind),
            note_id: None,
            note_kind: None,
            recorded_at: None,
            rank: rank_of(kind),
        })
    };
    for c in &contacts {
        let src = ReferralSource::from_code(&c.source).map(|s| s.label()).unwrap_or("");
        author.set(c.created_by);
        add(c.received_on, "contact", format!("Contact received from {src}"), Some(c.concerns.clone()));
        author.set(c.decided_by);
        if let (Some(d), Some(at)) = (c.decision.as_deref().and_then(ContactDecision::from_code), c.decided_at) {
            add(
                ff_domain::calendar::london_date(at),
                "decision",
                format!("Contact decided: {}", d.label().to_lowercase()),
                c.decision_reason.clone(),
            );
        }
    }
    author.set(None);
    for e in &episodes {
        add(
            e.referral_date,
            "referral",
            if e.rereferral { "Referral (re-referral within 12 months)".into() } else { "Referral: episode opened".into() },
            None,
        );
        if let (Some(d), Some(r)) = (e.closure_date, e.closure_reason.as_deref().and_then(ClosureReason::from_code)) {
            add(d, "closure", format!("Episode closed: {}", r.label().to_lowercase()), None);
        }
    }
    for l in &h.levels {
        if l.reason.as_deref() != Some("opened at the front door") {
            author.set(l.recorded_by);
            let label = Level::from_code(&l.level).map(|x| x.label()).unwrap_or("");
            add(l.from_date, "level", format!("Moved to {}", label.to_lowercase()), l.reason.clone());
        }
    }
    for a in &h.allocations {
        author.set(a.allocated_by);
        let who = name(Some(a.user_id)).unwrap_or_default();
        let role = if a.role == "lead" { "Lead practitioner" } else { "Social work overseer" };
        add(
            a.from_date,
            "allocation",
            format!("{role}: {who}"),
            a.over_cap_reason.clone().map(|r| format!("Allocated above the caseload cap: {r}")),
        );
    }
    for a in &h.assessments {
        author.set(a.created_by);
        add(a.start_date, "assessment", "Assessment started".into(), None);
        if let Some(d) = a.completed_date {
            author.set(a.authorised_by);
            let outcome = a.outcome.as_deref().and_then(AssessmentOutcome::from_code).map(|o| o.label()).unwrap_or("");
            add(
                d,
                "assessment",
                format!("Assessment completed: {}", outcome.to_lowercase()),
                a.late_reason.clone().map(|r| format!("Completed late: {r}")),
            );
        }
    }
    // The written assessment's last submission and return, and its addenda.
    for d in &documents {
        author.set(d.submitted_by);
        if let (Some(at), Some(by)) = (d.submitted_at, name(d.submitted_by)) {
            add(ff_domain::calendar::london_date(at), "assessment", format!("Assessment submitted to a manager by {by}"), None);
        }
        author.set(d.returned_by);
        if let (Some(at), Some(by)) = (d.returned_at, name(d.returned_by)) {
            add(
                ff_domain::calendar::london_date(at),
                "assessment",
                format!("Assessment returned for changes by {by}"),
                d.return_comment.clone(),
            );
        }
    }
    for x in &addenda {
        author.set(Some(x.added_by));
        let by = name(Some(x.added_by)).unwrap_or_default();
        add(
            ff_domain::calendar::london_date(x.added_at),
            "assessment",
            format!("Addendum to the assessment by {by}"),
            Some(x.text.clone()),
        );
    }
    // Households the child joined and left, with whom, and the addresses recorded.
    for m in households.iter().filter(|m| m.person_id == child_id) {
        author.set(None);
        let with: Vec<String> = households
            .iter()
            .filter(|o| {
                o.household_id == m.household_id
                    && o.person_id != child_id
                    && o.membership == "lives_in"
                    && o.start_date <= m.start_date
                    && o.end_date.is_none_or(|e| e > m.start_date)
            })
            .map(|o| full_name(&o.given_name, &o.family_name))
            .collect();
        let how = ff_domain::people::Membership::from_code(&m.membership).map(|x| x.label().to_lowercase()).unwrap_or_default();
        let detail = (!with.is_empty()).then(|| format!("Living there then: {}", with.join(", ")));
        add(m.start_date, "household", format!("Joined a household ({how})"), detail);
        if let Some(end) = m.end_date {
            add(end, "household", "Left a household".into(), None);
        }
    }
    for a in &addresses {
        author.set(a.created_by);
        add(a.start_date, "household", format!("Address from this date: {}, {} {}", a.line1, a.town, a.postcode), None);
    }
    // Family group decision making and pre-proceedings.
    for f in &network.fgdms {
        author.set(f.created_by);
        let stage = ff_domain::family_networks::FgdmStage::from_code(&f.stage).map(|x| x.label().to_lowercase()).unwrap_or_default();
        add(
            f.referred_on,
            "network",
            format!("Family group decision making started ({stage})"),
            f.coordinator.clone().map(|c| format!("Co-ordinator: {c}")),
        );
        if let Some(d) = f.meeting_on.filter(|_| matches!(f.state.as_str(), "meeting_held" | "plan_agreed")) {
            add(d, "network", "Family group decision making meeting held".into(), f.plan_proposed.clone());
        }
        if let Some(d) = f.agreed_on {
            add(d, "network", "Family plan agreed by the council".into(), f.plan_agreed.clone());
        }
        if let Some(reason) = &f.exemption_reason {
            add(f.referred_on, "network", "Family group decision making not offered".into(), Some(reason.clone()));
        }
    }
    for p in &network.plos {
        author.set(p.created_by);
        add(p.gateway_on, "network", "Pre-proceedings: legal gateway meeting".into(), Some(p.gateway_decision.replace('_', " ")));
        if let Some(d) = p.letter_sent_on {
            add(d, "network", "Letter before proceedings sent".into(), None);
        }
        if let Some(d) = p.application_issued_on {
            add(d, "network", "Court application issued".into(), p.application_kind.clone().map(|k| k.replace('_', " ")));
        }
        if let Some(d) = p.ended_on {
            add(d, "network", "Pre-proceedings ended".into(), p.outcome.clone().map(|o| o.replace('_', " ")));
        }
    }
    for m in &network.plo_meetings {
        author.set(None);
        add(m.held_on, "network", "Pre-proceedings meeting".into(), Some(m.note.clone()).filter(|n| !n.is_empty()));
    }
    // Family network support packages: requested, decided, paid, closed.
    let pounds = |p: i64| format!("£{}.{:02}", p / 100, p % 100);
    for p in &packages.packages {
        author.set(Some(p.requested_by));
        add(p.requested_on, "support", format!("Support package requested ({})", pounds(p.total_pence)), Some(p.purpose.clone()));
        if let (Some(d), Some(by)) = (p.decided_on, p.decided_by) {
            author.set(Some(by));
            let what = if p.status == "declined" { "declined" } else { "approved" };
            add(d, "support", format!("Support package {what}"), p.decision_note.clone());
        }
        if let Some(d) = p.closed_on {
            author.set(None);
            add(d, "support", "Support package closed".into(), p.close_note.clone());
        }
    }
    for y in &packages.payments {
        author.set(Some(y.recorded_by));
        add(y.paid_on, "support", format!("Support payment of {} to {}", pounds(y.amount_pence), y.payee), None);
    }
    // Care: becoming looked after, each change of legal status or placement with why and who
    // decided, leaving care; and adoption (LA-1, LA-7, LA-11).
    for e in care.iter() {
        use ff_domain::looked_after::{LegalStatus, PlacementType, ReasonCeased, ReasonPlaceChange};
        author.set(Some(e.created_by));
        let legal = LegalStatus::from_code(&e.legal_status).map(|x| x.label().to_lowercase()).unwrap_or_default();
        let place = PlacementType::from_code(&e.placement_type).map(|x| x.label().to_lowercase()).unwrap_or_default();
        let (title, detail) = match e.reason_new_episode.as_str() {
            "S" => (format!("Became looked after: {legal}"), Some(format!("Placement: {place}, {}", e.placement_postcode))),
            "L" => (format!("Legal status changed: {legal}"), None),
            _ => {
                let why = care
                    .iter()
                    .find(|x| x.end_date == Some(e.start_date) && x.period_id == e.period_id && x.id != e.id)
                    .and_then(|x| x.reason_place_change.as_deref())
                    .and_then(ReasonPlaceChange::from_code)
                    .map(|r| format!("Why the last placement ended: {}", r.label().to_lowercase()));
                let who = e.move_decided_by.as_ref().map(|d| format!("Decided by: {d}"));
                let detail = [why, who].into_iter().flatten().collect::<Vec<_>>().join(". ");
                let legal_too =
                    if matches!(e.reason_new_episode.as_str(), "B" | "U") { format!("; legal status: {legal}") } else { String::new() };
                (format!("Placement changed: {place}, {}{legal_too}", e.placement_postcode), Some(detail).filter(|d| !d.is_empty()))
            }
        };
        add(e.start_date, "care", title, detail);
        if let (Some(end), Some(reason)) = (e.end_date, e.reason_ceased.as_deref().filter(|r| *r != "X1")) {
            author.set(None);
            let how = ReasonCeased::from_code(reason).map(|x| x.label().to_lowercase()).unwrap_or_default();
            add(end, "care", format!("Left care: {how}"), None);
        }
    }
    for a in &adoptions {
        author.set(Some(a.created_by));
        add(a.decided_on, "care", "Decision that the child should be placed for adoption".into(), None);
        // The match and the end were recorded later, perhaps by someone else.
        author.set(None);
        if let Some(m) = a.matched_on {
            add(m, "care", "Matched with prospective adopters".into(), None);
        }
        if let Some(c) = a.ceased_on {
            let why = a.ceased_reason.as_deref().and_then(ff_domain::looked_after::adoption::ReasonPlacedCeased::from_code);
            add(c, "care", "The decision to place for adoption no longer stands".into(), why.map(|r| r.label().to_owned()));
        }
    }
    // Harm outside the home: linked to a place or group, with what linked them, and the
    // concerns about the place while linked (HOTH-1, HOTH-2).
    let place_name = |id: Uuid| {
        places.iter().find(|p| p.id == id).map(|p| format!("{} ({})", p.name, p.kind.label().to_lowercase())).unwrap_or_default()
    };
    for l in &place_links {
        author.set(Some(l.created_by));
        let why = place_concerns.iter().find(|c| c.child_id == Some(child_id) && c.place_id == l.place_id && c.raised_on == l.linked_on);
        let title = format!(
            "Linked to {}{}",
            place_name(l.place_id),
            why.map(|c| format!(": {}", c.harm.label().to_lowercase())).unwrap_or_default()
        );
        add(l.linked_on, "place", title, why.map(|c| c.what.clone()));
        if let Some(end) = l.ended_on {
            author.set(None);
            add(end, "place", format!("Link to {} ended", place_name(l.place_id)), None);
        }
    }
    for c in place_concerns.iter().filter(|c| c.child_id.is_none()) {
        author.set(Some(c.created_by));
        let title = format!(
            "Concern about {}: {} (raised by {})",
            place_name(c.place_id),
            c.harm.label().to_lowercase(),
            c.source.label().to_lowercase()
        );
        add(c.raised_on, "place", title, Some(c.what.clone()));
    }
    // Kinship care: where the child went to live, and when it ended.
    for k in &kinship {
        author.set(k.created_by);
        let carer = full_name(&k.carer_given_name, &k.carer_family_name);
        let kind = ff_domain::family_networks::KinshipKind::from_code(&k.kind).map(|x| x.label().to_lowercase()).unwrap_or_default();
        add(k.start_date, "kinship", format!("Kinship care began: living with {carer} ({kind})"), None);
        if let Some(end) = k.end_date {
            author.set(None);
            add(end, "kinship", format!("Kinship care with {carer} ended"), None);
        }
    }
    for p in &h.plans {
        author.set(p.created_by);
        add(p.start_date, "plan", "Plan started".into(), None);
        if let Some(d) = p.end_date {
            add(d, "plan", "Plan ended".into(), None);
        }
    }
    for r in &h.reviews {
        author.set(r.created_by);
        add(r.review_date, "review", "Plan reviewed".into(), Some(r.summary.clone()));
    }
    for v in &h.visits {
        author.set(v.created_by);
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
        add(
            v.visit_date,
            "visit",
            format!("Visit by {}: {}", name(Some(v.practitioner_id)).unwrap_or_default(), seen.join(", ")),
            v.note.clone(),
        );
    }
    for sd in &cp.strategy {
        author.set(sd.created_by);
        let decision = if sd.decision == "s47" { "section 47 enquiry started" } else { "no section 47 enquiry" };
        let missing =
            if sd.missing_agencies.is_empty() { None } else { Some(format!("Required agencies absent: {}", sd.missing_agencies)) };
        add(sd.held_on, "strategy", format!("Strategy discussion: {decision}"), missing.or_else(|| Some(sd.plan.clone())));
    }
    for q in &cp.enquiries {
        author.set(q.created_by);
        if let Some(d) = q.concluded_on {
            add(
                d,
                "s47",
                format!("Section 47 enquiry concluded: {}", q.outcome.as_deref().unwrap_or("").replace('_', " ")),
                q.no_conference_reason.clone(),
            );
        }
    }
    for o in &h.oversight {
        author.set(o.created_by);
        add(o.record_date, "oversight", format!("Oversight by {}", name(Some(o.supervisor_id)).unwrap_or_default()), Some(o.note.clone()));
    }
    for c in &cp_plans.conferences {
        author.set(c.created_by);
        let kind = ConferenceKind::from_code(&c.kind).map(|k| k.label()).unwrap_or("Conference");
        let decision = ConferenceDecision::from_code(&c.decision).map(|d| d.label().to_lowercase()).unwrap_or_default();
        add(c.held_on, "conference", format!("{kind}: {decision}"), c.parental_dissent.clone().map(|d| format!("Parents' dissent: {d}")));
    }
    for p in &cp_plans.plans {
        author.set(p.created_by);
        let category = Category::from_code(&p.category).map(|c| c.label()).unwrap_or("");
        add(p.start_date, "cp_plan", format!("Child protection plan started ({})", category.to_lowercase()), None);
        if let (Some(d), Some(r)) = (p.end_date, p.end_reason.as_deref().and_then(PlanEndReason::from_code)) {
            add(d, "cp_plan", format!("Child protection plan ended: {}", r.label().to_lowercase()), None);
        }
    }
    for g in &cp_plans.core_groups {
        author.set(g.created_by);
        add(g.held_on, "core_group", "Core group meeting".into(), Some(g.notes.clone()));
    }
    for r in &requests {
        author.set(Some(r.requested_by));
        let agency = Agency::from_code(&r.agency).map(|a| a.label()).unwrap_or("");
        add(r.requested_on, "request", format!("Information requested from {}", agency.to_lowercase()), Some(r.question.clone()));
    }
    // Case notes, and partner agencies' entries under their own agency (one chronology, F1).
    for n in &notes {
        let agency = match Agency::from_code(&n.agency) {
            Some(Agency::LocalAuthority) | None => la_name.clone(),
            Some(a) => a.label().to_owned(),
        };
        t.push(TimelineEntry {
            date: n.occurred_on,
            kind: "note".into(),
            title: note_title(n),
            detail: Some(note_detail(n)),
            source: agency,
            recorded_by: name(Some(n.recorded_by)),
            time: n.occurred_time,
            significant: n.significant,
            note_id: Some(n.id),
            note_kind: Some(n.kind.clone()),
            recorded_at: Some(n.created_at),
            rank: rank_of("note"),
        });
    }
    // Documents kept with the record, and their withdrawal, under the agency that added them
    //.
    for d in &kept {
        let category = ff_domain::documents::DocumentCategory::from_code(&d.category).map(|c| c.label().to_lowercase()).unwrap_or_default();
        let source = match Agency::from_code(&d.agency) {
            Some(Agency::LocalAuthority) | None => la_name.clone(),
            Some(a) => a.label().to_owned(),
        };
        let entry = |at: chrono::DateTime<chrono::Utc>, by: Option<Uuid>, title: String, detail: Option<String>| TimelineEntry {
            date: ff_domain::calendar::london_date(at),
            kind: "document".into(),
            title,
            detail,
            source: source.clone(),
            recorded_by: name(by),
            time: None,
            significant: false,
            note_id: None,
            note_kind: None,
            recorded_at: Some(at),
            rank: rank_of("document"),
        };
        t.push(entry(
            d.created_at,
            Some(d.created_by),
            format!("Document added: {} ({category})", d.title),
            (!d.description.is_empty()).then(|| d.description.clone()),
        ));
        if let Some(at) = d.withdrawn_at {
            t.push(entry(at, d.withdrawn_by, format!("Document withdrawn: {}", d.title), d.withdrawn_reason.clone()));
        }
    }
    // Newest first: by the day it happened, the case's own order within a day, the time of day
    // and then when it was written.
    t.sort_by_key(|e| std::cmp::Reverse((e.date, e.rank, e.time, e.recorded_at)));
    Ok(ChildFamilyHelp { child_id, episodes: views, timeline: t })
}
