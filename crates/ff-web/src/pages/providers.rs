//! The provider register on pages (RCC-SHARE-6): the register with its search,
//! one provider with what each refresh changed, and the commissioner's load of Ofsted's list
//! (a file upload, read no further than the upload limit). The API (`api::providers`) calls the
//! same services.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::FieldError;
use ff_domain::policy::{Action, authorise};
use ff_service::providers::{self as svc, LoadView, ProviderPage, RegisterView};
use serde::Deserialize;
use uuid::Uuid;

use super::fields::errors_of;
use super::{Field, Layout, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::{UploadError, read_upload};

#[derive(Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    after: Option<String>,
}

#[derive(Template)]
#[template(path = "providers/list.html")]
struct ListPage {
    layout: Layout,
    v: RegisterView,
    q: String,
    can_load: bool,
    /// The commissioner keeps the postcode directory too.
    can_load_postcodes: bool,
}

/// The register, found by the start of a name or by URN.
pub async fn list(State(state): State<AppState>, user: PageUser, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let query = q.q.unwrap_or_default();
    let v = svc::register(&state.db, &ctx, &query, q.after.as_deref()).await?;
    let can_load = authorise(&ctx.actor, Action::ManageProviders, None).is_ok();
    let can_load_postcodes = authorise(&ctx.actor, Action::LoadPostcodes, None).is_ok();
    let layout = Layout::for_user(&state, &user, "Homes and agencies", "/providers").await;
    Ok(render(StatusCode::OK, &ListPage { layout, v, q: query, can_load, can_load_postcodes }))
}

#[derive(Template)]
#[template(path = "providers/provider.html")]
struct ProviderShow {
    layout: Layout,
    p: ProviderPage,
}

pub async fn show(State(state): State<AppState>, user: PageUser, Path(urn): Path<String>) -> Result<Response, PageError> {
    let p = svc::provider(&state.db, &user.ctx(&state), &urn).await?;
    let layout = Layout::for_user(&state, &user, &p.provider.name, "/providers").await;
    Ok(render(StatusCode::OK, &ProviderShow { layout, p }))
}

fn load_fields(full_list: bool) -> Vec<Field> {
    vec![
        Field::Paragraph(
            "Ofsted publishes the children's social care providers it registers and inspects, with each one's latest \
             inspection, as a spreadsheet. Save it as CSV and load it here. Each provider is matched by its URN: new \
             ones are added, and what changed in the others is kept as a new version."
                .into(),
        ),
        Field::File("file", "Ofsted's provider list (CSV)", "The columns are found by their names: URN, provider type, provider name, registration status, places, local authority and the latest inspection's judgement and date.".into()),
        Field::Checkbox("full_list", "This is Ofsted's whole list: mark providers that are not in it as no longer registered", full_list),
    ]
}

async fn draw_load(state: &AppState, user: &PageUser, full_list: bool, errors: Vec<FieldError>) -> Response {
    // A file posts as multipart, so the form's address carries the CSRF token.
    let at = ("Load Ofsted's provider list", format!("/providers/load?csrf_token={}", user.csrf()));
    super::form_response(state, user, "/providers", ("Homes and agencies".into(), "/providers".into()), at, load_fields(full_list), errors)
        .await
}

pub async fn load_form(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    user.ctx(&state).authorise(Action::ManageProviders)?;
    // Unticked at first: a part of the list loaded as the whole would mark the rest closed.
    Ok(draw_load(&state, &user, false, vec![]).await)
}

fn file_error(message: impl Into<String>) -> Vec<FieldError> {
    vec![FieldError { field: "file".into(), message: message.into() }]
}

/// Receive the list: read no further than the upload limit, then load it in one transaction.
pub async fn load(State(state): State<AppState>, user: PageUser, req: axum::extract::Request) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ManageProviders)?;
    let max = state.documents.max_bytes;
    let Ok(form) = <Multipart as axum::extract::FromRequest<()>>::from_request(req, &()).await else {
        return Ok(draw_load(&state, &user, true, file_error("Choose Ofsted's list to load")).await);
    };
    let upload = match read_upload(form, max).await {
        Ok(u) => u,
        Err(UploadError::TooLarge) => {
            let m = format!("The file is larger than {} MB", max / 1_000_000);
            return Ok(draw_load(&state, &user, true, file_error(m)).await);
        }
        Err(UploadError::Broken) => {
            return Ok(draw_load(&state, &user, true, file_error("The upload was interrupted. Choose the file again.")).await);
        }
    };
    let full_list = upload.fields.get("full_list") == "yes";
    let Some((name, bytes)) = upload.file else {
        return Ok(draw_load(&state, &user, full_list, file_error("Choose Ofsted's list to load")).await);
    };
    match svc::load(&state.db, &ctx, &name, &bytes, full_list).await {
        Ok(v) => Ok(Redirect::to(&format!("/providers/loads/{}?loaded=1", v.id)).into_response()),
        Err(e) => {
            let errors = errors_of(e, "file")?;
            Ok(draw_load(&state, &user, full_list, errors).await)
        }
    }
}

#[derive(Template)]
#[template(path = "providers/load.html")]
struct LoadPage {
    layout: Layout,
    l: LoadView,
    /// Just loaded: the confirmation panel.
    fresh: bool,
}

#[derive(Deserialize)]
pub struct LoadedQuery {
    loaded: Option<String>,
}

pub async fn load_result(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    Query(q): Query<LoadedQuery>,
) -> Result<Response, PageError> {
    let l = svc::load_result(&state.db, &user.ctx(&state), id).await?;
    let layout = Layout::for_user(&state, &user, "A load of Ofsted's list", "/providers").await;
    Ok(render(StatusCode::OK, &LoadPage { layout, l, fresh: q.loaded.is_some() }))
}
