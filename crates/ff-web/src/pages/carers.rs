//! Foster carers on pages (CR-1 to CR-5): the council's list of fostering
//! households by stage, with approved places and vacancies; a household's page (details, every
//! step, approval terms, the review due, the weekly allowances); a form for each step, each
//! posting to the same service function as the API; and the allowances page. Every page works
//! without JavaScript.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use ff_domain::carers::{AgeBand, ApprovalEnd, CarerKind, CarerStage};
use ff_domain::policy::Action;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use ff_service::carers::{
    self as svc, CarerAllowancesView, CarerDetailsInput, CarerEndInput, CarerInput, CarerList, CarerRatesInput, CarerReviewInput,
    CarerStageInput, CarerTemporaryInput, CarerTermsInput, CarerView,
};
use serde::Deserialize;
use uuid::Uuid;

use super::actions::{Dated, date_or_stand_in};
use super::fields::{
    Reply, SavedQuery, allowed, date_field, in_one_round, optional_or_unreadable, saved_at, saved_or_again, shown, when_valid,
};
use super::{Field, Layout, can, form_response, get, options, pounds};
use crate::AppState;
use crate::auth::PageUser;
use crate::forms::FormData;

/// A refusal turned into errors on the form: a rule about terms on the ages, about rates on the
/// first rate, anything else (dates, order of steps, a stale version) on the date.
fn carer_errors(e: ServiceError, date_field: &str) -> Result<Vec<FieldError>, ServiceError> {
    super::fields::errors_by_rule(e, date_field, &[("CR-3", "age_from"), ("CR-2", "age_0_2")])
}

/// A form about one household: GET shows the fields (to those who may record foster carers),
/// POST runs `submit` and goes back to the household's page, or shows the form again with the
/// errors and what was typed. A page is one line of data (the handlers; the heading, address and
/// the field a refusal belongs to) and then its fields and what it saves.
macro_rules! carer_action {
    ($get:ident, $post:ident; $heading:literal, $path:literal, $date_field:literal;
     fields = |$c:ident, $f:ident, $today:ident| $fields:expr,
     submit = |$ctx:ident, $id:ident, $form:ident, $errs:ident, $db:ident| $body:block) => {
        pub async fn $get(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
            let ctx = allowed(&state, &user, Action::ManageCarers)?;
            let page = ($heading, format!($path, id = id));
            carer_form(&state, &user, &ctx, id, page, vec![], |$c| {
                let $f: Option<&FormData> = None;
                let $today = ctx.today();
                $fields
            })
            .await
        }

        pub async fn $post(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form_data: FormData) -> Reply {
            let $ctx = allowed(&state, &user, Action::ManageCarers)?;
            let result = submitted!(|$id, $form, $errs, $db| $body, id, &form_data, &state.db);
            saved_or_again(
                result,
                |()| saved_at(&format!("/carers/{id}")),
                |e| carer_errors(e, $date_field),
                async |errors| {
                    let page = ($heading, format!($path, id = id));
                    carer_form(&state, &user, &$ctx, id, page, errors, |$c| {
                        let $f: Option<&FormData> = Some(&form_data);
                        let $today = $ctx.today();
                        $fields
                    })
                    .await
                },
            )
            .await
        }
    };
}

/// A household's form page, under Carers and back to the household: `fields` gives the form's
/// fields for the household as it is now.
async fn carer_form(
    state: &AppState,
    user: &PageUser,
    ctx: &ff_service::Ctx,
    id: Uuid,
    (heading, action): (&str, String),
    errors: Vec<FieldError>,
    fields: impl FnOnce(&CarerView) -> Vec<Field>,
) -> Reply {
    let c = svc::get(&state.db, ctx, id).await?;
    let fields = fields(&c);
    Ok(form_response(state, user, "/carers", (c.name.clone(), format!("/carers/{id}")), (heading, action), fields, errors).await)
}

fn version(f: &FormData) -> i32 {
    f.get("version").parse().unwrap_or(0)
}

