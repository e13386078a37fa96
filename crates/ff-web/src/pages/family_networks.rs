//! Family networks pages: the network map and genogram, family group decision making,
//! pre-proceedings and kinship care for a child, and the council's public kinship local offer.
//! Every form posts to the same service functions as the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use ff_domain::ValidationErrors;
use ff_domain::family_networks::{ApplicationKind, Capacity, FgdmStage, GatewayDecision, KinshipKind, OfferAnswer, Willingness};
use ff_domain::policy::Action;
use ff_service::ServiceError;
use ff_service::family_networks as fnw;
use ff_service::people::PersonRecord;
use uuid::Uuid;

use super::actions::Dated;
pub(super) use super::actions::date_or_stand_in;
use super::actions::{ending_fields, typed_ending};
use super::fields::{
    ChildParam, Reply, child_of, date_field, errors_of, form, in_one_round, one_round, optional_or_unreadable, unreadable_future_date,
};
use super::genogram::{Genogram, draw};
use super::{Field, Layout, can, get, options, render, yes_no};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

pub(super) fn version_of(f: &FormData) -> i32 {
    f.get("version").parse().unwrap_or(0)
}

#[derive(Template)]
#[template(path = "family_networks/network.html")]
struct NetworkPage {
    layout: Layout,
    child_id: Uuid,
    child_name: String,
    net: fnw::NetworkView,
    genogram: Genogram,
    rec: PersonRecord,
    can_work: bool,
    can_plo: bool,
    flash: Option<&'static str>,
    support: Option<ff_service::support_packages::ChildSupportView>,
    can_request: bool,
    can_decide: bool,
    can_pay: bool,
}

/// The child's family network: map, genogram (with a text list), FGDM, pre-proceedings, kinship.
pub async fn network(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>, Query(q): Query<ChildParam>) -> Reply {
    let ctx = user.ctx(&state);
    let rec = ff_service::people::view(&state.db, &ctx, id).await?;
    let net = fnw::for_child(&state.db, &ctx, id).await?;
    let genogram = draw(&rec.person.full_name, &rec.person.sex, &rec.relatives);
    let mut layout = Layout::for_user(&state, &user, &format!("Family network: {}", rec.person.full_name), "/people").await;
    layout.child = Some(ff_service::people::ChildBanner::from_record(&rec));
    let flash = q.saved.as_deref().map(|_| "Saved");
    let a = user.actor();
    // Support packages are the family's finances: not shown to partner agencies.
    let support =
        if can(a, Action::ViewSupportPackages) { Some(ff_service::support_packages::for_child(&state.db, &ctx, id).await?) } else { None };
    Ok(render(
        StatusCode::OK,
        &NetworkPage {
            layout,
            child_id: id,
            child_name: rec.person.full_name.clone(),
            net,
            genogram,
            rec,
            can_work: can(a, Action::WorkOnFamilyNetwork),
            can_plo: can(a, Action::ManagePreProceedings),
            flash,
            support,
            can_request: can(a, Action::RequestSupportPackage),
            can_decide: can(a, Action::DecideSupportPackage),
            can_pay: can(a, Action::RecordSupportPayment),
        },
    ))
}

/// After a family network form, back to the network page (used by `child_action!`).
pub(super) fn back_to(child: Uuid, _saved: &str) -> Response {
    axum::response::IntoResponse::into_response(axum::response::Redirect::to(&format!("/people/{child}/network?saved=1")))
}

struct Loaded {
    net: fnw::NetworkView,
    rec: PersonRecord,
}

async fn load(state: &AppState, user: &PageUser, child: Uuid, _id: Uuid) -> Result<Loaded, PageError> {
    let ctx = user.ctx(state);
    Ok(Loaded { rec: ff_service::people::view(&state.db, &ctx, child).await?, net: fnw::for_child(&state.db, &ctx, child).await? })
}

