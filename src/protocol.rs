//! The recovery protocol's wire types, shared by the client and the mock so
//! they cannot drift apart. `resources/api/recovery-v1.yaml` describes the
//! same shapes for other implementations; the tests check the two agree.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::domain::{IdentifierKind, SecretText};

pub const API_PREFIX: &str = "/v1";
pub const PROBLEM_JSON: &str = "application/problem+json";
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
pub const KEYFILE_SHA256: &str = "x-content-sha256";

/// The nine topics of the "What do you want?" page, in the page's order.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum TopicId {
    RestorePassword,
    ChangePhone,
    DeactivatePhone,
    ReregisterSim,
    ChangeEmail,
    ChangeSecurityQuestion,
    FindAccounts,
    RestoreKeyfile,
    RestoreEnum,
}

impl TopicId {
    /// In the page's order.
    pub const ALL: [TopicId; 9] = crate::variants(<TopicId as strum::VariantArray>::VARIANTS);

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// What the user may name the account with.
    /// The field the identifier is, named as the topic asks for it: "Phone
    /// number" where only a phone is taken, the generic "Account" otherwise.
    pub fn identifier_field(self) -> crate::domain::Field {
        use crate::domain::Field;
        match self.identifiers() {
            [IdentifierKind::Phone] => Field::Phone,
            [IdentifierKind::Email] => Field::Email,
            [IdentifierKind::Wmid] => Field::Wmid,
            _ => Field::Identifier,
        }
    }

    /// What the user may name the account with.
    pub fn identifiers(self) -> &'static [IdentifierKind] {
        self.spec().identifiers
    }

    /// Where the first code may go.
    pub fn channels(self) -> &'static [Channel] {
        self.spec().channels
    }

    /// The page asks "Do you have access to your WebMoney Keeper?" for these.
    pub fn requires_keeper_access(self) -> bool {
        self.spec().requires_keeper_access
    }

    /// The topic's facts: one entry per topic, in the page's order. The
    /// client, the mock and the screens derive what they do from it.
    pub const fn spec(self) -> &'static TopicSpec {
        use Channel as C;
        use IdentifierKind as I;
        match self {
            TopicId::RestorePassword => &TopicSpec {
                identifiers: &[I::Wmid, I::Purse, I::Phone, I::Email],
                channels: &[C::Sms, C::Email],
                requires_keeper_access: false,
                wiki: None,
                lookup: Lookup::Contact,
                sends: Sends::Code,
                old_contacts_told_of: Some("the Keeper password"),
            },
            TopicId::ChangePhone => &TopicSpec {
                identifiers: &[I::Wmid, I::Purse],
                channels: &[C::Keeper],
                requires_keeper_access: true,
                wiki: Some("https://wiki.webmoney.com.vn"),
                lookup: Lookup::Account,
                sends: Sends::Code,
                old_contacts_told_of: Some("the phone number"),
            },
            TopicId::DeactivatePhone => &TopicSpec {
                identifiers: &[I::Phone],
                channels: &[C::Sms],
                requires_keeper_access: false,
                wiki: None,
                lookup: Lookup::Phone,
                sends: Sends::Code,
                old_contacts_told_of: None,
            },
            TopicId::ReregisterSim => &TopicSpec {
                identifiers: &[I::Wmid, I::Purse],
                channels: &[C::Keeper],
                requires_keeper_access: true,
                wiki: None,
                lookup: Lookup::Account,
                sends: Sends::Code,
                old_contacts_told_of: None,
            },
            TopicId::ChangeEmail => &TopicSpec {
                identifiers: &[I::Wmid, I::Purse],
                channels: &[C::Keeper],
                requires_keeper_access: true,
                wiki: Some("https://wiki.webmoney.com.vn"),
                lookup: Lookup::Account,
                sends: Sends::Code,
                old_contacts_told_of: Some("the email address"),
            },
            TopicId::ChangeSecurityQuestion => &TopicSpec {
                identifiers: &[I::Wmid, I::Purse],
                channels: &[C::Sms, C::Enum],
                requires_keeper_access: false,
                wiki: Some("https://wiki.webmoney.ru"),
                lookup: Lookup::Account,
                sends: Sends::Code,
                old_contacts_told_of: Some("the security question"),
            },
            TopicId::FindAccounts => &TopicSpec {
                identifiers: &[I::Phone, I::Email],
                channels: &[C::Sms, C::Email],
                requires_keeper_access: false,
                wiki: None,
                lookup: Lookup::Contact,
                sends: Sends::AccountList,
                old_contacts_told_of: None,
            },
            TopicId::RestoreKeyfile => &TopicSpec {
                identifiers: &[I::Wmid, I::Purse, I::Phone, I::Email],
                channels: &[C::Sms, C::Email],
                requires_keeper_access: false,
                wiki: None,
                lookup: Lookup::Contact,
                sends: Sends::Code,
                old_contacts_told_of: None,
            },
            TopicId::RestoreEnum => &TopicSpec {
                identifiers: &[I::Wmid, I::Purse, I::Phone],
                channels: &[C::Sms],
                requires_keeper_access: false,
                wiki: None,
                lookup: Lookup::Account,
                sends: Sends::Code,
                old_contacts_told_of: None,
            },
        }
    }

    pub fn describe(self) -> Topic {
        Topic {
            id: self,
            identifiers: self.identifiers().to_vec(),
            channels: self.channels().to_vec(),
            requires_keeper_access: self.requires_keeper_access(),
        }
    }
}

