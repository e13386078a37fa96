//! Sufficiency through the API (RCC-2, RCC-SHARE-7, RCC-SHARE-8): the picture on a day, as the
//! page (`pages::sufficiency`) shows it. Counts only.

use axum::extract::State;
use ff_service::sufficiency::{self as svc, OnDay, SufficiencyView};

use super::ApiQuery;
use super::handlers::Problem;
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SufficiencyQuery {
    /// The day, written like 2026-09-30: today if left out; never in the future.
    pub on: Option<String>,
}

/// Whether the council has the homes its children in care need, on a day: the children by kind
/// of home, provider, area and distance from home, placement stability, searches for a home, and
/// the council's own foster places. A day that cannot be read or is in the future is 422.
#[utoipa::path(get, path = "/api/v1/sufficiency", params(SufficiencyQuery),
    responses((status = 200, body = SufficiencyView), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 422, body = Problem)))]
pub async fn sufficiency(
    State(state): State<AppState>,
    user: ApiUser,
    ApiQuery(q): ApiQuery<SufficiencyQuery>,
) -> Result<axum::Json<SufficiencyView>, ApiError> {
    let on = match q.on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            ff_domain::people::parse_iso_date(s, "The day")
                .map_err(|m| ff_service::ServiceError::Validation(ff_domain::ValidationErrors::single("on", m)))?,
        ),
    };
    Ok(axum::Json(svc::view(&state.db, &user.ctx(&state), &OnDay { on }).await?))
}
