//! Professional disagreements through the API (F6, MASA-SYS-7): raise one about a decision on a
//! child's case, move it up a stage or resolve it at its version, a child's list, and the
//! partnership's counts by stage and agency. The pages (`pages::escalations`) call the same
//! services.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::escalations::{
    self as svc, DisagreementCounts, DisagreementView, EscalateDisagreementInput, RaiseDisagreementInput, ResolveDisagreementInput,
};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// A child's professional disagreements, newest first, each with its stage and when a response
/// is due.
#[utoipa::path(get, path = "/api/v1/people/{id}/disagreements", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<DisagreementView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn for_child(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<Vec<DisagreementView>>> {
    Ok(axum::Json(svc::for_child(&state.db, &user.ctx(&state), id).await?))
}

/// Raise a disagreement about a decision on the child's case, as the caller's own agency
/// (ESC-1): a practitioner on the case (a partner agency only on their team's cases). Returns
/// its id.
#[utoipa::path(post, path = "/api/v1/people/{id}/disagreements", params(("id" = Uuid, Path)), request_body = RaiseDisagreementInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn raise(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<RaiseDisagreementInput>,
) -> ApiResult<Response> {
    Ok(created(svc::raise(&state.db, &user.ctx(&state), id, &input).await?))
}

/// One disagreement.
#[utoipa::path(get, path = "/api/v1/disagreements/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = DisagreementView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn one(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<DisagreementView>> {
    Ok(axum::Json(svc::one(&state.db, &user.ctx(&state), id).await?))
}

/// Move a disagreement up a stage with the reason, at its version (ESC-2).
#[utoipa::path(post, path = "/api/v1/disagreements/{id}/escalate", params(("id" = Uuid, Path)), request_body = EscalateDisagreementInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn escalate(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<EscalateDisagreementInput>,
) -> ApiResult<StatusCode> {
    svc::escalate(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Resolve a disagreement with its outcome and what was agreed, at its version (ESC-3).
#[utoipa::path(post, path = "/api/v1/disagreements/{id}/resolve", params(("id" = Uuid, Path)), request_body = ResolveDisagreementInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn resolve(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ResolveDisagreementInput>,
) -> ApiResult<StatusCode> {
    svc::resolve(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The partnership's counts of disagreements by stage and raising agency (MASA-SYS-7): open now
/// or raised in the last year. Counts only.
#[utoipa::path(get, path = "/api/v1/partnership/disagreements",
    responses((status = 200, body = DisagreementCounts), (status = 403, body = Problem)))]
pub async fn counts(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<DisagreementCounts>> {
    Ok(axum::Json(svc::counts(&state.db, &user.ctx(&state)).await?))
}
