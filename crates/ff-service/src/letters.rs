//! Documents for families: the child protection plan written for the family in
//! plain words; invitations to child protection conferences and family group decision making
//! meetings; what a conference decided; the letter before proceedings. Each is a PDF kept with
//! the child's documents as the copy given (`documents::issue_pdf`). What a letter needs is
//! checked in `ff_domain::letters` (L-1 to L-3). (The chronology for court is issued from
//! `chronology`.)

use chrono::NaiveDate;
use ff_domain::child_protection::{Category, ConferenceDecision, ConferenceKind};
use ff_domain::documents::DocumentCategory;
use ff_domain::letters::{self as letter_rules, Meeting, MeetingFields};
use ff_domain::policy::Action;
use ff_pdf::Block;
use ff_store::{Db, Tx};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::child_record::ChildFacts;
use crate::documents::DocumentConfig;
use crate::{Ctx, Result, ServiceError};

/// What a category of harm means, in the words a letter to a family uses, about the child `g`.
fn category_in_words(category: &str, g: &str) -> String {
    match Category::from_code(category) {
        Some(Category::Neglect) => format!("that {g}'s basic needs (food, warmth, safety, health care, school) were not being met"),
        Some(Category::Physical) => format!("that {g} had been hurt, or could be hurt, physically"),
        Some(Category::Emotional) => format!("the harm being done to {g}'s feelings and development by what {g} lives with"),
        Some(Category::Sexual) => format!("that {g} had been, or could be, sexually harmed"),
        Some(Category::Multiple) | None => format!("several kinds of harm to {g}"),
    }
}

/// Give the family their child protection plan: outcomes and actions with who and by when, what
/// happens if things do not change, who to talk to, and what happens next. The issued copy is
/// kept with the child's documents.
pub async fn issue_cp_plan_for_family(db: &Db, ctx: &Ctx, cfg: &DocumentConfig, plan_id: Uuid) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnChildProtection)?;
    let mut tx = db.begin().await?;
    let f = load_plan_letter(&mut tx, ctx, plan_id).await?;
    let name = ff_domain::people::full_name(&f.person.given_name, &f.person.family_name);
    let given = f.person.given_name.clone();
    let mut blocks = plan_why_blocks(&f.plan, &given, &f.written);
    blocks.extend(plan_action_blocks(&f.plan));
    blocks.extend(plan_contact_blocks(&f.plan, &given, &f.written, &f.settings.name));
    let issued = ff_domain::calendar::london_time(ctx.now);
    blocks.extend(plan_next_blocks(ctx, &f.plan, &given, &f.settings.name, issued));
    let issued = crate::documents::Issued {
        child: f.child,
        category: DocumentCategory::Assessment,
        title: format!("Child protection plan given to the family, {}", issued.format("%-d %B %Y")),
        file_stem: "plan-for-the-family",
        child_name: &name,
        summary: "child protection plan issued to the family".into(),
        pdf: ff_pdf::DocumentSpec {
            title: format!("{given}'s child protection plan"),
            issuer: f.settings.name.clone(),
            marking: "OFFICIAL-SENSITIVE".into(),
            blocks,
        },
    };
    let id = crate::documents::issue_pdf(&mut tx, ctx, cfg, issued).await?;
    tx.commit().await?;
    Ok(id)
}

/// What the family's copy of a plan is written from: the plan as shown, the child, the council's
/// settings, and what the LCPP and the family help lead wrote into the plan's record.
struct PlanLetterFacts {
    child: Uuid,
    plan: crate::child_protection::CpPlanView,
    person: ff_store::people::PersonRow,
    settings: ff_domain::settings::LaSettings,
    written: std::collections::BTreeMap<String, ff_domain::written::Section>,
}

/// Loads the plan (checking the reader may work on the child) and what its letter is written from.
async fn load_plan_letter(tx: &mut Tx, ctx: &Ctx, plan_id: Uuid) -> Result<PlanLetterFacts> {
    let row = ff_store::cp_plans::get_plan(tx, ctx.la(), plan_id).await?.ok_or(ServiceError::NotFound("child protection plan"))?;
    ctx.authorise_child(tx, Action::WorkOnChildProtection, row.child_id).await?;
    let mut facts = ChildFacts::new(row.child_id);
    let view = crate::child_protection::read_for_child(tx, ctx, &mut facts).await?;
    let plan = view.plans.into_iter().find(|p| p.id == plan_id).ok_or(ServiceError::NotFound("child protection plan"))?;
    let person = facts.person(tx, ctx.la()).await?.ok_or(ServiceError::NotFound("child"))?;
    let (settings, _) = facts.settings(tx, ctx.la()).await?;
    // What the LCPP and the family help lead wrote into the plan's record, in its order, with
    // the child's and the family's own words.
    let written = crate::plan_record::written_sections(tx, ctx, plan_id).await?;
    Ok(PlanLetterFacts { child: row.child_id, plan, person, settings, written })
}

