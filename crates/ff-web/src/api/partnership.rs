//! The safeguarding partnership through the API: serious incidents, the decision on
//! notifying the Panel (MASA-RR-2..4), agencies' summaries (MASA-RR-8), the rapid review
//! (MASA-RR-5, -6) and the local practice review (MASA-RR-7), each on its clock. The pages
//! (`pages::partnership`) call the same services.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::partnership::meetings::{ReviewMeetingInput, ReviewMeetingView};
use ff_service::partnership::{
    self as svc, IncidentInput, IncidentView, LocalReviewInput, NotificationInput, PartnershipView, RapidReviewInput, SummaryReceivedInput,
    SummaryRequestInput,
};
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, ApiQuery, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IncidentsQuery {
    /// The last incident of the previous page (`next_before`); 50 a page, newest first.
    pub before: Option<Uuid>,
}

/// The serious incidents with a clock running (overdue first), and all of them, 50 a page by the
/// day the council became aware, newest first.
#[utoipa::path(get, path = "/api/v1/partnership/incidents", params(IncidentsQuery),
    responses((status = 200, body = PartnershipView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<IncidentsQuery>,
) -> ApiResult<axum::Json<PartnershipView>> {
    Ok(axum::Json(svc::overview(&state.db, &user.ctx(&state), q.before).await?))
}

/// Record a serious incident (MASA-SYS-2): the child by NHS number (or record id), what happened,
/// when, and when the council became aware; the 5-working-day notification clock starts.
#[utoipa::path(post, path = "/api/v1/partnership/incidents", request_body = IncidentInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn record(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<IncidentInput>) -> ApiResult<Response> {
    Ok(created(svc::record_incident(&state.db, &user.ctx(&state), &input).await?))
}

/// A serious incident: the decision on notifying, agencies' summaries, the rapid review, the local
/// review and every clock.
#[utoipa::path(get, path = "/api/v1/partnership/incidents/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = IncidentView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn incident(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<IncidentView>> {
    Ok(axum::Json(svc::incident(&state.db, &user.ctx(&state), id).await?))
}

