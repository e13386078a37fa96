//! Every route, in one place.

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::assessments as assessments_api;
use crate::api::carers as carers_api;
use crate::api::case_notes as notes_api;
use crate::api::child_protection as cp;
use crate::api::documents as documents_api;
use crate::api::escalations as disagreements_api;
use crate::api::family_help as fh;
use crate::api::family_networks as fnwapi;
use crate::api::forecasts as forecasts_api;
use crate::api::handlers as api;
use crate::api::home_search as home_search_api;
use crate::api::letters as letters_api;
use crate::api::looked_after as care_api;
use crate::api::meeting_record as meeting_record_api;
use crate::api::outside_home as places_api;
use crate::api::partnership as partnership_api;
use crate::api::plan_record as plan_record_api;
use crate::api::postcodes as postcodes_api;
use crate::api::professionals as professionals_api;
use crate::api::providers as providers_api;
use crate::api::regions as regions_api;
use crate::api::sharing as sharing_api;
use crate::api::sufficiency as sufficiency_api;
use crate::api::support_packages as sp_api;
use crate::api::workforce as workforce_api;
use crate::api::workforce_share as workforce_share_api;
use crate::pages::{
    admin, arrangements, assessments, carers, case_notes, child_protection, data_set, documents, escalations, family_help,
    family_networks as fnw, forecasts, front_door, home_search, insight, letters, looked_after, meeting_record, outside_home, partnership,
    partnership_audits, people, plan_record, postcodes, professionals, providers, regions, reports, returns, section11, session, sharing,
    sufficiency, support_packages, workforce, workforce_share,
};
use crate::{AppState, assets, auth, security};