/// A whole number typed in a form, or an error on its field.
fn number(f: &FormData, k: &str, errors: &mut ValidationErrors) -> u32 {
    f.get(k).trim().parse::<u32>().unwrap_or_else(|_| {
        errors.add(k, "Enter a whole number, like 2");
        0
    })
}

/// Pounds typed in a form ("174", "174.50", "£174") as pence, or an error on its field.
fn pence(f: &FormData, k: &str, errors: &mut ValidationErrors) -> u32 {
    let raw = f.get(k).trim().trim_start_matches('£').replace(',', "");
    match raw.parse::<f64>() {
        Ok(p) if p.is_finite() && p > 0.0 && p <= 2_000.0 => (p * 100.0).round() as u32,
        _ => {
            errors.add(k, "Enter a weekly amount in pounds, like 174.50");
            0
        }
    }
}

/// What was typed, or else `current`.
fn typed_or(f: Option<&FormData>, k: &str, current: String) -> String {
    f.map(|f| f.get(k).to_owned()).unwrap_or(current)
}

#[derive(Deserialize)]
pub struct ListQuery {
    stage: Option<String>,
    page: Option<u32>,
}

#[derive(Template)]
#[template(path = "carers/list.html")]
struct ListPage {
    layout: Layout,
    list: CarerList,
    can_manage: bool,
}

/// The council's foster carers, by stage.
pub async fn list(State(state): State<AppState>, user: PageUser, Query(q): Query<ListQuery>) -> Reply {
    let list = svc::list(&state.db, &user.ctx(&state), q.stage.as_deref(), q.page.unwrap_or(1)).await?;
    let can_manage = can(user.actor(), Action::ManageCarers);
    shown(&state, &user, ("Foster carers", "/carers"), |layout| ListPage { layout, list, can_manage }).await
}

#[derive(Template)]
#[template(path = "carers/show.html")]
struct ShowPage {
    layout: Layout,
    c: CarerView,
    can_manage: bool,
    saved: bool,
}

/// A household's page.
pub async fn show(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<SavedQuery>) -> Reply {
    let c = svc::get(&state.db, &user.ctx(&state), id).await?;
    let (title, can_manage) = (c.name.clone(), can(user.actor(), Action::ManageCarers));
    shown(&state, &user, (&title, "/carers"), |layout| ShowPage { layout, c, can_manage, saved: q.saved.is_some() }).await
}

fn new_fields(f: Option<&FormData>, today: chrono::NaiveDate) -> Vec<Field> {
    let checked = |k: &str| f.is_some_and(|f| f.checked(k));
    vec![
        Field::Text("name", "The carers' names", get(f, "name"), "As the household is known, for example Sam and Alex Reid"),
        Field::Radios("kind", "What kind of foster carers?", options(CarerKind::ALL, |k| k.code(), |k| k.label()), get(f, "kind")),
        Field::Text(
            "postcode_area",
            "Postcode area (optional)",
            get(f, "postcode_area"),
            "The first half of the postcode, for example NM4",
        ),
        Field::Paragraph("Children the household could take who are hard to find homes for:".into()),
        Field::Checkbox("takes_siblings", "Brothers and sisters (sibling groups)", checked("takes_siblings")),
        Field::Checkbox("takes_teenagers", "Teenagers", checked("takes_teenagers")),
        Field::Checkbox("takes_uasc", "Unaccompanied asylum-seeking children", checked("takes_uasc")),
        Field::Checkbox("takes_parent_and_child", "A parent and their child", checked("takes_parent_and_child")),
        date_field("enquiry_on", "When did they first enquire?", f, Some(today)),
    ]
}