/// A date as a letter writes it, e.g. 3 March 2026.
fn letter_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The text written under `key` in the plan's record, when there is any.
fn written_words(written: &std::collections::BTreeMap<String, ff_domain::written::Section>, key: &str) -> Option<String> {
    written.get(key).map(|s| s.text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Written text as paragraphs, split at blank lines.
fn paragraphs(text: String) -> Vec<Block> {
    text.split("\n\n").map(|p| Block::Paragraph(p.trim().to_owned())).collect()
}

/// The plan's opening: why there is a plan, what is working well, what the child says, and what
/// needs to change with its outcomes.
fn plan_why_blocks(
    plan: &crate::child_protection::CpPlanView,
    given: &str,
    written: &std::collections::BTreeMap<String, ff_domain::written::Section>,
) -> Vec<Block> {
    let mut blocks = vec![
        Block::Title(format!("{given}'s child protection plan")),
        Block::Paragraph(format!(
            "This plan was agreed at the child protection conference on {}. It says what needs to change so that {given} is safe and well, and what everyone, you included, will do to make that happen. It is written for {given}'s family.",
            letter_date(plan.start_date)
        )),
        Block::Heading("Why there is a plan".into()),
        Block::Paragraph(format!("The conference was worried about {}.", category_in_words(&plan.category, given))),
    ];
    let words = |key: &str| written_words(written, key);
    if let Some(t) = words("worries") {
        blocks.extend(paragraphs(t));
    }
    for (key, heading) in [("working_well", "What is working well".to_owned()), ("child_words", format!("What {given} says"))] {
        if let Some(t) = words(key) {
            blocks.push(Block::Heading(heading));
            blocks.extend(paragraphs(t));
        }
    }
    blocks.push(Block::Heading("What needs to change".into()));
    if let Some(t) = words("needs_to_change") {
        blocks.extend(paragraphs(t));
    }
    let outcomes: Vec<_> = plan.items.iter().filter(|i| i.kind == "outcome").collect();
    if outcomes.is_empty() && words("needs_to_change").is_none() {
        blocks.push(Block::Paragraph("The changes will be written here after the first core group meeting.".into()));
    }
    blocks.extend(outcomes.iter().map(|o| Block::Paragraph(format!("• {}", o.description))));
    blocks
}

/// The plan's actions: what will happen, who will do it and by when (or when it was done).
fn plan_action_blocks(plan: &crate::child_protection::CpPlanView) -> Vec<Block> {
    let mut blocks = vec![Block::Heading("What will happen, who will do it and by when".into())];
    let actions: Vec<_> = plan.items.iter().filter(|i| i.kind != "outcome").collect();
    if actions.is_empty() {
        blocks.push(Block::Paragraph("The actions will be agreed at the first core group meeting.".into()));
    }
    for a in actions {
        let who = a.owner.clone().map(|o| format!(" Who: {o}.")).unwrap_or_default();
        let when = match (a.done_on, a.due_on) {
            (Some(d), _) => format!(" Done on {}.", letter_date(d)),
            (None, Some(d)) => format!(" By {}.", letter_date(d)),
            (None, None) => String::new(),
        };
        blocks.push(Block::Paragraph(format!("• {}.{who}{when}", a.description.trim_end_matches('.'))));
    }
    blocks
}

/// Who in the family and network will help, the family's own words, the contingency, and who to
/// talk to (the LCPP, and the family help lead who stays, R-FH-2).
fn plan_contact_blocks(
    plan: &crate::child_protection::CpPlanView,
    given: &str,
    written: &std::collections::BTreeMap<String, ff_domain::written::Section>,
    council: &str,
) -> Vec<Block> {
    let mut blocks = vec![];
    for (key, heading) in [("network", "Who in the family and network will help"), ("family_words", "What you told us")] {
        if let Some(t) = written_words(written, key) {
            blocks.push(Block::Heading(heading.to_owned()));
            blocks.extend(paragraphs(t));
        }
    }
    if !plan.contingency.trim().is_empty() {
        blocks.push(Block::Heading("If things do not get better".into()));
        blocks.push(Block::Paragraph(plan.contingency.clone()));
    }
    blocks.push(Block::Heading("Who to talk to".into()));
    let mut who = format!("{} is the lead child protection practitioner for {given}.", plan.lead_name);
    if let Some(fh) = &plan.family_help_lead_name {
        who.push_str(&format!(" {fh} is your family help lead practitioner and will keep working with you."));
    }
    who.push_str(&format!(" To reach them, ring {council} and ask for them by name."));
    blocks.push(Block::Paragraph(who));
    blocks
}

/// What happens next (the next core group and review conference), and the note of who gave the
/// plan to the family and when.
fn plan_next_blocks(
    ctx: &Ctx,
    plan: &crate::child_protection::CpPlanView,
    given: &str,
    council: &str,
    issued: chrono::NaiveDateTime,
) -> Vec<Block> {
    let mut blocks = vec![Block::Heading("What happens next".into())];
    let mut next = String::new();
    let today = ctx.today();
    if let Some(d) = plan.next_core_group_due {
        next.push_str(&format!(
            "The next meeting of the core group (you and the professionals working with {given}) {}. ",
            letter_rules::due_in_words(d, today, &plan.lead_name)
        ));
    }
    next.push_str(&format!(
        "The next review conference {}. You can bring someone to support you. If you do not agree with the plan, tell {} or write to the conference chair; what you say will be recorded.",
        letter_rules::due_in_words(plan.next_review_due, today, &plan.lead_name),
        plan.lead_name
    ));
    blocks.push(Block::Paragraph(next));
    blocks.push(Block::Note(format!(
        "Given to the family by {} of {} on {}. If you would like this plan in another language, in larger print or read to you, ask {}.",
        ctx.actor.display_name,
        council,
        issued.format("%-d %B %Y"),
        plan.lead_name
    )));
    blocks
}

/// An invitation to a meeting, as sent: who it is to, when and where (L-1, L-2).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct InvitationInput {
    /// The person invited, by name (a parent or carer).
    pub to: String,
    pub meeting_on: Option<NaiveDate>,
    /// The time of day, like 10:30 or 2pm.
    pub time: String,
    pub place: String,
}

/// An invitation to a child protection conference (R-CP-4).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ConferenceInvitationInput {
    /// initial, review, pre_birth or transfer_in.
    pub kind: String,
    #[serde(flatten)]
    pub meeting: InvitationInput,
}

