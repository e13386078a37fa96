//! Adoption through the API (LA-11): the decision that a child in care should be
//! placed for adoption, the match with prospective adopters, and the decision's end. Where things
//! stand is part of `GET /api/v1/people/{id}/care` (`adoption`); placing for adoption is a change
//! of placement (A3–A6) and the adoption order is leaving care (E11, E12). The pages call the
//! same services.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::looked_after::adoption::{self as svc, AdoptionCeaseInput, AdoptionDecisionInput, AdoptionMatchInput};
use uuid::Uuid;

use crate::AppState;
use crate::api::handlers::Problem;
use crate::api::{ApiJson, ApiPath, created};
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// Record the decision that the child should be placed for adoption: while they are looked after,
/// one standing at a time (LA-11; 903 rules 579, 1003).
#[utoipa::path(post, path = "/api/v1/people/{id}/care/adoption", params(("id" = Uuid, Path)), request_body = AdoptionDecisionInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn decision(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AdoptionDecisionInput>,
) -> ApiResult<Response> {
    Ok(created(svc::decide(&state.db, &user.ctx(&state), id, &input).await?))
}

/// The child is matched with prospective adopters under the decision `id`, at its version (409 if
/// it changed or has ended); who they are fits their legal status (LA-11; 903 rules 333, 511–524).
#[utoipa::path(post, path = "/api/v1/care-adoption/{id}/match", params(("id" = Uuid, Path)), request_body = AdoptionMatchInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn matched(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AdoptionMatchInput>,
) -> ApiResult<StatusCode> {
    svc::match_adopters(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The decision `id` no longer stands, with the reason, at its version (409 if it changed or has
/// ended); refused while a placement order is in force or the child is placed for adoption (LA-11).
#[utoipa::path(post, path = "/api/v1/care-adoption/{id}/cease", params(("id" = Uuid, Path)), request_body = AdoptionCeaseInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn cease(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AdoptionCeaseInput>,
) -> ApiResult<StatusCode> {
    svc::cease(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}
