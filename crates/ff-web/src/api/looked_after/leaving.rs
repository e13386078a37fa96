//! Leaving care through the API (LC-2..LC-6, T32–T35): pathway plans, the
//! personal adviser and their contacts, where the young person lives and what they do, Staying
//! Put and Staying Close, and leaving-care payments. What is owed and due is part of
//! `GET /api/v1/people/{id}/care` (`leaving_care`). The pages call the same services.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::looked_after::leaving::{
    self as svc, AdviserContactInput, AdviserInput, CircumstancesInput, LeavingCarePaymentInput, PathwayPlanInput, StayingEndInput,
    StayingInput,
};
use uuid::Uuid;

use crate::AppState;
use crate::api::handlers::Problem;
use crate::api::{ApiJson, ApiPath, created};
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// Record a pathway plan or its review (LC-2, T32): for a young person who is eligible, relevant
/// or former relevant; at least one part written.
#[utoipa::path(post, path = "/api/v1/people/{id}/care/pathway-plans", params(("id" = Uuid, Path)), request_body = PathwayPlanInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn pathway_plan(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PathwayPlanInput>,
) -> ApiResult<Response> {
    Ok(created(svc::record_plan(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Allocate a personal adviser from a date (LC-3, T34: from 16 until 25); the adviser before is
/// ended the same day.
#[utoipa::path(post, path = "/api/v1/people/{id}/care/adviser", params(("id" = Uuid, Path)), request_body = AdviserInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn adviser(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AdviserInput>,
) -> ApiResult<Response> {
    Ok(created(svc::allocate_adviser(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Record a personal adviser's contact (LC-3, T33: at least every 8 weeks, a visit within 7 days
/// of a move).
#[utoipa::path(post, path = "/api/v1/people/{id}/care/adviser-contacts", params(("id" = Uuid, Path)), request_body = AdviserContactInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn adviser_contact(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AdviserContactInput>,
) -> ApiResult<Response> {
    Ok(created(svc::record_contact(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Record where the young person lives and what they do from a date, in the 903's OC3 codes
/// (LC-5); the return's OC3 table is made from these.
#[utoipa::path(post, path = "/api/v1/people/{id}/care/circumstances", params(("id" = Uuid, Path)), request_body = CircumstancesInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn circumstances(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CircumstancesInput>,
) -> ApiResult<Response> {
    Ok(created(svc::record_circumstances(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Start Staying Put (with the former foster carers, to 21) or Staying Close (after residential
/// care, once the council has switched the duty on); LC-4, T35.
#[utoipa::path(post, path = "/api/v1/people/{id}/care/staying", params(("id" = Uuid, Path)), request_body = StayingInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn staying(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<StayingInput>,
) -> ApiResult<Response> {
    Ok(created(svc::start_staying(&state.db, &user.ctx(&state), id, &input).await?))
}

/// End Staying Put or Staying Close with a reason, at its version (409 if it changed since).
#[utoipa::path(post, path = "/api/v1/care-staying/{id}/end", params(("id" = Uuid, Path)), request_body = StayingEndInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn staying_end(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<StayingEndInput>,
) -> ApiResult<StatusCode> {
    svc::end_staying(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record money paid against the setting-up-home allowance or the apprenticeship bursary (LC-6):
/// refused beyond the allowance (the council's amount, never below the national minimum).
#[utoipa::path(post, path = "/api/v1/people/{id}/care/leaving-care-payments", params(("id" = Uuid, Path)), request_body = LeavingCarePaymentInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn payment(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<LeavingCarePaymentInput>,
) -> ApiResult<Response> {
    Ok(created(svc::pay(&state.db, &user.ctx(&state), id, &input).await?))
}
