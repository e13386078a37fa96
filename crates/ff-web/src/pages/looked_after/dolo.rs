//! Deprivation of liberty orders on pages (LA-12): the order made for a child in care, and its
//! end, each on its own page that works without JavaScript and posts to the same services as the
//! API. The child's care section lists them and says when one is in force.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use ff_domain::ValidationErrors;
use ff_domain::policy::Action;
use ff_service::ServiceError;
use ff_service::looked_after::dolo::{self as svc, DoloEndInput, DoloInput};
use uuid::Uuid;

use super::{care, care_with_id};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::forms::FormData;
use crate::pages::Field;
use crate::pages::actions::Dated;
use crate::pages::fields::{ChildParam, back_to, child_of, date_field, errors_of, form};

child_action!(
    care; order_form, order, Action::WorkOnCare,
    "A deprivation of liberty order", "Save", "/people/{id}/care/dolo", "care", "started_on",
    fields = |c, f, today| {
        let _ = c;
        vec![
            Field::Paragraph(
                "Record an order the court made that allows the child to be deprived of their liberty where they live. While it is in force the child lives in a children's home or a placement under the order: record any change of placement first."
                    .into(),
            ),
            date_field("started_on", "When did the order start?", f, Some(today)),
            date_field("ended_on", "When did it end? (only if it has already ended)", f, None),
        ]
    },
    submit = |ctx, id, form, errors, db| {
        let ended_on = form.optional_date("ended_on", "The end date", &mut errors);
        Dated::read(&ctx, form, ("started_on", "The start date"), errors).save(async |started_on| {
            let input = DoloInput { started_on, ended_on };
            svc::record(db, &ctx, id, &input).await
        })
        .await
    }
);

child_action!(
    care_with_id; end_form, end, Action::WorkOnCare,
    "The deprivation of liberty order has ended", "Save", "/care-dolo/{id}/end", "care", "ended_on",
    fields = |c, f, today| {
        let (care, id) = c;
        let order = care.dolos.iter().find(|o| o.id == id);
        let mut fields: Vec<Field> = order.map(|o| Field::Hidden("version", o.version.to_string())).into_iter().collect();
        if let Some(o) = order {
            fields.push(Field::Paragraph(format!("In force since {}.", o.started_on.format("%-d %B %Y"))));
        }
        fields.push(date_field("ended_on", "When did it end?", f, Some(today)));
        fields
    },
    submit = |ctx, id, form, errors, db| {
        Dated::read(&ctx, form, ("ended_on", "The date"), errors).save(async |ended_on| {
            let input = DoloEndInput { ended_on, version: form.get("version").parse().unwrap_or(0) };
            svc::end(db, &ctx, id, &input).await
        })
        .await
    }
);
