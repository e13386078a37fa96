//! API handlers: parse, call one service function, return JSON.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use ff_domain::ValidationErrors;
use ff_domain::calendar::DayCounting;
use ff_domain::people::{PersonDraft, parse_iso_date};
use ff_domain::settings::{CaseloadCaps, LaSettings};
use ff_service::ServiceError;
use ff_service::calendar::{DueDate, Holiday};
use ff_service::people::{
    AddressInput, HouseholdInput, MergeInput, PersonRecord, PersonSummary, RelationshipInput, SearchResults, VersionView,
};
use ff_service::users::{AccountChange, Deactivation, NewUser, PasswordReset, UserView, VersionOnly};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::{ApiUser, ClientAddr};
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// An error (RFC 9457 problem details).
#[derive(Serialize, ToSchema)]
pub struct Problem {
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Field-level messages, for invalid input.
    pub errors: Option<Vec<FieldProblem>>,
    /// For edit conflicts: the version now stored.
    pub current_version: Option<i32>,
}

#[derive(Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    pub token: String,
    pub token_type: &'static str,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub role: String,
    pub la_code: String,
}

/// Sign in: exchange a username and password for a bearer token.
#[utoipa::path(post, path = "/api/v1/auth/token", request_body = TokenRequest, security(()),
    responses((status = 201, body = TokenResponse), (status = 401, body = Problem), (status = 429, body = Problem)))]
pub async fn token(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(req): ApiJson<TokenRequest>,
) -> ApiResult<Response> {
    let s = ff_service::auth::issue_api_token(&state.db, &req.username, &req.password, &client, state.now()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(TokenResponse {
            token: s.secret,
            token_type: "Bearer",
            expires_at: s.expires_at,
            role: s.actor.role.code().into(),
            la_code: s.actor.la_code.to_string(),
        }),
    )
        .into_response())
}

/// Sign out: revoke the token used for this request.
#[utoipa::path(delete, path = "/api/v1/auth/token", responses((status = 204), (status = 401, body = Problem)))]
pub async fn revoke(State(state): State<AppState>, user: ApiUser, headers: axum::http::HeaderMap) -> ApiResult<StatusCode> {
    let token =
        headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).unwrap_or("").trim().to_owned();
    ff_service::auth::revoke_api_token(&state.db, &user.ctx(&state), &token).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub user_id: Uuid,
    pub display_name: String,
    pub role: String,
    pub agency: String,
    pub la_code: String,
}

/// Who the token belongs to.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = Me), (status = 401, body = Problem)))]
pub async fn me(user: ApiUser) -> axum::Json<Me> {
    let a = user.actor;
    axum::Json(Me {
        user_id: a.user_id,
        display_name: a.display_name,
        role: a.role.code().into(),
        agency: a.agency.code().into(),
        la_code: a.la_code.to_string(),
    })
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQueryParams {
    /// A name, a 10-digit NHS number, or a date of birth (27/03/2019 or 2019-03-27).
    pub q: String,
    /// Page number, from 1 (25 a page).
    pub page: Option<u32>,
}

/// Search the people register.
#[utoipa::path(get, path = "/api/v1/people", params(SearchQueryParams), responses((status = 200, body = SearchResults), (status = 422, body = Problem)))]
pub async fn search_people(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<SearchQueryParams>,
) -> ApiResult<axum::Json<SearchResults>> {
    Ok(axum::Json(ff_service::people::search(&state.db, &user.ctx(&state), &q.q, q.page.unwrap_or(1)).await?))
}

/// A person as sent to the API. Dates are `YYYY-MM-DD`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub other_names: Option<String>,
    pub date_of_birth: Option<String>,
    /// For an unborn child, instead of date_of_birth.
    pub expected_date_of_birth: Option<String>,
    /// M, F or U.
    pub sex: Option<String>,
    /// DfE ethnicity code, e.g. WBRI.
    pub ethnicity: Option<String>,
    pub nhs_number: Option<String>,
    #[serde(default)]
    pub nhs_number_verified: bool,
    /// Create even though records with a similar name and the same date of birth exist.
    #[serde(default)]
    pub confirm_not_duplicate: bool,
    /// Required when updating: the version you read (a stale version gets 409).
    pub version: Option<i32>,
}

