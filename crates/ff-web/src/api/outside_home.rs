//! Harm outside the home through the API: places and groups, concerns about
//! them, and children linked to them with the concern that links them (HOTH-1); a place shows
//! only the children the caller may see. The pages (`pages::outside_home`) call the same services.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::outside_home::{
    self as svc, ChildPlace, ConcernInput, EndLinkInput, LinkInput, PlaceActionDoneInput, PlaceInput, PlaceMeetingInput, PlaceView,
    PlacesView, ScreeningInput, ScreeningView,
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
