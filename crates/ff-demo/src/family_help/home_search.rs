//! The demo's searches for a home: for two children in care, the social worker
//! starts a search; the commissioner records a provider that said no and one that offered a home,
//! waiting for the council's decision; a third search found nothing and is kept as failed. All
//! through `ff_service::home_search`, so the demo obeys HS-1..HS-3.

use ff_service::home_search::{self as svc, HomeSearchEndInput, HomeSearchInput, ProviderAnswerInput};
use ff_service::{Ctx, ServiceError};
use ff_store::Db;

fn search(kind: &str, needs: &str, urgency: &str, risk: &str, today: chrono::NaiveDate) -> HomeSearchInput {
    HomeSearchInput {
        urgency: urgency.into(),
        home_kind: kind.into(),
        needed_by: today + chrono::Days::new(14),
        siblings: 0,
        near_family: true,
        family_postcode: Some("NM2 7QA".into()),
        stay_at_school: true,
        needs: needs.into(),
        risk_to_child: risk.into(),
        risk_to_others: "low".into(),
    }
}

pub(super) async fn seed_searches(db: &Db, sw: &Ctx, commissioner: &Ctx, manager: &Ctx) -> Result<(), ServiceError> {
    let today = sw.today();
    let in_care = ff_service::looked_after::due::children_in_care(db, manager).await?;
    let mut children = in_care.children.iter().map(|c| c.child_id);
    if let Some(child) = children.next() {
        let needs = "A foster home where they can keep going to their school and see their brother weekly; likes football";
        let id = svc::start(db, sw, child, &search("foster", needs, "planned", "low", today)).await?;
        let no = ProviderAnswerInput {
            provider_urn: Some("SC512361".into()),
            answered_on: today,
            answer: "refused".into(),
            reason: Some("no_vacancy".into()),
            ..Default::default()
        };
        svc::answer(db, commissioner, id, &no).await?;
        let offer = ProviderAnswerInput {
            provider_urn: Some("SC512360".into()),
            answered_on: today,
            answer: "offered".into(),
            weekly_cost_pence: Some(98_500),
            start_on: Some(today + chrono::Days::new(7)),
            ..Default::default()
        };
        svc::answer(db, commissioner, id, &offer).await?;
    }
    if let Some(child) = children.next() {
        let needs = "A children's home for one young person with staff trained in trauma; needs to stay near the family";
        let id = svc::start(db, sw, child, &search("residential", needs, "emergency", "high", today)).await?;
        for (urn, reason) in [("SC512341", "needs_not_met"), ("SC512342", "matching"), ("SC512346", "location")] {
            let no = ProviderAnswerInput {
                provider_urn: Some(urn.into()),
                answered_on: today,
                answer: "refused".into(),
                reason: Some(reason.into()),
                ..Default::default()
            };
            svc::answer(db, commissioner, id, &no).await?;
        }
        svc::end(db, commissioner, id, &HomeSearchEndInput { version: 1, ended_on: today, end_reason: "no_home_found".into() }).await?;
    }
    Ok(())
}
