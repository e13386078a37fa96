//! The child protection plan's shared written record through the API (issue 12 item 1): read
//! it, and save changes section by section (a stale section is a 409 naming it, with the other
//! writer's words), as the written assessment's draft is saved.

use axum::extract::State;
use ff_service::plan_record as svc;
use ff_service::written::{DraftInput, DraftSaved};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// The plan as one record: what the LCPP and the family help lead wrote (with the child's and
/// the family's own words), the outcomes and actions, and the contingency.
#[utoipa::path(get, path = "/api/v1/cp-plans/{id}/record", params(("id" = Uuid, Path)), responses((status = 200, body = svc::PlanRecord), (status = 404, body = Problem)))]
pub async fn record(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<svc::PlanRecord>> {
    Ok(axum::Json(svc::record(&state.db, &user.ctx(&state), id).await?))
}

/// Save changes to the plan's record. Each changed section carries the revision it was changed
/// from; if someone else changed any of them since, nothing is saved and the 409 lists their
/// words in `conflicts`. Written by the plan's LCPP, the family help lead and social workers on
/// the case; an ended plan is locked (422).
#[utoipa::path(put, path = "/api/v1/cp-plans/{id}/record", params(("id" = Uuid, Path)), request_body = DraftInput,
    responses((status = 200, body = DraftSaved), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn save(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<DraftInput>,
) -> ApiResult<axum::Json<DraftSaved>> {
    Ok(axum::Json(svc::save(&state.db, &user.ctx(&state), id, &input).await?))
}
