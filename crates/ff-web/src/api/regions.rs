//! Regions through the API (RCC-1, RCC-2, RCC-SHARE-1..4; decision 0029): the council's
//! administrator records the region and its member councils; the regional analyst and
//! commissioner read what member councils share, send in a member's 903 files and read the
//! region's sufficiency. The pages (`pages::regions`) call the same services.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ff_service::regions::{
    self as svc, RegionInput, RegionMemberChange, RegionMemberInput, RegionSufficiencyView, RegionView, SharedView, UploadInput, UploadView,
};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// The region the council keeps and its member councils, past and present (none before it is
/// recorded).
#[utoipa::path(get, path = "/api/v1/regions/current",
    responses((status = 200, body = RegionView), (status = 403, body = Problem)))]
pub async fn region(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<RegionView>> {
    Ok(axum::Json(svc::overview(&state.db, &user.ctx(&state)).await?))
}

/// Record the region (version 0 the first time) or change its code and name at the version read.
#[utoipa::path(put, path = "/api/v1/regions/current", request_body = RegionInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn save_region(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<RegionInput>) -> ApiResult<StatusCode> {
    svc::save_region(&state.db, &user.ctx(&state), &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add a member council: how it takes part and the day it joined. Returns its id.
#[utoipa::path(post, path = "/api/v1/regions/current/members", request_body = RegionMemberInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_member(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<RegionMemberInput>) -> ApiResult<Response> {
    Ok(created(svc::add_member(&state.db, &user.ctx(&state), &input).await?))
}

/// Change a membership at the version read: how the council takes part, the days it joined and left.
#[utoipa::path(put, path = "/api/v1/regions/current/members/{id}", params(("id" = Uuid, Path)), request_body = RegionMemberChange,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
pub async fn change_member(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<RegionMemberChange>,
) -> ApiResult<StatusCode> {
    svc::change_member(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What the region holds: today's members' pseudonymised extracts and the 903 files members not
/// on Families First sent, with their verdicts.
#[utoipa::path(get, path = "/api/v1/regions/current/shared",
    responses((status = 200, body = SharedView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn shared(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<SharedView>> {
    Ok(axum::Json(svc::shared(&state.db, &user.ctx(&state)).await?))
}

/// One table of a member's extract as CSV, exactly as shared. Audited.
#[utoipa::path(get, path = "/api/v1/regions/current/extracts/{id}/{table}", params(("id" = Uuid, Path), ("table" = String, Path)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn extract_table(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath((id, table)): ApiPath<(Uuid, String)>,
) -> ApiResult<Response> {
    let (name, body) = svc::extract_table(&state.db, &user.ctx(&state), id, &table).await?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body).into_response())
}

/// Send a member's 903 files (CSV) for a collection year: checked with the 903 validator and
/// kept with the verdict, errors and all. Returns its id.
#[utoipa::path(post, path = "/api/v1/regions/current/uploads", request_body = UploadInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn upload(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<UploadInput>) -> ApiResult<Response> {
    Ok(created(svc::upload(&state.db, &user.ctx(&state), &input).await?))
}

/// One set of 903 files sent: its verdict and the issues the validator found.
#[utoipa::path(get, path = "/api/v1/regions/current/uploads/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = UploadView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn upload_view(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<UploadView>> {
    Ok(axum::Json(svc::upload_view(&state.db, &user.ctx(&state), id).await?))
}

/// The region's sufficiency: children in care by kind of home, in and out of area, distance from
/// home and weekly cost where shared, for the region and each member; the region's latest
/// forecast against the members' foster places.
#[utoipa::path(get, path = "/api/v1/regions/current/sufficiency",
    responses((status = 200, body = RegionSufficiencyView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn sufficiency(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<RegionSufficiencyView>> {
    Ok(axum::Json(svc::sufficiency(&state.db, &user.ctx(&state)).await?))
}
