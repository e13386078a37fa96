//! Every route, in one place.

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::assessments as assessments_api;
use crate::api::carers as carers_api;
use crate::api::case_notes as notes_api;
use crate::api::child_protection as cp;
use crate::api::documents as documents_api;
use crate::api::family_help as fh;
use crate::api::family_networks as fnwapi;
use crate::api::handlers as api;
use crate::api::letters as letters_api;
use crate::api::looked_after as care_api;
use crate::api::meeting_record as meeting_record_api;
use crate::api::partnership as partnership_api;
use crate::api::plan_record as plan_record_api;
use crate::api::professionals as professionals_api;
use crate::api::support_packages as sp_api;
use crate::api::workforce as workforce_api;
use crate::pages::{
    admin, assessments, carers, case_notes, child_protection, documents, family_help, family_networks as fnw, front_door, insight, letters,
    looked_after, meeting_record, partnership, people, plan_record, professionals, returns, session, support_packages, workforce,
};
use crate::{AppState, assets, auth, security};

/// Request bodies above this are refused with 413 before any handler runs.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
pub fn router(state: AppState) -> Router {
    // A census file upload (a national CIN file is about 1 GB): the configured limit, plus room
    // for the form around the file. The handler stops reading at the limit itself.
    let upload_limit = usize::try_from(state.jobs.limits().max_upload_bytes).unwrap_or(usize::MAX).saturating_add(64 * 1024);
    // A document and the short form around it (issue 12 item 4, D-2).
    let document_limit = usize::try_from(state.documents.max_bytes).unwrap_or(usize::MAX).saturating_add(64 * 1024);
    let pages = Router::new()
        .route("/", get(session::home))
        .route("/sign-in", get(session::sign_in_form).post(session::sign_in))
        .route("/sign-in/oidc", get(session::oidc_start))
        .route("/sign-in/oidc/callback", get(session::oidc_callback))
        .route("/sign-out", post(session::sign_out))
        .route("/people", get(people::search))
        .route("/people/new", get(people::new_form).post(people::create))
        .route("/people/{id}", get(people::show))
        .route("/people/{id}/edit", get(people::edit_form).post(people::update))
        .route("/people/{id}/history", get(people::history))
        .route("/people/{id}/relationships/new", get(people::relationship_form))
        .route("/people/{id}/relationships", post(people::add_relationship))
        .route("/people/{id}/households/new", get(people::household_form))
        .route("/people/{id}/households", post(people::add_to_household))
        .route("/people/{id}/addresses/new", get(people::address_form))
        .route("/people/{id}/addresses", post(people::add_address))
        .route("/people/{id}/merge", get(people::merge_form).post(people::merge))
        .route("/settings", get(admin::settings_form).post(admin::settings_save))
        .route("/admin/users", get(admin::users))
        .route("/admin/users/new", get(admin::user_form).post(admin::user_create))
        .route("/admin/users/{id}", get(admin::user_show).post(admin::user_change))
        .route("/admin/users/{id}/reset-password", get(admin::reset_form).post(admin::reset))
        .route("/admin/users/{id}/deactivate", get(admin::deactivate_form).post(admin::deactivate))
        .route("/admin/users/{id}/reactivate", post(admin::reactivate))
        .route("/account/password", get(session::password_form).post(session::password_change))
        .route("/admin/audit", get(admin::audit))
        .route("/admin/lcpp", get(admin::lcpp_form).post(admin::lcpp_designate))
        .route("/calendar", get(admin::calendar))
        .route("/calendar/holidays/new", get(admin::holiday_form))
        .route("/calendar/holidays", post(admin::holiday_add))
        .route("/work", get(family_help::tray))
        .route("/contacts/new", get(front_door::contact_form).post(front_door::contact_create))
        .route("/contacts/{id}", get(front_door::contact_show))
        .route("/contacts/{id}/decision", post(front_door::contact_decide))
        .route("/contacts/{id}/feedback", post(front_door::contact_feedback))
        .route("/episodes/{id}/allocate", get(family_help::allocate_form).post(family_help::allocate))
        .route("/episodes/{id}/assessment", get(family_help::assessment_form).post(family_help::assessment_start))
        .route("/assessments/{id}/complete", get(family_help::complete_form).post(family_help::complete))
        .route("/assessments/{id}", get(assessments::show).post(assessments::save))
        .route("/assessments/{id}/return", post(assessments::return_for_changes))
        .route("/assessments/{id}/addenda", post(assessments::add_addendum))
        .route("/episodes/{id}/plan", get(family_help::plan_form).post(family_help::plan_start))
        .route("/plans/{id}/items", get(family_help::item_form).post(family_help::item_add))
        .route("/plans/{id}/review", get(family_help::review_form).post(family_help::review_add))
        .route("/plan-items/{id}/done", post(family_help::item_done))
        .route("/episodes/{id}/visit", get(family_help::visit_form).post(family_help::visit_add))
        .route("/episodes/{id}/oversight", get(family_help::oversight_form).post(family_help::oversight_add))
        .route("/episodes/{id}/level", get(family_help::level_form).post(family_help::level_change))
        .route("/episodes/{id}/close", get(family_help::close_form).post(family_help::close))
        .route("/episodes/{id}/strategy", get(child_protection::strategy_form).post(child_protection::strategy))
        .route("/s47/{id}/conclude", get(child_protection::conclude_form).post(child_protection::conclude))
        .route("/people/{id}/conference", get(child_protection::conference_form).post(child_protection::conference))
        .route("/people/{id}/conference-report", get(child_protection::report))
        .route("/cp-plans/{id}/items", get(child_protection::cp_item_form).post(child_protection::cp_item_add))
        .route("/cp-plan-items/{id}/done", post(child_protection::cp_item_done))
        .route("/cp-plans/{id}/core-group", get(child_protection::core_group_form).post(child_protection::core_group_add))
        .route("/cp-plans/{id}/end", get(child_protection::end_plan_form).post(child_protection::end_plan))
        .route("/people/{id}/notes", get(case_notes::note_form).post(case_notes::note_add))
        .route("/people/{id}/professionals", get(professionals::add_form).post(professionals::add))
        .route("/professionals/{id}/end", get(professionals::end_form).post(professionals::end))
        .route("/notes/{id}", get(case_notes::show))
        .route("/notes/{id}/edit", get(case_notes::edit_form).post(case_notes::edit_save))
        .route("/people/{id}/chronology", get(case_notes::chronology_page))
        .route("/people/{id}/chronology.csv", get(case_notes::chronology_csv))
        .route("/people/{id}/chronology/issue", post(case_notes::chronology_issue))
        .route("/people/{id}/documents/new", get(documents::new_form))
        .route("/people/{id}/documents", post(documents::upload).layer(DefaultBodyLimit::max(document_limit)))
        .route("/documents/{id}/download", get(documents::download))
        .route("/cp-plans/{id}/issue", post(documents::issue_plan))
        .route("/cp-plans/{id}/record", get(plan_record::show_cp).post(plan_record::save_cp))
        .route("/plans/{id}/record", get(plan_record::show_fh).post(plan_record::save_fh))
        .route("/conferences/{id}/record", get(meeting_record::show_conference).post(meeting_record::save_conference))
        .route("/conferences/{id}/record/agree", post(meeting_record::agree))
        .route("/plan-reviews/{id}/record", get(meeting_record::show_review).post(meeting_record::save_review))
        .route("/people/{id}/care/start", get(looked_after::start_form).post(looked_after::start))
        .route("/people/{id}/care/change", get(looked_after::change_form).post(looked_after::change))
        .route("/people/{id}/care/leave", get(looked_after::leave_form).post(looked_after::leave))
        .route("/people/{id}/care/review", get(looked_after::review_form).post(looked_after::review))
        .route("/people/{id}/care/check", get(looked_after::check_form).post(looked_after::check))
        .route("/people/{id}/care/missing", get(looked_after::missing_form).post(looked_after::missing))
        .route("/children-in-care", get(looked_after::children_in_care))
        .route("/people/{id}/upn", get(looked_after::upn_form).post(looked_after::upn))
        .route("/people/{id}/care/outcomes", get(looked_after::outcomes_form).post(looked_after::outcomes))
        .route("/people/{id}/care/uasc", get(looked_after::uasc_form).post(looked_after::uasc))
        .route("/people/{id}/care/connections", get(looked_after::connection_form).post(looked_after::connection))
        .route("/care-connections/{id}/match", get(looked_after::connection_match_form).post(looked_after::connection_match))
        .route("/care-connections/{id}/end", get(looked_after::connection_end_form).post(looked_after::connection_end))
        .route("/people/{id}/care/adoption", get(looked_after::adoption::decision_form).post(looked_after::adoption::decision))
        .route("/care-adoption/{id}/match", get(looked_after::adoption::match_form).post(looked_after::adoption::matched))
        .route("/care-adoption/{id}/cease", get(looked_after::adoption::cease_form).post(looked_after::adoption::cease))
        .route("/care-missing/{id}/return", get(looked_after::return_form).post(looked_after::return_home))
        .route("/people/{id}/care/pathway-plan", get(looked_after::leaving::plan_form).post(looked_after::leaving::plan))
        .route("/people/{id}/care/adviser", get(looked_after::leaving::adviser_form).post(looked_after::leaving::adviser))
        .route("/people/{id}/care/adviser-contact", get(looked_after::leaving::contact_form).post(looked_after::leaving::contact))
        .route("/people/{id}/care/circumstances", get(looked_after::leaving::circumstances_form).post(looked_after::leaving::circumstances))
        .route("/people/{id}/care/staying", get(looked_after::leaving::staying_form).post(looked_after::leaving::staying))
        .route("/care-staying/{id}/end", get(looked_after::leaving::staying_end_form).post(looked_after::leaving::staying_end))
        .route("/people/{id}/care/leaving-care-payment", get(looked_after::leaving::payment_form).post(looked_after::leaving::payment))
        .route("/people/{id}/conference-invitation", get(letters::invite_form).post(letters::invite))
        .route("/conferences/{id}/outcome-letter", get(letters::outcome_form).post(letters::outcome))
        .route("/plo/{id}/letter-before-proceedings", get(letters::lbp_form).post(letters::lbp))
        .route("/fgdm/{id}/invitation", get(letters::fgdm_form).post(letters::fgdm))
        .route("/documents/{id}/withdraw", get(documents::withdraw_form).post(documents::withdraw))
        .route("/people/{id}/info-request", get(child_protection::info_request_form).post(child_protection::info_request_add))
        .route("/info-requests/{id}/answer", get(child_protection::answer_form).post(child_protection::answer))
        .route("/people/{id}/team", get(child_protection::team_case_form).post(child_protection::team_case_add))
        .route("/team-cases/{id}/end", get(child_protection::team_case_end_form).post(child_protection::team_case_end))
        .route("/child-protection", get(child_protection::overview))
        .route("/teams", get(child_protection::teams).post(child_protection::team_create))
        .route("/teams/{id}/members", post(child_protection::team_member_add))
        .route("/team-work", get(child_protection::team_work))
        .route("/performance", get(insight::dashboard))
        .route("/performance.csv", get(insight::dashboard_csv))
        .route("/people/{id}/network", get(fnw::network))
        .route("/people/{id}/network/members", get(fnw::member_form).post(fnw::member_add))
        .route("/network-members/{id}/edit", get(fnw::member_edit_form).post(fnw::member_edit))
        .route("/people/{id}/fgdm", get(fnw::fgdm_form).post(fnw::fgdm_start))
        .route("/fgdm/{id}/offer", get(fnw::offer_form).post(fnw::offer_add))
        .route("/fgdm-offers/{id}/answer", get(fnw::answer_form).post(fnw::answer))
        .route("/fgdm/{id}/meeting", get(fnw::meeting_form).post(fnw::meeting))
        .route("/fgdm/{id}/agree", get(fnw::agree_form).post(fnw::agree))
        .route("/fgdm/{id}/exempt", get(fnw::exempt_form).post(fnw::exempt))
        .route("/people/{id}/plo", get(fnw::gateway_form).post(fnw::gateway))
        .route("/plo/{id}/letter", get(fnw::letter_form).post(fnw::letter))
        .route("/plo/{id}/meeting", get(fnw::plo_meeting_form).post(fnw::plo_meeting))
        .route("/plo/{id}/application", get(fnw::application_form).post(fnw::application))
        .route("/plo/{id}/end", get(fnw::end_plo_form).post(fnw::end_plo))
        .route("/people/{id}/kinship", get(fnw::kinship_form).post(fnw::kinship_add))
        .route("/kinship/{id}/end", get(fnw::kinship_end_form).post(fnw::kinship_end))
        .route("/kinship-offer/{la}", get(fnw::local_offer))
        .route("/care-leaver-offer/{la}", get(looked_after::leaving::local_offer))
        .route("/carers", get(carers::list))
        .route("/carers/new", get(carers::new_form).post(carers::create))
        .route("/carers/{id}", get(carers::show))
        .route("/carers/{id}/details", get(carers::details_form).post(carers::details))
        .route("/carers/{id}/stage", get(carers::stage_form).post(carers::stage))
        .route("/carers/{id}/close", get(carers::close_form).post(carers::close))
        .route("/carers/{id}/approval", get(carers::approve_form).post(carers::approve))
        .route("/carers/{id}/terms", get(carers::terms_form).post(carers::terms))
        .route("/carers/{id}/temporary", get(carers::temporary_form).post(carers::temporary))
        .route("/carers/{id}/review", get(carers::review_form).post(carers::review))
        .route("/carers/{id}/end", get(carers::end_form).post(carers::end))
        .route("/carer-allowances", get(carers::allowances))
        .route("/carer-allowances/new", get(carers::rates_form).post(carers::rates))
        .route("/partnership", get(partnership::list))
        .route("/partnership/incidents/new", get(partnership::new_incident_form).post(partnership::new_incident))
        .route("/partnership/incidents/{id}", get(partnership::show))
        .route("/partnership/incidents/{id}/notification", get(partnership::notification_form).post(partnership::notification))
        .route("/partnership/incidents/{id}/summaries", get(partnership::summary_form).post(partnership::summary))
        .route("/partnership/incidents/{id}/summaries/{sid}/received", get(partnership::received_form).post(partnership::received))
        .route("/partnership/incidents/{id}/review", get(partnership::review_form).post(partnership::review))
        .route("/partnership/incidents/{id}/local-review", get(partnership::local_form).post(partnership::local))
        .route("/workforce", get(workforce::list))
        .route("/workforce/agency-return", get(workforce::agency_return))
        .route("/workforce/agency-return.csv", get(workforce::agency_return_csv))
        .route("/workforce/workers/new", get(workforce::new_worker_form).post(workforce::new_worker))
        .route("/workforce/workers/{id}", get(workforce::show))
        .route("/workforce/workers/{id}/experience", get(workforce::experience_form).post(workforce::experience))
        .route("/workforce/workers/{id}/assignments", get(workforce::assignment_form).post(workforce::assignment))
        .route("/workforce/assignments/{id}/sign-off", get(workforce::sign_off_form).post(workforce::sign_off))
        .route("/workforce/assignments/{id}/end", get(workforce::end_form).post(workforce::end))
        .route("/people/{id}/support-package", get(support_packages::package_form).post(support_packages::package_request))
        .route("/support-packages/{id}/decide", get(support_packages::decide_form).post(support_packages::decide))
        .route("/support-packages/{id}/payment", get(support_packages::payment_form).post(support_packages::payment))
        .route("/support-budget", get(support_packages::budget))
        .route("/returns", get(returns::index))
        .route("/returns/cin.xml", get(returns::cin_export))
        .route("/returns/ssda903", get(returns::ssda903::show))
        .route("/returns/ssda903/{year}/{table}", get(returns::ssda903::table))
        .route("/returns/ssda903/check", post(returns::ssda903::check).layer(DefaultBodyLimit::max(upload_limit)))
        .route("/returns/validate", post(returns::validate_upload).layer(DefaultBodyLimit::max(upload_limit)))
        .route("/returns/jobs/{id}", get(returns::job))
        .route("/returns/jobs/{id}/issues.csv", get(returns::job_issues))
        .route("/returns/jobs/{id}/progress", get(returns::job_progress))
        // Unknown addresses, axum's rejections and every error page pass through the session
        // layer, which shows them inside the signed-in person's navigation.
        .fallback(page_not_found)
        .layer(middleware::from_fn(security::styled_rejections))
        .layer(middleware::from_fn_with_state(state.clone(), auth::session_layer));

    let (api, doc) = api_routes(document_limit);
    let doc = std::sync::Arc::new(doc);
    let api = api.route("/api/openapi.json", get(move || async move { axum::Json(doc.as_ref().clone()) }));

    Router::new()
        .merge(pages)
        .nest("/api", Router::new().fallback(api_not_found))
        .merge(api)
        .route("/assets/{*path}", get(assets::serve))
        .route("/brand/{file}", get(session::brand_css))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), auth::audit_refusals))
        .layer(middleware::from_fn(security::refuse_control_characters_in_query))
        .layer(middleware::from_fn(security::headers))
        .layer(middleware::from_fn(security::request_span))
        .with_state(state)
}

