//! A person's connections: relationships, household, addresses, and merging two records of the
//! same person.

use super::*;
use crate::pages::fields::{Reply, allowed};

/// A form about a person: its heading, the part of the person's address it posts to, and the
/// words on its button.
struct PersonForm(&'static str, &'static str, &'static str);

const RELATIONSHIP: PersonForm = PersonForm("Add a relationship", "relationships", "Save relationship");
const HOUSEHOLD: PersonForm = PersonForm("Add to a household", "households", "Save");
const ADDRESS: PersonForm = PersonForm("Record a new address", "addresses", "Save address");
const MERGE: PersonForm = PersonForm("Merge a duplicate record", "merge", "Merge records");

async fn simple(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    PersonForm(heading, path, submit): &PersonForm,
    fields: Vec<Field>,
) -> SimpleForm {
    let name = ff_service::people::view(&state.db, &user.ctx(state), id).await.map(|r| r.person.full_name).unwrap_or_default();
    SimpleForm {
        layout: Layout::for_user(state, user, heading, "/people").await,
        back: format!("/people/{id}"),
        caption: name,
        heading: (*heading).to_owned(),
        action: format!("/people/{id}/{path}"),
        submit,
        errors: vec![],
        fields,
        search: None,
        show_form: true,
        notice: None,
    }
}

/// A person's form as it first shows, with nothing typed.
async fn fresh(state: &AppState, user: &PageUser, id: Uuid, form: &PersonForm, fields: Vec<Field>) -> Reply {
    Ok(render(StatusCode::OK, &simple(state, user, id, form, fields).await))
}

/// How a person form's POST ends: saved, back to the person's page saying what was saved; a
/// mistake in the form, the form drawn `again` with what was typed and the errors; any other
/// refusal, the error page.
async fn saved_or_form(
    id: Uuid,
    result: Result<(), ServiceError>,
    saved: &str,
    again: impl AsyncFnOnce() -> Result<SimpleForm, PageError>,
) -> Reply {
    crate::pages::fields::saved_or_again(
        result,
        |()| Redirect::to(&format!("/people/{id}?saved={saved}")).into_response(),
        |e| match e {
            ServiceError::Validation(v) => Ok(v.0),
            other => Err(other),
        },
        async |errors| Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &again().await?.with_errors(errors))),
    )
    .await
}

fn date_field(name: &'static str, legend: &'static str, f: Option<&FormData>, hint: &'static str) -> Field {
    let (d, m, y) = f.map(|f| f.date_parts(name)).unwrap_or_default();
    Field::Date(name, legend, d, m, y, hint)
}

#[derive(Deserialize)]
pub struct RelQuery {
    q: Option<String>,
}

/// The relationship form's fields: the people found by the search `query` to choose from, and
/// the search itself carried (hidden) so that the form drawn again after a mistake searches again.
fn relationship_fields(results: &[PersonSummary], query: &str, f: Option<&FormData>) -> Vec<Field> {
    let get = |k: &str| f.map(|f| f.get(k).to_owned()).unwrap_or_default();
    let people: Vec<(String, String)> = results
        .iter()
        .map(|p| {
            (
                p.id.to_string(),
                format!("{}{}", p.full_name, p.date_of_birth.map(|d| format!(", born {}", d.format("%-d %b %Y"))).unwrap_or_default()),
            )
        })
        .collect();
    let mut pr_options = vec![(String::new(), "Not applicable".to_owned())];
    pr_options.extend(options(PrBasis::ALL, |b| b.code(), |b| b.label()));
    vec![
        Field::Hidden("q", query.to_owned()),
        Field::Radios("relative_id", "Who is it?", people, get("relative_id")),
        Field::Select(
            "kind",
            "They are this person's",
            // Nothing chosen until the practitioner chooses: a relationship is never assumed.
            std::iter::once((String::new(), "Choose the relationship".to_owned()))
                .chain(options(RelationshipKind::ALL, |k| k.code(), |k| k.label()))
                .collect(),
            get("kind"),
        ),
        Field::Checkbox(
            "parental_responsibility",
            "They have parental responsibility for this person",
            f.is_some_and(|f| f.checked("parental_responsibility")),
        ),
        Field::Select("pr_basis", "Basis of parental responsibility", pr_options, get("pr_basis")),
        date_field("start_date", "Since (optional)", f, "For example, 1 9 2020"),
    ]
}

/// The people other than `id` the search `query` finds, or why the search could not be made.
async fn others_found(
    state: &AppState,
    ctx: &ff_service::Ctx,
    id: Uuid,
    query: &str,
) -> Result<(Vec<PersonSummary>, Option<String>), ServiceError> {
    if query.trim().is_empty() {
        return Ok((vec![], None));
    }
    match ff_service::people::search(&state.db, ctx, query, 1).await {
        Ok(r) => Ok((r.people.into_iter().filter(|p| p.id != id).collect(), None)),
        Err(ServiceError::Validation(v)) => Ok((vec![], v.0.first().map(|e| e.message.clone()))),
        Err(e) => Err(e),
    }
}

