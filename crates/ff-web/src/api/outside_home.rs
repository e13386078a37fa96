//! Harm outside the home through the API: places and groups, concerns about
//! them, and children linked to them with the concern that links them (HOTH-1); a place shows
//! only the children the caller may see. The pages (`pages::outside_home`) call the same services.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::outside_home::{
    self as svc, ChildPlace, ConcernInput, EndLinkInput, LinkInput, MeetingVersion, MissingFromHomeInput, MissingFromHomeReturn,
    MissingFromHomeView, PlaceActionDoneInput, PlaceInput, PlaceMeetingCorrection, PlaceMeetingInput, PlaceView, PlacesView,
    RecordWithdrawal, ReturnInterviewInput, ScreeningCorrection, ScreeningInput, ScreeningVersion, ScreeningView,
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
pub struct PlacesQuery {
    /// The start of the name (as typed, or with a capital first letter).
    pub q: Option<String>,
    /// The last place of the previous page (`next_after`); 50 a page by name.
    pub after: Option<Uuid>,
}

/// Places and groups by the start of their name, 50 a page.
#[utoipa::path(get, path = "/api/v1/places", params(PlacesQuery),
    responses((status = 200, body = PlacesView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list(State(state): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<PlacesQuery>) -> ApiResult<axum::Json<PlacesView>> {
    Ok(axum::Json(svc::list(&state.db, &user.ctx(&state), q.q.as_deref().unwrap_or(""), q.after).await?))
}

/// Record a place or group: its name, kind and where it is.
#[utoipa::path(post, path = "/api/v1/places", request_body = PlaceInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<PlaceInput>) -> ApiResult<Response> {
    Ok(created(svc::create_place(&state.db, &user.ctx(&state), &input).await?))
}

/// A place or group: its concerns and the children linked to it that the caller may see.
#[utoipa::path(get, path = "/api/v1/places/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = PlaceView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn place(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<PlaceView>> {
    Ok(axum::Json(svc::place(&state.db, &user.ctx(&state), id).await?))
}