/// The decision on notifying the Panel, at the incident's version: notified (the rapid review
/// starts) or not, with reasons; a looked-after child's death is always notified (MASA-RR-4).
#[utoipa::path(post, path = "/api/v1/partnership/incidents/{id}/notification", params(("id" = Uuid, Path)), request_body = NotificationInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn notification(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NotificationInput>,
) -> ApiResult<StatusCode> {
    svc::decide_notification(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ask an agency for its summary during the rapid review; due 10 working days after the
/// notification (MASA-RR-8).
#[utoipa::path(post, path = "/api/v1/partnership/incidents/{id}/summaries", params(("id" = Uuid, Path)), request_body = SummaryRequestInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn request_summary(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<SummaryRequestInput>,
) -> ApiResult<Response> {
    Ok(created(svc::request_summary(&state.db, &user.ctx(&state), id, &input).await?))
}

/// An agency's summary came back, at the request's version.
#[utoipa::path(post, path = "/api/v1/partnership/summaries/{id}/received", params(("id" = Uuid, Path)), request_body = SummaryReceivedInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn summary_received(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<SummaryReceivedInput>,
) -> ApiResult<StatusCode> {
    svc::receive_summary(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The rapid review signed off and sent to the Panel, with the equality analysis and the decision
/// on a local review (MASA-RR-5, -6); refused while an agency's summary is outstanding.
#[utoipa::path(post, path = "/api/v1/partnership/incidents/{id}/review", params(("id" = Uuid, Path)), request_body = RapidReviewInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn review(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<RapidReviewInput>,
) -> ApiResult<StatusCode> {
    svc::complete_review(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A step of the local practice review (MASA-RR-7): `commissioned` with the reviewer,
/// `panel_copy`, then `published` with the address, at least 7 working days after the Panel's copy.
#[utoipa::path(post, path = "/api/v1/partnership/incidents/{id}/local-review", params(("id" = Uuid, Path)), request_body = LocalReviewInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn local_review(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<LocalReviewInput>,
) -> ApiResult<StatusCode> {
    svc::local_review_step(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The partnership's learning actions: open by due date, done, and counted by agency (open,
/// overdue, done, done late; MASA-SYS-5).
#[utoipa::path(get, path = "/api/v1/partnership/learning",
    responses((status = 200, body = ff_service::partnership::learning::LearningView), (status = 403, body = Problem)))]
pub async fn learning(
    State(state): State<AppState>,
    user: ApiUser,
) -> ApiResult<axum::Json<ff_service::partnership::learning::LearningView>> {
    Ok(axum::Json(ff_service::partnership::learning::list(&state.db, &user.ctx(&state)).await?))
}

/// Agree a learning action: what will change, the owner agency, when it is due and how the
/// partnership will know it made a difference (MASA-SYS-5, MASA-P-9).
#[utoipa::path(post, path = "/api/v1/partnership/learning", request_body = ff_service::partnership::learning::LearningInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_learning(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(input): ApiJson<ff_service::partnership::learning::LearningInput>,
) -> ApiResult<Response> {
    Ok(created(ff_service::partnership::learning::add(&state.db, &user.ctx(&state), &input).await?))
}

/// A learning action is done, with the evidence, at its version.
#[utoipa::path(post, path = "/api/v1/partnership/learning/{id}/complete", params(("id" = Uuid, Path)),
    request_body = ff_service::partnership::learning::CompletionInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn complete_learning(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ff_service::partnership::learning::CompletionInput>,
) -> ApiResult<StatusCode> {
    ff_service::partnership::learning::complete(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize)]
pub struct DataSetQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The partnership's agreed data set for a period (default: this reporting year to today), every
/// measure split by agency where the records allow (MASA-P-2, MASA-SYS-*): figures only, never a
/// child. A date that is not a real `YYYY-MM-DD` date, or a start after the end, is a 422 naming
/// the field.
#[utoipa::path(get, path = "/api/v1/partnership/data-set", params(ff_service::insight::Period),
    responses((status = 200, body = ff_service::partnership::data_set::DataSet), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn data_set(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<DataSetQuery>,
) -> ApiResult<axum::Json<ff_service::partnership::data_set::DataSet>> {
    let d = ff_service::partnership::data_set::data_set_typed(&state.db, &user.ctx(&state), q.from.as_deref(), q.to.as_deref()).await?;
    Ok(axum::Json(d))
}

// ---------------------------------------------------------------------------------------------
// The partnership as its own record (MASA-SYS-1).

use ff_service::partnership::arrangements::{
    self as arr, ArrangementsView, ContributionChange, ContributionInput, DocumentSignOffInput, NamedPartnerInput,
    PartnershipDocumentInput, PartnershipInput, PeriodEndInput, RelevantAgencyInput,
};

/// The partnership's record: the councils it covers, the chair and scrutineer, each partner's lead
/// and delegated safeguarding partners over time, relevant agencies, the arrangements and
/// threshold document with their sign-offs, and the budget by year with each partner's share.
#[utoipa::path(get, path = "/api/v1/partnership/arrangements",
    responses((status = 200, body = ArrangementsView), (status = 403, body = Problem)))]
