//! Plans' shared written records through the API: read one, and save changes
//! section by section (a stale section is a 409 naming it, with the other writer's words), as the
//! written assessment's draft is saved. Who may write: PR-1; locked once the plan ends: PR-2.

use axum::extract::State;
use ff_domain::plan_record::PlanKind;
use ff_service::plan_record as svc;
use ff_service::written::{DraftInput, DraftSaved};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// A child protection plan as one record: what the LCPP and the family help lead wrote (with the
/// child's and the family's own words), the outcomes and actions, the category and contingency.
#[utoipa::path(get, path = "/api/v1/cp-plans/{id}/record", params(("id" = Uuid, Path)), responses((status = 200, body = svc::PlanRecord), (status = 404, body = Problem)))]
pub async fn record_cp(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<svc::PlanRecord>> {
    Ok(axum::Json(svc::record(&state.db, &user.ctx(&state), PlanKind::ChildProtection, id).await?))
}

/// Save changes to a child protection plan's record. Each changed section carries the revision
/// it was changed from; if someone else changed any of them since, nothing is saved and the 409
/// lists their words in `conflicts`. Written by the plan's LCPP, the family help lead and social
/// workers on the case; an ended plan is locked (422).
#[utoipa::path(put, path = "/api/v1/cp-plans/{id}/record", params(("id" = Uuid, Path)), request_body = DraftInput,
    responses((status = 200, body = DraftSaved), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn save_cp(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<DraftInput>,
) -> ApiResult<axum::Json<DraftSaved>> {
    Ok(axum::Json(svc::save(&state.db, &user.ctx(&state), PlanKind::ChildProtection, id, &input).await?))
}

/// A family help plan as one record: what the practitioners wrote with the family, and the
/// outcomes and actions.
#[utoipa::path(get, path = "/api/v1/plans/{id}/record", params(("id" = Uuid, Path)), responses((status = 200, body = svc::PlanRecord), (status = 404, body = Problem)))]
pub async fn record_fh(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<svc::PlanRecord>> {
    Ok(axum::Json(svc::record(&state.db, &user.ctx(&state), PlanKind::FamilyHelp, id).await?))
}

/// Save changes to a family help plan's record, as for a child protection plan's; written by the
/// council's practitioners on the case, locked once the plan ends (422).
#[utoipa::path(put, path = "/api/v1/plans/{id}/record", params(("id" = Uuid, Path)), request_body = DraftInput,
    responses((status = 200, body = DraftSaved), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn save_fh(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<DraftInput>,
) -> ApiResult<axum::Json<DraftSaved>> {
    Ok(axum::Json(svc::save(&state.db, &user.ctx(&state), PlanKind::FamilyHelp, id, &input).await?))
}
