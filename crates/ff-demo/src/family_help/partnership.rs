//! The demo partnership's serious incidents: one waiting for the decision on notifying
//! the Panel, one under rapid review with summaries asked of the police, health and a school (the
//! school's due today; the police's written summary kept as a document) and a meeting of the
//! review, and an older one whose local practice review is under way. Everything
//! goes through `ff_service::partnership` as the partnership's business manager, so the demo obeys
//! MASA-RR-2..8. The children are scenario children; what happened is invented and brief.

use chrono::NaiveDate;
use ff_service::partnership::{
    self as svc, IncidentInput, LocalReviewInput, NotificationInput, RapidReviewInput, SummaryReceivedInput, SummaryRequestInput,
};
use ff_service::{Ctx, ServiceError};
use ff_store::Db;
use uuid::Uuid;

fn incident(child: Uuid, kind: &str, incident_on: NaiveDate, aware_on: NaiveDate, what: &str) -> IncidentInput {
    IncidentInput {
        child_nhs_number: None,
        child_id: Some(child),
        kind: kind.into(),
        looked_after: false,
        outside_england: false,
        home_la: None,
        incident_on,
        aware_on,
        what_happened: what.into(),
    }
}

async fn notify(db: &Db, ctx: &Ctx, id: Uuid, on: NaiveDate, reference: &str) -> Result<(), ServiceError> {
    let input = NotificationInput { version: 1, notified: true, on, ofsted_reference: Some(reference.into()), reasons: None };
    svc::decide_notification(db, ctx, id, &input).await
}

async fn ask(db: &Db, ctx: &Ctx, id: Uuid, agency: &str, name: &str, on: NaiveDate) -> Result<Uuid, ServiceError> {
    svc::request_summary(db, ctx, id, &SummaryRequestInput { agency: agency.into(), agency_name: name.into(), requested_on: on }).await
}

async fn answer(db: &Db, ctx: &Ctx, summary: Uuid, on: NaiveDate, what: &str) -> Result<(), ServiceError> {
    let input = SummaryReceivedInput { version: 1, received_on: on, summary: Some(what.into()) };
    svc::receive_summary(db, ctx, summary, &input).await.map(|_| ())
}

