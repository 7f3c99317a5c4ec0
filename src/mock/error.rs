//! The mock's errors, as problem+json answers.

use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use problem_details::ProblemDetails;
use time::OffsetDateTime;

use crate::domain::Field;
use crate::protocol::{ErrorCode, PROBLEM_JSON, ProblemExtensions};

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub detail: String,
    pub field: Option<Member>,
    pub attempts_left: Option<u32>,
    pub retry_at: Option<OffsetDateTime>,
    /// Seconds for `Retry-After`, from the mock clock's now.
    pub retry_after_secs: Option<u64>,
}

/// What part of the request an error is about: an input the user typed or
/// chose, or a part they never type (a header, the signature, fault rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    Input(Field),
    Other(&'static str),
}

impl Member {
    pub fn as_str(self) -> &'static str {
        match self {
            Member::Input(field) => field.as_str(),
            Member::Other(name) => name,
        }
    }
}

impl From<Field> for Member {
    fn from(field: Field) -> Self {
        Member::Input(field)
    }
}

impl ApiError {
    /// An error answered with the status its code stands for.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        let status =
            StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        ApiError::with_status(status, code, detail)
    }

    /// Where the HTTP layer answers otherwise: an unknown route (404), a
    /// method the route does not take (405), an injected fault's status.
    pub fn with_status(status: StatusCode, code: ErrorCode, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            detail: detail.into(),
            field: None,
            attempts_left: None,
            retry_at: None,
            retry_after_secs: None,
        }
    }

    pub fn field(mut self, member: impl Into<Member>) -> Self {
        self.field = Some(member.into());
        self
    }

    pub fn attempts_left(mut self, left: u32) -> Self {
        self.attempts_left = Some(left);
        self
    }

    pub fn retry_at(mut self, at: OffsetDateTime, now: OffsetDateTime) -> Self {
        self.retry_at = Some(at);
        let secs = (at - now).whole_seconds().max(1);
        self.retry_after_secs = Some(u64::try_from(secs).unwrap_or(1));
        self
    }

    pub fn wrong_state(detail: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::WrongState, detail)
    }

    pub fn invalid_field(field: Field, detail: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::InvalidField, detail).field(field)
    }

    pub fn unauthorized() -> Self {
        ApiError::new(
            ErrorCode::Unauthorized,
            "a valid session token for this case is required",
        )
    }

    /// Also the answer to a request without a token for the case: it must not
    /// tell an existing case from one that never was.
    pub fn case_not_found() -> Self {
        ApiError::new(ErrorCode::CaseNotFound, "there is no case with this id")
    }

    fn title(&self) -> &'static str {
        match self.code {
            ErrorCode::InvalidIdentifier => "Invalid identifier",
            ErrorCode::InvalidField => "Invalid field",
            ErrorCode::InvalidRequest => "Invalid request",
            ErrorCode::UnsupportedChannel => "Channel not available",
            ErrorCode::WrongCode => "Wrong code",
            ErrorCode::BadSignature => "Signature refused",
            ErrorCode::CodeExpired => "Code expired",
            ErrorCode::NoCodeSent => "No code sent",
            ErrorCode::Locked => "Temporarily locked",
            ErrorCode::RateLimited => "Too many requests",
            ErrorCode::ResendCooldown => "Wait before sending again",
            ErrorCode::CaseExpired => "Case expired",
            ErrorCode::CaseNotFound => "Case not found",
            ErrorCode::WrongState => "Not expected now",
            ErrorCode::Unauthorized => "Unauthorized",
            ErrorCode::NotReady => "Not ready",
            ErrorCode::IdempotencyMismatch => "Idempotency key reused",
            ErrorCode::PayloadTooLarge => "Payload too large",
            ErrorCode::Unavailable => "Service unavailable",
            ErrorCode::ServerError | ErrorCode::Unknown => "Server error",
        }
    }
}

impl ApiError {
    /// The problem+json body of this error.
    pub fn problem_json(&self) -> Vec<u8> {
        let mut problem = ProblemDetails::new();
        // A relative reference, resolved against the service: RFC 9457 section 3.1.1.
        if let Ok(uri) = format!("/problems/{}", self.code.as_str()).parse::<Uri>() {
            problem = problem.with_type(uri);
        }
        let problem = problem
            .with_status(self.status)
            .with_title(self.title())
            .with_detail(self.detail.clone())
            .with_extensions(ProblemExtensions {
                code: Some(self.code),
                field: self.field.map(|member| member.as_str().to_owned()),
                attempts_left: self.attempts_left,
                retry_at: self.retry_at,
            });
        serde_json::to_vec(&problem).unwrap_or_default()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = self.problem_json();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(secs) = self.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
