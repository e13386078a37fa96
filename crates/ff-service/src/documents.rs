//! Documents kept with a child's record: add one (its kind known from its
//! content, its size within the limit, its checksum kept), list a child's documents, download one
//! (every download audited, the file checked against its checksum), and withdraw one with a
//! reason (never deleted). Files are kept in the database by default, or in a directory the
//! server is given (`--documents-dir`), or in an S3-compatible object store (`--documents-s3-*`).

use chrono::{DateTime, NaiveDate, Utc};
use ff_domain::case_notes::Visibility;
use ff_domain::documents::{DocumentCategory, DocumentFields, FileType, check_size, check_withdrawal, detect, parse};
use ff_domain::policy::{Action, Denied};
use ff_domain::roles::Agency;
use ff_store::Db;
use ff_store::documents::DocumentRow;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, stale};

/// Where files are kept and how large one may be (D-2), from the server's settings.
#[derive(Debug, Clone)]
pub struct DocumentConfig {
    pub max_bytes: u64,
    /// Keep files in this directory instead of the database.
    pub directory: Option<std::path::PathBuf>,
    /// Keep files in this object store instead (before a directory).
    pub s3: Option<ff_store::object_store::S3Store>,
}

impl DocumentConfig {
    /// Where a new file goes: database, directory or s3 (the `storage` a document row records).
    fn storage(&self) -> &'static str {
        if self.s3.is_some() {
            "s3"
        } else if self.directory.is_some() {
            "directory"
        } else {
            "database"
        }
    }

    /// Keep a new document's file where this server keeps files.
    async fn put(&self, tx: &mut ff_store::Tx, ctx: &Ctx, id: Uuid, bytes: &[u8]) -> Result<()> {
        match (&self.s3, &self.directory) {
            (Some(s3), _) => s3.put(ctx.la(), id, bytes, ctx.now).await?,
            (None, Some(dir)) => ff_store::documents::directory::put(dir, ctx.la(), id, bytes).await?,
            (None, None) => ff_store::documents::insert_content(tx, ctx.la(), id, bytes).await?,
        }
        Ok(())
    }
}

impl Default for DocumentConfig {
    fn default() -> Self {
        DocumentConfig { max_bytes: 20_000_000, directory: None, s3: None }
    }
}

/// What is said about a document as it is added.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DocumentInput {
    /// letter, report, assessment, court, consent, photo, email or other.
    pub category: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The date the document bears, if any.
    #[serde(default)]
    pub document_date: Option<NaiveDate>,
    /// partners (the default) or council.
    #[serde(default)]
    pub visibility: Option<String>,
}

/// Whether the caller may add a document to this child's record, asked before an upload is read
/// (so a refused caller's file is never taken in).
pub async fn check_may_add(db: &Db, ctx: &Ctx, child: Uuid) -> Result<()> {
    if ctx.actor.agency == Agency::LocalAuthority {
        ctx.authorise(Action::ContributeToCase)?;
    }
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ContributeToCase, child).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the caller may withdraw a document they can see: the person who added it, or a
/// manager (D-3).
pub fn may_withdraw(ctx: &Ctx, added_by: Uuid) -> bool {
    added_by == ctx.actor.user_id || ctx.authorise(Action::RecordOversight).is_ok()
}

/// Everything wrong with a document as sent, all at once, storing nothing (D-1, D-2): also used
/// by the page to name the other mistakes when its date could not be read.
pub fn check(ctx: &Ctx, cfg: &DocumentConfig, input: &DocumentInput, filename: &str, bytes: &[u8]) -> ff_domain::ValidationErrors {
    checked(ctx, cfg, input, &clean_filename(filename), bytes).err().unwrap_or_default()
}

type Checked = (ff_domain::documents::DocumentDraft, FileType, Visibility);