/// The search box above the relationship form, showing what was typed.
fn relationship_search(id: Uuid, query: &str, error: Option<String>) -> SearchBox {
    SearchBox {
        action: format!("/people/{id}/relationships/new"),
        label: "Find the other person by name, NHS number or date of birth",
        q: query.to_owned(),
        error,
    }
}

pub async fn relationship_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<RelQuery>) -> Reply {
    let ctx = allowed(&state, &user, Action::EditPerson)?;
    let query = q.q.unwrap_or_default();
    let (results, error) = others_found(&state, &ctx, id, &query).await?;
    let found = !results.is_empty();
    let mut page = simple(&state, &user, id, &RELATIONSHIP, relationship_fields(&results, &query, None)).await;
    page.search = Some(relationship_search(id, &query, error));
    page.show_form = found;
    if !found && !query.trim().is_empty() {
        page.fields = vec![];
    }
    Ok(render(StatusCode::OK, &page))
}

pub async fn add_relationship(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::EditPerson)?;
    let mut errors = ValidationErrors::new();
    let relative_id =
        form.get("relative_id").parse::<Uuid>().map_err(|_| errors.add("relative_id", "Choose who the relationship is with")).ok();
    let start_date = match form.date("start_date", "Start date") {
        Some(Ok(d)) => Some(d),
        Some(Err(m)) => {
            errors.add("start_date", m);
            // A stand-in the service refuses (it cannot be in the future): see `in_one_round`.
            Some(crate::pages::fields::unreadable_date(&ctx))
        }
        None => None,
    };
    let unreadable = errors.for_field("start_date").is_some();
    let result = match (relative_id, errors.is_empty() || unreadable) {
        (Some(relative_id), true) => {
            let input = ff_service::people::RelationshipInput {
                relative_id,
                kind: form.get("kind").to_owned(),
                parental_responsibility: form.checked("parental_responsibility"),
                pr_basis: form.opt("pr_basis"),
                start_date,
            };
            crate::pages::fields::in_one_round(errors, "start_date", ff_service::people::add_relationship(&state.db, &ctx, id, &input))
                .await
        }
        _ => Err(ServiceError::Validation(errors)),
    };
    saved_or_form(id, result, "relationship", async || {
        // Drawn again with the search box, what was typed in it and the people it found, so
        // that someone who did not choose can choose now.
        let query = form.get("q");
        let (mut people, search_error) = others_found(&state, &ctx, id, query).await?;
        if let Ok(rid) = form.get("relative_id").parse::<Uuid>()
            && !people.iter().any(|p| p.id == rid)
            && let Ok(r) = ff_service::people::view(&state.db, &ctx, rid).await
        {
            people.insert(0, r.person);
        }
        let mut page = simple(&state, &user, id, &RELATIONSHIP, relationship_fields(&people, query, Some(&form))).await;
        page.search = Some(relationship_search(id, query, search_error));
        Ok(page)
    })
    .await
}

async fn household_fields(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>) -> Result<Vec<Field>, ServiceError> {
    let mut choices: Vec<(String, String)> = ff_service::people::household_choices(&state.db, &user.ctx(state), id)
        .await?
        .into_iter()
        .map(|(h, names)| (h.to_string(), format!("The household of {names}")))
        .collect();
    choices.push((String::new(), "A new household".to_owned()));
    let get = |k: &str| f.map(|f| f.get(k).to_owned()).unwrap_or_default();
    Ok(vec![
        Field::Radios("household_id", "Which household?", choices, get("household_id")),
        Field::Radios("membership", "How do they belong to it?", options(Membership::ALL, |m| m.code(), |m| m.label()), get("membership")),
        date_field("start_date", "Since", f, "For example, 1 9 2020"),
    ])
}

pub async fn household_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::EditPerson)?;
    let fields = household_fields(&state, &user, id, None).await?;
    fresh(&state, &user, id, &HOUSEHOLD, fields).await
}

pub async fn add_to_household(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::EditPerson)?;
    let mut errors = ValidationErrors::new();
    let household_id = match form.opt("household_id") {
        None => None,
        Some(s) => s.parse::<Uuid>().map_err(|_| errors.add("household_id", "Choose a household from the list")).ok(),
    };
    let start_date =
        form.required_date("start_date", "Date they joined", &mut errors).unwrap_or_else(|| crate::pages::fields::unreadable_date(&ctx));
    let input = ff_service::people::HouseholdInput { household_id, membership: form.get("membership").to_owned(), start_date };
    let result =
        crate::pages::fields::in_one_round(errors, "start_date", ff_service::people::add_to_household(&state.db, &ctx, id, &input)).await;
    saved_or_form(id, result, "household", async || {
        let fields = household_fields(&state, &user, id, Some(&form)).await?;
        Ok(simple(&state, &user, id, &HOUSEHOLD, fields).await)
    })
    .await
}

