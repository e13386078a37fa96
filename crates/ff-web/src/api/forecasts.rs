//! Demand forecasts through the API (RCC-2; FC-1..FC-6): run one from the council's records or
//! from 903 files sent as text, read it as it was run, and its tables as CSV. The pages
//! (`pages::forecasts`) call the same services.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ff_service::forecasts::{self as svc, ForecastInput, ForecastView, ForecastsView};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// The council's latest forecasts, with the states a lever can name and the default weekly costs.
#[utoipa::path(get, path = "/api/v1/forecasts",
    responses((status = 200, body = ForecastsView), (status = 403, body = Problem)))]
pub async fn list(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<ForecastsView>> {
    Ok(axum::Json(svc::list(&state.db, &user.ctx(&state)).await?))
}

/// Run a forecast and keep it (FC-1..FC-6): from the council's records (`source` "records") or
/// from 903 files given as CSV text (`source` "files"). Returns its id.
#[utoipa::path(post, path = "/api/v1/forecasts", request_body = ForecastInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<ForecastInput>) -> ApiResult<Response> {
    Ok(created(svc::run(&state.db, &user.ctx(&state), &input).await?))
}

/// One forecast as it was run.
#[utoipa::path(get, path = "/api/v1/forecasts/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = ForecastView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn forecast(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<ForecastView>> {
    Ok(axum::Json(svc::get(&state.db, &user.ctx(&state), id).await?))
}

/// One of a forecast's tables (weekly, quarters, rates or states) as CSV.
#[utoipa::path(get, path = "/api/v1/forecasts/{id}/{table}", params(("id" = Uuid, Path), ("table" = String, Path)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn table(State(state): State<AppState>, user: ApiUser, ApiPath((id, table)): ApiPath<(Uuid, String)>) -> ApiResult<Response> {
    let (name, body) = svc::table(&state.db, &user.ctx(&state), id, &table).await?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body).into_response())
}
