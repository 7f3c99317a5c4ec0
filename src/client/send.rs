//! Sending one request and reading its answer: headers and body, the size
//! limit, the log line, retries while they are safe, and what an error answer means.

use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use super::{ClientError, Document, RecoveryClient, error};
use crate::domain::{Field, SecretText};
use crate::protocol::{ErrorCode, IDEMPOTENCY_KEY, PROBLEM_JSON, ProblemExtensions};

pub(super) enum Payload<'a> {
    Empty,
    Json(Vec<u8>),
    Documents(&'a [Document]),
}

pub(super) struct Answer {
    pub(super) headers: reqwest::header::HeaderMap,
    pub(super) body: Vec<u8>,
}

impl RecoveryClient {
    async fn send_once(
        &self,
        method: &Method,
        url: &Url,
        payload: &Payload<'_>,
        token: Option<&SecretText>,
        idempotency_key: Option<&str>,
    ) -> Result<Answer, ClientError> {
        let mut request = self.http.request(method.clone(), url.clone());
        if let Some(token) = token {
            request = request.header(AUTHORIZATION, format!("Bearer {}", token.expose()));
        }
        if let Some(key) = idempotency_key {
            request = request.header(IDEMPOTENCY_KEY, key);
        }
        request = match payload {
            Payload::Empty => request,
            Payload::Json(body) => request
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone()),
            Payload::Documents(documents) => {
                let mut form = reqwest::multipart::Form::new();
                for document in documents.iter() {
                    let part = reqwest::multipart::Part::stream(document.bytes.clone())
                        .file_name(document.file_name.clone())
                        .mime_str(document.content_type)
                        .map_err(|e| ClientError::Protocol(e.to_string()))?;
                    form = form.part("document", part);
                }
                request.multipart(form)
            }
        };
        let started = std::time::Instant::now();
        let received = self.receive(request).await;
        // Method, route, status and time only: bodies and headers carry codes and
        // tokens, and a case id is enough to ask for codes, so the log gets neither.
        let path = &*loggable_path(url.path());
        let ms = started.elapsed().as_millis();
        match &received {
            Ok((status, ..)) => {
                tracing::info!(%method, path, status = status.as_u16(), ms, "request")
            }
            // The cause tells support an interception (a refused certificate)
            // from a dropped network; it holds no URL, header or body.
            Err((error, cause)) => {
                tracing::info!(%method, path, error = error.kind(), cause, ms, "request failed")
            }
        }
        let (status, headers, body) = received.map_err(|(error, _)| error)?;
        if let Some(date) = headers
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(crate::protocol::parse_http_date)
        {
            // A `Date` drops the fraction of its second: half a second is the
            // best guess of it, and keeps a 30-minute lock from reading "31 minutes".
            self.observe_service_time(date + time::Duration::milliseconds(500));
        }
        if status.is_success() {
            Ok(Answer { headers, body })
        } else if status.is_redirection() {
            Err(redirected(url, &headers))
        } else {
            Err(problem_to_error(
                status,
                &headers,
                &body,
                self.service_now(),
            ))
        }
    }

    /// Sends the request and reads the whole answer, up to the size limit.
    async fn receive(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<(reqwest::StatusCode, reqwest::header::HeaderMap, Vec<u8>), (ClientError, String)>
    {
        let mut response = request
            .send()
            .await
            .map_err(|e| (error::from_reqwest(&e), error::root_cause(&e)))?;
        let limit = self.options.max_response_bytes;
        let too_large = || (ClientError::TooLarge { limit }, String::new());
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(too_large());
        }
        let status = response.status();
        let headers = response.headers().clone();
        let mut body = Vec::new();
        // A body cut short is a lost connection (worth a retry), though reqwest
        // calls it a decoding error: nothing was decoded yet.
        let cut = |e: reqwest::Error| {
            let cause = error::root_cause(&e);
            if e.is_timeout() {
                (ClientError::Timeout, cause)
            } else {
                (ClientError::ConnectionLost, cause)
            }
        };
        while let Some(chunk) = response.chunk().await.map_err(cut)? {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, headers, body))
    }

    /// One user action: sent, and retried while that is safe and worth it.
    pub(super) async fn call(
        &self,
        method: Method,
        url: Url,
        payload: Payload<'_>,
        token: Option<&SecretText>,
    ) -> Result<Answer, ClientError> {
        let idempotency_key =
            (method == Method::POST).then(|| format!("{:032x}", rand::random::<u128>()));
        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.options.first_backoff)
            .with_max_times(self.options.retries)
            .with_jitter();
        (|| self.send_once(&method, &url, &payload, token, idempotency_key.as_deref()))
            .retry(backoff)
            .when(ClientError::is_transient)
            // Honour Retry-After, but only while the backoff still allows a retry:
            // `delay` is None once the attempts are used up.
            .adjust(|error, delay| match (error, delay) {
                (
                    ClientError::Unavailable {
                        retry_after: Some(wait),
                        ..
                    },
                    Some(_),
                ) => Some(*wait),
                (_, delay) => delay,
            })
            .await
    }

    pub(super) async fn call_json<T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<&impl Serialize>,
        token: Option<&SecretText>,
    ) -> Result<T, ClientError> {
        let payload = match body {
            Some(body) => Payload::Json(
                serde_json::to_vec(body).map_err(|e| ClientError::Protocol(e.to_string()))?,
            ),
            None => Payload::Empty,
        };
        let answer = self.call(method, url, payload, token).await?;
        decode(&answer.body)
    }
}

