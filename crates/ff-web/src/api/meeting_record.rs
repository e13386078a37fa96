//! Meetings' shared written records through the API: a child protection
//! conference's record and a family help plan review's, read and saved section by section as a
//! plan's record is (a stale section is a 409 naming it, with the other writer's words), and a
//! conference's record agreed by its chair. Who may write: MR-1; locked: MR-2; agreeing: MR-3.

use axum::extract::State;
use ff_domain::meeting_record::MeetingKind;
use ff_service::meeting_record::{self as svc, AgreeRecordInput};
use ff_service::written::{DraftInput, DraftSaved};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// A child protection conference's record: what each agency reported, the child's and the
/// family's views, the worries and strengths, the decision and why, and what happens next.
#[utoipa::path(get, path = "/api/v1/conferences/{id}/record", params(("id" = Uuid, Path)), responses((status = 200, body = svc::MeetingRecord), (status = 404, body = Problem)))]
pub async fn record_conference(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<svc::MeetingRecord>> {
    Ok(axum::Json(svc::record(&state.db, &user.ctx(&state), MeetingKind::Conference, id).await?))
}

/// Save changes to a conference's record. Each changed section carries the revision it was
/// changed from; if someone else changed any of them since, nothing is saved and the 409 lists
/// their words in `conflicts`. Written by the chair, the LCPP, the family help lead and social
/// workers on the case; locked once the chair has agreed it (422).
#[utoipa::path(put, path = "/api/v1/conferences/{id}/record", params(("id" = Uuid, Path)), request_body = DraftInput,
    responses((status = 200, body = DraftSaved), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn save_conference(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<DraftInput>,
) -> ApiResult<axum::Json<DraftSaved>> {
    Ok(axum::Json(svc::save(&state.db, &user.ctx(&state), MeetingKind::Conference, id, &input).await?))
}

/// The chair agrees the conference's record as it stands at `version` (MR-3): only the chair,
/// only once the decision and its reasons are written (422); a record changed since is a 409.
/// From then it is kept as agreed.
#[utoipa::path(post, path = "/api/v1/conferences/{id}/record/agreement", params(("id" = Uuid, Path)), request_body = AgreeRecordInput,
    responses((status = 200, body = svc::MeetingRecord), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn agree_conference(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AgreeRecordInput>,
) -> ApiResult<axum::Json<svc::MeetingRecord>> {
    Ok(axum::Json(svc::agree(&state.db, &user.ctx(&state), id, &input).await?))
}

/// A family help plan review's record: progress, the child's, the family's and the agencies'
/// views, what remains a worry, and what happens next.
#[utoipa::path(get, path = "/api/v1/plan-reviews/{id}/record", params(("id" = Uuid, Path)), responses((status = 200, body = svc::MeetingRecord), (status = 404, body = Problem)))]
pub async fn record_review(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<svc::MeetingRecord>> {
    Ok(axum::Json(svc::record(&state.db, &user.ctx(&state), MeetingKind::PlanReview, id).await?))
}

/// Save changes to a plan review's record, as for a conference's; written by the council's
/// practitioners on the case, locked once the plan ends (422).
#[utoipa::path(put, path = "/api/v1/plan-reviews/{id}/record", params(("id" = Uuid, Path)), request_body = DraftInput,
    responses((status = 200, body = DraftSaved), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn save_review(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<DraftInput>,
) -> ApiResult<axum::Json<DraftSaved>> {
    Ok(axum::Json(svc::save(&state.db, &user.ctx(&state), MeetingKind::PlanReview, id, &input).await?))
}