pub async fn arrangements(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<ArrangementsView>> {
    Ok(axum::Json(arr::view(&state.db, &user.ctx(&state)).await?))
}

/// Set up the partnership (no `version`), or change it at the version read (409 when stale).
#[utoipa::path(post, path = "/api/v1/partnership/arrangements", request_body = PartnershipInput,
    responses((status = 201), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn save_arrangements(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(input): ApiJson<PartnershipInput>,
) -> ApiResult<Response> {
    Ok(created(arr::save_record(&state.db, &user.ctx(&state), &input).await?))
}

/// Name a lead or delegated safeguarding partner; one lead per partner at a time (MASA-P-2). With
/// `replaces`, the person replaced ends the day before.
#[utoipa::path(post, path = "/api/v1/partnership/partners", request_body = NamedPartnerInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn add_partner(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<NamedPartnerInput>) -> ApiResult<Response> {
    Ok(created(arr::add_partner(&state.db, &user.ctx(&state), &input).await?))
}

/// A named partner's time ends, at its version.
#[utoipa::path(post, path = "/api/v1/partnership/partners/{id}/end", params(("id" = Uuid, Path)), request_body = PeriodEndInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn end_partner(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PeriodEndInput>,
) -> ApiResult<StatusCode> {
    arr::end_partner(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Name a relevant agency in the arrangements; schools, colleges and early years are marked.
#[utoipa::path(post, path = "/api/v1/partnership/agencies", request_body = RelevantAgencyInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_agency(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<RelevantAgencyInput>) -> ApiResult<Response> {
    Ok(created(arr::add_agency(&state.db, &user.ctx(&state), &input).await?))
}

/// A relevant agency leaves the arrangements, at its version.
#[utoipa::path(post, path = "/api/v1/partnership/agencies/{id}/end", params(("id" = Uuid, Path)), request_body = PeriodEndInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn end_agency(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PeriodEndInput>,
) -> ApiResult<StatusCode> {
    arr::end_agency(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new version of the published arrangements or the threshold document, with its address.
#[utoipa::path(post, path = "/api/v1/partnership/documents", request_body = PartnershipDocumentInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_document(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(input): ApiJson<PartnershipDocumentInput>,
) -> ApiResult<Response> {
    Ok(created(arr::add_document(&state.db, &user.ctx(&state), &input).await?))
}

/// A partner's lead on the day signs a document off, at its version; the threshold document counts
/// once all three leads have (MASA-P-2, MASA-FFP-3).
#[utoipa::path(post, path = "/api/v1/partnership/documents/{id}/sign-off", params(("id" = Uuid, Path)), request_body = DocumentSignOffInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn sign_off(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<DocumentSignOffInput>,
) -> ApiResult<StatusCode> {
    arr::sign_off(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A partner's contribution to a financial year's budget, in pence (MASA-P-10).
#[utoipa::path(post, path = "/api/v1/partnership/budget", request_body = ContributionInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_budget(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<ContributionInput>) -> ApiResult<Response> {
    Ok(created(arr::add_budget(&state.db, &user.ctx(&state), &input).await?))
}

/// A contribution's amount changed, at its version.
#[utoipa::path(post, path = "/api/v1/partnership/budget/{id}", params(("id" = Uuid, Path)), request_body = ContributionChange,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn change_budget(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ContributionChange>,
) -> ApiResult<StatusCode> {
    arr::change_budget(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------------------------------------
// Multi-agency audits (MASA-SYS-6).

use ff_service::partnership::audits::{self as audits_svc, AuditInput, AuditView};

/// Every multi-agency audit, newest first, with how many learning actions each raised.
#[utoipa::path(get, path = "/api/v1/partnership/audits",
    responses((status = 200, body = Vec<AuditView>), (status = 403, body = Problem)))]
pub async fn audits(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<Vec<AuditView>>> {
    Ok(axum::Json(audits_svc::list(&state.db, &user.ctx(&state)).await?))
}

/// Record a multi-agency audit: theme, day, the agencies taking part (at least two), cases
/// audited, findings and the grading of practice overall. Learning actions are raised from it
/// with `audit_id` on `POST /api/v1/partnership/learning`.
#[utoipa::path(post, path = "/api/v1/partnership/audits", request_body = AuditInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_audit(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<AuditInput>) -> ApiResult<Response> {
    Ok(created(audits_svc::save_audit(&state.db, &user.ctx(&state), None, &input).await?))
}

/// One audit with the learning actions raised from it.
#[utoipa::path(get, path = "/api/v1/partnership/audits/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = AuditView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn audit(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<AuditView>> {
    Ok(axum::Json(audits_svc::show(&state.db, &user.ctx(&state), id).await?))
}

