//! Document API handlers: a child's documents, adding one (multipart, the file
//! read no further than the size limit), downloading one (audited) and withdrawing one.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use ff_domain::ValidationErrors;
use ff_service::ServiceError;
use ff_service::documents::{self as svc, DocumentInput, DocumentView, WithdrawInput};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, problem};
use crate::forms::{UploadError, read_upload};

type ApiResult<T> = Result<T, ApiError>;

/// The child's documents the caller may see, newest first; withdrawn ones are marked.
#[utoipa::path(get, path = "/api/v1/people/{id}/documents", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<DocumentView>), (status = 403, body = Problem)))]
pub async fn list(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<Vec<DocumentView>>> {
    Ok(axum::Json(svc::for_child(&state.db, &user.ctx(&state), id).await?))
}

/// A document as sent: the file and what it is.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct DocumentUpload {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// letter, report, assessment, court, consent, photo, email or other.
    pub category: String,
    pub title: String,
    pub description: Option<String>,
    /// YYYY-MM-DD.
    pub document_date: Option<String>,
    /// partners (the default) or council.
    pub visibility: Option<String>,
}

/// Add a document to the child's record. Its kind is judged from its content; it must be no
/// larger than the server's limit (413 otherwise).
#[utoipa::path(post, path = "/api/v1/people/{id}/documents", params(("id" = Uuid, Path)),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses((status = 201), (status = 403, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn add(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    req: axum::extract::Request,
) -> ApiResult<Response> {
    let ctx = user.ctx(&state);
    svc::check_may_add(&state.db, &ctx, id).await?;
    let Ok(form) = <Multipart as axum::extract::FromRequest<()>>::from_request(req, &()).await else {
        return Ok(problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
            "Send the document as multipart/form-data with a `file` part.",
            json!({}),
        ));
    };
    let upload = match read_upload(form, state.documents.max_bytes).await {
        Ok(u) => u,
        Err(UploadError::TooLarge) => {
            let mb = state.documents.max_bytes / 1_000_000;
            return Ok(problem(StatusCode::PAYLOAD_TOO_LARGE, "Too large", &format!("A document may be up to {mb} MB."), json!({})));
        }
        Err(UploadError::Broken) => {
            return Err(ServiceError::from(ValidationErrors::single("file", "The upload could not be read: send it again")).into());
        }
    };
    let f = &upload.fields;
    let document_date =
        match f.opt("document_date") {
            None => None,
            Some(d) => Some(d.parse().map_err(|_| {
                ApiError::from(ServiceError::from(ValidationErrors::single("document_date", "Send the date as YYYY-MM-DD")))
            })?),
        };
    let input = DocumentInput {
        category: f.get("category").into(),
        title: f.get("title").into(),
        description: f.get("description").into(),
        document_date,
        visibility: f.opt("visibility"),
    };
    let (filename, bytes) = upload.file.unwrap_or_default();
    Ok(created(svc::add(&state.db, &ctx, &state.documents, id, &input, &filename, &bytes).await?))
}

/// The document's file, as an attachment. Every download is audited.
#[utoipa::path(get, path = "/api/v1/documents/{id}/content", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The file, as an attachment, with the content type of its kind", content(
        (Vec<u8> = "application/pdf"), (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/gif"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (Vec<u8> = "application/vnd.oasis.opendocument.text"), (Vec<u8> = "application/msword"), (Vec<u8> = "application/vnd.ms-excel"),
        (Vec<u8> = "application/vnd.ms-outlook"), (Vec<u8> = "message/rfc822"), (Vec<u8> = "text/plain")
    )), (status = 404, body = Problem)))]
pub async fn content(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<Response> {
    let d = svc::download(&state.db, &user.ctx(&state), &state.documents, id).await?;
    Ok(crate::pages::documents::file_response(d))
}

/// Withdraw a document with a reason (the person who added it, or a manager). It is kept.
#[utoipa::path(post, path = "/api/v1/documents/{id}/withdraw", params(("id" = Uuid, Path)), request_body = WithdrawInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn withdraw(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<WithdrawInput>,
) -> ApiResult<StatusCode> {
    svc::withdraw(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Give the family their child protection plan in plain words, as a PDF kept with the child's
/// documents. Returns the document's id; fetch the file from `/api/v1/documents/{id}/content`.
#[utoipa::path(post, path = "/api/v1/cp-plans/{id}/issue", params(("id" = Uuid, Path)),
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn issue_plan(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<Response> {
    Ok(created(ff_service::letters::issue_cp_plan_for_family(&state.db, &user.ctx(&state), &state.documents, id).await?))
}
