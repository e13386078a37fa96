//! Foster carers through the API (CR-1 to CR-5): the council's fostering
//! households, each step of recruitment, approval and its terms, the yearly review, the end of
//! approval, a connected person's temporary approval, and the weekly allowances. The pages
//! (`pages::carers`) call the same service functions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::carers::{
    self as svc, CarerAllowancesView, CarerDetailsInput, CarerEndInput, CarerInput, CarerList, CarerRatesInput, CarerReviewInput,
    CarerStageInput, CarerTemporaryInput, CarerTermsInput, CarerView,
};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, ApiQuery, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CarerListQuery {
    /// Only households at this stage: enquiry, initial_visit, assessment, panel, approved,
    /// not_approved, withdrawn or ended.
    pub stage: Option<String>,
    /// From 1; 25 households a page.
    pub page: Option<u32>,
}

/// The council's foster carers, 25 a page by name, at one stage or all, with how many are at each
/// stage, and approved places and vacancies.
#[utoipa::path(get, path = "/api/v1/carers", params(CarerListQuery),
    responses((status = 200, body = CarerList), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list(State(state): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<CarerListQuery>) -> ApiResult<axum::Json<CarerList>> {
    Ok(axum::Json(svc::list(&state.db, &user.ctx(&state), q.stage.as_deref(), q.page.unwrap_or(1)).await?))
}

/// A household's first enquiry: names, kind (mainstream, connected_person, parent_and_child),
/// postcode area and the groups it could take.
#[utoipa::path(post, path = "/api/v1/carers", request_body = CarerInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<CarerInput>) -> ApiResult<Response> {
    Ok(created(svc::create(&state.db, &user.ctx(&state), &input).await?))
}

/// A household: where it is in recruitment, every step, its approval terms, vacancies, the
/// review of approval due (CR-5), and the weekly allowance for each age band at today's rates.
#[utoipa::path(get, path = "/api/v1/carers/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = CarerView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<CarerView>> {
    Ok(axum::Json(svc::get(&state.db, &user.ctx(&state), id).await?))
}

/// The household's details now: names, postcode area, the groups it could take; at its version
/// (409 if it changed).
#[utoipa::path(put, path = "/api/v1/carers/{id}", params(("id" = Uuid, Path)), request_body = CarerDetailsInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn change(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CarerDetailsInput>,
) -> ApiResult<StatusCode> {
    svc::change_details(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The household reaches the next stage (initial_visit, assessment, panel), withdraws or is not
/// approved, with a reason (CR-1), at its version (409 if it changed).
#[utoipa::path(post, path = "/api/v1/carers/{id}/stage", params(("id" = Uuid, Path)), request_body = CarerStageInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn stage(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CarerStageInput>,
) -> ApiResult<StatusCode> {
    svc::stage(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Approved after the fostering panel, on terms: ages, number of children, brothers and sisters
/// together (CR-1, CR-3; more than 3 children needs the exemption recorded).
#[utoipa::path(post, path = "/api/v1/carers/{id}/approval", params(("id" = Uuid, Path)), request_body = CarerTermsInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn approve(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CarerTermsInput>,
) -> ApiResult<StatusCode> {
    svc::approve(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// New terms of approval from a date (CR-3).
#[utoipa::path(post, path = "/api/v1/carers/{id}/terms", params(("id" = Uuid, Path)), request_body = CarerTermsInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn terms(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CarerTermsInput>,
) -> ApiResult<StatusCode> {
    svc::change_terms(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A connected person approved temporarily for 16 weeks (regulation 24), or that approval
/// extended to at most 24 weeks (CR-4).
#[utoipa::path(post, path = "/api/v1/carers/{id}/temporary-approval", params(("id" = Uuid, Path)), request_body = CarerTemporaryInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn temporary(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CarerTemporaryInput>,
) -> ApiResult<StatusCode> {
    svc::temporary(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The yearly review of approval (CR-5, Fostering Services Regulations 2011 reg 28).
#[utoipa::path(post, path = "/api/v1/carers/{id}/reviews", params(("id" = Uuid, Path)), request_body = CarerReviewInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn review(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CarerReviewInput>,
) -> ApiResult<StatusCode> {
    svc::review(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The approval ends: resigned or deregistered, and why (CR-1).
#[utoipa::path(post, path = "/api/v1/carers/{id}/end", params(("id" = Uuid, Path)), request_body = CarerEndInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn end(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CarerEndInput>,
) -> ApiResult<StatusCode> {
    svc::end(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The weekly allowances: today's for each age band, the national minimum and the council's own
/// rates, each dated.
#[utoipa::path(get, path = "/api/v1/carer-allowances",
    responses((status = 200, body = CarerAllowancesView), (status = 403, body = Problem)))]
pub async fn allowances(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<CarerAllowancesView>> {
    Ok(axum::Json(svc::allowances(&state.db, &user.ctx(&state)).await?))
}

/// The council's own weekly rates from a date, never below the national minimum in force that
/// day (CR-2), or (with `national_minimum`) the national minimum itself; saved as a new version
/// of the council's settings (409 if they changed).
#[utoipa::path(post, path = "/api/v1/carer-allowances", request_body = CarerRatesInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn set_rates(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<CarerRatesInput>) -> ApiResult<StatusCode> {
    svc::set_council_rates(&state.db, &user.ctx(&state), &input).await?;
    Ok(StatusCode::NO_CONTENT)
}