/// Change an audit, whole, at the version read (`version`; 409 when someone changed it first).
#[utoipa::path(post, path = "/api/v1/partnership/audits/{id}", params(("id" = Uuid, Path)), request_body = AuditInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn change_audit(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AuditInput>,
) -> ApiResult<StatusCode> {
    audits_svc::save_audit(&state.db, &user.ctx(&state), Some(id), &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------------------------------------
// Section 11 self-assessments (MASA-SYS-6).

use ff_service::partnership::section11::{self as s11_svc, Section11Input, Section11View};

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Section11Query {
    /// The financial year by the year it starts (default: this one).
    pub year: Option<i32>,
}

/// A year's section 11 returns: every relevant agency with its return or none, who has not
/// returned, the standards rated not met or partly met (with the learning actions raised from
/// each), and the count for each standard.
#[utoipa::path(get, path = "/api/v1/partnership/section-11", params(Section11Query),
    responses((status = 200, body = Section11View), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn section11(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<Section11Query>,
) -> ApiResult<axum::Json<Section11View>> {
    Ok(axum::Json(s11_svc::overview(&state.db, &user.ctx(&state), q.year).await?))
}

/// Record a relevant agency's section 11 return for a year: the eight standards each rated met,
/// partly met or not met, with a note where not fully met. One per agency and year. A learning
/// action is raised from a standard with `s11_return_id` and `s11_standard` on
/// `POST /api/v1/partnership/learning`.
#[utoipa::path(post, path = "/api/v1/partnership/section-11", request_body = Section11Input,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_section11(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<Section11Input>) -> ApiResult<Response> {
    Ok(created(s11_svc::save_return(&state.db, &user.ctx(&state), None, &input).await?))
}

/// Change a section 11 return, whole, at the version read (409 when someone changed it first).
#[utoipa::path(post, path = "/api/v1/partnership/section-11/{id}", params(("id" = Uuid, Path)), request_body = Section11Input,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn change_section11(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<Section11Input>,
) -> ApiResult<StatusCode> {
    s11_svc::save_return(&state.db, &user.ctx(&state), Some(id), &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------------------------------------
// The yearly report (MASA-P-9, MASA-SYS-8).

use ff_service::partnership::report::{
    self as report_svc, PublicationInput, ReportDraftInput, ReportNarrativeInput, ReportSignOffInput, ReportsView, YearlyReportView,
};

/// The yearly reports, newest year first, with how many lead partners have signed each.
#[utoipa::path(get, path = "/api/v1/partnership/reports",
    responses((status = 200, body = ReportsView), (status = 403, body = Problem)))]
pub async fn reports(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<ReportsView>> {
    Ok(axum::Json(report_svc::list(&state.db, &user.ctx(&state)).await?))
}

/// Draft the report for a reporting year that has started (one per year); its figures are counted
/// from the records each time it is read.
#[utoipa::path(post, path = "/api/v1/partnership/reports", request_body = ReportDraftInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn draft_report(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<ReportDraftInput>) -> ApiResult<Response> {
    Ok(created(report_svc::draft(&state.db, &user.ctx(&state), &input).await?))
}

/// A yearly report: each section's figures from the records and the business manager's words, and
/// each lead partner's sign-off.
#[utoipa::path(get, path = "/api/v1/partnership/reports/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = YearlyReportView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn report(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<YearlyReportView>> {
    Ok(axum::Json(report_svc::show(&state.db, &user.ctx(&state), id).await?))
}

