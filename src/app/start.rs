//! The "What do you want?" view, the open recoveries, and keeping them:
//! case ids on disk, session tokens in the OS keyring.

use std::sync::Arc;

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length, Task};

use super::blocking;
use super::notice::Notice;
use super::topic::{self, Panel};
use crate::client::{ClientError, RecoveryClient};
use crate::domain::SecretText;
use crate::i18n::Translator;
use crate::protocol::Case;
use crate::session::{self, SessionError, SessionKey, TokenStore};
use crate::storage::{AppPaths, OpenCases, SavedCase};

/// WebMoney's technical support, where the page sends users who cannot pick a topic.
pub const SUPPORT_URL: &str = "https://support.wmtransfer.com";

#[derive(Debug, Clone)]
pub enum Message {
    TokensReady(Arc<TokenSlot>),
    Resume(String),
    Resumed(String, Result<Box<(Case, Option<SecretText>)>, ClientError>),
    Forget(String),
    /// Forget every recovery listed here and delete their sessions.
    SignOut,
    Persisted(Result<(), Notice>),
    ContactSupport,
    /// A listed recovery as the service has it now.
    Checked(String, Result<Box<Case>, ClientError>),
}

/// The token store, opened in the background (the keyring may take a moment).
pub struct TokenSlot {
    store: Box<dyn TokenStore>,
    problem: Option<SessionError>,
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
    notice: Option<Notice>,
    resume_error: Option<ClientError>,
    resuming: Option<String>,
    keyring_missing: bool,
}

