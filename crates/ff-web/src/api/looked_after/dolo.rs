//! Deprivation of liberty orders through the API (LA-12): an order made for a child in care and
//! its end. The orders are part of `GET /api/v1/people/{id}/care` (`dolos`, `dolo_in_force`); the
//! pages call the same services.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::looked_after::dolo::{self as svc, DoloEndInput, DoloInput};
use uuid::Uuid;

use crate::AppState;
use crate::api::handlers::Problem;
use crate::api::{ApiJson, ApiPath, created};
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// Record a deprivation of liberty order made for a child in care: inside one period of care, one
/// order at a time, while the child lives in a children's home (K2) or a placement under the order
/// (Z12, Z13) (LA-12; 903 rules 700–710).
#[utoipa::path(post, path = "/api/v1/people/{id}/care/dolo", params(("id" = Uuid, Path)), request_body = DoloInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn order(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<DoloInput>,
) -> ApiResult<Response> {
    Ok(created(svc::record(&state.db, &user.ctx(&state), id, &input).await?))
}

/// The order `id` has ended, at its version (409 if it changed or had ended) (LA-12).
#[utoipa::path(post, path = "/api/v1/care-dolo/{id}/end", params(("id" = Uuid, Path)), request_body = DoloEndInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn end(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<DoloEndInput>,
) -> ApiResult<StatusCode> {
    svc::end(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}