fn relatives(l: &Loaded, only_pr: bool) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), "Choose a person".to_owned())];
    v.extend(
        l.rec
            .relatives
            .iter()
            .filter(|r| r.end_date.is_none() && (!only_pr || (r.parental_responsibility && r.other_is_kind)))
            .map(|r| (r.person_id.to_string(), format!("{} ({})", r.full_name, r.relationship))),
    );
    v
}

fn members(l: &Loaded) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), "Choose a person".to_owned())];
    v.extend(l.net.members.iter().map(|m| (m.person_id.to_string(), format!("{} ({})", m.name, m.relationship))));
    v
}

fn member_fields(l: &Loaded, f: Option<&FormData>, editing: Option<&fnw::MemberView>) -> Vec<Field> {
    let pick = |k: &str, cur: String| if f.is_some() { get(f, k) } else { cur };
    let mut v = vec![];
    match editing {
        Some(m) => {
            v.push(Field::Hidden("version", m.version.to_string()));
            v.push(Field::Hidden("person_id", m.person_id.to_string()));
            v.push(Field::Paragraph(format!("{} ({})", m.name, m.relationship)));
        }
        None => {
            v.push(Field::Paragraph(
                "People come from the register: record their relationship to the child on the child's record first.".into(),
            ));
            v.push(Field::Select("person_id", "Person", relatives(l, false), get(f, "person_id")));
        }
    }
    v.extend([
        Field::Text(
            "relationship",
            "How they are related or connected",
            pick("relationship", editing.map(|m| m.relationship.clone()).unwrap_or_default()),
            "For example, maternal aunt or family friend",
        ),
        Field::TextArea(
            "contact_details",
            "Contact details (optional)",
            pick("contact_details", editing.and_then(|m| m.contact_details.clone()).unwrap_or_default()),
            "",
        ),
        Field::Radios(
            "willingness",
            "Are they willing to help?",
            options(Willingness::ALL, |w| w.code(), |w| w.label()),
            pick("willingness", editing.map(|m| m.willingness.clone()).unwrap_or_default()),
        ),
        Field::Radios(
            "capacity",
            "What could they offer? (optional)",
            options(Capacity::ALL, |c| c.code(), |c| c.label()),
            get(f, "capacity"),
        ),
        Field::Checkbox(
            "invited",
            "Invited to family meetings",
            f.map(|f| f.checked("invited")).unwrap_or(editing.is_some_and(|m| m.invited)),
        ),
        Field::TextArea("note", "Note (optional)", pick("note", editing.and_then(|m| m.note.clone()).unwrap_or_default()), ""),
    ]);
    v
}

/// The entry as typed; with no person chosen, every other mistake is found too (one round).
fn member_input(f: &FormData, errors: &mut ValidationErrors) -> Result<fnw::MemberInput, ServiceError> {
    let input = fnw::MemberInput {
        person_id: f.uuid("person_id").unwrap_or_default(),
        relationship: f.get("relationship").into(),
        contact_details: f.opt("contact_details"),
        willingness: f.get("willingness").into(),
        capacity: f.opt("capacity"),
        invited: f.checked("invited"),
        note: f.opt("note"),
        version: f.opt("version").and_then(|v| v.parse().ok()),
    };
    if input.person_id.is_nil() {
        errors.add("person_id", "Choose a person");
        errors.0.extend(fnw::member_errors(&input).0.into_iter().filter(|e| e.field != "person_id"));
        return Err(ServiceError::Validation(std::mem::take(errors)));
    }
    Ok(input)
}

child_action!(
    load; member_form, member_add, Action::WorkOnFamilyNetwork,
    "Add someone to the family network", "Add to network", "/people/{id}/network/members", "network", "person_id",
    fields = |l, f, _today| {
        member_fields(&l, f, None)
    },
    submit = |ctx, id, form, errors, db| {
        let input = member_input(form, &mut errors)?;
        fnw::add_member(db, &ctx, id, &input).await.map(|_| ())
    }
);