fn checked(
    ctx: &Ctx,
    cfg: &DocumentConfig,
    input: &DocumentInput,
    filename: &str,
    bytes: &[u8],
) -> std::result::Result<Checked, ff_domain::ValidationErrors> {
    let draft = parse(
        &DocumentFields {
            category: &input.category,
            title: &input.title,
            description: &input.description,
            document_date: input.document_date,
        },
        ctx.today(),
    );
    let mut errors = draft.as_ref().err().cloned().unwrap_or_default();
    let file_type = if bytes.is_empty() && filename == "document" {
        // Nothing was chosen (an unnamed empty part is what a form sends without a file).
        errors.add("file", "Choose a file to add");
        None
    } else {
        match check_size(bytes.len() as u64, cfg.max_bytes) {
            Err(e) => {
                errors.0.extend(e.0);
                None
            }
            Ok(()) => {
                let t = detect(&bytes[..bytes.len().min(4096)], filename);
                if t.is_none() {
                    errors.add(
                        "file",
                        "This kind of file cannot be kept: use a PDF, a picture (PNG, JPEG or GIF), a Word, Excel or PowerPoint file, an email or a text file",
                    );
                }
                t
            }
        }
    };
    let visibility = match input.visibility.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Some(Visibility::Partners),
        Some(v) => Visibility::from_code(v),
    };
    if visibility.is_none() {
        errors.add("visibility", "Choose who may read this document");
    }
    match (draft, file_type, visibility) {
        (Ok(d), Some(t), Some(v)) if errors.is_empty() => Ok((d, t, v)),
        _ => Err(errors),
    }
}

/// Add a document to a child's record.
pub async fn add(
    db: &Db,
    ctx: &Ctx,
    cfg: &DocumentConfig,
    child: Uuid,
    input: &DocumentInput,
    filename: &str,
    bytes: &[u8],
) -> Result<Uuid> {
    // Who may add is known before anything about the file is looked at.
    if ctx.actor.agency == Agency::LocalAuthority {
        ctx.authorise(Action::ContributeToCase)?;
    }
    let filename = clean_filename(filename);
    let (d, file_type, visibility) = checked(ctx, cfg, input, &filename, bytes)?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ContributeToCase, child).await?;
    ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    let row = DocumentRow {
        id: ctx.new_id(),
        child_id: child,
        agency: ctx.actor.agency,
        category: d.category,
        title: d.title,
        description: d.description,
        document_date: d.document_date,
        filename,
        file_type,
        size_bytes: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(bytes)),
        storage: cfg.storage().into(),
        visibility,
        withdrawn_at: None,
        withdrawn_by: None,
        withdrawn_reason: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::documents::insert(&mut tx, ctx.la(), &row).await?;
    // Written before the record commits: a file whose record did not commit is never listed.
    cfg.put(&mut tx, ctx, row.id, bytes).await?;
    audit(
        &mut tx,
        ctx,
        "create",
        "document",
        Some(row.id.to_string()),
        format!("{} document added ({} bytes)", row.category.code(), row.size_bytes),
    )
    .await?;
    tx.commit().await?;
    Ok(row.id)
}

/// A document the product writes itself: a chronology for court, a plan or a
/// letter for the family.
pub(crate) struct Issued<'a> {
    pub child: Uuid,
    pub category: DocumentCategory,
    /// How it is listed with the child's documents.
    pub title: String,
    /// The start of the file's name; the child's name and the date follow.
    pub file_stem: &'a str,
    pub child_name: &'a str,
    /// What the audit event says (never personal data).
    pub summary: String,
    pub pdf: ff_pdf::DocumentSpec,
}

