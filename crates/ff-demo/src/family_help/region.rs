//! The demo's region (RCC-1; decision 0029): the Pennine care co-operative, kept by Northmoor,
//! with Northmoor and Calderbrook (201) on Families First and Eastwick (202) joining by sending
//! its 903 files. Northmoor's analyst shares a pseudonymised extract with the placement snapshot;
//! the regional analyst takes in Eastwick's synthetic return (the 903 generator's). Through
//! `ff_service`, so the demo obeys the same rules.

use chrono::Days;
use ff_returns::ssda903::RulesYear;
use ff_returns::ssda903::generate::{GenerateOptions, file_name, generate_files};
use ff_returns::ssda903::model::Table;
use ff_service::forecasts::ForecastFile;
use ff_service::regions::{self as svc, RegionInput, RegionMemberInput, UploadInput};
use ff_service::sharing::{self, ExtractInput};
use ff_service::{Ctx, ServiceError};
use ff_store::Db;

use crate::{DEMO_LA, DEMO_LA_NAME};

pub(super) async fn seed_region(db: &Db, admin: &Ctx, analyst: &Ctx, regional: &Ctx) -> Result<(), ServiceError> {
    let today = admin.today();
    let region = RegionInput { code: "RCC-PEN".into(), name: "Pennine Care Co-operative".into(), version: Some(0) };
    svc::save_region(db, admin, &region).await?;
    let joined = today - Days::new(400);
    for (la, name, how) in [
        (DEMO_LA, DEMO_LA_NAME, "families_first"),
        ("201", "Calderbrook Council", "families_first"),
        ("202", "Eastwick Council", "uploads_903"),
    ] {
        let m = RegionMemberInput { la_code: la.into(), name: name.into(), participation: how.into(), joined_on: joined, left_on: None };
        svc::add_member(db, admin, &m).await?;
    }
    // Northmoor shares this year's 903 tables and the placement snapshot (RCC-SHARE-1, -2).
    let extract = ExtractInput {
        purpose: "sufficiency".into(),
        agreement: "DSA-PENNINE-2026".into(),
        delete_by: today + Days::new(365 * 5),
        years: Some(1),
        placements: true,
        placements_on: None,
    };
    sharing::create_extract(db, analyst, &extract).await?;
    // Eastwick is not on Families First: its return comes as files.
    let opts = GenerateOptions { children: 120, seed: 29, year: RulesYear::Y2025_26, breach_rate: 0.0 };
    let (files, _) = generate_files(&opts).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let wanted = [Table::Header, Table::Episodes, Table::Uasc].map(file_name);
    let files = files
        .into_iter()
        .filter(|(n, _)| wanted.contains(&n.as_str()))
        .map(|(name, bytes)| ForecastFile { name, csv: String::from_utf8_lossy(&bytes).into_owned() })
        .collect();
    svc::upload(db, regional, &UploadInput { la_code: "202".into(), year: RulesYear::Y2025_26.to_string(), files }).await?;
    Ok(())
}
