//! Harm outside the home on pages: places and groups, a place's page with its
//! concerns and the children linked to it that the reader may see, a concern about a place, and
//! from a child's page the link to a place with the concern that links them. Every form posts to
//! the same service function as the API and works without JavaScript.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use ff_domain::outside_home::{ConcernSource, Harm, PlaceKind};
use ff_domain::policy::Action;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use ff_service::outside_home::{self as svc, ConcernInput, EndLinkInput, LinkInput, PlaceInput, PlaceView, PlacesView};
use serde::Deserialize;
use uuid::Uuid;

use super::fields::{
    ChildParam, Reply, SavedQuery, allowed, back_to, child_of, date_field, errors_of, in_one_round, saved_at, saved_or_again, shown,
    unreadable_date,
};
use super::{Field, Layout, SearchBox, SimpleForm, get, options, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::forms::FormData;

#[derive(Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    after: Option<Uuid>,
}

#[derive(Template)]
#[template(path = "places/list.html")]
struct ListPage {
    layout: Layout,
    v: PlacesView,
    q: String,
}

/// Places and groups, found by the start of their name.
pub async fn list(State(state): State<AppState>, user: PageUser, Query(q): Query<ListQuery>) -> Reply {
    let query = q.q.unwrap_or_default();
    let v = svc::list(&state.db, &user.ctx(&state), &query, q.after).await?;
    shown(&state, &user, ("Places and groups", "/places"), |layout| ListPage { layout, v, q: query }).await
}

#[derive(Template)]
#[template(path = "places/place.html")]
struct PlacePage {
    layout: Layout,
    p: PlaceView,
    saved: bool,
}

/// A place's page.
pub async fn show(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<SavedQuery>) -> Reply {
    let p = svc::place(&state.db, &user.ctx(&state), id).await?;
    let title = p.name.clone();
    shown(&state, &user, (&title, "/places"), |layout| PlacePage { layout, p, saved: q.saved.is_some() }).await
}

fn place_fields(f: Option<&FormData>) -> Vec<Field> {
    vec![
        Field::Text(
            "name",
            "Name",
            get(f, "name"),
            "What people call it: Northmoor bus station, the Market Street takeaway, a group's name",
        ),
        Field::Radios("kind", "What kind of place or group is it?", options(PlaceKind::ALL, |k| k.code(), |k| k.label()), get(f, "kind")),
        Field::Text("area", "Where is it? (optional)", get(f, "area"), "A street, an area or a postcode sector"),
    ]
}

/// Back to the place's page, which says the work was saved.
fn done(id: Uuid) -> Response {
    saved_at(&format!("/places/{id}"))
}

async fn draw_place(state: &AppState, user: &PageUser, f: Option<&FormData>, errors: Vec<FieldError>) -> Response {
    let at = ("Record a place or group", "/places/new".to_owned());
    super::form_response(state, user, "/places", (String::new(), "/places".into()), at, place_fields(f), errors).await
}

pub async fn new_place_form(State(state): State<AppState>, user: PageUser) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    Ok(draw_place(&state, &user, None, vec![]).await)
}

pub async fn new_place(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = user.ctx(&state);
    let input = PlaceInput { name: form.get("name").into(), kind: form.get("kind").into(), area: form.opt("area") };
    let result = svc::create_place(&state.db, &ctx, &input).await;
    saved_or_again(result, done, |e| errors_of(e, "name"), async |errors| Ok(draw_place(&state, &user, Some(&form), errors).await)).await
}

/// What a concern asks, on a place's form and on a child's link form alike.
fn concern_fields(f: Option<&FormData>, what_label: &'static str) -> Vec<Field> {
    // Nothing chosen for you: a harm or a source picked by default would be recorded unread.
    let choose = |mut o: Vec<(String, String)>| {
        o.insert(0, (String::new(), "Choose".to_owned()));
        o
    };
    vec![
        Field::Select("harm", "What harm is the concern about?", choose(options(Harm::ALL, |h| h.code(), |h| h.label())), get(f, "harm")),
        Field::Select("source", "Who raised it?", choose(options(ConcernSource::ALL, |s| s.code(), |s| s.label())), get(f, "source")),
        Field::TextArea("what", what_label, get(f, "what"), "What was seen or heard, when, and by whom"),
        date_field("raised_on", "When was it raised?", f, None),
    ]
}

fn concern_input(form: &FormData, ctx: &ff_service::Ctx, errors: &mut ValidationErrors) -> ConcernInput {
    let raised_on = form.required_date("raised_on", "The day it was raised", errors);
    ConcernInput {
        harm: form.get("harm").into(),
        source: form.get("source").into(),
        what: form.get("what").into(),
        raised_on: raised_on.unwrap_or_else(|| unreadable_date(ctx)),
    }
}

async fn draw_concern(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let p = svc::place(&state.db, &user.ctx(state), id).await?;
    let mut fields = vec![Field::Paragraph(format!(
        "The concern reaches the lead practitioner of every child linked to {}, until they see the child.",
        p.name
    ))];
    fields.extend(concern_fields(f, "What is the concern?"));
    let at = ("Raise a concern about a place or group", format!("/places/{id}/concerns"));
    Ok(super::form_response(state, user, "/places", (p.name.clone(), format!("/places/{id}")), at, fields, errors).await)
}

pub async fn concern_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    draw_concern(&state, &user, id, None, vec![]).await
}