/// Renders `issued` as a PDF and keeps it with the child's documents as the copy given, with its
/// audit event, in the caller's transaction.
pub(crate) async fn issue_pdf(tx: &mut ff_store::Tx, ctx: &Ctx, cfg: &DocumentConfig, issued: Issued<'_>) -> Result<Uuid> {
    let bytes = ff_pdf::render(&issued.pdf);
    let day = ff_domain::calendar::london_time(ctx.now).format("%Y-%m-%d");
    let filename = format!("{}-{}-{day}.pdf", issued.file_stem, issued.child_name.replace(' ', "-").to_lowercase());
    let id = insert_issued(tx, ctx, cfg, issued.child, issued.category, issued.title, filename, &bytes).await?;
    crate::audit(tx, ctx, "create", "document", Some(id.to_string()), issued.summary).await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
async fn insert_issued(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    cfg: &DocumentConfig,
    child: Uuid,
    category: DocumentCategory,
    title: String,
    filename: String,
    bytes: &[u8],
) -> Result<Uuid> {
    let row = DocumentRow {
        id: ctx.new_id(),
        child_id: child,
        agency: ctx.actor.agency,
        category,
        title,
        description: String::new(),
        document_date: Some(ctx.today()),
        filename: clean_filename(&filename),
        file_type: FileType::Pdf,
        size_bytes: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(bytes)),
        storage: cfg.storage().into(),
        visibility: Visibility::Council,
        withdrawn_at: None,
        withdrawn_by: None,
        withdrawn_reason: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::documents::insert(tx, ctx.la(), &row).await?;
    cfg.put(tx, ctx, row.id, bytes).await?;
    Ok(row.id)
}

/// A file checked as the documents module checks every file (D-1, D-2): its kind from its
/// content, its size within the limit. Every mistake under `field`.
pub(crate) fn check_file(
    cfg: &DocumentConfig,
    field: &str,
    filename: &str,
    bytes: &[u8],
) -> std::result::Result<FileType, ff_domain::ValidationErrors> {
    let mut errors = ff_domain::ValidationErrors::new();
    if bytes.is_empty() {
        errors.add(field, "Choose a file to add");
        return Err(errors);
    }
    if let Err(e) = check_size(bytes.len() as u64, cfg.max_bytes) {
        for x in e.0 {
            errors.add(field, x.message);
        }
        return Err(errors);
    }
    match detect(&bytes[..bytes.len().min(4096)], &clean_filename(filename)) {
        Some(t) => Ok(t),
        None => {
            errors.add(
                field,
                "This kind of file cannot be kept: use a PDF, a picture (PNG, JPEG or GIF), a Word, Excel or PowerPoint file, an email or a text file",
            );
            Err(errors)
        }
    }
}

#[allow(clippy::too_many_arguments)]
/// Keeps a file another record owns (an agency's summary for a rapid review) with the child's
/// documents, in the caller's transaction: the owner's service has checked who may and audits it.
pub(crate) async fn keep_for(
    tx: &mut ff_store::Tx,
    ctx: &Ctx,
    cfg: &DocumentConfig,
    child: Uuid,
    category: DocumentCategory,
    title: String,
    filename: &str,
    file_type: FileType,
    bytes: &[u8],
) -> Result<Uuid> {
    let row = DocumentRow {
        id: ctx.new_id(),
        child_id: child,
        agency: ctx.actor.agency,
        category,
        title,
        description: String::new(),
        document_date: Some(ctx.today()),
        filename: clean_filename(filename),
        file_type,
        size_bytes: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(bytes)),
        storage: cfg.storage().into(),
        visibility: Visibility::Council,
        withdrawn_at: None,
        withdrawn_by: None,
        withdrawn_reason: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::documents::insert(tx, ctx.la(), &row).await?;
    cfg.put(tx, ctx, row.id, bytes).await?;
    Ok(row.id)
}

/// A document's file read from wherever it is kept and checked against its checksum; the caller
/// has checked who may read it and audits the reading.
pub(crate) async fn file_of(tx: &mut ff_store::Tx, ctx: &Ctx, cfg: &DocumentConfig, d: &DocumentRow) -> Result<Download> {
    let id = d.id;
    let bytes = match d.storage.as_str() {
        "directory" => match &cfg.directory {
            Some(dir) => ff_store::documents::directory::get(dir, ctx.la(), id).await?,
            None => return Err(ServiceError::Internal("a document is kept in a directory, but no --documents-dir is set".into())),
        },
        "s3" => match &cfg.s3 {
            Some(s3) => s3.get(ctx.la(), id, ctx.now).await?,
            None => return Err(ServiceError::Internal("a document is kept in an object store, but none is configured".into())),
        },
        _ => ff_store::documents::content(tx, ctx.la(), id).await?,
    };
    let bytes = bytes.ok_or_else(|| ServiceError::Internal(format!("document {id}: its file is missing")))?;
    if hex::encode(Sha256::digest(&bytes)) != d.sha256 {
        return Err(ServiceError::Internal(format!("document {id}: its file does not match its checksum")));
    }
    Ok(Download { media_type: d.file_type.media_type(&d.filename), filename: d.filename.clone(), bytes })
}

/// A file name fit to keep and to send back: the last part of a path, no control characters or
/// quotes, at most 120 characters.
fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control() && !matches!(c, '"' | ';')).take(120).collect();
    if cleaned.trim().is_empty() { "document".into() } else { cleaned.trim().to_owned() }
}

