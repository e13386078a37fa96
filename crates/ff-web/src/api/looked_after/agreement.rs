//! The placement agreement through the API (PA-1..PA-3; RCC-REF-1 stage P): recorded for the
//! child's current placement, then changed at its version. It is part of
//! `GET /api/v1/people/{id}/care` (`agreement`); the pages call the same service.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ff_service::looked_after::agreement::{self as svc, AgreementInput};
use uuid::Uuid;

use crate::AppState;
use crate::api::handlers::Problem;
use crate::api::{ApiJson, ApiPath, created};
use crate::auth::ApiUser;
use crate::error::ApiError;

/// Record the agreement for the child's current placement (`version` 0, answered 201 with its
/// id), or change it at the version read (204; 409 when someone saved first). The three parts
/// must come to the weekly cost (PA-1), the provision fit the placement (PA-2), and a placement
/// more than 20 miles from home or outside the area say why (PA-3); an `offer_id` must be the
/// accepted offer of this child's search for a home.
#[utoipa::path(put, path = "/api/v1/people/{id}/care/agreement", params(("id" = Uuid, Path)), request_body = AgreementInput,
    responses((status = 201), (status = 204), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn agreement(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AgreementInput>,
) -> Result<Response, ApiError> {
    let saved = svc::record(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(if input.version == 0 { created(saved) } else { StatusCode::NO_CONTENT.into_response() })
}
