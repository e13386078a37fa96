//! The partnership's own record on pages (`ff_service::partnership::arrangements`): one overview
//! with a section for each part (the partnership, the named partners, relevant agencies, the
//! documents and their sign-offs, the budget), and a plain form to add, end or change each. Every
//! form posts to the same service function as the API and works without JavaScript.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use ff_domain::FieldError;
use ff_domain::ValidationErrors;
use ff_domain::partnership::arrangements::{AgencyKind, DocumentKind, PartnerRole, StatutoryPartner};
use ff_domain::policy::Action;
use ff_service::ServiceError;
use ff_service::partnership::arrangements::{
    self as svc, ArrangementsView, ContributionChange, ContributionInput, DocumentSignOffInput, NamedPartnerInput,
    PartnershipDocumentInput, PartnershipInput, PeriodEndInput, RelevantAgencyInput,
};
use serde::Deserialize;
use uuid::Uuid;

use super::fields::{Reply, SavedQuery, allowed, date_field, errors_of, saved_at, saved_or_again, shown, when_all_valid, when_valid};
use super::{Field, Layout, can, form_response, get, options, pounds};
use crate::AppState;
use crate::auth::PageUser;
use crate::forms::FormData;

const HOME: &str = "/partnership/arrangements";

#[derive(Template)]
#[template(path = "partnership/arrangements.html")]
struct OverviewPage {
    layout: Layout,
    v: ArrangementsView,
    can_manage: bool,
    saved: bool,
}

/// The partnership's record, each part with its forms.
pub async fn overview(State(state): State<AppState>, user: PageUser, Query(q): Query<SavedQuery>) -> Reply {
    let v = svc::view(&state.db, &user.ctx(&state)).await?;
    let can_manage = can(user.actor(), Action::ManagePartnership);
    shown(&state, &user, ("The partnership", "/partnership"), |layout| OverviewPage { layout, v, can_manage, saved: q.saved.is_some() })
        .await
}

async fn draw(
    state: &AppState,
    user: &PageUser,
    (heading, action): (&str, String),
    fields: Vec<Field>,
    errors: Vec<FieldError>,
) -> Response {
    form_response(state, user, "/partnership", (String::new(), HOME.into()), (heading, action), fields, errors).await
}

fn choose(mut o: Vec<(String, String)>) -> Vec<(String, String)> {
    o.insert(0, (String::new(), "Choose".to_owned()));
    o
}

fn partners() -> Vec<(String, String)> {
    choose(options(StatutoryPartner::ALL, |p| p.code(), |p| p.label()))
}

/// The page's own field names for the service's: the amount is typed in pounds.
fn on_form(e: ServiceError) -> Result<Vec<FieldError>, ServiceError> {
    let mut errors = errors_of(e, "version")?;
    for e in &mut errors {
        if e.field == "amount_pence" {
            e.field = "amount".into();
        }
    }
    Ok(errors)
}

fn done() -> Response {
    saved_at(HOME)
}

async fn view_of(state: &AppState, user: &PageUser) -> Result<ArrangementsView, ServiceError> {
    svc::view(&state.db, &user.ctx(state)).await
}

// ---------------------------------------------------------------------------------------------
// The partnership itself.

fn record_fields(v: &ArrangementsView, f: Option<&FormData>) -> Vec<Field> {
    let r = v.record.as_ref();
    let pick = |name: &str, current: Option<String>| match f {
        Some(_) => get(f, name),
        None => current.unwrap_or_default(),
    };
    let mut fields = vec![];
    if let Some(r) = r {
        fields.push(Field::Hidden("version", r.version.to_string()));
    }
    fields.extend([
        Field::Text("name", "The partnership's name", pick("name", r.map(|r| r.name.clone())), ""),
        Field::Text(
            "areas",
            "The councils it covers",
            pick("areas", r.map(|r| r.areas.join(", "))),
            "Each council's three-digit code, separated by commas. This council is always included.",
        ),
        Field::Text("chair", "Who chairs it", pick("chair", r.map(|r| r.chair.clone())), "Name and job title"),
        Field::Text(
            "scrutineer",
            "The independent scrutineer",
            pick("scrutineer", r.map(|r| r.scrutineer.clone())),
            "Who provides independent scrutiny of the arrangements (MASA-P-7)",
        ),
        date_field("scrutiny_from", "Scrutiny arrangements from", f, r.map(|r| r.scrutiny_from)),
        date_field("scrutiny_to", "Scrutiny arrangements to (leave blank if continuing)", f, r.and_then(|r| r.scrutiny_to)),
    ]);
    fields
}

pub async fn record_form(State(state): State<AppState>, user: PageUser) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    let v = view_of(&state, &user).await?;
    Ok(draw(&state, &user, ("The partnership", format!("{HOME}/record")), record_fields(&v, None), vec![]).await)
}

