//! The "What do you want?" view, the open recoveries, and keeping them:
//! case ids on disk, session tokens in the OS keyring.

use std::sync::Arc;

use iced::widget::{button, column, container, row, text};
use iced::{Element, Length, Task};

use super::topic::{self, Panel};
use crate::client::RecoveryClient;
use crate::domain::SecretText;
use crate::i18n::Translator;
use crate::protocol::{Case, TopicId};
use crate::session::{self, SessionKey, TokenStore};
use crate::storage::{AppPaths, OpenCases, SavedCase};

#[derive(Debug, Clone)]
pub enum Message {
    TokensReady(Arc<TokenSlot>),
    Resume(String),
    Resumed(Result<Box<(Case, SavedCase, Option<SecretText>)>, String>),
    Persisted(Result<(), String>),
    ContactSupport,
}

/// WebMoney's technical support, where the page sends users who cannot pick a topic.
pub const SUPPORT_URL: &str = "https://support.wmtransfer.com";

/// The token store, opened in the background (the keyring may take a moment).
pub struct TokenSlot {
    store: Box<dyn TokenStore>,
    problem: Option<String>,
}

impl std::fmt::Debug for TokenSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSlot")
            .field("persistent", &self.store.is_persistent())
            .finish()
    }
}

pub enum Action {
    None(Task<Message>),
    Resume(Box<Panel>),
    OpenLink(&'static str),
}

pub struct Start {
    paths: AppPaths,
    open_cases: Vec<SavedCase>,
    tokens: Option<Arc<TokenSlot>>,
    notice: Option<String>,
    keyring_missing: bool,
}

impl Start {
    pub fn load(paths: &AppPaths) -> Self {
        let (open_cases, notice) = match OpenCases::load(paths) {
            Ok(cases) => (cases, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        Start {
            paths: paths.clone(),
            open_cases,
            tokens: None,
            notice,
            keyring_missing: false,
        }
    }

    /// Opens the keyring off the UI thread, unless a store is given (tests give one).
    pub fn init(given: Option<Box<dyn TokenStore>>) -> Task<Message> {
        if let Some(store) = given {
            return Task::done(Message::TokensReady(Arc::new(TokenSlot {
                store,
                problem: None,
            })));
        }
        Task::perform(
            async {
                let opened = tokio::task::spawn_blocking(|| {
                    let (store, problem) = session::open_best();
                    TokenSlot {
                        store,
                        problem: problem.map(|p| p.to_string()),
                    }
                })
                .await;
                match opened {
                    Ok(slot) => Arc::new(slot),
                    Err(e) => Arc::new(TokenSlot {
                        store: Box::new(session::MemoryStore::default()),
                        problem: Some(e.to_string()),
                    }),
                }
            },
            Message::TokensReady,
        )
    }

    /// What the user should know: a failed save, or that tokens only live in memory.
    pub fn notice(&self, tr: &Translator) -> Option<String> {
        self.notice
            .clone()
            .or_else(|| self.keyring_missing.then(|| tr.tr("keyring-unavailable")))
    }

    pub fn open_cases(&self) -> &[SavedCase] {
        &self.open_cases
    }

    pub fn update(&mut self, message: Message, client: Option<RecoveryClient>) -> Action {
        match message {
            Message::TokensReady(slot) => {
                if let Some(problem) = &slot.problem {
                    tracing::warn!("no keyring, session tokens stay in memory: {problem}");
                    self.keyring_missing = true;
                }
                self.tokens = Some(slot);
                Action::None(Task::none())
            }
            Message::Persisted(result) => {
                if let Err(e) = result {
                    self.notice = Some(e);
                }
                Action::None(Task::none())
            }
            Message::Resume(case_id) => {
                let (Some(client), Some(saved)) = (
                    client,
                    self.open_cases
                        .iter()
                        .find(|c| c.case_id == case_id)
                        .cloned(),
                ) else {
                    return Action::None(Task::none());
                };
                let tokens = self.tokens.clone();
                Action::None(Task::perform(
                    async move {
                        let case = client
                            .case(&saved.case_id)
                            .await
                            .map_err(|e| e.to_string())?;
                        let key = SessionKey {
                            endpoint: saved.endpoint.clone(),
                            case_id: saved.case_id.clone(),
                        };
                        let token = match tokens {
                            Some(slot) => tokio::task::spawn_blocking(move || {
                                slot.store.load(&key).ok().flatten()
                            })
                            .await
                            .ok()
                            .flatten(),
                            None => None,
                        };
                        Ok(Box::new((case, saved, token)))
                    },
                    Message::Resumed,
                ))
            }
            Message::Resumed(Ok(resumed)) => {
                let (case, saved, token) = *resumed;
                Action::Resume(Box::new(Panel::resume(
                    saved.topic,
                    case,
                    saved.identifier,
                    token,
                )))
            }
            Message::ContactSupport => Action::OpenLink(SUPPORT_URL),
            Message::Resumed(Err(e)) => {
                self.notice = Some(e);
                Action::None(Task::none())
            }
        }
    }

    /// Keeps what a topic panel reported: the case on disk, its token in the keyring.
    pub fn record(
        &mut self,
        event: topic::Event,
        endpoint: &str,
        _paths: &AppPaths,
    ) -> Task<Message> {
        let paths = self.paths.clone();
        let tokens = self.tokens.clone();
        let endpoint = endpoint.to_owned();
        match event {
            topic::Event::CaseSaved {
                case,
                identifier,
                wmid,
            } => {
                let saved = SavedCase {
                    endpoint,
                    case_id: case.case_id.clone(),
                    reference: case.reference.clone(),
                    topic: case.topic,
                    identifier,
                    wmid,
                    saved_at: SavedCase::now_rfc3339(),
                };
                self.open_cases
                    .retain(|c| !(c.endpoint == saved.endpoint && c.case_id == saved.case_id));
                self.open_cases.push(saved.clone());
                blocking(move || {
                    OpenCases::upsert(&paths, saved)
                        .map(drop)
                        .map_err(|e| e.to_string())
                })
            }
            topic::Event::TokenReceived { case_id, token } => blocking(move || match tokens {
                Some(slot) => slot
                    .store
                    .save(&SessionKey { endpoint, case_id }, &token)
                    .map_err(|e| e.to_string()),
                None => Ok(()),
            }),
            topic::Event::CaseEnded { case_id } => {
                self.open_cases
                    .retain(|c| !(c.endpoint == endpoint && c.case_id == case_id));
                blocking(move || {
                    OpenCases::remove(&paths, &endpoint, &case_id).map_err(|e| e.to_string())?;
                    match tokens {
                        Some(slot) => slot
                            .store
                            .delete(&SessionKey { endpoint, case_id })
                            .map_err(|e| e.to_string()),
                        None => Ok(()),
                    }
                })
            }
            topic::Event::SwitchTopic(_) | topic::Event::OpenLink(_) => Task::none(),
        }
    }

    pub fn view<'a>(&'a self, tr: &'a Translator, connected: bool) -> Element<'a, Message> {
        let mut col = column![
            text(tr.tr("start-heading")).size(28),
            text(tr.tr("start-intro")),
            button(text(tr.tr("start-contact-support")))
                .style(button::secondary)
                .on_press(Message::ContactSupport),
            text(tr.tr("start-choose-topic")).size(14),
        ]
        .spacing(12);
        if !self.open_cases.is_empty() {
            col = col.push(text(tr.tr("start-open-cases")).size(20));
            for saved in &self.open_cases {
                let label = format!(
                    "{} · {} · {}",
                    tr.topic_title(saved.topic),
                    saved.reference,
                    saved.identifier
                );
                let mut resume = button(text(tr.tr("button-resume")));
                if connected {
                    resume = resume.on_press(Message::Resume(saved.case_id.clone()));
                }
                col = col.push(
                    container(
                        row![text(label).width(Length::Fill), resume]
                            .spacing(8)
                            .align_y(iced::Alignment::Center),
                    )
                    .padding(8)
                    .style(container::bordered_box),
                );
            }
        }
        let _ = TopicId::ALL;
        col.into()
    }
}

fn blocking(work: impl FnOnce() -> Result<(), String> + Send + 'static) -> Task<Message> {
    Task::perform(
        async move {
            tokio::task::spawn_blocking(work)
                .await
                .unwrap_or_else(|e| Err(e.to_string()))
        },
        Message::Persisted,
    )
}
