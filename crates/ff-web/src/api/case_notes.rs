//! Case note and chronology API handlers: writing a note on a child's
//! case, reading one with its earlier versions, changing one's own note, and the child's whole
//! chronology with the same filters as its page.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::case_notes::{self as notes, NoteDetail, NoteEditInput, NoteInput};
use ff_service::chronology::{self, Chronology, ChronologyFilter};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, ApiQuery, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// Write a note on the child's case: a visit, a call, a meeting, supervision, or an agency's
/// entry to the multi-agency chronology (partners: on their team's cases).
#[utoipa::path(post, path = "/api/v1/people/{id}/notes", params(("id" = Uuid, Path)), request_body = NoteInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn note(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NoteInput>,
) -> ApiResult<Response> {
    Ok(created(notes::record_note(&state.db, &user.ctx(&state), id, &input).await?))
}

/// A case note with its earlier versions. A note the reader's agency may not read is not found.
#[utoipa::path(get, path = "/api/v1/notes/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = NoteDetail), (status = 404, body = Problem)))]
pub async fn get_note(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<NoteDetail>> {
    Ok(axum::Json(notes::note(&state.db, &user.ctx(&state), id).await?))
}

/// Change one's own note, sent with the version it was read at (409 if someone changed it since).
/// The version it replaces is kept.
#[utoipa::path(put, path = "/api/v1/notes/{id}", params(("id" = Uuid, Path)), request_body = NoteEditInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn edit_note(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NoteEditInput>,
) -> ApiResult<StatusCode> {
    notes::edit_note(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The child's chronology, newest first, narrowed by kind of event, significance, source and dates.
#[utoipa::path(get, path = "/api/v1/people/{id}/chronology", params(("id" = Uuid, Path), ChronologyFilter),
    responses((status = 200, body = Chronology), (status = 422, body = Problem)))]
pub async fn chronology(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(filter): ApiQuery<ChronologyFilter>,
) -> ApiResult<axum::Json<Chronology>> {
    Ok(axum::Json(chronology::chronology(&state.db, &user.ctx(&state), id, &filter).await?))
}

/// Issue the chronology for court: the entries the filter keeps, oldest first, as a PDF kept with
/// the child's documents (council staff only). Returns the document's id; fetch the file from
/// `/api/v1/documents/{id}/content`.
#[utoipa::path(post, path = "/api/v1/people/{id}/chronology/issue", params(("id" = Uuid, Path), ChronologyFilter),
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn issue(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(filter): ApiQuery<ChronologyFilter>,
) -> ApiResult<Response> {
    Ok(created(chronology::issue_for_court(&state.db, &user.ctx(&state), &state.documents, id, &filter).await?))
}
