//! The professionals involved with a child: adding one and ending their
//! involvement, each on its own page that works without JavaScript, posting to the same service
//! functions as the API. The list itself is on the child's page.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use ff_domain::ValidationErrors;
use ff_domain::policy::Action;
use ff_domain::professionals::ProfessionalRole;
use ff_service::ServiceError;
use ff_service::professionals::{self as svc, EndInvolvementInput, ProfessionalInput, ProfessionalView};
use uuid::Uuid;

use super::fields::{
    ChildParam, back_to, child_of, date_field, errors_of, form, in_one_round, one_round, optional_or_unreadable, unreadable_date,
};
use super::{Field, get, options};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;

async fn no_load(_state: &AppState, _user: &PageUser, _child: Uuid, _id: Uuid) -> Result<(), PageError> {
    Ok(())
}

child_action!(
    no_load;
    add_form,
    add,
    Action::EditPerson,
    "Add a professional involved with the child",
    "Save",
    "/people/{id}/professionals",
    "professional",
    "role",
    fields = |nothing, f, today| {
        let _ = (nothing, today);
        vec![
            Field::Radios("role", "What do they do for the child?", options(ProfessionalRole::ALL, |r| r.code(), |r| r.label()), get(f, "role")),
            Field::Text("name", "Their name (optional if you give the organisation)", get(f, "name"), "For example, Dr Asha Patel"),
            Field::Text("organisation", "Their surgery, school, team or force (optional if you give their name)", get(f, "organisation"), ""),
            Field::Text("phone", "Phone (optional)", get(f, "phone"), "For example, 01632 960 001"),
            Field::Text("email", "Email (optional)", get(f, "email"), ""),
            date_field("start_date", "Involved since (optional)", f, None),
            Field::Paragraph("Without a date, today is used.".into()),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let start_date = optional_or_unreadable(form, "start_date", "Date", &mut errors);
        let input = ProfessionalInput {
            role: form.get("role").into(),
            name: form.get("name").into(),
            organisation: form.get("organisation").into(),
            phone: form.get("phone").into(),
            email: form.get("email").into(),
            start_date,
        };
        in_one_round(errors, "start_date", svc::add(db, &ctx, id, &input)).await
    }
);

/// The professional `id` as the child's record lists them, still involved.
async fn load(state: &AppState, user: &PageUser, child: Uuid, id: Uuid) -> Result<ProfessionalView, PageError> {
    let rec = ff_service::people::view(&state.db, &user.ctx(state), child).await?;
    let p = rec.professionals.into_iter().find(|p| p.id == id && p.end_date.is_none());
    p.ok_or(PageError(ServiceError::NotFound("professional still involved")))
}

child_action!(
    load;
    end_form,
    end,
    Action::EditPerson,
    "End a professional's involvement",
    "Save",
    "/professionals/{id}/end",
    "professional_ended",
    "end_date",
    fields = |p, f, today| {
        vec![
            Field::Hidden("version", p.version.to_string()),
            Field::Paragraph(format!("{}: {}, involved since {}.", p.role_label, p.who(), p.start_date.format("%-d %B %Y"))),
            date_field("end_date", "When did their involvement end?", f, Some(today)),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let end_date = form.required_date("end_date", "The date their involvement ended", &mut errors);
        let input = EndInvolvementInput {
            end_date: end_date.unwrap_or_else(|| unreadable_date(&ctx)),
            version: form.get("version").parse().unwrap_or(0),
        };
        one_round(svc::end(db, &ctx, id, &input).await.map(|_| ()), errors)
    }
);
