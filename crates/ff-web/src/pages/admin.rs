//! Administration pages: council settings, users, the working-day calendar and the audit trail.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ff_domain::audit::ChainCheck;
use ff_domain::calendar::DayCounting;
use ff_domain::child_protection::{ChairModel, ChildProtectionSettings, PracticeModel};
use ff_domain::policy::Action;
use ff_domain::roles::{Agency, Role, SweStatus};
use ff_domain::settings::{CaseloadCaps, LaSettings};
use ff_domain::{FieldError, ValidationErrors};
use ff_service::ServiceError;
use serde::Deserialize;
use std::collections::HashMap;

mod users;
pub use users::*;

use super::{Field, Layout, SimpleForm, options, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

pub struct Table {
    pub caption: String,
    pub head: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "admin/list.html")]
struct ListPage {
    layout: Layout,
    heading: String,
    intro: Vec<String>,
    tables: Vec<Table>,
    links: Vec<(String, String)>,
    flash: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct Flash {
    saved: Option<String>,
    from: Option<String>,
    days: Option<String>,
}

fn form_page(
    layout: Layout,
    heading: &str,
    action: &str,
    submit: &'static str,
    fields: Vec<Field>,
    errors: Vec<FieldError>,
    back: &str,
) -> SimpleForm {
    SimpleForm {
        layout,
        back: back.to_owned(),
        caption: String::new(),
        heading: heading.to_owned(),
        action: action.to_owned(),
        submit,
        errors: vec![],
        fields,
        search: None,
        show_form: true,
        notice: None,
    }
    .with_errors(errors)
}

fn settings_fields(s: &LaSettings, version: i32, f: Option<&FormData>) -> Vec<Field> {
    let get = |k: &str, default: String| f.map(|f| f.get(k).to_owned()).unwrap_or(default);
    let counting = match s.day_counting {
        DayCounting::EventIsDayZero => "event_is_day_zero",
        DayCounting::EventIsDayOne => "event_is_day_one",
    };
    let mut fields = vec![
        Field::Hidden("version", version.to_string()),
        Field::Text("name", "Council name", get("name", s.name.clone()), "Shown in the header of every page"),
        Field::Text(
            "brand_colour",
            "Header colour",
            get("brand_colour", s.brand_colour.clone()),
            "# and 6 hexadecimal digits; white text on it must have a contrast of at least 4.5:1",
        ),
        Field::Text(
            "child_population",
            "Children living in the area (aged 0 to 17)",
            get("child_population", s.child_population.to_string()),
            "Used for rates per 10,000 children",
        ),
        Field::Radios(
            "day_counting",
            "How working-day timescales count",
            vec![
                ("event_is_day_zero".into(), "The day of the event is day 0 (national convention)".into()),
                ("event_is_day_one".into(), "The day of the event is day 1".into()),
            ],
            get("day_counting", counting.into()),
        ),
        Field::Text(
            "caseload_caps.family_help_practitioner",
            "Caseload cap: family help practitioners",
            get("caseload_caps.family_help_practitioner", s.caseload_caps.family_help_practitioner.to_string()),
            "",
        ),
        Field::Text(
            "caseload_caps.social_worker",
            "Caseload cap: social workers",
            get("caseload_caps.social_worker", s.caseload_caps.social_worker.to_string()),
            "",
        ),
        Field::Text(
            "caseload_caps.lcpp",
            "Caseload cap: lead child protection practitioners",
            get("caseload_caps.lcpp", s.caseload_caps.lcpp.to_string()),
            "Dorset, a pathfinder, capped LCPP caseloads at 12",
        ),
    ];
    let num = |k: &'static str, label: &'static str, v: u32, hint: &'static str| Field::Text(k, label, get(k, v.to_string()), hint);
    let fh = &s.family_help;
    fields.extend([
        Field::Section("Family help".into()),
        num(
            "family_help.visit_interval_early_help_wd",
            "Working days between visits: targeted early help",
            fh.visit_interval_early_help_wd,
            "",
        ),
        num(
            "family_help.visit_interval_child_in_need_wd",
            "Working days between visits: child in need (s.17)",
            fh.visit_interval_child_in_need_wd,
            "",
        ),
        num("family_help.visit_interval_under_one_wd", "Working days between visits: babies under one", fh.visit_interval_under_one_wd, ""),
        num("family_help.plan_review_interval_weeks", "Weeks between plan reviews", fh.plan_review_interval_weeks, ""),
        num(
            "family_help.oversight_interval_wd",
            "Working days between social work oversight records",
            fh.oversight_interval_wd,
            "Rule R-FH-1",
        ),
        Field::Section("Child protection".into()),
    ]);
    let cp = &s.child_protection;
    let choice =
        |k: &'static str, label: &'static str, opts: Vec<(String, String)>, v: &str| Field::Radios(k, label, opts, get(k, v.to_owned()));
    fields.extend([
        choice(
            "child_protection.practice_model",
            "Who leads section 47 enquiries and holds plans",
            options(PracticeModel::ALL, |m| m.code(), |m| m.label()),
            cp.practice_model.code(),
        ),
        choice(
            "child_protection.chair_model",
            "Who chairs child protection conferences",
            options(ChairModel::ALL, |m| m.code(), |m| m.label()),
            cp.chair_model.code(),
        ),
        choice(
            "child_protection.allow_same_lcpp_to_chair",
            "May the LCPP who led the enquiry chair its conference (LCPP chair with QA model)?",
            vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
            if cp.allow_same_lcpp_to_chair { "yes" } else { "no" },
        ),
        num(
            "child_protection.lcpp_min_pqe_years",
            "Minimum years of post-qualifying experience for an LCPP",
            cp.lcpp_min_pqe_years,
            "No national figure has been set",
        ),
        num(
            "child_protection.quorum_other_agencies",
            "Agencies besides the council needed for a quorate conference",
            cp.quorum_other_agencies,
            "Usually 2 (rule R-CP-5)",
        ),
        num(
            "child_protection.visit_interval_wd",
            "Working days between child protection visits",
            cp.visit_interval_wd,
            "Suggested: 10 (timescale T15)",
        ),
        num(
            "child_protection.core_group_interval_wd",
            "Working days between core groups after the first",
            cp.core_group_interval_wd,
            "Typically 20 to 30 (timescale T12)",
        ),
        num(
            "child_protection.info_request_due_wd",
            "Working days other agencies have to answer a request for information",
            cp.info_request_due_wd,
            "",
        ),
    ]);
    let fnw = &s.family_networks;
    let pounds = |k: &'static str, label: &'static str, p: u64| Field::Text(k, label, get(k, format!("{}", p / 100)), "Whole pounds");
    fields.extend([
        Field::Section("Family networks".into()),
        choice(
            "family_networks.plo_fgdm_duty_commenced",
            "Is the duty to offer family group decision making before a care application in force?",
            vec![("yes".into(), "Yes: enforce it".into()), ("no".into(), "No: not yet commenced".into())],
            if fnw.plo_fgdm_duty_commenced { "yes" } else { "no" },
        ),
        pounds("family_networks.support_budget", "Yearly budget for family network support packages", fnw.support_budget_pence),
        pounds(
            "family_networks.approval_limit_social_worker",
            "Most a social worker may approve for one package",
            fnw.approval_limit_social_worker_pence,
        ),
        pounds("family_networks.approval_limit_lcpp", "Most an LCPP may approve for one package", fnw.approval_limit_lcpp_pence),
        pounds("family_networks.approval_limit_manager", "Most a manager may approve for one package", fnw.approval_limit_manager_pence),
        Field::TextArea(
            "family_networks.kinship_local_offer",
            "Kinship local offer (published on a public page)",
            get("family_networks.kinship_local_offer", fnw.kinship_local_offer.clone()),
            "Separate paragraphs with a blank line",
        ),
    ]);
    let la = &s.looked_after;
    fields.extend([
        Field::Section("Children in care".into()),
        num(
            "looked_after.first_visit_days",
            "Days from a placement starting to the first visit",
            la.first_visit_days,
            "At most 7 (timescale T28)",
        ),
        num("looked_after.visit_interval_weeks", "Weeks between visits", la.visit_interval_weeks, "At most 6 (timescale T28)"),
        num(
            "looked_after.long_term_visit_interval_months",
            "Months between visits once a long-term placement is a year old",
            la.long_term_visit_interval_months,
            "At most 3 (timescale T28)",
        ),
        num(
            "looked_after.initial_health_wd",
            "Working days from becoming looked after to the initial health assessment",
            la.initial_health_wd,
            "Statutory guidance: 20 (timescale T29)",
        ),
        num(
            "looked_after.health_review_months_under_five",
            "Months between health assessments for children under 5",
            la.health_review_months_under_five,
            "At most 6 (timescale T30)",
        ),
        num(
            "looked_after.health_review_months",
            "Months between health assessments from age 5",
            la.health_review_months,
            "At most 12 (timescale T30)",
        ),
        num(
            "looked_after.pep_first_wd",
            "Working days from becoming looked after to the first personal education plan",
            la.pep_first_wd,
            "Guidance: 20 school days (timescale T31)",
        ),
        num(
            "looked_after.pep_review_months",
            "Months between personal education plan reviews",
            la.pep_review_months,
            "Termly (timescale T31)",
        ),
        num(
            "looked_after.pep_from_age",
            "Age from which a child in care has a personal education plan",
            la.pep_from_age,
            "5, or 3 for early years",
        ),
        num(
            "looked_after.stability_moves_warning",
            "Placement moves in 12 months that show a stability warning",
            la.stability_moves_warning,
            "The national measure counts 3 or more",
        ),
        num(
            "outside_home.return_interview_hours",
            "Hours after a child missing from home comes back within which a return home interview is offered",
            s.outside_home.return_interview_hours,
            "The statutory guidance says 72 hours (HOTH-6)",
        ),
    ]);
    fields.push(choice(
        "carers.area",
        "Where is the council, for foster carers' national minimum allowance?",
        options(ff_domain::carers::AllowanceArea::ALL, |a| a.code(), |a| a.label()),
        s.carers.area.code(),
    ));
    let own = &s.own_services;
    let text = |k: &'static str, label: &'static str, v: &str, hint: &'static str| Field::Text(k, label, get(k, v.to_owned()), hint);
    fields.extend([
        text(
            "own_services.fostering_urn",
            "Ofsted URN of the council's fostering service",
            &own.fostering_urn,
            "Given in the children looked after return for children placed with the council's own foster carers, like SC123456",
        ),
        text(
            "own_services.adoption_urn",
            "Ofsted URN of the council's adoption agency",
            &own.adoption_urn,
            "Given for children placed for adoption by the council. Enter XXXXXXX if a regional adoption agency places them",
        ),
    ]);
    let lc = &s.leaving_care;
    let minimums = |list: &[ff_domain::looked_after::leaving::DatedPence]| {
        list.iter()
            .map(|d| format!("{} from {}", crate::pages::pounds(i64::try_from(d.pence).unwrap_or(0)), d.from.format("%-d %B %Y")))
            .collect::<Vec<_>>()
            .join("; ")
    };
    fields.extend([
        Field::Section("Leaving care".into()),
        num(
            "leaving_care.first_plan_months",
            "Months from becoming eligible to the first pathway plan",
            lc.first_plan_months,
            "The needs assessment is due within 3 months (timescale T32)",
        ),
        num("leaving_care.plan_review_months", "Months between pathway plan reviews", lc.plan_review_months, "At most 6 (timescale T32)"),
        num(
            "leaving_care.contact_interval_weeks",
            "Weeks between a personal adviser's contacts",
            lc.contact_interval_weeks,
            "At most 8 (timescale T33)",
        ),
        num(
            "leaving_care.visit_after_move_days",
            "Days from a move to new accommodation to the personal adviser's visit",
            lc.visit_after_move_days,
            "At most 7 (timescale T33)",
        ),
        choice(
            "leaving_care.staying_close_duty",
            "Is the Staying Close duty in force here?",
            vec![("yes".into(), "Yes".into()), ("no".into(), "No: not yet commenced".into())],
            if lc.staying_close_duty { "yes" } else { "no" },
        ),
        Field::Paragraph(format!(
            "National minimum setting-up-home allowance: {}. National apprenticeship bursary: {}.",
            minimums(&lc.setting_up_home_minimum),
            minimums(&lc.apprenticeship_bursary_minimum)
        )),
        Field::Radios(
            "new_minimum.kind",
            "Record a new national amount (leave blank if none has changed)",
            vec![
                ("setting_up_home".into(), "Setting-up-home allowance".into()),
                ("apprenticeship_bursary".into(), "Apprenticeship bursary".into()),
            ],
            get("new_minimum.kind", String::new()),
        ),
        Field::Text("new_minimum.amount", "The new national amount", get("new_minimum.amount", String::new()), "Whole pounds"),
        Field::Date(
            "new_minimum.from",
            "The date it takes effect",
            get("new_minimum.from_day", String::new()),
            get("new_minimum.from_month", String::new()),
            get("new_minimum.from_year", String::new()),
            "For example, 1 4 2027",
        ),
        pounds("leaving_care.setting_up_home", "The council's setting-up-home allowance", lc.setting_up_home_pence),
        pounds("leaving_care.apprenticeship_bursary", "The council's apprenticeship bursary", lc.apprenticeship_bursary_pence),
        Field::TextArea(
            "leaving_care.local_offer",
            "Local offer for care leavers (published on a public page)",
            get("leaving_care.local_offer", lc.local_offer.clone()),
            "Separate paragraphs with a blank line",
        ),
        Field::Select(
            "workforce.region",
            "The council's region (for the agency rules' cooling-off period)",
            {
                let mut r = vec![(String::new(), "Not set".to_owned())];
                r.extend(ff_domain::workforce::REGIONS.iter().map(|x| ((*x).to_owned(), (*x).to_owned())));
                r
            },
            get("workforce.region", s.workforce.region.clone()),
        ),
        num(
            "workforce.early_career_caseload_percent",
            "Early-career caseload, as a percentage of a full one",
            s.workforce.early_career_caseload_percent,
            "A worker in their early career has this share of their role's caseload cap. Some councils use 60. Rules W-SYS-16 and W-EC-4",
        ),
        num(
            "workforce.early_career_months",
            "Months after qualifying a worker is in their early career",
            s.workforce.early_career_months,
            "The assessed first year is 12 months. Rule W-EC-4",
        ),
        num(
            "workforce.minutes_per_visit",
            "Minutes face to face counted for each visit",
            s.workforce.minutes_per_visit,
            "Visits are recorded without how long they took, so time with families is the visits times this",
        ),
        num(
            "workforce.direct_practice_hours",
            "Hours a year each social worker is expected to spend face to face with families",
            s.workforce.direct_practice_hours,
            "The Independent Review of Children's Social Care proposed 100. Rule W-EC-8",
        ),
        num(
            "workforce.full_time_minutes",
            "Minutes in a full-time week",
            s.workforce.full_time_minutes,
            "Contracted hours over this make a worker's full-time equivalent. 2220 is 37 hours; check the council's own. Rule W-DEF-4",
        ),
        num(
            "workforce.sickness_working_days",
            "Working days in a year, for the sickness absence rate",
            s.workforce.sickness_working_days,
            "The national statistics use about 252; check the figure the Department for Education uses. Rule W-RATE-7",
        ),
    ]);
    fields
}

pub async fn settings_form(State(state): State<AppState>, user: PageUser, Query(q): Query<Flash>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::EditSettings)?;
    let cur = ff_service::settings::current(&state.db, &ctx).await?;
    let layout = Layout::for_user(&state, &user, "Council settings", "/settings").await;
    let mut page =
        form_page(layout, "Council settings", "/settings", "Save settings", settings_fields(&cur.settings, cur.version, None), vec![], "/");
    page.notice = match q.saved.as_deref() {
        Some("unchanged") => Some("Nothing was changed, so the settings are as they were.".to_owned()),
        Some(_) => Some("The settings are saved. They apply from now on.".to_owned()),
        None => None,
    };
    Ok(render(StatusCode::OK, &page))
}