impl std::fmt::Display for TopicId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A topic's facts, in one place (see [`TopicId::spec`]).
#[derive(Debug)]
pub struct TopicSpec {
    /// What the user may name the account with.
    pub identifiers: &'static [IdentifierKind],
    /// Where the first message may go.
    pub channels: &'static [Channel],
    /// The page asks "Do you have access to your WebMoney Keeper?" first.
    pub requires_keeper_access: bool,
    /// Where WebMoney's wiki explains the topic step by step, when the page
    /// links it (its words are `topic-<id>-wiki`).
    pub wiki: Option<&'static str>,
    /// What the identifier finds.
    pub lookup: Lookup,
    /// What the first message carries.
    pub sends: Sends,
    /// What a change is of, as the notices to the account's old phone and
    /// email name it; `None` when they are not told.
    pub old_contacts_told_of: Option<&'static str>,
}

/// What a topic's identifier finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// The account it belongs to.
    Account,
    /// A phone or an email is looked up as a contact, and the message goes
    /// there whether or not an account holds it, so the answer never tells;
    /// a WMID or purse still names its account.
    Contact,
    /// The phone number itself, whichever account holds it now.
    Phone,
}

/// What a topic's first message carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sends {
    /// A code to type back.
    Code,
    /// The list of the WMIDs registered to the contact.
    AccountList,
}

