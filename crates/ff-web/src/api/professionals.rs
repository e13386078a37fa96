//! The professionals involved with a child. The list is part of the person's
//! record (`GET /api/v1/people/{id}`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::professionals::{self as svc, EndInvolvementInput, ProfessionalInput};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// Record a professional involved with the child: their role, name or organisation, phone and email.
#[utoipa::path(post, path = "/api/v1/people/{id}/professionals", params(("id" = Uuid, Path)), request_body = ProfessionalInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ProfessionalInput>,
) -> ApiResult<Response> {
    Ok(created(svc::add(&state.db, &user.ctx(&state), id, &input).await?))
}

/// End a professional's involvement, at the version read (409 if it changed since).
#[utoipa::path(post, path = "/api/v1/professionals/{id}/end", params(("id" = Uuid, Path)), request_body = EndInvolvementInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn end(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<EndInvolvementInput>,
) -> ApiResult<StatusCode> {
    svc::end(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}
