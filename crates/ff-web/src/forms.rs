//! Reading HTML form posts. Form fields arrive as strings; the domain parses them.

use std::collections::HashMap;

use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use ff_domain::people::parse_date_parts;

use crate::pages::render_error_page;

/// A url-encoded form body as a map. Missing checkboxes read as empty.
pub struct FormData(pub HashMap<String, String>);

impl FormData {
    pub fn get(&self, k: &str) -> &str {
        self.0.get(k).map(String::as_str).unwrap_or("")
    }
    pub fn opt(&self, k: &str) -> Option<String> {
        let v = self.get(k).trim();
        (!v.is_empty()).then(|| v.to_owned())
    }
    pub fn checked(&self, k: &str) -> bool {
        !self.get(k).is_empty()
    }
    /// A GOV.UK date input named `prefix` (`prefix_day`, `prefix_month`, `prefix_year`).
    pub fn date(&self, prefix: &str, what: &str) -> Option<Result<chrono::NaiveDate, String>> {
        parse_date_parts(
            self.get(&format!("{prefix}_day")),
            self.get(&format!("{prefix}_month")),
            self.get(&format!("{prefix}_year")),
            what,
        )
    }
    /// A date input that must be filled in; problems are added to `errors` under the field name.
    pub fn required_date(&self, name: &str, what: &str, errors: &mut ff_domain::ValidationErrors) -> Option<chrono::NaiveDate> {
        match self.date(name, what) {
            Some(Ok(d)) => Some(d),
            Some(Err(m)) => {
                errors.add(name, m);
                None
            }
            None => {
                // "Enter the date it ended", also when the label already says "The date…".
                let what = what.to_lowercase();
                errors.add(name, format!("Enter the {}", what.strip_prefix("the ").unwrap_or(&what)));
                None
            }
        }
    }

    /// A date input that may be left blank; a date that is there but wrong is added to `errors`.
    pub fn optional_date(&self, name: &str, what: &str, errors: &mut ff_domain::ValidationErrors) -> Option<chrono::NaiveDate> {
        match self.date(name, what) {
            Some(Ok(d)) => Some(d),
            Some(Err(m)) => {
                errors.add(name, m);
                None
            }
            None => None,
        }
    }

    /// A chosen record's id (a select or hidden field); `None` when blank or not an id.
    pub fn uuid(&self, k: &str) -> Option<uuid::Uuid> {
        self.opt(k).and_then(|v| v.parse().ok())
    }

    pub fn date_parts(&self, prefix: &str) -> (String, String, String) {
        (
            self.get(&format!("{prefix}_day")).to_owned(),
            self.get(&format!("{prefix}_month")).to_owned(),
            self.get(&format!("{prefix}_year")).to_owned(),
        )
    }
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<Vec<(String, String)>>::from_request(req, state).await {
            Ok(axum::Form(pairs)) if pairs.iter().any(|(k, v)| ff_domain::text::first_forbidden_control(k).or(ff_domain::text::first_forbidden_control(v)).is_some()) => {
                Err(render_error_page(
                    axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                    "The form contained characters that cannot be saved",
                    "Some text held control characters (often from copying and pasting from another program). Nothing was saved. Go back, type the text again and save.",
                )
                .into_response())
            }
            Ok(axum::Form(pairs)) => Ok(FormData(pairs.into_iter().collect())),
            Err(_) => Err(render_error_page(
                axum::http::StatusCode::BAD_REQUEST,
                "The form could not be read",
                "What was sent was not a form this service understands. Nothing was saved. Go back and try again.",
            )
            .into_response()),
        }
    }
}

/// A document upload as read from a `multipart/form-data` body: its short text
/// fields and its one file, read chunk by chunk and refused as soon as the file passes `max`
/// bytes, so no upload holds more than the limit in memory.
pub struct Upload {
    pub fields: FormData,
    /// The file's name as sent, and its bytes; `None` when no file was chosen.
    pub file: Option<(String, Vec<u8>)>,
    /// The files chosen in fields named `file_1`, `file_2`… (a form with several), in form
    /// order; all files together are held to the limit.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Why an upload could not be read.
pub enum UploadError {
    TooLarge,
    Broken,
}

/// The longest text field an upload form sends alongside its file.
const UPLOAD_FIELD_MAX: usize = 10_000;

pub async fn read_upload(mut form: axum::extract::Multipart, max: u64) -> Result<Upload, UploadError> {
    let too_large = |e: &axum::extract::multipart::MultipartError| e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE;
    let mut fields = HashMap::new();
    let mut file = None;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut held: u64 = 0;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if too_large(&e) => return Err(UploadError::TooLarge),
            Err(_) => return Err(UploadError::Broken),
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" || name.starts_with("file_") {
            let filename = field.file_name().unwrap_or("").to_owned();
            let mut bytes = Vec::new();
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => {
                        if held + (bytes.len() + chunk.len()) as u64 > max {
                            return Err(UploadError::TooLarge);
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(e) if too_large(&e) => return Err(UploadError::TooLarge),
                    Err(_) => return Err(UploadError::Broken),
                }
            }
            if !(filename.is_empty() && bytes.is_empty()) {
                held += bytes.len() as u64;
                if name == "file" {
                    file = Some((filename, bytes));
                } else {
                    files.push((filename, bytes));
                }
            }
        } else {
            let text = match field.text().await {
                Ok(t) => t,
                Err(e) if too_large(&e) => return Err(UploadError::TooLarge),
                Err(_) => return Err(UploadError::Broken),
            };
            if text.len() > UPLOAD_FIELD_MAX {
                return Err(UploadError::TooLarge);
            }
            fields.insert(name, text);
        }
    }
    Ok(Upload { fields: FormData(fields), file, files })
}