pub(crate) fn visible(ctx: &Ctx, d: &DocumentRow) -> bool {
    // An agency's summary for a rapid review is read through the partnership alone (MASA-RR-8).
    if d.category.partnership_only() {
        return false;
    }
    // A withdrawn document (often attached to the wrong child) stays with the council alone.
    if d.withdrawn_at.is_some() && ctx.actor.agency != Agency::LocalAuthority {
        return false;
    }
    ff_domain::case_notes::may_read(ctx.actor.agency, d.agency, ff_domain::case_notes::NoteKind::AgencyEntry, d.visibility)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentView {
    pub id: Uuid,
    pub child_id: Uuid,
    pub category: String,
    pub category_label: String,
    pub title: String,
    pub description: String,
    pub document_date: Option<NaiveDate>,
    pub filename: String,
    pub file_type_label: String,
    pub size_bytes: i64,
    /// "84 KB", "2.1 MB".
    pub size_text: String,
    pub sha256: String,
    pub visibility: String,
    pub agency: String,
    pub added_by: String,
    pub added_by_id: Uuid,
    pub added_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_by: Option<String>,
    pub withdrawn_reason: Option<String>,
    pub version: i32,
}

fn size_text(n: i64) -> String {
    match n {
        n if n < 1_000 => format!("{n} bytes"),
        n if n < 1_000_000 => format!("{} KB", ((n + 500) / 1_000).max(1)),
        n => format!("{:.1} MB", n as f64 / 1_000_000.0),
    }
}

fn view(d: &DocumentRow, name: &dyn Fn(Uuid) -> String) -> DocumentView {
    DocumentView {
        id: d.id,
        child_id: d.child_id,
        category_label: d.category.label().to_owned(),
        category: d.category.code().to_owned(),
        title: d.title.clone(),
        description: d.description.clone(),
        document_date: d.document_date,
        filename: d.filename.clone(),
        file_type_label: d.file_type.label().to_owned(),
        size_bytes: d.size_bytes,
        size_text: size_text(d.size_bytes),
        sha256: d.sha256.clone(),
        visibility: d.visibility.code().to_owned(),
        agency: d.agency.code().to_owned(),
        added_by: name(d.created_by),
        added_by_id: d.created_by,
        added_at: d.created_at,
        withdrawn_at: d.withdrawn_at,
        withdrawn_by: d.withdrawn_by.map(name),
        withdrawn_reason: d.withdrawn_reason.clone(),
        version: d.version,
    }
}

/// A child's documents the reader may see, newest first, withdrawn ones included and marked.
pub async fn for_child(db: &Db, ctx: &Ctx, child: Uuid) -> Result<Vec<DocumentView>> {
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::ViewPerson, child).await?;
    let list = read_for_child(&mut tx, ctx, child).await?;
    audit(&mut tx, ctx, "view", "documents", Some(child.to_string()), "documents listed").await?;
    tx.commit().await?;
    Ok(list)
}