impl PersonInput {
    fn draft(&self) -> PersonDraft {
        let date = |s: &Option<String>, what: &str| s.as_deref().filter(|v| !v.trim().is_empty()).map(|v| parse_iso_date(v, what));
        PersonDraft {
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            other_names: self.other_names.clone(),
            date_of_birth: date(&self.date_of_birth, "date_of_birth"),
            expected_date_of_birth: date(&self.expected_date_of_birth, "expected_date_of_birth"),
            sex: self.sex.clone(),
            ethnicity: self.ethnicity.clone(),
            nhs_number: self.nhs_number.clone(),
            nhs_number_verified: self.nhs_number_verified,
        }
    }
}

/// Add a person. Possible duplicates are returned as 409 with `duplicates`.
#[utoipa::path(post, path = "/api/v1/people", request_body = PersonInput,
    responses((status = 201, body = PersonSummary), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_person(State(state): State<AppState>, user: ApiUser, ApiJson(input): ApiJson<PersonInput>) -> ApiResult<Response> {
    let p = ff_service::people::create(&state.db, &user.ctx(&state), &input.draft(), input.confirm_not_duplicate).await?;
    let location = format!("/api/v1/people/{}", p.id);
    Ok((StatusCode::CREATED, [(axum::http::header::LOCATION, location)], axum::Json(p)).into_response())
}

/// A person's whole record: details, relationships, households, addresses. Audited as a view.
#[utoipa::path(get, path = "/api/v1/people/{id}", params(("id" = Uuid, Path)), responses((status = 200, body = PersonRecord), (status = 404, body = Problem)))]
pub async fn get_person(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<PersonRecord>> {
    Ok(axum::Json(ff_service::people::view(&state.db, &user.ctx(&state), id).await?))
}

/// Replace a person's details. Send the `version` you read; if it is stale the answer is 409 and nothing changes.
#[utoipa::path(put, path = "/api/v1/people/{id}", params(("id" = Uuid, Path)), request_body = PersonInput,
    responses((status = 200, body = PersonSummary), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn update_person(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<PersonInput>,
) -> ApiResult<axum::Json<PersonSummary>> {
    let Some(version) = input.version else {
        return Err(ServiceError::Validation(ValidationErrors::single(
            "version",
            "Send the version of the record you are changing (from GET /api/v1/people/{id})",
        ))
        .into());
    };
    Ok(axum::Json(ff_service::people::update(&state.db, &user.ctx(&state), id, &input.draft(), version).await?))
}

/// Every saved version of a person's details.
#[utoipa::path(get, path = "/api/v1/people/{id}/history", params(("id" = Uuid, Path)), responses((status = 200, body = [VersionView]), (status = 404, body = Problem)))]
pub async fn person_history(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<axum::Json<Vec<VersionView>>> {
    Ok(axum::Json(ff_service::people::history(&state.db, &user.ctx(&state), id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: Uuid,
}

/// Record that another person is related to this one ("relative is the KIND of this person").
#[utoipa::path(post, path = "/api/v1/people/{id}/relationships", params(("id" = Uuid, Path)), request_body = RelationshipInput,
    responses((status = 201, body = Created), (status = 422, body = Problem)))]
pub async fn add_relationship(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<RelationshipInput>,
) -> ApiResult<Response> {
    let rid = ff_service::people::add_relationship(&state.db, &user.ctx(&state), id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id: rid })).into_response())
}

/// Add a person to a household (a new one if `household_id` is empty). Returns the household id.
#[utoipa::path(post, path = "/api/v1/people/{id}/households", params(("id" = Uuid, Path)), request_body = HouseholdInput,
    responses((status = 201, body = Created), (status = 422, body = Problem)))]
