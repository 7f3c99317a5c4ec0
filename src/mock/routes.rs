//! HTTP handlers: each reads its request, asks the engine, and answers.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router, routing};
use serde::Deserialize;

use super::Shared;
use super::engine::UploadedDocument;
use super::error::{ApiError, Member};
use super::faults::FaultRule;
use super::scenario::{ReviewDecision, Scenario};
use crate::protocol::{
    ChallengeRequest, CreateCase, ErrorCode, KEYFILE_SHA256, ProofRequest, StepRequest,
    VerifyRequest,
};

type AppState = State<Arc<Shared>>;

/// JSON bodies whose rejections are problem+json like every other error.
struct Body<T>(T);

impl<S, T> FromRequest<S> for Body<T>
where
    Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Json::<T>::from_request(req, state)
            .await
            .map(|Json(value)| Body(value))
            .map_err(|rejection| ApiError::new(ErrorCode::InvalidRequest, rejection.body_text()))
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}

pub fn protocol() -> Router<Arc<Shared>> {
    Router::new()
        .route("/v1/topics", routing::get(list_topics))
        .route("/v1/cases", routing::post(create_case))
        .route(
            "/v1/cases/{case_id}",
            routing::get(get_case).delete(cancel_case),
        )
        .route("/v1/cases/{case_id}/challenge", routing::post(challenge))
        .route("/v1/cases/{case_id}/verify", routing::post(verify))
        .route("/v1/cases/{case_id}/steps", routing::post(steps))
        .route("/v1/cases/{case_id}/keyfile", routing::get(keyfile))
        .route(
            "/v1/cases/{case_id}/keyfile/proof",
            routing::get(proof_challenge).post(prove_keyfile),
        )
        // Acts on a case without its tokens: the owner's "it wasn't me". It
        // goes through the pipeline like the rest: the JSON size limit before
        // the body is read, faults, Idempotency-Keys and the exchange log.
        .route("/v1/objections", routing::post(object))
}

/// As the OpenAPI file has it: `additionalProperties: false`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Objection {
    stop_code: crate::domain::SecretText,
}

