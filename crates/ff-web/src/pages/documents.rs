//! Document pages: adding a document to a child's record (a file upload that
//! works without JavaScript), downloading one, and withdrawing one with a reason. The list is on
//! the child's page. Every action goes through the same service functions as the API.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::case_notes::Visibility;
use ff_domain::documents::DocumentCategory;
use ff_domain::policy::Action;
use ff_domain::roles::Agency;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use ff_service::documents::{self as svc, DocumentInput, DocumentView, WithdrawInput};
use uuid::Uuid;

use super::fields::{ChildParam, back_to, child_of, date_field, errors_of, form, one_round};
use super::{Field, get, options};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::{FormData, UploadError, read_upload};

fn fields(f: Option<&FormData>, council: bool) -> Vec<Field> {
    let mut v = vec![
        Field::Radios(
            "category",
            "What is it?",
            options(DocumentCategory::ALL, |c| c.code(), |c| c.label()).into_iter().filter(|(c, _)| c != "rapid_review_summary").collect(),
            get(f, "category"),
        ),
        Field::Text("title", "Title", get(f, "title"), "For example, School report, autumn term 2026"),
        Field::TextArea("description", "Description (optional)", get(f, "description"), "What it says that matters, and who sent it"),
        date_field("document_date", "The date on the document (optional)", f, None),
    ];
    if council {
        v.push(Field::Radios(
            "visibility",
            "Who may read it beyond the council?",
            options(Visibility::ALL, |s| s.code(), |s| s.label()),
            f.map(|f| f.get("visibility").to_owned()).filter(|v| !v.is_empty()).unwrap_or_else(|| Visibility::Partners.code().to_owned()),
        ));
    }
    v
}

async fn new_page(
    state: &AppState,
    user: &PageUser,
    child: Uuid,
    f: Option<&FormData>,
    errors: Vec<FieldError>,
) -> Result<Response, PageError> {
    let ctx = user.ctx(state);
    let max_mb = state.documents.max_bytes / 1_000_000;
    let mut fs = vec![Field::File(
        "file",
        "The file",
        format!("A PDF, a picture (PNG, JPEG or GIF), a Word, Excel or PowerPoint file, an email or a text file, up to {max_mb} MB"),
    )];
    fs.extend(fields(f, ctx.actor.agency == Agency::LocalAuthority));
    let action = format!("/people/{child}/documents?csrf_token={}", user.csrf());
    Ok(form(state, user, child, ("Add a document", action, "Add document"), fs, errors).await)
}

pub async fn new_form(State(state): State<AppState>, user: PageUser, Path(child): Path<Uuid>) -> Result<Response, PageError> {
    svc::check_may_add(&state.db, &user.ctx(&state), child).await?;
    new_page(&state, &user, child, None, vec![]).await
}

fn too_large(max: u64) -> FieldError {
    FieldError { field: "file".into(), message: format!("The file is larger than {} MB: make it smaller or split it", max / 1_000_000) }
}