pub async fn add_household(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<HouseholdInput>,
) -> ApiResult<Response> {
    let h = ff_service::people::add_to_household(&state.db, &user.ctx(&state), id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id: h })).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndMembership {
    pub end_date: NaiveDate,
    pub version: i32,
}

/// Record the date someone left a household.
#[utoipa::path(post, path = "/api/v1/household-memberships/{id}/end", params(("id" = Uuid, Path)), request_body = EndMembership,
    responses((status = 204), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn end_membership(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<EndMembership>,
) -> ApiResult<StatusCode> {
    ff_service::people::end_household_membership(&state.db, &user.ctx(&state), id, input.end_date, input.version).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record a new address (the current one ends the day before).
#[utoipa::path(post, path = "/api/v1/people/{id}/addresses", params(("id" = Uuid, Path)), request_body = AddressInput,
    responses((status = 201, body = Created), (status = 422, body = Problem)))]
pub async fn add_address(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AddressInput>,
) -> ApiResult<Response> {
    let a = ff_service::people::add_address(&state.db, &user.ctx(&state), id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id: a })).into_response())
}

/// Merge a duplicate record into this one (practice supervisors only).
#[utoipa::path(post, path = "/api/v1/people/{id}/merge", params(("id" = Uuid, Path)), request_body = MergeInput,
    responses((status = 204), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn merge_person(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<MergeInput>,
) -> ApiResult<StatusCode> {
    ff_service::people::merge(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsBody {
    pub name: String,
    pub brand_colour: String,
    pub child_population: u32,
    /// event_is_day_zero or event_is_day_one
    pub day_counting: String,
    pub caseload_caps: CapsBody,
    /// Foster carers' weekly allowances, each list dated: national_minimum and council_rates,
    /// each rate {from, age_0_2_pence, age_3_4_pence, age_5_10_pence, age_11_15_pence,
    /// age_16_17_pence}; the council's never below the national minimum (CR-2). Kept unchanged
    /// if omitted.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub carers: Option<ff_domain::carers::CarerSettings>,
    /// Family Help cadences: visit intervals (working days) by level and for under-ones, plan
    /// review interval (weeks) and oversight interval (working days). Kept unchanged if omitted.
    #[schema(value_type = Option<Object>)]
    pub family_help: Option<ff_domain::family_help::FamilyHelpSettings>,
    /// Child protection choices: practice_model (families_first or standard), chair_model
    /// (independent_chair, lcpp_chair_with_qa, lcpp_chair), allow_same_lcpp_to_chair,
    /// lcpp_min_pqe_years, quorum_other_agencies, visit_interval_wd. Kept unchanged if omitted.
    #[schema(value_type = Option<Object>)]
    pub child_protection: Option<ff_domain::child_protection::ChildProtectionSettings>,
    /// Family networks: plo_fgdm_duty_commenced, support_budget_pence, approval limits per role
    /// (approval_limit_social_worker_pence, approval_limit_lcpp_pence,
    /// approval_limit_manager_pence), kinship_local_offer. Kept unchanged if omitted.
    #[schema(value_type = Option<Object>)]
    pub family_networks: Option<ff_domain::family_networks::FamilyNetworkSettings>,
    /// Care clocks (T28–T31): first_visit_days, visit_interval_weeks,
    /// long_term_visit_interval_months, initial_health_wd, health_review_months_under_five,
    /// health_review_months, pep_first_wd, pep_review_months, pep_from_age,
    /// stability_moves_warning. Kept unchanged if omitted.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub looked_after: Option<ff_domain::looked_after::checks::CareSettings>,
    /// Leaving care (T32–T35): first_plan_months, plan_review_months, contact_interval_weeks,
    /// visit_after_move_days, staying_close_duty, setting_up_home_minimum and
    /// apprenticeship_bursary_minimum (dated national amounts: [{from, pence}]),
    /// setting_up_home_pence and apprenticeship_bursary_pence (the council's, never below the
    /// national amount, LC-6), local_offer. Kept unchanged if omitted.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub leaving_care: Option<ff_domain::looked_after::leaving::LeavingCareSettings>,
    /// The agency rules (W-AG-1..6): region, rate_caps ([{role_type, from, hourly_pence}], the
    /// region's caps as agreed, dated), pqe_years, pqe_scope (uk_councils or english_councils),
    /// cooling_off_months, substantive_notice_days, references; and the caseloads' settings:
    /// early_career_caseload_percent (an early-career worker's share of their role's cap,
    /// W-SYS-16 and W-EC-4: 60), early_career_months (12), minutes_per_visit (face-to-face minutes
    /// counted for each recorded visit: 60, to confirm), direct_practice_hours (a year, W-EC-8:
    /// 100), full_time_minutes (a full-time week for FTE, W-DEF-4: 2220, 37 hours, to confirm) and
    /// sickness_working_days (W-RATE-7: 252, to confirm). Kept unchanged if omitted; a field left
    /// out of it takes its default.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub workforce: Option<ff_domain::workforce::WorkforceSettings>,
    /// The partnership's timescales (MASA-RR-2, -5, -7, -8): notify_working_days (5),
    /// rapid_review_working_days (15), agency_summary_working_days (10), local_review_months (6),
    /// panel_copy_working_days (7); and how many working days each stage of a professional
    /// disagreement has for a response (ESC-4): disagreement_practitioners_working_days (5),
    /// disagreement_managers_working_days (5), disagreement_senior_managers_working_days (10),
    /// disagreement_partnership_working_days (10); and report_year_start_month, the month the
    /// yearly report's year starts (4, April); report_send_days, the days after publication by
    /// which the yearly report goes to the Panel and Foundations (7). Kept unchanged if omitted.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub partnership: Option<ff_domain::partnership::PartnershipSettings>,
    /// The council's own Ofsted-registered services, given in the children looked after return
    /// (903 rule 218): fostering_urn and adoption_urn (XXXXXXX for a regional adoption agency),
    /// blank when not recorded. Kept unchanged if omitted.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub own_services: Option<ff_domain::settings::OwnServices>,
    /// Harm outside the home: return_interview_hours, the hours after a child missing from home
    /// comes back within which a return home interview is offered (HOTH-6: 72, the statutory
    /// guidance's). Kept unchanged if omitted.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub outside_home: Option<ff_domain::outside_home::OutsideHomeSettings>,
    /// In a request: the version being replaced (a stale one gets 409). In a response: the current version.
    pub version: i32,
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CapsBody {
    pub family_help_practitioner: u32,
    pub social_worker: u32,
    pub lcpp: u32,
}

fn settings_body(c: ff_service::settings::CurrentSettings) -> SettingsBody {
    let s = c.settings;
    SettingsBody {
        name: s.name,
        brand_colour: s.brand_colour,
        child_population: s.child_population,
        day_counting: match s.day_counting {
            DayCounting::EventIsDayZero => "event_is_day_zero".into(),
            DayCounting::EventIsDayOne => "event_is_day_one".into(),
        },
        caseload_caps: CapsBody {
            family_help_practitioner: s.caseload_caps.family_help_practitioner,
            social_worker: s.caseload_caps.social_worker,
            lcpp: s.caseload_caps.lcpp,
        },
        carers: Some(s.carers),
        family_help: Some(s.family_help),
        child_protection: Some(s.child_protection),
        family_networks: Some(s.family_networks),
        looked_after: Some(s.looked_after),
        leaving_care: Some(s.leaving_care),
        workforce: Some(s.workforce),
        partnership: Some(s.partnership),
        own_services: Some(s.own_services),
        outside_home: Some(s.outside_home),
        version: c.version,
    }
}

/// The council's current settings.
#[utoipa::path(get, path = "/api/v1/settings", responses((status = 200, body = SettingsBody)))]
pub async fn get_settings(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<SettingsBody>> {
    Ok(axum::Json(settings_body(ff_service::settings::current(&state.db, &user.ctx(&state)).await?)))
}

/// Save new settings (LA administrators). A stale `version` gets 409.
#[utoipa::path(put, path = "/api/v1/settings", request_body = SettingsBody,
    responses((status = 200, body = SettingsBody), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn put_settings(
    State(state): State<AppState>,
    user: ApiUser,
    ApiJson(b): ApiJson<SettingsBody>,
) -> ApiResult<axum::Json<SettingsBody>> {
    let day_counting = match b.day_counting.as_str() {
        "event_is_day_zero" => DayCounting::EventIsDayZero,
        "event_is_day_one" => DayCounting::EventIsDayOne,
        _ => {
            return Err(
                ServiceError::Validation(ValidationErrors::single("day_counting", "Use event_is_day_zero or event_is_day_one")).into()
            );
        }
    };
    let ctx = user.ctx(&state);
    let current = ff_service::settings::current(&state.db, &ctx).await?.settings;
    let s = LaSettings {
        carers: b.carers.unwrap_or(current.carers),
        family_help: b.family_help.unwrap_or(current.family_help),
        child_protection: b.child_protection.unwrap_or(current.child_protection),
        family_networks: b.family_networks.unwrap_or(current.family_networks),
        looked_after: b.looked_after.unwrap_or(current.looked_after),
        leaving_care: b.leaving_care.unwrap_or(current.leaving_care),
        workforce: b.workforce.unwrap_or(current.workforce),
        partnership: b.partnership.unwrap_or(current.partnership),
        own_services: b.own_services.unwrap_or(current.own_services),
        outside_home: b.outside_home.unwrap_or(current.outside_home),
        name: b.name,
        brand_colour: b.brand_colour,
        child_population: b.child_population,
        day_counting,
        caseload_caps: CaseloadCaps {
            family_help_practitioner: b.caseload_caps.family_help_practitioner,
            social_worker: b.caseload_caps.social_worker,
            lcpp: b.caseload_caps.lcpp,
        },
    };
    Ok(axum::Json(settings_body(ff_service::settings::update(&state.db, &ctx, &s, b.version).await?)))
}

/// England and Wales bank holidays in use.
#[utoipa::path(get, path = "/api/v1/calendar/bank-holidays", responses((status = 200, body = [Holiday])))]
pub async fn list_holidays(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<Vec<Holiday>>> {
    Ok(axum::Json(ff_service::calendar::list(&state.db, &user.ctx(&state)).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHoliday {
    pub date: NaiveDate,
    pub name: String,
}

/// Add a bank holiday (LA administrators).
#[utoipa::path(post, path = "/api/v1/calendar/bank-holidays", request_body = NewHoliday, responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_holiday(State(state): State<AppState>, user: ApiUser, ApiJson(h): ApiJson<NewHoliday>) -> ApiResult<StatusCode> {
    ff_service::calendar::add_holiday(&state.db, &user.ctx(&state), h.date, &h.name).await?;
    Ok(StatusCode::CREATED)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DueDateParams {
    /// The event date (day 0), YYYY-MM-DD.
    pub from: NaiveDate,
    /// How many working days.
    pub working_days: u32,
}

/// The date N working days after an event, counted as the council has configured.
#[utoipa::path(get, path = "/api/v1/calendar/due-date", params(DueDateParams), responses((status = 200, body = DueDate), (status = 400, body = Problem)))]
pub async fn due_date(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(p): ApiQuery<DueDateParams>,
) -> ApiResult<axum::Json<DueDate>> {
    Ok(axum::Json(ff_service::calendar::due_date(&state.db, &user.ctx(&state), p.from, p.working_days).await?))
}

/// User accounts of the council (LA administrators).
#[utoipa::path(get, path = "/api/v1/users", responses((status = 200, body = [UserView]), (status = 403, body = Problem)))]
pub async fn list_users(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<Vec<UserView>>> {
    Ok(axum::Json(ff_service::users::list(&state.db, &user.ctx(&state), 1).await?.0))
}

/// Create an account (LA administrators).
#[utoipa::path(post, path = "/api/v1/users", request_body = NewUser, responses((status = 201, body = UserView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_user(State(state): State<AppState>, user: ApiUser, ApiJson(u): ApiJson<NewUser>) -> ApiResult<Response> {
    let v = ff_service::users::add(&state.db, &user.ctx(&state), &u).await?;
    Ok((StatusCode::CREATED, axum::Json(v)).into_response())
}

/// Change a user's role, agency, registration and teams (LA administrators). Send the `version`
/// you read; a stale one is 409. Not your own account.
#[utoipa::path(put, path = "/api/v1/users/{id}", params(("id" = Uuid, Path)), request_body = AccountChange,
    responses((status = 200, body = UserView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn change_user(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<AccountChange>,
) -> ApiResult<axum::Json<UserView>> {
    Ok(axum::Json(ff_service::users::change_account(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Reset a user's password (LA administrators): a one-time password is returned once; the user's
/// sessions and tokens end, and they choose a new password at their next sign-in.
#[utoipa::path(post, path = "/api/v1/users/{id}/reset-password", params(("id" = Uuid, Path)), request_body = VersionOnly,
    responses((status = 200, body = PasswordReset), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn reset_password(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<VersionOnly>,
) -> ApiResult<Response> {
    let r = ff_service::users::reset_password(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(([(axum::http::header::CACHE_CONTROL, "no-store")], axum::Json(r)).into_response())
}

/// Close a leaver's account with a reason (LA administrators): their sessions and tokens end at once.
#[utoipa::path(post, path = "/api/v1/users/{id}/deactivate", params(("id" = Uuid, Path)), request_body = Deactivation,
    responses((status = 200, body = UserView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn deactivate_user(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<Deactivation>,
) -> ApiResult<axum::Json<UserView>> {
    Ok(axum::Json(ff_service::users::deactivate(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Open a closed account again (LA administrators).
#[utoipa::path(post, path = "/api/v1/users/{id}/reactivate", params(("id" = Uuid, Path)), request_body = VersionOnly,
    responses((status = 200, body = UserView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn reactivate_user(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<VersionOnly>,
) -> ApiResult<axum::Json<UserView>> {
    Ok(axum::Json(ff_service::users::reactivate(&state.db, &user.ctx(&state), id, &input).await?))
}

#[derive(Serialize, ToSchema)]
pub struct AuditVerification {
    /// `intact` or `broken`.
    pub result: String,
    pub events: Option<i64>,
    pub broken_at: Option<i64>,
    pub problem: Option<String>,
}

/// Check the council's audit hash chain (LA administrators).
#[utoipa::path(get, path = "/api/v1/audit/verify", responses((status = 200, body = [AuditVerification]), (status = 403, body = Problem)))]
pub async fn verify_audit(State(state): State<AppState>, user: ApiUser) -> ApiResult<axum::Json<Vec<AuditVerification>>> {
    use ff_domain::audit::ChainCheck;
    let checks = ff_service::audit::verify_as(&state.db, &user.ctx(&state)).await?;
    Ok(axum::Json(
        checks
            .into_iter()
            .map(|c| match c {
                ChainCheck::Intact { events, .. } => {
                    AuditVerification { result: "intact".into(), events: Some(events), broken_at: None, problem: None }
                }
                ChainCheck::Broken { seq, problem, .. } => {
                    AuditVerification { result: "broken".into(), events: None, broken_at: Some(seq), problem: Some(problem) }
                }
            })
            .collect(),
    ))
}

/// The performance dashboard's figures for a period (default: this reporting year to today).
#[utoipa::path(get, path = "/api/v1/performance", params(ff_service::insight::Period),
    responses((status = 200, body = ff_service::insight::Dashboard), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn performance(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(period): ApiQuery<ff_service::insight::Period>,
) -> ApiResult<axum::Json<ff_service::insight::Dashboard>> {
    Ok(axum::Json(ff_service::insight::dashboard(&state.db, &user.ctx(&state), &period).await?))
}