/// A whole number from the form; a mistake names the field by its label, so a page of many
/// numbers says which one is wrong.
fn parse_u32(f: &FormData, k: &str, labels: &HashMap<String, String>, errors: &mut ValidationErrors) -> u32 {
    f.get(k).trim().replace(',', "").parse::<u32>().unwrap_or_else(|_| {
        let label = labels.get(k).map_or("This", String::as_str);
        errors.add(k, format!("{label}: enter a whole number, like 12"));
        0
    })
}

/// A new dated national amount typed on the settings page (LC-6), added to its list; a blank
/// part is named, and a date already in the list has its amount replaced.
fn new_minimum(
    f: &FormData,
    lc: &mut ff_domain::looked_after::leaving::LeavingCareSettings,
    labels: &HashMap<String, String>,
    errors: &mut ValidationErrors,
) {
    let kind = f.get("new_minimum.kind").trim();
    let amount = f.get("new_minimum.amount").trim();
    let date = ["new_minimum.from_day", "new_minimum.from_month", "new_minimum.from_year"].map(|k| f.get(k).trim());
    if kind.is_empty() && amount.is_empty() && date.iter().all(|d| d.is_empty()) {
        return;
    }
    let list = match kind {
        "setting_up_home" => Some(&mut lc.setting_up_home_minimum),
        "apprenticeship_bursary" => Some(&mut lc.apprenticeship_bursary_minimum),
        _ => {
            errors.add("new_minimum.kind", "Say which national amount has changed");
            None
        }
    };
    let pence = if amount.is_empty() {
        errors.add("new_minimum.amount", "Enter the new national amount in whole pounds");
        None
    } else {
        Some(u64::from(parse_u32(f, "new_minimum.amount", labels, errors)) * 100)
    };
    let from = match date.map(|d| d.parse::<u32>().ok()) {
        [Some(d), Some(m), Some(y)] => i32::try_from(y).ok().and_then(|y| chrono::NaiveDate::from_ymd_opt(y, m, d)),
        _ => None,
    };
    if from.is_none() {
        errors.add("new_minimum.from", "Enter the date the new amount takes effect, like 1 4 2027");
    }
    if let (Some(list), Some(pence), Some(from)) = (list, pence, from) {
        list.retain(|d| d.from != from);
        list.push(ff_domain::looked_after::leaving::DatedPence { from, pence });
        list.sort_by_key(|d| d.from);
    }
}