async fn load_member(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<(Loaded, fnw::MemberView), PageError> {
    let l = load(state, user, child, id).await?;
    let m = l.net.members.iter().find(|m| m.id == id).cloned().ok_or(PageError(ServiceError::NotFound("network member")))?;
    Ok((l, m))
}

child_action!(
    load_member; member_edit_form, member_edit, Action::WorkOnFamilyNetwork,
    "Change a network entry", "Save", "/network-members/{id}/edit", "network", "willingness",
    fields = |lm, f, _today| {
        member_fields(&lm.0, f, Some(&lm.1))
    },
    submit = |ctx, id, form, errors, db| {
        let input = member_input(form, &mut errors)?;
        fnw::update_member(db, &ctx, id, &input).await
    }
);

child_action!(
    load; fgdm_form, fgdm_start, Action::WorkOnFamilyNetwork,
    "Refer for family group decision making", "Refer", "/people/{id}/fgdm", "network", "stage",
    fields = |_l, f, today| {
        vec![
            Field::Radios("stage", "At which stage?", options(FgdmStage::ALL, |s| s.code(), |s| s.label()), get(f, "stage")),
            date_field("referred_on", "Date of the referral", f, Some(today)),
            Field::Text("coordinator", "Coordinator (optional)", get(f, "coordinator"), "Usually independent of the case"),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("referred_on", "Date of the referral"), errors).save_when_valid(async |referred_on| {
            let input = fnw::FgdmInput { stage: form.get("stage").into(), referred_on, coordinator: form.opt("coordinator") };
            fnw::start_fgdm(db, &ctx, id, &input).await
        })
        .await
    }
);

async fn load_fgdm(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<(Loaded, fnw::FgdmView), PageError> {
    let l = load(state, user, child, id).await?;
    let f = l
        .net
        .fgdms
        .iter()
        .find(|f| f.id == id || f.offers.iter().any(|o| o.id == id))
        .cloned()
        .ok_or(PageError(ServiceError::NotFound("family group decision making")))?;
    Ok((l, f))
}

child_action!(
    load_fgdm; offer_form, offer_add, Action::WorkOnFamilyNetwork,
    "Record the offer of a family group decision making meeting", "Record offer", "/fgdm/{id}/offer", "network", "person_id",
    fields = |lf, f, today| {
        vec![
            Field::Paragraph("The meeting is offered to each parent and person with parental responsibility.".into()),
            Field::Select("person_id", "Offered to", relatives(&lf.0, true), get(f, "person_id")),
            date_field("offered_on", "Date of the offer", f, Some(today)),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let person_id = form.uuid("person_id").unwrap_or_else(|| {
            errors.add("person_id", "Choose the person the meeting was offered to");
            Uuid::nil()
        });
        let offered = async |offered_on| fnw::offer(db, &ctx, id, &fnw::OfferInput { person_id, offered_on }).await;
        Dated::read(&ctx, form, ("offered_on", "Date of the offer"), errors).save_when_valid(offered).await
    }
);

child_action!(
    load_fgdm; answer_form, answer, Action::WorkOnFamilyNetwork,
    "Record the answer to the offer", "Save answer", "/fgdm-offers/{id}/answer", "network", "answer",
    fields = |lf, f, today| {
        let version = lf.1.offers.iter().find(|o| o.answer.is_none()).map(|o| o.version).unwrap_or(1);
        vec![
            Field::Hidden("version", version.to_string()),
            Field::Radios("answer", "Answer", options(OfferAnswer::ALL, |a| a.code(), |a| a.label()), get(f, "answer")),
            date_field("answered_on", "Date of the answer", f, Some(today)),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("answered_on", "Date of the answer"), errors).save_when_valid(async |answered_on| {
            let input = fnw::AnswerInput { answer: form.get("answer").into(), answered_on, version: version_of(form) };
            fnw::answer_offer(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    load_fgdm; meeting_form, meeting, Action::WorkOnFamilyNetwork,
    "Record the family meeting", "Save meeting", "/fgdm/{id}/meeting", "network", "meeting_on",
    fields = |lf, f, today| {
        vec![
            Field::Hidden("version", lf.1.version.to_string()),
            date_field("meeting_on", "Date of the meeting (arranged or held)", f, Some(today)),
            yes_no("private_family_time", "Did the family have private family time?", f),
            Field::TextArea("plan_proposed", "The family's plan as they proposed it (once the meeting is held)", get(f, "plan_proposed"), ""),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        // A meeting may be arranged ahead: the stand-in is one long before the referral.
        let meeting_on = form.required_date("meeting_on", "Date of the meeting", &mut errors).unwrap_or_else(unreadable_future_date);
        let private_family_time = form.opt("private_family_time").map(|v| v == "yes");
        let input = fnw::MeetingInput { meeting_on, private_family_time, plan_proposed: form.opt("plan_proposed"), version: version_of(form) };
        in_one_round(errors, "meeting_on", fnw::record_meeting(db, &ctx, id, &input)).await
    }
);

child_action!(
    load_fgdm; agree_form, agree, Action::WorkOnFamilyNetwork,
    "Agree the family's plan", "Agree plan", "/fgdm/{id}/agree", "network", "plan_agreed",
    fields = |lf, f, today| {
        let mut v = vec![Field::Hidden("version", lf.1.version.to_string())];
        if let Some(p) = &lf.1.plan_proposed {
            v.push(Field::Paragraph(format!("The family proposed: {p}")));
        }
        v.extend([
            Field::TextArea("plan_agreed", "The plan as the council agrees it", get(f, "plan_agreed"), ""),
            date_field("agreed_on", "Date agreed", f, Some(today)),
            date_field("review_on", "Review date (optional)", f, None),
            Field::TextArea("outcome", "Outcome (optional)", get(f, "outcome"), "For example, the children stay at home with their grandmother's daily support"),
        ]);
        v
    },
    submit = |ctx, id, form, errors, db| {
        let agreed_on = date_or_stand_in(&ctx, form, "agreed_on", "Date agreed", &mut errors);
        let review_on = optional_or_unreadable(form, "review_on", "Review date", &mut errors);
        let input = fnw::AgreeInput { plan_agreed: form.get("plan_agreed").into(), agreed_on, review_on, outcome: form.opt("outcome"), version: version_of(form) };
        // Both dates may be unreadable; either stand-in is refused, so nothing is saved.
        let unreadable = if errors.for_field("agreed_on").is_some() { "agreed_on" } else { "review_on" };
        in_one_round(errors, unreadable, fnw::agree_plan(db, &ctx, id, &input)).await
    }
);

child_action!(
    load_fgdm; exempt_form, exempt, Action::ManagePreProceedings,
    "Record that a family meeting is not in the child's best interests", "Record exemption", "/fgdm/{id}/exempt", "network", "reason",
    fields = |lf, f, _today| {
        vec![
            Field::Hidden("version", lf.1.version.to_string()),
            Field::TextArea("reason", "Why offering or holding the meeting is not in the child's best interests", get(f, "reason"), "Rule R-PLO-2"),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let _ = &mut errors;
        fnw::exempt(db, &ctx, id, &fnw::ExemptInput { reason: form.get("reason").into(), version: version_of(form) }).await
    }
);

child_action!(
    load; gateway_form, gateway, Action::ManagePreProceedings,
    "Record the legal gateway decision", "Save decision", "/people/{id}/plo", "network", "decision",
    fields = |l, f, today| {
        let mut fg = vec![(String::new(), "None yet".to_owned())];
        fg.extend(l.net.fgdms.iter().map(|x| (x.id.to_string(), format!("Referred {} ({})", x.referred_on.format("%-d %B %Y"), x.state_label))));
        vec![
            date_field("gateway_on", "Date of the legal gateway meeting", f, Some(today)),
            Field::Radios("decision", "Decision", options(GatewayDecision::ALL, |d| d.code(), |d| d.label()), get(f, "decision")),
            Field::Select("fgdm_id", "Family group decision making for this child", fg, get(f, "fgdm_id")),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("gateway_on", "Date of the meeting"), errors).save_when_valid(async |gateway_on| {
            let input = fnw::GatewayInput { gateway_on, decision: form.get("decision").into(), fgdm_id: form.uuid("fgdm_id") };
            fnw::gateway(db, &ctx, id, &input).await
        })
        .await
    }
);

async fn load_plo(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<(Loaded, fnw::PloView), PageError> {
    let l = load(state, user, child, id).await?;
    let p = l.net.plos.iter().find(|p| p.id == id).cloned().ok_or(PageError(ServiceError::NotFound("pre-proceedings")))?;
    Ok((l, p))
}

child_action!(
    load_plo; letter_form, letter, Action::ManagePreProceedings,
    "Record the letter before proceedings", "Record letter as sent", "/plo/{id}/letter", "network", "includes_fgdm_offer",
    fields = |lp, f, today| {
        vec![
            Field::Hidden("version", lp.1.version.to_string()),
            date_field("sent_on", "Date sent", f, Some(today)),
            yes_no("includes_fgdm_offer", "Does the letter include the offer of a family group decision making meeting?", f),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("sent_on", "Date sent"), errors).save_when_valid(async |sent_on| {
            let includes_fgdm_offer = form.get("includes_fgdm_offer") == "yes";
            let input = fnw::LetterInput { sent_on, includes_fgdm_offer, version: version_of(form) };
            fnw::send_letter(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    load_plo; plo_meeting_form, plo_meeting, Action::ManagePreProceedings,
    "Record a pre-proceedings meeting", "Save meeting", "/plo/{id}/meeting", "network", "note",
    fields = |_lp, f, today| {
        vec![date_field("held_on", "Date of the meeting", f, Some(today)), Field::TextArea("note", "What was agreed", get(f, "note"), "")]
    },
    submit = |ctx, id, form, errors, db| {
        let note = form.get("note").into();
        let meeting = async |held_on| fnw::plo_meeting(db, &ctx, id, &fnw::PloMeetingInput { held_on, note }).await;
        Dated::read(&ctx, form, ("held_on", "Date of the meeting"), errors).save_when_valid(meeting).await
    }
);

child_action!(
    load_plo; application_form, application, Action::ManagePreProceedings,
    "Record the application as issued", "Record application", "/plo/{id}/application", "network", "kind",
    fields = |lp, f, today| {
        vec![
            Field::Hidden("version", lp.1.version.to_string()),
            Field::Radios("kind", "Application for", options(ApplicationKind::ALL, |k| k.code(), |k| k.label()), get(f, "kind")),
            date_field("issued_on", "Date issued", f, Some(today)),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("issued_on", "Date issued"), errors).save_when_valid(async |issued_on| {
            let input = fnw::ApplicationInput { issued_on, kind: form.get("kind").into(), version: version_of(form) };
            fnw::issue_application(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    load_plo; end_plo_form, end_plo, Action::ManagePreProceedings,
    "End pre-proceedings", "End pre-proceedings", "/plo/{id}/end", "network", "outcome",
    fields = |lp, f, today| {
        vec![
            Field::Hidden("version", lp.1.version.to_string()),
            date_field("ended_on", "Date", f, Some(today)),
            Field::TextArea("outcome", "Outcome", get(f, "outcome"), "For example, concerns reduced: stepped down to the child protection plan"),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("ended_on", "Date"), errors).save_when_valid(async |ended_on| {
            let input = fnw::EndPloInput { ended_on, outcome: form.get("outcome").into(), version: version_of(form) };
            fnw::end_plo(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    load; kinship_form, kinship_add, Action::WorkOnFamilyNetwork,
    "Record a kinship care arrangement", "Save arrangement", "/people/{id}/kinship", "network", "carer_id",
    fields = |l, f, today| {
        vec![
            Field::Select("carer_id", "Kinship carer (from the family network)", members(&l), get(f, "carer_id")),
            Field::Radios("kind", "Kind of arrangement", options(KinshipKind::ALL, |k| k.code(), |k| k.label()), get(f, "kind")),
            date_field("start_date", "Start date", f, Some(today)),
            Field::Checkbox("training", "Training offered to the carer", f.is_some_and(|f| f.checked("training"))),
            Field::Text("weekly_allowance", "Weekly allowance in pounds (optional)", get(f, "weekly_allowance"), "For example, 180.50"),
            Field::TextArea("other_support", "Other support (optional)", get(f, "other_support"), ""),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let allowance = match form.opt("weekly_allowance") {
            None => None,
            Some(s) => match s.trim_start_matches('£').parse::<f64>() {
                Ok(p) if p.is_finite() && p >= 0.0 => Some((p * 100.0).round() as i64),
                _ => {
                    errors.add("weekly_allowance", "Enter the allowance in pounds, like 180.50");
                    None
                }
            },
        };
        let carer_id = form.uuid("carer_id").unwrap_or_else(|| {
            errors.add("carer_id", "Choose the carer");
            Uuid::nil()
        });
        Dated::read(&ctx, form, ("start_date", "Start date"), errors).save_when_valid(async |start_date| {
            let input = fnw::KinshipInput {
                carer_id,
                kind: form.get("kind").into(),
                start_date,
                training: form.checked("training"),
                weekly_allowance_pence: allowance,
                other_support: form.opt("other_support"),
            };
            fnw::add_kinship(db, &ctx, id, &input).await
        })
        .await
    }
);

async fn load_kinship(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<(Loaded, fnw::KinshipView), PageError> {
    let l = load(state, user, child, id).await?;
    let k = l.net.kinship.iter().find(|k| k.id == id && k.end_date.is_none()).cloned();
    let k = k.ok_or(PageError(ServiceError::NotFound("open kinship arrangement")))?;
    Ok((l, k))
}

// Ending kinship care is irreversible: its own page, with the date and a reason, that works
// without JavaScript.
child_action!(
    load_kinship; kinship_end_form, kinship_end, Action::WorkOnFamilyNetwork,
    "End kinship care", "End kinship care", "/kinship/{id}/end", "network", "reason",
    fields = |lk, f, today| {
        let (_, k) = lk;
        let (kind, carer, since) = (&k.kind_label, &k.carer_name, k.start_date.format("%-d %B %Y"));
        let what = format!("{kind} with {carer} since {since}. Ending it is recorded on the child's record and cannot be undone; a new arrangement can be added later.");
        let why = ("Why is it ending?", "For example: the child returned home, or a special guardianship order was made");
        ending_fields(k.version, what, ("end_date", "When did the arrangement end?"), why, f, today)
    },
    submit = |ctx, id, form, errors, db| {
        let (end_date, reason, version) = typed_ending(&ctx, form, ("end_date", "The date the arrangement ended"), &mut errors);
        one_round(fnw::end_kinship(db, &ctx, id, child_id(form), &fnw::EndKinshipInput { end_date, reason, version }).await, errors)
    }
);

fn child_id(form: &FormData) -> Uuid {
    form.get("child").parse().unwrap_or_default()
}

#[derive(Template)]
#[template(path = "family_networks/local_offer.html")]
struct OfferPage {
    layout: Layout,
    title: &'static str,
    intro: &'static str,
    offer: fnw::LocalOffer,
}

/// The council's kinship local offer: public, no sign-in (CA 1989 s.22H).
pub async fn local_offer(State(state): State<AppState>, Path(la): Path<String>) -> Reply {
    let offer = fnw::kinship_local_offer(&state.db, &la).await?;
    let mut layout = Layout::anonymous(&state, "Kinship local offer", "").await;
    layout.council = offer.council.clone();
    layout.la = la;
    let intro =
        "How the council supports children who live with relatives or friends, and the people who care for them (Children Act 1989 s.22H).";
    Ok(render(StatusCode::OK, &OfferPage { layout, title: "Kinship local offer", intro, offer }))
}