/// Where a code is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Sms,
    Email,
    Enum,
    /// A message inside the Keeper itself: proves the user can still sign in.
    Keeper,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: TopicId,
    pub identifiers: Vec<IdentifierKind>,
    pub channels: Vec<Channel>,
    pub requires_keeper_access: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicList {
    pub topics: Vec<Topic>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateCase {
    pub topic: TopicId,
    pub identifier: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChallengeRequest {
    pub channel: Channel,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VerifyRequest {
    pub code: SecretText,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// Choose where the code goes.
    AwaitingChallenge,
    /// A code was sent; type it.
    AwaitingCode,
    /// Verified; the topic's own steps.
    AwaitingStep,
    /// A waiting period the security rules impose; nothing to do until `ready_at`.
    Waiting,
    /// Documents are being reviewed by support; `ready_at` is the estimate.
    UnderReview,
    /// The restored key file can be downloaded.
    Ready,
    Completed,
    Rejected,
    Cancelled,
    Expired,
}

impl CaseState {
    /// A case in one of these states takes no more requests.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            CaseState::Completed | CaseState::Rejected | CaseState::Cancelled | CaseState::Expired
        )
    }
}

/// How a user proves they own the old phone or email before a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfirmMethod {
    /// A code to the phone or email being replaced.
    OldContact,
    /// A code by SMS (for an email change).
    Sms,
    Enum,
    /// The security answer; the change then waits out a security period.
    SecurityQuestion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitReason {
    /// The account owner is given time to object (security question used, number detached).
    SecurityPeriod,
    /// Support is checking the documents.
    DocumentReview,
}

/// What the case accepts next, with what the UI needs to ask for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expect {
    Challenge {
        channels: Vec<Channel>,
        /// Where each channel's code would go, masked, in the order of
        /// `channels` (a service may leave it out).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        sent_to: Vec<String>,
    },
    Code {
        channel: Channel,
        sent_to: String,
    },
    SecurityAnswer {
        question: String,
    },
    NewPassword {
        min_length: u32,
    },
    NewContact {
        channel: Channel,
    },
    /// A code sent to the new contact, the old one, or the new SIM.
    ContactCode {
        channel: Channel,
        sent_to: String,
    },
    ConfirmOld {
        methods: Vec<ConfirmMethod>,
        /// How long the change waits when it is confirmed by the security
        /// question, so the choice can say so before it is made.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        security_period_secs: Option<u64>,
    },
    ConfirmDetach {
        phone: String,
    },
    ReregisterSim {
        phone: String,
    },
    Documents {
        accepted: Vec<String>,
        max_bytes: u64,
        min_files: u32,
    },
    NewSecurityQuestion,
    Wait {
        reason: WaitReason,
        #[serde(with = "time::serde::rfc3339")]
        until: OffsetDateTime,
        /// The account's phone and email were told of the change, and can
        /// stop it until it takes effect.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        old_contacts_told: bool,
    },
    Download {
        sha256: String,
        size: u64,
    },
    Nothing,
}

/// How a case ended, for the finish screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    PasswordChanged,
    /// The WMIDs registered to the phone or email were sent there, if there are any.
    AccountsSentIfRegistered {
        channel: Channel,
    },
    PhoneChanged,
    EmailChanged,
    PhoneDetached,
    SimReregistered,
    SecurityQuestionChanged,
    KeyfileIssued,
    /// WebPro users renew their certificate on the certification site instead.
    CertificateReissueAllowed,
    /// The account's Keeper has no key file or certificate to restore.
    NoKeyfileForKeeper,
    EnumActivationSent {
        sent_to: String,
    },
    /// The account has no E-NUM registered; there is nothing to restore.
    EnumNotRegistered,
    DocumentsRejected {
        reason: String,
    },
    Cancelled,
}

/// A recovery case's id, as the service gave it. Not a secret (the token is),
/// but not free text either: it goes into the service's addresses and the
/// keyring's entry names, so it is never mixed up with other strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseId(String);

