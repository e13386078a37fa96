//! Family network support packages through the API (§5.5, FNSP-1..FNSP-4): a child's packages,
//! a request, the decision within the decider's limit, payments, closing, and the council's
//! support budget. The pages (`pages::support_packages`) call the same service functions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::support_packages as sp;
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// A child's support packages with items, payments, paid to date and what may be approved.
#[utoipa::path(get, path = "/api/v1/people/{id}/support-packages", params(("id" = Uuid, Path)),
    responses((status = 200, body = sp::ChildSupportView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn support_packages(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<sp::ChildSupportView>> {
    Ok(axum::Json(sp::for_child(&state.db, &user.ctx(&state), id).await?))
}

/// Request a family network support package (FNSP-1).
#[utoipa::path(post, path = "/api/v1/people/{id}/support-packages", params(("id" = Uuid, Path)), request_body = sp::PackageRequestInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn request_package(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<sp::PackageRequestInput>,
) -> ApiResult<Response> {
    Ok(created(sp::request_package(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Approve (within the approver's limit, FNSP-2) or decline a package.
#[utoipa::path(post, path = "/api/v1/support-packages/{id}/decision", params(("id" = Uuid, Path)), request_body = sp::PackageDecisionInput,
    responses((status = 200), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn decide_package(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<sp::PackageDecisionInput>,
) -> ApiResult<axum::Json<serde_json::Value>> {
    let status = sp::decide(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(axum::Json(serde_json::json!({ "status": status.code() })))
}

/// Record a payment (never above the approved total, FNSP-3).
#[utoipa::path(post, path = "/api/v1/support-packages/{id}/payments", params(("id" = Uuid, Path)), request_body = sp::PaymentInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn package_payment(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<sp::PaymentInput>,
) -> ApiResult<Response> {
    Ok(created(sp::record_payment(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Close a package, or withdraw a request.
#[utoipa::path(post, path = "/api/v1/support-packages/{id}/close", params(("id" = Uuid, Path)), request_body = sp::ClosePackageInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn close_package(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<sp::ClosePackageInput>,
) -> ApiResult<StatusCode> {
    sp::close(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BudgetYear {
    /// The year the financial year starts in (2026 is 2026/27); default the current year.
    pub year: Option<i32>,
}

/// The council's support package budget for a financial year: spent, committed, remaining.
#[utoipa::path(get, path = "/api/v1/support-budget", params(BudgetYear),
    responses((status = 200, body = sp::BudgetView), (status = 403, body = Problem)))]
pub async fn support_budget(
    State(state): State<AppState>,
    user: ApiUser,
    super::ApiQuery(q): super::ApiQuery<BudgetYear>,
) -> ApiResult<axum::Json<sp::BudgetView>> {
    Ok(axum::Json(sp::budget(&state.db, &user.ctx(&state), q.year).await?))
}
