//! Searching for a home through the API (RCC-REF-1, RCC-SHARE-5, RCC-SHARE-7;
//! HS-1..HS-3): start a search for a child, record providers' answers, decide on offers, end a
//! search. The pages (`pages::home_search`) call the same services.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::home_search::{
    self as svc, HomeSearchEndInput, HomeSearchInput, HomeSearchView, HomeSearchesView, OfferDecisionInput, ProviderAnswerInput,
};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, ApiQuery, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// Start a search for a home for the child (HS-1): what the child needs and the risks.
#[utoipa::path(post, path = "/api/v1/people/{id}/home-searches", params(("id" = Uuid, Path)), request_body = HomeSearchInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn start(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<HomeSearchInput>,
) -> ApiResult<Response> {
    Ok(created(svc::start(&state.db, &user.ctx(&state), id, &input).await?))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// open (the default), placed, failed or withdrawn.
    pub status: Option<String>,
    /// The `next_after` of the previous page; 50 a page, oldest first.
    pub after: Option<String>,
}

/// The council's searches with one status, with the count of each.
#[utoipa::path(get, path = "/api/v1/home-searches", params(ListQuery),
    responses((status = 200, body = HomeSearchesView), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<axum::Json<HomeSearchesView>> {
    let status = q.status.as_deref().unwrap_or("open");
    Ok(axum::Json(svc::list(&state.db, &user.ctx(&state), status, q.after.as_deref()).await?))
}

/// One search with every provider's answer and how long the child has waited.
#[utoipa::path(get, path = "/api/v1/home-searches/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = HomeSearchView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn search(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<HomeSearchView>> {
    Ok(axum::Json(svc::search(&state.db, &user.ctx(&state), id).await?))
}

/// Record a provider's answer (HS-2): an offer with its weekly cost and start, or a refusal with
/// its reason. Returns the answer's id.
#[utoipa::path(post, path = "/api/v1/home-searches/{id}/answers", params(("id" = Uuid, Path)), request_body = ProviderAnswerInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn answer(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ProviderAnswerInput>,
) -> ApiResult<Response> {
    Ok(created(svc::answer(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Accept or decline an offer (HS-2); accepting ends the search as placed (HS-3).
#[utoipa::path(post, path = "/api/v1/home-search-offers/{id}/decision", params(("id" = Uuid, Path)), request_body = OfferDecisionInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn decide(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<OfferDecisionInput>,
) -> ApiResult<StatusCode> {
    svc::decide(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// End a search without a home (HS-3): failed, or no longer needed, with the reason.
#[utoipa::path(post, path = "/api/v1/home-searches/{id}/end", params(("id" = Uuid, Path)), request_body = HomeSearchEndInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn end(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<HomeSearchEndInput>,
) -> ApiResult<StatusCode> {
    svc::end(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}