impl CaseId {
    pub fn new(id: impl Into<String>) -> Self {
        CaseId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Read as text where an id is read: in the service's addresses, the mock's
/// tables, the keyring's entry names. Nothing turns text into one unnoticed.
impl std::ops::Deref for CaseId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub case_id: CaseId,
    /// Short and readable, to quote to support.
    pub reference: String,
    pub topic: TopicId,
    pub state: CaseState,
    pub next: Expect,
    /// Failed code attempts left for this identifier before it is locked.
    pub attempts_left: u32,
    /// When another code may be sent (the cooldown), if one was sent.
    #[serde(with = "time::serde::rfc3339::option")]
    pub resend_at: Option<OffsetDateTime>,
    /// Codes that may still be sent to this identifier today.
    pub sends_left: u32,
    /// Set while too many wrong codes keep this identifier locked.
    #[serde(with = "time::serde::rfc3339::option")]
    pub locked_until: Option<OffsetDateTime>,
    /// Reviews and waiting periods: when they end (an estimate for reviews).
    #[serde(with = "time::serde::rfc3339::option")]
    pub ready_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    pub outcome: Option<Outcome>,
}

/// A new case, with the token that every later request on it must carry
/// (`Authorization: Bearer`) until verification's session token takes over.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseOpened {
    pub case_token: SecretText,
    pub case: Case,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Verified {
    pub session_token: SecretText,
    #[serde(with = "time::serde::rfc3339")]
    pub token_expires_at: OffsetDateTime,
    pub case: Case,
}

/// A text to sign with the restored key file: fresh, used once, and short-lived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofChallenge {
    pub challenge: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// The challenge's WMSigner signature, made on the user's computer; neither the
/// key nor its access code is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofRequest {
    pub signature: String,
}

/// The service verified the signature with the public key it keeps for the WMID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofAccepted {
    pub wmid: String,
}

/// The topic's own steps, sent with the session token.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum StepRequest {
    SecurityAnswer {
        answer: SecretText,
    },
    NewPassword {
        password: SecretText,
    },
    NewContact {
        value: String,
    },
    ContactCode {
        code: SecretText,
    },
    ConfirmOld {
        method: ConfirmMethod,
    },
    ConfirmDetach,
    ReregisterSim,
    NewSecurityQuestion {
        question: String,
        answer: SecretText,
    },
}

impl StepRequest {
    pub fn name(&self) -> &'static str {
        match self {
            StepRequest::SecurityAnswer { .. } => "security_answer",
            StepRequest::NewPassword { .. } => "new_password",
            StepRequest::NewContact { .. } => "new_contact",
            StepRequest::ContactCode { .. } => "contact_code",
            StepRequest::ConfirmOld { .. } => "confirm_old",
            StepRequest::ConfirmDetach => "confirm_detach",
            StepRequest::ReregisterSim => "reregister_sim",
            StepRequest::NewSecurityQuestion { .. } => "new_security_question",
        }
    }
}

/// Stable, machine-readable problem codes (the `code` member of problem+json).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ErrorCode {
    InvalidIdentifier,
    InvalidField,
    InvalidRequest,
    UnsupportedChannel,
    WrongCode,
    /// A key file's signature that does not verify; counted like a wrong code.
    BadSignature,
    CodeExpired,
    NoCodeSent,
    Locked,
    RateLimited,
    ResendCooldown,
    CaseExpired,
    CaseNotFound,
    WrongState,
    Unauthorized,
    NotReady,
    IdempotencyMismatch,
    PayloadTooLarge,
    Unavailable,
    ServerError,
    /// A code this client does not know yet; shown as a server fault.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The HTTP status the service answers this code with. A request it
    /// cannot take at all (`invalid_request`) is 400, or 404 and 405 where
    /// the route or the method is what is wrong.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::InvalidRequest => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::CaseNotFound => 404,
            ErrorCode::NoCodeSent | ErrorCode::WrongState | ErrorCode::NotReady => 409,
            ErrorCode::CaseExpired => 410,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::InvalidIdentifier
            | ErrorCode::InvalidField
            | ErrorCode::UnsupportedChannel
            | ErrorCode::WrongCode
            | ErrorCode::BadSignature
            | ErrorCode::CodeExpired
            | ErrorCode::IdempotencyMismatch => 422,
            ErrorCode::Locked => 423,
            ErrorCode::RateLimited | ErrorCode::ResendCooldown => 429,
            ErrorCode::ServerError | ErrorCode::Unknown => 500,
            ErrorCode::Unavailable => 503,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The members this protocol adds to RFC 9457 problem details.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProblemExtensions {
    pub code: Option<ErrorCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
    /// When the lock, cooldown or limit ends.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub retry_at: Option<OffsetDateTime>,
}