/// The new household's form, fresh (`f` none) or again with what was typed and the errors.
async fn draw_new(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Response {
    let fields = new_fields(f, user.ctx(state).today());
    let at = ("A new enquiry about fostering", "/carers/new".to_owned());
    form_response(state, user, "/carers", (String::new(), "/carers".into()), at, fields, errors).await
}

/// The first enquiry of a new household.
pub async fn new_form(State(state): State<AppState>, user: PageUser) -> Reply {
    allowed(&state, &user, Action::ManageCarers)?;
    Ok(draw_new(&state, &user, None, vec![]).await)
}

pub async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageCarers)?;
    let mut errors = ValidationErrors::new();
    let enquiry_on = date_or_stand_in(&ctx, &form, "enquiry_on", "The date of the enquiry", &mut errors);
    let input = CarerInput {
        name: form.get("name").into(),
        kind: form.get("kind").into(),
        postcode_area: form.opt("postcode_area"),
        takes_siblings: form.checked("takes_siblings"),
        takes_teenagers: form.checked("takes_teenagers"),
        takes_uasc: form.checked("takes_uasc"),
        takes_parent_and_child: form.checked("takes_parent_and_child"),
        enquiry_on,
    };
    let mut made = None;
    let result = in_one_round(errors, "enquiry_on", async {
        made = Some(svc::create(&state.db, &ctx, &input).await?);
        Ok::<(), ServiceError>(())
    })
    .await;
    // Saved, the service gave the new household's id; without one, there is nothing to go to.
    let result = result.and_then(|()| made.ok_or(ServiceError::NotFound("foster carer")));
    let again = async |errors| Ok(draw_new(&state, &user, Some(&form), errors).await);
    saved_or_again(result, |id| saved_at(&format!("/carers/{id}")), |e| carer_errors(e, "enquiry_on"), again).await
}

carer_action!(
    details_form, details; "Change the household's details", "/carers/{id}/details", "name";
    fields = |c, f, today| {
        let _ = today;
        let checked = |k: &str, now: bool| f.map(|f| f.checked(k)).unwrap_or(now);
        vec![
            Field::Hidden("version", c.version.to_string()),
            Field::Text("name", "The carers' names", typed_or(f, "name", c.name.clone()), ""),
            Field::Text(
                "postcode_area",
                "Postcode area (optional)",
                typed_or(f, "postcode_area", c.postcode_area.clone().unwrap_or_default()),
                "The first half of the postcode, for example NM4",
            ),
            Field::Paragraph("Children the household could take who are hard to find homes for:".into()),
            Field::Checkbox("takes_siblings", "Brothers and sisters (sibling groups)", checked("takes_siblings", c.takes_siblings)),
            Field::Checkbox("takes_teenagers", "Teenagers", checked("takes_teenagers", c.takes_teenagers)),
            Field::Checkbox("takes_uasc", "Unaccompanied asylum-seeking children", checked("takes_uasc", c.takes_uasc)),
            Field::Checkbox(
                "takes_parent_and_child",
                "A parent and their child",
                checked("takes_parent_and_child", c.takes_parent_and_child),
            ),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let _ = &mut errors;
        let input = CarerDetailsInput {
            name: form.get("name").into(),
            postcode_area: form.opt("postcode_area"),
            takes_siblings: form.checked("takes_siblings"),
            takes_teenagers: form.checked("takes_teenagers"),
            takes_uasc: form.checked("takes_uasc"),
            takes_parent_and_child: form.checked("takes_parent_and_child"),
            version: version(form),
        };
        svc::change_details(db, &ctx, id, &input).await
    }
);

carer_action!(
    stage_form, stage; "The next stage of recruitment", "/carers/{id}/stage", "on";
    fields = |c, f, today| {
        let mut fields = vec![Field::Hidden("version", c.version.to_string())];
        match (&c.next_stage, &c.next_stage_label) {
            (Some(next), Some(label)) => {
                fields.push(Field::Hidden("stage", next.clone()));
                fields.push(Field::Paragraph(format!(
                    "Now at: {} (since {}). Next: {label}.",
                    c.stage_label,
                    c.stage_on.format("%-d %B %Y")
                )));
            }
            _ => fields.push(Field::Paragraph(format!("Now at: {}. There is no further stage before approval.", c.stage_label))),
        }
        fields.push(date_field("on", "When was this stage reached?", f, Some(today)));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("on", "The date"), errors)
            .save_when_valid(async |on| {
                let input = CarerStageInput { stage: form.get("stage").into(), on, reason: None, version: version(form) };
                svc::stage(db, &ctx, id, &input).await
            })
            .await
    }
);