/// A letter before proceedings (R-PLO-2, L-3).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct LetterBeforeProceedingsInput {
    /// Why the council is worried, in words the family will understand.
    pub concerns: String,
    /// The pre-proceedings meeting the family is invited to.
    #[serde(flatten)]
    pub meeting: InvitationInput,
}

/// A letter saying what a conference decided.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct OutcomeLetterInput {
    /// The person the letter is to, by name.
    pub to: String,
}

fn meeting(ctx: &Ctx, m: &InvitationInput) -> std::result::Result<Meeting, ff_domain::ValidationErrors> {
    let fields = MeetingFields { to: &m.to, meeting_on: m.meeting_on, time: &m.time, place: &m.place };
    letter_rules::parse_meeting(&fields, ctx.today())
}

/// What every letter to a family shares: the child's names, the council and the letter's date.
struct Letterhead {
    child: Uuid,
    full_name: String,
    given: String,
    born: Option<NaiveDate>,
    council: String,
    today: String,
}

async fn letterhead(tx: &mut Tx, ctx: &Ctx, child: Uuid) -> Result<Letterhead> {
    let mut facts = ChildFacts::new(child);
    let person = facts.person(tx, ctx.la()).await?.ok_or(ServiceError::NotFound("child"))?;
    let (settings, _) = facts.settings(tx, ctx.la()).await?;
    Ok(Letterhead {
        child,
        full_name: ff_domain::people::full_name(&person.given_name, &person.family_name),
        given: person.given_name.clone(),
        born: person.date_of_birth,
        council: settings.name.clone(),
        today: ff_domain::calendar::london_time(ctx.now).format("%-d %B %Y").to_string(),
    })
}

impl Letterhead {
    fn about(&self) -> String {
        match self.born {
            Some(d) => format!("{}, born {}", self.full_name, d.format("%-d %B %Y")),
            None => self.full_name.clone(),
        }
    }

