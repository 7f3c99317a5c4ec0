//! What the app tells the user outside a topic's own steps: a file it could
//! not read or save, the keyring, the service it could not reach, a bundle.
//! Errors stay typed until here, the one place that words them in the user's
//! language; the OS's or a parser's own text only follows as a detail.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use iced::widget::{column, container, text};
use iced::{Element, Theme};

use crate::app::accessibility::annotate;
use crate::app::chrome::theme;
use crate::client::ClientError;
use crate::diagnostics::DiagnosticsError;
use crate::i18n::{Arg, Translator};
use crate::mock::scenario::ScenarioError;
use crate::storage::StorageError;
use crate::token_store::SessionError;

/// Why the app could not connect to its service.
#[derive(Debug, Clone)]
pub enum ConnectError {
    /// The configured endpoint is not a usable address.
    Endpoint(ClientError),
    /// The scenario asked for could not be loaded into the built-in mock.
    Scenario(Arc<ScenarioError>),
    /// The built-in mock could not open its port.
    MockStart(Arc<std::io::Error>),
}

#[derive(Debug, Clone)]
pub enum Notice {
    SettingsSaved,
    BundleSaving,
    BundleSaved(PathBuf),
    /// A damaged or unreadable file was moved aside to `kept`; defaults are used.
    SetAside {
        error: StorageError,
        kept: PathBuf,
    },
    /// A damaged or unreadable file could not even be moved aside.
    NotSetAside {
        error: StorageError,
        also: StorageError,
    },
    /// A change could not be written; it holds until the app closes.
    NotSaved(StorageError),
    /// The keyring did not keep or forget a session token.
    Keyring(SessionError),
    /// The keyring did not give a listed recovery's token (locked, refused).
    KeyringUnreadable(SessionError),
    /// This computer has no session for a listed recovery.
    NoSessionHere,
    /// A listed recovery belongs to another service than the one in use.
    OtherService(crate::storage::Service),
    /// A token arrived before the keyring had opened.
    KeyringNotReady,
    /// There is no keyring: tokens live in memory only.
    KeyringMissing,
    Connect(ConnectError),
    /// A listed recovery could not be resumed.
    Service(ClientError),
    /// The service no longer has these listed recoveries (their references):
    /// they left the list.
    RecoveriesEnded(Vec<String>),
    /// This many recoveries of the built-in demo service, which starts empty
    /// each time, left the list.
    DemoRecoveriesEnded(usize),
    /// A web page or folder did not open.
    NotOpened {
        target: String,
        error: Arc<std::io::Error>,
    },
    /// No browser opened the page; its address is on screen, with Copy.
    BrowserNotOpened {
        url: String,
        error: Arc<std::io::Error>,
    },
    /// An address was put on the clipboard.
    Copied(String),
    ReminderSaved(PathBuf),
    ReminderNotSaved(crate::keyfile::save::SaveError),
    Bundle(DiagnosticsError),
    Scenario(Arc<ScenarioError>),
    /// Background work ended before it could answer.
    Interrupted,
}

/// A notice in the user's language: one translated sentence, and what the
/// OS or a parser said, shown smaller below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub sentence: String,
    pub detail: Option<String>,
}

impl Notice {
    /// Something went wrong (drawn as an error), rather than news.
    pub fn is_problem(&self) -> bool {
        !matches!(
            self,
            Notice::SettingsSaved
                | Notice::BundleSaving
                | Notice::BundleSaved(_)
                | Notice::Copied(_)
                | Notice::ReminderSaved(_)
                | Notice::RecoveriesEnded(_)
                | Notice::DemoRecoveriesEnded(_)
        )
    }