pub async fn record(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let from = form.required_date("scrutiny_from", "The day scrutiny started", &mut errors);
    let to = form.optional_date("scrutiny_to", "The day scrutiny ended", &mut errors);
    let input = PartnershipInput {
        version: form.get("version").parse().ok(),
        name: form.get("name").into(),
        areas: form.get("areas").into(),
        chair: form.get("chair").into(),
        scrutineer: form.get("scrutineer").into(),
        scrutiny_from: from.unwrap_or_default(),
        scrutiny_to: to,
    };
    let result = when_valid(errors, svc::save_record(&state.db, &ctx, &input)).await;
    let again = async |errors| {
        let v = view_of(&state, &user).await?;
        Ok(draw(&state, &user, ("The partnership", format!("{HOME}/record")), record_fields(&v, Some(&form)), errors).await)
    };
    saved_or_again(result, |_| done(), on_form, again).await
}

// ---------------------------------------------------------------------------------------------
// Named partners.

#[derive(Deserialize)]
pub struct ReplacesParam {
    replaces: Option<Uuid>,
}

fn partner_fields(v: &ArrangementsView, replaces: Option<Uuid>, f: Option<&FormData>) -> Result<Vec<Field>, ServiceError> {
    let mut fields = vec![];
    match replaces {
        Some(id) => {
            let old = v.partners.iter().find(|p| p.id == id).ok_or(ServiceError::NotFound("named partner"))?;
            fields.push(Field::Paragraph(format!(
                "{} takes over from {} ({}), whose time ends the day before.",
                old.role_label, old.person_name, old.partner_label
            )));
            fields.push(Field::Hidden("partner", old.partner.clone()));
            fields.push(Field::Hidden("role", old.role.clone()));
        }
        None => {
            fields.push(Field::Select("partner", "Which partner?", partners(), get(f, "partner")));
            fields.push(Field::Radios("role", "Their place", options(PartnerRole::ALL, |r| r.code(), |r| r.label()), get(f, "role")));
        }
    }
    fields.extend([
        Field::Text("person_name", "Their name", get(f, "person_name"), ""),
        Field::Text("role_title", "Their job title", get(f, "role_title"), "For example, Chief Executive"),
        date_field("from", "From", f, None),
        date_field("to", "To (leave blank if continuing)", f, None),
    ]);
    Ok(fields)
}

fn partner_action(replaces: Option<Uuid>) -> String {
    match replaces {
        Some(id) => format!("{HOME}/partners/new?replaces={id}"),
        None => format!("{HOME}/partners/new"),
    }
}

pub async fn partner_form(State(state): State<AppState>, user: PageUser, Query(q): Query<ReplacesParam>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    let v = view_of(&state, &user).await?;
    let fields = partner_fields(&v, q.replaces, None)?;
    Ok(draw(&state, &user, ("Name a safeguarding partner", partner_action(q.replaces)), fields, vec![]).await)
}

pub async fn add_partner(State(state): State<AppState>, user: PageUser, Query(q): Query<ReplacesParam>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let from = form.required_date("from", "The day they start", &mut errors);
    let to = form.optional_date("to", "The day they end", &mut errors);
    let input = NamedPartnerInput {
        partner: form.get("partner").into(),
        role: form.get("role").into(),
        person_name: form.get("person_name").into(),
        role_title: form.get("role_title").into(),
        from: from.unwrap_or_default(),
        to,
        replaces: q.replaces,
    };
    let result = when_all_valid(errors, || svc::partner_mistakes(&input), svc::add_partner(&state.db, &ctx, &input)).await;
    let again = async |errors| {
        let v = view_of(&state, &user).await?;
        let fields = partner_fields(&v, q.replaces, Some(&form))?;
        Ok(draw(&state, &user, ("Name a safeguarding partner", partner_action(q.replaces)), fields, errors).await)
    };
    saved_or_again(result, |_| done(), on_form, again).await
}

fn end_fields(version: i32, what: String, f: Option<&FormData>) -> Vec<Field> {
    vec![Field::Hidden("version", version.to_string()), Field::Paragraph(what), date_field("to", "The last day", f, None)]
}

fn end_input(form: &FormData, errors: &mut ValidationErrors) -> PeriodEndInput {
    let to = form.required_date("to", "The last day", errors);
    PeriodEndInput { version: form.get("version").parse().unwrap_or_default(), to: to.unwrap_or_default() }
}

async fn draw_end_partner(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let v = view_of(state, user).await?;
    let p = v.partners.iter().find(|p| p.id == id).ok_or(ServiceError::NotFound("named partner"))?;
    let fields = end_fields(p.version, format!("{}, {} for {}.", p.person_name, p.role_label, p.partner_label), f);
    Ok(draw(state, user, ("A safeguarding partner's time ends", format!("{HOME}/partners/{id}/end")), fields, errors).await)
}