    fn signed(&self, ctx: &Ctx) -> Block {
        Block::Note(format!(
            "Sent by {} of {} on {}. If you would like this letter in another language, in larger print or read to you, contact {}.",
            ctx.actor.display_name, self.council, self.today, ctx.actor.display_name
        ))
    }

    fn when_and_where(&self, m: &Meeting) -> Block {
        Block::Paragraph(format!("{} at {}, at {}.", m.on.format("%A %-d %B %Y"), letter_rules::time_in_words(m.time), m.place))
    }

    async fn keep(self, tx: &mut Tx, ctx: &Ctx, cfg: &DocumentConfig, what: &str, stem: &str, mut blocks: Vec<Block>) -> Result<Uuid> {
        blocks.insert(0, Block::Title(what.to_owned()));
        blocks.insert(1, Block::Paragraph(self.today.clone()));
        let issued = crate::documents::Issued {
            child: self.child,
            category: DocumentCategory::Letter,
            title: format!("{what}, sent {}", self.today),
            file_stem: stem,
            child_name: &self.full_name,
            summary: format!("{} issued", what.to_lowercase()),
            pdf: ff_pdf::DocumentSpec {
                title: what.to_owned(),
                issuer: self.council.clone(),
                marking: "OFFICIAL-SENSITIVE".into(),
                blocks,
            },
        };
        crate::documents::issue_pdf(tx, ctx, cfg, issued).await
    }
}

/// Invite a parent or carer to a child protection conference about the child (R-CP-4: parents
/// are invited and the reports are shared with them beforehand). The copy sent is kept with the
/// child's documents.
pub async fn invite_to_conference(
    db: &Db,
    ctx: &Ctx,
    cfg: &DocumentConfig,
    child: Uuid,
    input: &ConferenceInvitationInput,
) -> Result<Uuid> {
    ctx.authorise(Action::RecordConference)?;
    let kind = ConferenceKind::from_code(input.kind.trim());
    let m = meeting(ctx, &input.meeting);
    let (kind, m) = match (kind, m) {
        (Some(k), Ok(m)) => (k, m),
        (k, m) => {
            let mut errors = m.err().unwrap_or_default();
            if k.is_none() {
                errors.add("kind", "Choose which conference it is");
            }
            return Err(errors.into());
        }
    };
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::RecordConference, child).await?;
    let h = letterhead(&mut tx, ctx, child).await?;
    let g = &h.given;
    let purpose = match kind {
        ConferenceKind::Review => {
            format!("to look at how {g}'s child protection plan is working, and to decide whether {g} still needs it")
        }
        _ => format!("to share what everyone knows about {g}, and to decide whether {g} needs a child protection plan to keep them safe"),
    };
    let blocks = vec![
        Block::Paragraph(format!("Dear {},", m.to)),
        Block::Paragraph(format!("We are inviting you to {} about {}.", letter_rules::with_article(&kind.label().to_lowercase()), h.about())),
        Block::Heading("When and where".into()),
        h.when_and_where(&m),
        Block::Heading("What the conference is for".into()),
        Block::Paragraph(format!(
            "A child protection conference is a meeting of {g}'s family and the professionals who know {g}, such as school, health and the police. It meets {purpose}."
        )),
        Block::Heading("Before the conference".into()),
        Block::Paragraph(
            "The reports written for the conference will be shared with you before it, so that you have time to read them. If anything in them is wrong, tell us before the conference or at it.".into(),
        ),
        Block::Heading("Taking part".into()),
        Block::Paragraph(format!(
            "What you think matters, and the conference will ask you. You can bring a friend, a relative or an advocate to support you. If you need an interpreter, help with reading, or help getting there, tell us as soon as you can. If {g} is old enough, {g} can come to part of the conference or share their views another way."
        )),
        Block::Paragraph(format!("Please tell {} whether you can come.", ctx.actor.display_name)),
        h.signed(ctx),
    ];
    let id = h.keep(&mut tx, ctx, cfg, "Invitation to a child protection conference", "conference-invitation", blocks).await?;
    tx.commit().await?;
    Ok(id)
}