    pub fn words(&self, tr: &Translator) -> Words {
        let plain = |sentence: String| Words {
            sentence,
            detail: None,
        };
        match self {
            Notice::SettingsSaved => plain(tr.tr("settings-saved")),
            Notice::BundleSaving => plain(tr.tr("diagnostics-saving")),
            Notice::BundleSaved(path) => {
                plain(tr.tr_args("diagnostics-saved", &[("path", shown(path))]))
            }
            Notice::SetAside { error, kept } => Words {
                sentence: format!(
                    "{} {}",
                    storage_sentence(tr, error),
                    tr.tr_args("notice-set-aside", &[("kept", shown(kept))])
                ),
                detail: Some(storage_detail(error)),
            },
            Notice::NotSetAside { error, also } => Words {
                sentence: format!(
                    "{} {} {}",
                    storage_sentence(tr, error),
                    storage_sentence(tr, also),
                    tr.tr("notice-not-set-aside")
                ),
                detail: Some(format!(
                    "{}; {}",
                    storage_detail(error),
                    storage_detail(also)
                )),
            },
            Notice::NotSaved(error) => Words {
                sentence: format!(
                    "{} {}",
                    storage_sentence(tr, error),
                    tr.tr("notice-not-saved")
                ),
                detail: Some(storage_detail(error)),
            },
            Notice::Keyring(error) => Words {
                sentence: tr.tr("keyring-refused"),
                detail: Some(session_detail(error).to_owned()),
            },
            Notice::KeyringUnreadable(error) => Words {
                sentence: tr.tr("keyring-unreadable"),
                detail: Some(session_detail(error).to_owned()),
            },
            Notice::NoSessionHere => plain(tr.tr("resume-no-session")),
            Notice::OtherService(service) => {
                let name = match service {
                    crate::storage::Service::BuiltInMock => tr.tr("endpoint-builtin"),
                    crate::storage::Service::At(address) => address.clone(),
                };
                plain(tr.tr_args("resume-other-service", &[("service", Arg::Text(name))]))
            }
            Notice::KeyringNotReady => plain(tr.tr("keyring-not-ready")),
            Notice::KeyringMissing => plain(tr.tr("keyring-unavailable")),
            Notice::Connect(ConnectError::Endpoint(error)) | Notice::Service(error) => {
                plain(tr.client_error(error))
            }
            Notice::Connect(ConnectError::Scenario(error)) | Notice::Scenario(error) => {
                scenario_words(tr, error)
            }
            Notice::Connect(ConnectError::MockStart(error)) => Words {
                sentence: tr.tr("notice-mock-not-started"),
                detail: Some(error.to_string()),
            },
            Notice::NotOpened { target, error } => Words {
                sentence: tr.tr_args(
                    "notice-not-opened",
                    &[("target", Arg::from(target.as_str()))],
                ),
                detail: Some(error.to_string()),
            },
            Notice::BrowserNotOpened { url, error } => Words {
                sentence: tr.tr_args(
                    "notice-browser-not-opened",
                    &[("url", Arg::from(url.as_str()))],
                ),
                detail: Some(error.to_string()),
            },
            Notice::Copied(what) => {
                plain(tr.tr_args("notice-copied", &[("what", Arg::from(what.as_str()))]))
            }
            Notice::ReminderSaved(path) => {
                plain(tr.tr_args("notice-reminder-saved", &[("path", shown(path))]))
            }
            Notice::ReminderNotSaved(error) => plain(format!(
                "{} {}",
                tr.tr("notice-reminder-not-saved"),
                tr.save_error(error)
            )),
            Notice::RecoveriesEnded(references) => plain(tr.tr_args(
                "notice-recoveries-ended",
                &[
                    (
                        "count",
                        Arg::Number(i64::try_from(references.len()).unwrap_or(i64::MAX)),
                    ),
                    ("references", Arg::Text(references.join(", "))),
                ],
            )),
            Notice::DemoRecoveriesEnded(count) => plain(tr.tr_args(
                "notice-demo-recoveries-ended",
                &[(
                    "count",
                    Arg::Number(i64::try_from(*count).unwrap_or(i64::MAX)),
                )],
            )),
            Notice::Bundle(error) => bundle_words(tr, error),
            Notice::Interrupted => plain(tr.tr("notice-interrupted")),
        }
    }

    /// The notice in a box: its sentence, then the detail in smaller type.
    pub fn view<'a, M: 'a>(&self, tr: &Translator) -> Element<'a, M> {
        let Words { sentence, detail } = self.words(tr);
        let problem = self.is_problem();
        let mut col = column![text(sentence).style(move |theme: &Theme| {
            if problem {
                theme::error_text(theme)
            } else {
                text::Style::default()
            }
        })]
        .spacing(4);
        if let Some(detail) = detail {
            col = col.push(text(detail).size(12));
        }
        let boxed = container(col).padding(8).style(theme::card);
        // A problem interrupts the screen reader; other news waits its turn.
        if problem {
            annotate::alert(boxed)
        } else {
            annotate::status(boxed)
        }
    }
}

fn shown(path: &Path) -> Arg {
    Arg::Text(path.display().to_string())
}

