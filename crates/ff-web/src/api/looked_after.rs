//! Children looked after through the API (LA-1..LA-3): a child's care history,
//! becoming looked after, a change of legal status or placement (a new SSDA903 episode with its
//! reason), and leaving care. The pages (`pages::looked_after`) call the same service functions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::looked_after::checks::{self, CareCheckInput, MissingInput, MissingReturnInput};
use ff_service::looked_after::connections::{self, ConnectionInput, ConnectionStepInput};
use ff_service::looked_after::due::{self, ChildrenInCare};
use ff_service::looked_after::outcomes::OutcomesInput;
use ff_service::looked_after::{self as svc, CareReviewInput, CareView, ChangeCareInput, LeaveCareInput, StartCareInput};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// The child's care: every episode (newest first) with its 903 codes and their meaning, the
/// current one, reviews, visits, health assessments, education plans, missing episodes, placement
/// stability, and every care clock's next due date (T24–T31).
#[utoipa::path(get, path = "/api/v1/people/{id}/care", params(("id" = Uuid, Path)), responses((status = 200, body = CareView), (status = 404, body = Problem)))]
pub async fn care(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<CareView>> {
    Ok(axum::Json(svc::for_child(&state.db, &user.ctx(&state), id).await?))
}

/// The child becomes looked after: legal status, category of need and placement (903 codes).
/// Refused (422) when the child is already looked after, or the placement cannot go with the
/// legal status or the child's age (LA-2).
#[utoipa::path(post, path = "/api/v1/people/{id}/care", params(("id" = Uuid, Path)), request_body = StartCareInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn start(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<StartCareInput>,
) -> ApiResult<Response> {
    Ok(created(svc::start(&state.db, &user.ctx(&state), id, &input).await?))
}

/// The legal status or the placement changes: the current episode ends and a new one begins with
/// the 903's reason (LA-1); at the current episode's version (409 if it changed since).
#[utoipa::path(post, path = "/api/v1/people/{id}/care/changes", params(("id" = Uuid, Path)), request_body = ChangeCareInput,
    responses((status = 201), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn change(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ChangeCareInput>,
) -> ApiResult<Response> {
    Ok(created(svc::change(&state.db, &user.ctx(&state), id, &input).await?))
}

/// The child leaves care, with the 903's reason (not X1, LA-3), at the current episode's version.
#[utoipa::path(post, path = "/api/v1/people/{id}/care/leaving", params(("id" = Uuid, Path)), request_body = LeaveCareInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn leave(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<LeaveCareInput>,
) -> ApiResult<StatusCode> {
    svc::leave(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record a looked-after review (T24–T26): held while the child is looked after, chaired by an
/// independent reviewing officer who is not the child's social worker, with how the child took
/// part (903 PN0 under 4, PN1–PN7 from 4); otherwise 422 (LA-4).
#[utoipa::path(post, path = "/api/v1/people/{id}/care/reviews", params(("id" = Uuid, Path)), request_body = CareReviewInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn review(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CareReviewInput>,
) -> ApiResult<Response> {
    Ok(created(svc::record_review(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Record a statutory visit, health assessment or personal education plan meeting while the child
/// is looked after (LA-5): `kind` is visit, initial_health (once per period of care),
/// review_health or pep. A visit counts for the visit clock (T28) only when the child was seen.
#[utoipa::path(post, path = "/api/v1/people/{id}/care/checks", params(("id" = Uuid, Path)), request_body = CareCheckInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn check(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CareCheckInput>,
) -> ApiResult<Response> {
    Ok(created(checks::record_check(&state.db, &user.ctx(&state), id, &input).await?))
}

/// The child is missing (M) or away without authorisation (A) from their placement (LA-6; 903
/// Missing): while looked after, one open episode at a time.
#[utoipa::path(post, path = "/api/v1/people/{id}/care/missing", params(("id" = Uuid, Path)), request_body = MissingInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn missing(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<MissingInput>,
) -> ApiResult<Response> {
    Ok(created(checks::record_missing(&state.db, &user.ctx(&state), id, &input).await?))
}

/// The child came back from the missing episode `id`, with whether a return home interview was
/// offered and accepted; at the episode's version (409 if it changed or already ended).
#[utoipa::path(post, path = "/api/v1/care-missing/{id}/return", params(("id" = Uuid, Path)), request_body = MissingReturnInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn return_home(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<MissingReturnInput>,
) -> ApiResult<StatusCode> {
    checks::record_return(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every child the council looks after now, soonest looked-after review first, with their social
/// worker and any other care clock that is overdue (reviewing officers and managers).
#[utoipa::path(get, path = "/api/v1/children-in-care", responses((status = 200, body = ChildrenInCare), (status = 403, body = Problem)))]
pub async fn children_in_care(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<ChildrenInCare>> {
    Ok(axum::Json(due::children_in_care(&state.db, &user.ctx(&state)).await?))
}

/// Record (or, with a blank `upn`, clear) a child's unique pupil number: checked by its check
/// letter and never given to two children; at the record's version (409 if it changed).
#[utoipa::path(put, path = "/api/v1/people/{id}/upn", params(("id" = Uuid, Path)), request_body = ff_service::people::UpnInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn upn(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ff_service::people::UpnInput>,
) -> ApiResult<StatusCode> {
    ff_service::people::set_upn(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record the child's outcomes for the year to 31 March containing `as_at` (903 OC2): the
/// strengths and difficulties score or why there is none (ages 4 to 16), convictions (from 10),
/// immunisations, dental check, substance misuse and any intervention; otherwise 422 (LA-8).
#[utoipa::path(post, path = "/api/v1/people/{id}/care/outcomes", params(("id" = Uuid, Path)), request_body = OutcomesInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn outcomes(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<OutcomesInput>,
) -> ApiResult<StatusCode> {
    ff_service::looked_after::outcomes::record(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record the child's unaccompanied asylum-seeking status: when it began and, once it has, when
/// it ceased (no later than the 18th birthday); otherwise 422 (LA-9). The latest record stands.
#[utoipa::path(post, path = "/api/v1/people/{id}/care/uasc", params(("id" = Uuid, Path)), request_body = ff_service::looked_after::uasc::UascInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn uasc(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ff_service::looked_after::uasc::UascInput>,
) -> ApiResult<StatusCode> {
    ff_service::looked_after::uasc::record(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Offer a child in care a connection (LA-10): someone from their family or friends found again,
/// a mentor, a befriender or an independent visitor. It stays with the child through moves.
#[utoipa::path(post, path = "/api/v1/people/{id}/care/connections", params(("id" = Uuid, Path)), request_body = ConnectionInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn connection(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ConnectionInput>,
) -> ApiResult<Response> {
    Ok(created(connections::offer(&state.db, &user.ctx(&state), id, &input).await?))
}

/// The connection `id` is matched, at its version (409 if it changed, or is already matched).
#[utoipa::path(post, path = "/api/v1/care-connections/{id}/match", params(("id" = Uuid, Path)), request_body = ConnectionStepInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn connection_match(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ConnectionStepInput>,
) -> ApiResult<StatusCode> {
    connections::step(&state.db, &user.ctx(&state), id, false, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The connection `id` ends, with why, at its version (409 if it changed or already ended).
#[utoipa::path(post, path = "/api/v1/care-connections/{id}/end", params(("id" = Uuid, Path)), request_body = ConnectionStepInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn connection_end(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ConnectionStepInput>,
) -> ApiResult<StatusCode> {
    connections::step(&state.db, &user.ctx(&state), id, true, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub mod adoption;
pub mod agreement;
pub mod dolo;
pub mod leaving;
