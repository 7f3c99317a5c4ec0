//! The recovery service's client: typed requests, typed errors.
//!
//! Each call is one user action. POSTs carry an `Idempotency-Key` made once
//! per action, so a retry after a lost answer never sends a second SMS or
//! opens a second case. Retries happen only for transient failures.

mod error;
pub mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use zeroize::Zeroizing;

pub use error::ClientError;

use crate::domain::{Code, Identifier, SecretText};
use crate::keyfile::{self, KeyMaterial, Signature};
use crate::protocol::{
    Case, CaseOpened, ChallengeRequest, Channel, CreateCase, DocumentProblem, ErrorCode,
    IDEMPOTENCY_KEY, KEYFILE_SHA256, PROBLEM_JSON, ProblemExtensions, ProofAccepted,
    ProofChallenge, ProofRequest, StepRequest, Topic, TopicId, TopicList, Verified, VerifyRequest,
    check_document, check_document_size,
};

/// Longer `Retry-After` waits are shown to the user instead of slept through.
pub const MAX_AUTOMATIC_WAIT: Duration = Duration::from_secs(3);

#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub connect_timeout: Duration,
    /// For one attempt, from sending to the last byte of the answer.
    pub request_timeout: Duration,
    pub max_response_bytes: usize,
    /// Further attempts after a transient failure.
    pub retries: usize,
    pub first_backoff: Duration,
    /// Certificates (DER) to trust instead of the system's: a private CA, or a
    /// test server's own certificate. Certificates are always verified. Only
    /// these, not these as well: a service with its own CA is pinned to it,
    /// and the check is rustls' own on every OS (Windows' chain engine with an
    /// extra root store is not there under Wine, where CI runs the Windows build).
    pub trusted_roots_der: Vec<Vec<u8>>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(20),
            max_response_bytes: 1024 * 1024,
            retries: 2,
            first_backoff: Duration::from_millis(200),
            trusted_roots_der: Vec::new(),
        }
    }
}

/// Checks an endpoint: https, or plain http only to this computer.
pub fn parse_endpoint(text: &str) -> Result<Url, ClientError> {
    let mut url =
        Url::parse(text.trim()).map_err(|e| ClientError::InvalidEndpoint(e.to_string()))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => return Err(ClientError::InvalidEndpoint("the URL has no host".into())),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err(ClientError::InsecureEndpoint),
        other => {
            return Err(ClientError::InvalidEndpoint(format!(
                "unsupported scheme {other}"
            )));
        }
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// A document to send for review, checked before it is uploaded.
#[derive(Debug, Clone)]
pub struct Document {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: bytes::Bytes,
}

impl Document {
    pub fn new(
        file_name: impl Into<String>,
        bytes: impl Into<bytes::Bytes>,
    ) -> Result<Self, ClientError> {
        let file_name = file_name.into();
        let bytes = bytes.into();
        let content_type = check_document(&file_name, &bytes).map_err(document_error)?;
        Ok(Document {
            file_name,
            content_type,
            bytes,
        })
    }

    /// Reads a document the user picked, refusing a too-large one before reading it.
    /// Blocking: call it off the UI thread.
    pub fn from_path(path: &std::path::Path) -> Result<Self, ClientError> {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let unreadable = |e: std::io::Error| ClientError::InvalidInput {
            field: "document".into(),
            message: format!("{file_name}: {e}"),
        };
        let size = std::fs::metadata(path).map_err(unreadable)?.len();
        check_document_size(&file_name, size).map_err(document_error)?;
        let bytes = std::fs::read(path).map_err(unreadable)?;
        Document::new(file_name, bytes)
    }
}

fn document_error(problem: DocumentProblem) -> ClientError {
    ClientError::InvalidInput {
        field: "document".into(),
        message: problem.to_string(),
    }
}

/// A key file as downloaded, its checksum verified.
pub struct DownloadedKeyFile {
    pub bytes: Zeroizing<Vec<u8>>,
    pub sha256: String,
    /// The WMID the file belongs to, from the file name the service gives it.
    pub wmid: Option<crate::domain::Wmid>,
}

impl std::fmt::Debug for DownloadedKeyFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DownloadedKeyFile")
            .field("sha256", &self.sha256)
            .finish_non_exhaustive()
    }
}