/// What could not be done with which file, in the user's language.
fn storage_sentence(tr: &Translator, error: &StorageError) -> String {
    let id = match error {
        StorageError::Read { .. } => "storage-read",
        StorageError::Invalid { .. } => "storage-invalid",
        StorageError::CreateFolder { .. } => "storage-create-folder",
        StorageError::Write { .. } => "storage-write",
        StorageError::SetAside { .. } => "storage-set-aside",
    };
    tr.tr_args(id, &[("path", shown(error.path()))])
}

/// The OS's or the TOML parser's own words.
fn storage_detail(error: &StorageError) -> String {
    match error {
        StorageError::Read { source, .. }
        | StorageError::CreateFolder { source, .. }
        | StorageError::Write { source, .. }
        | StorageError::SetAside { source, .. } => source.to_string(),
        StorageError::Invalid { reason, .. } => reason.clone(),
    }
}

fn session_detail(error: &SessionError) -> &str {
    match error {
        SessionError::NoKeyring(detail)
        | SessionError::Access(detail)
        | SessionError::Other(detail) => detail,
    }
}

fn scenario_words(tr: &Translator, error: &ScenarioError) -> Words {
    match error {
        ScenarioError::Read { path, source } => Words {
            sentence: tr.tr_args("scenario-unreadable", &[("path", Arg::from(path.as_str()))]),
            detail: Some(source.to_string()),
        },
        ScenarioError::Invalid { name, at, message } => Words {
            sentence: match at {
                Some((line, column)) => tr.tr_args(
                    "scenario-invalid-at",
                    &[
                        ("name", Arg::from(name.as_str())),
                        ("line", Arg::from(line.to_string())),
                        ("column", Arg::from(column.to_string())),
                    ],
                ),
                None => tr.tr_args("scenario-invalid", &[("name", Arg::from(name.as_str()))]),
            },
            detail: Some(message.clone()),
        },
        ScenarioError::Unknown(name) => Words {
            sentence: tr.tr_args("scenario-unknown", &[("name", Arg::from(name.as_str()))]),
            detail: None,
        },
    }
}