/// The HTTP `Date` format (RFC 9110 IMF-fixdate): "Sun, 06 Nov 1994 08:49:37 GMT".
const HTTP_DATE: &[time::format_description::BorrowedFormatItem<'static>] = time::macros::format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

/// A moment as an HTTP `Date` header gives it. The service's `Date` is its own
/// clock, which waits are counted on.
pub fn http_date(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(HTTP_DATE)
        .unwrap_or_default()
}

/// Reads an HTTP `Date` header; `None` if it is not an IMF-fixdate.
pub fn parse_http_date(text: &str) -> Option<OffsetDateTime> {
    time::PrimitiveDateTime::parse(text.trim(), HTTP_DATE)
        .ok()
        .map(time::PrimitiveDateTime::assume_utc)
}

/// Document types a review accepts, recognised by their first bytes.
pub const DOCUMENT_TYPES: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];
pub const DOCUMENT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// Why a document cannot be sent for review.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentProblem {
    #[error("{name} is larger than {} MB", DOCUMENT_MAX_BYTES / (1024 * 1024))]
    TooLarge { name: String },
    #[error("{name} is not a PDF, JPEG or PNG file")]
    NotADocument { name: String },
}

/// The size rule alone, for a file not read yet.
pub fn check_document_size(name: &str, size: u64) -> Result<(), DocumentProblem> {
    if size > DOCUMENT_MAX_BYTES {
        Err(DocumentProblem::TooLarge {
            name: name.to_owned(),
        })
    } else {
        Ok(())
    }
}

/// The review's rules for one document: its size, and a type its content shows.
/// The client checks before uploading; the service checks again on arrival.
pub fn check_document(name: &str, bytes: &[u8]) -> Result<&'static str, DocumentProblem> {
    check_document_size(name, bytes.len() as u64)?;
    sniff_document_type(bytes).ok_or_else(|| DocumentProblem::NotADocument {
        name: name.to_owned(),
    })
}

/// The document type a file's content shows, whatever its name says.
pub fn sniff_document_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_round_trip() {
        let at = time::macros::datetime!(1994-11-06 08:49:37 UTC);
        assert_eq!(http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(at));
        let elsewhere = time::macros::datetime!(1994-11-06 15:49:37 +7);
        assert_eq!(http_date(elsewhere), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[test]
    fn topic_ids_round_trip_in_page_order() {
        let json = serde_json::to_string(&TopicId::ALL).expect("serializes");
        assert!(json.starts_with(r#"["restore-password","change-phone","deactivate-phone""#));
        let back: Vec<TopicId> = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, TopicId::ALL);
        for topic in TopicId::ALL {
            assert_eq!(
                serde_json::to_value(topic).ok(),
                Some(topic.as_str().into())
            );
            assert_eq!(topic.as_str().parse::<TopicId>().ok(), Some(topic));
        }
    }

    #[test]
    fn unknown_error_codes_parse_as_unknown() {
        let code: ErrorCode = serde_json::from_str(r#""new_in_v2""#).expect("parses");
        assert_eq!(code, ErrorCode::Unknown);
        assert_eq!(ErrorCode::WrongCode.as_str(), "wrong_code");
    }

    #[test]
    fn step_request_is_tagged_and_debug_hides_secrets() {
        let step = StepRequest::NewPassword {
            password: SecretText::new("hunter22a"),
        };
        let json = serde_json::to_value(&step).expect("serializes");
        assert_eq!(json["step"], "new_password");
        assert!(!format!("{step:?}").contains("hunter22a"));
    }

    #[test]
    fn documents_are_sniffed_by_content() {
        assert_eq!(
            sniff_document_type(b"%PDF-1.7 ..."),
            Some("application/pdf")
        );
        assert_eq!(sniff_document_type(b"MZ\x90\x00"), None);
    }
}
