//! The app's words in Vietnamese, English and Russian, and the one place that
//! turns every error, state and outcome into them.
//!
//! The texts live in `i18n/<code>/keeper-recovery.ftl` (Project Fluent), built
//! into the binary. Nothing here knows about the GUI.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use unic_langid::{LanguageIdentifier, langid};

use crate::client::ClientError;
use crate::domain::{Field, IdentifierKind, InputError};
use crate::keyfile::KeyFileError;
use crate::keyfile_save::SaveError;
use crate::protocol::{CaseState, Channel, ConfirmMethod, Outcome, TopicId, WaitReason};

/// A language the app speaks, in the order the language picker lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Vi,
    En,
    Ru,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Vi, Language::En, Language::Ru];

    /// The ISO 639-1 code, as in `i18n/<code>/`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
            Language::Ru => "ru",
        }
    }

    /// The language's name in itself, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Vi => "Tiếng Việt",
            Language::En => "English",
            Language::Ru => "Русский",
        }
    }

    /// Reads a language tag or a POSIX locale: "vi", "vi-VN", "ru_RU.UTF-8", "en_GB@euro".
    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code
            .trim()
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default();
        Language::ALL
            .into_iter()
            .find(|language| primary.eq_ignore_ascii_case(language.code()))
    }

    /// The first of the user's preferred locales the app speaks; English otherwise.
    pub fn from_locales<I, S>(locales: I) -> Language
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        locales
            .into_iter()
            .find_map(|locale| Language::from_code(locale.as_ref()))
            .unwrap_or(Language::En)
    }

    /// The language the operating system asks for.
    pub fn from_os() -> Language {
        Language::from_locales(sys_locale::get_locales())
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Language::Vi => langid!("vi"),
            Language::En => langid!("en"),
            Language::Ru => langid!("ru"),
        }
    }

    fn ftl(self) -> &'static str {
        match self {
            Language::Vi => include_str!("../i18n/vi/keeper-recovery.ftl"),
            Language::En => include_str!("../i18n/en/keeper-recovery.ftl"),
            Language::Ru => include_str!("../i18n/ru/keeper-recovery.ftl"),
        }
    }

    fn index(self) -> usize {
        match self {
            Language::Vi => 0,
            Language::En => 1,
            Language::Ru => 2,
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.native_name())
    }
}

/// A value for a message's placeable: text as is, or a number that plural
/// selectors can choose by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Text(value.to_owned())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Text(value)
    }
}

impl From<i64> for Arg {
    fn from(value: i64) -> Self {
        Arg::Number(value)
    }
}

impl From<u32> for Arg {
    fn from(value: u32) -> Self {
        Arg::Number(i64::from(value))
    }
}

type Bundle = FluentBundle<FluentResource>;

/// Each language is parsed once, on first use, and shared by every translator.
static BUNDLES: [OnceLock<Bundle>; 3] = [const { OnceLock::new() }; 3];

fn build_bundle(language: Language) -> Bundle {
    let mut bundle = FluentBundle::new_concurrent(vec![language.langid()]);
    // Isolation marks around placeables break exact-text matching in tests and
    // draw as boxes where shaping is basic.
    bundle.set_use_isolating(false);
    // A broken entry must not take the whole language down: keep what parsed and
    // let the missing ids show (the completeness tests catch them first).
    let resource = match FluentResource::try_new(language.ftl().to_owned()) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            tracing::error!(language = language.code(), ?errors, "FTL parse errors");
            resource
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(language = language.code(), ?errors, "FTL entries rejected");
    }
    bundle
}

/// Turns message ids and the library's types into words of one language.
/// Cheap to create and to copy: the parsed texts are shared.
#[derive(Clone, Copy)]
pub struct Translator {
    language: Language,
    bundle: &'static Bundle,
}

impl std::fmt::Debug for Translator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Translator")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