pub async fn settings_save(State(state): State<AppState>, user: PageUser, form: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::EditSettings)?;
    let mut errors = ValidationErrors::new();
    let version = form.get("version").parse::<i32>().unwrap_or(0);
    let day_counting = match form.get("day_counting") {
        "event_is_day_one" => DayCounting::EventIsDayOne,
        _ => DayCounting::EventIsDayZero,
    };
    let current = ff_service::settings::current(&state.db, &ctx).await?.settings;
    let labels: HashMap<String, String> =
        settings_fields(&current, version, None).iter().filter_map(|f| Some((f.name()?.to_owned(), f.label()?.to_owned()))).collect();
    let errors = &mut errors;
    let mut new = LaSettings {
        family_networks: ff_domain::family_networks::FamilyNetworkSettings {
            plo_fgdm_duty_commenced: form.get("family_networks.plo_fgdm_duty_commenced") != "no",
            support_budget_pence: u64::from(parse_u32(&form, "family_networks.support_budget", &labels, errors)) * 100,
            approval_limit_social_worker_pence: u64::from(parse_u32(
                &form,
                "family_networks.approval_limit_social_worker",
                &labels,
                errors,
            )) * 100,
            approval_limit_lcpp_pence: u64::from(parse_u32(&form, "family_networks.approval_limit_lcpp", &labels, errors)) * 100,
            approval_limit_manager_pence: u64::from(parse_u32(&form, "family_networks.approval_limit_manager", &labels, errors)) * 100,
            kinship_local_offer: form.get("family_networks.kinship_local_offer").trim().to_owned(),
        },
        child_protection: ChildProtectionSettings {
            practice_model: PracticeModel::from_code(form.get("child_protection.practice_model"))
                .unwrap_or(current.child_protection.practice_model),
            chair_model: ChairModel::from_code(form.get("child_protection.chair_model")).unwrap_or(current.child_protection.chair_model),
            allow_same_lcpp_to_chair: form.get("child_protection.allow_same_lcpp_to_chair") == "yes",
            lcpp_min_pqe_years: parse_u32(&form, "child_protection.lcpp_min_pqe_years", &labels, errors),
            quorum_other_agencies: parse_u32(&form, "child_protection.quorum_other_agencies", &labels, errors),
            visit_interval_wd: parse_u32(&form, "child_protection.visit_interval_wd", &labels, errors),
            core_group_interval_wd: parse_u32(&form, "child_protection.core_group_interval_wd", &labels, errors),
            info_request_due_wd: parse_u32(&form, "child_protection.info_request_due_wd", &labels, errors),
        },
        looked_after: ff_domain::looked_after::checks::CareSettings {
            first_visit_days: parse_u32(&form, "looked_after.first_visit_days", &labels, errors),
            visit_interval_weeks: parse_u32(&form, "looked_after.visit_interval_weeks", &labels, errors),
            long_term_visit_interval_months: parse_u32(&form, "looked_after.long_term_visit_interval_months", &labels, errors),
            initial_health_wd: parse_u32(&form, "looked_after.initial_health_wd", &labels, errors),
            health_review_months_under_five: parse_u32(&form, "looked_after.health_review_months_under_five", &labels, errors),
            health_review_months: parse_u32(&form, "looked_after.health_review_months", &labels, errors),
            pep_first_wd: parse_u32(&form, "looked_after.pep_first_wd", &labels, errors),
            pep_review_months: parse_u32(&form, "looked_after.pep_review_months", &labels, errors),
            pep_from_age: parse_u32(&form, "looked_after.pep_from_age", &labels, errors),
            stability_moves_warning: parse_u32(&form, "looked_after.stability_moves_warning", &labels, errors),
        },
        leaving_care: ff_domain::looked_after::leaving::LeavingCareSettings {
            first_plan_months: parse_u32(&form, "leaving_care.first_plan_months", &labels, errors),
            plan_review_months: parse_u32(&form, "leaving_care.plan_review_months", &labels, errors),
            contact_interval_weeks: parse_u32(&form, "leaving_care.contact_interval_weeks", &labels, errors),
            visit_after_move_days: parse_u32(&form, "leaving_care.visit_after_move_days", &labels, errors),
            staying_close_duty: form.get("leaving_care.staying_close_duty") == "yes",
            setting_up_home_pence: u64::from(parse_u32(&form, "leaving_care.setting_up_home", &labels, errors)) * 100,
            apprenticeship_bursary_pence: u64::from(parse_u32(&form, "leaving_care.apprenticeship_bursary", &labels, errors)) * 100,
            local_offer: form.get("leaving_care.local_offer").trim().to_owned(),
            ..current.leaving_care.clone()
        },
        name: form.get("name").trim().to_owned(),
        brand_colour: form.get("brand_colour").trim().to_lowercase(),
        child_population: parse_u32(&form, "child_population", &labels, errors),
        day_counting,
        caseload_caps: CaseloadCaps {
            family_help_practitioner: parse_u32(&form, "caseload_caps.family_help_practitioner", &labels, errors),
            social_worker: parse_u32(&form, "caseload_caps.social_worker", &labels, errors),
            lcpp: parse_u32(&form, "caseload_caps.lcpp", &labels, errors),
        },
        outside_home: ff_domain::outside_home::OutsideHomeSettings {
            return_interview_hours: parse_u32(&form, "outside_home.return_interview_hours", &labels, errors),
        },
        own_services: ff_domain::settings::OwnServices {
            fostering_urn: form.get("own_services.fostering_urn").split_whitespace().collect::<String>().to_uppercase(),
            adoption_urn: form.get("own_services.adoption_urn").split_whitespace().collect::<String>().to_uppercase(),
        },
        // Foster carers' allowances are set on the allowances page; the area here.
        carers: ff_domain::carers::CarerSettings {
            area: ff_domain::carers::AllowanceArea::from_code(form.get("carers.area")).unwrap_or(current.carers.area),
            ..current.carers.clone()
        },
        // The partnership's timescales through the settings API.
        partnership: current.partnership.clone(),
        // The region and the caseload settings here; the region's caps through the settings API.
        workforce: ff_domain::workforce::WorkforceSettings {
            region: form.get("workforce.region").trim().to_owned(),
            early_career_caseload_percent: parse_u32(&form, "workforce.early_career_caseload_percent", &labels, errors),
            early_career_months: parse_u32(&form, "workforce.early_career_months", &labels, errors),
            minutes_per_visit: parse_u32(&form, "workforce.minutes_per_visit", &labels, errors),
            direct_practice_hours: parse_u32(&form, "workforce.direct_practice_hours", &labels, errors),
            full_time_minutes: parse_u32(&form, "workforce.full_time_minutes", &labels, errors),
            sickness_working_days: parse_u32(&form, "workforce.sickness_working_days", &labels, errors),
            ..current.workforce.clone()
        },
        family_help: ff_domain::family_help::FamilyHelpSettings {
            visit_interval_early_help_wd: parse_u32(&form, "family_help.visit_interval_early_help_wd", &labels, errors),
            visit_interval_child_in_need_wd: parse_u32(&form, "family_help.visit_interval_child_in_need_wd", &labels, errors),
            visit_interval_under_one_wd: parse_u32(&form, "family_help.visit_interval_under_one_wd", &labels, errors),
            plan_review_interval_weeks: parse_u32(&form, "family_help.plan_review_interval_weeks", &labels, errors),
            oversight_interval_wd: parse_u32(&form, "family_help.oversight_interval_wd", &labels, errors),
        },
    };
    new_minimum(&form, &mut new.leaving_care, &labels, errors);
    let result = if errors.is_empty() {
        ff_service::settings::update(&state.db, &ctx, &new, version).await
    } else {
        // Every mistake at once: the rules on what was typed correctly are checked too.
        if let Err(more) = new.validate() {
            for e in more.0 {
                if !errors.0.iter().any(|x| x.field == e.field) {
                    errors.0.push(e);
                }
            }
        }
        Err(ServiceError::Validation(std::mem::take(errors)))
    };
    match result {
        Ok(saved) if saved.version == version => Ok(Redirect::to("/settings?saved=unchanged").into_response()),
        Ok(_) => Ok(Redirect::to("/settings?saved=1").into_response()),
        Err(ServiceError::Validation(v)) => {
            let layout = Layout::for_user(&state, &user, "Council settings", "/settings").await;
            let page =
                form_page(layout, "Council settings", "/settings", "Save settings", settings_fields(&new, version, Some(&form)), v.0, "/");
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(ServiceError::Conflict { message, current_version }) => {
            let layout = Layout::for_user(&state, &user, "Council settings", "/settings").await;
            let errs = vec![FieldError { field: "name".into(), message }];
            let page = form_page(
                layout,
                "Council settings",
                "/settings",
                "Save settings",
                settings_fields(&new, current_version, Some(&form)),
                errs,
                "/",
            );
            Ok(render(StatusCode::CONFLICT, &page))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn calendar(State(state): State<AppState>, user: PageUser, Query(q): Query<Flash>) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let holidays = ff_service::calendar::list(&state.db, &ctx).await?;
    let mut intro = vec![
        "Working days are Monday to Friday except bank holidays in England and Wales. A timescale of N working days is due on the Nth working day after the event (the event is day 0), unless the council counts the event as day 1.".to_owned(),
    ];
    if let (Some(from), Some(days)) = (q.from.as_deref(), q.days.as_deref()) {
        let parsed = ff_domain::people::parse_iso_date(from, "The start date")
            .and_then(|f| days.trim().parse::<u32>().map(|d| (f, d)).map_err(|_| "Enter a number of working days".to_owned()));
        match parsed {
            Ok((f, d)) => {
                let due = ff_service::calendar::due_date(&state.db, &ctx, f, d).await?;
                intro.push(format!("{} working days from {} is {}.", d, f.format("%A %-d %B %Y"), due.due.format("%A %-d %B %Y")));
            }
            Err(m) => intro.push(m),
        }
    }
    let rows = holidays.iter().map(|h| vec![h.date.format("%A %-d %B %Y").to_string(), h.name.clone()]).collect();
    let mut links = vec![(
        "/calendar?from=2025-12-17&days=15".to_owned(),
        "Example: 15 working days from Wednesday 17 December 2025 (an initial conference after a strategy discussion)".to_owned(),
    )];
    if super::can(user.actor(), Action::ManageCalendar) {
        links.push(("/calendar/holidays/new".into(), "Add a bank holiday".into()));
    }
    let layout = Layout::for_user(&state, &user, "Working days", "/calendar").await;
    let page = ListPage {
        layout,
        heading: "Working days and bank holidays".into(),
        intro,
        tables: vec![Table { caption: "Bank holidays in England and Wales".into(), head: vec!["Date", "Holiday"], rows }],
        links,
        flash: q.saved.map(|_| "The bank holiday has been added"),
    };
    Ok(render(StatusCode::OK, &page))
}

fn holiday_fields(f: Option<&FormData>) -> Vec<Field> {
    let (d, m, y) = f.map(|f| f.date_parts("date")).unwrap_or_default();
    vec![
        Field::Date("date", "Date", d, m, y, "For example, 8 5 2023"),
        Field::Text(
            "name",
            "Name",
            f.map(|f| f.get("name").to_owned()).unwrap_or_default(),
            "For example, Bank holiday for the coronation",
        ),
    ]
}

pub async fn holiday_form(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    user.ctx(&state).authorise(Action::ManageCalendar)?;
    let layout = Layout::for_user(&state, &user, "Add a bank holiday", "/calendar").await;
    Ok(render(
        StatusCode::OK,
        &form_page(layout, "Add a bank holiday", "/calendar/holidays", "Add bank holiday", holiday_fields(None), vec![], "/calendar"),
    ))
}

pub async fn holiday_add(State(state): State<AppState>, user: PageUser, form: FormData) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    ctx.authorise(Action::ManageCalendar)?;
    let result = match form.date("date", "Date") {
        Some(Ok(d)) => ff_service::calendar::add_holiday(&state.db, &ctx, d, form.get("name")).await,
        // Every mistake in one round: the date, and the name judged as the service would.
        unread => {
            let mut errors = ValidationErrors::single(
                "date",
                unread.and_then(Result::err).unwrap_or_else(|| "Enter the date of the bank holiday".into()),
            );
            errors.0.extend(ff_service::calendar::check_holiday_name(form.get("name")).0);
            Err(ServiceError::Validation(errors))
        }
    };
    match result {
        Ok(()) => Ok(Redirect::to("/calendar?saved=1").into_response()),
        Err(ServiceError::Validation(v)) => {
            let layout = Layout::for_user(&state, &user, "Add a bank holiday", "/calendar").await;
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(
                    layout,
                    "Add a bank holiday",
                    "/calendar/holidays",
                    "Add bank holiday",
                    holiday_fields(Some(&form)),
                    v.0,
                    "/calendar",
                ),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn audit(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let ctx = user.ctx(&state);
    let checks = ff_service::audit::verify_as(&state.db, &ctx).await?;
    let intro = checks
        .iter()
        .map(|c| match c {
            ChainCheck::Intact { events, .. } => {
                format!("The audit trail is intact: all {events} events link up and none has been altered.")
            }
            ChainCheck::Broken { seq, problem, .. } => {
                format!("The audit trail is broken at event {seq}: {problem}. Report this to your information governance lead.")
            }
        })
        .collect();
    let layout = Layout::for_user(&state, &user, "Audit trail", "/admin/audit").await;
    Ok(render(StatusCode::OK, &ListPage { layout, heading: "Audit trail".into(), intro, tables: vec![], links: vec![], flash: None }))
}