pub(super) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, ClientError> {
    serde_json::from_slice(body).map_err(|e| ClientError::Protocol(e.to_string()))
}

/// A request path with the case id left out: `/v1/cases/{case_id}/verify`.
fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    let segments: Vec<&str> = path.split('/').collect();
    match segments.iter().position(|s| *s == "cases") {
        Some(i) if segments.len() > i + 1 && !segments[i + 1].is_empty() => {
            let mut segments = segments;
            segments[i + 1] = "{case_id}";
            std::borrow::Cow::Owned(segments.join("/"))
        }
        _ => std::borrow::Cow::Borrowed(path),
    }
}

/// A redirect answer, named by where it points. The service has no reason to
/// send one, so it is reported, never followed.
fn redirected(from: &Url, headers: &reqwest::header::HeaderMap) -> ClientError {
    let to = headers
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|location| from.join(location).ok());
    let host = match &to {
        Some(to) => {
            let host = to.host_str().unwrap_or_default();
            match to.port() {
                Some(port) => format!("{}://{host}:{port}", to.scheme()),
                None => format!("{}://{host}", to.scheme()),
            }
        }
        None => String::new(),
    };
    ClientError::Redirected { host }
}

fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?;
    text.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// Turns an error answer into what it means; RFC 9457 bodies carry a stable `code`.