fn address_fields(f: Option<&FormData>) -> Vec<Field> {
    let get = |k: &str| f.map(|f| f.get(k).to_owned()).unwrap_or_default();
    vec![
        Field::Text("line1", "Address line 1", get("line1"), ""),
        Field::Text("line2", "Address line 2 (optional)", get("line2"), ""),
        Field::Text("town", "Town or city", get("town"), ""),
        Field::Text("postcode", "Postcode", get("postcode"), ""),
        date_field("start_date", "Moved in on", f, "The previous address will end the day before"),
    ]
}

pub async fn address_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::EditPerson)?;
    fresh(&state, &user, id, &ADDRESS, address_fields(None)).await
}

pub async fn add_address(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::EditPerson)?;
    let mut errors = ValidationErrors::new();
    // An unreadable date stands in as tomorrow, which the service refuses, so the address is
    // never saved with a date nobody typed and every other mistake is reported with it.
    let start =
        form.required_date("start_date", "Date they moved in", &mut errors).unwrap_or_else(|| crate::pages::fields::unreadable_date(&ctx));
    let input = ff_service::people::AddressInput {
        line1: form.get("line1").to_owned(),
        line2: form.opt("line2"),
        town: form.get("town").to_owned(),
        postcode: form.get("postcode").to_owned(),
        start_date: start,
    };
    let result =
        crate::pages::fields::in_one_round(errors, "start_date", ff_service::people::add_address(&state.db, &ctx, id, &input)).await;
    saved_or_form(id, result, "address", async || {
        let fields = address_fields(Some(&form));
        Ok(simple(&state, &user, id, &ADDRESS, fields).await)
    })
    .await
}

fn merge_fields(f: Option<&FormData>) -> Vec<Field> {
    let get = |k: &str| f.map(|f| f.get(k).to_owned()).unwrap_or_default();
    vec![
        Field::Paragraph("The duplicate's relationships, households and addresses move to this record. The duplicate record is kept, marked as merged, with its history.".into()),
        Field::Text("duplicate_id", "Web address or record id of the duplicate", get("duplicate_id"), "Open the duplicate record and copy its web address from the browser. You check both records before anything is merged."),
        Field::Text("reason", "Why are these the same person?", get("reason"), "For example, the evidence you checked"),
    ]
}

pub async fn merge_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    let ctx = allowed(&state, &user, Action::MergePeople)?;
    // An unknown or another council's record is not found, not an empty form.
    ff_service::people::view(&state.db, &ctx, id).await?;
    fresh(&state, &user, id, &MERGE, merge_fields(None)).await
}

#[derive(Template)]
#[template(path = "people/merge_confirm.html")]
struct MergeConfirmPage<'a> {
    layout: Layout,
    survivor: &'a ff_service::people::PersonRecord,
    duplicate: &'a ff_service::people::PersonRecord,
    /// (heading, record, sex label) for each column.
    sides: Vec<(&'static str, &'a ff_service::people::PersonRecord, String)>,
    reason: String,
}

/// The duplicate's id, typed or pasted as the record's web address (`…/people/<id>`).
fn record_id(s: &str) -> Option<Uuid> {
    let s = s.trim().trim_end_matches('/');
    s.parse().ok().or_else(|| s.rsplit('/').next().and_then(|last| last.split(['?', '#']).next()).and_then(|id| id.parse().ok()))
}

/// Merging is irreversible from the page: the first post shows both records
/// side by side with the reason; only the confirmation's post (`confirm=yes`) merges.
pub async fn merge(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::MergePeople)?;
    let result = match record_id(form.get("duplicate_id")) {
        Some(dup) => {
            let input = ff_service::people::MergeInput { duplicate_id: dup, reason: form.get("reason").to_owned() };
            if form.get("confirm") == "yes" {
                ff_service::people::merge(&state.db, &ctx, id, &input).await
            } else {
                match ff_service::people::merge_preview(&state.db, &ctx, id, &input).await {
                    Ok((survivor, duplicate)) => {
                        let sex = |r: &ff_service::people::PersonRecord| {
                            Sex::from_code(&r.person.sex).map(|s| s.label().to_owned()).unwrap_or_default()
                        };
                        let page = MergeConfirmPage {
                            layout: Layout::for_user(&state, &user, "Check these are the same person", "/people").await,
                            survivor: &survivor,
                            duplicate: &duplicate,
                            sides: vec![
                                ("Record that stays", &survivor, sex(&survivor)),
                                ("Record merged into it", &duplicate, sex(&duplicate)),
                            ],
                            reason: input.reason.trim().to_owned(),
                        };
                        return Ok(render(StatusCode::OK, &page));
                    }
                    Err(e) => Err(e),
                }
            }
        }
        None => Err(ServiceError::Validation(ValidationErrors::single("duplicate_id", "Enter the record id of the duplicate"))),
    };
    saved_or_form(id, result, "merged", async || {
        let fields = merge_fields(Some(&form));
        Ok(simple(&state, &user, id, &MERGE, fields).await)
    })
    .await
}
