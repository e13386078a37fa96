//! Searching for a home on pages (RCC-REF-1, RCC-SHARE-5, RCC-SHARE-7;
//! HS-1..HS-3): the council's searches by status, a search with every provider's answer, and the
//! forms to start a search from the child's page, record an answer, decide on an offer and end a
//! search. Every form posts to the same service as the API and works without JavaScript.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::home_search::{Answer, EndReason, HomeKind, RefusalReason, RiskLevel, Urgency};
use ff_domain::policy::Action;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::home_search::{
    self as svc, HomeSearchEndInput, HomeSearchInput, HomeSearchView, HomeSearchesView, OfferDecisionInput, ProviderAnswerInput,
};
use serde::Deserialize;
use uuid::Uuid;

use super::fields::{Reply, SavedQuery, allowed, date_field, errors_of, one_round, saved_at, saved_or_again, shown, unreadable_date};
use super::{Field, Layout, can, get, options};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    after: Option<String>,
}

#[derive(Template)]
#[template(path = "home_search/list.html")]
struct ListPage {
    layout: Layout,
    v: HomeSearchesView,
}

pub async fn list(State(state): State<AppState>, user: PageUser, Query(q): Query<ListQuery>) -> Reply {
    let v = svc::list(&state.db, &user.ctx(&state), q.status.as_deref().unwrap_or("open"), q.after.as_deref()).await?;
    shown(&state, &user, ("Searches for a home", "/home-searches"), |layout| ListPage { layout, v }).await
}

#[derive(Template)]
#[template(path = "home_search/search.html")]
struct SearchPage {
    layout: Layout,
    s: HomeSearchView,
    /// The reader may open the child's record (a commissioner may not).
    can_see_child: bool,
    /// Back from a form that saved (`?saved=1`): the page says so.
    saved: bool,
}

pub async fn show(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<SavedQuery>) -> Reply {
    let s = svc::search(&state.db, &user.ctx(&state), id).await?;
    let (title, can_see_child) = (format!("Search for a home for {}", s.child_name), can(user.actor(), Action::ViewPerson));
    let saved = q.saved.is_some();
    shown(&state, &user, (&title, "/home-searches"), |layout| SearchPage { layout, s, can_see_child, saved }).await
}

fn choose(mut o: Vec<(String, String)>) -> Vec<(String, String)> {
    o.insert(0, (String::new(), "Choose".to_owned()));
    o
}

fn yes_no(name: &'static str, legend: &'static str, f: Option<&FormData>) -> Field {
    Field::Radios(
        name,
        legend,
        vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
        f.map_or_else(|| "no".to_owned(), |f| f.get(name).to_owned()),
    )
}

fn search_fields(f: Option<&FormData>) -> Vec<Field> {
    let risks = || options(RiskLevel::ALL, |r| r.code(), |r| r.label());
    vec![
        Field::Radios(
            "urgency",
            "Is the move planned or an emergency?",
            options(Urgency::ALL, |u| u.code(), |u| u.label()),
            get(f, "urgency"),
        ),
        Field::Radios("home_kind", "What kind of home?", options(HomeKind::ALL, |k| k.code(), |k| k.label()), get(f, "home_kind")),
        date_field("needed_by", "When is a home needed by?", f, None),
        Field::Text(
            "siblings",
            "How many brothers and sisters should live with the child?",
            f.map_or_else(|| "0".to_owned(), |f| f.get("siblings").to_owned()),
            "0 if none",
        ),
        Field::TextArea(
            "needs",
            "What does the child need from a home?",
            get(f, "needs"),
            "Health, education, culture and faith, communication, what the carers must be able to do",
        ),
        Field::Select(
            "risk_to_child",
            "Risk to the child (self-harm, exploitation, going missing)",
            choose(risks()),
            get(f, "risk_to_child"),
        ),
        Field::Select("risk_to_others", "Risk to others in the home", choose(risks()), get(f, "risk_to_others")),
        yes_no("near_family", "Should the home be near the child's family?", f),
        Field::Text(
            "family_postcode",
            "The family's postcode (optional)",
            get(f, "family_postcode"),
            "Only its sector, like NM2 7, is shown to providers",
        ),
        yes_no("stay_at_school", "Must the child stay at their school?", f),
    ]
}

async fn draw_start(state: &AppState, user: &PageUser, child: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Response {
    let at = ("Search for a home", format!("/people/{child}/home-search"));
    super::form_response(
        state,
        user,
        "/home-searches",
        ("The child's record".into(), format!("/people/{child}#care")),
        at,
        search_fields(f),
        errors,
    )
    .await
}

pub async fn start_form(State(state): State<AppState>, user: PageUser, Path(child): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::WorkOnHomeSearch)?;
    allowed(&state, &user, Action::WorkOnCare)?;
    Ok(draw_start(&state, &user, child, None, vec![]).await)
}