carer_action!(
    close_form, close; "The household withdraws, or is not approved", "/carers/{id}/close", "on";
    fields = |c, f, today| {
        let ways = [CarerStage::Withdrawn, CarerStage::NotApproved];
        vec![
            Field::Hidden("version", c.version.to_string()),
            Field::Paragraph(format!("Now at: {} (since {}).", c.stage_label, c.stage_on.format("%-d %B %Y"))),
            Field::Radios("stage", "What happened?", options(&ways, |s| s.code(), |s| s.label()), get(f, "stage")),
            date_field("on", "When?", f, Some(today)),
            Field::Text("reason", "Why?", get(f, "reason"), "For example, the family is moving away, or the panel's reasons"),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        if form.get("stage").is_empty() {
            errors.add("stage", "Choose whether the household withdrew or was not approved");
        }
        Dated::read(&ctx, form, ("on", "The date"), errors)
            .save_when_valid(async |on| {
                let input = CarerStageInput { stage: form.get("stage").into(), on, reason: form.opt("reason"), version: version(form) };
                svc::stage(db, &ctx, id, &input).await
            })
            .await
    }
);

fn terms_fields(c: &CarerView, f: Option<&FormData>, today: chrono::NaiveDate, heading: &str) -> Vec<Field> {
    let t = c.terms.as_ref();
    let cur = |pick: fn(&svc::CarerTermsView) -> String| t.map(pick).unwrap_or_default();
    vec![
        Field::Hidden("version", c.version.to_string()),
        date_field("on", if heading.is_empty() { "From when?" } else { "When were they approved?" }, f, Some(today)),
        Field::Text("age_from", "Youngest age (years)", typed_or(f, "age_from", cur(|t| t.age_from.to_string())), "From 0"),
        Field::Text("age_to", "Oldest age (years)", typed_or(f, "age_to", cur(|t| t.age_to.to_string())), "Up to 17"),
        Field::Text(
            "places",
            "How many children at once?",
            typed_or(f, "places", cur(|t| t.places.to_string())),
            "The usual limit is 3; more needs an exemption",
        ),
        Field::Radios(
            "siblings_together",
            "May brothers and sisters be placed together?",
            vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
            typed_or(f, "siblings_together", t.map(|t| if t.siblings_together { "yes" } else { "no" }.to_owned()).unwrap_or_default()),
        ),
        Field::Text(
            "exemption_reason",
            "If more than 3 children: the exemption from the usual limit",
            typed_or(f, "exemption_reason", t.and_then(|t| t.exemption_reason.clone()).unwrap_or_default()),
            "For example, to keep a group of four brothers and sisters together",
        ),
    ]
}

/// Saves the terms of approval typed in `form` through `save`, with every mistake in one round.
async fn with_terms<T>(
    ctx: &ff_service::Ctx,
    form: &FormData,
    mut errors: ValidationErrors,
    save: impl AsyncFnOnce(&CarerTermsInput) -> Result<T, ServiceError>,
) -> Result<(), ServiceError> {
    let input = terms_input(ctx, form, &mut errors);
    in_one_round(errors, "on", save(&input)).await
}

fn terms_input(ctx: &ff_service::Ctx, form: &FormData, errors: &mut ValidationErrors) -> CarerTermsInput {
    CarerTermsInput {
        on: date_or_stand_in(ctx, form, "on", "The date", errors),
        age_from: number(form, "age_from", errors),
        age_to: number(form, "age_to", errors),
        places: number(form, "places", errors),
        siblings_together: form.get("siblings_together") == "yes",
        exemption_reason: form.opt("exemption_reason"),
        version: version(form),
    }
}

carer_action!(
    approve_form, approve; "Approved after the fostering panel", "/carers/{id}/approval", "on";
    fields = |c, f, today| terms_fields(c, f, today, "approved"),
    submit = |ctx, id, form, errors, db| { with_terms(&ctx, form, errors, async |t| svc::approve(db, &ctx, id, t).await).await }
);

carer_action!(
    terms_form, terms; "Change the terms of approval", "/carers/{id}/terms", "on";
    fields = |c, f, today| terms_fields(c, f, today, ""),
    submit = |ctx, id, form, errors, db| { with_terms(&ctx, form, errors, async |t| svc::change_terms(db, &ctx, id, t).await).await }
);

carer_action!(
    temporary_form, temporary; "Temporary approval of a connected person", "/carers/{id}/temporary", "on";
    fields = |c, f, today| {
        let mut fields = vec![Field::Hidden("version", c.version.to_string())];
        fields.push(Field::Paragraph(match (c.temporary_from, c.temporary_until) {
            (Some(from), Some(until)) => format!(
                "Approved temporarily from {} until {}. It can be extended once, to at most 24 weeks from when it began.",
                from.format("%-d %B %Y"),
                until.format("%-d %B %Y")
            ),
            _ => "A child's family member or friend can be approved for up to 16 weeks while their assessment is finished (regulation 24)."
                .into(),
        }));
        fields.push(date_field("on", "When was it decided?", f, Some(today)));
        fields.push(date_field("until", "Until when? (leave blank for the longest allowed)", f, None));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        let until = optional_or_unreadable(form, "until", "The end date", &mut errors);
        Dated::read(&ctx, form, ("on", "The date"), errors)
            .save_when_valid(async |on| {
                let input = CarerTemporaryInput { on, until, version: version(form) };
                svc::temporary(db, &ctx, id, &input).await
            })
            .await
    }
);

carer_action!(
    review_form, review; "The yearly review of approval", "/carers/{id}/review", "on";
    fields = |c, f, today| {
        let mut fields = vec![Field::Hidden("version", c.version.to_string())];
        if let Some(due) = c.review_due {
            fields.push(Field::Paragraph(format!(
                "Due by {}{}.",
                due.format("%-d %B %Y"),
                if c.review_overdue { " (overdue)" } else { "" }
            )));
        }
        fields.push(date_field("on", "When was the approval reviewed?", f, Some(today)));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("on", "The date"), errors)
            .save_when_valid(async |on| {
                let input = CarerReviewInput { on, version: version(form) };
                svc::review(db, &ctx, id, &input).await
            })
            .await
    }
);

