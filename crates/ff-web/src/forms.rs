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

/// An upload written to a temporary file as it arrives, so that a file of any size (the national
/// postcode directory is about 1 GB) is never held in memory, and refused as soon as it passes
/// its limit. The file is removed when this is dropped.
pub struct SpooledUpload {
    path: std::path::PathBuf,
    file: Option<tokio::io::BufWriter<tokio::fs::File>>,
    /// Bytes received so far.
    pub bytes: u64,
    max: u64,
}

impl SpooledUpload {
    /// A new temporary file for the upload `id`, taking at most `max` bytes.
    pub async fn create(id: uuid::Uuid, max: u64) -> std::io::Result<SpooledUpload> {
        let path = std::env::temp_dir().join(format!("ff-upload-{id}"));
        let file = tokio::fs::File::create(&path).await?;
        Ok(SpooledUpload { path, file: Some(tokio::io::BufWriter::new(file)), bytes: 0, max })
    }

    /// Adds the next chunk: too large past the limit, broken when the disk will not take it.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), UploadError> {
        use tokio::io::AsyncWriteExt;
        self.bytes += chunk.len() as u64;
        if self.bytes > self.max {
            return Err(UploadError::TooLarge);
        }
        let Some(file) = self.file.as_mut() else { return Err(UploadError::Broken) };
        file.write_all(chunk).await.map_err(|_| UploadError::Broken)
    }

    /// The whole upload, to be read from the start (once everything has been written).
    pub async fn reader(&mut self) -> std::io::Result<tokio::io::BufReader<tokio::fs::File>> {
        use tokio::io::AsyncWriteExt;
        if let Some(mut file) = self.file.take() {
            file.flush().await?;
        }
        Ok(tokio::io::BufReader::with_capacity(256 * 1024, tokio::fs::File::open(&self.path).await?))
    }
}

impl Drop for SpooledUpload {
    fn drop(&mut self) {
        self.file.take();
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Writes a request body to a temporary file as it arrives (an API upload sent as the file
/// itself), refusing it as soon as it passes `max` bytes.
pub async fn spool_body(body: axum::body::Body, id: uuid::Uuid, max: u64) -> Result<SpooledUpload, SpoolError> {
    use futures_util::StreamExt;
    let mut spool = SpooledUpload::create(id, max).await.map_err(SpoolError::Disk)?;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| SpoolError::Upload(UploadError::Broken))?;
        spool.write(&chunk).await.map_err(SpoolError::Upload)?;
    }
    Ok(spool)
}

/// Writes a multipart form's `file` part to a temporary file as it arrives, refusing it as soon
/// as it passes `max` bytes; the form's other parts are read and dropped. The file's name as
/// sent and the spool, or `None` when no file was chosen.
pub async fn spool_file_part(
    mut form: axum::extract::Multipart,
    id: uuid::Uuid,
    max: u64,
) -> Result<Option<(String, SpooledUpload)>, SpoolError> {
    let too_large = |e: &axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE { UploadError::TooLarge } else { UploadError::Broken }
    };
    let mut found = None;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(SpoolError::Upload(too_large(&e))),
        };
        let is_file = field.name() == Some("file") && found.is_none();
        let name = field.file_name().unwrap_or("").to_owned();
        let mut spool = if is_file { Some(SpooledUpload::create(id, max).await.map_err(SpoolError::Disk)?) } else { None };
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if let Some(s) = spool.as_mut() {
                        s.write(&chunk).await.map_err(SpoolError::Upload)?;
                    }
                }
                Ok(None) => break,
                Err(e) => return Err(SpoolError::Upload(too_large(&e))),
            }
        }
        if let Some(s) = spool.filter(|s| s.bytes > 0 || !name.is_empty()) {
            found = Some((name, s));
        }
    }
    Ok(found)
}

/// Why an upload could not be written to its temporary file.
pub enum SpoolError {
    Upload(UploadError),
    /// The temporary file could not be made.
    Disk(std::io::Error),
}