impl Start {
    pub fn load(paths: &AppPaths) -> Self {
        // A damaged file is moved aside so later saves work; the user is told where.
        let (open_cases, notice) = match OpenCases::load(paths) {
            Ok(cases) => (cases, None),
            Err(e) => match OpenCases::set_aside_bad(paths) {
                Ok(kept) => (Vec::new(), Some(Notice::SetAside { error: e, kept })),
                Err(also) => (Vec::new(), Some(Notice::NotSetAside { error: e, also })),
            },
        };
        Start {
            paths: paths.clone(),
            open_cases,
            tokens: None,
            notice,
            resume_error: None,
            resuming: None,
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
                let opened = blocking(|| {
                    let (store, problem) = session::open_best();
                    Ok(TokenSlot { store, problem })
                })
                .await;
                Arc::new(opened.unwrap_or_else(|_| TokenSlot {
                    store: Box::new(session::MemoryStore::new()),
                    problem: Some(SessionError::NoKeyring(
                        "opening the keyring stopped before it answered".to_owned(),
                    )),
                }))
            },
            Message::TokensReady,
        )
    }

    /// What the user should know: a failed save, or that tokens only live in memory.
    pub fn notice(&self) -> Option<Notice> {
        self.notice
            .clone()
            .or_else(|| self.resume_error.clone().map(Notice::Service))
            .or_else(|| self.keyring_missing.then_some(Notice::KeyringMissing))
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
                self.notice = result.err();
                Action::None(Task::none())
            }
            Message::ContactSupport => Action::OpenLink(SUPPORT_URL),
            // A recovery that ended while nobody looked (a wait ran out, a review
            // was decided) is no longer offered for resuming.
            Message::Checked(case_id, Ok(case)) if case.state.is_final() => {
                let endpoint = self.find(&case_id).map(|c| c.endpoint).unwrap_or_default();
                Action::None(self.record(topic::Event::CaseEnded { case_id }, &endpoint))
            }
            // Unreachable or still open: listed as it was.
            Message::Checked(..) => Action::None(Task::none()),
            Message::Resume(case_id) => {
                let (Some(client), Some(saved)) = (client, self.find(&case_id)) else {
                    return Action::None(Task::none());
                };
                self.resuming = Some(case_id.clone());
                self.resume_error = None;
                let tokens = self.tokens.clone();
                Action::None(Task::perform(
                    async move {
                        let key = SessionKey::new(saved.endpoint.clone(), saved.case_id.clone());
                        // Without its token (case or session) the service will not name
                        // the case: the user starts again, as for a case it forgot.
                        let token = match tokens {
                            Some(slot) => {
                                blocking(move || slot.store.load(&key).map_err(Notice::Keyring))
                                    .await
                                    .ok()
                                    .flatten()
                            }
                            None => None,
                        };
                        let token = token.ok_or(ClientError::CaseNotFound)?;
                        let case = client.case(&saved.case_id, &token).await?;
                        Ok(Box::new((case, Some(token))))
                    },
                    move |result| Message::Resumed(case_id.clone(), result),
                ))
            }
            Message::Resumed(case_id, result) => {
                self.resuming = None;
                let saved = self.find(&case_id);
                match (result, saved) {
                    (Ok(resumed), Some(saved)) => {
                        let (case, token) = *resumed;
                        Action::Resume(Box::new(Panel::resume(
                            saved.topic,
                            case,
                            saved.identifier,
                            saved.wmid,
                            token,
                        )))
                    }
                    (Err(error), _) => {
                        self.resume_error = Some(error);
                        Action::None(Task::none())
                    }
                    (Ok(_), None) => Action::None(Task::none()),
                }
            }
            Message::SignOut => {
                self.resume_error = None;
                Action::None(self.forget_where(|_| true))
            }
            Message::Forget(case_id) => {
                self.resume_error = None;
                let endpoint = self.find(&case_id).map(|c| c.endpoint).unwrap_or_default();
                Action::None(self.record(topic::Event::CaseEnded { case_id }, &endpoint))
            }
        }
    }

    /// Asks the service how each recovery listed for it stands now, with the
    /// case's own token (the service names a case to no one else). Before the
    /// keyring has opened there is nothing to ask with: the app asks again
    /// once it has (`tokens_ready`).
    pub fn check(&self, client: &RecoveryClient, endpoint: &str) -> Task<Message> {
        let Some(slot) = &self.tokens else {
            return Task::none();
        };
        Task::batch(
            self.open_cases
                .iter()
                .filter(|saved| saved.endpoint == endpoint)
                .map(|saved| {
                    let client = client.clone();
                    let slot = slot.clone();
                    let key = SessionKey::new(saved.endpoint.clone(), saved.case_id.clone());
                    Task::perform(
                        async move {
                            let case_id = key.case_id.clone();
                            let token =
                                blocking(move || slot.store.load(&key).map_err(Notice::Keyring))
                                    .await
                                    .ok()
                                    .flatten();
                            // Without a token the case cannot be asked about: listed as it was.
                            let case = match token {
                                Some(token) => client.case(&case_id, &token).await.map(Box::new),
                                None => Err(ClientError::CaseNotFound),
                            };
                            (case_id, case)
                        },
                        |(case_id, case)| Message::Checked(case_id, case),
                    )
                }),
        )
    }

    /// Whether `message` is the keyring having opened, after which the listed
    /// recoveries can be checked.
    pub fn tokens_ready(message: &Message) -> bool {
        matches!(message, Message::TokensReady(_))
    }

    /// Forgets the recoveries kept for one service (the built-in mock after
    /// it started over), with their sessions.
    pub fn forget_endpoint(&mut self, endpoint: &str) -> Task<Message> {
        self.forget_where(|saved| saved.endpoint == endpoint)
    }

    fn forget_where(&mut self, which: impl Fn(&SavedCase) -> bool) -> Task<Message> {
        let listed: Vec<SavedCase> = self
            .open_cases
            .iter()
            .filter(|c| which(c))
            .cloned()
            .collect();
        let tasks: Vec<Task<Message>> = listed
            .into_iter()
            .map(|saved| {
                self.record(
                    topic::Event::CaseEnded {
                        case_id: saved.case_id,
                    },
                    &saved.endpoint,
                )
            })
            .collect();
        Task::batch(tasks)
    }

    fn find(&self, case_id: &str) -> Option<SavedCase> {
        self.open_cases
            .iter()
            .find(|c| c.case_id == case_id)
            .cloned()
    }

    /// Keeps what a topic panel reported: the case on disk, its token in the keyring.
    pub fn record(&mut self, event: topic::Event, endpoint: &str) -> Task<Message> {
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
                    .retain(|c| !c.is(&saved.endpoint, &saved.case_id));
                self.open_cases.push(saved.clone());
                Task::perform(
                    blocking(move || {
                        OpenCases::upsert(&paths, saved)
                            .map(drop)
                            .map_err(Notice::NotSaved)
                    }),
                    Message::Persisted,
                )
            }
            topic::Event::TokenReceived { case_id, token } => Task::perform(
                blocking(move || match tokens {
                    Some(slot) => slot
                        .store
                        .save(&SessionKey::new(endpoint, case_id), &token)
                        .map_err(Notice::Keyring),
                    None => Err(Notice::KeyringNotReady),
                }),
                Message::Persisted,
            ),
            topic::Event::CaseEnded { case_id } => {
                self.open_cases.retain(|c| !c.is(&endpoint, &case_id));
                Task::perform(
                    blocking(move || {
                        // Both always run: a failed file update must not leave the token behind.
                        let removed = OpenCases::remove(&paths, &endpoint, &case_id)
                            .map(drop)
                            .map_err(Notice::NotSaved);
                        let deleted = match tokens {
                            Some(slot) => slot
                                .store
                                .delete(&SessionKey::new(endpoint, case_id))
                                .map_err(Notice::Keyring),
                            None => Ok(()),
                        };
                        removed.and(deleted)
                    }),
                    Message::Persisted,
                )
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
                // The reference is quoted to support: it never breaks at its hyphens.
                let label = column![
                    text(tr.topic_title(saved.topic)),
                    row![
                        text(saved.reference.as_str())
                            .size(13)
                            .wrapping(text::Wrapping::None),
                        text(saved.identifier.as_str()).size(13),
                    ]
                    .spacing(12),
                ]
                .spacing(2);
                let waiting = self.resuming.as_deref() == Some(saved.case_id.as_str());
                let mut resume = button(text(tr.tr(if waiting {
                    "progress-waiting"
                } else {
                    "button-resume"
                })));
                if connected && self.resuming.is_none() {
                    resume = resume.on_press(Message::Resume(saved.case_id.clone()));
                }
                let forget = button(text(tr.tr("button-forget")))
                    .style(button::text)
                    .on_press(Message::Forget(saved.case_id.clone()));
                col = col.push(
                    container(
                        row![container(label).width(Length::Fill), resume, forget]
                            .spacing(8)
                            .align_y(Alignment::Center),
                    )
                    .padding(8)
                    .style(container::bordered_box),
                );
            }
            col = col.push(
                row![
                    button(text(tr.tr("button-sign-out")))
                        .style(button::secondary)
                        .on_press(Message::SignOut),
                    text(tr.tr("sign-out-hint")).size(13),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        col.into()
    }
}