async fn object(
    State(shared): AppState,
    Body(request): Body<Objection>,
) -> Result<Response, ApiError> {
    shared.engine(|e| e.stop_change(request.stop_code.expose()))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn list_topics(State(shared): AppState) -> Response {
    Json(shared.engine(|e| e.topics())).into_response()
}

async fn create_case(
    State(shared): AppState,
    // Absent when the router is served without addresses (in-process tests).
    client: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    Body(request): Body<CreateCase>,
) -> Result<Response, ApiError> {
    let client = client.map(|axum::Extension(ConnectInfo(addr))| addr.ip());
    let case = shared.engine(|e| e.create_case(request, client))?;
    Ok((StatusCode::CREATED, Json(case)).into_response())
}

async fn get_case(
    State(shared): AppState,
    Path(case_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    Ok(Json(shared.engine(|e| e.case(&case_id, bearer(&headers)))?).into_response())
}

async fn cancel_case(
    State(shared): AppState,
    Path(case_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    Ok(Json(shared.engine(|e| e.cancel(&case_id, bearer(&headers)))?).into_response())
}

async fn challenge(
    State(shared): AppState,
    Path(case_id): Path<String>,
    headers: HeaderMap,
    Body(request): Body<ChallengeRequest>,
) -> Result<Response, ApiError> {
    let token = bearer(&headers);
    Ok(Json(shared.engine(|e| e.challenge(&case_id, token, request.channel))?).into_response())
}

async fn verify(
    State(shared): AppState,
    Path(case_id): Path<String>,
    headers: HeaderMap,
    Body(request): Body<VerifyRequest>,
) -> Result<Response, ApiError> {
    let token = bearer(&headers);
    Ok(Json(shared.engine(|e| e.verify(&case_id, token, &request.code))?).into_response())
}

/// Steps are JSON, except documents, which come as multipart form data.
async fn steps(
    State(shared): AppState,
    Path(case_id): Path<String>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, ApiError> {
    let token = bearer(&headers).map(str::to_owned);
    let is_multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let case = if is_multipart {
        let documents = read_documents(request).await?;
        shared.engine(|e| e.documents(&case_id, token.as_deref(), documents))?
    } else {
        let Body(step) = Body::<StepRequest>::from_request(request, &()).await?;
        shared.engine(|e| e.step(&case_id, token.as_deref(), step))?
    };
    Ok(Json(case).into_response())
}

async fn read_documents(request: Request) -> Result<Vec<UploadedDocument>, ApiError> {
    let bad = |detail: String| ApiError::new(ErrorCode::InvalidRequest, detail);
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| bad(e.body_text()))?;
    let mut documents = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| bad(e.body_text()))?
    {
        if field.name() != Some("document") {
            continue;
        }
        let file_name = field.file_name().unwrap_or("document").to_owned();
        let bytes = field.bytes().await.map_err(|e| bad(e.body_text()))?;
        documents.push(UploadedDocument { file_name, bytes });
    }
    Ok(documents)
}

async fn keyfile(
    State(shared): AppState,
    Path(case_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (bytes, sha256, wmid) = shared.engine(|e| e.keyfile(&case_id, bearer(&headers)))?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(value) = HeaderValue::from_str(&sha256) {
        headers.insert(KEYFILE_SHA256, value);
    }
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{wmid}.kwm\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

async fn proof_challenge(
    State(shared): AppState,
    Path(case_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    Ok(Json(shared.engine(|e| e.proof_challenge(&case_id, bearer(&headers)))?).into_response())
}

async fn prove_keyfile(
    State(shared): AppState,
    Path(case_id): Path<String>,
    headers: HeaderMap,
    Body(request): Body<ProofRequest>,
) -> Result<Response, ApiError> {
    let accepted =
        shared.engine(|e| e.prove_keyfile(&case_id, bearer(&headers), &request.signature))?;
    Ok(Json(accepted).into_response())
}

// ----- support endpoints: only under /mock/ -----

pub fn support() -> Router<Arc<Shared>> {
    Router::new()
        .route("/mock/outbox", routing::get(outbox))
        .route(
            "/mock/exchanges",
            routing::get(exchanges).delete(clear_exchanges),
        )
        .route("/mock/clock", routing::get(clock).post(advance_clock))
        .route(
            "/mock/faults",
            routing::get(faults).post(set_faults).delete(clear_faults),
        )
        .route("/mock/cases", routing::get(cases))
        .route("/mock/cases/{case_id}", routing::get(inspect_case))
        .route("/mock/cases/{case_id}/review", routing::post(decide_review))
        .route("/mock/scenario", routing::get(scenario).put(load_scenario))
}

async fn outbox(State(shared): AppState) -> Response {
    Json(shared.engine(|e| e.outbox())).into_response()
}

async fn exchanges(State(shared): AppState) -> Response {
    Json(shared.exchanges_snapshot()).into_response()
}

async fn clear_exchanges(State(shared): AppState) -> StatusCode {
    shared.clear_exchanges();
    StatusCode::NO_CONTENT
}

#[derive(serde::Serialize)]
struct ClockView {
    #[serde(with = "time::serde::rfc3339")]
    now: time::OffsetDateTime,
}

#[derive(Deserialize)]
struct AdvanceClock {
    seconds: u64,
}

async fn clock(State(shared): AppState) -> Response {
    Json(ClockView {
        now: shared.engine(|e| e.now()),
    })
    .into_response()
}

async fn advance_clock(State(shared): AppState, Body(request): Body<AdvanceClock>) -> Response {
    shared.advance_clock(std::time::Duration::from_secs(request.seconds));
    let now = shared.engine(|e| e.now());
    Json(ClockView { now }).into_response()
}

async fn faults(State(shared): AppState) -> Response {
    Json(shared.fault_rules()).into_response()
}

async fn set_faults(
    State(shared): AppState,
    Body(rules): Body<Vec<FaultRule>>,
) -> Result<Response, ApiError> {
    for (i, rule) in rules.iter().enumerate() {
        rule.validate().map_err(|message| {
            ApiError::new(ErrorCode::InvalidField, format!("faults[{i}]: {message}"))
                .field(Member::Other("faults"))
        })?;
    }
    shared.set_fault_rules(rules.clone());
    Ok(Json(rules).into_response())
}

async fn clear_faults(State(shared): AppState) -> StatusCode {
    shared.set_fault_rules(Vec::new());
    StatusCode::NO_CONTENT
}

async fn cases(State(shared): AppState) -> Response {
    Json(shared.engine(|e| e.inspect_all())).into_response()
}

async fn inspect_case(
    State(shared): AppState,
    Path(case_id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(Json(shared.engine(|e| e.inspect(&case_id))?).into_response())
}

#[derive(Deserialize)]
struct ReviewRequest {
    decision: ReviewDecision,
}

async fn decide_review(
    State(shared): AppState,
    Path(case_id): Path<String>,
    Body(request): Body<ReviewRequest>,
) -> Result<Response, ApiError> {
    Ok(Json(shared.decide_review(&case_id, request.decision)?).into_response())
}

/// The scenario as it stands now: its accounts as completed cases changed
/// them, so a replay starts where the user left off.
async fn scenario(State(shared): AppState) -> Response {
    Json(shared.engine(|e| e.scenario().clone())).into_response()
}

/// Replaces the scenario (TOML body) and starts over: cases, outbox and faults.
async fn load_scenario(State(shared): AppState, body: String) -> Result<Response, ApiError> {
    let scenario = Scenario::parse("uploaded scenario", &body).map_err(|e| {
        ApiError::with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidRequest,
            e.to_string(),
        )
    })?;
    shared.reset(scenario.clone());
    Ok(Json(scenario).into_response())
}
