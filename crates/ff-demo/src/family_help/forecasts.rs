//! The demo's forecasts: the placements commissioner's baseline from the council's own records,
//! and one from a neighbouring council's 903 return sent as files (Eastwick, not on Families
//! First; a synthetic return from the 903 generator). Through `ff_service::forecasts`, so the
//! demo obeys FC-1..FC-6.

use ff_returns::ssda903::RulesYear;
use ff_returns::ssda903::generate::{GenerateOptions, file_name, generate_files};
use ff_returns::ssda903::model::Table;
use ff_service::forecasts::{self as svc, ForecastFile, ForecastInput};
use ff_service::{Ctx, ServiceError};
use ff_store::Db;

pub(super) async fn seed_forecasts(db: &Db, commissioner: &Ctx) -> Result<(), ServiceError> {
    let records = ForecastInput { title: "Baseline from our records".into(), source: "records".into(), ..Default::default() };
    match svc::run(db, commissioner, &records).await {
        // A demo too small to have a child in care has nothing to forecast from.
        Ok(_) | Err(ServiceError::Validation(_)) => {}
        Err(e) => return Err(e),
    }
    let opts = GenerateOptions { children: 400, seed: 16, year: RulesYear::Y2025_26, breach_rate: 0.0 };
    let (files, _) = generate_files(&opts).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let wanted = [Table::Header, Table::Episodes, Table::Uasc].map(file_name);
    let files = files
        .into_iter()
        .filter(|(n, _)| wanted.contains(&n.as_str()))
        .map(|(name, bytes)| ForecastFile { name, csv: String::from_utf8_lossy(&bytes).into_owned() })
        .collect();
    let eastwick = ForecastInput {
        title: "Eastwick's return, 2025-26".into(),
        source: "files".into(),
        files,
        council: Some("Eastwick".into()),
        year: Some(2026),
        ..Default::default()
    };
    svc::run(db, commissioner, &eastwick).await?;
    Ok(())
}
