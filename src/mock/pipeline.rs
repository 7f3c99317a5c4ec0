//! What every protocol request goes through: injected faults, the
//! Idempotency-Key replay, and the exchange record.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use super::Shared;
use super::error::{ApiError, Member};
use super::exchanges::{BodySnapshot, Exchange, Recorded};
use super::faults::{FaultKind, RouteId};
use super::idempotency::{Claim, Entry};
use crate::protocol::{ErrorCode, IDEMPOTENCY_KEY};

/// Documents of up to 10 MB each, a few of them, and the multipart framing.
pub const REQUEST_LIMIT: usize = 32 * 1024 * 1024;
/// Every other request is a small JSON object.
pub const JSON_LIMIT: usize = 64 * 1024;

/// A response as the handler gave it, kept for replays.
#[derive(Clone)]
pub struct Stored {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// The longest Idempotency-Key accepted.
pub const IDEMPOTENCY_KEY_MAX: usize = 255;

/// 1 to 255 visible ASCII characters (RFC 9110 VCHAR), or the reason it is not.
fn check_idempotency_key(value: &HeaderValue) -> Result<&str, &'static str> {
    let bytes = value.as_bytes();
    if bytes.is_empty() || bytes.len() > IDEMPOTENCY_KEY_MAX {
        return Err("the Idempotency-Key must be 1 to 255 characters long");
    }
    if !bytes.iter().all(|b| (0x21..=0x7e).contains(b)) {
        return Err("the Idempotency-Key may hold only visible ASCII characters");
    }
    value
        .to_str()
        .map_err(|_| "the Idempotency-Key is not text")
}

/// Where a key applies: the same key from another credential, route, case or
/// client address is another key, so nobody can replay (or spoil) someone
/// else's answer, even by sending the same request with the same key.
fn idempotency_scope(
    method: &Method,
    path: &str,
    credential: &[u8],
    client: Option<IpAddr>,
    key: &str,
) -> [u8; 32] {
    let client = match client.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V4(v4)) => v4.octets().to_vec(),
        Some(IpAddr::V6(v6)) => v6.octets().to_vec(),
        None => Vec::new(),
    };
    let mut hasher = Sha256::new();
    for part in [
        method.as_str().as_bytes(),
        path.as_bytes(),
        credential,
        &client,
        key.as_bytes(),
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// The case id of a request on `/v1/cases/{case_id}...`.
fn case_id_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/v1/cases/")?;
    Some(rest.split('/').next().unwrap_or(rest)).filter(|id| !id.is_empty())
}

async fn buffer(response: Response) -> Stored {
    let (parts, body) = response.into_parts();
    // Handler bodies are small and in memory; failing to read one is a server error.
    let body = axum::body::to_bytes(body, REQUEST_LIMIT)
        .await
        .unwrap_or_default();
    Stored {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// What makes two requests "the same" for an Idempotency-Key. A multipart body
/// carries a random boundary that a client's retry may change, so for uploads
/// the size stands in for the content.
fn fingerprint(method: &Method, path: &str, content_type: Option<&str>, body: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(method.as_str());
    hasher.update([0]);
    hasher.update(path);
    hasher.update([0]);
    if content_type.is_some_and(|t| t.starts_with("multipart/")) {
        hasher.update((body.len() as u64).to_le_bytes());
    } else {
        hasher.update(body);
    }
    hasher.finalize().into()
}

fn dropped() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, io::Error>(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "fault: connection dropped",
        ))
    });
    Response::new(Body::from_stream(stream))
}

fn fault_status(status: u16, now: time::OffsetDateTime) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let code = match status {
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Unavailable,
        _ => ErrorCode::ServerError,
    };
    let error = ApiError::with_status(status, code, "injected fault");
    if matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
    ) {
        error
            .retry_at(now + time::Duration::SECOND, now)
            .into_response()
    } else {
        error.into_response()
    }
}

