//! The translations' tests: languages and locales, plurals, times, and that
//! every value and error has words in every language.

use super::*;
use time::macros::datetime;

use crate::client::ClientError;
use crate::domain::{Field, InputError};
use crate::keyfile::KeyFileError;
use crate::keyfile::save::SaveError;
use crate::protocol::{CaseState, Channel, ConfirmMethod, Outcome, TopicId, WaitReason};

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
            [Channel::Sms, Channel::Email, Channel::Enum, Channel::Keeper].map(|c| tr.channel(c)),
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