/// Receive a document. The file is read no further than the size limit.
pub async fn upload(
    State(state): State<AppState>,
    user: PageUser,
    Path(child): Path<Uuid>,
    req: axum::extract::Request,
) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    svc::check_may_add(&state.db, &ctx, child).await?;
    let max = state.documents.max_bytes;
    let Ok(form_data) = <Multipart as axum::extract::FromRequest<()>>::from_request(req, &()).await else {
        let e = FieldError { field: "file".into(), message: "Choose a file to add".into() };
        return new_page(&state, &user, child, None, vec![e]).await;
    };
    let upload = match read_upload(form_data, max).await {
        Ok(u) => u,
        Err(UploadError::TooLarge) => return new_page(&state, &user, child, None, vec![too_large(max)]).await,
        Err(UploadError::Broken) => {
            let e = FieldError { field: "file".into(), message: "The upload was interrupted. Choose the file again.".into() };
            return new_page(&state, &user, child, None, vec![e]).await;
        }
    };
    let f = &upload.fields;
    let mut errors = ValidationErrors::new();
    let document_date = f.optional_date("document_date", "Date", &mut errors);
    let input = DocumentInput {
        category: f.get("category").into(),
        title: f.get("title").into(),
        description: f.get("description").into(),
        document_date,
        visibility: f.opt("visibility"),
    };
    let (filename, bytes) = upload.file.clone().unwrap_or_default();
    let result = if errors.is_empty() {
        svc::add(&state.db, &ctx, &state.documents, child, &input, &filename, &bytes).await.map(|_| ())
    } else {
        // The date could not be read: nothing is stored, and the service's checks name the rest.
        let mut errors = errors;
        let others = svc::check(&ctx, &state.documents, &input, &filename, &bytes);
        errors.0.extend(others.0.into_iter().filter(|e| e.field != "document_date"));
        Err(ServiceError::Validation(errors))
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/people/{child}?saved=document")).into_response()),
        Err(e) => {
            let mut errors = errors_of(e, "file")?;
            if upload.file.is_some() && !errors.iter().any(|e| e.field == "file") {
                errors.push(FieldError {
                    field: "file".into(),
                    message: "Choose the file again: for your security a file is not kept after a mistake".into(),
                });
            }
            new_page(&state, &user, child, Some(f), errors).await
        }
    }
}

/// Send a document's file; the service audits the download.
pub async fn download(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Result<Response, PageError> {
    let d = svc::download(&state.db, &user.ctx(&state), &state.documents, id).await?;
    Ok(file_response(d))
}

/// A file as an attachment, never shown inline, with a name that cannot break the header.
pub fn file_response(d: svc::Download) -> Response {
    let ascii: String = d.filename.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"{ascii}\"");
    ([(header::CONTENT_TYPE, d.media_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], d.bytes).into_response()
}

async fn load(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<DocumentView, PageError> {
    let ctx = user.ctx(state);
    let list = svc::for_child(&state.db, &ctx, child).await?;
    let d = list.into_iter().find(|d| d.id == id && d.withdrawn_at.is_none()).ok_or(PageError(ServiceError::NotFound("document")))?;
    // Nobody is given a form the service would refuse.
    if !svc::may_withdraw(&ctx, d.added_by_id) {
        return Err(PageError(ServiceError::Denied(ff_domain::policy::Denied {
            message: "Only the person who added a document, or a manager, can withdraw it.".into(),
        })));
    }
    Ok(d)
}

child_action!(
    load;
    withdraw_form,
    withdraw,
    Action::ContributeToCase,
    "Withdraw a document",
    "Withdraw it",
    "/documents/{id}/withdraw",
    "document_withdrawn",
    "reason",
    fields = |d, f, today| {
        let _ = today;
        vec![
            Field::Hidden("version", d.version.to_string()),
            Field::Paragraph(format!(
                "{} ({}), added by {}. A withdrawn document is kept, marked as withdrawn with your reason; it is never deleted.",
                d.title, d.category_label, d.added_by
            )),
            Field::TextArea("reason", "Why is it being withdrawn?", get(f, "reason"), "For example: attached to the wrong child, or a duplicate"),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let input = WithdrawInput { reason: form.get("reason").into(), version: form.get("version").parse().unwrap_or(0) };
        one_round(svc::withdraw(db, &ctx, id, &input).await.map(|_| ()), errors)
    }
);

/// Give the family their child protection plan as a PDF; the copy is kept with
/// the child's documents, and the reader goes straight to it.
pub async fn issue_plan(State(state): State<AppState>, user: PageUser, Path(plan): Path<Uuid>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    super::precheck(&ctx, Action::WorkOnChildProtection)?;
    let id = ff_service::letters::issue_cp_plan_for_family(&state.db, &ctx, &state.documents, plan).await?;
    Ok(Redirect::to(&format!("/documents/{id}/download")).into_response())
}
