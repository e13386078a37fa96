//! Documents for families (issue 12 item 7): the child protection plan written for the family in
//! plain words, as a PDF kept with the child's documents as the copy given. (The chronology for
//! court is issued from `chronology`.)

use ff_domain::child_protection::Category;
use ff_domain::documents::DocumentCategory;
use ff_domain::policy::Action;
use ff_pdf::Block;
use ff_store::Db;
use uuid::Uuid;

use crate::child_record::ChildFacts;
use crate::documents::DocumentConfig;
use crate::{Ctx, Result, ServiceError, audit};

/// What a category of harm means, in the words a letter to a family uses.
fn category_in_words(category: &str) -> &'static str {
    match Category::from_code(category) {
        Some(Category::Neglect) => "that the child's basic needs (food, warmth, safety, health care, school) were not being met",
        Some(Category::Physical) => "that the child had been hurt, or could be hurt, physically",
        Some(Category::Emotional) => "the harm being done to the child's feelings and development by what they live with",
        Some(Category::Sexual) => "that the child had been, or could be, sexually harmed",
        Some(Category::Multiple) | None => "several kinds of harm to the child",
    }
}

/// Give the family their child protection plan: outcomes and actions with who and by when, what
/// happens if things do not change, who to talk to, and what happens next. The issued copy is
/// kept with the child's documents.
pub async fn issue_cp_plan_for_family(db: &Db, ctx: &Ctx, cfg: &DocumentConfig, plan_id: Uuid) -> Result<Uuid> {
    ctx.authorise(Action::WorkOnChildProtection)?;
    let mut tx = db.begin().await?;
    let row = ff_store::cp_plans::get_plan(&mut tx, ctx.la(), plan_id).await?.ok_or(ServiceError::NotFound("child protection plan"))?;
    ctx.authorise_child(&mut tx, Action::WorkOnChildProtection, row.child_id).await?;
    let mut facts = ChildFacts::new(row.child_id);
    let view = crate::child_protection::read_for_child(&mut tx, ctx, &mut facts).await?;
    let plan = view.plans.into_iter().find(|p| p.id == plan_id).ok_or(ServiceError::NotFound("child protection plan"))?;
    let person = facts.person(&mut tx, ctx.la()).await?.ok_or(ServiceError::NotFound("child"))?;
    let (settings, _) = facts.settings(&mut tx, ctx.la()).await?;
    let name = ff_domain::people::full_name(&person.given_name, &person.family_name);
    let given = person.given_name.clone();
    let date = |d: chrono::NaiveDate| d.format("%-d %B %Y").to_string();
    let mut blocks = vec![
        Block::Title(format!("{given}'s child protection plan")),
        Block::Paragraph(format!(
            "This plan was agreed at the child protection conference on {}. It says what needs to change so that {given} is safe and well, and what everyone, you included, will do to make that happen. It is written for {given}'s family.",
            date(plan.start_date)
        )),
        Block::Heading("Why there is a plan".into()),
        Block::Paragraph(format!("The conference was worried about {}.", category_in_words(&plan.category))),
    ];
    // What the LCPP and the family help lead wrote into the plan's record, in its order, with
    // the child's and the family's own words (issue 12 item 1).
    let written = crate::cp_plan_record::written_sections(&mut tx, ctx, plan_id).await?;
    let words = |key: &str| written.get(key).map(|s| s.text.trim().to_owned()).filter(|t| !t.is_empty());
    let paragraphs = |text: String| text.split("\n\n").map(|p| Block::Paragraph(p.trim().to_owned())).collect::<Vec<_>>();
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
    blocks.push(Block::Heading("What will happen, who will do it and by when".into()));
    let actions: Vec<_> = plan.items.iter().filter(|i| i.kind != "outcome").collect();
    if actions.is_empty() {
        blocks.push(Block::Paragraph("The actions will be agreed at the first core group meeting.".into()));
    }
    for a in actions {
        let who = a.owner.clone().map(|o| format!(" Who: {o}.")).unwrap_or_default();
        let when = match (a.done_on, a.due_on) {
            (Some(d), _) => format!(" Done on {}.", date(d)),
            (None, Some(d)) => format!(" By {}.", date(d)),
            (None, None) => String::new(),
        };
        blocks.push(Block::Paragraph(format!("• {}.{who}{when}", a.description.trim_end_matches('.'))));
    }
    for (key, heading) in [("network", "Who in the family and network will help"), ("family_words", "What you told us")] {
        if let Some(t) = words(key) {
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
    who.push_str(&format!(" To reach them, ring {} and ask for them by name.", settings.name));
    blocks.push(Block::Paragraph(who));
    blocks.push(Block::Heading("What happens next".into()));
    let mut next = String::new();
    if let Some(d) = plan.next_core_group_due {
        next.push_str(&format!("The core group (you and the professionals working with {given}) next meets by {}. ", date(d)));
    }
    next.push_str(&format!(
        "The next review conference is by {}. You can bring someone to support you. If you do not agree with the plan, tell {} or write to the conference chair; what you say will be recorded.",
        date(plan.next_review_due),
        plan.lead_name
    ));
    blocks.push(Block::Paragraph(next));
    let issued = ff_domain::calendar::london_time(ctx.now);
    blocks.push(Block::Note(format!(
        "Given to the family by {} of {} on {}. If you would like this plan in another language, in larger print or read to you, ask {}.",
        ctx.actor.display_name,
        settings.name,
        issued.format("%-d %B %Y"),
        plan.lead_name
    )));
    let pdf = ff_pdf::render(&ff_pdf::DocumentSpec {
        title: format!("{given}'s child protection plan"),
        issuer: settings.name.clone(),
        marking: "OFFICIAL-SENSITIVE".into(),
        blocks,
    });
    let id = crate::documents::insert_issued(
        &mut tx,
        ctx,
        cfg,
        row.child_id,
        DocumentCategory::Assessment,
        format!("Child protection plan given to the family, {}", issued.format("%-d %B %Y")),
        format!("plan-for-the-family-{}-{}.pdf", name.replace(' ', "-").to_lowercase(), issued.format("%Y-%m-%d")),
        &pdf,
    )
    .await?;
    audit(&mut tx, ctx, "create", "document", Some(id.to_string()), "child protection plan issued to the family").await?;
    tx.commit().await?;
    Ok(id)
}
