//! The written assessment through the API: read it, save the draft
//! section by section (a stale section is a 409 naming it, with the other writer's words),
//! submit, return with comments, and add addenda once it is authorised. Authorising is
//! `POST /api/v1/assessments/{id}/complete`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ff_service::assessments as svc;
use uuid::Uuid;

use super::handlers::{Created, Problem};
use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// The written assessment: its sections by part, where it is in its life, who wrote and decided
/// what, the agencies' answers and any addenda.
#[utoipa::path(get, path = "/api/v1/assessments/{id}", params(("id" = Uuid, Path)), responses((status = 200, body = svc::AssessmentDocument), (status = 404, body = Problem)))]
pub async fn document(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<svc::AssessmentDocument>> {
    Ok(axum::Json(svc::document(&state.db, &user.ctx(&state), id).await?))
}

/// Save changes to the draft. Each changed section carries the revision it was changed from; if
/// someone else changed any of them since, nothing is saved and the 409 lists their words in
/// `conflicts`. The answer brings the sections others changed since the revisions in `seen`.
#[utoipa::path(put, path = "/api/v1/assessments/{id}/draft", params(("id" = Uuid, Path)), request_body = svc::DraftInput,
    responses((status = 200, body = svc::DraftSaved), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn save_draft(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<svc::DraftInput>,
) -> ApiResult<axum::Json<svc::DraftSaved>> {
    Ok(axum::Json(svc::save_draft(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Submit the assessment to a manager (the child's voice, every adult's views, the analysis and
/// the recommendation must be written).
#[utoipa::path(post, path = "/api/v1/assessments/{id}/submit", params(("id" = Uuid, Path)), request_body = svc::SubmitInput,
    responses((status = 204), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn submit(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<svc::SubmitInput>,
) -> ApiResult<StatusCode> {
    svc::submit(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A manager returns a submitted assessment to the practitioner with comments.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/return", params(("id" = Uuid, Path)), request_body = svc::ReturnInput,
    responses((status = 204), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn return_for_changes(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<svc::ReturnInput>,
) -> ApiResult<StatusCode> {
    svc::return_for_changes(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add an addendum to an authorised assessment (which is otherwise locked).
#[utoipa::path(post, path = "/api/v1/assessments/{id}/addenda", params(("id" = Uuid, Path)), request_body = svc::AddendumInput,
    responses((status = 201, body = Created), (status = 422, body = Problem)))]
pub async fn add_addendum(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<svc::AddendumInput>,
) -> ApiResult<Response> {
    let rid = svc::add_addendum(&state.db, &user.ctx(&state), id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id: rid })).into_response())
}
