//! The postcode directory on pages (decision 0019): how it stands, the commissioner's load of the
//! ONS National Statistics Postcode Directory (the upload written to a temporary file as it
//! arrives and read back a record at a time, so a 1 GB file is never held in memory), and what a
//! load did. The API (`api::postcodes`) calls the same services.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::FieldError;
use ff_domain::policy::Action;
use ff_service::ServiceError;
use ff_service::postcodes::{self as svc, PostcodeLoadView, PostcodeStatusView};
use serde::Deserialize;
use uuid::Uuid;

use super::fields::errors_of;
use super::{Field, Layout, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::{SpoolError, UploadError, spool_file_part};

/// The menu item the directory's pages sit under: the commissioner's homes and agencies.
const NAV: &str = "/providers";

#[derive(Template)]
#[template(path = "postcodes/status.html")]
struct StatusPage {
    layout: Layout,
    v: PostcodeStatusView,
    /// The count with thousands separators.
    held: String,
}

/// How the directory stands, and this council's loads.
pub async fn status(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let v = svc::status(&state.db, &user.ctx(&state)).await?;
    let held = ff_service::insight::grouped(v.postcodes as f64);
    let layout = Layout::for_user(&state, &user, "Postcode directory", NAV).await;
    Ok(render(StatusCode::OK, &StatusPage { layout, v, held }))
}

fn load_fields() -> Vec<Field> {
    vec![
        Field::Paragraph(
            "The Office for National Statistics publishes every UK postcode with its grid reference and council as the \
             National Statistics Postcode Directory, a ZIP file. Load the UK-wide CSV file inside it. Postcodes new to the \
             directory are added and changed ones replaced; loading it takes a few minutes."
                .into(),
        ),
        Field::File(
            "file",
            "The National Statistics Postcode Directory (CSV)",
            "The columns are found by their names: the postcode (pcds or pcd), the grid reference (oseast1m and osnrth1m), \
             the district (laua), and the county, country and date of termination where the file has them."
                .into(),
        ),
    ]
}

async fn draw_load(state: &AppState, user: &PageUser, errors: Vec<FieldError>) -> Response {
    // A file posts as multipart, so the form's address carries the CSRF token.
    let at = ("Load the postcode directory", format!("/postcodes/load?csrf_token={}", user.csrf()));
    super::form_response(state, user, NAV, ("Postcode directory".into(), "/postcodes".into()), at, load_fields(), errors).await
}

pub async fn load_form(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    user.ctx(&state).authorise(Action::LoadPostcodes)?;
    Ok(draw_load(&state, &user, vec![]).await)
}

fn file_error(message: impl Into<String>) -> Vec<FieldError> {
    vec![FieldError { field: "file".into(), message: message.into() }]
}

/// Receive the directory: written to a temporary file up to the upload limit, then loaded in one
/// transaction, read back a record at a time.
pub async fn load(State(state): State<AppState>, user: PageUser, req: axum::extract::Request) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    // Authorise before reading anything of the upload.
    ctx.authorise(Action::LoadPostcodes)?;
    let max = state.jobs.limits().max_upload_bytes;
    const CHOOSE: &str = "Choose the postcode directory's CSV file";
    let Ok(form) = <Multipart as axum::extract::FromRequest<()>>::from_request(req, &()).await else {
        return Ok(draw_load(&state, &user, file_error(CHOOSE)).await);
    };
    let (name, mut spool) = match spool_file_part(form, Uuid::new_v4(), max).await {
        Ok(Some(file)) => file,
        Ok(None) => return Ok(draw_load(&state, &user, file_error(CHOOSE)).await),
        Err(SpoolError::Upload(UploadError::TooLarge)) => {
            let m = format!("The file is larger than {} MB, the most this service accepts", max / 1_000_000);
            return Ok(draw_load(&state, &user, file_error(m)).await);
        }
        Err(SpoolError::Upload(UploadError::Broken)) => {
            return Ok(draw_load(&state, &user, file_error("The upload was interrupted. Choose the file again.")).await);
        }
        Err(SpoolError::Disk(e)) => return Err(ServiceError::Internal(format!("the upload could not be stored: {e}")).into()),
    };
    let reader = spool.reader().await.map_err(|e| ServiceError::Internal(format!("the upload could not be read back: {e}")))?;
    match svc::load(&state.db, &ctx, &name, reader).await {
        Ok(v) => Ok(Redirect::to(&format!("/postcodes/loads/{}?loaded=1", v.id)).into_response()),
        Err(e) => {
            let errors = errors_of(e, "file")?;
            Ok(draw_load(&state, &user, errors).await)
        }
    }
}

#[derive(Template)]
#[template(path = "postcodes/load.html")]
struct LoadPage {
    layout: Layout,
    l: PostcodeLoadView,
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
    let layout = Layout::for_user(&state, &user, "A load of the postcode directory", NAV).await;
    Ok(render(StatusCode::OK, &LoadPage { layout, l, fresh: q.loaded.is_some() }))
}
