//! The professionals involved with a child: add one, end their involvement,
//! and the list the child's page shows with their contact details.

use chrono::NaiveDate;
use ff_domain::policy::Action;
use ff_domain::professionals::{ProfessionalFields, check_end, parse};
use ff_store::Db;
use ff_store::professionals::ProfessionalRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Ctx, Result, ServiceError, audit, stale};

const RECORD: &str = "professional_involved";

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ProfessionalInput {
    /// gp, health_visitor, midwife, school_nurse, school, paediatrician, mental_health,
    /// police_officer, youth_justice, housing, adult_services, probation or other.
    pub role: String,
    #[serde(default)]
    pub name: String,
    /// Their surgery, school, team or force.
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// When they became involved (defaults to today).
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
}

/// Record a professional involved with a child.
pub async fn add(db: &Db, ctx: &Ctx, child: Uuid, input: &ProfessionalInput) -> Result<Uuid> {
    ctx.authorise(Action::EditPerson)?;
    let d = parse(
        &ProfessionalFields {
            role: &input.role,
            name: &input.name,
            organisation: &input.organisation,
            phone: &input.phone,
            email: &input.email,
            start_date: input.start_date,
        },
        ctx.today(),
    )?;
    let mut tx = db.begin().await?;
    ctx.authorise_child(&mut tx, Action::EditPerson, child).await?;
    ff_store::people::get_person(&mut tx, ctx.la(), child).await?.ok_or(ServiceError::NotFound("child"))?;
    let row = ProfessionalRow {
        id: ctx.new_id(),
        child_id: child,
        role: d.role,
        name: d.name,
        organisation: d.organisation,
        phone: d.phone,
        email: d.email,
        start_date: d.start_date,
        end_date: None,
        version: 1,
        created_at: ctx.now,
        created_by: ctx.actor.user_id,
    };
    ff_store::professionals::insert(&mut tx, ctx.la(), &row).await?;
    ff_store::versions::record_version(&mut tx, ctx.la(), RECORD, row.id, 1, &row, Some(ctx.actor.user_id), ctx.now).await?;
    audit(&mut tx, ctx, "create", RECORD, Some(row.id.to_string()), format!("{} involved with a child", row.role.code())).await?;
    tx.commit().await?;
    Ok(row.id)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EndInvolvementInput {
    pub end_date: NaiveDate,
    pub version: i32,
}

/// The professional is no longer involved (moved school, new GP, case closed by the police).
pub async fn end(db: &Db, ctx: &Ctx, id: Uuid, input: &EndInvolvementInput) -> Result<Uuid> {
    ctx.authorise(Action::EditPerson)?;
    let mut tx = db.begin().await?;
    let p = ff_store::professionals::get(&mut tx, ctx.la(), id).await?.ok_or(ServiceError::NotFound("professional"))?;
    ctx.authorise_child(&mut tx, Action::EditPerson, p.child_id).await?;
    if p.version != input.version {
        return Err(stale("professional's involvement", p.version));
    }
    check_end(p.start_date, input.end_date, p.end_date.is_some(), ctx.today())?;
    let (read, child) = (p.version, p.child_id);
    let ended = ProfessionalRow { end_date: Some(input.end_date), ..p };
    crate::versioned::save(&mut tx, ctx, read, ended, "update", "involvement ended").await?;
    tx.commit().await?;
    Ok(child)
}

crate::versioned::aggregate!(ProfessionalRow, RECORD, "professional's involvement", |p, tx, la, read| ff_store::professionals::update(
    tx, la, p, read
));

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProfessionalView {
    pub id: Uuid,
    pub role: String,
    pub role_label: String,
    pub name: String,
    pub organisation: String,
    pub phone: String,
    pub email: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub version: i32,
}

impl ProfessionalView {
    pub(crate) fn from_row(p: ProfessionalRow) -> ProfessionalView {
        ProfessionalView {
            id: p.id,
            role_label: p.role.label().to_owned(),
            role: p.role.code().to_owned(),
            name: p.name,
            organisation: p.organisation,
            phone: p.phone,
            email: p.email,
            start_date: p.start_date,
            end_date: p.end_date,
            version: p.version,
        }
    }

    /// The phone number as a `tel:` link takes it: digits and a leading +, without an extension
    /// or the "(0)" written inside an international number.
    pub fn phone_link(&self) -> String {
        let lower = self.phone.to_ascii_lowercase();
        let number = lower.split("ext").next().unwrap_or("").split(" x").next().unwrap_or("");
        let number = if number.trim_start().starts_with('+') { number.replace("(0)", "") } else { number.to_owned() };
        number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
    }

    /// "Dr Asha Patel, Northmoor Surgery", or whichever of the two is known.
    pub fn who(&self) -> String {
        match (self.name.is_empty(), self.organisation.is_empty()) {
            (false, false) => format!("{}, {}", self.name, self.organisation),
            (false, true) => self.name.clone(),
            _ => self.organisation.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    fn with_phone(phone: &str) -> super::ProfessionalView {
        super::ProfessionalView {
            id: uuid::Uuid::nil(),
            role: "gp".into(),
            role_label: "GP".into(),
            name: String::new(),
            organisation: "Surgery".into(),
            phone: phone.into(),
            email: String::new(),
            start_date: chrono::NaiveDate::MIN,
            end_date: None,
            version: 1,
        }
    }

    #[test]
    fn phone_links_hold_the_number_only() {
        assert_eq!(with_phone("01632 960 001").phone_link(), "01632960001");
        assert_eq!(with_phone("+44 (0)1632 960-556 ext 12").phone_link(), "+441632960556");
        assert_eq!(with_phone("01632 960556 x12").phone_link(), "01632960556");
    }
}
