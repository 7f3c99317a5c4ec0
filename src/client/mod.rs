//! The recovery service's client: typed requests, typed errors.
//!
//! Each call is one user action. POSTs carry an `Idempotency-Key` made once
//! per action, so a retry after a lost answer never sends a second SMS or
//! opens a second case. Retries happen only for transient failures.

mod error;
mod send;
pub mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use reqwest::{Method, Url};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use zeroize::Zeroizing;

pub use error::ClientError;
use send::{Payload, decode};

use crate::domain::{Code, Identifier, SecretText};
use crate::keyfile::{self, KeyMaterial, Signature};
use crate::protocol::{
    Case, CaseId, CaseOpened, ChallengeRequest, Channel, CreateCase, DocumentProblem,
    KEYFILE_SHA256, ProofAccepted, ProofChallenge, ProofRequest, StepRequest, Topic, TopicId,
    TopicList, Verified, VerifyRequest, check_document, check_document_size,
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

/// Why a document the user chose cannot be sent: found out on this computer,
/// before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("{} was not found", .path.display())]
    NotFound { path: std::path::PathBuf },
    #[error("{} could not be read: {message}", .path.display())]
    Unreadable {
        path: std::path::PathBuf,
        message: String,
    },
    /// Too large, or not a PDF, JPEG or PNG by its content.
    #[error(transparent)]
    Rejected(#[from] DocumentProblem),
    #[error("reading the files stopped before it finished")]
    Interrupted,
}

impl Document {
    pub fn new(
        file_name: impl Into<String>,
        bytes: impl Into<bytes::Bytes>,
    ) -> Result<Self, DocumentError> {
        let file_name = file_name.into();
        let bytes = bytes.into();
        let content_type = check_document(&file_name, &bytes)?;
        Ok(Document {
            file_name,
            content_type,
            bytes,
        })
    }

    /// Reads a document the user picked, refusing a too-large one before reading it.
    /// Blocking: call it off the UI thread.
    pub fn from_path(path: &std::path::Path) -> Result<Self, DocumentError> {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let unreadable = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::NotFound => DocumentError::NotFound {
                path: path.to_path_buf(),
            },
            _ => DocumentError::Unreadable {
                path: path.to_path_buf(),
                message: e.to_string(),
            },
        };
        let metadata = std::fs::metadata(path).map_err(unreadable)?;
        // A folder, a device or a pipe is not a scan: reading one could
        // wait or grow for ever.
        if !metadata.is_file() {
            return Err(DocumentError::Unreadable {
                path: path.to_path_buf(),
                message: if metadata.is_dir() {
                    "it is a folder".to_owned()
                } else {
                    "it is not a regular file".to_owned()
                },
            });
        }
        check_document_size(&file_name, metadata.len())?;
        // Read no more than the limit allows, even if the file grows meanwhile.
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(
                std::fs::File::open(path).map_err(unreadable)?,
                crate::protocol::DOCUMENT_MAX_BYTES + 1,
            ),
            &mut bytes,
        )
        .map_err(unreadable)?;
        Document::new(file_name, bytes)
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

    fn case_url(&self, case_id: &CaseId, tail: &str) -> Result<Url, ClientError> {
        // Ids come from the service; anything but these characters would change the path.
        let case_id = case_id.as_str();
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
    pub async fn case(&self, case_id: &CaseId, token: &SecretText) -> Result<Case, ClientError> {
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
        case_id: &CaseId,
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
        case_id: &CaseId,
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
        case_id: &CaseId,
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
        case_id: &CaseId,
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
        case_id: &CaseId,
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
        case_id: &CaseId,
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
        case_id: &CaseId,
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
        case_id: &CaseId,
        token: &SecretText,
        key: &KeyMaterial,
    ) -> Result<ProofAccepted, ClientError> {
        let challenge = self.proof_challenge(case_id, token).await?;
        let random = keyfile::os_random().map_err(|e| ClientError::Signing(e.to_string()))?;
        let signature = keyfile::sign(key, challenge.challenge.as_bytes(), &random)
            .map_err(|e| ClientError::Signing(e.to_string()))?;
        self.send_proof(case_id, token, &signature).await
    }

    pub async fn cancel(&self, case_id: &CaseId, token: &SecretText) -> Result<Case, ClientError> {
        self.call_json(
            Method::DELETE,
            self.case_url(case_id, "")?,
            None::<&()>,
            Some(token),
        )
        .await
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
        assert_eq!(
            Document::new("virus.exe", b"MZ\x90".to_vec()).err(),
            Some(DocumentError::Rejected(DocumentProblem::NotADocument {
                name: "virus.exe".to_owned()
            }))
        );
        let big = vec![0xFFu8; (DOCUMENT_MAX_BYTES + 1) as usize];
        assert_eq!(
            Document::new("big.jpg", big).err(),
            Some(DocumentError::Rejected(DocumentProblem::TooLarge {
                name: "big.jpg".to_owned()
            }))
        );
    }

    #[test]
    fn a_document_that_cannot_be_read_says_why_on_this_computer() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("nowhere.pdf");
        assert_eq!(
            Document::from_path(&missing).err(),
            Some(DocumentError::NotFound { path: missing })
        );
        assert!(matches!(
            Document::from_path(dir.path()),
            Err(DocumentError::Unreadable { .. })
        ));
        #[cfg(unix)]
        assert!(
            matches!(
                Document::from_path(std::path::Path::new("/dev/zero")),
                Err(DocumentError::Unreadable { .. })
            ),
            "a device that never ends is read"
        );
    }
}