pub async fn concern(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkWithPlaces)?;
    let mut errors = ValidationErrors::new();
    let input = concern_input(&form, &ctx, &mut errors);
    let result = in_one_round(errors, "raised_on", svc::raise_concern(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_concern(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| done(id), |e| errors_of(e, "what"), again).await
}

#[derive(Deserialize)]
pub struct LinkQuery {
    q: Option<String>,
}

/// The child's form to link them to a place: find the place by name, then say why.
async fn draw_link(state: &AppState, user: &PageUser, child: Uuid, query: &str, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let ctx = user.ctx(state);
    // The council's places from the start, narrowed by a search.
    let found = Some(svc::list(&state.db, &ctx, query, None).await?);
    let record = ff_service::people::view(&state.db, &ctx, child).await?;
    let places: Vec<(String, String)> = found
        .as_ref()
        .map(|v| v.places.iter().map(|p| (p.id.to_string(), format!("{} ({})", p.name, p.kind_label.to_lowercase()))).collect())
        .unwrap_or_default();
    let show_form = !places.is_empty();
    let mut fields =
        vec![Field::Hidden("q", query.to_owned()), Field::Radios("place_id", "Which place or group?", places, get(f, "place_id"))];
    fields.extend(concern_fields(f, "Why is the child linked to it?"));
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut layout = Layout::for_user(state, user, "Link to a place or group", "/people").await;
    layout.child = Some(ff_service::people::ChildBanner::from_record(&record));
    let error = (found.as_ref().is_some_and(|v| v.places.is_empty()))
        .then(|| "No place or group starts with that name: check the spelling, or record the place first".to_owned());
    let page = SimpleForm {
        layout,
        back: format!("/people/{child}#places"),
        caption: record.person.full_name.clone(),
        heading: "Link to a place or group".into(),
        action: format!("/people/{child}/places?child={child}"),
        submit: "Save",
        errors: vec![],
        fields: if show_form { fields } else { vec![Field::Paragraph("Not in the list? Record it first from Places and groups.".into())] },
        search: Some(SearchBox {
            action: format!("/people/{child}/places"),
            label: "Find the place or group by the start of its name",
            q: query.to_owned(),
            error,
        }),
        show_form: true,
        notice: None,
    }
    .with_errors(errors);
    Ok(render(status, &page))
}

pub async fn link_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<LinkQuery>) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    draw_link(&state, &user, id, q.q.as_deref().unwrap_or(""), None, vec![]).await
}

pub async fn link(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkWithPlaces)?;
    let mut errors = ValidationErrors::new();
    let place = form.uuid("place_id");
    if place.is_none() {
        errors.add("place_id", "Choose the place or group");
    }
    let input = LinkInput { child_id: id, concern: concern_input(&form, &ctx, &mut errors) };
    let result = match place {
        Some(place) => in_one_round(errors, "raised_on", svc::link_child(&state.db, &ctx, place, &input)).await,
        None => Err(ServiceError::Validation(errors)),
    };
    let again = async |errors| draw_link(&state, &user, id, form.get("q"), Some(&form), errors).await;
    saved_or_again(result, |()| back_to(id, "place"), |e| errors_of(e, "place_id"), again).await
}

async fn draw_end(state: &AppState, user: &PageUser, id: Uuid, child: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    // The child's links, read as the child's record is (a partner only on their team's cases).
    let links = ff_service::outside_home::for_child(&state.db, &user.ctx(state), child).await?;
    let link = links.into_iter().find(|p| p.link_id == id).ok_or(ServiceError::NotFound("link"))?;
    let fields = vec![
        Field::Hidden("version", link.version.to_string()),
        Field::Paragraph(format!("Linked to {} since {}.", link.name, link.linked_on.format("%-d %B %Y"))),
        date_field("ended_on", "When did the link end?", f, None),
        Field::TextArea(
            "reason",
            "Why did it end?",
            f.map(|f| f.get("reason").to_owned()).unwrap_or_default(),
            "For example, the child no longer goes there, or the group has broken up",
        ),
    ];
    let at = ("The link ends", format!("/place-links/{id}/end?child={child}"), "Save");
    Ok(super::fields::form(state, user, child, at, fields, errors).await)
}

pub async fn end_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<ChildParam>) -> Reply {
    allowed(&state, &user, Action::WorkWithPlaces)?;
    let child = child_of(&q)?;
    draw_end(&state, &user, id, child, None, vec![]).await
}

pub async fn end(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<ChildParam>,
    form: FormData,
) -> Reply {
    let ctx = allowed(&state, &user, Action::WorkWithPlaces)?;
    let child = child_of(&q)?;
    let mut errors = ValidationErrors::new();
    let ended_on = form.required_date("ended_on", "The day it ended", &mut errors);
    if form.get("reason").trim().is_empty() {
        errors.add("reason", "Say why the link ended");
    }
    let input = EndLinkInput {
        version: form.get("version").parse().unwrap_or_default(),
        ended_on: ended_on.unwrap_or_else(|| unreadable_date(&ctx)),
        reason: form.get("reason").to_owned(),
    };
    let result = in_one_round(errors, "ended_on", svc::end_link(&state.db, &ctx, id, &input)).await;
    let again = async |errors| draw_end(&state, &user, id, child, Some(&form), errors).await;
    saved_or_again(result, |()| back_to(child, "place_ended"), |e| errors_of(e, "ended_on"), again).await
}