impl Translator {
    pub fn new(language: Language) -> Self {
        let bundle = BUNDLES[language.index()].get_or_init(|| build_bundle(language));
        Translator { language, bundle }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The message `id`; the id itself if there is no such message.
    pub fn tr(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with its placeables filled in.
    pub fn tr_args(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.as_str()),
                Arg::Number(number) => FluentValue::from(*number),
            };
            fluent.set(*name, value);
        }
        self.format(id, Some(&fluent))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(language = self.language.code(), id, "missing message");
            return id.to_owned();
        };
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            // A missing or misnamed argument shows as "{$count}" on screen: in a
            // debug build (every test run) that is a failure, not a log line.
            #[cfg(debug_assertions)]
            panic!(
                "message {id:?} ({}) formatted with errors: {errors:?}",
                self.language.code()
            );
            #[cfg(not(debug_assertions))]
            tracing::warn!(
                language = self.language.code(),
                id,
                ?errors,
                "message formatted with errors"
            );
        }
        text.into_owned()
    }

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
        matches!(
            topic,
            TopicId::ChangePhone | TopicId::ChangeEmail | TopicId::ChangeSecurityQuestion
        )
        .then(|| self.tr(&format!("topic-{}-wiki", topic.as_str())))
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
        match error {
            InputError::Identifier => self.tr_args(
                "input-invalid",
                &[
                    ("field", Arg::Text(self.field_name(Field::Identifier))),
                    (
                        "expected",
                        Arg::Text(
                            self.tr(&format!("expect-identifier{}", identifier_suffix(topic))),
                        ),
                    ),
                ],
            ),
            other => self.input_error(other),
        }
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
            ClientError::Timeout => self.tr("error-timeout"),
            ClientError::ConnectionLost => self.tr("error-connection-lost"),
            ClientError::InvalidInput { field, .. } => {
                let key = wire_field_key(field);
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
                    ("field", Arg::Text(wire_field_key(field).into())),
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
fn wire_field_key(field: &str) -> &'static str {
    const KNOWN: [&str; 12] = [
        "identifier",
        "wmid",
        "purse",
        "phone",
        "email",
        "code",
        "password",
        "answer",
        "question",
        "document",
        "channel",
        "method",
    ];
    KNOWN
        .into_iter()
        .find(|known| *known == field)
        .unwrap_or("other")
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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn codes_and_locales_map_to_languages() {
        for (code, expected) in [
            ("vi", Some(Language::Vi)),
            ("vi-VN", Some(Language::Vi)),
            ("vi_VN.UTF-8", Some(Language::Vi)),
            ("ru_RU.UTF-8", Some(Language::Ru)),
            ("RU", Some(Language::Ru)),
            ("en-US", Some(Language::En)),
            ("en_GB@euro", Some(Language::En)),
            ("de-DE", None),
            ("C", None),
            ("", None),
            ("vie", None),
        ] {
            assert_eq!(Language::from_code(code), expected, "{code:?}");
        }
        for language in Language::ALL {
            assert_eq!(Language::from_code(language.code()), Some(language));
        }
    }

    #[test]
    fn the_first_spoken_locale_wins_and_english_is_the_fallback() {
        assert_eq!(Language::from_locales(["vi-VN", "en-US"]), Language::Vi);
        assert_eq!(Language::from_locales(["de-DE", "ru-RU"]), Language::Ru);
        assert_eq!(Language::from_locales(["fr-FR", "de"]), Language::En);
        assert_eq!(Language::from_locales(Vec::<String>::new()), Language::En);
        assert!(Language::ALL.contains(&Language::from_os()));
    }

    #[test]
    fn placeables_render_without_isolation_marks() {
        let text = Translator::new(Language::En)
            .tr_args("code-sent-to", &[("destination", "+84 9** *** *78".into())]);
        assert_eq!(text, "A code was sent to +84 9** *** *78.");
        assert!(!text.contains(['\u{2068}', '\u{2069}']));
    }

    #[test]
    fn a_missing_message_is_its_id() {
        let tr = Translator::new(Language::Ru);
        assert_eq!(tr.tr("no-such-message"), "no-such-message");
        assert_eq!(tr.language(), Language::Ru);
    }

    #[test]
    fn plurals_follow_each_language() {
        let attempts = |language, count: i64| {
            Translator::new(language).tr_args("attempts-left", &[("count", count.into())])
        };
        assert_eq!(attempts(Language::En, 1), "1 attempt left");
        assert_eq!(attempts(Language::En, 4), "4 attempts left");
        assert_eq!(attempts(Language::Ru, 1), "Осталась 1 попытка");
        assert_eq!(attempts(Language::Ru, 3), "Осталось 3 попытки");
        assert_eq!(attempts(Language::Ru, 5), "Осталось 5 попыток");
        assert_eq!(attempts(Language::Ru, 21), "Осталась 21 попытка");
        assert_eq!(attempts(Language::Vi, 2), "Còn 2 lần thử");
    }

    #[test]
    fn waits_and_times_read_naturally() {
        let ru = Translator::new(Language::Ru);
        let en = Translator::new(Language::En);
        assert_eq!(en.duration(time::Duration::seconds(45)), "45 seconds");
        assert_eq!(
            en.duration(time::Duration::seconds(25 * 60 - 10)),
            "25 minutes"
        );
        assert_eq!(ru.duration(time::Duration::minutes(21)), "21 минуту");
        assert_eq!(ru.duration(time::Duration::minutes(22)), "22 минуты");
        assert_eq!(ru.duration(time::Duration::hours(5)), "5 часов");
        assert_eq!(ru.duration(time::Duration::days(2)), "2 дня");
        assert_eq!(en.duration(time::Duration::seconds(-5)), "1 second");

        let now = datetime!(2026-03-12 13:40 +7);
        assert_eq!(en.time(datetime!(2026-03-12 07:05 UTC), now), "14:05");
        let tomorrow = datetime!(2026-03-13 09:30 +7);
        assert_eq!(en.time(tomorrow, now), "2026-03-13 09:30");
        assert_eq!(ru.time(tomorrow, now), "13.03.2026, 09:30");
        assert_eq!(
            Translator::new(Language::Vi).time(tomorrow, now),
            "09:30 ngày 13/03/2026"
        );
        let utc = datetime!(2026-03-12 06:40 UTC);
        assert_eq!(en.time(datetime!(2026-03-12 07:05 UTC), utc), "07:05 UTC");
    }

    #[test]
    fn long_waits_say_how_long_and_when() {
        let en = Translator::new(Language::En);
        let now = datetime!(2026-03-12 13:40 +7);
        assert_eq!(
            en.wait_text(
                "button-send-again-in",
                now + time::Duration::seconds(45),
                now
            ),
            "Send again in 45 seconds"
        );
        assert_eq!(
            en.wait_text(
                "button-send-again-in",
                now + time::Duration::seconds(446_458),
                now
            ),
            "Send again in 6 days, at 2026-03-17 17:40"
        );
        let vi = Translator::new(Language::Vi);
        assert_eq!(
            vi.wait_text("button-send-again-in", now + time::Duration::hours(3), now),
            "Gửi lại sau 3 giờ, lúc 16:40"
        );
    }

    #[test]
    fn timed_errors_say_how_long_and_until_when() {
        let now = datetime!(2026-03-12 13:40 +7);
        let error = ClientError::Locked {
            until: Some(now + time::Duration::minutes(25)),
        };
        assert_eq!(
            Translator::new(Language::En).client_error_at(&error, now),
            "Too many wrong attempts. For your safety, confirmation is paused until 14:05. Try again in 25 minutes."
        );
        let busy = ClientError::Unavailable {
            retry_at: None,
            retry_after: Some(std::time::Duration::from_secs(2)),
        };
        assert_eq!(
            Translator::new(Language::Ru).client_error_at(&busy, now),
            "Сервис перегружен. Попробуйте снова через 2 секунды."
        );
    }

    /// The texts state the domain's limits in words; the domain's own messages
    /// carry the same numbers, so a changed limit shows up here.
    #[test]
    fn translations_state_the_domains_numbers() {
        fn numbers(text: &str) -> Vec<String> {
            text.split(|c: char| !c.is_ascii_digit())
                .filter(|part| !part.is_empty())
                .map(str::to_owned)
                .collect()
        }
        let errors = [
            InputError::Wmid,
            InputError::Purse,
            InputError::Phone,
            InputError::Code,
            InputError::Password,
            InputError::TooLong {
                field: Field::Answer,
                max: 200,
            },
        ];
        for language in Language::ALL {
            let tr = Translator::new(language);
            for error in &errors {
                let text = tr.input_error(error);
                for number in numbers(&error.to_string()) {
                    assert!(text.contains(&number), "{language:?} {error:?}: {text}");
                }
            }
            let wrong_size = KeyFileError::WrongSize { found: 100 };
            let text = tr.keyfile_error(&wrong_size);
            for number in numbers(&wrong_size.to_string()) {
                assert!(text.contains(&number), "{language:?}: {text}");
            }
            let megabytes = (crate::protocol::DOCUMENT_MAX_BYTES / (1024 * 1024)).to_string();
            assert!(tr.tr("expect-document").contains(&megabytes));
            let rules = tr.tr("new-password-rules");
            for number in numbers(&InputError::Password.to_string()) {
                assert!(rules.contains(&number), "{language:?}: {rules}");
            }
        }
    }

    #[test]
    fn every_state_outcome_and_input_error_has_words() {
        let outcomes = [
            Outcome::PasswordChanged,
            Outcome::AccountsSentIfRegistered {
                channel: Channel::Sms,
            },
            Outcome::AccountsSentIfRegistered {
                channel: Channel::Email,
            },
            Outcome::PhoneChanged,
            Outcome::EmailChanged,
            Outcome::PhoneDetached,
            Outcome::SimReregistered,
            Outcome::SecurityQuestionChanged,
            Outcome::KeyfileIssued,
            Outcome::CertificateReissueAllowed,
            Outcome::NoKeyfileForKeeper,
            Outcome::EnumActivationSent {
                sent_to: "+84 9** *** *78".into(),
            },
            Outcome::EnumNotRegistered,
            Outcome::DocumentsRejected {
                reason: "the photo is blurred".into(),
            },
            Outcome::Cancelled,
        ];
        let fields = [
            Field::Identifier,
            Field::Wmid,
            Field::Purse,
            Field::Phone,
            Field::Email,
            Field::Code,
            Field::Password,
            Field::Answer,
            Field::Question,
            Field::Document,
        ];
        let input_errors = fields.iter().map(|field| InputError::Empty(*field)).chain([
            InputError::Wmid,
            InputError::Purse,
            InputError::Phone,
            InputError::Email,
            InputError::Identifier,
            InputError::Code,
            InputError::Password,
            InputError::TooLong {
                field: Field::Question,
                max: 1,
            },
        ]);
        let states = [
            CaseState::AwaitingChallenge,
            CaseState::AwaitingCode,
            CaseState::AwaitingStep,
            CaseState::Waiting,
            CaseState::UnderReview,
            CaseState::Ready,
            CaseState::Completed,
            CaseState::Rejected,
            CaseState::Cancelled,
            CaseState::Expired,
        ];
        for language in Language::ALL {
            let tr = Translator::new(language);
            let mut texts: Vec<String> = Vec::new();
            texts.extend(
                outcomes
                    .iter()
                    .flat_map(|o| [tr.outcome(o), tr.outcome_title(o)]),
            );
            texts.extend(input_errors.clone().map(|e| tr.input_error(&e)));
            texts.extend(states.map(|s| tr.case_state(s)));
            texts.extend(fields.map(|f| tr.field_name(f)));
            texts.extend(
                [Channel::Sms, Channel::Email, Channel::Enum, Channel::Keeper]
                    .map(|c| tr.channel(c)),
            );
            texts.extend(
                [
                    ConfirmMethod::OldContact,
                    ConfirmMethod::Sms,
                    ConfirmMethod::Enum,
                    ConfirmMethod::SecurityQuestion,
                ]
                .map(|m| tr.confirm_method(m)),
            );
            texts.extend(
                [WaitReason::SecurityPeriod, WaitReason::DocumentReview].map(|r| tr.wait_reason(r)),
            );
            texts.extend(
                [
                    KeyFileError::WrongSize { found: 1 },
                    KeyFileError::BadBodyLength { found: 139 },
                    KeyFileError::WrongAccessCode,
                    KeyFileError::ImpossibleLength {
                        part: crate::keyfile::KeyPart::Modulus,
                        found: 300,
                    },
                    KeyFileError::MalformedKey,
                ]
                .map(|e| tr.keyfile_error(&e)),
            );
            let place = std::path::PathBuf::from("keys");
            texts.extend(
                [
                    SaveError::Exists {
                        path: place.join("405002833238.kwm"),
                    },
                    SaveError::FolderMissing {
                        folder: place.clone(),
                    },
                    SaveError::NotAFolder {
                        path: place.clone(),
                    },
                    SaveError::PermissionDenied {
                        folder: place.clone(),
                    },
                    SaveError::ReadOnly {
                        folder: place.clone(),
                    },
                    SaveError::DiskFull {
                        folder: place.clone(),
                    },
                    SaveError::Other {
                        path: place.clone(),
                        message: "interrupted".into(),
                    },
                ]
                .map(|e| tr.save_error(&e)),
            );
            for topic in TopicId::ALL {
                texts.extend([
                    tr.topic_title(topic),
                    tr.topic_intro(topic),
                    tr.identifier_label(topic),
                    tr.identifier_placeholder(topic),
                ]);
                texts.extend(tr.topic_wiki(topic));
            }
            for text in texts {
                assert!(!text.is_empty(), "{language:?}: empty text");
                assert!(!text.contains(['{', '}']), "{language:?}: {text}");
                let looks_like_id = text
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                assert!(!looks_like_id, "{language:?}: {text}");
            }
        }
    }

    #[test]
    fn translators_can_cross_threads() {
        fn shareable<T: Send + Sync + 'static>() {}
        shareable::<Translator>();
    }
}