/// The business manager's words for sections of a draft, at its version (409 when stale); a final
/// report is not changed (422).
#[utoipa::path(post, path = "/api/v1/partnership/reports/{id}/narrative", params(("id" = Uuid, Path)), request_body = ReportNarrativeInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn report_narrative(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ReportNarrativeInput>,
) -> ApiResult<StatusCode> {
    report_svc::save_narrative(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A partner's lead on the day signs the report off after its year has ended, at its version; with
/// all three it is final (MASA-P-2, MASA-P-9).
#[utoipa::path(post, path = "/api/v1/partnership/reports/{id}/sign-off", params(("id" = Uuid, Path)), request_body = ReportSignOffInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn report_sign_off(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ReportSignOffInput>,
) -> ApiResult<StatusCode> {
    report_svc::sign_off(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The final report's publication and the days it was sent to the national Panel and to
/// Foundations, at its version (MASA-SYS-8): each on or after the last sign-off and not in the
/// future; a copy sent later than the setting's days after publication is kept and flagged.
#[utoipa::path(post, path = "/api/v1/partnership/reports/{id}/publication", params(("id" = Uuid, Path)), request_body = PublicationInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn report_publication(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PublicationInput>,
) -> ApiResult<StatusCode> {
    report_svc::publish(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record a meeting of the incident's rapid review (MASA-RR-5): on or after the notification and
/// not in the future, at least two agencies present, what was decided; every mistake at once.
#[utoipa::path(post, path = "/api/v1/partnership/incidents/{id}/meetings", params(("id" = Uuid, Path)), request_body = ReviewMeetingInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add_meeting(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ReviewMeetingInput>,
) -> ApiResult<Response> {
    Ok(created(svc::meetings::record(&state.db, &user.ctx(&state), id, &input).await?))
}

/// A rapid review meeting.
#[utoipa::path(get, path = "/api/v1/partnership/meetings/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = ReviewMeetingView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn meeting(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<ReviewMeetingView>> {
    Ok(axum::Json(svc::meetings::get(&state.db, &user.ctx(&state), id).await?.1))
}

/// Correct a rapid review meeting at its version: a new version, the old one kept (409 when stale).
#[utoipa::path(post, path = "/api/v1/partnership/meetings/{id}", params(("id" = Uuid, Path)), request_body = ReviewMeetingInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn correct_meeting(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ReviewMeetingInput>,
) -> ApiResult<StatusCode> {
    svc::meetings::correct(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The agency's written summary as sent: the file and the summary's version.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[allow(dead_code)]
pub struct SummaryDocumentUpload {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// The agency summary's version.
    pub version: i32,
}

/// Add the agency's written summary to a received summary, at its version (MASA-RR-8). Its kind
/// is judged from its content; no larger than the server's limit (413 otherwise).
#[utoipa::path(post, path = "/api/v1/partnership/summaries/{id}/document", params(("id" = Uuid, Path)),
    request_body(content = SummaryDocumentUpload, content_type = "multipart/form-data"),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn add_summary_document(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    req: axum::extract::Request,
) -> ApiResult<Response> {
    use crate::forms::{UploadError, read_upload};
    use axum::response::IntoResponse;
    let ctx = user.ctx(&state);
    ctx.authorise(ff_domain::policy::Action::ManagePartnership)?;
    let Ok(form) = <axum::extract::Multipart as axum::extract::FromRequest<()>>::from_request(req, &()).await else {
        return Ok(crate::error::problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
            "Send the summary as multipart/form-data with a `file` part.",
            serde_json::json!({}),
        ));
    };
    let upload = match read_upload(form, state.documents.max_bytes).await {
        Ok(u) => u,
        Err(UploadError::TooLarge) => {
            let mb = state.documents.max_bytes / 1_000_000;
            return Ok(crate::error::problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Too large",
                &format!("A document may be up to {mb} MB."),
                serde_json::json!({}),
            ));
        }
        Err(UploadError::Broken) => {
            return Err(ff_service::ServiceError::from(ff_domain::ValidationErrors::single(
                "file",
                "The upload could not be read: send it again",
            ))
            .into());
        }
    };
    let version = upload.fields.get("version").trim().parse().unwrap_or_default();
    let (filename, bytes) = upload.file.unwrap_or_default();
    svc::attach_summary_document(&state.db, &ctx, &state.documents, id, version, &filename, &bytes).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The agency's written summary, as an attachment: only for those who may see the partnership's
/// incidents, every reading audited.
#[utoipa::path(get, path = "/api/v1/partnership/summaries/{id}/document", params(("id" = Uuid, Path)),
    responses((status = 200, description = "The file, as an attachment, with the content type of its kind", content(
        (Vec<u8> = "application/pdf"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (Vec<u8> = "message/rfc822"), (Vec<u8> = "text/plain")
    )), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn summary_document(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<Response> {
    let d = svc::summary_document(&state.db, &user.ctx(&state), &state.documents, id).await?;
    Ok(crate::pages::documents::file_response(d))
}