pub async fn end_partner_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    draw_end_partner(&state, &user, id, None, vec![]).await
}

pub async fn end_partner(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let input = end_input(&form, &mut errors);
    let result = when_valid(errors, svc::end_partner(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_end_partner(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| done(), on_form, again).await
}

// ---------------------------------------------------------------------------------------------
// Relevant agencies.

fn agency_fields(f: Option<&FormData>) -> Vec<Field> {
    vec![
        Field::Text("name", "The agency's name", get(f, "name"), "For example, Northmoor College"),
        Field::Select("kind", "What kind of agency?", choose(options(AgencyKind::ALL, |k| k.code(), |k| k.label())), get(f, "kind")),
        date_field("from", "Named in the arrangements from", f, None),
        date_field("to", "To (leave blank if continuing)", f, None),
    ]
}

pub async fn agency_form(State(state): State<AppState>, user: PageUser) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    Ok(draw(&state, &user, ("Name a relevant agency", format!("{HOME}/agencies/new")), agency_fields(None), vec![]).await)
}

pub async fn add_agency(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let from = form.required_date("from", "The day it was named", &mut errors);
    let to = form.optional_date("to", "The day it left", &mut errors);
    let input = RelevantAgencyInput { name: form.get("name").into(), kind: form.get("kind").into(), from: from.unwrap_or_default(), to };
    let result = when_all_valid(errors, || svc::agency_mistakes(&input), svc::add_agency(&state.db, &ctx, &input)).await;
    let again = async |errors| {
        Ok(draw(&state, &user, ("Name a relevant agency", format!("{HOME}/agencies/new")), agency_fields(Some(&form)), errors).await)
    };
    saved_or_again(result, |_| done(), on_form, again).await
}

async fn draw_end_agency(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let v = view_of(state, user).await?;
    let a = v.agencies.iter().find(|a| a.id == id).ok_or(ServiceError::NotFound("relevant agency"))?;
    let fields = end_fields(a.version, format!("{} ({}).", a.name, a.kind_label), f);
    Ok(draw(state, user, ("An agency leaves the arrangements", format!("{HOME}/agencies/{id}/end")), fields, errors).await)
}

pub async fn end_agency_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    draw_end_agency(&state, &user, id, None, vec![]).await
}

pub async fn end_agency(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let input = end_input(&form, &mut errors);
    let result = when_valid(errors, svc::end_agency(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_end_agency(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| done(), on_form, again).await
}

// ---------------------------------------------------------------------------------------------
// Documents and sign-off.

fn document_fields(f: Option<&FormData>) -> Vec<Field> {
    vec![
        Field::Radios("kind", "Which document?", options(DocumentKind::ALL, |k| k.code(), |k| k.label()), get(f, "kind")),
        Field::Text("title", "Its title", get(f, "title"), ""),
        Field::Text("version_label", "Its version", get(f, "version_label"), "As the document names it, for example Version 3"),
        date_field("published_on", "When was it published?", f, None),
        Field::Text("link", "Where is it published?", get(f, "link"), "The web address, starting https://"),
    ]
}

pub async fn document_form(State(state): State<AppState>, user: PageUser) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    Ok(draw(&state, &user, ("Add a document", format!("{HOME}/documents/new")), document_fields(None), vec![]).await)
}

pub async fn add_document(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let on = form.required_date("published_on", "The day it was published", &mut errors);
    let input = PartnershipDocumentInput {
        kind: form.get("kind").into(),
        title: form.get("title").into(),
        version_label: form.get("version_label").into(),
        published_on: on.unwrap_or_default(),
        link: form.get("link").into(),
    };
    let result = when_all_valid(errors, || svc::document_mistakes(&input, ctx.today()), svc::add_document(&state.db, &ctx, &input)).await;
    let again = async |errors| {
        Ok(draw(&state, &user, ("Add a document", format!("{HOME}/documents/new")), document_fields(Some(&form)), errors).await)
    };
    saved_or_again(result, |_| done(), on_form, again).await
}

async fn draw_sign_off(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let v = view_of(state, user).await?;
    let d = v.documents.iter().find(|d| d.id == id).ok_or(ServiceError::NotFound("document"))?;
    let waiting: Vec<(String, String)> =
        d.sign_offs.iter().filter(|s| s.signed_on.is_none()).map(|s| (s.partner.clone(), s.partner_label.clone())).collect();
    let fields = vec![
        Field::Hidden("version", d.version.to_string()),
        Field::Paragraph(format!("{}: {} ({}).", d.kind_label, d.title, d.version_label)),
        Field::Radios("partner", "Which partner's lead signed it off?", waiting, get(f, "partner")),
        date_field("signed_on", "When did they sign it?", f, None),
    ];
    Ok(draw(state, user, ("A lead partner signs it off", format!("{HOME}/documents/{id}/sign-off")), fields, errors).await)
}

pub async fn sign_off_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    draw_sign_off(&state, &user, id, None, vec![]).await
}

