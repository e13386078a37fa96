//! The workforce through the API: workers, their experience ledger, and agency
//! assignments checked against the national agency rules when they start (W-AG-1..6), with the
//! sign-offs of a rate over the cap. The pages (`pages::workforce`) call the same services.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::workforce::{
    self as svc, AgencyReturn, AssignmentCoverInput, AssignmentInput, CaseloadsOnDate, EditWorkerInput, EndAssignmentInput,
    ExperienceInput, ExperienceWithdrawal, SignOffInput, WorkerInput, WorkerView, WorkforceView,
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
pub struct WorkforceQuery {
    /// The last worker of the previous page (`next_after`); 50 workers a page by name.
    pub after: Option<Uuid>,
}

/// The council's workers, 50 a page by name, and the agency assignments running now or starting
/// within the year.
#[utoipa::path(get, path = "/api/v1/workforce", params(WorkforceQuery),
    responses((status = 200, body = WorkforceView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<WorkforceQuery>,
) -> ApiResult<axum::Json<WorkforceView>> {
    Ok(axum::Json(svc::list(&state.db, &user.ctx(&state), q.after).await?))
}

/// Add a worker: name, Social Work England number, when they qualified, their user account.
#[utoipa::path(post, path = "/api/v1/workforce/workers", request_body = WorkerInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_worker(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<WorkerInput>) -> ApiResult<Response> {
    Ok(created(svc::add_worker(&state.db, &user.ctx(&state), &input).await?))
}

