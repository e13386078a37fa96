//! The partnership's yearly report on pages (`ff_service::partnership::report`, MASA-P-9): the
//! list of reports, the report itself laid out to print (figures from the records, the business
//! manager's words, the lead partners' sign-offs), and forms to draft a year's report, write its
//! sections and record a lead partner's sign-off. Forms work without JavaScript.

use askama::Template;
use axum::extract::{Path, Query, State};
use ff_domain::partnership::report::ReportSection;
use ff_domain::policy::Action;
use ff_domain::{FieldError, ValidationErrors};
use ff_service::partnership::report::{
    self as svc, PublicationInput, ReportDraftInput, ReportNarrativeInput, ReportSignOffInput, ReportsView, YearlyReportView,
};
use uuid::Uuid;

use super::fields::{
    Reply, SavedQuery, allowed, date_field, errors_of, one_round, optional_or_unreadable, saved_at, saved_or_again, shown, unreadable_date,
    when_valid,
};
use super::{Field, Layout, can, form_response, get};
use crate::AppState;
use crate::auth::PageUser;
use crate::forms::FormData;

const HOME: &str = "/partnership/reports";

/// Each section's words field.
const SECTION_FIELDS: [(ReportSection, &str); 8] = [
    (ReportSection::Summary, "narrative_summary"),
    (ReportSection::Incidents, "narrative_incidents"),
    (ReportSection::LocalReviews, "narrative_local_reviews"),
    (ReportSection::Learning, "narrative_learning"),
    (ReportSection::Audits, "narrative_audits"),
    (ReportSection::Section11, "narrative_section_11"),
    (ReportSection::Disagreements, "narrative_disagreements"),
    (ReportSection::DataSet, "narrative_data_set"),
];

#[derive(Template)]
#[template(path = "partnership/reports.html")]
struct ListPage {
    layout: Layout,
    v: ReportsView,
    can_manage: bool,
}

/// The yearly reports, newest first.
pub async fn list(State(state): State<AppState>, user: PageUser) -> Reply {
    let v = svc::list(&state.db, &user.ctx(&state)).await?;
    let can_manage = can(user.actor(), Action::ManagePartnership);
    shown(&state, &user, ("Yearly reports", "/partnership"), |layout| ListPage { layout, v, can_manage }).await
}

#[derive(Template)]
#[template(path = "partnership/report.html")]
struct ReportPage {
    layout: Layout,
    r: YearlyReportView,
    can_manage: bool,
    /// Final, and the reader keeps the partnership's records: the publication may be recorded.
    can_publish: bool,
    saved: bool,
}

/// The report, laid out to print.
pub async fn show(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<SavedQuery>) -> Reply {
    let r = svc::show(&state.db, &user.ctx(&state), id).await?;
    let manager = can(user.actor(), Action::ManagePartnership);
    let (can_manage, can_publish) = (manager && !r.is_final, manager && r.is_final);
    let title = format!("Yearly report {}", r.year_label);
    shown(&state, &user, (&title, "/partnership"), |layout| ReportPage { layout, r, can_manage, can_publish, saved: q.saved.is_some() })
        .await
}

fn draft_fields(default_year: i32, f: Option<&FormData>) -> Vec<Field> {
    vec![Field::Text(
        "year",
        "The reporting year, by the year it starts",
        if f.is_some() { get(f, "year") } else { default_year.to_string() },
        "For example, 2025 for the year from April 2025",
    )]
}

pub async fn new_form(State(state): State<AppState>, user: PageUser) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let v = svc::list(&state.db, &ctx).await?;
    let back = (String::new(), HOME.to_owned());
    Ok(form_response(
        &state,
        &user,
        "/partnership",
        back,
        ("Draft a yearly report", format!("{HOME}/new")),
        draft_fields(v.this_year - 1, None),
        vec![],
    )
    .await)
}

pub async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let year = form.get("year").trim().parse::<i32>().unwrap_or_else(|_| {
        errors.add("year", "Give the year the reporting year starts, for example 2025");
        0
    });
    let result = when_valid(errors, svc::draft(&state.db, &ctx, &ReportDraftInput { year })).await;
    let again = async |errors| {
        let back = (String::new(), HOME.to_owned());
        Ok(form_response(
            &state,
            &user,
            "/partnership",
            back,
            ("Draft a yearly report", format!("{HOME}/new")),
            draft_fields(0, Some(&form)),
            errors,
        )
        .await)
    };
    saved_or_again(result, |id| saved_at(&format!("{HOME}/{id}")), |e| errors_of(e, "year"), again).await
}

async fn draw_narrative(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let r = svc::show(&state.db, &user.ctx(state), id).await?;
    let mut fields = vec![Field::Hidden("version", r.version.to_string())];
    for (s, name) in SECTION_FIELDS {
        let now = r.sections.iter().find(|x| x.key == s.code()).map(|x| x.narrative.clone()).unwrap_or_default();
        let value = if f.is_some() { get(f, name) } else { now };
        fields.push(Field::TextArea(name, s.label(), value, ""));
    }
    let back = (format!("Yearly report {}", r.year_label), format!("{HOME}/{id}"));
    Ok(form_response(state, user, "/partnership", back, ("Write the report", format!("{HOME}/{id}/narrative")), fields, errors).await)
}

