//! Family Help API handlers.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ff_service::family_help as fh;
use uuid::Uuid;

use super::handlers::{Created, Problem};
use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

fn created(id: Uuid) -> Response {
    (StatusCode::CREATED, axum::Json(Created { id })).into_response()
}

/// Record a contact at the front door (its decision is due within 1 working day, T1).
#[utoipa::path(post, path = "/api/v1/contacts", request_body = fh::ContactInput, responses((status = 201, body = fh::ContactView), (status = 422, body = Problem)))]
pub async fn record_contact(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(input): ApiJson<fh::ContactInput>,
) -> ApiResult<Response> {
    let c = fh::record_contact(&state.db, &user.ctx(&state), &input).await?;
    Ok((StatusCode::CREATED, axum::Json(c)).into_response())
}

/// Undecided contacts, most overdue first.
#[utoipa::path(get, path = "/api/v1/contacts", responses((status = 200, body = [fh::ContactView])))]
pub async fn undecided_contacts(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<Vec<fh::ContactView>>> {
    Ok(axum::Json(fh::undecided_contacts(&state.db, &user.ctx(&state)).await?))
}

#[utoipa::path(get, path = "/api/v1/contacts/{id}", params(("id" = Uuid, Path)), responses((status = 200, body = fh::ContactView), (status = 404, body = Problem)))]
pub async fn get_contact(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<fh::ContactView>> {
    Ok(axum::Json(fh::contact(&state.db, &user.ctx(&state), id).await?))
}

/// Decide a contact; family help, assessment or a strategy discussion open each child's episode.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/decision", params(("id" = Uuid, Path)), request_body = fh::DecisionInput,
    responses((status = 200, body = fh::DecisionResult), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn decide_contact(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fh::DecisionInput>,
) -> ApiResult<axum::Json<fh::DecisionResult>> {
    Ok(axum::Json(fh::decide_contact(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Record feedback on the decision to a professional referrer (T2).
#[utoipa::path(post, path = "/api/v1/contacts/{id}/feedback", params(("id" = Uuid, Path)), request_body = fh::FeedbackInput, responses((status = 204), (status = 422, body = Problem)))]
pub async fn contact_feedback(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fh::FeedbackInput>,
) -> ApiResult<StatusCode> {
    fh::record_feedback(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A child's Family Help record: episodes, assessments, plan, what is due, and the timeline.
#[utoipa::path(get, path = "/api/v1/people/{id}/family-help", params(("id" = Uuid, Path)), responses((status = 200, body = fh::ChildFamilyHelp), (status = 404, body = Problem)))]
pub async fn child_record(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<fh::ChildFamilyHelp>> {
    Ok(axum::Json(fh::for_child(&state.db, &user.ctx(&state), id).await?))
}

/// Allocate the lead practitioner (and overseer). R-FH-1 and the caseload cap apply.
#[utoipa::path(post, path = "/api/v1/episodes/{id}/allocation", params(("id" = Uuid, Path)), request_body = fh::AllocationInput,
    responses((status = 200, body = fh::AllocationResult), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn allocate(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fh::AllocationInput>,
) -> ApiResult<axum::Json<fh::AllocationResult>> {
    Ok(axum::Json(fh::allocate(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Move an episode between targeted early help and child in need without closing it.
#[utoipa::path(post, path = "/api/v1/episodes/{id}/level", params(("id" = Uuid, Path)), request_body = fh::LevelInput, responses((status = 204), (status = 422, body = Problem)))]
pub async fn change_level(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fh::LevelInput>,
) -> ApiResult<StatusCode> {
    fh::change_level(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start an assessment (due 45 working days from the referral, T3).
#[utoipa::path(post, path = "/api/v1/episodes/{id}/assessments", params(("id" = Uuid, Path)), request_body = fh::StartAssessmentInput, responses((status = 201, body = Created), (status = 422, body = Problem)))]
pub async fn start_assessment(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fh::StartAssessmentInput>,
) -> ApiResult<Response> {
    Ok(created(fh::start_assessment(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Complete and authorise an assessment (a social-work-qualified manager; a reason when late, T4).
#[utoipa::path(post, path = "/api/v1/assessments/{id}/complete", params(("id" = Uuid, Path)), request_body = fh::CompleteAssessmentInput, responses((status = 204), (status = 422, body = Problem)))]
pub async fn complete_assessment(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fh::CompleteAssessmentInput>,
) -> ApiResult<StatusCode> {
    fh::complete_assessment(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start a plan with outcomes and actions.
#[utoipa::path(post, path = "/api/v1/episodes/{id}/plans", params(("id" = Uuid, Path)), request_body = fh::PlanInput, responses((status = 201, body = Created), (status = 422, body = Problem)))]
pub async fn start_plan(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fh::PlanInput>,
) -> ApiResult<Response> {
    Ok(created(fh::start_plan(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Add an outcome or action to a plan.
#[utoipa::path(post, path = "/api/v1/plans/{id}/items", params(("id" = Uuid, Path)), request_body = fh::PlanItemInput, responses((status = 201, body = Created), (status = 422, body = Problem)))]
pub async fn add_plan_item(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fh::PlanItemInput>,
) -> ApiResult<Response> {
    Ok(created(fh::add_plan_item(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Mark a plan action done.
#[utoipa::path(post, path = "/api/v1/plan-items/{id}/done", params(("id" = Uuid, Path)), request_body = fh::ItemDoneInput, responses((status = 204), (status = 409, body = Problem)))]
pub async fn item_done(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fh::ItemDoneInput>,
) -> ApiResult<StatusCode> {
    fh::mark_item_done(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record a plan review.
#[utoipa::path(post, path = "/api/v1/plans/{id}/reviews", params(("id" = Uuid, Path)), request_body = fh::ReviewInput, responses((status = 201, body = Created), (status = 422, body = Problem)))]
pub async fn record_review(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fh::ReviewInput>,
) -> ApiResult<Response> {
    Ok(created(fh::record_review(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Record a visit (child seen, seen alone, bedroom seen, baby seen awake).
#[utoipa::path(post, path = "/api/v1/episodes/{id}/visits", params(("id" = Uuid, Path)), request_body = fh::VisitInput, responses((status = 201, body = Created), (status = 422, body = Problem)))]
pub async fn record_visit(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fh::VisitInput>,
) -> ApiResult<Response> {
    Ok(created(fh::record_visit(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Record social-work oversight of the case (R-FH-1).
#[utoipa::path(post, path = "/api/v1/episodes/{id}/oversight", params(("id" = Uuid, Path)), request_body = fh::OversightInput, responses((status = 201, body = Created), (status = 422, body = Problem)))]
pub async fn record_oversight(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fh::OversightInput>,
) -> ApiResult<Response> {
    Ok(created(fh::record_oversight(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Close an episode with a reason (RC1–RC9); not before any recorded activity.
#[utoipa::path(post, path = "/api/v1/episodes/{id}/close", params(("id" = Uuid, Path)), request_body = fh::CloseInput, responses((status = 204), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn close_episode(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fh::CloseInput>,
) -> ApiResult<StatusCode> {
    fh::close_episode(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// My work tray: what is due and overdue, undecided contacts, and for managers the team and caseloads.
#[utoipa::path(get, path = "/api/v1/work-tray", responses((status = 200, body = fh::WorkTray)))]
pub async fn work_tray(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<fh::WorkTray>> {
    Ok(axum::Json(fh::work_tray(&state.db, &user.ctx(&state)).await?))
}
