//! Child protection API handlers, first slice (issue 4).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ff_service::child_protection as cp;
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// Designate a practitioner as a lead child protection practitioner (LA administrators).
#[utoipa::path(post, path = "/api/v1/users/{id}/lcpp-designation", params(("id" = Uuid, Path)), request_body = cp::DesignationInput,
    responses((status = 204), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn designate(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<cp::DesignationInput>,
) -> ApiResult<StatusCode> {
    cp::designate_lcpp(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record a strategy discussion; a decision to start a s.47 enquiry opens it (T9 due date returned).
#[utoipa::path(post, path = "/api/v1/episodes/{id}/strategy-discussions", params(("id" = Uuid, Path)), request_body = cp::StrategyInput,
    responses((status = 201, body = cp::StrategyResult), (status = 422, body = Problem)))]
pub async fn strategy(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<cp::StrategyInput>,
) -> ApiResult<Response> {
    let r = cp::record_strategy_discussion(&state.db, &user.ctx(&state), id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(r)).into_response())
}

/// Conclude a section 47 enquiry.
#[utoipa::path(post, path = "/api/v1/s47/{id}/conclude", params(("id" = Uuid, Path)), request_body = cp::ConcludeInput,
    responses((status = 204), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn conclude(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<cp::ConcludeInput>,
) -> ApiResult<StatusCode> {
    cp::conclude_enquiry(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A child's strategy discussions and section 47 enquiries.
#[utoipa::path(get, path = "/api/v1/people/{id}/child-protection", params(("id" = Uuid, Path)), responses((status = 200, body = cp::ChildProtectionView), (status = 404, body = Problem)))]
pub async fn child_record(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<cp::ChildProtectionView>> {
    Ok(axum::Json(cp::for_child(&state.db, &user.ctx(&state), id).await?))
}