pub async fn sign_off(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let on = form.required_date("signed_on", "The day it was signed", &mut errors);
    let input = DocumentSignOffInput {
        version: form.get("version").parse().unwrap_or_default(),
        partner: form.get("partner").into(),
        signed_on: on.unwrap_or_default(),
    };
    let result = when_valid(errors, svc::sign_off(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_sign_off(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| done(), on_form, again).await
}

// ---------------------------------------------------------------------------------------------
// The budget.

/// Pounds as typed ("12,500", "£12500.50") in pence; `None` when it is not an amount.
fn pence(typed: &str) -> Option<i64> {
    let t: String = typed.trim().trim_start_matches('£').chars().filter(|c| *c != ',').collect();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start_matches('£').to_owned()),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let p = whole.parse::<i64>().ok()?.checked_mul(100)? + format!("{frac:0<2}").parse::<i64>().ok()?;
    Some(if neg { -p } else { p })
}

fn amount(form: &FormData, errors: &mut ValidationErrors) -> i64 {
    pence(form.get("amount")).unwrap_or_else(|| {
        errors.add("amount", "Give the amount in pounds, for example 45,000");
        0
    })
}

fn budget_fields(today_year: i32, f: Option<&FormData>) -> Vec<Field> {
    vec![
        Field::Select("partner", "Which partner?", partners(), get(f, "partner")),
        Field::Text(
            "year",
            "The financial year, by the year it starts",
            if f.is_some() { get(f, "year") } else { today_year.to_string() },
            "For example, 2026 for April 2026 to March 2027",
        ),
        Field::Text("amount", "Their contribution, in pounds", get(f, "amount"), "For example, 45,000"),
    ]
}

pub async fn budget_form(State(state): State<AppState>, user: PageUser) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let year = svc::financial_year(ctx.today());
    Ok(draw(&state, &user, ("Record a budget contribution", format!("{HOME}/budget/new")), budget_fields(year, None), vec![]).await)
}

pub async fn add_budget(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let year = form.get("year").trim().parse::<i32>().unwrap_or_else(|_| {
        errors.add("year", "Give the year the financial year starts, for example 2026");
        0
    });
    let input = ContributionInput { partner: form.get("partner").into(), year, amount_pence: amount(&form, &mut errors) };
    let result = when_all_valid(errors, || svc::budget_mistakes(&input), svc::add_budget(&state.db, &ctx, &input)).await;
    let this_year = svc::financial_year(ctx.today());
    let again = async |errors| {
        Ok(draw(
            &state,
            &user,
            ("Record a budget contribution", format!("{HOME}/budget/new")),
            budget_fields(this_year, Some(&form)),
            errors,
        )
        .await)
    };
    saved_or_again(result, |_| done(), on_form, again).await
}

async fn draw_change_budget(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let v = view_of(state, user).await?;
    let (y, l) = v
        .budget
        .iter()
        .find_map(|y| y.lines.iter().find(|l| l.id == id).map(|l| (y, l)))
        .ok_or(ServiceError::NotFound("budget contribution"))?;
    let fields = vec![
        Field::Hidden("version", l.version.to_string()),
        Field::Paragraph(format!("{}, {}: now {}.", l.partner_label, y.year_label, pounds(l.amount_pence))),
        Field::Text(
            "amount",
            "Their contribution, in pounds",
            if f.is_some() { get(f, "amount") } else { format!("{}.{:02}", l.amount_pence / 100, l.amount_pence % 100) },
            "",
        ),
    ];
    Ok(draw(state, user, ("Change a budget contribution", format!("{HOME}/budget/{id}")), fields, errors).await)
}

pub async fn change_budget_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    draw_change_budget(&state, &user, id, None, vec![]).await
}

pub async fn change_budget(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let input = ContributionChange { version: form.get("version").parse().unwrap_or_default(), amount_pence: amount(&form, &mut errors) };
    let result = when_valid(errors, svc::change_budget(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_change_budget(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| done(), on_form, again).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn pounds_as_typed() {
        assert_eq!(super::pence("45,000"), Some(4_500_000));
        assert_eq!(super::pence("£12500.5"), Some(1_250_050));
        assert_eq!(super::pence("-£1"), Some(-100));
        assert_eq!(super::pence("12.345"), None);
        assert_eq!(super::pence("ten"), None);
        assert_eq!(super::pence(""), None);
    }
}
