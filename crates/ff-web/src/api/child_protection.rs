//! Child protection API handlers: strategy discussions, enquiries, conferences, plans,
//! multi-agency teams, requests for information and the chronology.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ff_service::child_protection as cp;
use ff_service::conferences as conf;
use ff_service::macpt;
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, created};
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

/// Record a conference (initial, pre-birth, transfer-in or review) and act on its decision.
#[utoipa::path(post, path = "/api/v1/people/{id}/conferences", params(("id" = Uuid, Path)), request_body = conf::ConferenceInput,
    responses((status = 201, body = conf::ConferenceResult), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn conference(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<conf::ConferenceInput>,
) -> ApiResult<Response> {
    let r = conf::record_conference(&state.db, &user.ctx(&state), id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(r)).into_response())
}

/// Add an outcome or action to a child protection plan.
#[utoipa::path(post, path = "/api/v1/cp-plans/{id}/items", params(("id" = Uuid, Path)), request_body = conf::CpItemInput,
    responses((status = 201), (status = 422, body = Problem)))]
pub async fn plan_item(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<conf::CpItemInput>,
) -> ApiResult<Response> {
    Ok(created(conf::add_item(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Mark a plan outcome or action done.
#[utoipa::path(post, path = "/api/v1/cp-plan-items/{id}/done", params(("id" = Uuid, Path)), request_body = conf::ItemDoneInput,
    responses((status = 204), (status = 409, body = Problem)))]
pub async fn plan_item_done(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<conf::ItemDoneInput>,
) -> ApiResult<StatusCode> {
    conf::item_done(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record a core group meeting (T11, T12).
#[utoipa::path(post, path = "/api/v1/cp-plans/{id}/core-groups", params(("id" = Uuid, Path)), request_body = conf::CoreGroupInput,
    responses((status = 201), (status = 422, body = Problem)))]
pub async fn core_group(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<conf::CoreGroupInput>,
) -> ApiResult<Response> {
    Ok(created(conf::record_core_group(&state.db, &user.ctx(&state), id, &input).await?))
}

/// End a plan for a reason other than a review conference's decision (R-CP-6).
#[utoipa::path(post, path = "/api/v1/cp-plans/{id}/end", params(("id" = Uuid, Path)), request_body = conf::EndPlanInput,
    responses((status = 204), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn end_plan(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<conf::EndPlanInput>,
) -> ApiResult<StatusCode> {
    conf::end_plan(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ask another agency for information about the child, with a due date.
#[utoipa::path(post, path = "/api/v1/people/{id}/info-requests", params(("id" = Uuid, Path)), request_body = macpt::InfoRequestInput,
    responses((status = 201), (status = 422, body = Problem)))]
pub async fn info_request(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<macpt::InfoRequestInput>,
) -> ApiResult<Response> {
    Ok(created(macpt::request_information(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Answer a request for information; the answer joins the chronology as the agency's record.
#[utoipa::path(post, path = "/api/v1/info-requests/{id}/answer", params(("id" = Uuid, Path)), request_body = macpt::AnswerInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn answer(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<macpt::AnswerInput>,
) -> ApiResult<StatusCode> {
    macpt::answer_request(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The conference report: household children, chronology and uncorroborated parental accounts.
#[utoipa::path(get, path = "/api/v1/people/{id}/conference-report", params(("id" = Uuid, Path)),
    responses((status = 200, body = conf::ConferenceReport), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn report(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<conf::ConferenceReport>> {
    Ok(axum::Json(conf::report(&state.db, &user.ctx(&state), id).await?))
}

/// Conferences due and every LCPP's load against the cap.
#[utoipa::path(get, path = "/api/v1/child-protection/overview", responses((status = 200, body = conf::Overview), (status = 403, body = Problem)))]
pub async fn overview(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<conf::Overview>> {
    Ok(axum::Json(conf::overview(&state.db, &user.ctx(&state)).await?))
}

/// Multi-agency child protection teams, their members by type, gaps and cases.
#[utoipa::path(get, path = "/api/v1/teams", responses((status = 200, body = Vec<macpt::TeamView>), (status = 403, body = Problem)))]
pub async fn teams(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<Vec<macpt::TeamView>>> {
    Ok(axum::Json(macpt::teams(&state.db, &user.ctx(&state)).await?))
}

/// Set up a multi-agency child protection team.
#[utoipa::path(post, path = "/api/v1/teams", request_body = macpt::TeamInput, responses((status = 201), (status = 422, body = Problem)))]
pub async fn create_team(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<macpt::TeamInput>) -> ApiResult<Response> {
    Ok(created(macpt::create_team(&state.db, &user.ctx(&state), &input).await?))
}

/// Add a member to a team.
#[utoipa::path(post, path = "/api/v1/teams/{id}/members", params(("id" = Uuid, Path)), request_body = macpt::MemberInput,
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn add_member(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<macpt::MemberInput>,
) -> ApiResult<StatusCode> {
    macpt::add_member(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record that a team works a child's case.
#[utoipa::path(post, path = "/api/v1/teams/{id}/cases", params(("id" = Uuid, Path)), request_body = macpt::TeamCaseInput,
    responses((status = 201), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn assign_case(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<macpt::TeamCaseInput>,
) -> ApiResult<Response> {
    Ok(created(macpt::assign_case(&state.db, &user.ctx(&state), id, &input).await?))
}

/// The team stops working the case.
#[utoipa::path(post, path = "/api/v1/team-cases/{id}/end", params(("id" = Uuid, Path)), request_body = macpt::EndTeamCaseInput,
    responses((status = 204), (status = 409, body = Problem)))]
pub async fn end_case(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<macpt::EndTeamCaseInput>,
) -> ApiResult<StatusCode> {
    macpt::end_case(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The cases the caller's teams work and requests waiting for their agency.
#[utoipa::path(get, path = "/api/v1/team-work", responses((status = 200, body = macpt::PartnerWork), (status = 403, body = Problem)))]
pub async fn team_work(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<macpt::PartnerWork>> {
    Ok(axum::Json(macpt::my_team_work(&state.db, &user.ctx(&state)).await?))
}