fn respond(stored: Stored, fault: Option<&FaultKind>) -> Response {
    let Stored {
        status,
        mut headers,
        body,
    } = stored;
    let body = match fault {
        Some(FaultKind::DropResponse) => return dropped(),
        Some(FaultKind::Malformed) => {
            headers.remove(header::CONTENT_LENGTH);
            Body::from(&b"{\"case_id\": \"c_\x01\xfe"[..])
        }
        Some(FaultKind::Truncated) => {
            // Promise the whole body, send half, then fail: the client sees a short read.
            if let Ok(len) = HeaderValue::from_str(&body.len().to_string()) {
                headers.insert(header::CONTENT_LENGTH, len);
            }
            // The pause lets the server flush the head and the first half before
            // the error closes the connection; without it nothing at all was sent.
            let half = body.slice(..body.len() / 2);
            let stream = futures_util::stream::once(async { Ok::<Bytes, io::Error>(half) }).chain(
                futures_util::stream::once(async {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "fault: truncated",
                    ))
                }),
            );
            Body::from_stream(stream)
        }
        Some(FaultKind::SlowBody { chunk_delay_ms }) => {
            let delay = Duration::from_millis(*chunk_delay_ms);
            let chunks: Vec<Bytes> = body.chunks(16).map(Bytes::copy_from_slice).collect();
            let stream =
                futures_util::stream::unfold(chunks.into_iter(), move |mut rest| async move {
                    let chunk = rest.next()?;
                    tokio::time::sleep(delay).await;
                    Some((Ok::<Bytes, io::Error>(chunk), rest))
                });
            Body::from_stream(stream)
        }
        _ => Body::from(body),
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

fn fault_name(kind: &FaultKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

/// Every answer carries the mock's own clock as its `Date`, so a client counts
/// waits on it even when support staff have moved that clock.
pub async fn pipeline(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let mut response = run(shared.clone(), request, next).await;
    let now = shared.engine(|e| e.now());
    if let Ok(date) = HeaderValue::from_str(&crate::protocol::http_date(now)) {
        response.headers_mut().insert(header::DATE, date);
    }
    response
}

async fn run(shared: Arc<Shared>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let at = shared.engine(|e| e.now());
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .and_then(|m| RouteId::from_request(&method, m.as_str()));
    let (parts, body) = request.into_parts();
    // Before a byte of the body is read: its size from the headers, and a token
    // for the case. A stranger's 32 MB upload costs the service nothing.
    let limit = if route == Some(RouteId::Steps) {
        REQUEST_LIMIT
    } else {
        JSON_LIMIT
    };
    // What every record of this exchange says about it, whatever its bodies.
    let meta = |status: u16, fault: Option<String>, replayed: bool| Exchange {
        id: 0,
        at,
        method: method.to_string(),
        path: path.clone(),
        route,
        status,
        duration_ms: started.elapsed().as_secs_f64() * 1000.0,
        request: None,
        response: None,
        fault,
        replayed,
    };
    // Refused before the body is read: recorded without it.
    let refuse = |error: ApiError| async {
        let stored = buffer(error.into_response()).await;
        let response = BodySnapshot::new(&stored.body, Some(crate::protocol::PROBLEM_JSON));
        shared.record(Recorded {
            meta: meta(stored.status.as_u16(), None, false),
            request: BodySnapshot::default(),
            response,
        });
        respond(stored, None)
    };
    let too_large = || ApiError::new(ErrorCode::PayloadTooLarge, "the request is too large");
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return refuse(too_large()).await;
    }
    if let Some(case_id) = case_id_of(&path) {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if !shared.engine(|e| e.token_opens(case_id, token)) {
            return refuse(ApiError::case_not_found()).await;
        }
    }
    let Ok(body) = axum::body::to_bytes(body, limit).await else {
        return refuse(too_large()).await;
    };
    let content_type = |headers: &HeaderMap| {
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let request_type = content_type(&parts.headers);
    let plan = route.map(|r| shared.fault_plan(r)).unwrap_or_default();
    // A delay is a fault too: named when no other fault fired with it.
    let latency = (plan.latency_ms > 0).then(|| "latency".to_owned());
    let record =
        |status: u16, response: BodySnapshot, fault: Option<&FaultKind>, replayed: bool| Recorded {
            meta: meta(status, fault.map(fault_name).or(latency.clone()), replayed),
            request: BodySnapshot::new(&body, request_type.as_deref()),
            response,
        };

    // A refusal once the body is read: recorded with the request it refuses.
    let refuse_read = async |error: ApiError| {
        let stored = buffer(error.into_response()).await;
        let shown = BodySnapshot::new(&stored.body, content_type(&stored.headers).as_deref());
        shared.record(record(stored.status.as_u16(), shown, None, false));
        respond(stored, None)
    };

    if plan.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(plan.latency_ms)).await;
    }
    match &plan.action {
        Some(FaultKind::Status { status }) => {
            let stored = buffer(fault_status(*status, at)).await;
            let shown = BodySnapshot::new(&stored.body, content_type(&stored.headers).as_deref());
            shared.record(record(
                stored.status.as_u16(),
                shown,
                plan.action.as_ref(),
                false,
            ));
            return respond(stored, None);
        }
        Some(FaultKind::Drop) => {
            shared.record(record(
                0,
                BodySnapshot::default(),
                plan.action.as_ref(),
                false,
            ));
            return dropped();
        }
        _ => {}
    }

    let key = match parts.headers.get(IDEMPOTENCY_KEY) {
        Some(value) if method == Method::POST => match check_idempotency_key(value) {
            Ok(key) => Some(key.to_owned()),
            Err(reason) => {
                let error = ApiError::new(ErrorCode::InvalidRequest, reason)
                    .field(Member::Other("Idempotency-Key"));
                return refuse_read(error).await;
            }
        },
        _ => None,
    };
    let credential = parts
        .headers
        .get(header::AUTHORIZATION)
        .map(|v| v.as_bytes().to_vec())
        .unwrap_or_default();
    // The client as the rate limit on new cases knows it: the peer's address.
    let client = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let request = Request::from_parts(parts, Body::from(body.clone()));
    let (stored, replayed) = match key {
        Some(key) => {
            // The token was checked before the body was read: a token revoked
            // since the answer was stored (a cancelled session) replays nothing.
            let fingerprint = fingerprint(&method, &path, request_type.as_deref(), &body);
            let scope = idempotency_scope(&method, &path, &credential, client, &key);
            let claim = shared.idempotency(|store| store.claim(scope, fingerprint, client, at));
            let entry = match claim {
                Claim::Entry(entry) => entry,
                Claim::Mismatch => {
                    let error = ApiError::new(
                        ErrorCode::IdempotencyMismatch,
                        "this Idempotency-Key was used for a different request",
                    )
                    .field(Member::Other("Idempotency-Key"));
                    return refuse_read(error).await;
                }
                Claim::Full { retry_after } => {
                    let error = ApiError::new(
                        ErrorCode::Unavailable,
                        "too many answers are kept for Idempotency-Keys: a new key is taken \
                         once the oldest expires; a retry with a key already answered is \
                         answered as before",
                    )
                    .field(Member::Other("Idempotency-Key"))
                    .retry_at(at + retry_after, at);
                    return refuse_read(error).await;
                }
            };
            // Set when this request runs the handler (the first, or one after a
            // first that never finished); a duplicate meanwhile waits for it.
            let ran = AtomicBool::new(false);
            let mut settle = Settle {
                shared: &shared,
                scope,
                entry: &entry,
                ran: &ran,
                done: false,
            };
            let stored = entry
                .response
                .get_or_init(|| {
                    ran.store(true, Ordering::Relaxed);
                    async { buffer(next.run(request).await).await }
                })
                .await
                .clone();
            settle.finish(must_replay(&stored));
            (stored, !ran.load(Ordering::Relaxed))
        }
        None => (buffer(next.run(request).await).await, false),
    };
    let shown = BodySnapshot::new(&stored.body, content_type(&stored.headers).as_deref());
    shared.record(record(
        stored.status.as_u16(),
        shown,
        plan.action.as_ref(),
        replayed,
    ));
    respond(stored, plan.action.as_ref())
}

