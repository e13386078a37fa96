//! Letters for families through the API: each is a PDF kept with the child's
//! documents; the answer is the document's id (fetch the file from
//! `/api/v1/documents/{id}/content`). What a letter needs: L-1 to L-3 in `ff_domain::letters`.

use axum::extract::State;
use axum::response::Response;
use ff_service::letters::{self as svc, ConferenceInvitationInput, InvitationInput, LetterBeforeProceedingsInput, OutcomeLetterInput};
use uuid::Uuid;

use super::handlers::{Created, Problem};
use super::{ApiJson, ApiPath, created};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::ApiError;

type ApiResult<T> = Result<T, ApiError>;

/// Invite a parent or carer to a child protection conference about the child (R-CP-4).
#[utoipa::path(post, path = "/api/v1/people/{id}/conference-invitations", params(("id" = Uuid, Path)), request_body = ConferenceInvitationInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn invite_to_conference(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ConferenceInvitationInput>,
) -> ApiResult<Response> {
    Ok(created(svc::invite_to_conference(&state.db, &user.ctx(&state), &state.documents, id, &input).await?))
}

/// Tell a parent or carer what a conference decided.
#[utoipa::path(post, path = "/api/v1/conferences/{id}/outcome-letter", params(("id" = Uuid, Path)), request_body = OutcomeLetterInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn conference_outcome(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<OutcomeLetterInput>,
) -> ApiResult<Response> {
    Ok(created(svc::conference_outcome(&state.db, &user.ctx(&state), &state.documents, id, &input).await?))
}

/// The letter before proceedings (R-PLO-2): why the council is worried, the pre-proceedings
/// meeting, free legal advice and the offer of a family group decision making meeting.
#[utoipa::path(post, path = "/api/v1/plo/{id}/letter-before-proceedings", params(("id" = Uuid, Path)), request_body = LetterBeforeProceedingsInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn letter_before_proceedings(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<LetterBeforeProceedingsInput>,
) -> ApiResult<Response> {
    Ok(created(svc::letter_before_proceedings(&state.db, &user.ctx(&state), &state.documents, id, &input).await?))
}

/// Invite someone to a family group decision making meeting about the child.
#[utoipa::path(post, path = "/api/v1/fgdm/{id}/invitations", params(("id" = Uuid, Path)), request_body = InvitationInput,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn invite_to_fgdm(
    State(state): State<AppState>,
    user: ApiUser,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<InvitationInput>,
) -> ApiResult<Response> {
    Ok(created(svc::invite_to_fgdm(&state.db, &user.ctx(&state), &state.documents, id, &input).await?))
}