/// Raise a concern about a place or group: it reaches the lead practitioner of every child
/// linked to it, until they see the child (HOTH-2).
#[utoipa::path(post, path = "/api/v1/places/{id}/concerns", params(("id" = Uuid, Path)), request_body = ConcernInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn concern(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ConcernInput>,
) -> ApiResult<Response> {
    Ok(created(svc::raise_concern(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Link a child to a place or group with the concern that links them (HOTH-1): work on the
/// child's record (a partner agency only on their team's cases). Returns the link's id.
#[utoipa::path(post, path = "/api/v1/places/{id}/children", params(("id" = Uuid, Path)), request_body = LinkInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn link(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<LinkInput>,
) -> ApiResult<Response> {
    Ok(created(svc::link_child(&state.db, &user.ctx(&state), id, &input).await?))
}

/// The link ends, at its version.
#[utoipa::path(post, path = "/api/v1/place-links/{id}/end", params(("id" = Uuid, Path)), request_body = EndLinkInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn end(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<EndLinkInput>,
) -> ApiResult<StatusCode> {
    svc::end_link(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The places and groups a child is linked to, with the concerns about each since.
#[utoipa::path(get, path = "/api/v1/people/{id}/places", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<ChildPlace>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn for_child(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<Vec<ChildPlace>>> {
    Ok(axum::Json(svc::for_child(&state.db, &user.ctx(&state), id).await?))
}

/// A child's exploitation risk screenings, newest first (HOTH-3).
#[utoipa::path(get, path = "/api/v1/people/{id}/exploitation-screenings", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<ScreeningView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn screenings(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<Vec<ScreeningView>>> {
    Ok(axum::Json(svc::screenings(&state.db, &user.ctx(&state), id).await?))
}

/// Screen a child for exploitation: criminal and sexual exploitation, county lines and serious
/// violence, each with the level of concern and what is known; who raised the concerns; what
/// happens next (HOTH-3). Work on the child's record (a partner agency only on their team's cases).
#[utoipa::path(post, path = "/api/v1/people/{id}/exploitation-screenings", params(("id" = Uuid, Path)), request_body = ScreeningInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn screen(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ScreeningInput>,
) -> ApiResult<Response> {
    Ok(created(svc::record_screening(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Record a multi-agency meeting about a place or group: the agencies there, what was discussed
/// and the actions agreed for partner agencies (HOTH-4). Shown on the place.
#[utoipa::path(post, path = "/api/v1/places/{id}/meetings", params(("id" = Uuid, Path)), request_body = PlaceMeetingInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn meeting(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PlaceMeetingInput>,
) -> ApiResult<Response> {
    Ok(created(svc::record_meeting(&state.db, &user.ctx(&state), id, &input).await?))
}

/// An action from a multi-agency meeting is done, with its evidence, at its version (HOTH-4).
#[utoipa::path(post, path = "/api/v1/place-actions/{id}/done", params(("id" = Uuid, Path)), request_body = PlaceActionDoneInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn action_done(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PlaceActionDoneInput>,
) -> ApiResult<StatusCode> {
    svc::complete_action(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Correct an exploitation risk screening at its version (409 when stale): the whole screening
/// as it should read, checked as a new one (HOTH-3); the version it replaces is kept.
#[utoipa::path(post, path = "/api/v1/exploitation-screenings/{id}/correct", params(("id" = Uuid, Path)), request_body = ScreeningCorrection,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn correct_screening(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ScreeningCorrection>,
) -> ApiResult<StatusCode> {
    svc::correct_screening(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraw an exploitation risk screening with a reason, at its version: it stays on the
/// child's record, marked withdrawn.
#[utoipa::path(post, path = "/api/v1/exploitation-screenings/{id}/withdraw", params(("id" = Uuid, Path)), request_body = RecordWithdrawal,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn withdraw_screening(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<RecordWithdrawal>,
) -> ApiResult<StatusCode> {
    svc::withdraw_screening(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every version of an exploitation risk screening, newest first, each as it read then.
#[utoipa::path(get, path = "/api/v1/exploitation-screenings/{id}/versions", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<ScreeningVersion>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn screening_versions(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<Vec<ScreeningVersion>>> {
    Ok(axum::Json(svc::screening_versions(&state.db, &user.ctx(&state), id).await?))
}

/// Correct a multi-agency meeting's record at its version (409 when stale): when it was held,
/// who was there and what was discussed (HOTH-4); the version it replaces is kept.
#[utoipa::path(post, path = "/api/v1/place-meetings/{id}/correct", params(("id" = Uuid, Path)), request_body = PlaceMeetingCorrection,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn correct_meeting(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PlaceMeetingCorrection>,
) -> ApiResult<StatusCode> {
    svc::correct_meeting(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraw a multi-agency meeting's record with a reason, at its version: it stays on the
/// place, marked withdrawn, and its actions are no longer counted as overdue.
#[utoipa::path(post, path = "/api/v1/place-meetings/{id}/withdraw", params(("id" = Uuid, Path)), request_body = RecordWithdrawal,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn withdraw_meeting(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<RecordWithdrawal>,
) -> ApiResult<StatusCode> {
    svc::withdraw_meeting(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every version of a multi-agency meeting's record, newest first.
#[utoipa::path(get, path = "/api/v1/place-meetings/{id}/versions", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<MeetingVersion>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn meeting_versions(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<Vec<MeetingVersion>>> {
    Ok(axum::Json(svc::meeting_versions(&state.db, &user.ctx(&state), id).await?))
}

/// A child's missing and away episodes, newest first, with each return home interview
/// (HOTH-5, HOTH-6). Times are London times.
#[utoipa::path(get, path = "/api/v1/people/{id}/missing-from-home", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<MissingFromHomeView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn missing(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<Vec<MissingFromHomeView>>> {
    Ok(axum::Json(svc::missing_for_child(&state.db, &user.ctx(&state), id).await?))
}

/// Record that a child went missing or was away from home (HOTH-5), with their return if they
/// are back. Every mistake at once (422); a child in care is recorded on their care record
/// instead (422 with the rule). Work on the child's record.
#[utoipa::path(post, path = "/api/v1/people/{id}/missing-from-home", params(("id" = Uuid, Path)), request_body = MissingFromHomeInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn record_missing(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<MissingFromHomeInput>,
) -> ApiResult<Response> {
    Ok(created(svc::record_missing(&state.db, &user.ctx(&state), id, &input).await?))
}

/// The child came back, at the episode's version (HOTH-5): the return home interview is then
/// due within the council's hours (HOTH-6).
#[utoipa::path(post, path = "/api/v1/missing-episodes/{id}/return", params(("id" = Uuid, Path)), request_body = MissingFromHomeReturn,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn record_return(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<MissingFromHomeReturn>,
) -> ApiResult<StatusCode> {
    svc::record_return(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The return home interview, held or declined by the child, at the episode's version (HOTH-6).
#[utoipa::path(post, path = "/api/v1/missing-episodes/{id}/interview", params(("id" = Uuid, Path)), request_body = ReturnInterviewInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn record_interview(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ReturnInterviewInput>,
) -> ApiResult<StatusCode> {
    svc::record_interview(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}