/// Whether a retry must get this answer again instead of running its request
/// twice: a success, and a refusal that counted against the account (a wrong
/// code or answer, a signature that does not verify), which a retry would
/// count again. Other refusals (a 4xx, a 429, a lock) changed nothing a retry
/// could repeat, so they are not kept.
fn must_replay(stored: &Stored) -> bool {
    if stored.status.is_success() {
        return true;
    }
    if stored.status != StatusCode::UNPROCESSABLE_ENTITY {
        return false;
    }
    #[derive(serde::Deserialize)]
    struct Code {
        code: Option<ErrorCode>,
    }
    serde_json::from_slice::<Code>(&stored.body).is_ok_and(|problem| {
        matches!(
            problem.code,
            Some(ErrorCode::WrongCode | ErrorCode::BadSignature)
        )
    })
}

/// Settles a key's entry once its request has run, and also when the request
/// is dropped halfway (its client went away): such an entry is taken out, so
/// an unfinished request never holds a place in the store.
struct Settle<'a> {
    shared: &'a Shared,
    scope: [u8; 32],
    entry: &'a Arc<Entry>,
    ran: &'a AtomicBool,
    done: bool,
}

impl Settle<'_> {
    fn finish(&mut self, keep: bool) {
        self.done = true;
        if self.ran.load(Ordering::Relaxed) {
            self.shared
                .idempotency(|store| store.settle(self.scope, self.entry, keep));
        }
    }
}

impl Drop for Settle<'_> {
    fn drop(&mut self) {
        if !self.done && self.ran.load(Ordering::Relaxed) && !self.entry.response.initialized() {
            self.shared
                .idempotency(|store| store.settle(self.scope, self.entry, false));
        }
    }
}
