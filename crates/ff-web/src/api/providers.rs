//! The provider register through the API (RCC-SHARE-6): search it, read one
//! provider with what changed, and load Ofsted's published list as CSV. The pages
//! (`pages::providers`) call the same services.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ff_service::providers::{self as svc, LoadView, ProviderPage, RegisterView};

use super::handlers::Problem;
use super::{ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    /// The start of the provider's name, or its URN.
    pub q: Option<String>,
    /// The `next` of the previous page; 50 a page by name.
    pub after: Option<String>,
}

/// The provider register, by the start of the name or by URN, 50 a page, with the counts and
/// this council's latest loads.
#[utoipa::path(get, path = "/api/v1/providers", params(RegisterQuery),
    responses((status = 200, body = RegisterView), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<RegisterQuery>,
) -> ApiResult<axum::Json<RegisterView>> {
    Ok(axum::Json(svc::register(&state.db, &user.ctx(&state), q.q.as_deref().unwrap_or(""), q.after.as_deref()).await?))
}

/// One provider by its Ofsted URN: the register's entry, what each load changed, and how many
/// of the council's children live there now.
#[utoipa::path(get, path = "/api/v1/providers/{urn}", params(("urn" = String, Path)),
    responses((status = 200, body = ProviderPage), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn provider(State(state): State<AppState>, user: ApiUser, ApiPath(urn): ApiPath<String>) -> ApiResult<axum::Json<ProviderPage>> {
    Ok(axum::Json(svc::provider(&state.db, &user.ctx(&state), &urn).await?))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LoadQuery {
    /// The file's name, kept with the load.
    pub file_name: Option<String>,
    /// The file is Ofsted's whole list: entries not in it are marked no longer registered.
    pub full_list: Option<bool>,
}

/// Load Ofsted's published provider list, sent as the CSV file itself (`text/csv`). A file
/// that is not the list changes nothing (422).
#[utoipa::path(post, path = "/api/v1/providers/loads", params(LoadQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = LoadView), (status = 403, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn load(State(state): State<AppState>, user: ApiUser, ApiQuery(q): ApiQuery<LoadQuery>, body: Bytes) -> ApiResult<Response> {
    let name = q.file_name.as_deref().unwrap_or("providers.csv");
    let view = svc::load(&state.db, &user.ctx(&state), name, &body, q.full_list.unwrap_or(false)).await?;
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}

/// One of this council's loads and what it did.
#[utoipa::path(get, path = "/api/v1/providers/loads/{id}", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = LoadView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn load_result(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<uuid::Uuid>,
) -> ApiResult<axum::Json<LoadView>> {
    Ok(axum::Json(svc::load_result(&state.db, &user.ctx(&state), id).await?))
}
