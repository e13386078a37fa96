//! Every route, in one place.

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};

use crate::api::assessments as assessments_api;
use crate::api::case_notes as notes_api;
use crate::api::child_protection as cp;
use crate::api::documents as documents_api;
use crate::api::family_help as fh;
use crate::api::family_networks as fnwapi;
use crate::api::handlers as api;
use crate::api::letters as letters_api;
use crate::api::meeting_record as meeting_record_api;
use crate::api::plan_record as plan_record_api;
use crate::api::professionals as professionals_api;
use crate::pages::{
    admin, assessments, case_notes, child_protection, documents, family_help, family_networks as fnw, insight, letters, meeting_record,
    people, plan_record, professionals, returns, session,
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
        .route("/contacts/new", get(family_help::contact_form).post(family_help::contact_create))
        .route("/contacts/{id}", get(family_help::contact_show))
        .route("/contacts/{id}/decision", post(family_help::contact_decide))
        .route("/contacts/{id}/feedback", post(family_help::contact_feedback))
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
        .route("/people/{id}/support-package", get(fnw::package_form).post(fnw::package_request))
        .route("/support-packages/{id}/decide", get(fnw::decide_form).post(fnw::decide))
        .route("/support-packages/{id}/payment", get(fnw::payment_form).post(fnw::payment))
        .route("/support-budget", get(fnw::budget))
        .route("/returns", get(returns::index))
        .route("/returns/cin.xml", get(returns::cin_export))
        .route("/returns/validate", post(returns::validate_upload).layer(DefaultBodyLimit::max(upload_limit)))
        .route("/returns/jobs/{id}", get(returns::job))
        .route("/returns/jobs/{id}/issues.csv", get(returns::job_issues))
        .route("/returns/jobs/{id}/progress", get(returns::job_progress))
        // Unknown addresses, axum's rejections and every error page pass through the session
        // layer, which shows them inside the signed-in person's navigation.
        .fallback(page_not_found)
        .layer(middleware::from_fn(security::styled_rejections))
        .layer(middleware::from_fn_with_state(state.clone(), auth::session_layer));

    let api = Router::new()
        .route("/api/v1/auth/token", post(api::token).delete(api::revoke))
        .route("/api/v1/me", get(api::me))
        .route("/api/v1/people", get(api::search_people).post(api::create_person))
        .route("/api/v1/people/{id}", get(api::get_person).put(api::update_person))
        .route("/api/v1/people/{id}/history", get(api::person_history))
        .route("/api/v1/people/{id}/relationships", post(api::add_relationship))
        .route("/api/v1/people/{id}/households", post(api::add_household))
        .route("/api/v1/people/{id}/addresses", post(api::add_address))
        .route("/api/v1/people/{id}/merge", post(api::merge_person))
        .route("/api/v1/household-memberships/{id}/end", post(api::end_membership))
        .route("/api/v1/people/{id}/professionals", post(professionals_api::add))
        .route("/api/v1/professionals/{id}/end", post(professionals_api::end))
        .route("/api/v1/settings", get(api::get_settings).put(api::put_settings))
        .route("/api/v1/calendar/bank-holidays", get(api::list_holidays).post(api::add_holiday))
        .route("/api/v1/calendar/due-date", get(api::due_date))
        .route("/api/v1/users", get(api::list_users).post(api::add_user))
        .route("/api/v1/users/{id}", put(api::change_user))
        .route("/api/v1/users/{id}/reset-password", post(api::reset_password))
        .route("/api/v1/users/{id}/deactivate", post(api::deactivate_user))
        .route("/api/v1/users/{id}/reactivate", post(api::reactivate_user))
        .route("/api/v1/audit/verify", get(api::verify_audit))
        .route("/api/v1/contacts", get(fh::undecided_contacts).post(fh::record_contact))
        .route("/api/v1/contacts/{id}", get(fh::get_contact))
        .route("/api/v1/contacts/{id}/decision", post(fh::decide_contact))
        .route("/api/v1/contacts/{id}/feedback", post(fh::contact_feedback))
        .route("/api/v1/people/{id}/family-help", get(fh::child_record))
        .route("/api/v1/episodes/{id}/allocation", post(fh::allocate))
        .route("/api/v1/episodes/{id}/level", post(fh::change_level))
        .route("/api/v1/episodes/{id}/assessments", post(fh::start_assessment))
        .route("/api/v1/assessments/{id}/complete", post(fh::complete_assessment))
        .route("/api/v1/assessments/{id}", get(assessments_api::document))
        .route("/api/v1/assessments/{id}/draft", put(assessments_api::save_draft))
        .route("/api/v1/assessments/{id}/submit", post(assessments_api::submit))
        .route("/api/v1/assessments/{id}/return", post(assessments_api::return_for_changes))
        .route("/api/v1/assessments/{id}/addenda", post(assessments_api::add_addendum))
        .route("/api/v1/episodes/{id}/plans", post(fh::start_plan))
        .route("/api/v1/plans/{id}/items", post(fh::add_plan_item))
        .route("/api/v1/plan-items/{id}/done", post(fh::item_done))
        .route("/api/v1/plans/{id}/reviews", post(fh::record_review))
        .route("/api/v1/episodes/{id}/visits", post(fh::record_visit))
        .route("/api/v1/episodes/{id}/oversight", post(fh::record_oversight))
        .route("/api/v1/episodes/{id}/close", post(fh::close_episode))
        .route("/api/v1/work-tray", get(fh::work_tray))
        .route("/api/v1/users/{id}/lcpp-designation", post(cp::designate))
        .route("/api/v1/episodes/{id}/strategy-discussions", post(cp::strategy))
        .route("/api/v1/s47/{id}/conclude", post(cp::conclude))
        .route("/api/v1/people/{id}/child-protection", get(cp::child_record))
        .route("/api/v1/people/{id}/conferences", post(cp::conference))
        .route("/api/v1/cp-plans/{id}/items", post(cp::plan_item))
        .route("/api/v1/cp-plan-items/{id}/done", post(cp::plan_item_done))
        .route("/api/v1/cp-plans/{id}/core-groups", post(cp::core_group))
        .route("/api/v1/cp-plans/{id}/end", post(cp::end_plan))
        .route("/api/v1/cp-plans/{id}/issue", post(documents_api::issue_plan))
        .route("/api/v1/cp-plans/{id}/record", get(plan_record_api::record_cp).put(plan_record_api::save_cp))
        .route("/api/v1/plans/{id}/record", get(plan_record_api::record_fh).put(plan_record_api::save_fh))
        .route("/api/v1/conferences/{id}/record", get(meeting_record_api::record_conference).put(meeting_record_api::save_conference))
        .route("/api/v1/conferences/{id}/record/agreement", post(meeting_record_api::agree_conference))
        .route("/api/v1/plan-reviews/{id}/record", get(meeting_record_api::record_review).put(meeting_record_api::save_review))
        .route("/api/v1/people/{id}/conference-invitations", post(letters_api::invite_to_conference))
        .route("/api/v1/conferences/{id}/outcome-letter", post(letters_api::conference_outcome))
        .route("/api/v1/plo/{id}/letter-before-proceedings", post(letters_api::letter_before_proceedings))
        .route("/api/v1/fgdm/{id}/invitations", post(letters_api::invite_to_fgdm))
        .route("/api/v1/people/{id}/notes", post(notes_api::note))
        .route("/api/v1/notes/{id}", get(notes_api::get_note).put(notes_api::edit_note))
        .route("/api/v1/people/{id}/chronology", get(notes_api::chronology))
        .route("/api/v1/people/{id}/chronology/issue", post(notes_api::issue))
        .route(
            "/api/v1/people/{id}/documents",
            get(documents_api::list).post(documents_api::add).layer(DefaultBodyLimit::max(document_limit)),
        )
        .route("/api/v1/documents/{id}/content", get(documents_api::content))
        .route("/api/v1/documents/{id}/withdraw", post(documents_api::withdraw))
        .route("/api/v1/people/{id}/info-requests", post(cp::info_request))
        .route("/api/v1/info-requests/{id}/answer", post(cp::answer))
        .route("/api/v1/people/{id}/conference-report", get(cp::report))
        .route("/api/v1/child-protection/overview", get(cp::overview))
        .route("/api/v1/teams", get(cp::teams).post(cp::create_team))
        .route("/api/v1/teams/{id}/members", post(cp::add_member))
        .route("/api/v1/teams/{id}/cases", post(cp::assign_case))
        .route("/api/v1/team-cases/{id}/end", post(cp::end_case))
        .route("/api/v1/team-work", get(cp::team_work))
        .route("/api/v1/performance", get(api::performance))
        .route("/api/v1/people/{id}/support-packages", get(fnwapi::support_packages).post(fnwapi::request_package))
        .route("/api/v1/support-packages/{id}/decision", post(fnwapi::decide_package))
        .route("/api/v1/support-packages/{id}/payments", post(fnwapi::package_payment))
        .route("/api/v1/support-packages/{id}/close", post(fnwapi::close_package))
        .route("/api/v1/support-budget", get(fnwapi::support_budget))
        .route("/api/v1/people/{id}/network", get(fnwapi::network))
        .route("/api/v1/people/{id}/network/members", post(fnwapi::add_member))
        .route("/api/v1/network-members/{id}", put(fnwapi::update_member))
        .route("/api/v1/people/{id}/fgdm", post(fnwapi::start_fgdm))
        .route("/api/v1/fgdm/{id}/offers", post(fnwapi::offer))
        .route("/api/v1/fgdm-offers/{id}/answer", post(fnwapi::answer))
        .route("/api/v1/fgdm/{id}/meeting", post(fnwapi::meeting))
        .route("/api/v1/fgdm/{id}/agree", post(fnwapi::agree))
        .route("/api/v1/fgdm/{id}/exempt", post(fnwapi::exempt))
        .route("/api/v1/people/{id}/plo", post(fnwapi::gateway))
        .route("/api/v1/plo/{id}/letter", post(fnwapi::letter))
        .route("/api/v1/plo/{id}/meetings", post(fnwapi::plo_meeting))
        .route("/api/v1/plo/{id}/application", post(fnwapi::application))
        .route("/api/v1/plo/{id}/end", post(fnwapi::end_plo))
        .route("/api/v1/people/{id}/kinship", post(fnwapi::kinship))
        .route("/api/v1/kinship/{id}/end", post(fnwapi::end_kinship))
        .route("/api/openapi.json", get(crate::api::openapi_json));

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