/// Tell a parent or carer what a conference decided: the decision, the category, who holds the
/// plan, when the core group and the next review meet, and any disagreement they recorded.
pub async fn conference_outcome(db: &Db, ctx: &Ctx, cfg: &DocumentConfig, conference: Uuid, input: &OutcomeLetterInput) -> Result<Uuid> {
    ctx.authorise(Action::RecordConference)?;
    let mut tx = db.begin().await?;
    let row = ff_store::cp_plans::get_conference(&mut tx, ctx.la(), conference).await?.ok_or(ServiceError::NotFound("conference"))?;
    ctx.authorise_child(&mut tx, Action::RecordConference, row.child_id).await?;
    let to = letter_rules::parse_addressee(&input.to)?;
    let h = letterhead(&mut tx, ctx, row.child_id).await?;
    let g = &h.given;
    let mut facts = ChildFacts::new(row.child_id);
    let view = crate::child_protection::read_for_child(&mut tx, ctx, &mut facts).await?;
    // A review names its plan; an initial conference is the one its new plan started from.
    let plan_id = match row.cp_plan_id {
        Some(p) => Some(p),
        // The plans were read once with the child's child protection view.
        None => facts.plans(&mut tx, ctx.la()).await?.plans.iter().find(|p| p.initial_conference_id == row.id).map(|p| p.id),
    };
    let plan = plan_id.and_then(|p| view.plans.into_iter().find(|v| v.id == p));
    let kind = row.kind.label().to_lowercase();
    let date = |d: NaiveDate| d.format("%-d %B %Y").to_string();
    let mut blocks = vec![
        Block::Paragraph(format!("Dear {to},")),
        Block::Paragraph(format!(
            "The {kind} about {} met on {}. This letter tells you what it decided and what happens next.",
            h.about(),
            date(row.held_on)
        )),
        Block::Heading("What the conference decided".into()),
    ];
    let category = row.category.map(|c| c.label().to_lowercase());
    blocks.push(Block::Paragraph(match row.decision {
        ConferenceDecision::Plan => format!(
            "{g} needs a child protection plan to be kept safe. The plan is under the category of {}.",
            category.unwrap_or_else(|| "harm".into())
        ),
        ConferenceDecision::Continue => format!("{g}'s child protection plan continues: {g} still needs it to be kept safe."),
        ConferenceDecision::End => {
            format!("{g}'s child protection plan has ended. The conference agreed that {g} no longer needs it to be kept safe.")
        }
        ConferenceDecision::NoPlan => {
            format!("{g} does not need a child protection plan. The professionals who know {g} may still offer your family help.")
        }
    }));
    if let Some(p) = plan.as_ref().filter(|p| p.end_date.is_none()) {
        blocks.push(Block::Heading("What happens next".into()));
        let mut next = format!("{} is the lead child protection practitioner for {g}.", p.lead_name);
        if let Some(f) = &p.family_help_lead_name {
            next.push_str(&format!(" {f} is your family help lead practitioner and will keep working with you."));
        }
        let today = ctx.today();
        if let Some(d) = p.next_core_group_due {
            next.push_str(&format!(
                " The next meeting of the core group (you and the professionals working with {g}) {}.",
                letter_rules::due_in_words(d, today, &p.lead_name)
            ));
        }
        next.push_str(&format!(
            " The next review conference {}. You will be given the plan written for your family.",
            letter_rules::due_in_words(p.next_review_due, today, &p.lead_name)
        ));
        blocks.push(Block::Paragraph(next));
    }
    if let Some(d) = row.parental_dissent.as_deref().filter(|d| !d.trim().is_empty()) {
        blocks.push(Block::Heading("What you told the conference".into()));
        blocks.push(Block::Paragraph(format!("You said you did not agree: \"{}\". This is recorded with the decision.", d.trim())));
    }
    blocks.push(Block::Paragraph(format!(
        "If you are unhappy with the decision or with how the conference was run, you can complain to {}. Ask {} how.",
        h.council, ctx.actor.display_name
    )));
    blocks.push(h.signed(ctx));
    let id = h.keep(&mut tx, ctx, cfg, "What the child protection conference decided", "conference-outcome", blocks).await?;
    tx.commit().await?;
    Ok(id)
}

