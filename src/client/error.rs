use std::time::Duration;

use time::OffsetDateTime;

use crate::domain::Field;

/// A field as the log names it: the request as a whole when there is none.
fn field_name(field: Option<Field>) -> &'static str {
    field.map_or("request", Field::as_str)
}

/// Everything that can go wrong talking to the recovery service, in terms a
/// screen can explain and act on. None of it carries a secret.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    #[error("the endpoint is not a valid URL: {0}")]
    InvalidEndpoint(String),
    #[error("the endpoint must use https (plain http only on this computer)")]
    InsecureEndpoint,
    #[error("cannot reach the recovery service")]
    Offline,
    /// The connection was made but the service's certificate was refused:
    /// someone may be in between, or the service is misconfigured. Never
    /// retried; `reason` is the TLS library's, for the log and support.
    #[error("the recovery service's identity could not be verified: {reason}")]
    Untrusted { reason: String },
    #[error("the recovery service did not answer in time")]
    Timeout,
    #[error("the connection was lost before the answer arrived")]
    ConnectionLost,
    /// `field`: the input it is about; `None` for the request as a whole,
    /// or a field this app does not know.
    #[error("{}: {message}", field_name(*.field))]
    InvalidInput {
        field: Option<Field>,
        message: String,
    },
    #[error("wrong {}; {attempts_left} attempts left", field_name(*.field))]
    WrongCode {
        field: Option<Field>,
        attempts_left: u32,
    },
    #[error("the service refused the key file's signature; {attempts_left} attempts left")]
    BadSignature { attempts_left: u32 },
    #[error("the key file could not sign on this computer: {0}")]
    Signing(String),
    #[error("the code has expired; ask for a new one")]
    CodeExpired,
    #[error("too many wrong codes; locked for now")]
    Locked { until: Option<OffsetDateTime> },
    #[error("a code was just sent; another can be sent shortly")]
    Cooldown { retry_at: Option<OffsetDateTime> },
    #[error("too many requests for now")]
    RateLimited { retry_at: Option<OffsetDateTime> },
    #[error("this recovery has expired; start again")]
    CaseExpired,
    #[error("the service does not know this recovery")]
    CaseNotFound,
    #[error("the session has ended; confirm with a code again")]
    Unauthorized,
    #[error("not ready yet")]
    NotReady { eta: Option<OffsetDateTime> },
    #[error("this step is not expected now: {0}")]
    WrongState(String),
    #[error("the recovery service is busy")]
    Unavailable {
        retry_at: Option<OffsetDateTime>,
        retry_after: Option<Duration>,
    },
    #[error("the recovery service failed (HTTP {status})")]
    Server { status: u16 },
    #[error("the service's answer could not be read: {0}")]
    Protocol(String),
    #[error("the answer is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("the downloaded key file is damaged: its checksum does not match")]
    ChecksumMismatch,
    /// The service answered with a redirect to `host` (scheme, host and port;
    /// empty when it named none). Not followed: it would resend the request there.
    #[error("the service tried to send this request to {host}; it was not sent there")]
    Redirected { host: String },
}

impl ClientError {
    /// Worth trying again at once, by the retry loop, when the request is safe to repeat.
    pub fn is_transient(&self) -> bool {
        match self {
            ClientError::Offline | ClientError::Timeout | ClientError::ConnectionLost => true,
            ClientError::Unavailable { retry_after, .. } => {
                retry_after.is_none_or(|wait| wait <= super::MAX_AUTOMATIC_WAIT)
            }
            ClientError::Server { status } => matches!(status, 502 | 504),
            _ => false,
        }
    }

    /// The variant's name, for the log. Never the message: it can quote the
    /// service's answer.
    pub fn kind(&self) -> &'static str {
        match self {
            ClientError::InvalidEndpoint(_) => "invalid_endpoint",
            ClientError::InsecureEndpoint => "insecure_endpoint",
            ClientError::Offline => "offline",
            ClientError::Untrusted { .. } => "untrusted",
            ClientError::Timeout => "timeout",
            ClientError::ConnectionLost => "connection_lost",
            ClientError::InvalidInput { .. } => "invalid_input",
            ClientError::WrongCode { .. } => "wrong_code",
            ClientError::BadSignature { .. } => "bad_signature",
            ClientError::Signing(_) => "signing",
            ClientError::CodeExpired => "code_expired",
            ClientError::Locked { .. } => "locked",
            ClientError::Cooldown { .. } => "cooldown",
            ClientError::RateLimited { .. } => "rate_limited",
            ClientError::CaseExpired => "case_expired",
            ClientError::CaseNotFound => "case_not_found",
            ClientError::Unauthorized => "unauthorized",
            ClientError::NotReady { .. } => "not_ready",
            ClientError::WrongState(_) => "wrong_state",
            ClientError::Unavailable { .. } => "unavailable",
            ClientError::Server { .. } => "server",
            ClientError::Protocol(_) => "protocol",
            ClientError::TooLarge { .. } => "too_large",
            ClientError::ChecksumMismatch => "checksum_mismatch",
            ClientError::Redirected { .. } => "redirected",
        }
    }

    /// The input this error belongs under, if it is about one.
    pub fn field(&self) -> Option<Field> {
        match self {
            ClientError::InvalidInput { field, .. } | ClientError::WrongCode { field, .. } => {
                *field
            }
            ClientError::CodeExpired => Some(Field::Code),
            _ => None,
        }
    }
}

pub(super) fn from_reqwest(error: &reqwest::Error) -> ClientError {
    if let Some(refused) = tls_refusal(error) {
        ClientError::Untrusted {
            reason: refused.to_string(),
        }
    } else if error.is_timeout() {
        ClientError::Timeout
    } else if error.is_connect() {
        ClientError::Offline
    } else if error.is_decode() {
        ClientError::Protocol(error.to_string())
    } else {
        ClientError::ConnectionLost
    }
}

/// The TLS library's refusal somewhere in the error's causes, if any.
fn tls_refusal(error: &reqwest::Error) -> Option<&rustls::Error> {
    causes(error).find_map(|cause| cause.downcast_ref::<rustls::Error>())
}

/// What lies under a failure to connect, for the log: the innermost cause
/// ("Connection refused", "invalid peer certificate"), never a URL or a body.
pub(super) fn root_cause(error: &reqwest::Error) -> String {
    causes(error)
        .skip(1)
        .last()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// The error and each of its causes, outermost first. `io::Error::source`
/// skips the error an `io::Error` wraps, so those are opened with `get_ref`.
fn causes<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(error), |current| {
        match current.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => current.source(),
        }
    })
}