/// The API: every route under `/api/v1` and its OpenAPI document, both from this one list
/// (utoipa-axum reads each handler's `#[utoipa::path]`), so a route cannot be served undocumented
/// or documented and not served; the access-matrix test takes its route list from the same
/// document. `document_limit` bounds a document upload's body.
fn api_routes(document_limit: usize) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (api, doc) = OpenApiRouter::with_openapi(crate::api::ApiDoc::openapi())
        .routes(routes!(api::token, api::revoke))
        .routes(routes!(api::me))
        .routes(routes!(api::search_people, api::create_person))
        .routes(routes!(api::get_person, api::update_person))
        .routes(routes!(api::person_history))
        .routes(routes!(api::add_relationship))
        .routes(routes!(api::add_household))
        .routes(routes!(api::add_address))
        .routes(routes!(api::merge_person))
        .routes(routes!(api::end_membership))
        .routes(routes!(professionals_api::add))
        .routes(routes!(care_api::care, care_api::start))
        .routes(routes!(care_api::change))
        .routes(routes!(care_api::leave))
        .routes(routes!(care_api::review))
        .routes(routes!(care_api::check))
        .routes(routes!(care_api::missing))
        .routes(routes!(care_api::return_home))
        .routes(routes!(care_api::children_in_care))
        .routes(routes!(care_api::upn))
        .routes(routes!(care_api::outcomes))
        .routes(routes!(care_api::uasc))
        .routes(routes!(care_api::connection))
        .routes(routes!(care_api::connection_match))
        .routes(routes!(care_api::connection_end))
        .routes(routes!(care_api::adoption::decision))
        .routes(routes!(care_api::adoption::matched))
        .routes(routes!(care_api::adoption::cease))
        .routes(routes!(care_api::leaving::pathway_plan))
        .routes(routes!(care_api::leaving::adviser))
        .routes(routes!(care_api::leaving::adviser_contact))
        .routes(routes!(care_api::leaving::circumstances))
        .routes(routes!(care_api::leaving::staying))
        .routes(routes!(care_api::leaving::staying_end))
        .routes(routes!(care_api::leaving::payment))
        .routes(routes!(professionals_api::end))
        .routes(routes!(carers_api::list, carers_api::create))
        .routes(routes!(carers_api::get, carers_api::change))
        .routes(routes!(carers_api::stage))
        .routes(routes!(carers_api::approve))
        .routes(routes!(carers_api::terms))
        .routes(routes!(carers_api::temporary))
        .routes(routes!(carers_api::review))
        .routes(routes!(carers_api::end))
        .routes(routes!(carers_api::allowances, carers_api::set_rates))
        .routes(routes!(partnership_api::list, partnership_api::record))
        .routes(routes!(partnership_api::incident))
        .routes(routes!(partnership_api::notification))
        .routes(routes!(partnership_api::request_summary))
        .routes(routes!(partnership_api::summary_received))
        .routes(routes!(partnership_api::review))
        .routes(routes!(partnership_api::local_review))
        .routes(routes!(workforce_api::list))
        .routes(routes!(workforce_api::agency_return))
        .routes(routes!(workforce_api::add_worker))
        .routes(routes!(workforce_api::worker))
        .routes(routes!(workforce_api::experience))
        .routes(routes!(workforce_api::assignment))
        .routes(routes!(workforce_api::sign_off))
        .routes(routes!(workforce_api::end))
        .routes(routes!(api::get_settings, api::put_settings))
        .routes(routes!(api::list_holidays, api::add_holiday))
        .routes(routes!(api::due_date))
        .routes(routes!(api::list_users, api::add_user))
        .routes(routes!(api::change_user))
        .routes(routes!(api::reset_password))
        .routes(routes!(api::deactivate_user))
        .routes(routes!(api::reactivate_user))
        .routes(routes!(api::verify_audit))
        .routes(routes!(fh::undecided_contacts, fh::record_contact))
        .routes(routes!(fh::get_contact))
        .routes(routes!(fh::decide_contact))
        .routes(routes!(fh::contact_feedback))
        .routes(routes!(fh::child_record))
        .routes(routes!(fh::allocate))
        .routes(routes!(fh::change_level))
        .routes(routes!(fh::start_assessment))
        .routes(routes!(fh::complete_assessment))
        .routes(routes!(assessments_api::document))
        .routes(routes!(assessments_api::save_draft))
        .routes(routes!(assessments_api::submit))
        .routes(routes!(assessments_api::return_for_changes))
        .routes(routes!(assessments_api::add_addendum))
        .routes(routes!(fh::start_plan))
        .routes(routes!(fh::add_plan_item))
        .routes(routes!(fh::item_done))
        .routes(routes!(fh::record_review))
        .routes(routes!(fh::record_visit))
        .routes(routes!(fh::record_oversight))
        .routes(routes!(fh::close_episode))
        .routes(routes!(fh::work_tray))
        .routes(routes!(cp::designate))
        .routes(routes!(cp::strategy))
        .routes(routes!(cp::conclude))
        .routes(routes!(cp::child_record))
        .routes(routes!(cp::conference))
        .routes(routes!(cp::plan_item))
        .routes(routes!(cp::plan_item_done))
        .routes(routes!(cp::core_group))
        .routes(routes!(cp::end_plan))
        .routes(routes!(documents_api::issue_plan))
        .routes(routes!(plan_record_api::record_cp, plan_record_api::save_cp))
        .routes(routes!(plan_record_api::record_fh, plan_record_api::save_fh))
        .routes(routes!(meeting_record_api::record_conference, meeting_record_api::save_conference))
        .routes(routes!(meeting_record_api::agree_conference))
        .routes(routes!(meeting_record_api::record_review, meeting_record_api::save_review))
        .routes(routes!(letters_api::invite_to_conference))
        .routes(routes!(letters_api::conference_outcome))
        .routes(routes!(letters_api::letter_before_proceedings))
        .routes(routes!(letters_api::invite_to_fgdm))
        .routes(routes!(notes_api::note))
        .routes(routes!(notes_api::get_note, notes_api::edit_note))
        .routes(routes!(notes_api::chronology))
        .routes(routes!(notes_api::issue))
        .routes({
            let (schemas, paths, method_router) = routes!(documents_api::list, documents_api::add);
            (schemas, paths, method_router.layer(DefaultBodyLimit::max(document_limit)))
        })
        .routes(routes!(documents_api::content))
        .routes(routes!(documents_api::withdraw))
        .routes(routes!(cp::info_request))
        .routes(routes!(cp::answer))
        .routes(routes!(cp::report))
        .routes(routes!(cp::overview))
        .routes(routes!(cp::teams, cp::create_team))
        .routes(routes!(cp::add_member))
        .routes(routes!(cp::assign_case))
        .routes(routes!(cp::end_case))
        .routes(routes!(cp::team_work))
        .routes(routes!(api::performance))
        .routes(routes!(sp_api::support_packages, sp_api::request_package))
        .routes(routes!(sp_api::decide_package))
        .routes(routes!(sp_api::package_payment))
        .routes(routes!(sp_api::close_package))
        .routes(routes!(sp_api::support_budget))
        .routes(routes!(fnwapi::network))
        .routes(routes!(fnwapi::add_member))
        .routes(routes!(fnwapi::update_member))
        .routes(routes!(fnwapi::start_fgdm))
        .routes(routes!(fnwapi::offer))
        .routes(routes!(fnwapi::answer))
        .routes(routes!(fnwapi::meeting))
        .routes(routes!(fnwapi::agree))
        .routes(routes!(fnwapi::exempt))
        .routes(routes!(fnwapi::gateway))
        .routes(routes!(fnwapi::letter))
        .routes(routes!(fnwapi::plo_meeting))
        .routes(routes!(fnwapi::application))
        .routes(routes!(fnwapi::end_plo))
        .routes(routes!(fnwapi::kinship))
        .routes(routes!(fnwapi::end_kinship))
        .split_for_parts();
    (api, crate::api::finish_document(doc))
}

/// The API's OpenAPI document, as `/api/openapi.json` serves it.
pub fn api_document() -> utoipa::openapi::OpenApi {
    api_routes(0).1
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "database not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

async fn api_not_found() -> Response {
    crate::error::problem(
        StatusCode::NOT_FOUND,
        "Not found",
        "There is no API route at this address; see /api/openapi.json.",
        serde_json::json!({}),
    )
}

async fn page_not_found() -> Response {
    crate::pages::render_error_page(StatusCode::NOT_FOUND, "Page not found", "If you typed the web address, check it is correct.")
}
