//! The words for the library's values: times and waits, topics and their
//! steps, outcomes, and every error a user can meet.

use time::OffsetDateTime;

use super::{Arg, Translator};
use crate::client::ClientError;
use crate::domain::{Field, IdentifierKind, InputError};
use crate::keyfile::KeyFileError;
use crate::keyfile::save::SaveError;
use crate::mock::faults::{FaultKindId, RouteId};
use crate::protocol::{CaseState, Channel, ConfirmMethod, Outcome, TopicId, WaitReason};

impl Translator {
    // ----- times -----

    /// How long `wait` is, rounded up, in words that follow "in" ("in 25 minutes").
    pub fn duration(&self, wait: time::Duration) -> String {
        let seconds = wait.whole_seconds().max(1);
        let (id, count) = if seconds < 90 {
            ("duration-seconds", seconds)
        } else if seconds < 90 * 60 {
            ("duration-minutes", (seconds + 59) / 60)
        } else if seconds < 36 * 3600 {
            ("duration-hours", (seconds + 3599) / 3600)
        } else {
            ("duration-days", (seconds + 86_399) / 86_400)
        };
        self.tr_args(id, &[("count", Arg::Number(count))])
    }

    /// How long `span` is to the nearest minute, every part said ("1 day
    /// 11 minutes"): for a distance the user set step by step, where
    /// rounding up to "25 hours" would hide the steps.
    pub fn exact_duration(&self, span: time::Duration) -> String {
        let minutes = (span.whole_seconds().max(0) + 30) / 60;
        if minutes == 0 {
            return self.duration(span);
        }
        let parts = [
            ("duration-days", minutes / (24 * 60)),
            ("duration-hours", minutes / 60 % 24),
            ("duration-minutes", minutes % 60),
        ];
        parts
            .iter()
            .filter(|(_, count)| *count > 0)
            .map(|(id, count)| self.tr_args(id, &[("count", Arg::Number(*count))]))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The message `id` (with `$wait`) for a wait that ends at `at`; from an hour
    /// on, `id` + "-at" also says when ("in 3 days, at 2026-12-02 21:53").
    pub fn wait_text(&self, id: &str, at: OffsetDateTime, now: OffsetDateTime) -> String {
        let wait = at - now;
        let words = Arg::Text(self.duration(wait));
        if wait < time::Duration::HOUR {
            self.tr_args(id, &[("wait", words)])
        } else {
            self.tr_args(
                &format!("{id}-at"),
                &[("wait", words), ("until", Arg::Text(self.time(at, now)))],
            )
        }
    }

    /// A moment as the clock shows it in `now`'s offset: the time alone on the
    /// same day, with the date otherwise. "UTC" is added when `now` is in UTC so
    /// that nobody mistakes it for local time.
    pub fn time(&self, at: OffsetDateTime, now: OffsetDateTime) -> String {
        // Out of range only at the far ends of the calendar; then as given.
        let at = at.checked_to_offset(now.offset()).unwrap_or(at);
        let mut clock = format!("{:02}:{:02}", at.hour(), at.minute());
        if now.offset().is_utc() {
            clock.push_str(" UTC");
        }
        if at.date() == now.date() {
            return clock;
        }
        let date = self.tr_args(
            "date",
            &[
                ("day", Arg::Text(format!("{:02}", at.day()))),
                ("month", Arg::Text(format!("{:02}", u8::from(at.month())))),
                ("year", Arg::Text(at.year().to_string())),
            ],
        );
        self.tr_args(
            "date-time",
            &[("date", Arg::Text(date)), ("time", Arg::Text(clock))],
        )
    }

    // ----- topics and the steps' vocabulary -----

    pub fn topic_title(&self, topic: TopicId) -> String {
        self.tr(&format!("topic-{}-title", topic.as_str()))
    }

    pub fn topic_intro(&self, topic: TopicId) -> String {
        self.tr(&format!("topic-{}-intro", topic.as_str()))
    }

    /// The page's pointer to the wiki, for the topics that have one.
    pub fn topic_wiki(&self, topic: TopicId) -> Option<String> {
        topic
            .spec()
            .wiki
            .map(|_| self.tr(&format!("topic-{}-wiki", topic.as_str())))
    }

    /// The label of the identifier input, naming what the topic accepts.
    pub fn identifier_label(&self, topic: TopicId) -> String {
        self.tr(&format!("identifier-label{}", identifier_suffix(topic)))
    }

    pub fn identifier_placeholder(&self, topic: TopicId) -> String {
        self.tr(&format!(
            "identifier-placeholder{}",
            identifier_suffix(topic)
        ))
    }

    pub fn channel(&self, channel: Channel) -> String {
        self.tr(match channel {
            Channel::Sms => "channel-sms",
            Channel::Email => "channel-email",
            Channel::Enum => "channel-enum",
            Channel::Keeper => "channel-keeper",
        })
    }

    /// Where a channel's code goes, on the line under its choice: to the
    /// masked destination the service gave, or to the account's phone,
    /// email, E-NUM or Keeper.
    pub fn channel_detail(&self, channel: Channel, sent_to: Option<&str>) -> String {
        let to = match channel {
            Channel::Sms => "channel-sms-to",
            Channel::Email => "channel-email-to",
            Channel::Enum => "channel-enum-to",
            // The Keeper is named, not masked: nothing to add.
            Channel::Keeper => "",
        };
        match sent_to.filter(|s| !s.is_empty()) {
            Some(destination) if !to.is_empty() => {
                self.tr_args(to, &[("destination", Arg::Text(destination.to_owned()))])
            }
            _ => self.tr(match channel {
                Channel::Sms => "channel-sms-detail",
                Channel::Email => "channel-email-detail",
                Channel::Enum => "channel-enum-detail",
                Channel::Keeper => "channel-keeper-detail",
            }),
        }
    }

    pub fn confirm_method(&self, method: ConfirmMethod) -> String {
        self.tr(match method {
            ConfirmMethod::OldContact => "confirm-method-old-contact",
            ConfirmMethod::Sms => "confirm-method-sms",
            ConfirmMethod::Enum => "confirm-method-enum",
            ConfirmMethod::SecurityQuestion => "confirm-method-security-question",
        })
    }

    pub fn case_state(&self, state: CaseState) -> String {
        self.tr(match state {
            CaseState::AwaitingChallenge => "case-state-awaiting-challenge",
            CaseState::AwaitingCode => "case-state-awaiting-code",
            CaseState::AwaitingStep => "case-state-awaiting-step",
            CaseState::Waiting => "case-state-waiting",
            CaseState::UnderReview => "case-state-under-review",
            CaseState::Ready => "case-state-ready",
            CaseState::Completed => "case-state-completed",
            CaseState::Rejected => "case-state-rejected",
            CaseState::Cancelled => "case-state-cancelled",
            CaseState::Expired => "case-state-expired",
        })
    }

    pub fn wait_reason(&self, reason: WaitReason) -> String {
        self.tr(match reason {
            WaitReason::SecurityPeriod => "wait-reason-security-period",
            WaitReason::DocumentReview => "wait-reason-document-review",
        })
    }

    /// What happened and what to do next.
    pub fn outcome(&self, outcome: &Outcome) -> String {
        let id = format!("outcome-{}", outcome_key(outcome));
        match outcome {
            Outcome::AccountsSentIfRegistered { channel } => {
                self.tr_args(&id, &[("channel", Arg::Text(channel_key(*channel).into()))])
            }
            Outcome::EnumActivationSent { sent_to } => {
                self.tr_args(&id, &[("destination", Arg::Text(sent_to.clone()))])
            }
            Outcome::DocumentsRejected { reason } => {
                self.tr_args(&id, &[("reason", Arg::Text(reason.clone()))])
            }
            _ => self.tr(&id),
        }
    }

    /// For a change the service tells the account's old phone and email of:
    /// that they were told, so the user knows the owner can object.
    pub fn old_contacts_told(&self, outcome: &Outcome) -> Option<String> {
        matches!(
            outcome,
            Outcome::PasswordChanged
                | Outcome::PhoneChanged
                | Outcome::EmailChanged
                | Outcome::SecurityQuestionChanged
        )
        .then(|| self.tr("old-contacts-told-change"))
    }

    /// A short heading for the finish screen.
    pub fn outcome_title(&self, outcome: &Outcome) -> String {
        self.tr(&format!("outcome-{}-title", outcome_key(outcome)))
    }

    // ----- errors -----

    /// The name of an input, as a label would give it.
    pub fn field_name(&self, field: Field) -> String {
        self.tr(&format!("field-{}", field.as_str()))
    }

    /// What is wrong with a typed identifier, in the words of what `topic`
    /// accepts: a topic that takes only a WMID or purse never asks for an email.
    pub fn identifier_error(&self, topic: TopicId, error: &InputError) -> String {
        // A topic that takes one kind only (a phone) never speaks of another
        // kind (a purse) because of how the typed text began.
        let one_kind = topic.identifiers().len() == 1
            && !matches!(error, InputError::Empty(_) | InputError::TooLong { .. });
        if !one_kind && !matches!(error, InputError::Identifier) {
            return self.input_error(error);
        }
        self.tr_args(
            "input-invalid",
            &[
                (
                    "field",
                    Arg::Text(self.field_name(topic.identifier_field())),
                ),
                (
                    "expected",
                    Arg::Text(self.tr(&format!("expect-identifier{}", identifier_suffix(topic)))),
                ),
            ],
        )
    }

    /// What is wrong with a typed value: the field, then what it expects.
    pub fn input_error(&self, error: &InputError) -> String {
        let field = Arg::Text(self.field_name(error.field()));
        match error {
            InputError::Empty(_) => self.tr_args("input-empty", &[("field", field)]),
            InputError::TooLong { max, .. } => self.tr_args(
                "input-too-long",
                &[
                    ("field", field),
                    ("max", Arg::Number(i64::try_from(*max).unwrap_or(i64::MAX))),
                ],
            ),
            _ => self.tr_args(
                "input-invalid",
                &[
                    ("field", field),
                    ("expected", Arg::Text(self.expected(error.field().as_str()))),
                ],
            ),
        }
    }

    /// A code not sent because of a limit on `identifier` (the cooldown, or
    /// the day's number), counted down to `until` from `now`; once passed,
    /// says that a code can be asked for again.
    pub fn code_limit(
        &self,
        daily: bool,
        until: Option<OffsetDateTime>,
        identifier: &str,
        now: OffsetDateTime,
    ) -> String {
        let key = if daily {
            "code-limit-daily"
        } else {
            "code-limit-cooldown"
        };
        let identifier = ("identifier", Arg::Text(identifier.to_owned()));
        match until {
            Some(at) if at <= now => self.tr_args("code-limit-over", &[identifier]),
            Some(at) => self.tr_args(
                key,
                &[
                    identifier,
                    ("wait", Arg::Text(self.duration(at - now))),
                    ("until", Arg::Text(self.time(at, now))),
                ],
            ),
            None => self.tr_args(&format!("{key}-no-time"), &[identifier]),
        }
    }

    /// A failure talking to the service, with waits counted from the current time.
    pub fn client_error(&self, error: &ClientError) -> String {
        self.client_error_at(error, OffsetDateTime::now_utc())
    }

    /// A failure talking to the service, with waits counted from `now`; clock
    /// times are shown in `now`'s offset.
    pub fn client_error_at(&self, error: &ClientError, now: OffsetDateTime) -> String {
        let timed = |id: &str, at: Option<OffsetDateTime>| match at {
            Some(at) => self.tr_args(
                id,
                &[
                    ("wait", Arg::Text(self.duration(at - now))),
                    ("until", Arg::Text(self.time(at, now))),
                ],
            ),
            None => self.tr(&format!("{id}-no-time")),
        };
        match error {
            ClientError::InvalidEndpoint(_) => self.tr("error-invalid-endpoint"),
            ClientError::InsecureEndpoint => self.tr("error-insecure-endpoint"),
            ClientError::Offline => self.tr("error-offline"),
            ClientError::Untrusted { .. } => self.tr("error-untrusted"),
            ClientError::Timeout => self.tr("error-timeout"),
            ClientError::ConnectionLost => self.tr("error-connection-lost"),
            ClientError::InvalidInput { field, .. } => {
                let key = field_key(*field);
                self.tr_args(
                    "error-invalid-input",
                    &[
                        ("field", Arg::Text(self.tr(&format!("field-{key}")))),
                        ("expected", Arg::Text(self.expected(key))),
                    ],
                )
            }
            ClientError::WrongCode {
                field,
                attempts_left,
            } => self.tr_args(
                "error-wrong-code",
                &[
                    // Only selects the wording (code or answer); never shown.
                    ("field", Arg::Text(field_key(*field).into())),
                    ("count", Arg::Number(i64::from(*attempts_left))),
                ],
            ),
            ClientError::BadSignature { attempts_left } => self.tr_args(
                "error-bad-signature",
                &[("count", Arg::Number(i64::from(*attempts_left)))],
            ),
            ClientError::Signing(_) => self.tr("error-signing"),
            ClientError::CodeExpired => self.tr("error-code-expired"),
            ClientError::Locked { until } => timed("error-locked", *until),
            ClientError::Cooldown { retry_at } => timed("error-cooldown", *retry_at),
            ClientError::RateLimited { retry_at } => timed("error-rate-limited", *retry_at),
            ClientError::CaseExpired => self.tr("error-case-expired"),
            ClientError::CaseNotFound => self.tr("error-case-not-found"),
            ClientError::Unauthorized => self.tr("error-unauthorized"),
            ClientError::NotReady { eta } => match eta {
                Some(eta) => self.tr_args(
                    "error-not-ready",
                    &[("eta", Arg::Text(self.time(*eta, now)))],
                ),
                None => self.tr("error-not-ready-no-time"),
            },
            ClientError::WrongState(_) => self.tr("error-wrong-state"),
            ClientError::Unavailable {
                retry_at,
                retry_after,
            } => {
                let after = retry_after
                    .and_then(|wait| time::Duration::try_from(wait).ok())
                    .and_then(|wait| now.checked_add(wait));
                timed("error-unavailable", retry_at.or(after))
            }
            ClientError::Server { status } => self.tr_args(
                "error-server",
                &[("status", Arg::Number(i64::from(*status)))],
            ),
            ClientError::Protocol(_) => self.tr("error-protocol"),
            ClientError::TooLarge { .. } => self.tr("error-too-large"),
            ClientError::ChecksumMismatch => self.tr("error-checksum-mismatch"),
            ClientError::Redirected { host } if host.is_empty() => {
                self.tr("error-redirected-no-host")
            }
            ClientError::Redirected { host } => {
                self.tr_args("error-redirected", &[("host", Arg::Text(host.clone()))])
            }
        }
    }

    /// Why a key file does not open.
    pub fn keyfile_error(&self, error: &KeyFileError) -> String {
        match error {
            KeyFileError::WrongSize { found } => self.tr_args(
                "keyfile-error-wrong-size",
                &[(
                    "found",
                    Arg::Number(i64::try_from(*found).unwrap_or(i64::MAX)),
                )],
            ),
            KeyFileError::BadBodyLength { .. } => self.tr("keyfile-error-bad-body-length"),
            KeyFileError::WrongAccessCode => self.tr("keyfile-error-wrong-access-code"),
            KeyFileError::ImpossibleLength { .. } | KeyFileError::MalformedKey => {
                self.tr("keyfile-error-malformed-key")
            }
        }
    }

    /// Why a chosen document cannot be sent: said as what happened on this
    /// computer (nothing was sent).
    pub fn document_error(&self, error: &crate::client::DocumentError) -> String {
        use crate::client::DocumentError;
        use crate::protocol::DocumentProblem;
        let shown = |path: &std::path::Path| Arg::Text(path.display().to_string());
        match error {
            DocumentError::NotFound { path } => {
                self.tr_args("document-not-found", &[("path", shown(path))])
            }
            DocumentError::Unreadable { path, message } => self.tr_args(
                "document-unreadable",
                &[
                    ("path", shown(path)),
                    ("detail", Arg::Text(message.clone())),
                ],
            ),
            DocumentError::Rejected(DocumentProblem::TooLarge { name }) => self.tr_args(
                "document-too-large",
                &[
                    ("name", Arg::Text(name.clone())),
                    (
                        "megabytes",
                        Arg::Number(
                            i64::try_from(crate::protocol::DOCUMENT_MAX_BYTES / (1024 * 1024))
                                .unwrap_or(i64::MAX),
                        ),
                    ),
                ],
            ),
            DocumentError::Rejected(DocumentProblem::NotADocument { name }) => {
                self.tr_args("document-wrong-type", &[("name", Arg::Text(name.clone()))])
            }
            DocumentError::Interrupted => self.tr("document-interrupted"),
        }
    }

    /// Why a restored key file was not saved, and what to do about it.
    pub fn save_error(&self, error: &SaveError) -> String {
        let shown = |path: &std::path::Path| Arg::Text(path.display().to_string());
        match error {
            SaveError::Exists { path } => {
                self.tr_args("keyfile-save-exists", &[("path", shown(path))])
            }
            SaveError::FolderMissing { folder } => {
                self.tr_args("keyfile-save-no-folder", &[("path", shown(folder))])
            }
            SaveError::NotAFolder { path } => {
                self.tr_args("keyfile-save-not-a-folder", &[("path", shown(path))])
            }
            SaveError::PermissionDenied { folder } => {
                self.tr_args("keyfile-save-permission-denied", &[("path", shown(folder))])
            }
            SaveError::ReadOnly { folder } => {
                self.tr_args("keyfile-save-read-only", &[("path", shown(folder))])
            }
            SaveError::DiskFull { .. } => self.tr("keyfile-save-disk-full"),
            SaveError::Other { path, message } => self.tr_args(
                "keyfile-save-other",
                &[
                    ("path", shown(path)),
                    ("detail", Arg::Text(message.clone())),
                ],
            ),
        }
    }

    fn expected(&self, key: &str) -> String {
        self.tr(&format!("expect-{key}"))
    }
}

/// Which of the identifier labels fits the identifiers a topic accepts.
fn identifier_suffix(topic: TopicId) -> &'static str {
    let kinds = topic.identifiers();
    let has = |kind: IdentifierKind| kinds.contains(&kind);
    match (
        has(IdentifierKind::Wmid),
        has(IdentifierKind::Phone),
        has(IdentifierKind::Email),
    ) {
        (true, true, false) => "-wmid-purse-phone",
        (true, false, false) => "-wmid-purse",
        (false, true, true) => "-phone-email",
        (false, true, false) => "-phone",
        // WMID, phone and email: the page's own label (a purse is accepted too).
        _ => "",
    }
}

