//! The social work workforce shared with the region through the API (W-OUT-4, RCC-SHARE-4;
//! decision 0024): make a pseudonymised workforce extract for a census year with its tag, read
//! its file exactly as shared, and load the region's key. The pages (`pages::workforce_share`)
//! call the same services.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ff_service::sharing::workforce::{
    self as svc, RegionKeyInput, RegionKeyView, WorkforceExtractInput, WorkforceExtractView, WorkforceSharingView,
};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// The council's workforce extracts for the region, the region's key it holds (version and check
/// value, never the key) and the census years that can be shared.
#[utoipa::path(get, path = "/api/v1/workforce/regional-extracts",
    responses((status = 200, body = WorkforceSharingView), (status = 403, body = Problem)))]
pub async fn list(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<WorkforceSharingView>> {
    Ok(axum::Json(svc::overview(&state.db, &user.ctx(&state)).await?))
}

/// Make the pseudonymised workforce extract of a census year for the region, tagged with its
/// use, data sharing agreement and deletion day (W-OUT-4, RCC-SHARE-4). Returns its id. Refused
/// with 422 on `region_key` until the council has loaded the region's key.
#[utoipa::path(post, path = "/api/v1/workforce/regional-extracts", request_body = WorkforceExtractInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<WorkforceExtractInput>) -> ApiResult<Response> {
    Ok(created(svc::create_extract(&state.db, &user.ctx(&state), &input).await?))
}

/// One workforce extract: its tag, census year, region key version and checksum.
#[utoipa::path(get, path = "/api/v1/workforce/regional-extracts/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = WorkforceExtractView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn extract(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<WorkforceExtractView>> {
    Ok(axum::Json(svc::extract(&state.db, &user.ctx(&state), id).await?))
}

/// The workforce extract's rows as CSV, exactly as shared.
#[utoipa::path(get, path = "/api/v1/workforce/regional-extracts/{id}/workers", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn workers(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<Response> {
    let (name, body) = svc::download(&state.db, &user.ctx(&state), id).await?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body).into_response())
}

/// Load a version of the region's key for workers' registration numbers (the administrator's):
/// later workforce extracts use it. The key is never shown again; the answer gives its version
/// and check value.
#[utoipa::path(put, path = "/api/v1/sharing/region-key", request_body = RegionKeyInput,
    responses((status = 200, body = RegionKeyView), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn load_key(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(input): ApiJson<RegionKeyInput>,
) -> ApiResult<axum::Json<RegionKeyView>> {
    Ok(axum::Json(svc::load_region_key(&state.db, &user.ctx(&state), &input).await?))
}
