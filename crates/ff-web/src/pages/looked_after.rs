//! Children looked after, on pages (LA-1..LA-6): a child becomes looked after,
//! their legal status or placement changes, and they leave care, each on its own page that works
//! without JavaScript and posts to the same service functions as the API; likewise reviews,
//! visits, health assessments, education plans and missing episodes. The care history and its
//! clocks are a section of the child's page.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use ff_domain::ValidationErrors;
use ff_domain::looked_after::checks::{CareCheckKind, MissingKind};
use ff_domain::looked_after::connections::ConnectionKind;
use ff_domain::looked_after::outcomes::SdqReason;
use ff_domain::looked_after::{
    CategoryOfNeed, LegalStatus, PlacementProvider, PlacementType, PreviousPermanence, ReasonCeased, ReasonPlaceChange, ReviewParticipation,
};
use ff_domain::policy::Action;
use ff_service::ServiceError;
use ff_service::looked_after::checks::{self, CareCheckInput, MissingInput, MissingReturnInput};
use ff_service::looked_after::connections::{self, ConnectionInput, ConnectionStepInput};
use ff_service::looked_after::due;
use ff_service::looked_after::outcomes::OutcomesInput;
use ff_service::looked_after::{self as svc, CareReviewInput, CareView, ChangeCareInput, LeaveCareInput, PlacementInput, StartCareInput};
use uuid::Uuid;

use super::actions::{Dated, typed_ending};
use super::fields::{ChildParam, Reply, back_to, child_of, date_field, errors_of, form, one_round, unreadable_date};
use super::{Field, get, options};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

pub(crate) async fn care(state: &AppState, user: &PageUser, child: Uuid, _id: Uuid) -> Result<CareView, PageError> {
    Ok(svc::for_child(&state.db, &user.ctx(state), child).await?)
}

/// What was typed, or else `current`.
fn typed_or(f: Option<&FormData>, k: &str, current: &str) -> String {
    match f {
        Some(f) => f.get(k).to_owned(),
        None => current.to_owned(),
    }
}

/// The legal status and placement fields, filled with what was typed or the current episode.
fn placement_fields(f: Option<&FormData>, current: Option<&svc::CareEpisodeView>, people: &Placers) -> Vec<Field> {
    let Placers { carers, managers } = people;
    let cur = |pick: fn(&svc::CareEpisodeView) -> &str| current.map(pick).unwrap_or("");
    let mut households = vec![(String::new(), "Not with the council's own foster carers".to_owned())];
    households.extend(carers.iter().map(|(id, name)| (id.to_string(), name.clone())));
    let managers = managers.clone();
    let current_carer = current.and_then(|c| c.carer_id).map(|c| c.to_string()).unwrap_or_default();
    vec![
        Field::Select(
            "legal_status",
            "Legal status",
            options(LegalStatus::ALL, |c| c.code(), |c| c.label()),
            typed_or(f, "legal_status", cur(|e| &e.legal_status)),
        ),
        Field::Select(
            "placement_type",
            "Kind of placement",
            options(PlacementType::ALL, |c| c.code(), |c| c.label()),
            typed_or(f, "placement_type", cur(|e| &e.placement_type)),
        ),
        Field::Select(
            "placement_provider",
            "Who provides the placement",
            options(PlacementProvider::ALL, |c| c.code(), |c| c.label()),
            typed_or(f, "placement_provider", cur(|e| &e.placement_provider)),
        ),
        Field::Text(
            "placement_postcode",
            "Postcode of the placement",
            typed_or(f, "placement_postcode", cur(|e| &e.placement_postcode)),
            "For example, NM1 4AB",
        ),
        Field::Select(
            "carer_id",
            "The council's foster carers (for a foster placement)",
            households,
            typed_or(f, "carer_id", &current_carer),
        ),
        Field::Text(
            "provider_urn",
            "The home's or agency's Ofsted URN (if it has one)",
            typed_or(f, "provider_urn", current.and_then(|c| c.provider_urn.as_deref()).unwrap_or("")),
            "Like SC123456 or 2612345: on the provider register or the inspection report. A children's home, supported accommodation or a family centre must have one.",
        ),
        Field::TextArea(
            "provider_agreed_reason",
            "Only if the home is not registered or was judged Inadequate: why place the child here?",
            get(f, "provider_agreed_reason"),
            "A practice supervisor or team manager must agree such a placement. Say why it is right for the child for now.",
        ),
        Field::Select("provider_agreed_by", "The manager who agreed", managers, get(f, "provider_agreed_by")),
    ]
}

