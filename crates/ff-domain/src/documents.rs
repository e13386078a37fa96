//! Documents kept with a child's record: letters, reports, photographs, court
//! papers, emails. What a file is comes from its content, never from its name alone (D-1); the
//! largest file taken is a setting (D-2); a document is never deleted, only withdrawn with a
//! reason, and the withdrawn file is kept (D-3); every download is audited.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::codes::code_enum;

/// The longest title or description kept.
pub const TITLE_MAX_CHARS: usize = 200;
pub const DESCRIPTION_MAX_CHARS: usize = 2_000;

code_enum!(
    /// What the document is, for finding it again.
    DocumentCategory {
        Letter => ("letter", "Letter"),
        Report => ("report", "Report from another agency"),
        Assessment => ("assessment", "Assessment or plan"),
        Court => ("court", "Court document"),
        Consent => ("consent", "Consent or agreement"),
        Photo => ("photo", "Photograph or drawing"),
        Email => ("email", "Email"),
        Other => ("other", "Other"),
        // An agency's written summary for a rapid review (MASA-RR-8): kept with the child's
        // documents but read only through the safeguarding partnership, never on the child's
        // record, and never chosen when a document is added to the record.
        RapidReviewSummary => ("rapid_review_summary", "An agency's summary for a rapid review"),
    }
);

impl DocumentCategory {
    /// Read only through the safeguarding partnership (MASA-RR-8), not with the child's record.
    pub fn partnership_only(self) -> bool {
        self == DocumentCategory::RapidReviewSummary
    }
}

code_enum!(
    /// The kinds of file taken, each recognised by its content (D-1).
    FileType {
        Pdf => ("pdf", "PDF"),
        Png => ("png", "PNG image"),
        Jpeg => ("jpeg", "JPEG image"),
        Gif => ("gif", "GIF image"),
        OfficeOpenXml => ("office", "Word, Excel or PowerPoint document"),
        OpenDocument => ("opendocument", "OpenDocument file"),
        LegacyOffice => ("legacy_office", "Older Word, Excel or Outlook file"),
        Email => ("eml", "Email message"),
        Text => ("text", "Plain text"),
    }
);

impl FileType {
    /// The content type a download is sent with.
    pub fn media_type(self, filename: &str) -> &'static str {
        let ext = filename.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        match (self, ext.as_str()) {
            (FileType::Pdf, _) => "application/pdf",
            (FileType::Png, _) => "image/png",
            (FileType::Jpeg, _) => "image/jpeg",
            (FileType::Gif, _) => "image/gif",
            (FileType::OfficeOpenXml, "xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (FileType::OfficeOpenXml, "pptx") => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (FileType::OfficeOpenXml, _) => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (FileType::OpenDocument, _) => "application/vnd.oasis.opendocument.text",
            (FileType::LegacyOffice, "msg") => "application/vnd.ms-outlook",
            (FileType::LegacyOffice, "xls") => "application/vnd.ms-excel",
            (FileType::LegacyOffice, _) => "application/msword",
            (FileType::Email, _) => "message/rfc822",
            (FileType::Text, _) => "text/plain; charset=utf-8",
        }
    }
}

/// D-1: what the file is, from its first bytes (and, for containers that hold several kinds, its
/// name). `None` for anything else: programs, scripts, archives, web pages.
pub fn detect(head: &[u8], filename: &str) -> Option<FileType> {
    let ext = filename.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    if head.starts_with(b"%PDF-") {
        return Some(FileType::Pdf);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(FileType::Png);
    }
    if head.starts_with(b"\xff\xd8\xff") {
        return Some(FileType::Jpeg);
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Some(FileType::Gif);
    }
    // A ZIP container: only the office formats are taken, never other archives.
    if head.starts_with(b"PK\x03\x04") {
        let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        if has(b"mimetypeapplication/vnd.oasis.opendocument") {
            return Some(FileType::OpenDocument);
        }
        return (matches!(ext.as_str(), "docx" | "xlsx" | "pptx")
            && (has(b"[Content_Types].xml") || has(b"word/") || has(b"xl/") || has(b"_rels/")))
        .then_some(FileType::OfficeOpenXml);
    }
    // The compound file of older Word, Excel and Outlook files.
    if head.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return matches!(ext.as_str(), "doc" | "xls" | "msg").then_some(FileType::LegacyOffice);
    }
    let text = std::str::from_utf8(head).ok().or_else(|| {
        // The head may end inside a multi-byte character.
        let cut = head.len().saturating_sub(3);
        (cut..head.len()).rev().find_map(|i| std::str::from_utf8(&head[..i]).ok())
    })?;
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return None;
    }
    let header = |h: &str| text.lines().take(40).any(|l| l.len() > h.len() && l[..h.len()].eq_ignore_ascii_case(h));
    if ext == "eml"
        || (header("From:") && (header("Subject:") || header("Date:")) && (header("MIME-Version:") || header("Received:") || header("To:")))
    {
        return Some(FileType::Email);
    }
    let lower = text.trim_start().to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.starts_with("<script") || lower.starts_with("#!") {
        return None;
    }
    matches!(ext.as_str(), "txt" | "text" | "").then_some(FileType::Text)
}

/// What was typed about a document.
#[derive(Debug, Clone, Default)]
pub struct DocumentFields<'a> {
    pub category: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub document_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDraft {
    pub category: DocumentCategory,
    pub title: String,
    pub description: String,
    pub document_date: Option<NaiveDate>,
}