/// Seed the three incidents about three of `children`; `back(n)` is the date `n`
/// working days before today.
pub(super) async fn seed_partnership(db: &Db, ctx: &Ctx, children: &[Uuid], back: &impl Fn(u32) -> NaiveDate) -> Result<(), ServiceError> {
    // Children of three different families: the sample lists a family's children together.
    let n = children.len();
    if n < 3 {
        return Ok(());
    }
    let [a, b, c] = [children[0], children[n / 3], children[2 * n / 3]];
    // Waiting for the decision: the council became aware two working days ago.
    svc::record_incident(
        db,
        ctx,
        &incident(
            a,
            "serious_harm",
            back(3),
            back(2),
            "Admitted to hospital with a head injury; the explanation given does not fit the injury.",
        ),
    )
    .await?;

    // Under rapid review: notified the day after the council knew; police and health have
    // answered, the school's summary is due today.
    let id = svc::record_incident(
        db,
        ctx,
        &incident(b, "serious_harm", back(12), back(11), "Found with serious burns; long-standing concerns about neglect at home."),
    )
    .await?;
    notify(db, ctx, id, back(10), "SIN-2026-0417").await?;
    let police = ask(db, ctx, id, "police", "Northmoor Police", back(9)).await?;
    let health = ask(db, ctx, id, "health", "Northmoor Integrated Care Board", back(9)).await?;
    ask(db, ctx, id, "school", "Northmoor Primary School", back(9)).await?;
    answer(db, ctx, police, back(4), "Two domestic incidents at the address in the last year; no referral made after the second.").await?;
    answer(db, ctx, health, back(3), "Missed health visitor contacts; the GP saw the child for a burn eight months ago.").await?;
    // The police's written summary, kept as a document read only through the partnership.
    let written = "Northmoor Police: summary of involvement for the rapid review\n\nTwo domestic incidents were attended at the \
                   address in the last year. A referral was made to children's social care after the first; none after the second.\n";
    svc::attach_summary_document(
        db,
        ctx,
        &ff_service::documents::DocumentConfig::default(),
        police,
        2,
        "northmoor-police-summary.txt",
        written.as_bytes(),
    )
    .await?;
    // The review's meeting: the agencies together, what they decided and the actions agreed.
    let meeting = ff_service::partnership::meetings::ReviewMeetingInput {
        version: None,
        held_on: back(3),
        agencies: ["childrens_social_care", "police", "health", "school"].map(str::to_owned).to_vec(),
        decisions: "The school's summary is chased today. The review will look at why the second domestic incident was not referred."
            .into(),
        actions:
            "A strategy discussion for the younger sibling this week. The police check their referral practice after domestic incidents."
                .into(),
    };
    ff_service::partnership::meetings::record(db, ctx, id, &meeting).await?;

    // Older: the rapid review decided on a local practice review, whose reviewer is at work.
    let id = svc::record_incident(
        db,
        ctx,
        &incident(c, "death", back(97), back(95), "Died at home; neglect suspected. The family had been known to early help."),
    )
    .await?;
    notify(db, ctx, id, back(93), "SIN-2026-0112").await?;
    for (agency, name) in [("police", "Northmoor Police"), ("health", "Northmoor Integrated Care Board"), ("school", "Northmoor Academy")] {
        let s = ask(db, ctx, id, agency, name, back(92)).await?;
        answer(db, ctx, s, back(85), "Chronology of involvement sent.").await?;
    }
    let review = RapidReviewInput {
        version: 2,
        completed_on: back(80),
        sent_to_panel_on: back(80),
        immediate_actions: "Siblings seen the same day; a child protection strategy discussion held for them.".into(),
        equality_analysis: "The mother is Deaf; no interpreter was booked for two of the early help visits, so her account was not heard."
            .into(),
        hold_local_review: true,
        reasons: "Learning for all partners about hearing parents who need interpreters, and about early help closing without a review."
            .into(),
    };
    svc::complete_review(db, ctx, id, &review).await?;
    let commissioned =
        LocalReviewInput { version: 3, step: "commissioned".into(), on: back(70), reviewer: Some("Dr Helen Marsh".into()), link: None };
    svc::local_review_step(db, ctx, id, &commissioned).await?;
    // What the partners agreed to change (MASA-SYS-5): one done with evidence, one open, one
    // overdue.
    use ff_service::partnership::learning::{self, CompletionInput, LearningInput};
    let agreed = |agency: &str, name: &str, action: &str, measure: &str, due: NaiveDate| LearningInput {
        incident_id: Some(id),
        audit_id: None,
        s11_return_id: None,
        s11_standard: None,
        source: "rapid_review".into(),
        action: action.into(),
        owner_agency: agency.into(),
        owner_name: name.into(),
        agreed_on: back(80),
        due_on: due,
        impact_measure: measure.into(),
    };
    let police = learning::add(
        db,
        ctx,
        &agreed(
            "police",
            "Northmoor Police",
            "Refer every domestic incident at an address with children to the front door the same day.",
            "Monthly count of incidents with children against referrals made the same day.",
            back(20),
        ),
    )
    .await?;
    let done = CompletionInput {
        version: 1,
        completed_on: back(25),
        evidence: "Force policy changed; the last two months' counts match (41 of 41, 38 of 38).".into(),
    };
    learning::complete(db, ctx, police, &done).await?;
    learning::add(
        db,
        ctx,
        &agreed(
            "health",
            "Northmoor Integrated Care Board",
            "Book an interpreter for every contact with a parent who needs one, Deaf parents included.",
            "Audit of 20 families a quarter: an interpreter at every contact where one was needed.",
            back(0) + chrono::Days::new(60),
        ),
    )
    .await?;
    learning::add(
        db,
        ctx,
        &agreed(
            "early_years",
            "Northmoor Family Hubs",
            "Review every early help plan before it closes, with the family.",
            "Share of closures with a review recorded, and what families say in the exit survey.",
            back(5),
        ),
    )
    .await?;
    Ok(())
}

