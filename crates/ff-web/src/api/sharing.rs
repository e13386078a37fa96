//! Sharing with the regional care co-operative through the API (RCC-SHARE-1,
//! RCC-SHARE-4): make a pseudonymised 903 extract with its tag, read its tables exactly as shared,
//! and rotate the council's key. The pages (`pages::sharing`) call the same services.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ff_service::sharing::{self as svc, ExtractInput, ExtractView, KeyView, SharingView};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// The council's latest extracts for the region and the key version in use.
#[utoipa::path(get, path = "/api/v1/sharing/extracts",
    responses((status = 200, body = SharingView), (status = 403, body = Problem)))]
pub async fn list(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<SharingView>> {
    Ok(axum::Json(svc::overview(&state.db, &user.ctx(&state)).await?))
}

/// Make a pseudonymised extract of the 903 tables for the region, tagged with its use, data
/// sharing agreement and deletion day (SH-1..SH-3). Returns its id.
#[utoipa::path(post, path = "/api/v1/sharing/extracts", request_body = ExtractInput,
    responses((status = 201), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<ExtractInput>) -> ApiResult<Response> {
    Ok(created(svc::create_extract(&state.db, &user.ctx(&state), &input).await?))
}

/// One extract: its tag and its tables with their rows and checksums.
#[utoipa::path(get, path = "/api/v1/sharing/extracts/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = ExtractView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn extract(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<ExtractView>> {
    Ok(axum::Json(svc::extract(&state.db, &user.ctx(&state), id).await?))
}

/// One table of an extract (header, episodes, uasc, oc2 or missing) as CSV, exactly as shared.
#[utoipa::path(get, path = "/api/v1/sharing/extracts/{id}/{table}", params(("id" = Uuid, Path), ("table" = String, Path)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn table(State(state): State<AppState>, user: ApiUser, ApiPath((id, table)): ApiPath<(Uuid, String)>) -> ApiResult<Response> {
    let (name, body) = svc::download(&state.db, &user.ctx(&state), id, &table).await?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body).into_response())
}

/// Rotate the council's pseudonymisation key: later extracts use the new version.
#[utoipa::path(post, path = "/api/v1/sharing/key",
    responses((status = 200, body = KeyView), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn rotate(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<KeyView>> {
    Ok(axum::Json(svc::rotate_key(&state.db, &user.ctx(&state)).await?))
}