/// The same, read in the caller's transaction (the child's page), not audited.
pub(crate) async fn read_for_child(tx: &mut ff_store::Tx, ctx: &Ctx, child: Uuid) -> Result<Vec<DocumentView>> {
    let rows: Vec<DocumentRow> =
        ff_store::documents::of_child(tx, ctx.la(), child).await?.into_iter().filter(|d| visible(ctx, d)).collect();
    let people: Vec<Uuid> = rows.iter().flat_map(|d| [Some(d.created_by), d.withdrawn_by]).flatten().collect();
    let users = ff_store::users::get_many(tx, ctx.la(), &people).await?;
    let name = |id: Uuid| users.iter().find(|u| u.id == id).map(|u| u.display_name.clone()).unwrap_or_default();
    Ok(rows.iter().map(|d| view(d, &name)).collect())
}

/// A document the reader may see, or not found (its existence is not confirmed to a partner).
async fn readable(tx: &mut ff_store::Tx, ctx: &Ctx, id: Uuid, action: Action) -> Result<DocumentRow> {
    if ctx.actor.agency == Agency::LocalAuthority {
        ctx.authorise(action)?;
    }
    let d = ff_store::documents::get(tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("document"))?;
    match ctx.authorise_child(tx, action, d.child_id).await {
        Err(ServiceError::Denied(_)) if ctx.actor.agency != Agency::LocalAuthority => return Err(ServiceError::NotFound("document")),
        other => other?,
    }
    if !visible(ctx, &d) {
        return Err(ServiceError::NotFound("document"));
    }
    Ok(d)
}

/// A file as it is sent back.
pub struct Download {
    pub filename: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Download a document's file. Every download is audited; a file that does not match the
/// checksum taken when it arrived is never sent.
pub async fn download(db: &Db, ctx: &Ctx, cfg: &DocumentConfig, id: Uuid) -> Result<Download> {
    let mut tx = db.begin().await?;
    let d = readable(&mut tx, ctx, id, Action::ViewPerson).await?;
    let file = file_of(&mut tx, ctx, cfg, &d).await?;
    audit(&mut tx, ctx, "download", "document", Some(id.to_string()), format!("document downloaded ({} bytes)", file.bytes.len())).await?;
    tx.commit().await?;
    Ok(file)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct WithdrawInput {
    pub reason: String,
    pub version: i32,
}

/// Withdraw a document (attached to the wrong child, a duplicate, sent in error). The file and
/// its record stay; lists show it as withdrawn with the reason (D-3). The person who added it or
/// a manager may withdraw it.
pub async fn withdraw(db: &Db, ctx: &Ctx, id: Uuid, input: &WithdrawInput) -> Result<Uuid> {
    let mut tx = db.begin().await?;
    let d = readable(&mut tx, ctx, id, Action::ContributeToCase).await?;
    if !may_withdraw(ctx, d.created_by) {
        return Err(ServiceError::Denied(Denied {
            message: "Only the person who added a document, or a manager, can withdraw it.".into(),
        }));
    }
    if d.version != input.version {
        return Err(stale("document", d.version));
    }
    check_withdrawal(&input.reason, d.withdrawn_at.is_some())?;
    if !ff_store::documents::withdraw(&mut tx, ctx.la(), id, ctx.actor.user_id, ctx.now, input.reason.trim(), input.version).await? {
        return Err(stale("document", d.version + 1));
    }
    ff_store::versions::record_version(&mut tx, ctx.la(), "document", id, d.version, &d, Some(d.created_by), d.created_at).await?;
    audit(&mut tx, ctx, "update", "document", Some(id.to_string()), "document withdrawn").await?;
    tx.commit().await?;
    Ok(d.child_id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_are_kept_safe() {
        assert_eq!(super::clean_filename("C:\\Users\\sw\\Report \"final\".pdf"), "Report final.pdf");
        assert_eq!(super::clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(super::clean_filename("\n"), "document");
        assert_eq!(super::size_text(999), "999 bytes");
        assert_eq!(super::size_text(84_200), "84 KB");
        assert_eq!(super::size_text(1_235), "1 KB");
        assert_eq!(super::size_text(2_100_000), "2.1 MB");
    }
}