/// The inputs the service may name in an error; anything else is "the request".
fn field_key(field: Option<Field>) -> &'static str {
    field.map_or("other", Field::as_str)
}

fn channel_key(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => "sms",
        Channel::Email => "email",
        Channel::Enum => "enum",
        Channel::Keeper => "keeper",
    }
}

fn outcome_key(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::PasswordChanged => "password-changed",
        Outcome::AccountsSentIfRegistered { .. } => "accounts-sent",
        Outcome::PhoneChanged => "phone-changed",
        Outcome::EmailChanged => "email-changed",
        Outcome::PhoneDetached => "phone-detached",
        Outcome::SimReregistered => "sim-reregistered",
        Outcome::SecurityQuestionChanged => "security-question-changed",
        Outcome::KeyfileIssued => "keyfile-issued",
        Outcome::CertificateReissueAllowed => "certificate-reissue-allowed",
        Outcome::NoKeyfileForKeeper => "no-keyfile-for-keeper",
        Outcome::EnumActivationSent { .. } => "enum-activation-sent",
        Outcome::EnumNotRegistered => "enum-not-registered",
        Outcome::DocumentsRejected { .. } => "documents-rejected",
        Outcome::Cancelled => "cancelled",
    }
}

/// The support panel's words for the demo service's routes and faults.
impl Translator {
    /// A protocol route, in words.
    pub fn route_name(&self, route: RouteId) -> String {
        self.tr(&format!(
            "support-route-{}",
            route.as_str().replace('_', "-")
        ))
    }

    /// A kind of fault, in words.
    pub fn fault_kind_name(&self, kind: FaultKindId) -> String {
        let id: &'static str = kind.into();
        self.tr(&format!("support-fault-kind-{}", id.replace('_', "-")))
    }

    /// A fault as the exchange log records it ("latency 3000 ms"), in words;
    /// a record this version does not know stays as it is.
    pub fn recorded_fault(&self, recorded: &str) -> String {
        let (id, rest) = recorded.split_once(' ').unwrap_or((recorded, ""));
        match id.parse::<FaultKindId>() {
            Ok(kind) if rest.is_empty() => self.fault_kind_name(kind),
            Ok(kind) => format!("{} {rest}", self.fault_kind_name(kind)),
            Err(_) => recorded.to_owned(),
        }
    }
}