/// Two professional disagreements (F6, MASA-SYS-7), through `ff_service::escalations` as the
/// practitioners who raise and answer them: the police officer on a multi-agency team disagrees
/// with the council's plan to step a child down, and it sits with the managers, its response
/// overdue; a social worker's disagreement with a school about a referral was resolved at the
/// managers' stage. `back(n)` is the date `n` working days before today.
pub(super) async fn seed_disagreements(
    db: &Db,
    social_worker: &Ctx,
    police: &Ctx,
    children: &[Uuid],
    back: &impl Fn(u32) -> NaiveDate,
) -> Result<(), ServiceError> {
    use ff_service::escalations::{self as esc, EscalateDisagreementInput, RaiseDisagreementInput, ResolveDisagreementInput};
    let raise = |about: &str, with: &str, team: &str, detail: &str, on: NaiveDate| RaiseDisagreementInput {
        about: about.into(),
        detail: detail.into(),
        with_agency: with.into(),
        with_team: team.into(),
        raised_on: on,
    };
    // The police's: on a child whose case their team works.
    let team_cases = ff_service::macpt::my_team_work(db, police).await?.cases;
    let Some(first) = team_cases.iter().find(|c| c.ended_on.is_none()) else {
        return Ok(());
    };
    let id = esc::raise(
        db,
        police,
        first.child_id,
        &raise(
            "step_down",
            "childrens_social_care",
            "Family Help East",
            "The plan is to step down to family help, but the mother's former partner was seen at the address last week and has not been assessed.",
            back(12),
        ),
    )
    .await?;
    let up = EscalateDisagreementInput {
        version: 1,
        escalated_on: back(9),
        reason: "The practitioner agreed to look again but the step-down meeting is still booked; no reply since.".into(),
    };
    esc::escalate(db, police, id, &up).await?;
    // The social worker's, resolved: about another child.
    let Some(other) = children.iter().copied().find(|c| *c != first.child_id) else {
        return Ok(());
    };
    let id = esc::raise(
        db,
        social_worker,
        other,
        &raise(
            "referral",
            "school",
            "Northmoor Primary School",
            "The school decided not to refer after the child said they were hungry most mornings; the social worker disagrees.",
            back(40),
        ),
    )
    .await?;
    let up = EscalateDisagreementInput {
        version: 1,
        escalated_on: back(35),
        reason: "Talked it through with the designated safeguarding lead; still not agreed.".into(),
    };
    esc::escalate(db, social_worker, id, &up).await?;
    let done = ResolveDisagreementInput {
        version: 2,
        resolved_on: back(32),
        outcome: "agreed".into(),
        agreed: "The head teacher and the team manager agreed: the school refers such worries the same day, and breakfast club starts on Monday."
            .into(),
    };
    esc::resolve(db, social_worker, id, &done).await?;
    Ok(())
}

/// The demo partnership's own record (MASA-SYS-1): the three lead partners since the start of last
/// financial year, a delegate for each (the police's changed during this year), the independent
/// scrutineer, relevant agencies including schools, a college and an early years setting, the
/// published arrangements and a threshold document signed by all three leads, and each partner's
/// budget contribution for last year and this. All names are invented.
pub(super) async fn seed_arrangements(db: &Db, ctx: &Ctx) -> Result<(), ServiceError> {
    use ff_service::partnership::arrangements::{
        self as arr, ContributionInput, DocumentSignOffInput, NamedPartnerInput, PartnershipDocumentInput, PartnershipInput,
        RelevantAgencyInput,
    };
    let today = ctx.today();
    let this_year = arr::financial_year(today);
    let start = |year: i32| NaiveDate::from_ymd_opt(year, 4, 1).unwrap_or(today);
    let (last_start, this_start) = (start(this_year - 1), start(this_year));
    arr::save_record(
        db,
        ctx,
        &PartnershipInput {
            version: None,
            name: "Northmoor Safeguarding Children Partnership".into(),
            areas: String::new(),
            chair: "Tom Whitfield, Director of Children's Services".into(),
            scrutineer: "Dr Imran Shah, independent scrutineer".into(),
            scrutiny_from: start(this_year - 2),
            scrutiny_to: None,
        },
    )
    .await?;
    let person = |partner: &str, role: &str, name: &str, title: &str, from: NaiveDate| NamedPartnerInput {
        partner: partner.into(),
        role: role.into(),
        person_name: name.into(),
        role_title: title.into(),
        from,
        to: None,
        replaces: None,
    };
    for p in [
        person("council", "lead", "Margaret Ellison", "Chief Executive, Northmoor Council", last_start),
        person("icb", "lead", "Dr Samuel Oduya", "Chief Executive, Northmoor Integrated Care Board", last_start),
        person("police", "lead", "Rachel Dunmore", "Chief Constable, Northmoor Police", last_start),
        person("council", "delegated", "Tom Whitfield", "Director of Children's Services", last_start),
        person("icb", "delegated", "Aisha Rahman", "Chief Nursing Officer", last_start),
    ] {
        arr::add_partner(db, ctx, &p).await?;
    }
    let old =
        arr::add_partner(db, ctx, &person("police", "delegated", "Gareth Lloyd", "Detective Chief Superintendent", last_start)).await?;
    // The police's delegate changed this year: the new one takes over, the old one's time ends.
    let changed_on = (today - chrono::Days::new(60)).max(last_start + chrono::Days::new(1));
    let new = NamedPartnerInput {
        replaces: Some(old),
        ..person("police", "delegated", "Nadia Kerr", "Detective Chief Superintendent", changed_on)
    };
    arr::add_partner(db, ctx, &new).await?;

    for (name, kind) in [
        ("Northmoor Primary School", "school"),
        ("St Hilda's Church of England Academy", "school"),
        ("Northmoor College", "college"),
        ("Little Acorns Day Nursery", "early_years"),
        ("Northmoor Community Health Services", "health"),
        ("Northmoor Youth Justice Service", "youth_justice"),
        ("Northmoor Homes", "housing"),
    ] {
        arr::add_agency(db, ctx, &RelevantAgencyInput { name: name.into(), kind: kind.into(), from: last_start, to: None }).await?;
    }

    for (kind, title, label, link) in [
        (
            "arrangements",
            "Northmoor multi-agency safeguarding arrangements",
            "Version 2",
            "https://northmoor-scp.example/arrangements-v2.pdf",
        ),
        ("threshold", "Northmoor continuum of need", "Version 4", "https://northmoor-scp.example/continuum-of-need-v4.pdf"),
    ] {
        let doc = PartnershipDocumentInput {
            kind: kind.into(),
            title: title.into(),
            version_label: label.into(),
            published_on: this_start,
            link: link.into(),
        };
        let id = arr::add_document(db, ctx, &doc).await?;
        for (version, partner) in [(1, "council"), (2, "icb"), (3, "police")] {
            let s = DocumentSignOffInput { version, partner: partner.into(), signed_on: this_start };
            arr::sign_off(db, ctx, id, &s).await?;
        }
    }

    for (year, council, icb, police) in
        [(this_year - 1, 120_000 * 100, 80_000 * 100, 50_000 * 100), (this_year, 126_000 * 100, 84_000 * 100, 52_500 * 100)]
    {
        for (partner, amount_pence) in [("council", council), ("icb", icb), ("police", police)] {
            arr::add_budget(db, ctx, &ContributionInput { partner: partner.into(), year, amount_pence }).await?;
        }
    }
    Ok(())
}