/// Who a child can be placed with and who may agree a placement the register raises concerns
/// about, for the placement forms.
struct Placers {
    carers: Vec<(Uuid, String)>,
    /// (value, label) with a first "none" choice.
    managers: Vec<(String, String)>,
}

fn placement_input(form: &FormData) -> PlacementInput {
    PlacementInput {
        legal_status: form.get("legal_status").into(),
        placement_type: form.get("placement_type").into(),
        placement_provider: form.get("placement_provider").into(),
        placement_postcode: form.get("placement_postcode").into(),
        // The form offers the child's current household; it only names carers when the new
        // placement is a foster placement (CR-6), so a move to a home need not clear it first.
        carer_id: form.get("carer_id").parse().ok().filter(|_| form.get("placement_type").trim().starts_with('U')),
        provider_urn: form.opt("provider_urn"),
        provider_agreed_reason: form.opt("provider_agreed_reason"),
        provider_agreed_by: form.get("provider_agreed_by").parse().ok(),
    }
}

/// The child's care and the households a child can be placed with, for the placement forms.
async fn care_and_carers(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<(CareView, Placers), PageError> {
    let ctx = user.ctx(state);
    let carers = ff_service::carers::placeable(&state.db, &ctx).await?;
    let mut managers = vec![(String::new(), "No manager's agreement needed".to_owned())];
    managers.extend(ff_service::providers::managers(&state.db, &ctx).await?.into_iter().map(|(id, n)| (id.to_string(), n)));
    Ok((care(state, user, child, id).await?, Placers { carers, managers }))
}

child_action!(
    care_and_carers; start_form, start, Action::WorkOnCare,
    "The child becomes looked after", "Save", "/people/{id}/care/start", "care", "start_date",
    fields = |c, f, today| {
        let (_, carers) = c;
        let mut fields = vec![
            date_field("start_date", "When did the child become looked after?", f, Some(today)),
            Field::Radios(
                "category_of_need",
                "Why is the child looked after?",
                options(CategoryOfNeed::ALL, |c| c.code(), |c| c.label()),
                get(f, "category_of_need"),
            ),
        ];
        fields.extend(placement_fields(f, None, &carers));
        fields.push(Field::Radios(
            "previous_permanence",
            "Before coming into care, was the child adopted or under a special guardianship or child arrangements order?",
            options(PreviousPermanence::ALL, |c| c.code(), |c| c.label()),
            get(f, "previous_permanence"),
        ));
        fields.push(Field::Text(
            "la_perm",
            "If so, the council that made the order (optional)",
            get(f, "la_perm"),
            "Its 3-digit DfE number, or WAL, SCO or NIR for Wales, Scotland or Northern Ireland, NUK outside the UK",
        ));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("start_date", "The date the child became looked after"), errors).save(async |start_date| {
            let input = StartCareInput {
                start_date,
                category_of_need: form.get("category_of_need").into(),
                placement: placement_input(form),
                previous_permanence: form.opt("previous_permanence"),
                la_perm: form.opt("la_perm"),
                date_perm: None,
            };
            svc::start(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    care_and_carers; change_form, change, Action::WorkOnCare,
    "Change the legal status or placement", "Save", "/people/{id}/care/change", "care", "start_date",
    fields = |c, f, today| {
        let (c, carers) = c;
        let mut fields = match &c.current {
            Some(cur) => vec![
                Field::Hidden("version", cur.version.to_string()),
                Field::Paragraph(format!(
                    "Now: {} ({}), {} ({}), since {}.",
                    cur.legal_status_label,
                    cur.legal_status,
                    cur.placement_type_label,
                    cur.placement_type,
                    cur.start_date.format("%-d %B %Y")
                )),
            ],
            None => vec![Field::Paragraph("The child is not looked after now.".into())],
        };
        fields.push(date_field("start_date", "From when?", f, Some(today)));
        fields.extend(placement_fields(f, c.current.as_ref(), &carers));
        fields.push(Field::Radios(
            "same_carer",
            "Is the child staying with the same carer?",
            vec![("yes".into(), "Yes, the same carer (for example the carer moved house)".into()), ("no".into(), "No".into())],
            typed_or(f, "same_carer", "no"),
        ));
        let mut reasons = vec![(String::new(), "Not a move (the legal status changed)".to_owned())];
        reasons.extend(options(ReasonPlaceChange::ALL, |c| c.code(), |c| c.label()));
        fields.push(Field::Select("reason_place_change", "If the child moved: why did the placement end?", reasons, get(f, "reason_place_change")));
        fields.push(Field::Text(
            "decided_by",
            "If the child moved: who decided the move?",
            get(f, "decided_by"),
            "A person with their role, or a meeting (for example: looked-after review, 3 November)",
        ));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("start_date", "The date of the change"), errors).save(async |start_date| {
            let input = ChangeCareInput {
                start_date,
                placement: placement_input(form),
                same_carer: form.get("same_carer") == "yes",
                reason_place_change: form.opt("reason_place_change"),
                decided_by: form.opt("decided_by"),
                version: form.get("version").parse().unwrap_or(0),
            };
            svc::change(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    care; leave_form, leave, Action::WorkOnCare,
    "The child leaves care", "Save", "/people/{id}/care/leave", "care", "end_date",
    fields = |c, f, today| {
        let mut fields: Vec<Field> = c.current.iter().map(|cur| Field::Hidden("version", cur.version.to_string())).collect();
        fields.push(date_field("end_date", "When did the child leave care?", f, Some(today)));
        let ways = ReasonCeased::ALL.iter().filter(|r| **r != ReasonCeased::X1).copied().collect::<Vec<_>>();
        // Nothing chosen at first: a reason is a decision, not a default.
        let mut choices = vec![(String::new(), "Choose how they left care".to_owned())];
        choices.extend(options(&ways, |c| c.code(), |c| c.label()));
        fields.push(Field::Select("reason", "How did they leave care?", choices, get(f, "reason")));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        let (end_date, reason, version) = typed_ending(&ctx, form, ("end_date", "The date the child left care"), &mut errors);
        one_round(svc::leave(db, &ctx, id, &LeaveCareInput { end_date, reason, version }).await, errors)
    }
);

/// The child's care and the council's reviewing officers, for the review form.
async fn care_and_officers(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<(CareView, Vec<(Uuid, String)>), PageError> {
    let c = care(state, user, child, id).await?;
    let officers = svc::reviewing_officers(&state.db, &user.ctx(state)).await?;
    Ok((c, officers))
}

child_action!(
    care_and_officers; review_form, review, Action::RecordCareReview,
    "Record a looked-after review", "Save", "/people/{id}/care/review", "care", "held_on",
    fields = |c, f, today| {
        let (care, officers) = c;
        let mut fields = vec![];
        if let (Some(due), Some(which)) = (care.next_review_due, care.next_review.as_deref()) {
            fields.push(Field::Paragraph(format!("The {which} review is due by {}.", due.format("%A %-d %B %Y"))));
        }
        fields.push(date_field("held_on", "When was the review held?", f, Some(today)));
        let chairs = officers.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
        fields.push(Field::Select("chair_id", "Independent reviewing officer who chaired it", chairs, get(f, "chair_id")));
        fields.push(Field::Radios(
            "participation",
            "How did the child take part?",
            options(ReviewParticipation::ALL, |p| p.code(), |p| p.label()),
            get(f, "participation"),
        ));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        let chair_id = form.get("chair_id").parse().unwrap_or_default();
        Dated::read(&ctx, form, ("held_on", "The date of the review"), errors).save(async |held_on| {
            let input = CareReviewInput { held_on, chair_id, participation: form.get("participation").into() };
            svc::record_review(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    care; check_form, check, Action::WorkOnCare,
    "Record a visit, health assessment or education plan", "Save", "/people/{id}/care/check", "care", "held_on",
    fields = |c, f, today| {
        let mut fields: Vec<Field> = c
            .clocks
            .iter()
            .filter(|k| k.what != "review")
            .map(|k| {
                Field::Paragraph(format!(
                    "{} due by {}{}.",
                    k.label,
                    k.due.format("%A %-d %B %Y"),
                    if k.overdue { " (overdue)" } else { "" }
                ))
            })
            .collect();
        fields.push(Field::Radios("kind", "What took place?", options(CareCheckKind::ALL, |k| k.code(), |k| k.label()), get(f, "kind")));
        fields.push(date_field("held_on", "When?", f, Some(today)));
        fields.push(Field::Radios(
            "child_seen",
            "For a visit: was the child seen?",
            vec![("yes".into(), "Yes".into()), ("alone".into(), "Yes, and seen alone".into()), ("no".into(), "No".into())],
            typed_or(f, "child_seen", "yes"),
        ));
        fields.push(Field::TextArea("summary", "What happened", get(f, "summary"), "A few lines: the full record goes in a case note"));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        let seen = form.get("child_seen");
        Dated::read(&ctx, form, ("held_on", "The date"), errors).save(async |held_on| {
            let input = CareCheckInput {
                kind: form.get("kind").into(),
                held_on,
                child_seen: seen != "no",
                child_seen_alone: seen == "alone",
                summary: form.get("summary").into(),
            };
            checks::record_check(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    care; missing_form, missing, Action::WorkOnCare,
    "The child is missing or away from their placement", "Save", "/people/{id}/care/missing", "care", "started_on",
    fields = |_c, f, today| {
        vec![
            Field::Radios("kind", "Missing or away?", options(MissingKind::ALL, |k| k.code(), |k| k.label()), get(f, "kind")),
            date_field("started_on", "When did they go, or when were they last seen?", f, Some(today)),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("started_on", "The date"), errors).save(async |started_on| {
            let input = MissingInput { kind: form.get("kind").into(), started_on };
            checks::record_missing(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    care; return_form, return_home, Action::WorkOnCare,
    "The child has come back", "Save", "/care-missing/{id}/return", "care", "ended_on",
    fields = |c, f, today| {
        let open = c.missing.iter().find(|m| m.ended_on.is_none());
        let mut fields: Vec<Field> = open.iter().map(|m| Field::Hidden("version", m.version.to_string())).collect();
        if let Some(m) = open {
            fields.push(Field::Paragraph(format!("{} since {}.", m.kind_label, m.started_on.format("%-d %B %Y"))));
        }
        fields.push(date_field("ended_on", "When did they come back?", f, Some(today)));
        fields.push(Field::Radios(
            "rhi",
            "Return home interview",
            vec![
                ("accepted".into(), "Offered and accepted".into()),
                ("declined".into(), "Offered and declined".into()),
                ("not_offered".into(), "Not offered".into()),
            ],
            get(f, "rhi"),
        ));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        let ended_on = form.required_date("ended_on", "The date", &mut errors);
        let rhi = form.get("rhi");
        let rhi_known = matches!(rhi, "accepted" | "declined" | "not_offered");
        if !rhi_known {
            errors.add("rhi", "Choose whether a return home interview was offered");
        }
        let input = MissingReturnInput {
            // Without an answer about the interview the service is given a date it refuses, so
            // nothing is written and the form comes back with both mistakes.
            ended_on: ended_on.filter(|_| rhi_known).unwrap_or_else(|| unreadable_date(&ctx)),
            rhi_offered: rhi != "not_offered",
            rhi_accepted: (rhi != "not_offered").then_some(rhi == "accepted"),
            version: form.get("version").parse().unwrap_or(0),
        };
        one_round(checks::record_return(db, &ctx, id, &input).await, errors)
    }
);

#[derive(askama::Template)]
#[template(path = "looked_after/children_in_care.html")]
struct ChildrenInCarePage {
    layout: super::Layout,
    list: due::ChildrenInCare,
}

/// Every child in care with their next review, for reviewing officers and managers.
pub async fn children_in_care(State(state): State<AppState>, user: PageUser) -> Reply {
    let list = due::children_in_care(&state.db, &user.ctx(&state)).await?;
    let layout = super::Layout::for_user(&state, &user, "Children in care", "/children-in-care").await;
    Ok(super::render(axum::http::StatusCode::OK, &ChildrenInCarePage { layout, list }))
}

async fn person(state: &AppState, user: &PageUser, child: Uuid, _id: Uuid) -> Result<ff_service::people::PersonRecord, PageError> {
    Ok(ff_service::people::view(&state.db, &user.ctx(state), child).await?)
}

child_action!(
    person; upn_form, upn, Action::EditPerson,
    "Unique pupil number", "Save", "/people/{id}/upn", "record", "upn",
    fields = |p, f, _today| {
        vec![
            Field::Hidden("version", p.person.version.to_string()),
            Field::Text(
                "upn",
                "Unique pupil number",
                typed_or(f, "upn", p.person.upn.as_deref().unwrap_or("")),
                "13 characters from the child's school, like A123456789012. Leave blank if the child has none yet",
            ),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let input = ff_service::people::UpnInput { upn: form.opt("upn"), version: form.get("version").parse().unwrap_or(0) };
        one_round(ff_service::people::set_upn(db, &ctx, id, &input).await, errors)
    }
);

/// A yes/no question posted as "yes"/"no"; blank is not answered.
fn yes_no(form: &FormData, k: &str) -> Option<bool> {
    match form.get(k) {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn yes_no_field(name: &'static str, legend: &'static str, f: Option<&FormData>) -> Field {
    Field::Radios(name, legend, vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())], get(f, name))
}

child_action!(
    care; outcomes_form, outcomes, Action::WorkOnCare,
    "Outcomes for the year to 31 March", "Save", "/people/{id}/care/outcomes", "care", "sdq_score",
    fields = |_c, f, today| {
        let mut reasons = vec![(String::new(), "There is a score".to_owned())];
        reasons.extend(options(SdqReason::ALL, |r| r.code(), |r| r.label()));
        vec![
            Field::Paragraph(format!(
                "For the year to 31 March {} (the children looked after return's outcomes, for children in care all year).",
                ff_domain::looked_after::outcomes::year_ending(today).format("%Y")
            )),
            Field::Text("sdq_score", "Strengths and difficulties questionnaire score (ages 4 to 16)", get(f, "sdq_score"), "0 to 40"),
            Field::Select("sdq_reason", "If there is no score, why not", reasons, get(f, "sdq_reason")),
            Field::Radios(
                "convicted",
                "Convicted, warned or reprimanded in the year (ages 10 and over)",
                vec![("yes".into(), "Yes".into()), ("no".into(), "No".into()), (String::new(), "Under 10".into())],
                get(f, "convicted"),
            ),
            yes_no_field("immunisations", "Immunisations up to date", f),
            yes_no_field("teeth_check", "Teeth checked by a dentist in the year", f),
            yes_no_field("substance_misuse", "Identified as having a substance misuse problem in the year", f),
            yes_no_field("intervention_received", "If so, did they receive an intervention?", f),
            yes_no_field("intervention_offered", "If not received, was one offered?", f),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let score = form.get("sdq_score").trim();
        let sdq_score = if score.is_empty() {
            None
        } else {
            match score.parse::<u8>() {
                Ok(s) => Some(s),
                Err(_) => {
                    errors.add("sdq_score", "Enter the score as a whole number from 0 to 40");
                    Some(u8::MAX)
                }
            }
        };
        for k in ["immunisations", "teeth_check", "substance_misuse"] {
            if yes_no(form, k).is_none() {
                errors.add(k, "Choose yes or no");
            }
        }
        let input = OutcomesInput {
            as_at: if errors.is_empty() { ctx.today() } else { unreadable_date(&ctx) },
            sdq_score,
            sdq_reason: form.opt("sdq_reason"),
            convicted: yes_no(form, "convicted"),
            immunisations: yes_no(form, "immunisations").unwrap_or(false),
            teeth_check: yes_no(form, "teeth_check").unwrap_or(false),
            substance_misuse: yes_no(form, "substance_misuse").unwrap_or(false),
            intervention_received: yes_no(form, "intervention_received"),
            intervention_offered: yes_no(form, "intervention_offered"),
        };
        let result = match ff_service::looked_after::outcomes::record(db, &ctx, id, &input).await {
            // The stand-in date's refusal is the form's own doing: the form's messages say what to fix.
            Err(ServiceError::Validation(v)) if !errors.is_empty() => {
                Err(ServiceError::Validation(ValidationErrors(v.0.into_iter().filter(|e| e.field != "as_at").collect())))
            }
            other => other,
        };
        one_round(result, errors)
    }
);

child_action!(
    care; uasc_form, uasc, Action::WorkOnCare,
    "Unaccompanied asylum-seeking child", "Save", "/people/{id}/care/uasc", "care", "since",
    fields = |c, f, today| {
        let mut fields = vec![];
        if let Some(u) = &c.uasc {
            fields.push(Field::Paragraph(format!("Recorded now: since {}.", u.since.format("%-d %B %Y"))));
        }
        fields.push(date_field("since", "When was the child known to the council as unaccompanied and seeking asylum?", f, Some(today)));
        fields.push(date_field("ceased", "When did that status end? (leave blank while it continues)", f, None));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        let ceased = form.optional_date("ceased", "The date the status ended", &mut errors);
        Dated::read(&ctx, form, ("since", "The date"), errors).save(async |since| {
            let input = ff_service::looked_after::uasc::UascInput { since, ceased };
            ff_service::looked_after::uasc::record(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    care; connection_form, connection, Action::WorkOnCare,
    "Family finding and mentoring: offer a connection", "Save", "/people/{id}/care/connections", "care", "offered_on",
    fields = |_c, f, today| {
        vec![
            Field::Radios("kind", "Who is the connection with?", options(ConnectionKind::ALL, |k| k.code(), |k| k.label()), get(f, "kind")),
            Field::Text("name", "Who (name, and for a mentor the scheme)", get(f, "name"), ""),
            date_field("offered_on", "When was it offered?", f, Some(today)),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("offered_on", "The date"), errors).save(async |offered_on| {
            let input = ConnectionInput {
                kind: form.get("kind").into(),
                name: form.get("name").into(),
                offered_on,
            };
            connections::offer(db, &ctx, id, &input).await
        })
        .await
    }
);

/// The connection a step form is about, found among the child's.
fn connection_of(c: &CareView, id: Uuid) -> Option<&ff_service::looked_after::connections::ConnectionView> {
    c.connections.iter().find(|k| k.id == id)
}

child_action!(
    care_with_id; connection_match_form, connection_match, Action::WorkOnCare,
    "The connection is matched", "Save", "/care-connections/{id}/match", "care", "on",
    fields = |c, f, today| {
        let (care, id) = c;
        let mut fields: Vec<Field> = connection_of(&care, id).map(|k| Field::Hidden("version", k.version.to_string())).into_iter().collect();
        if let Some(k) = connection_of(&care, id) {
            fields.push(Field::Paragraph(format!("{}: {}, offered on {}.", k.kind_label, k.name, k.offered_on.format("%-d %B %Y"))));
        }
        fields.push(date_field("on", "When were they matched?", f, Some(today)));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("on", "The date"), errors).save(async |on| {
            let input = ConnectionStepInput { on, end_reason: None, version: form.get("version").parse().unwrap_or(0) };
            connections::step(db, &ctx, id, false, &input).await
        })
        .await
    }
);

child_action!(
    care_with_id; connection_end_form, connection_end, Action::WorkOnCare,
    "The connection ends", "Save", "/care-connections/{id}/end", "care", "on",
    fields = |c, f, today| {
        let (care, id) = c;
        let mut fields: Vec<Field> = connection_of(&care, id).map(|k| Field::Hidden("version", k.version.to_string())).into_iter().collect();
        if let Some(k) = connection_of(&care, id) {
            fields.push(Field::Paragraph(format!("{}: {}.", k.kind_label, k.name)));
        }
        fields.push(date_field("on", "When did it end?", f, Some(today)));
        fields.push(Field::Text("end_reason", "Why did it end?", get(f, "end_reason"), ""));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("on", "The date"), errors).save(async |on| {
            let input = ConnectionStepInput {
                on,
                end_reason: form.opt("end_reason"),
                version: form.get("version").parse().unwrap_or(0),
            };
            connections::step(db, &ctx, id, true, &input).await
        })
        .await
    }
);

/// The child's care and the id a form is about.
pub(crate) async fn care_with_id(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<(CareView, Uuid), PageError> {
    Ok((care(state, user, child, id).await?, id))
}

pub mod adoption;
pub mod agreement;
pub mod dolo;
pub mod leaving;