pub(super) fn problem_to_error(
    status: reqwest::StatusCode,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
    service_now: OffsetDateTime,
) -> ClientError {
    let wait = retry_after(headers);
    let is_problem = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON));
    let problem = is_problem
        .then(|| {
            serde_json::from_slice::<problem_details::ProblemDetails<ProblemExtensions>>(body).ok()
        })
        .flatten();
    let Some(problem) = problem else {
        return match status.as_u16() {
            503 => ClientError::Unavailable {
                retry_at: None,
                retry_after: wait,
            },
            429 => ClientError::RateLimited { retry_at: None },
            s if s >= 500 => ClientError::Server { status: s },
            s => {
                ClientError::Protocol(format!("unexpected HTTP {s} without a problem description"))
            }
        };
    };
    let detail = problem.detail.clone().unwrap_or_default();
    let ext = problem.extensions;
    let retry_at: Option<OffsetDateTime> = ext.retry_at.or_else(|| wait.map(|w| service_now + w));
    // A field this app does not know is kept as none: said as "a field".
    let field = ext
        .field
        .as_deref()
        .and_then(|name| name.parse::<Field>().ok());
    match ext.code.unwrap_or(ErrorCode::Unknown) {
        ErrorCode::InvalidIdentifier
        | ErrorCode::InvalidField
        | ErrorCode::InvalidRequest
        | ErrorCode::UnsupportedChannel
        | ErrorCode::PayloadTooLarge => ClientError::InvalidInput {
            field,
            message: detail,
        },
        ErrorCode::WrongCode => ClientError::WrongCode {
            field: if ext.field.is_some() {
                field
            } else {
                Some(Field::Code)
            },
            attempts_left: ext.attempts_left.unwrap_or(0),
        },
        ErrorCode::BadSignature => ClientError::BadSignature {
            attempts_left: ext.attempts_left.unwrap_or(0),
        },
        ErrorCode::CodeExpired => ClientError::CodeExpired,
        ErrorCode::NoCodeSent | ErrorCode::WrongState | ErrorCode::IdempotencyMismatch => {
            ClientError::WrongState(detail)
        }
        ErrorCode::Locked => ClientError::Locked { until: retry_at },
        ErrorCode::ResendCooldown => ClientError::Cooldown { retry_at },
        ErrorCode::RateLimited => ClientError::RateLimited { retry_at },
        ErrorCode::CaseExpired => ClientError::CaseExpired,
        ErrorCode::CaseNotFound => ClientError::CaseNotFound,
        ErrorCode::Unauthorized => ClientError::Unauthorized,
        ErrorCode::NotReady => ClientError::NotReady { eta: retry_at },
        ErrorCode::Unavailable => ClientError::Unavailable {
            retry_at,
            retry_after: wait,
        },
        ErrorCode::ServerError | ErrorCode::Unknown => ClientError::Server {
            status: status.as_u16(),
        },
    }
}

#[cfg(test)]
mod loggable_path_tests {
    use super::loggable_path;

    #[test]
    fn case_ids_stay_out_of_the_log() {
        assert_eq!(
            loggable_path("/v1/cases/c_0123abcd/verify"),
            "/v1/cases/{case_id}/verify"
        );
        assert_eq!(
            loggable_path("/api/v1/cases/c_0123abcd"),
            "/api/v1/cases/{case_id}"
        );
        assert_eq!(loggable_path("/v1/cases"), "/v1/cases");
        assert_eq!(loggable_path("/v1/topics"), "/v1/topics");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field a refusal names is one the app knows, or none: a name this
    /// app does not know is said as "a field", never shown raw.
    #[test]
    fn a_refusal_names_a_known_field_or_none() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(CONTENT_TYPE, PROBLEM_JSON.parse().expect("a header value"));
        let refused = |field: &str| {
            let body = format!(
                r#"{{"type":"about:blank","title":"Invalid","status":400,"code":"invalid_field","field":"{field}"}}"#
            );
            problem_to_error(
                reqwest::StatusCode::BAD_REQUEST,
                &headers,
                body.as_bytes(),
                OffsetDateTime::now_utc(),
            )
        };
        assert_eq!(refused("phone").field(), Some(Field::Phone));
        assert_eq!(refused("shoe_size").field(), None);
        assert!(matches!(
            refused("shoe_size"),
            ClientError::InvalidInput { field: None, .. }
        ));
    }

    #[test]
    fn problem_without_json_falls_back_on_status() {
        let headers = reqwest::header::HeaderMap::new();
        assert_eq!(
            problem_to_error(
                reqwest::StatusCode::BAD_GATEWAY,
                &headers,
                b"<html>",
                OffsetDateTime::now_utc()
            ),
            ClientError::Server { status: 502 }
        );
        assert!(ClientError::Server { status: 502 }.is_transient());
        assert!(
            !ClientError::WrongCode {
                field: Some(Field::Code),
                attempts_left: 2
            }
            .is_transient()
        );
    }
}
