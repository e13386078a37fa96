//! Family networks API handlers: network map, FGDM, pre-proceedings, kinship care.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use ff_service::family_networks as fnw;
use uuid::Uuid;

use super::handlers::Problem;
use super::{ApiJson, ApiPath, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// A child's family network, FGDMs, pre-proceedings and kinship care.
#[utoipa::path(get, path = "/api/v1/people/{id}/network", params(("id" = Uuid, Path)),
    responses((status = 200, body = fnw::NetworkView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn network(State(state): State<AppState>, user: ApiUser, ApiPath(id): ApiPath<Uuid>) -> ApiResult<axum::Json<fnw::NetworkView>> {
    Ok(axum::Json(fnw::for_child(&state.db, &user.ctx(&state), id).await?))
}

/// Add someone from the register to the child's network map.
#[utoipa::path(post, path = "/api/v1/people/{id}/network/members", params(("id" = Uuid, Path)), request_body = fnw::MemberInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_member(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::MemberInput>,
) -> ApiResult<Response> {
    Ok(created(fnw::add_member(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Change a network entry (versioned).
#[utoipa::path(put, path = "/api/v1/network-members/{id}", params(("id" = Uuid, Path)), request_body = fnw::MemberInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn update_member(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::MemberInput>,
) -> ApiResult<StatusCode> {
    fnw::update_member(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Refer the family for family group decision making.
#[utoipa::path(post, path = "/api/v1/people/{id}/fgdm", params(("id" = Uuid, Path)), request_body = fnw::FgdmInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn start_fgdm(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::FgdmInput>,
) -> ApiResult<Response> {
    Ok(created(fnw::start_fgdm(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Record the offer of an FGDM meeting to a person with parental responsibility.
#[utoipa::path(post, path = "/api/v1/fgdm/{id}/offers", params(("id" = Uuid, Path)), request_body = fnw::OfferInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn offer(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::OfferInput>,
) -> ApiResult<Response> {
    Ok(created(fnw::offer(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Record the answer to an offer.
#[utoipa::path(post, path = "/api/v1/fgdm-offers/{id}/answer", params(("id" = Uuid, Path)), request_body = fnw::AnswerInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn answer(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::AnswerInput>,
) -> ApiResult<StatusCode> {
    fnw::answer_offer(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Arrange the meeting, or record it held with the family's plan.
#[utoipa::path(post, path = "/api/v1/fgdm/{id}/meeting", params(("id" = Uuid, Path)), request_body = fnw::MeetingInput,
    responses((status = 200), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn meeting(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::MeetingInput>,
) -> ApiResult<axum::Json<ff_domain::family_networks::FgdmState>> {
    Ok(axum::Json(fnw::record_meeting(&state.db, &user.ctx(&state), id, &input).await?))
}

/// The council agrees the family's plan.
#[utoipa::path(post, path = "/api/v1/fgdm/{id}/agree", params(("id" = Uuid, Path)), request_body = fnw::AgreeInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn agree(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::AgreeInput>,
) -> ApiResult<StatusCode> {
    fnw::agree_plan(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record the best-interests exemption from the FGDM duty (R-PLO-2).
#[utoipa::path(post, path = "/api/v1/fgdm/{id}/exempt", params(("id" = Uuid, Path)), request_body = fnw::ExemptInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn exempt(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::ExemptInput>,
) -> ApiResult<StatusCode> {
    fnw::exempt(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record the legal gateway decision (R-PLO-1).
#[utoipa::path(post, path = "/api/v1/people/{id}/plo", params(("id" = Uuid, Path)), request_body = fnw::GatewayInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn gateway(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::GatewayInput>,
) -> ApiResult<Response> {
    Ok(created(fnw::gateway(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Record the letter before proceedings as sent (R-PLO-2: it must carry the FGDM offer).
#[utoipa::path(post, path = "/api/v1/plo/{id}/letter", params(("id" = Uuid, Path)), request_body = fnw::LetterInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn letter(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::LetterInput>,
) -> ApiResult<StatusCode> {
    fnw::send_letter(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record a pre-proceedings meeting.
#[utoipa::path(post, path = "/api/v1/plo/{id}/meetings", params(("id" = Uuid, Path)), request_body = fnw::PloMeetingInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn plo_meeting(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::PloMeetingInput>,
) -> ApiResult<Response> {
    Ok(created(fnw::plo_meeting(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Record a care or supervision application as issued (R-PLO-2).
#[utoipa::path(post, path = "/api/v1/plo/{id}/application", params(("id" = Uuid, Path)), request_body = fnw::ApplicationInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn application(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::ApplicationInput>,
) -> ApiResult<StatusCode> {
    fnw::issue_application(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// End pre-proceedings with its outcome.
#[utoipa::path(post, path = "/api/v1/plo/{id}/end", params(("id" = Uuid, Path)), request_body = fnw::EndPloInput,
    responses((status = 204), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn end_plo(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::EndPloInput>,
) -> ApiResult<StatusCode> {
    fnw::end_plo(&state.db, &user.ctx(&state), id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record a kinship care arrangement with a carer from the network.
#[utoipa::path(post, path = "/api/v1/people/{id}/kinship", params(("id" = Uuid, Path)), request_body = fnw::KinshipInput,
    responses((status = 201), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn kinship(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<fnw::KinshipInput>,
) -> ApiResult<Response> {
    Ok(created(fnw::add_kinship(&state.db, &user.ctx(&state), id, &input).await?))
}

/// Ending a kinship arrangement: whose it is, when and why.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct EndKinshipRequest {
    pub child_id: Uuid,
    pub end_date: chrono::NaiveDate,
    pub reason: String,
    pub version: i32,
}

/// End a kinship care arrangement (the record stays, with the date and the reason).
#[utoipa::path(post, path = "/api/v1/kinship/{id}/end", params(("id" = Uuid, Path)), request_body = EndKinshipRequest,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn end_kinship(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<EndKinshipRequest>,
) -> ApiResult<StatusCode> {
    let input = fnw::EndKinshipInput { end_date: req.end_date, reason: req.reason, version: req.version };
    fnw::end_kinship(&state.db, &user.ctx(&state), id, req.child_id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}