/// The letter before proceedings (R-PLO-2): why the council is worried, the pre-proceedings
/// meeting, free legal advice, and the offer of a family group decision making meeting.
pub async fn letter_before_proceedings(
    db: &Db,
    ctx: &Ctx,
    cfg: &DocumentConfig,
    plo: Uuid,
    input: &LetterBeforeProceedingsInput,
) -> Result<Uuid> {
    ctx.authorise(Action::ManagePreProceedings)?;
    let mut tx = db.begin().await?;
    let row = ff_store::family_networks::get_plo(&mut tx, ctx.la(), plo).await?.ok_or(ServiceError::NotFound("pre-proceedings"))?;
    ctx.authorise_child(&mut tx, Action::ManagePreProceedings, row.child_id).await?;
    let (m, concerns) = match (meeting(ctx, &input.meeting), letter_rules::parse_concerns(&input.concerns)) {
        (Ok(m), Ok(c)) => (m, c),
        (m, c) => {
            let mut errors = m.err().unwrap_or_default();
            errors.0.extend(c.err().map(|e| e.0).unwrap_or_default());
            return Err(errors.into());
        }
    };
    if row.ended_on.is_some() {
        return Err(crate::field_err("plo", "Pre-proceedings for this child have ended"));
    }
    let h = letterhead(&mut tx, ctx, row.child_id).await?;
    let g = &h.given;
    let mut blocks = vec![
        Block::Paragraph(format!("Dear {},", m.to)),
        Block::Paragraph(format!(
            "This is a letter before proceedings about {}. We are very worried about {g}. This letter tells you why, what needs to change, and what will happen next. Please take it to a solicitor straight away.",
            h.about()
        )),
        Block::Heading("Why we are worried".into()),
    ];
    blocks.extend(concerns.split("\n\n").map(|p| Block::Paragraph(p.trim().to_owned())));
    blocks.extend([
        Block::Heading("Meeting with us".into()),
        Block::Paragraph(
            "We want to meet you, with your solicitor, to agree what needs to change and the help you will get. The meeting is on:".into(),
        ),
        h.when_and_where(&m),
        Block::Paragraph(format!(
            "If things do not change enough, we may ask the family court to make decisions about {g}. We want to avoid that, and this meeting is the chance to do so."
        )),
        Block::Heading("Free legal advice".into()),
        Block::Paragraph(
            "You can get free legal advice from a solicitor about this letter; it does not depend on your income or savings. Take this letter to a solicitor who does children's (care) cases and show it to them. If you need help finding one, tell us.".into(),
        ),
        Block::Heading("Your family and friends".into()),
        Block::Paragraph(format!(
            "We would like the people who care about {g} to help make a plan to keep {g} safe, at a family group decision making meeting. An independent coordinator will contact you to arrange it, and you can tell them who should be invited."
        )),
        h.signed(ctx),
    ]);
    let id = h.keep(&mut tx, ctx, cfg, "Letter before proceedings", "letter-before-proceedings", blocks).await?;
    tx.commit().await?;
    Ok(id)
}

/// Invite a parent, carer or relative to a family group decision making meeting about the child.
pub async fn invite_to_fgdm(db: &Db, ctx: &Ctx, cfg: &DocumentConfig, fgdm: Uuid, input: &InvitationInput) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnFamilyNetwork)?;
    let mut tx = db.begin().await?;
    let row = ff_store::family_networks::get_fgdm(&mut tx, ctx.la(), fgdm)
        .await?
        .ok_or(ServiceError::NotFound("family group decision making"))?;
    ctx.authorise_child(&mut tx, Action::WorkOnFamilyNetwork, row.child_id).await?;
    let m = meeting(ctx, input)?;
    let h = letterhead(&mut tx, ctx, row.child_id).await?;
    let g = &h.given;
    let coordinator = row.coordinator.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let blocks = vec![
        Block::Paragraph(format!("Dear {},", m.to)),
        Block::Paragraph(format!("You are invited to a family group decision making meeting about {}.", h.about())),
        Block::Heading("When and where".into()),
        h.when_and_where(&m),
        Block::Heading("What happens at the meeting".into()),
        Block::Paragraph(format!(
            "The meeting brings together the family and friends who care about {g} to make a plan for {g}'s future. {} will run it. The professionals will share what they know and answer questions. Then the family has private time, without professionals, to make its own plan. The plan is then agreed with us, with the help {g} and the family will need.",
            coordinator.map_or("An independent coordinator".to_owned(), |c| format!("{c}, an independent coordinator,"))
        )),
        Block::Heading("Who can come".into()),
        Block::Paragraph(format!(
            "Anyone in the family or among friends who cares about {g}. If someone else should be invited, or you need an interpreter or help getting there, tell {} as soon as you can.",
            coordinator.unwrap_or(&ctx.actor.display_name)
        )),
        h.signed(ctx),
    ];
    let id = h.keep(&mut tx, ctx, cfg, "Invitation to a family group decision making meeting", "fgdm-invitation", blocks).await?;
    tx.commit().await?;
    Ok(id)
}