pub async fn narrative_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    draw_narrative(&state, &user, id, None, vec![]).await
}

/// The words saved at the version read: someone else's change first, or a report signed off
/// meanwhile, comes back on the form.
pub async fn narrative(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let input = ReportNarrativeInput {
        version: form.get("version").parse().unwrap_or_default(),
        sections: SECTION_FIELDS.iter().map(|(s, name)| (s.code().to_owned(), form.get(name).to_owned())).collect(),
    };
    let result = svc::save_narrative(&state.db, &ctx, id, &input).await;
    let again = async |errors| draw_narrative(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| saved_at(&format!("{HOME}/{id}")), |e| errors_of(e, "narrative_summary"), again).await
}

async fn draw_sign_off(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let r = svc::show(&state.db, &user.ctx(state), id).await?;
    let waiting: Vec<(String, String)> =
        r.sign_offs.iter().filter(|s| s.signed_on.is_none()).map(|s| (s.partner.clone(), s.partner_label.clone())).collect();
    let fields = vec![
        Field::Hidden("version", r.version.to_string()),
        Field::Radios("partner", "Which partner's lead signed it off?", waiting, get(f, "partner")),
        date_field("signed_on", "When did they sign it?", f, None),
    ];
    let back = (format!("Yearly report {}", r.year_label), format!("{HOME}/{id}"));
    Ok(form_response(
        state,
        user,
        "/partnership",
        back,
        ("A lead partner signs the report off", format!("{HOME}/{id}/sign-off")),
        fields,
        errors,
    )
    .await)
}

pub async fn sign_off_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    draw_sign_off(&state, &user, id, None, vec![]).await
}

pub async fn sign_off(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let on = form.required_date("signed_on", "The day it was signed", &mut errors);
    let input = ReportSignOffInput {
        version: form.get("version").parse().unwrap_or_default(),
        partner: form.get("partner").into(),
        signed_on: on.unwrap_or_else(|| unreadable_date(&ctx)),
    };
    let result = svc::sign_off(&state.db, &ctx, id, &input).await;
    let result = if errors.is_empty() { result } else { one_round(result, errors) };
    let again = async |errors| draw_sign_off(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| saved_at(&format!("{HOME}/{id}")), |e| errors_of(e, "partner"), again).await
}

async fn draw_publication(state: &AppState, user: &PageUser, id: Uuid, f: Option<&FormData>, errors: Vec<FieldError>) -> Reply {
    let r = svc::show(&state.db, &user.ctx(state), id).await?;
    let fields = vec![
        Field::Hidden("version", r.version.to_string()),
        Field::Paragraph(format!(
            "Once every lead partner has signed it, the report is published and sent to the national Child Safeguarding Practice Review Panel and to Foundations, the What Works Centre for Children and Families, within {} days of publication. A later date is kept and shown as late.",
            r.send_days
        )),
        date_field("published_on", "When was it published?", f, r.published_on),
        date_field("panel_sent_on", "When was it sent to the Panel? (leave blank if not yet)", f, r.panel_sent_on),
        date_field("foundations_sent_on", "When was it sent to Foundations? (leave blank if not yet)", f, r.foundations_sent_on),
    ];
    let back = (format!("Yearly report {}", r.year_label), format!("{HOME}/{id}"));
    Ok(form_response(state, user, "/partnership", back, ("The report's publication", format!("{HOME}/{id}/publication")), fields, errors)
        .await)
}

pub async fn publication_form(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> Reply {
    allowed(&state, &user, Action::ManagePartnership)?;
    draw_publication(&state, &user, id, None, vec![]).await
}

/// The publication and the days sent, at the version read; every mistake in one round.
pub async fn publication(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, form: FormData) -> Reply {
    let ctx = allowed(&state, &user, Action::ManagePartnership)?;
    let mut errors = ValidationErrors::new();
    let input = PublicationInput {
        version: form.get("version").parse().unwrap_or_default(),
        published_on: optional_or_unreadable(&form, "published_on", "The day it was published", &mut errors),
        panel_sent_on: optional_or_unreadable(&form, "panel_sent_on", "The day it was sent to the Panel", &mut errors),
        foundations_sent_on: optional_or_unreadable(&form, "foundations_sent_on", "The day it was sent to Foundations", &mut errors),
    };
    let result = svc::publish(&state.db, &ctx, id, &input).await;
    let result = if errors.is_empty() { result } else { one_round(result, errors) };
    let again = async |errors| draw_publication(&state, &user, id, Some(&form), errors).await;
    saved_or_again(result, |()| saved_at(&format!("{HOME}/{id}")), |e| errors_of(e, "published_on"), again).await
}