/// Two multi-agency audits (MASA-SYS-6): one on neglect that found practice requiring improvement
/// and raised two learning actions (one for health, one for the police), and an earlier one on
/// strategy discussions graded good that raised none. `back(n)` is `n` working days before today.
pub(super) async fn seed_audits(db: &Db, ctx: &Ctx, back: &impl Fn(u32) -> NaiveDate) -> Result<(), ServiceError> {
    use ff_service::partnership::audits::{self as audits, AuditInput};
    use ff_service::partnership::learning::{self, LearningInput};
    let audit = |theme: &str, on: NaiveDate, agencies: &[&str], cases: i32, findings: &str, grading: &str| AuditInput {
        version: None,
        theme: theme.into(),
        audited_on: on,
        agencies: agencies.iter().map(|a| (*a).to_owned()).collect(),
        cases,
        findings: findings.into(),
        grading: grading.into(),
    };
    let neglect = audits::save_audit(
        db,
        ctx,
        None,
        &audit(
            "Neglect",
            back(30),
            &["childrens_social_care", "police", "health", "school"],
            12,
            "In 7 of 12 cases the health visitor's concerns about home conditions were not shared before the strategy discussion. \
             Schools' attendance worries were recorded but not linked to the neglect concerns. Plans named actions but rarely \
             said how the child's day-to-day care would be checked.",
            "requires_improvement",
        ),
    )
    .await?;
    audits::save_audit(
        db,
        ctx,
        None,
        &audit(
            "Strategy discussions",
            back(90),
            &["childrens_social_care", "police", "health"],
            8,
            "Police, health and children's social care took part in every discussion; decisions and reasons were recorded the same day.",
            "good",
        ),
    )
    .await?;
    for (agency, name, action, measure) in [
        (
            "health",
            "Northmoor Community Health Services",
            "Health visitors share home-conditions concerns with the front door before any strategy discussion.",
            "Re-audit of 10 neglect cases in three months: concerns shared beforehand in every case.",
        ),
        (
            "police",
            "Northmoor Police",
            "Officers attending homes with children record the home's condition and refer the same day.",
            "Monthly count of domestic call-outs with children against same-day referrals.",
        ),
    ] {
        let input = LearningInput {
            incident_id: None,
            audit_id: Some(neglect),
            s11_return_id: None,
            s11_standard: None,
            source: "audit".into(),
            action: action.into(),
            owner_agency: agency.into(),
            owner_name: name.into(),
            agreed_on: back(25),
            due_on: back(0) + chrono::Days::new(60),
            impact_measure: measure.into(),
        };
        learning::add(db, ctx, &input).await?;
    }
    Ok(())
}