/// Reads what was typed about a document: a category and a title, the document's own date not
/// in the future.
pub fn parse(f: &DocumentFields<'_>, today: NaiveDate) -> Result<DocumentDraft, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let category = DocumentCategory::from_code(f.category.trim()).filter(|c| !c.partnership_only());
    if category.is_none() {
        errors.add("category", "Choose what kind of document this is");
    }
    let title = f.title.trim();
    if title.is_empty() {
        errors.add("title", "Give the document a title, for example 'School report, autumn term'");
    } else if title.chars().count() > TITLE_MAX_CHARS {
        errors.add("title", format!("Keep the title under {TITLE_MAX_CHARS} characters"));
    }
    if f.description.trim().chars().count() > DESCRIPTION_MAX_CHARS {
        errors.add("description", format!("Keep the description under {DESCRIPTION_MAX_CHARS} characters"));
    }
    for (field, text) in [("title", title), ("description", f.description)] {
        if crate::text::first_forbidden_control(text).is_some() {
            errors.add(field, "Remove the control characters from this");
        }
    }
    if f.document_date.is_some_and(|d| d > today) {
        errors.add("document_date", "The document's date must be today or in the past");
    }
    let Some(category) = category else { return Err(errors) };
    errors.into_result(DocumentDraft {
        category,
        title: title.to_owned(),
        description: f.description.trim().to_owned(),
        document_date: f.document_date,
    })
}

/// D-2: a file is taken when it has something in it and is no larger than the limit.
pub fn check_size(size: u64, max: u64) -> Result<(), ValidationErrors> {
    if size == 0 {
        return Err(ValidationErrors::single("file", "The file is empty: choose the file again"));
    }
    if size > max {
        return Err(ValidationErrors::single(
            "file",
            format!("The file is larger than {} MB: make it smaller or split it", max / 1_000_000),
        ));
    }
    Ok(())
}

/// D-3: a withdrawal says why.
pub fn check_withdrawal(reason: &str, already: bool) -> Result<(), ValidationErrors> {
    if already {
        return Err(ValidationErrors::single("reason", "This document has already been withdrawn"));
    }
    if reason.trim().is_empty() {
        return Err(ValidationErrors::single(
            "reason",
            "Say why the document is being withdrawn, for example 'attached to the wrong child'",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d1_files_are_known_by_their_content_not_their_name() {
        assert_eq!(detect(b"%PDF-1.7\n...", "report.pdf"), Some(FileType::Pdf));
        assert_eq!(detect(b"%PDF-1.4", "looks-like-a.docx"), Some(FileType::Pdf), "the content decides");
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n\0\0", "drawing.png"), Some(FileType::Png));
        assert_eq!(detect(b"\xff\xd8\xff\xe0", "photo.jpg"), Some(FileType::Jpeg));
        assert_eq!(detect(b"MZ\x90\0\x03", "report.pdf"), None, "a program named as a PDF is refused");
        assert_eq!(detect(b"PK\x03\x04....[Content_Types].xml", "plan.docx"), Some(FileType::OfficeOpenXml));
        assert_eq!(detect(b"PK\x03\x04....[Content_Types].xml", "files.zip"), None, "other archives are refused");
        assert_eq!(detect(b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text", "a.odt"), Some(FileType::OpenDocument));
        assert_eq!(detect(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.doc"), Some(FileType::LegacyOffice));
        assert_eq!(detect(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.exe"), None);
        let email = b"From: school@example.org\r\nTo: duty@council.example\r\nSubject: Attendance\r\nDate: Mon, 16 Nov 2026\r\n\r\nHello";
        assert_eq!(detect(email, "message.txt"), Some(FileType::Email));
        assert_eq!(detect(b"Notes from the meeting", "notes.txt"), Some(FileType::Text));
        assert_eq!(detect(b"<!DOCTYPE html><script>", "page.txt"), None);
        assert_eq!(detect(b"#!/bin/sh\nrm -rf /", "run.txt"), None);
        assert_eq!(detect(b"plain words", "run.sh"), None, "text is taken only as a text file");
        assert_eq!(detect(b"caf\xc3", "cut.txt"), Some(FileType::Text), "a head cut inside a character is still text");
        assert_eq!(detect(b"\0\x01\x02binary", "x.txt"), None);
    }

    #[test]
    fn downloads_carry_a_content_type_from_what_the_file_is() {
        assert_eq!(FileType::Pdf.media_type("x.exe"), "application/pdf");
        assert_eq!(FileType::OfficeOpenXml.media_type("budget.XLSX"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    #[test]
    fn a_document_needs_a_category_and_a_title_and_no_future_date() {
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        let ok = DocumentFields { category: "report", title: " School report ", ..Default::default() };
        assert_eq!(parse(&ok, today).unwrap().title, "School report");
        let bad = DocumentFields { category: "x", title: "", description: "", document_date: Some("2026-11-24".parse().unwrap()) };
        let e = parse(&bad, today).unwrap_err();
        for f in ["category", "title", "document_date"] {
            assert!(e.for_field(f).is_some(), "{f}");
        }
    }

    #[test]
    fn d2_size_and_d3_withdrawal() {
        assert!(check_size(0, 10).is_err());
        assert!(check_size(11, 10).is_err());
        assert!(check_size(10, 10).is_ok());
        assert!(check_withdrawal(" ", false).is_err());
        assert!(check_withdrawal("wrong child", true).is_err());
        assert!(check_withdrawal("wrong child", false).is_ok());
    }
}