pub async fn start(State(state): State<AppState>, user: PageUser, Path(child): Path<Uuid>, form: FormData) -> Reply {
    let ctx = user.ctx(&state);
    let mut errors = ValidationErrors::new();
    let needed_by = form.required_date("needed_by", "The date a home is needed by", &mut errors);
    let siblings = match form.get("siblings").trim() {
        "" => 0,
        s => s.parse::<u8>().unwrap_or_else(|_| {
            errors.add("siblings", "Enter a number from 0 to 6");
            0
        }),
    };
    let input = HomeSearchInput {
        urgency: form.get("urgency").into(),
        home_kind: form.get("home_kind").into(),
        needed_by: needed_by.unwrap_or_else(|| ctx.today() - chrono::Days::new(1)),
        siblings,
        near_family: form.get("near_family") == "yes",
        family_postcode: form.opt("family_postcode"),
        stay_at_school: form.get("stay_at_school") == "yes",
        needs: form.get("needs").into(),
        risk_to_child: form.get("risk_to_child").into(),
        risk_to_others: form.get("risk_to_others").into(),
    };
    let result = svc::start(&state.db, &ctx, child, &input).await;
    let id = result.as_ref().ok().copied();
    let again = async |errors| Ok(draw_start(&state, &user, child, Some(&form), errors).await);
    saved_or_again(one_round(result.map(|_| ()), errors), |()| to_search(id.unwrap_or_default()), |e| errors_of(e, "needs"), again).await
}

fn answer_fields(f: Option<&FormData>) -> Vec<Field> {
    vec![
        Field::Text(
            "provider_urn",
            "The provider's Ofsted URN (if it has one)",
            get(f, "provider_urn"),
            "Its name then comes from the provider register",
        ),
        Field::Text("provider_name", "The provider's name (if it has no URN)", get(f, "provider_name"), ""),
        date_field("answered_on", "When did they answer?", f, None),
        Field::Radios("answer", "What did they say?", options(Answer::ALL, |a| a.code(), |a| a.label()), get(f, "answer")),
        Field::Select(
            "reason",
            "If they said no: why?",
            choose(options(RefusalReason::ALL, |r| r.code(), |r| r.label())),
            get(f, "reason"),
        ),
        Field::Text("weekly_cost", "If they offered a home: the weekly cost in pounds", get(f, "weekly_cost"), "For example, 4250.00"),
        date_field("start_on", "If they offered a home: when could it start?", f, None),
    ]
}

async fn draw_answer(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Response {
    let at = ("Record a provider's answer", format!("/home-searches/{id}/answers"));
    super::form_response(state, user, "/home-searches", ("The search".into(), format!("/home-searches/{id}")), at, answer_fields(f), errors)
        .await
}

pub async fn answer_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    svc::search(&state.db, &user.ctx(&state), id).await?;
    Ok(draw_answer(&state, &user, id, None, vec![]).await)
}

/// Pounds as typed ("4,250.50", "£4250") in pence.
pub(crate) fn pence(text: &str) -> Option<i64> {
    let t: String = text.chars().filter(|c| !matches!(c, ',' | '£' | ' ')).collect();
    let (pounds, p) = t.split_once('.').unwrap_or((&t, "0"));
    let p = format!("{p:0<2}");
    if p.len() > 2 || pounds.is_empty() {
        return None;
    }
    Some(pounds.parse::<i64>().ok()? * 100 + p.parse::<i64>().ok()?)
}

pub async fn answer(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = user.ctx(&state);
    let mut errors = ValidationErrors::new();
    let answered_on = form.required_date("answered_on", "The date of the answer", &mut errors);
    let offered = form.get("answer") == "offered";
    let start_on = if offered { form.date("start_on", "The date the home could start").and_then(Result::ok) } else { None };
    let weekly_cost_pence = match form.get("weekly_cost").trim() {
        "" => None,
        t => pence(t).or_else(|| {
            errors.add("weekly_cost", "Enter the weekly cost in pounds, like 4250.00");
            None
        }),
    };
    let input = ProviderAnswerInput {
        provider_urn: form.opt("provider_urn"),
        provider_name: form.opt("provider_name"),
        answered_on: answered_on.unwrap_or_else(|| unreadable_date(&ctx)),
        answer: form.get("answer").into(),
        reason: form.opt("reason"),
        weekly_cost_pence: if offered { weekly_cost_pence } else { None },
        start_on,
    };
    let result = one_round(svc::answer(&state.db, &ctx, id, &input).await.map(|_| ()), errors);
    let again = async |errors| Ok(draw_answer(&state, &user, id, Some(&form), errors).await);
    saved_or_again(result, |()| saved_on_search(id), |e| errors_of(e, "answer"), again).await
}

#[derive(Deserialize)]
pub struct SearchParam {
    search: Option<Uuid>,
}

/// The search an offer belongs to (`?search=`).
fn search_of(q: &SearchParam) -> Result<Uuid, PageError> {
    q.search.ok_or(PageError(ff_service::ServiceError::NotFound("search")))
}

/// The search's page, for a search just started.
fn to_search(id: Uuid) -> Response {
    Redirect::to(&format!("/home-searches/{id}")).into_response()
}

/// Back to the search's page once an answer, a decision or the search's end is saved; the page
/// then says it was saved.
fn saved_on_search(id: Uuid) -> Response {
    saved_at(&format!("/home-searches/{id}"))
}