carer_action!(
    end_form, end; "The approval ends", "/carers/{id}/end", "on";
    fields = |c, f, today| vec![
        Field::Hidden("version", c.version.to_string()),
        Field::Radios("reason", "Why did it end?", options(ApprovalEnd::ALL, |r| r.code(), |r| r.label()), get(f, "reason")),
        Field::Text("details", "In a few words", get(f, "details"), "For example, retiring, or the panel's recommendation"),
        date_field("on", "When did it end?", f, Some(today)),
    ],
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("on", "The date"), errors)
            .save_when_valid(async |on| {
                let input = CarerEndInput { on, reason: form.get("reason").into(), details: form.opt("details"), version: version(form) };
                svc::end(db, &ctx, id, &input).await
            })
            .await
    }
);

#[derive(Template)]
#[template(path = "carers/allowances.html")]
struct AllowancesPage {
    layout: Layout,
    a: CarerAllowancesView,
    /// The council's rates, then the national minimum, each with its heading.
    tables: Vec<(&'static str, Vec<svc::CarerRates>)>,
    can_manage: bool,
    /// Where the council is (whose national minimum applies) is set in the council settings.
    can_manage_settings: bool,
    saved: bool,
}

/// The weekly allowances, today's and every dated set of rates.
pub async fn allowances(State(state): State<AppState>, user: PageUser, Query(q): Query<SavedQuery>) -> Reply {
    let a = svc::allowances(&state.db, &user.ctx(&state)).await?;
    let tables = vec![("The council's own rates", a.council_rates.clone()), ("The national minimum allowance", a.national_minimum.clone())];
    let can_manage = can(user.actor(), Action::ManageCarers);
    let can_manage_settings = can(user.actor(), Action::EditSettings);
    let page = |layout| AllowancesPage { layout, a, tables, can_manage, can_manage_settings, saved: q.saved.is_some() };
    shown(&state, &user, ("Foster carers' allowances", "/carers"), page).await
}

const BAND_FIELDS: [(&str, AgeBand); 5] = [
    ("age_0_2", AgeBand::Age0To2),
    ("age_3_4", AgeBand::Age3To4),
    ("age_5_10", AgeBand::Age5To10),
    ("age_11_15", AgeBand::Age11To15),
    ("age_16_17", AgeBand::Age16To17),
];

fn rates_fields(a: &CarerAllowancesView, f: Option<&FormData>, today: chrono::NaiveDate) -> Vec<Field> {
    let mut fields = vec![
        Field::Hidden("version", a.version.to_string()),
        Field::Paragraph(
            "The weekly allowance for a child in each age band, from a date. The council's own rates can never be less than the national minimum in force that day."
                .into(),
        ),
        Field::Radios(
            "which",
            "Whose rates are these?",
            vec![
                ("council".into(), "The council's own rates".into()),
                ("national".into(), "The national minimum allowance, as the Department for Education published it".into()),
            ],
            typed_or(f, "which", "council".into()),
        ),
        date_field("from", "From when?", f, Some(today)),
    ];
    for (name, band) in BAND_FIELDS {
        let label = match band {
            AgeBand::Age0To2 => "A child aged 0 to 2 (£ a week)",
            AgeBand::Age3To4 => "A child aged 3 to 4 (£ a week)",
            AgeBand::Age5To10 => "A child aged 5 to 10 (£ a week)",
            AgeBand::Age11To15 => "A child aged 11 to 15 (£ a week)",
            AgeBand::Age16To17 => "A young person aged 16 to 17 (£ a week)",
        };
        let minimum = a.today.iter().find(|t| t.band == band.code()).and_then(|t| t.national_minimum_pence);
        let hint = if minimum.is_some() { "The council's own: at least the national minimum (shown on the allowances page)" } else { "" };
        fields.push(Field::Text(name, label, get(f, name), hint));
    }
    fields
}

/// The rates' form, fresh (`f` none) or again with what was typed and the errors.
async fn draw_rates(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let ctx = user.ctx(state);
    let a = svc::allowances(&state.db, &ctx).await?;
    let fields = rates_fields(&a, f, ctx.today());
    let at = ("Weekly allowances from a date", "/carer-allowances/new".to_owned());
    Ok(form_response(state, user, "/carers", (String::new(), "/carer-allowances".into()), at, fields, errors).await)
}

pub async fn rates_form(State(state): State<AppState>, user: PageUser) -> Reply {
    allowed(&state, &user, Action::ManageCarers)?;
    draw_rates(&state, &user, None, vec![]).await
}

pub async fn rates(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManageCarers)?;
    let mut errors = ValidationErrors::new();
    let from = form.required_date("from", "The start date", &mut errors);
    let p: Vec<u32> = BAND_FIELDS.iter().map(|(name, _)| pence(&form, name, &mut errors)).collect();
    let input = CarerRatesInput {
        national_minimum: form.get("which") == "national",
        // Any date the form could not read is refused below before the service is called.
        from: from.unwrap_or_default(),
        age_0_2_pence: p[0],
        age_3_4_pence: p[1],
        age_5_10_pence: p[2],
        age_11_15_pence: p[3],
        age_16_17_pence: p[4],
        version: version(&form),
    };
    let result = when_valid(errors, svc::set_council_rates(&state.db, &ctx, &input)).await;
    let again = async |errors| draw_rates(&state, &user, Some(&form), errors).await;
    saved_or_again(result, |()| saved_at("/carer-allowances"), |e| carer_errors(e, "from"), again).await
}

/// Pence as pounds for the templates (`£174.00`), or "Not set" when there is no rate.
pub(crate) fn money(p: &Option<u32>) -> String {
    p.map(|p| pounds(i64::from(p))).unwrap_or_else(|| "Not set".into())
}

/// A weekly rate in pence as pounds.
pub(crate) fn weekly(p: &u32) -> String {
    pounds(i64::from(*p))
}