/// Request bodies above this are refused with 413 before any handler runs.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
pub fn router(state: AppState) -> Router {
    // A census file upload (a national CIN file is about 1 GB): the configured limit, plus room
    // for the form around the file. The handler stops reading at the limit itself.
    let upload_limit = usize::try_from(state.jobs.limits().max_upload_bytes).unwrap_or(usize::MAX).saturating_add(64 * 1024);
    // A document and the short form around it (D-2).
    let document_limit = usize::try_from(state.documents.max_bytes).unwrap_or(usize::MAX).saturating_add(64 * 1024);
    let pages = page_routes(upload_limit, document_limit)
        .into_iter()
        .fold(Router::new(), |pages, (path, route)| pages.route(path, route.router))
        // Unknown addresses, axum's rejections and every error page pass through the session
        // layer, which shows them inside the signed-in person's navigation.
        .fallback(page_not_found)
        .layer(middleware::from_fn(security::styled_rejections))
        .layer(middleware::from_fn_with_state(state.clone(), auth::session_layer));

    let (api, doc) = api_routes(upload_limit, document_limit);
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

/// Every page, in the order it is routed: the path and what answers GET and POST there. The
/// router folds this list into the pages' router, and `page_paths` reads the same list for the
/// page access matrix, so a new page cannot miss the matrix. `upload_limit` and `document_limit`
/// bound a census upload's and a document's body.
fn page_routes(upload_limit: usize, document_limit: usize) -> Vec<(&'static str, page::Route)> {
    vec![
        ("/", page::get(session::home)),
        ("/sign-in", page::get(session::sign_in_form).post(session::sign_in)),
        ("/sign-in/oidc", page::get(session::oidc_start)),
        ("/sign-in/oidc/callback", page::get(session::oidc_callback)),
        ("/sign-out", page::post(session::sign_out)),
        ("/people", page::get(people::search)),
        ("/people/new", page::get(people::new_form).post(people::create)),
        ("/people/{id}", page::get(people::show)),
        ("/people/{id}/edit", page::get(people::edit_form).post(people::update)),
        ("/people/{id}/history", page::get(people::history)),
        ("/people/{id}/relationships/new", page::get(people::relationship_form)),
        ("/people/{id}/relationships", page::post(people::add_relationship)),
        ("/people/{id}/households/new", page::get(people::household_form)),
        ("/people/{id}/households", page::post(people::add_to_household)),
        ("/people/{id}/addresses/new", page::get(people::address_form)),
        ("/people/{id}/addresses", page::post(people::add_address)),
        ("/people/{id}/merge", page::get(people::merge_form).post(people::merge)),
        ("/settings", page::get(admin::settings_form).post(admin::settings_save)),
        ("/admin/users", page::get(admin::users)),
        ("/admin/users/new", page::get(admin::user_form).post(admin::user_create)),
        ("/admin/users/{id}", page::get(admin::user_show).post(admin::user_change)),
        ("/admin/users/{id}/reset-password", page::get(admin::reset_form).post(admin::reset)),
        ("/admin/users/{id}/deactivate", page::get(admin::deactivate_form).post(admin::deactivate)),
        ("/admin/users/{id}/reactivate", page::post(admin::reactivate)),
        ("/account/password", page::get(session::password_form).post(session::password_change)),
        ("/admin/audit", page::get(admin::audit)),
        ("/admin/lcpp", page::get(admin::lcpp_form).post(admin::lcpp_designate)),
        ("/calendar", page::get(admin::calendar)),
        ("/calendar/holidays/new", page::get(admin::holiday_form)),
        ("/calendar/holidays", page::post(admin::holiday_add)),
        ("/work", page::get(family_help::tray)),
        ("/contacts/new", page::get(front_door::contact_form).post(front_door::contact_create)),
        ("/contacts/{id}", page::get(front_door::contact_show)),
        ("/contacts/{id}/decision", page::post(front_door::contact_decide)),
        ("/contacts/{id}/feedback", page::post(front_door::contact_feedback)),
        ("/episodes/{id}/allocate", page::get(family_help::allocate_form).post(family_help::allocate)),
        ("/episodes/{id}/assessment", page::get(family_help::assessment_form).post(family_help::assessment_start)),
        ("/assessments/{id}/complete", page::get(family_help::complete_form).post(family_help::complete)),
        ("/assessments/{id}", page::get(assessments::show).post(assessments::save)),
        ("/assessments/{id}/return", page::post(assessments::return_for_changes)),
        ("/assessments/{id}/addenda", page::post(assessments::add_addendum)),
        ("/episodes/{id}/plan", page::get(family_help::plan_form).post(family_help::plan_start)),
        ("/plans/{id}/items", page::get(family_help::item_form).post(family_help::item_add)),
        ("/plans/{id}/review", page::get(family_help::review_form).post(family_help::review_add)),
        ("/plan-items/{id}/done", page::post(family_help::item_done)),
        ("/episodes/{id}/visit", page::get(family_help::visit_form).post(family_help::visit_add)),
        ("/episodes/{id}/oversight", page::get(family_help::oversight_form).post(family_help::oversight_add)),
        ("/episodes/{id}/level", page::get(family_help::level_form).post(family_help::level_change)),
        ("/episodes/{id}/close", page::get(family_help::close_form).post(family_help::close)),
        ("/episodes/{id}/strategy", page::get(child_protection::strategy_form).post(child_protection::strategy)),
        ("/s47/{id}/conclude", page::get(child_protection::conclude_form).post(child_protection::conclude)),
        ("/people/{id}/conference", page::get(child_protection::conference_form).post(child_protection::conference)),
        ("/people/{id}/conference-report", page::get(child_protection::report)),
        ("/cp-plans/{id}/items", page::get(child_protection::cp_item_form).post(child_protection::cp_item_add)),
        ("/cp-plan-items/{id}/done", page::post(child_protection::cp_item_done)),
        ("/cp-plans/{id}/core-group", page::get(child_protection::core_group_form).post(child_protection::core_group_add)),
        ("/cp-plans/{id}/end", page::get(child_protection::end_plan_form).post(child_protection::end_plan)),
        ("/people/{id}/notes", page::get(case_notes::note_form).post(case_notes::note_add)),
        ("/people/{id}/professionals", page::get(professionals::add_form).post(professionals::add)),
        ("/professionals/{id}/end", page::get(professionals::end_form).post(professionals::end)),
        ("/notes/{id}", page::get(case_notes::show)),
        ("/notes/{id}/edit", page::get(case_notes::edit_form).post(case_notes::edit_save)),
        ("/people/{id}/chronology", page::get(case_notes::chronology_page)),
        ("/people/{id}/chronology.csv", page::get(case_notes::chronology_csv)),
        ("/people/{id}/chronology/issue", page::post(case_notes::chronology_issue)),
        ("/people/{id}/documents/new", page::get(documents::new_form)),
        ("/people/{id}/documents", page::post(documents::upload).limit(document_limit)),
        ("/documents/{id}/download", page::get(documents::download)),
        ("/cp-plans/{id}/issue", page::post(documents::issue_plan)),
        ("/cp-plans/{id}/record", page::get(plan_record::show_cp).post(plan_record::save_cp)),
        ("/plans/{id}/record", page::get(plan_record::show_fh).post(plan_record::save_fh)),
        ("/conferences/{id}/record", page::get(meeting_record::show_conference).post(meeting_record::save_conference)),
        ("/conferences/{id}/record/agree", page::post(meeting_record::agree)),
        ("/plan-reviews/{id}/record", page::get(meeting_record::show_review).post(meeting_record::save_review)),
        ("/people/{id}/care/start", page::get(looked_after::start_form).post(looked_after::start)),
        ("/people/{id}/care/change", page::get(looked_after::change_form).post(looked_after::change)),
        ("/people/{id}/care/leave", page::get(looked_after::leave_form).post(looked_after::leave)),
        ("/people/{id}/care/review", page::get(looked_after::review_form).post(looked_after::review)),
        ("/people/{id}/care/check", page::get(looked_after::check_form).post(looked_after::check)),
        ("/people/{id}/care/missing", page::get(looked_after::missing_form).post(looked_after::missing)),
        ("/children-in-care", page::get(looked_after::children_in_care)),
        ("/people/{id}/upn", page::get(looked_after::upn_form).post(looked_after::upn)),
        ("/people/{id}/care/outcomes", page::get(looked_after::outcomes_form).post(looked_after::outcomes)),
        ("/people/{id}/care/uasc", page::get(looked_after::uasc_form).post(looked_after::uasc)),
        ("/people/{id}/care/connections", page::get(looked_after::connection_form).post(looked_after::connection)),
        ("/care-connections/{id}/match", page::get(looked_after::connection_match_form).post(looked_after::connection_match)),
        ("/care-connections/{id}/end", page::get(looked_after::connection_end_form).post(looked_after::connection_end)),
        ("/people/{id}/care/adoption", page::get(looked_after::adoption::decision_form).post(looked_after::adoption::decision)),
        ("/care-adoption/{id}/match", page::get(looked_after::adoption::match_form).post(looked_after::adoption::matched)),
        ("/care-adoption/{id}/cease", page::get(looked_after::adoption::cease_form).post(looked_after::adoption::cease)),
        ("/people/{id}/care/dolo", page::get(looked_after::dolo::order_form).post(looked_after::dolo::order)),
        ("/people/{id}/care/agreement", page::get(looked_after::agreement::agreement_form).post(looked_after::agreement::agreement)),
        ("/care-dolo/{id}/end", page::get(looked_after::dolo::end_form).post(looked_after::dolo::end)),
        ("/care-missing/{id}/return", page::get(looked_after::return_form).post(looked_after::return_home)),
        ("/people/{id}/care/pathway-plan", page::get(looked_after::leaving::plan_form).post(looked_after::leaving::plan)),
        ("/people/{id}/care/adviser", page::get(looked_after::leaving::adviser_form).post(looked_after::leaving::adviser)),
        ("/people/{id}/care/adviser-contact", page::get(looked_after::leaving::contact_form).post(looked_after::leaving::contact)),
        (
            "/people/{id}/care/circumstances",
            page::get(looked_after::leaving::circumstances_form).post(looked_after::leaving::circumstances),
        ),
        ("/people/{id}/care/staying", page::get(looked_after::leaving::staying_form).post(looked_after::leaving::staying)),
        ("/care-staying/{id}/end", page::get(looked_after::leaving::staying_end_form).post(looked_after::leaving::staying_end)),
        ("/people/{id}/care/leaving-care-payment", page::get(looked_after::leaving::payment_form).post(looked_after::leaving::payment)),
        ("/people/{id}/conference-invitation", page::get(letters::invite_form).post(letters::invite)),
        ("/conferences/{id}/outcome-letter", page::get(letters::outcome_form).post(letters::outcome)),
        ("/plo/{id}/letter-before-proceedings", page::get(letters::lbp_form).post(letters::lbp)),
        ("/fgdm/{id}/invitation", page::get(letters::fgdm_form).post(letters::fgdm)),
        ("/documents/{id}/withdraw", page::get(documents::withdraw_form).post(documents::withdraw)),
        ("/people/{id}/info-request", page::get(child_protection::info_request_form).post(child_protection::info_request_add)),
        ("/info-requests/{id}/answer", page::get(child_protection::answer_form).post(child_protection::answer)),
        ("/people/{id}/team", page::get(child_protection::team_case_form).post(child_protection::team_case_add)),
        ("/team-cases/{id}/end", page::get(child_protection::team_case_end_form).post(child_protection::team_case_end)),
        ("/child-protection", page::get(child_protection::overview)),
        ("/teams", page::get(child_protection::teams).post(child_protection::team_create)),
        ("/teams/{id}/members", page::post(child_protection::team_member_add)),
        ("/team-work", page::get(child_protection::team_work)),
        ("/performance", page::get(insight::dashboard)),
        ("/performance.csv", page::get(insight::dashboard_csv)),
        ("/people/{id}/network", page::get(fnw::network)),
        ("/people/{id}/network/members", page::get(fnw::member_form).post(fnw::member_add)),
        ("/network-members/{id}/edit", page::get(fnw::member_edit_form).post(fnw::member_edit)),
        ("/people/{id}/fgdm", page::get(fnw::fgdm_form).post(fnw::fgdm_start)),
        ("/fgdm/{id}/offer", page::get(fnw::offer_form).post(fnw::offer_add)),
        ("/fgdm-offers/{id}/answer", page::get(fnw::answer_form).post(fnw::answer)),
        ("/fgdm/{id}/meeting", page::get(fnw::meeting_form).post(fnw::meeting)),
        ("/fgdm/{id}/agree", page::get(fnw::agree_form).post(fnw::agree)),
        ("/fgdm/{id}/exempt", page::get(fnw::exempt_form).post(fnw::exempt)),
        ("/people/{id}/plo", page::get(fnw::gateway_form).post(fnw::gateway)),
        ("/plo/{id}/letter", page::get(fnw::letter_form).post(fnw::letter)),
        ("/plo/{id}/meeting", page::get(fnw::plo_meeting_form).post(fnw::plo_meeting)),
        ("/plo/{id}/application", page::get(fnw::application_form).post(fnw::application)),
        ("/plo/{id}/end", page::get(fnw::end_plo_form).post(fnw::end_plo)),
        ("/people/{id}/kinship", page::get(fnw::kinship_form).post(fnw::kinship_add)),
        ("/kinship/{id}/end", page::get(fnw::kinship_end_form).post(fnw::kinship_end)),
        ("/kinship-offer/{la}", page::get(fnw::local_offer)),
        ("/care-leaver-offer/{la}", page::get(looked_after::leaving::local_offer)),
        ("/carers", page::get(carers::list)),
        ("/carers/new", page::get(carers::new_form).post(carers::create)),
        ("/carers/{id}", page::get(carers::show)),
        ("/carers/{id}/details", page::get(carers::details_form).post(carers::details)),
        ("/carers/{id}/stage", page::get(carers::stage_form).post(carers::stage)),
        ("/carers/{id}/close", page::get(carers::close_form).post(carers::close)),
        ("/carers/{id}/approval", page::get(carers::approve_form).post(carers::approve)),
        ("/carers/{id}/terms", page::get(carers::terms_form).post(carers::terms)),
        ("/carers/{id}/temporary", page::get(carers::temporary_form).post(carers::temporary)),
        ("/carers/{id}/review", page::get(carers::review_form).post(carers::review)),
        ("/carers/{id}/end", page::get(carers::end_form).post(carers::end)),
        ("/carer-allowances", page::get(carers::allowances)),
        ("/carer-allowances/new", page::get(carers::rates_form).post(carers::rates)),
        ("/home-searches", page::get(home_search::list)),
        ("/home-searches/{id}", page::get(home_search::show)),
        ("/home-searches/{id}/answers", page::get(home_search::answer_form).post(home_search::answer)),
        ("/home-searches/{id}/end", page::get(home_search::end_form).post(home_search::end)),
        ("/home-search-offers/{id}/decision", page::get(home_search::decision_form).post(home_search::decide)),
        ("/people/{id}/home-search", page::get(home_search::start_form).post(home_search::start)),
        ("/sufficiency", page::get(sufficiency::view)),
        ("/sufficiency.csv", page::get(sufficiency::csv)),
        ("/forecasts", page::get(forecasts::list)),
        ("/forecasts/new", page::get(forecasts::new_form).post(forecasts::create)),
        ("/forecasts/{id}", page::get(forecasts::show)),
        ("/forecasts/{id}/{file}", page::get(forecasts::download)),
        ("/region", page::get(regions::overview)),
        ("/region/record", page::get(regions::region_form).post(regions::save_region)),
        ("/region/members/new", page::get(regions::member_form).post(regions::add_member)),
        ("/region/members/{id}", page::get(regions::change_form).post(regions::change_member)),
        ("/region/shared", page::get(regions::shared)),
        ("/region/extracts/{id}/{file}", page::get(regions::download)),
        ("/region/uploads/new", page::get(regions::upload_form).post(regions::upload).limit(document_limit)),
        ("/region/uploads/{id}", page::get(regions::upload_view)),
        ("/region/sufficiency", page::get(regions::sufficiency)),
        ("/region/sufficiency.csv", page::get(regions::sufficiency_csv)),
        ("/sharing", page::get(sharing::list)),
        ("/sharing/new", page::get(sharing::new_form).post(sharing::create)),
        ("/sharing/key", page::get(sharing::key_form).post(sharing::rotate)),
        ("/sharing/region-key", page::get(workforce_share::key_form).post(workforce_share::load_key)),
        ("/sharing/{id}", page::get(sharing::show)),
        ("/sharing/{id}/{file}", page::get(sharing::download)),
        ("/providers", page::get(providers::list)),
        ("/providers/load", page::get(providers::load_form).post(providers::load).limit(document_limit)),
        ("/providers/loads/{id}", page::get(providers::load_result)),
        ("/providers/{urn}", page::get(providers::show)),
        ("/postcodes", page::get(postcodes::status)),
        // The whole national directory is about 1 GB: the upload limit, as for a census file.
        ("/postcodes/load", page::get(postcodes::load_form).post(postcodes::load).limit(upload_limit)),
        ("/postcodes/loads/{id}", page::get(postcodes::load_result)),
        ("/places", page::get(outside_home::list)),
        ("/places/new", page::get(outside_home::new_place_form).post(outside_home::new_place)),
        ("/places/{id}", page::get(outside_home::show)),
        ("/places/{id}/concerns", page::get(outside_home::concern_form).post(outside_home::concern)),
        ("/people/{id}/places", page::get(outside_home::link_form).post(outside_home::link)),
        ("/place-links/{id}/end", page::get(outside_home::end_form).post(outside_home::end)),
        ("/people/{id}/exploitation-screening", page::get(outside_home::screening_form).post(outside_home::screening)),
        ("/places/{id}/meetings", page::get(outside_home::meeting_form).post(outside_home::meeting)),
        ("/place-actions/{id}/done", page::get(outside_home::done_form).post(outside_home::action_done)),
        ("/people/{id}/missing-from-home", page::get(outside_home::missing_form).post(outside_home::missing)),
        ("/missing-episodes/{id}/return", page::get(outside_home::return_form).post(outside_home::missing_return)),
        ("/missing-episodes/{id}/interview", page::get(outside_home::interview_form).post(outside_home::interview)),
        ("/partnership", page::get(partnership::list)),
        ("/partnership/learning", page::get(partnership::learning)),
        ("/partnership/disagreements", page::get(escalations::counts)),
        ("/partnership/data-set", page::get(data_set::page)),
        ("/partnership/data-set.csv", page::get(data_set::csv)),
        ("/people/{id}/disagreements", page::get(escalations::raise_form).post(escalations::raise)),
        ("/disagreements/{id}/escalate", page::get(escalations::escalate_form).post(escalations::escalate)),
        ("/disagreements/{id}/resolve", page::get(escalations::resolve_form).post(escalations::resolve)),
        ("/partnership/learning/new", page::get(partnership::learning_form).post(partnership::add_learning)),
        ("/partnership/learning/{id}/complete", page::get(partnership::completion_form).post(partnership::complete)),
        ("/partnership/audits", page::get(partnership_audits::list)),
        ("/partnership/audits/new", page::get(partnership_audits::new_form).post(partnership_audits::create)),
        ("/partnership/audits/{id}", page::get(partnership_audits::show)),
        ("/partnership/audits/{id}/edit", page::get(partnership_audits::edit_form).post(partnership_audits::edit)),
        ("/partnership/section-11", page::get(section11::overview)),
        ("/partnership/section-11/new", page::get(section11::new_form).post(section11::create)),
        ("/partnership/section-11/{id}/edit", page::get(section11::edit_form).post(section11::edit)),
        ("/partnership/reports", page::get(reports::list)),
        ("/partnership/reports/new", page::get(reports::new_form).post(reports::create)),
        ("/partnership/reports/{id}", page::get(reports::show)),
        ("/partnership/reports/{id}/narrative", page::get(reports::narrative_form).post(reports::narrative)),
        ("/partnership/reports/{id}/sign-off", page::get(reports::sign_off_form).post(reports::sign_off)),
        ("/partnership/incidents/new", page::get(partnership::new_incident_form).post(partnership::new_incident)),
        ("/partnership/incidents/{id}", page::get(partnership::show)),
        ("/partnership/incidents/{id}/notification", page::get(partnership::notification_form).post(partnership::notification)),
        ("/partnership/incidents/{id}/summaries", page::get(partnership::summary_form).post(partnership::summary)),
        ("/partnership/incidents/{id}/summaries/{sid}/received", page::get(partnership::received_form).post(partnership::received)),
        ("/partnership/incidents/{id}/review", page::get(partnership::review_form).post(partnership::review)),
        ("/partnership/incidents/{id}/local-review", page::get(partnership::local_form).post(partnership::local)),
        ("/partnership/incidents/{id}/meetings", page::get(partnership::meeting_form).post(partnership::meeting)),
        ("/partnership/incidents/{id}/meetings/{mid}/correct", page::get(partnership::correction_form).post(partnership::correct_meeting)),
        ("/partnership/incidents/{id}/summaries/{sid}/document/new", page::get(partnership::summary_document_form)),
        ("/partnership/incidents/{id}/summaries/{sid}/document", page::get(partnership::summary_document)),
        (
            "/partnership/incidents/{id}/summaries/{sid}/document/upload",
            page::post(partnership::summary_document_upload).limit(document_limit),
        ),
        ("/partnership/reports/{id}/publication", page::get(reports::publication_form).post(reports::publication)),
        ("/partnership/arrangements", page::get(arrangements::overview)),
        ("/partnership/arrangements/record", page::get(arrangements::record_form).post(arrangements::record)),
        ("/partnership/arrangements/partners/new", page::get(arrangements::partner_form).post(arrangements::add_partner)),
        ("/partnership/arrangements/partners/{id}/end", page::get(arrangements::end_partner_form).post(arrangements::end_partner)),
        ("/partnership/arrangements/agencies/new", page::get(arrangements::agency_form).post(arrangements::add_agency)),
        ("/partnership/arrangements/agencies/{id}/end", page::get(arrangements::end_agency_form).post(arrangements::end_agency)),
        ("/partnership/arrangements/documents/new", page::get(arrangements::document_form).post(arrangements::add_document)),
        ("/partnership/arrangements/documents/{id}/sign-off", page::get(arrangements::sign_off_form).post(arrangements::sign_off)),
        ("/partnership/arrangements/budget/new", page::get(arrangements::budget_form).post(arrangements::add_budget)),
        ("/partnership/arrangements/budget/{id}", page::get(arrangements::change_budget_form).post(arrangements::change_budget)),
        ("/workforce", page::get(workforce::list)),
        ("/workforce/agency-return", page::get(workforce::agency_return)),
        ("/workforce/agency-return.csv", page::get(workforce::agency_return_csv)),
        ("/workforce/caseloads", page::get(workforce::caseloads)),
        ("/workforce/caseloads.csv", page::get(workforce::caseloads_csv)),
        ("/workforce/workers/new", page::get(workforce::new_worker_form).post(workforce::new_worker)),
        ("/workforce/workers/{id}", page::get(workforce::show)),
        ("/workforce/workers/{id}/edit", page::get(workforce::edit_worker_form).post(workforce::edit_worker)),
        ("/workforce/workers/{id}/experience", page::get(workforce::experience_form).post(workforce::experience)),
        (
            "/workforce/workers/{id}/experience/{eid}/withdraw",
            page::get(workforce::withdraw_experience_form).post(workforce::withdraw_experience),
        ),
        ("/workforce/workers/{id}/assignments", page::get(workforce::assignment_form).post(workforce::assignment)),
        ("/workforce/assignments/{id}/sign-off", page::get(workforce::sign_off_form).post(workforce::sign_off)),
        ("/workforce/assignments/{id}/end", page::get(workforce::end_form).post(workforce::end)),
        ("/workforce/assignments/{id}/cover", page::get(workforce::cover_form).post(workforce::cover)),
        ("/workforce/caps", page::get(workforce::caps_page)),
        ("/workforce/caps/new", page::get(workforce::new_cap_form).post(workforce::new_cap)),
        ("/workforce/caps/upload", page::get(workforce::upload_caps_form).post(workforce::upload_caps)),
        ("/workforce/dashboard", page::get(workforce::dashboard)),
        ("/workforce/dashboard.csv", page::get(workforce::dashboard_csv)),
        ("/workforce/census", page::get(workforce::census)),
        ("/workforce/census/{year}", page::get(workforce::census_year)),
        ("/workforce/regional", page::get(workforce_share::list)),
        ("/workforce/regional/new", page::get(workforce_share::new_form).post(workforce_share::create)),
        ("/workforce/regional/{id}", page::get(workforce_share::show)),
        ("/workforce/regional/{id}/{file}", page::get(workforce_share::download)),
        ("/workforce/posts", page::get(workforce::posts)),
        ("/workforce/posts/new", page::get(workforce::new_post_form).post(workforce::new_post)),
        ("/workforce/posts/{id}/close", page::get(workforce::close_post_form).post(workforce::close_post)),
        ("/workforce/workers/{id}/episodes", page::get(workforce::episode_form).post(workforce::episode)),
        ("/workforce/episodes/{id}/end", page::get(workforce::end_episode_form).post(workforce::end_episode)),
        ("/workforce/workers/{id}/absences", page::get(workforce::absence_form).post(workforce::absence)),
        ("/people/{id}/support-package", page::get(support_packages::package_form).post(support_packages::package_request)),
        ("/support-packages/{id}/decide", page::get(support_packages::decide_form).post(support_packages::decide)),
        ("/support-packages/{id}/payment", page::get(support_packages::payment_form).post(support_packages::payment)),
        ("/support-budget", page::get(support_packages::budget)),
        ("/returns", page::get(returns::index)),
        ("/returns/cin.xml", page::get(returns::cin_export)),
        ("/returns/ssda903", page::get(returns::ssda903::show)),
        ("/returns/ssda903/{year}/{table}", page::get(returns::ssda903::table)),
        ("/returns/ssda903/check", page::post(returns::ssda903::check).limit(upload_limit)),
        ("/returns/validate", page::post(returns::validate_upload).limit(upload_limit)),
        ("/returns/jobs/{id}", page::get(returns::job)),
        ("/returns/jobs/{id}/issues.csv", page::get(returns::job_issues)),
        ("/returns/jobs/{id}/progress", page::get(returns::job_progress)),
    ]
}

/// Every page path as (path template, has GET, has POST), from the table the router serves.
pub fn page_paths() -> Vec<(&'static str, bool, bool)> {
    page_routes(0, 0).into_iter().map(|(path, route)| (path, route.get, route.post)).collect()
}

/// A page route's handlers, with the methods it answers noted beside them (an axum
/// `MethodRouter` cannot be asked which it has).
mod page {
    use axum::extract::DefaultBodyLimit;
    use axum::handler::Handler;
    use axum::routing::{self, MethodRouter};

    use crate::AppState;

    pub(super) struct Route {
        pub(super) get: bool,
        pub(super) post: bool,
        pub(super) router: MethodRouter<AppState>,
    }

    /// A page answering GET with `handler`.
    pub(super) fn get<H: Handler<T, AppState>, T: 'static>(handler: H) -> Route {
        Route { get: true, post: false, router: routing::get(handler) }
    }

    /// A page answering only POST, with `handler`.
    pub(super) fn post<H: Handler<T, AppState>, T: 'static>(handler: H) -> Route {
        Route { get: false, post: true, router: routing::post(handler) }
    }

    impl Route {
        /// The same page answering POST with `handler` too.
        pub(super) fn post<H: Handler<T, AppState>, T: 'static>(self, handler: H) -> Route {
            Route { post: true, router: self.router.post(handler), ..self }
        }

        /// Request bodies up to `bytes` instead of the usual limit.
        pub(super) fn limit(self, bytes: usize) -> Route {
            Route { router: self.router.layer(DefaultBodyLimit::max(bytes)), ..self }
        }
    }
}