fn bundle_words(tr: &Translator, error: &DiagnosticsError) -> Words {
    match error {
        DiagnosticsError::Write { path, source } => Words {
            sentence: tr.tr_args("diagnostics-failed", &[("path", shown(path))]),
            detail: Some(source.to_string()),
        },
        DiagnosticsError::Entry { entry, reason } => Words {
            sentence: tr.tr_args(
                "diagnostics-entry-failed",
                &[("entry", Arg::from(entry.as_str()))],
            ),
            detail: Some(reason.clone()),
        },
        DiagnosticsError::Read { path, source } => Words {
            sentence: tr.tr_args("diagnostics-unreadable", &[("path", shown(path))]),
            detail: Some(source.to_string()),
        },
        DiagnosticsError::NotABundle { path, reason } => Words {
            sentence: tr.tr_args("diagnostics-not-a-bundle", &[("path", shown(path))]),
            detail: Some(reason.clone()),
        },
        DiagnosticsError::NewerFormat { path, .. } => Words {
            sentence: tr.tr_args("diagnostics-newer", &[("path", shown(path))]),
            detail: None,
        },
        DiagnosticsError::InvalidEntry {
            path,
            entry,
            reason,
        } => Words {
            sentence: tr.tr_args(
                "diagnostics-invalid-entry",
                &[("path", shown(path)), ("entry", Arg::from(entry.as_str()))],
            ),
            detail: Some(reason.clone()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    fn unusable_settings() -> Notice {
        let not_a_folder = || Arc::new(std::io::Error::from(std::io::ErrorKind::NotADirectory));
        Notice::NotSetAside {
            error: StorageError::Read {
                path: PathBuf::from("config/settings.toml"),
                source: not_a_folder(),
            },
            also: StorageError::SetAside {
                path: PathBuf::from("config/settings.toml"),
                source: not_a_folder(),
            },
        }
    }

    #[test]
    fn the_sentence_is_translated_and_the_os_text_is_only_the_detail() {
        for language in Language::ALL {
            let tr = Translator::new(language);
            let words = unusable_settings().words(&tr);
            assert!(words.sentence.contains("config/settings.toml"));
            assert!(
                !words.sentence.contains("not a directory"),
                "{language:?}: {}",
                words.sentence
            );
            assert_eq!(
                words.detail.as_deref(),
                Some("not a directory; not a directory")
            );
            if language != Language::En {
                let english = unusable_settings().words(&Translator::new(Language::En));
                assert_ne!(words.sentence, english.sentence, "{language:?}");
            }
        }
    }

    /// A message id the files lack is shown as the id itself: every notice
    /// must have words in every language.
    #[test]
    fn every_notice_has_words_in_every_language() {
        let io = || Arc::new(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        let path = PathBuf::from("folder/file.toml");
        let storage = [
            StorageError::Read {
                path: path.clone(),
                source: io(),
            },
            StorageError::Invalid {
                path: path.clone(),
                reason: "line 1".into(),
            },
            StorageError::CreateFolder {
                path: path.clone(),
                source: io(),
            },
            StorageError::Write {
                path: path.clone(),
                source: io(),
            },
            StorageError::SetAside {
                path: path.clone(),
                source: io(),
            },
        ];
        let mut notices = vec![
            Notice::SettingsSaved,
            Notice::BundleSaving,
            Notice::BundleSaved(path.clone()),
            Notice::Keyring(SessionError::Access("locked".into())),
            Notice::KeyringUnreadable(SessionError::Access("locked".into())),
            Notice::NoSessionHere,
            Notice::OtherService(crate::storage::Service::At(
                "https://recovery.example.org/".into(),
            )),
            Notice::KeyringNotReady,
            Notice::KeyringMissing,
            Notice::Connect(ConnectError::MockStart(io())),
            Notice::Connect(ConnectError::Scenario(Arc::new(ScenarioError::Unknown(
                "x".into(),
            )))),
            Notice::Scenario(Arc::new(ScenarioError::Invalid {
                name: "x".into(),
                at: None,
                message: "y".into(),
            })),
            Notice::Scenario(Arc::new(ScenarioError::Invalid {
                name: "x".into(),
                at: Some((3, 7)),
                message: "y".into(),
            })),
            Notice::Scenario(Arc::new(ScenarioError::Read {
                path: "x.toml".into(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            })),
            Notice::NotOpened {
                target: "https://example.org".into(),
                error: io(),
            },
            Notice::BrowserNotOpened {
                url: "https://example.org".into(),
                error: io(),
            },
            Notice::Copied("https://example.org".into()),
            Notice::ReminderSaved(path.clone()),
            Notice::ReminderNotSaved(crate::keyfile::save::SaveError::DiskFull {
                folder: path.clone(),
            }),
            Notice::Interrupted,
            unusable_settings(),
        ];
        for error in storage {
            notices.push(Notice::NotSaved(error.clone()));
            notices.push(Notice::SetAside {
                error,
                kept: path.clone(),
            });
        }
        notices.extend(
            [
                DiagnosticsError::Write {
                    path: path.clone(),
                    source: io(),
                },
                DiagnosticsError::Entry {
                    entry: "log".into(),
                    reason: "r".into(),
                },
                DiagnosticsError::Read {
                    path: path.clone(),
                    source: io(),
                },
                DiagnosticsError::NotABundle {
                    path: path.clone(),
                    reason: "r".into(),
                },
                DiagnosticsError::NewerFormat {
                    path: path.clone(),
                    format: 9,
                },
                DiagnosticsError::InvalidEntry {
                    path,
                    entry: "log".into(),
                    reason: "r".into(),
                },
            ]
            .map(Notice::Bundle),
        );
        for language in Language::ALL {
            let tr = Translator::new(language);
            for notice in &notices {
                let words = notice.words(&tr).sentence;
                let raw_id = [
                    "notice-",
                    "storage-",
                    "diagnostics-",
                    "scenario-",
                    "keyring-",
                ]
                .iter()
                .any(|prefix| words.contains(prefix));
                assert!(!raw_id, "{language:?}: {notice:?} reads {words:?}");
            }
        }
    }

    /// A recovery of the built-in demo service is named as the Settings
    /// screen names that service, in the user's language, never by the
    /// name the open-cases file keeps it under.
    #[test]
    fn another_service_is_named_as_settings_names_it() {
        for language in Language::ALL {
            let tr = Translator::new(language);
            let words = Notice::OtherService(crate::storage::Service::BuiltInMock)
                .words(&tr)
                .sentence;
            assert!(
                words.contains(&tr.tr("endpoint-builtin")),
                "{language:?}: {words}"
            );
            assert!(!words.contains("built-in-mock"), "{language:?}: {words}");
        }
    }

    #[test]
    fn news_is_not_drawn_as_a_problem() {
        assert!(!Notice::SettingsSaved.is_problem());
        assert!(Notice::KeyringNotReady.is_problem());
        assert!(unusable_settings().is_problem());
    }
}