async fn draw_decision(
    state: &AppState,
    user: &PageUser,
    offer: Uuid,
    search: Uuid,
    f: Option<&FormData>,
    errors: Vec<FieldError>,
) -> Reply {
    let s = svc::search(&state.db, &user.ctx(state), search).await?;
    let a = s.answers.iter().find(|a| a.id == offer).ok_or(PageError(ff_service::ServiceError::NotFound("offer")))?;
    let cost = a.weekly_cost_pence.map(|p| format!("{} a week", crate::pages::pounds(p))).unwrap_or_default();
    let fields = vec![
        Field::Hidden("version", a.version.to_string()),
        Field::Paragraph(format!(
            "{} offered a home for {}{}{}.",
            a.provider_name,
            s.child_name,
            if cost.is_empty() { String::new() } else { format!(", {cost}") },
            a.start_on.map(|d| format!(", from {}", d.format("%-d %B %Y"))).unwrap_or_default()
        )),
        Field::Radios(
            "decision",
            "Does the council accept the offer?",
            vec![("accept".into(), "Yes: the child will live there (the search ends)".into()), ("decline".into(), "No".into())],
            get(f, "decision"),
        ),
        Field::Select("reason", "If not: why?", choose(options(RefusalReason::ALL, |r| r.code(), |r| r.label())), get(f, "reason")),
        date_field("decided_on", "When was it decided?", f, Some(user.ctx(state).today())),
    ];
    let at = ("Decide on an offer", format!("/home-search-offers/{offer}/decision?search={search}"));
    Ok(super::form_response(state, user, "/home-searches", ("The search".into(), format!("/home-searches/{search}")), at, fields, errors)
        .await)
}

pub async fn decision_form(State(state): State<AppState>, user: PageUser, Path(offer): Path<Uuid>, Query(q): Query<SearchParam>) -> Reply {
    // The role first: someone who may not decide on offers is refused, whatever the address says.
    allowed(&state, &user, Action::WorkOnHomeSearch)?;
    let search = search_of(&q)?;
    draw_decision(&state, &user, offer, search, None, vec![]).await
}

pub async fn decide(
    State(state): State<AppState>,
    user: PageUser,
    Path(offer): Path<Uuid>,
    Query(q): Query<SearchParam>,
    form: FormData,
) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkOnHomeSearch)?;
    let search = search_of(&q)?;
    let mut errors = ValidationErrors::new();
    let decided_on = form.required_date("decided_on", "The date of the decision", &mut errors);
    let accept = match form.get("decision") {
        "accept" => true,
        "decline" => false,
        _ => {
            errors.add("decision", "Choose whether the council accepts the offer");
            false
        }
    };
    let input = OfferDecisionInput {
        version: form.get("version").parse().unwrap_or(0),
        accept,
        reason: form.opt("reason"),
        decided_on: decided_on.unwrap_or_else(|| unreadable_date(&ctx)),
    };
    let result = if errors.0.iter().any(|e| e.field == "decision") {
        Err(ff_service::ServiceError::Validation(ValidationErrors::new()))
    } else {
        svc::decide(&state.db, &ctx, offer, &input).await
    };
    let again = async |errors| draw_decision(&state, &user, offer, search, Some(&form), errors).await;
    saved_or_again(one_round(result, errors), |()| saved_on_search(search), |e| errors_of(e, "decision"), again).await
}

async fn draw_end(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let s = svc::search(&state.db, &user.ctx(state), id).await?;
    let fields = vec![
        Field::Hidden("version", s.version.to_string()),
        Field::Radios(
            "end_reason",
            "Why is the search ending?",
            options(EndReason::ALL, |r| r.code(), |r| r.label()),
            get(f, "end_reason"),
        ),
        date_field("ended_on", "When?", f, Some(user.ctx(state).today())),
    ];
    let at = ("End the search without a home", format!("/home-searches/{id}/end"));
    Ok(super::form_response(state, user, "/home-searches", ("The search".into(), format!("/home-searches/{id}")), at, fields, errors).await)
}

pub async fn end_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    draw_end(&state, &user, id, None, vec![]).await
}

pub async fn end(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = user.ctx(&state);
    let mut errors = ValidationErrors::new();
    let ended_on = form.required_date("ended_on", "The date the search ended", &mut errors);
    let input = HomeSearchEndInput {
        version: form.get("version").parse().unwrap_or(0),
        ended_on: ended_on.unwrap_or_else(|| unreadable_date(&ctx)),
        end_reason: form.get("end_reason").into(),
    };
    let result = one_round(svc::end(&state.db, &ctx, id, &input).await, errors);
    let again = async |errors| draw_end(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| saved_on_search(id), |e| errors_of(e, "end_reason"), again).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn pounds_become_pence() {
        assert_eq!(super::pence("4,250.50"), Some(425_050));
        assert_eq!(super::pence("£4250"), Some(425_000));
        assert_eq!(super::pence("4250.5"), Some(425_050));
        assert_eq!(super::pence("42.505"), None);
        assert_eq!(super::pence("lots"), None);
    }
}