enum Payload<'a> {
    Empty,
    Json(Vec<u8>),
    Documents(&'a [Document]),
}

struct Answer {
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

#[derive(Clone)]
pub struct RecoveryClient {
    http: reqwest::Client,
    base: Url,
    options: ClientOptions,
    /// How far the service's clock runs ahead of this computer's, in
    /// milliseconds, as its latest `Date` said; shared by every clone.
    ahead_ms: Arc<AtomicI64>,
}

impl std::fmt::Debug for RecoveryClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecoveryClient")
            .field("endpoint", &self.base.as_str())
            .finish()
    }
}

impl RecoveryClient {
    pub fn new(endpoint: &str, options: ClientOptions) -> Result<Self, ClientError> {
        let base = parse_endpoint(endpoint)?;
        // reqwest takes the process-wide provider; if another part installed one first, that one is used.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .https_only(base.scheme() == "https")
            // A redirect would resend a POST's code, password or answer, and its
            // Idempotency-Key, to wherever the answer points: follow none.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("keeper-recovery/", env!("CARGO_PKG_VERSION")));
        if !options.trusted_roots_der.is_empty() {
            let roots = options
                .trusted_roots_der
                .iter()
                .map(|der| reqwest::Certificate::from_der(der))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| ClientError::InvalidEndpoint(e.to_string()))?;
            builder = builder.tls_certs_only(roots);
        }
        let http = builder
            .build()
            .map_err(|e| ClientError::InvalidEndpoint(e.to_string()))?;
        Ok(RecoveryClient {
            http,
            base,
            options,
            ahead_ms: Arc::new(AtomicI64::new(0)),
        })
    }

    /// How far the service's clock runs ahead of this computer's (negative when
    /// behind). Waits the service gives are counted on its clock, not ours.
    pub fn clock_offset(&self) -> time::Duration {
        time::Duration::milliseconds(self.ahead_ms.load(Ordering::Relaxed))
    }

    /// Now, on the service's clock.
    pub fn service_now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.clock_offset()
    }

    /// Takes the service's time as it is now (its `Date` header, or the mock's
    /// own clock in support mode). A `Date` has whole seconds only, so a change
    /// under two seconds is read as rounding, not as a moved clock.
    pub fn observe_service_time(&self, service_now: OffsetDateTime) {
        let ahead = service_now - OffsetDateTime::now_utc();
        let ms = i64::try_from(ahead.whole_milliseconds()).unwrap_or(0);
        let old = self.ahead_ms.load(Ordering::Relaxed);
        if (ms - old).abs() >= 2000 {
            self.ahead_ms.store(ms, Ordering::Relaxed);
        }
    }

    pub fn endpoint(&self) -> &Url {
        &self.base
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    fn url(&self, path: &str) -> Result<Url, ClientError> {
        self.base
            .join(path)
            .map_err(|e| ClientError::InvalidEndpoint(e.to_string()))
    }

    fn case_url(&self, case_id: &str, tail: &str) -> Result<Url, ClientError> {
        // Ids come from the service; anything but these characters would change the path.
        if case_id.is_empty()
            || !case_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(ClientError::Protocol(
                "the service gave a malformed case id".into(),
            ));
        }
        self.url(&format!("v1/cases/{case_id}{tail}"))
    }

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
            Err(error) => tracing::info!(%method, path, error = error.kind(), ms, "request failed"),
        }
        let (status, headers, body) = received?;
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
    ) -> Result<(reqwest::StatusCode, reqwest::header::HeaderMap, Vec<u8>), ClientError> {
        let mut response = request.send().await.map_err(|e| error::from_reqwest(&e))?;
        let limit = self.options.max_response_bytes;
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(ClientError::TooLarge { limit });
        }
        let status = response.status();
        let headers = response.headers().clone();
        let mut body = Vec::new();
        // A body cut short is a lost connection (worth a retry), though reqwest
        // calls it a decoding error: nothing was decoded yet.
        let cut = |e: reqwest::Error| {
            if e.is_timeout() {
                ClientError::Timeout
            } else {
                ClientError::ConnectionLost
            }
        };
        while let Some(chunk) = response.chunk().await.map_err(cut)? {
            if body.len() + chunk.len() > limit {
                return Err(ClientError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, headers, body))
    }

    /// One user action: sent, and retried while that is safe and worth it.
    async fn call(
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

    async fn call_json<T: DeserializeOwned>(
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

    pub async fn topics(&self) -> Result<Vec<Topic>, ClientError> {
        let list: TopicList = self
            .call_json(Method::GET, self.url("v1/topics")?, None::<&()>, None)
            .await?;
        Ok(list.topics)
    }

    /// Opens a case; keep its `case_token` as secret as a session token: every
    /// later request on the case needs it.
    pub async fn create_case(
        &self,
        topic: TopicId,
        identifier: &Identifier,
    ) -> Result<CaseOpened, ClientError> {
        let body = CreateCase {
            topic,
            identifier: identifier.as_wire().to_owned(),
        };
        self.call_json(Method::POST, self.url("v1/cases")?, Some(&body), None)
            .await
    }

    /// `token`: the case token, or the session token once verified.
    pub async fn case(&self, case_id: &str, token: &SecretText) -> Result<Case, ClientError> {
        self.call_json(
            Method::GET,
            self.case_url(case_id, "")?,
            None::<&()>,
            Some(token),
        )
        .await
    }

    pub async fn challenge(
        &self,
        case_id: &str,
        token: &SecretText,
        channel: Channel,
    ) -> Result<Case, ClientError> {
        let body = ChallengeRequest { channel };
        self.call_json(
            Method::POST,
            self.case_url(case_id, "/challenge")?,
            Some(&body),
            Some(token),
        )
        .await
    }

    pub async fn verify(
        &self,
        case_id: &str,
        token: &SecretText,
        code: &Code,
    ) -> Result<Verified, ClientError> {
        let body = VerifyRequest {
            code: code.secret().clone(),
        };
        self.call_json(
            Method::POST,
            self.case_url(case_id, "/verify")?,
            Some(&body),
            Some(token),
        )
        .await
    }

    pub async fn step(
        &self,
        case_id: &str,
        token: &SecretText,
        step: &StepRequest,
    ) -> Result<Case, ClientError> {
        self.call_json(
            Method::POST,
            self.case_url(case_id, "/steps")?,
            Some(step),
            Some(token),
        )
        .await
    }

    pub async fn upload_documents(
        &self,
        case_id: &str,
        token: &SecretText,
        documents: &[Document],
    ) -> Result<Case, ClientError> {
        let url = self.case_url(case_id, "/steps")?;
        let answer = self
            .call(
                Method::POST,
                url,
                Payload::Documents(documents),
                Some(token),
            )
            .await?;
        decode(&answer.body)
    }

    /// Downloads the restored key file and checks it against the checksum the service sent.
    pub async fn download_keyfile(
        &self,
        case_id: &str,
        token: &SecretText,
    ) -> Result<DownloadedKeyFile, ClientError> {
        let url = self.case_url(case_id, "/keyfile")?;
        let answer = self
            .call(Method::GET, url, Payload::Empty, Some(token))
            .await?;
        let expected = answer
            .headers
            .get(KEYFILE_SHA256)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| ClientError::Protocol("the key file came without its checksum".into()))?
            .to_ascii_lowercase();
        let bytes = Zeroizing::new(answer.body);
        let actual = hex::encode(Sha256::digest(&*bytes));
        if actual != expected {
            return Err(ClientError::ChecksumMismatch);
        }
        let wmid = answer
            .headers
            .get(reqwest::header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split("filename=").nth(1))
            .map(|name| name.trim_matches('"').trim_end_matches(".kwm").to_owned())
            .and_then(|name| name.parse().ok());
        Ok(DownloadedKeyFile {
            bytes,
            sha256: actual,
            wmid,
        })
    }

    /// A fresh challenge for the restored key file to sign.
    pub async fn proof_challenge(
        &self,
        case_id: &str,
        token: &SecretText,
    ) -> Result<ProofChallenge, ClientError> {
        self.call_json(
            Method::GET,
            self.case_url(case_id, "/keyfile/proof")?,
            None::<&()>,
            Some(token),
        )
        .await
    }

    /// Sends the challenge's signature; the service checks it with the WMID's public key.
    pub async fn send_proof(
        &self,
        case_id: &str,
        token: &SecretText,
        signature: &Signature,
    ) -> Result<ProofAccepted, ClientError> {
        let body = ProofRequest {
            signature: signature.to_string(),
        };
        self.call_json(
            Method::POST,
            self.case_url(case_id, "/keyfile/proof")?,
            Some(&body),
            Some(token),
        )
        .await
    }

    /// Proves that a restored key file signs for its WMID: asks for a
    /// challenge, signs it on this computer with random bytes from the OS,
    /// and sends only the signature.
    pub async fn prove_keyfile(
        &self,
        case_id: &str,
        token: &SecretText,
        key: &KeyMaterial,
    ) -> Result<ProofAccepted, ClientError> {
        let challenge = self.proof_challenge(case_id, token).await?;
        let random = keyfile::os_random().map_err(|e| ClientError::Signing(e.to_string()))?;
        let signature = keyfile::sign(key, challenge.challenge.as_bytes(), &random)
            .map_err(|e| ClientError::Signing(e.to_string()))?;
        self.send_proof(case_id, token, &signature).await
    }

    pub async fn cancel(&self, case_id: &str, token: &SecretText) -> Result<Case, ClientError> {
        self.call_json(
            Method::DELETE,
            self.case_url(case_id, "")?,
            None::<&()>,
            Some(token),
        )
        .await
    }
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, ClientError> {
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
fn problem_to_error(
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
    let retry_at: Option<OffsetDateTime> = ext
        .retry_at
        .map(|w| w.0)
        .or_else(|| wait.map(|w| service_now + w));
    let field = || ext.field.clone().unwrap_or_else(|| "request".into());
    match ext.code.unwrap_or(ErrorCode::Unknown) {
        ErrorCode::InvalidIdentifier
        | ErrorCode::InvalidField
        | ErrorCode::InvalidRequest
        | ErrorCode::UnsupportedChannel
        | ErrorCode::PayloadTooLarge => ClientError::InvalidInput {
            field: field(),
            message: detail,
        },
        ErrorCode::WrongCode => ClientError::WrongCode {
            field: ext.field.clone().unwrap_or_else(|| "code".into()),
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
    use crate::protocol::DOCUMENT_MAX_BYTES;

    #[test]
    fn endpoints_need_https_except_on_loopback() {
        assert!(parse_endpoint("https://recovery.example.com").is_ok());
        assert!(parse_endpoint("http://127.0.0.1:8470").is_ok());
        assert!(parse_endpoint("http://localhost:8470/api").is_ok());
        assert!(parse_endpoint("http://[::1]:8470").is_ok());
        assert_eq!(
            parse_endpoint("http://recovery.example.com").err(),
            Some(ClientError::InsecureEndpoint)
        );
        assert!(matches!(
            parse_endpoint("ftp://x.example"),
            Err(ClientError::InvalidEndpoint(_))
        ));
        assert!(matches!(
            parse_endpoint("not a url"),
            Err(ClientError::InvalidEndpoint(_))
        ));
    }

    #[test]
    fn endpoint_path_keeps_its_prefix() {
        let url = parse_endpoint("https://example.com/recovery").expect("valid");
        assert_eq!(
            url.join("v1/topics").expect("joins").as_str(),
            "https://example.com/recovery/v1/topics"
        );
    }

    #[test]
    fn documents_are_checked_before_upload() {
        assert!(Document::new("passport.pdf", b"%PDF-1.4 test".to_vec()).is_ok());
        let err = Document::new("virus.exe", b"MZ\x90".to_vec()).err();
        assert_eq!(err.as_ref().and_then(|e| e.field()), Some("document"));
        let big = vec![0xFFu8; (DOCUMENT_MAX_BYTES + 1) as usize];
        assert!(matches!(
            Document::new("big.jpg", big),
            Err(ClientError::InvalidInput { .. })
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
                field: "code".into(),
                attempts_left: 2
            }
            .is_transient()
        );
    }
}