/// The API: every route under `/api/v1` and its OpenAPI document, both from this one list
/// (utoipa-axum reads each handler's `#[utoipa::path]`), so a route cannot be served undocumented
/// or documented and not served; the access-matrix test takes its route list from the same
/// document. `upload_limit` bounds a postcode directory's upload (read to a temporary file), and
/// `document_limit` a document upload's body.
fn api_routes(upload_limit: usize, document_limit: usize) -> (Router<AppState>, utoipa::openapi::OpenApi) {
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
        .routes(routes!(care_api::dolo::order))
        .routes(routes!(care_api::agreement::agreement))
        .routes(routes!(care_api::dolo::end))
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
        .routes(routes!(places_api::list, places_api::create))
        .routes(routes!(places_api::place))
        .routes(routes!(places_api::concern))
        .routes(routes!(places_api::link))
        .routes(routes!(places_api::end))
        .routes(routes!(places_api::for_child))
        .routes(routes!(places_api::screenings, places_api::screen))
        .routes(routes!(places_api::meeting))
        .routes(routes!(places_api::action_done))
        .routes(routes!(places_api::correct_screening))
        .routes(routes!(places_api::withdraw_screening))
        .routes(routes!(places_api::screening_versions))
        .routes(routes!(places_api::correct_meeting))
        .routes(routes!(places_api::withdraw_meeting))
        .routes(routes!(places_api::meeting_versions))
        .routes(routes!(places_api::missing, places_api::record_missing))
        .routes(routes!(places_api::record_return))
        .routes(routes!(places_api::record_interview))
        .routes(routes!(disagreements_api::for_child, disagreements_api::raise))
        .routes(routes!(disagreements_api::one))
        .routes(routes!(disagreements_api::escalate))
        .routes(routes!(disagreements_api::resolve))
        .routes(routes!(disagreements_api::counts))
        .routes(routes!(providers_api::list))
        .routes(routes!(providers_api::provider))
        .routes({
            let (schemas, paths, method_router) = routes!(providers_api::load);
            (schemas, paths, method_router.layer(DefaultBodyLimit::max(document_limit)))
        })
        .routes(routes!(providers_api::load_result))
        .routes({
            let (schemas, paths, method_router) = routes!(postcodes_api::load);
            (schemas, paths, method_router.layer(DefaultBodyLimit::max(upload_limit)))
        })
        .routes(routes!(postcodes_api::status))
        .routes(routes!(sufficiency_api::sufficiency))
        .routes(routes!(forecasts_api::list, forecasts_api::create))
        .routes(routes!(forecasts_api::forecast))
        .routes(routes!(forecasts_api::table))
        .routes(routes!(regions_api::region, regions_api::save_region))
        .routes(routes!(regions_api::add_member))
        .routes(routes!(regions_api::change_member))
        .routes(routes!(regions_api::shared))
        .routes(routes!(regions_api::extract_table))
        .routes({
            let (schemas, paths, method_router) = routes!(regions_api::upload);
            (schemas, paths, method_router.layer(DefaultBodyLimit::max(document_limit)))
        })
        .routes(routes!(regions_api::upload_view))
        .routes(routes!(regions_api::sufficiency))
        .routes(routes!(sharing_api::list, sharing_api::create))
        .routes(routes!(sharing_api::extract))
        .routes(routes!(sharing_api::table))
        .routes(routes!(sharing_api::rotate))
        .routes(routes!(workforce_share_api::load_key))
        .routes(routes!(workforce_share_api::list, workforce_share_api::create))
        .routes(routes!(workforce_share_api::extract))
        .routes(routes!(workforce_share_api::workers))
        .routes(routes!(home_search_api::start))
        .routes(routes!(home_search_api::list))
        .routes(routes!(home_search_api::search))
        .routes(routes!(home_search_api::answer))
        .routes(routes!(home_search_api::decide))
        .routes(routes!(home_search_api::end))
        .routes(routes!(partnership_api::list, partnership_api::record))
        .routes(routes!(partnership_api::learning, partnership_api::add_learning))
        .routes(routes!(partnership_api::complete_learning))
        .routes(routes!(partnership_api::audits, partnership_api::add_audit))
        .routes(routes!(partnership_api::audit, partnership_api::change_audit))
        .routes(routes!(partnership_api::section11, partnership_api::add_section11))
        .routes(routes!(partnership_api::change_section11))
        .routes(routes!(partnership_api::reports, partnership_api::draft_report))
        .routes(routes!(partnership_api::report))
        .routes(routes!(partnership_api::report_narrative))
        .routes(routes!(partnership_api::report_sign_off))
        .routes(routes!(partnership_api::report_publication))
        .routes(routes!(partnership_api::add_meeting))
        .routes(routes!(partnership_api::meeting, partnership_api::correct_meeting))
        .routes({
            let (schemas, paths, method_router) = routes!(partnership_api::summary_document, partnership_api::add_summary_document);
            (schemas, paths, method_router.layer(DefaultBodyLimit::max(document_limit)))
        })
        .routes(routes!(partnership_api::incident))
        .routes(routes!(partnership_api::data_set))
        .routes(routes!(partnership_api::notification))
        .routes(routes!(partnership_api::request_summary))
        .routes(routes!(partnership_api::summary_received))
        .routes(routes!(partnership_api::review))
        .routes(routes!(partnership_api::local_review))
        .routes(routes!(partnership_api::arrangements, partnership_api::save_arrangements))
        .routes(routes!(partnership_api::add_partner))
        .routes(routes!(partnership_api::end_partner))
        .routes(routes!(partnership_api::add_agency))
        .routes(routes!(partnership_api::end_agency))
        .routes(routes!(partnership_api::add_document))
        .routes(routes!(partnership_api::sign_off))
        .routes(routes!(partnership_api::add_budget))
        .routes(routes!(partnership_api::change_budget))
        .routes(routes!(workforce_api::list))
        .routes(routes!(workforce_api::agency_return))
        .routes(routes!(workforce_api::caseloads))
        .routes(routes!(workforce_api::add_worker))
        .routes(routes!(workforce_api::worker, workforce_api::edit_worker))
        .routes(routes!(workforce_api::experience))
        .routes(routes!(workforce_api::withdraw_experience))
        .routes(routes!(workforce_api::assignment))
        .routes(routes!(workforce_api::sign_off))
        .routes(routes!(workforce_api::cover))
        .routes(routes!(workforce_api::end))
        .routes(routes!(workforce_api::posts, workforce_api::add_post))
        .routes(routes!(workforce_api::close_post))
        .routes(routes!(workforce_api::start_episode))
        .routes(routes!(workforce_api::end_episode))
        .routes(routes!(workforce_api::record_absence))
        .routes(routes!(workforce_api::rates))
        .routes(routes!(workforce_api::caps, workforce_api::add_cap))
        .routes(routes!(workforce_api::upload_caps))
        .routes(routes!(workforce_api::census))
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
    // The census file is served by the summary's route (`{year}` takes "2026.xml" too: the router
    // allows no suffix after a parameter), and documented at its own address.
    let mut doc = doc;
    doc.paths.paths.extend(utoipa::openapi::path::PathsBuilder::new().path_from::<workforce_api::__path_census_xml>().build().paths);
    (api, crate::api::finish_document(doc))
}

/// The API's OpenAPI document, as `/api/openapi.json` serves it.
pub fn api_document() -> utoipa::openapi::OpenApi {
    api_routes(0, 0).1
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