/// A worker: their record (date of birth, registration, route, early career, LCPP accreditation
/// evidence), their experience and whether each period counts for agency work (W-AG-5), the
/// experience that counts today, and their agency assignments. Those who see the workforce see
/// any worker; any member of staff sees their own record.
#[utoipa::path(get, path = "/api/v1/workforce/workers/{id}", params(("id" = Uuid, Path)),
    responses((status = 200, body = WorkerView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn worker(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<WorkerView>> {
    Ok(axum::Json(svc::worker(&state.db, &user.ctx(&state), id).await?))
}

/// Change a worker's details (W-SYS-1), sent with the version they were read at (409 if someone
/// changed them since). The version it replaces is kept.
#[utoipa::path(put, path = "/api/v1/workforce/workers/{id}", params(("id" = Uuid, Path)), request_body = EditWorkerInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
pub async fn edit_worker(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<EditWorkerInput>,
) -> ApiResult<StatusCode> {
    svc::edit_worker(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add a period of experience to the worker's ledger (W-SYS-5).
#[utoipa::path(post, path = "/api/v1/workforce/workers/{id}/experience", params(("id" = Uuid, Path)), request_body = ExperienceInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn experience(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ExperienceInput>,
) -> ApiResult<Response> {
    Ok(created(svc::add_experience(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Withdraw a period of experience entered in error (W-SYS-5): it stops counting and stays on the
/// worker's record with the reason. To change a period instead, add the corrected one with
/// `replaces` naming it. 409 when it was withdrawn or corrected already.
#[utoipa::path(post, path = "/api/v1/workforce/workers/{id}/experience/{eid}/withdraw", params(("id" = Uuid, Path), ("eid" = Uuid, Path)),
    request_body = ExperienceWithdrawal,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn withdraw_experience(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath((id, eid)): ApiPath<(Uuid, Uuid)>,
    ApiJson(input): ApiJson<ExperienceWithdrawal>,
) -> ApiResult<StatusCode> {
    svc::withdraw_experience(&state.db, &user.ctx(&state), id, eid, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start an agency assignment: refused (422 with the rule) under 3 years' experience that counts
/// (W-AG-5), within the cooling-off period without an exception the ledger supports (W-AG-4), or
/// for a packaged model without the worker named, approved and priced (W-AG-2); over the region's
/// cap it is recorded as pending until both sign-offs (W-AG-1); long notice and missing references
/// are kept as non-compliance (W-AG-3, W-AG-6).
#[utoipa::path(post, path = "/api/v1/workforce/workers/{id}/assignments", params(("id" = Uuid, Path)), request_body = AssignmentInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn assignment(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AssignmentInput>,
) -> ApiResult<Response> {
    Ok(created(svc::start_assignment(&state.db, &user.ctx(&state), id, &input).await?))
}

/// The director's (dcs) or the chief executive's (ceo) sign-off of an assignment over the cap, at
/// its version (409 if it changed); with both it becomes active.
#[utoipa::path(post, path = "/api/v1/workforce/assignments/{id}/sign-off", params(("id" = Uuid, Path)), request_body = SignOffInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn sign_off(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<SignOffInput>,
) -> ApiResult<StatusCode> {
    svc::sign_off(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The post the assignment covers and its FTE, at its version (409 if it changed): the post is one
/// of the council's open on the assignment's start date, or none (null) for an assignment not
/// tied to a post; FTE more than 0 and at most 1 (1 when left out). Refused with every mistake
/// at once (422). Agency cover of vacancies (W-RATE-4/5) is counted from the posts named.
#[utoipa::path(post, path = "/api/v1/workforce/assignments/{id}/cover", params(("id" = Uuid, Path)), request_body = AssignmentCoverInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn cover(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AssignmentCoverInput>,
) -> ApiResult<StatusCode> {
    svc::set_cover(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The assignment ends, at its version (409 if it changed or has ended).
#[utoipa::path(post, path = "/api/v1/workforce/assignments/{id}/end", params(("id" = Uuid, Path)), request_body = EndAssignmentInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn end(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<EndAssignmentInput>,
) -> ApiResult<StatusCode> {
    svc::end_assignment(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuarterQuery {
    /// A calendar quarter written like 2026-Q4; this quarter if left out.
    pub quarter: Option<String>,
}

/// The quarterly agency return (W-AG-7): every agency assignment running in the quarter with its
/// rate, cap, sign-offs and the rules it did not meet, and per rule how many did not comply.
#[utoipa::path(get, path = "/api/v1/workforce/agency-return", params(QuarterQuery),
    responses((status = 200, body = AgencyReturn), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn agency_return(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<QuarterQuery>,
) -> ApiResult<axum::Json<AgencyReturn>> {
    let ctx = user.ctx(&state);
    let quarter = q.quarter.unwrap_or_else(|| svc::quarter_of(ctx.today()));
    Ok(axum::Json(svc::agency_return(&state.db, &ctx, &quarter).await?))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseloadsQuery {
    /// The date, written like 2026-09-30: today if left out; never in the future.
    pub on: Option<String>,
    /// A team's id: that team's case holders only.
    pub team: Option<Uuid>,
}

/// Caseloads on a date (W-SYS-7): each case holder's children that day against their cap
/// (reduced in their early career, W-SYS-16), by team and by role, with the time face to face
/// with families in the year to the date (W-EC-8). A date that cannot be read or is in the future
/// is 422; an unknown team 404.
#[utoipa::path(get, path = "/api/v1/workforce/caseloads", params(CaseloadsQuery),
    responses((status = 200, body = CaseloadsOnDate), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn caseloads(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<CaseloadsQuery>,
) -> ApiResult<axum::Json<CaseloadsOnDate>> {
    let on = match q.on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            ff_domain::people::parse_iso_date(s, "The date")
                .map_err(|m| ff_service::ServiceError::Validation(ff_domain::ValidationErrors::single("on", m)))?,
        ),
    };
    Ok(axum::Json(svc::caseloads_on(&state.db, &user.ctx(&state), on, q.team).await?))
}

/// The council's posts open today or later, with the FTE filled and vacant today (W-SYS-2,
/// W-DEF-6).
#[utoipa::path(get, path = "/api/v1/workforce/posts",
    responses((status = 200, body = svc::PostsView), (status = 403, body = Problem)))]
pub async fn posts(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<svc::PostsView>> {
    Ok(axum::Json(svc::posts(&state.db, &user.ctx(&state)).await?))
}

/// Add a funded post: team, role type, funded FTE (more than 0, at most 1), whether it holds
/// cases, from and to (W-SYS-2).
#[utoipa::path(post, path = "/api/v1/workforce/posts", request_body = svc::PostInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_post(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<svc::PostInput>) -> ApiResult<Response> {
    Ok(created(svc::add_post(&state.db, &user.ctx(&state), &input).await?))
}

/// Close a post at its version (409 if it changed); never before it opened, nor while a
/// permanent worker holds it after that day (422).
#[utoipa::path(post, path = "/api/v1/workforce/posts/{id}/close", params(("id" = Uuid, Path)), request_body = svc::ClosePostInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn close_post(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<svc::ClosePostInput>,
) -> ApiResult<StatusCode> {
    svc::close_post(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start a permanent employment episode (W-SYS-3): a post open throughout, contracted hours at
/// most the council's full-time week (FTE at most 1), overlapping none of the worker's others.
#[utoipa::path(post, path = "/api/v1/workforce/workers/{id}/episodes", params(("id" = Uuid, Path)), request_body = svc::EmploymentInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn start_episode(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<svc::EmploymentInput>,
) -> ApiResult<Response> {
    Ok(created(svc::start_episode(&state.db, &user.ctx(&state), id, &input).await?))
}

/// End a permanent employment episode at its version (409 if it changed or has ended), with the
/// workforce census's leaving reason.
#[utoipa::path(post, path = "/api/v1/workforce/episodes/{id}/end", params(("id" = Uuid, Path)), request_body = svc::EndEmploymentInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn end_episode(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<svc::EndEmploymentInput>,
) -> ApiResult<StatusCode> {
    svc::end_episode(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record an absence on the worker's record (W-SYS-6), with the working days lost.
#[utoipa::path(post, path = "/api/v1/workforce/workers/{id}/absences", params(("id" = Uuid, Path)), request_body = svc::AbsenceInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn record_absence(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<svc::AbsenceInput>,
) -> ApiResult<Response> {
    Ok(created(svc::record_absence(&state.db, &user.ctx(&state), id, &input).await?))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RatesQuery {
    /// The date, written like 2026-09-30: 30 September of the latest census year if left out;
    /// never in the future.
    pub on: Option<String>,
}

/// The workforce rates on a date beside the same day a year before (W-RATE-1…7): vacancy,
/// agency, turnover, agency cover of vacancies, caseload and sickness absence, with the counts
/// they come from; the early-career cohort, lead child protection practitioners accredited and
/// designated, and the family help lead practitioners who are social workers and who are not
/// (W-OUT-3); the posts by role type (funded, filled, vacant, covered by agency workers). An agency
/// assignment counts at its FTE, and covers the vacancy of the post it names up to that vacancy;
/// assignments naming no post cover the vacancies left over (decision 0025).
#[utoipa::path(get, path = "/api/v1/workforce/rates", params(RatesQuery),
    responses((status = 200, body = svc::WorkforceRates), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 422, body = Problem)))]
pub async fn rates(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<RatesQuery>,
) -> ApiResult<axum::Json<svc::WorkforceRates>> {
    let on = match q.on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            ff_domain::people::parse_iso_date(s, "The date")
                .map_err(|m| ff_service::ServiceError::Validation(ff_domain::ValidationErrors::single("on", m)))?,
        ),
    };
    Ok(axum::Json(svc::rates_on(&state.db, &user.ctx(&state), on).await?))
}

/// The census year asked for, from "2026" or "2026.xml"; whether the file was asked for. A year
/// that is not four digits is 404, named.
pub(crate) fn census_year(asked: &str) -> Result<(i32, bool), String> {
    let (year, xml) = match asked.strip_suffix(".xml") {
        Some(y) => (y, true),
        None => (asked, false),
    };
    match year.parse::<i32>() {
        Ok(y) if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => Ok((y, xml)),
        _ => Err(format!("There is no census year '{asked}': write the year as four digits, such as 2026")),
    }
}

/// The census XML as a download.
pub(crate) fn census_file(la: &str, year: i32, xml: String) -> Response {
    use axum::response::IntoResponse;
    let disposition = format!("attachment; filename=\"csww-{la}-{year}.xml\"");
    (
        [
            (axum::http::header::CONTENT_TYPE, "application/xml; charset=utf-8".to_owned()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        xml,
    )
        .into_response()
}

/// The children's social work workforce census for a census year (W-OUT-1): who is in it
/// (permanent workers in post on 30 September, starters, leavers in the year, agency workers in
/// post), the vacancies, the errors the census rules find in the file, what the records do not
/// hold, and the workforce rates on 30 September beside the year before. A year before 2017 or
/// whose 30 September has not come is 422; one that is not four digits is 404. The same address
/// ending `.xml` is the file itself.
#[utoipa::path(get, path = "/api/v1/workforce/census/{year}",
    params(("year" = String, Path, description = "The census year, such as 2026 (reference date 30 September 2026)")),
    responses((status = 200, body = svc::WorkforceCensus), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn census(State(state): State<AppState>, user: ApiUser, ApiPath(year): ApiPath<String>) -> ApiResult<Response> {
    use axum::response::IntoResponse;
    let (year, xml) = match census_year(&year) {
        Ok(y) => y,
        Err(m) => return Ok(crate::error::problem(StatusCode::NOT_FOUND, "Not found", &m, serde_json::json!({}))),
    };
    let ctx = user.ctx(&state);
    let (summary, file) = svc::census(&state.db, &ctx, year).await?;
    Ok(if xml { census_file(ctx.la(), year, file) } else { axum::Json(summary).into_response() })
}

/// The census file for a census year: the XML the council sends the DfE, in the layout of the
/// schema in `crates/ff-returns/data/csww/`. Served by the same route as the summary (the router
/// takes no suffix after a parameter); the same refusals.
#[utoipa::path(get, path = "/api/v1/workforce/census/{year}.xml",
    params(("year" = String, Path, description = "The census year, such as 2026")),
    responses((status = 200, content_type = "application/xml", body = String), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn census_xml(state: State<AppState>, user: ApiUser, ApiPath(year): ApiPath<String>) -> ApiResult<Response> {
    census(state, user, ApiPath(format!("{year}.xml"))).await
}

/// The region's price caps (W-AG-1): the cap in force today for each role type and every cap
/// with the date it applies from, with the settings version to send back when changing them.
#[utoipa::path(get, path = "/api/v1/workforce/caps",
    responses((status = 200, body = svc::CapsView), (status = 403, body = Problem)))]
pub async fn caps(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<svc::CapsView>> {
    Ok(axum::Json(svc::caps(&state.db, &user.ctx(&state)).await?))
}

/// Add a price cap for a role type from a date, in pence an hour, at the settings version read
/// (409 if changed since). A cap for the same role type and date corrects the one held; the
/// settings keep the earlier version. Every mistake at once (422).
#[utoipa::path(post, path = "/api/v1/workforce/caps", request_body = svc::CapInput,
    responses((status = 200, body = svc::CapsSaved), (status = 403, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
pub async fn add_cap(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(input): ApiJson<svc::CapInput>,
) -> ApiResult<axum::Json<svc::CapsSaved>> {
    Ok(axum::Json(svc::add_cap(&state.db, &user.ctx(&state), &input).await?))
}

/// Load the region's table of caps as CSV text (`role_type,from,hourly_pounds`, at most 64 KB)
/// at the settings version read: all of it, or nothing with each wrong line named (422 on `file`).
#[utoipa::path(post, path = "/api/v1/workforce/caps/upload", request_body = svc::CapsUpload,
    responses((status = 200, body = svc::CapsSaved), (status = 403, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
pub async fn upload_caps(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(input): ApiJson<svc::CapsUpload>,
) -> ApiResult<axum::Json<svc::CapsSaved>> {
    Ok(axum::Json(svc::load_caps(&state.db, &user.ctx(&state), &input).await?))
}
