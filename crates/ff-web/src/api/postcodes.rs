//! The postcode directory through the API (decision 0019): load the ONS National Statistics
//! Postcode Directory, sent as the CSV file itself, and see how the directory stands. The body is
//! written to a temporary file as it arrives (up to the server's upload limit) and read back a
//! record at a time. The pages (`pages::postcodes`) call the same services.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ff_domain::policy::Action;
use ff_service::ServiceError;
use ff_service::postcodes::{self as svc, PostcodeLoadView, PostcodeStatusView};
use serde_json::json;

use super::ApiQuery;
use super::handlers::Problem;
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, problem};
use crate::forms::{SpoolError, UploadError, spool_body};

type ApiResult<T> = Result<T, ApiError>;

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PostcodeLoadQuery {
    /// The file's name, kept with the load.
    pub file_name: Option<String>,
}

/// Load the National Statistics Postcode Directory, sent as the CSV file itself (`text/csv`, up
/// to the server's upload limit: the whole directory is about 1 GB). New postcodes are added and
/// changed ones replaced in one transaction; rows that cannot be read are listed with their line
/// numbers and left out. A file without the directory's columns changes nothing (422).
#[utoipa::path(post, path = "/api/v1/postcodes", params(PostcodeLoadQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = PostcodeLoadView), (status = 403, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn load(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<PostcodeLoadQuery>,
    body: axum::body::Body,
) -> ApiResult<Response> {
    let ctx = user.ctx(&state);
    // Authorise before reading anything of the upload.
    ctx.authorise(Action::LoadPostcodes)?;
    let max = state.jobs.limits().max_upload_bytes;
    let mut spool = match spool_body(body, uuid::Uuid::new_v4(), max).await {
        Ok(s) => s,
        Err(SpoolError::Upload(UploadError::TooLarge)) => {
            let mb = max / 1_000_000;
            return Ok(problem(StatusCode::PAYLOAD_TOO_LARGE, "Too large", &format!("A file may be up to {mb} MB."), json!({})));
        }
        Err(SpoolError::Upload(UploadError::Broken)) => {
            return Err(
                ServiceError::from(ff_domain::ValidationErrors::single("file", "The upload could not be read: send it again")).into()
            );
        }
        Err(SpoolError::Disk(e)) => return Err(ServiceError::Internal(format!("the upload could not be stored: {e}")).into()),
    };
    let reader = spool.reader().await.map_err(|e| ServiceError::Internal(format!("the upload could not be read back: {e}")))?;
    let name = q.file_name.as_deref().unwrap_or("postcodes.csv");
    let view = svc::load(&state.db, &ctx, name, reader).await?;
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}

/// How the postcode directory stands: how many postcodes it holds, when it was last loaded and
/// by whom, and this council's latest loads.
#[utoipa::path(get, path = "/api/v1/postcodes/status",
    responses((status = 200, body = PostcodeStatusView), (status = 403, body = Problem)))]
pub async fn status(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<PostcodeStatusView>> {
    Ok(axum::Json(svc::status(&state.db, &user.ctx(&state)).await?))
}