/// This year's section 11 returns (MASA-SYS-6) from every relevant agency but the housing
/// provider: one school rates safeguarding training not met (a learning action is raised from
/// it) and the college rates inter-agency working partly met; and last year's yearly report
/// (MASA-P-9) drafted with words for three sections and signed off by the council's lead only.
pub(super) async fn seed_section11_and_report(db: &Db, ctx: &Ctx) -> Result<(), ServiceError> {
    use ff_domain::partnership::section11::Standard;
    use ff_service::partnership::arrangements as arr;
    use ff_service::partnership::learning::{self, LearningInput};
    use ff_service::partnership::report::{self, ReportDraftInput, ReportNarrativeInput, ReportSignOffInput};
    use ff_service::partnership::section11::{self as s11, Section11Input, StandardRatingInput};
    let today = ctx.today();
    let year = arr::financial_year(today);
    let returned_on = (today - chrono::Days::new(20)).max(NaiveDate::from_ymd_opt(year, 4, 1).unwrap_or(today));
    let agencies = arr::view(db, ctx).await?.agencies;
    let mut training_gap = None;
    for a in agencies.iter().filter(|a| a.current && a.kind != "housing") {
        let ratings = Standard::ALL
            .iter()
            .map(|s| {
                let (rating, note) = match (a.kind.as_str(), s) {
                    ("school", Standard::Training) if a.name.starts_with("St Hilda") => {
                        ("not_met", "Half the staff have not had safeguarding refresher training in the last two years.")
                    }
                    ("college", Standard::InterAgency) => {
                        ("partly_met", "The college joins strategy discussions when invited but is not always told of them.")
                    }
                    _ => ("met", ""),
                };
                StandardRatingInput { standard: s.code().into(), rating: rating.into(), note: note.into() }
            })
            .collect();
        let input = Section11Input { version: None, agency_id: Some(a.id), year, returned_on, ratings };
        let id = s11::save_return(db, ctx, None, &input).await?;
        if a.name.starts_with("St Hilda") {
            training_gap = Some((id, a.name.clone()));
        }
    }
    if let Some((id, name)) = training_gap {
        let input = LearningInput {
            incident_id: None,
            audit_id: None,
            s11_return_id: Some(id),
            s11_standard: Some("training".into()),
            source: "section_11".into(),
            action: "Every member of staff completes safeguarding refresher training this term.".into(),
            owner_agency: "school".into(),
            owner_name: name,
            agreed_on: returned_on,
            due_on: returned_on + chrono::Days::new(90),
            impact_measure: "Training records show every member of staff trained; next year's return rates training met.".into(),
        };
        learning::add(db, ctx, &input).await?;
    }

    // Last year's report: words for three sections, signed by each lead, published and sent to the
    // national Panel; Foundations' copy not yet recorded.
    let reports = report::list(db, ctx).await?;
    let last = reports.this_year - 1;
    let id = report::draft(db, ctx, &ReportDraftInput { year: last }).await?;
    let sections = [
        (
            "summary",
            "The partnership met every month. Serious incidents were notified on time, and the audit of neglect changed how health \
             visitors share what they see at home.",
        ),
        ("audits", "One audit found practice requiring improvement; its two learning actions are being tracked to impact."),
        ("section_11", "Most agencies returned their self-assessments; one school's training gap has an action with a due date."),
    ];
    let words = ReportNarrativeInput { version: 1, sections: sections.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect() };
    report::save_narrative(db, ctx, id, &words).await?;
    let year_end = NaiveDate::from_ymd_opt(last + 1, 3, 31).unwrap_or(today);
    let signed_on = (year_end + chrono::Days::new(45)).min(today);
    for (version, partner) in [(2, "council"), (3, "icb"), (4, "police")] {
        report::sign_off(db, ctx, id, &ReportSignOffInput { version, partner: partner.into(), signed_on }).await?;
    }
    let published_on = (signed_on + chrono::Days::new(14)).min(today);
    let panel_sent_on = Some((published_on + chrono::Days::new(3)).min(today));
    let publication = report::PublicationInput { version: 5, published_on: Some(published_on), panel_sent_on, foundations_sent_on: None };
    report::publish(db, ctx, id, &publication).await?;
    Ok(())
}
