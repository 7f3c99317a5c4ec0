//! The recoveries the user has open: their cases on disk, their tokens in
//! the OS keyring. Owned by the app, not by a screen: panels report what
//! changed, the start view lists and resumes them.

use std::sync::Arc;

use iced::Task;

use super::blocking;
use super::notice::Notice;
use super::topic;
use crate::client::{ClientError, RecoveryClient};
use crate::domain::SecretText;
use crate::protocol::Case;
use crate::session::{self, SessionError, SessionKey, TokenStore};
use crate::storage::{AppPaths, OpenCases, SavedCase};

#[derive(Debug, Clone)]
pub enum Message {
    TokensReady(Arc<TokenSlot>),
    Persisted(Result<(), Notice>),
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

pub struct Recoveries {
    paths: AppPaths,
    open_cases: Vec<SavedCase>,
    tokens: Option<Arc<TokenSlot>>,
    notice: Option<Notice>,
    keyring_missing: bool,
}

impl Recoveries {
    pub fn load(paths: &AppPaths) -> Self {
        // A damaged file is moved aside so later saves work; the user is told where.
        let (open_cases, notice) = match OpenCases::load(paths) {
            Ok(cases) => (cases, None),
            Err(e) => match OpenCases::set_aside_bad(paths) {
                Ok(kept) => (Vec::new(), Some(Notice::SetAside { error: e, kept })),
                Err(also) => (Vec::new(), Some(Notice::NotSetAside { error: e, also })),
            },
        };
        Recoveries {
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

    /// A save that failed, or a damaged file set aside.
    pub fn notice(&self) -> Option<Notice> {
        self.notice.clone()
    }

    /// Tokens only live in memory: there is no keyring.
    pub fn keyring_notice(&self) -> Option<Notice> {
        self.keyring_missing.then_some(Notice::KeyringMissing)
    }

    pub fn open_cases(&self) -> &[SavedCase] {
        &self.open_cases
    }

    pub fn find(&self, case_id: &str) -> Option<SavedCase> {
        self.open_cases
            .iter()
            .find(|c| c.case_id == case_id)
            .cloned()
    }

    /// The keyring has opened: the tokens of listed recoveries can be read.
    pub fn tokens_open(&self) -> bool {
        self.tokens.is_some()
    }

    /// Whether the keyring has opened, so that listed recoveries can be checked.
    pub fn tokens_ready(message: &Message) -> bool {
        matches!(message, Message::TokensReady(_))
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::TokensReady(slot) => {
                if let Some(problem) = &slot.problem {
                    tracing::warn!("no keyring, session tokens stay in memory: {problem}");
                    self.keyring_missing = true;
                }
                self.tokens = Some(slot);
                Task::none()
            }
            Message::Persisted(result) => {
                self.notice = result.err();
                Task::none()
            }
            // A recovery that ended while nobody looked (a wait ran out, a review
            // was decided) is no longer offered for resuming.
            Message::Checked(case_id, Ok(case)) if case.state.is_final() => self.forget(&case_id),
            // Unreachable or still open: listed as it was.
            Message::Checked(..) => Task::none(),
        }
    }

    /// The token kept for a listed recovery, read off the UI thread; `None`
    /// without one (or before the keyring has opened).
    pub fn token_for(
        &self,
        saved: &SavedCase,
    ) -> impl Future<Output = Option<SecretText>> + Send + 'static {
        let kept = self.kept_token(saved);
        async move { kept.await.ok().flatten() }
    }

    /// The token kept for a listed recovery, or why the keyring could not say
    /// (locked, refused): a recovery is never forgotten for that.
    pub fn kept_token(
        &self,
        saved: &SavedCase,
    ) -> impl Future<Output = Result<Option<SecretText>, Notice>> + Send + 'static {
        let slot = self.tokens.clone();
        let key = SessionKey::new(saved.endpoint.clone(), saved.case_id.clone());
        async move {
            let Some(slot) = slot else {
                return Err(Notice::KeyringNotReady);
            };
            blocking(move || slot.store.load(&key).map_err(Notice::KeyringUnreadable)).await
        }
    }

    /// Asks the service how each recovery listed for it stands now, with the
    /// case's own token (the service names a case to no one else). Before the
    /// keyring has opened there is nothing to ask with: the app asks again
    /// once it has (`tokens_ready`).
    pub fn check(&self, client: &RecoveryClient, endpoint: &str) -> Task<Message> {
        if self.tokens.is_none() {
            return Task::none();
        }
        Task::batch(
            self.open_cases
                .iter()
                .filter(|saved| saved.endpoint == endpoint)
                .map(|saved| {
                    let client = client.clone();
                    let token = self.token_for(saved);
                    let case_id = saved.case_id.clone();
                    Task::perform(
                        async move {
                            // Without a token the case cannot be asked about: listed as it was.
                            let case = match token.await {
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

    /// Forgets one listed recovery and deletes its session.
    pub fn forget(&mut self, case_id: &str) -> Task<Message> {
        let endpoint = self.find(case_id).map(|c| c.endpoint).unwrap_or_default();
        self.record(
            topic::Event::CaseEnded {
                case_id: case_id.to_owned(),
            },
            &endpoint,
        )
    }

    /// Forgets the recoveries kept for one service (the built-in mock after
    /// it started over), with their sessions.
    pub fn forget_endpoint(&mut self, endpoint: &str) -> Task<Message> {
        self.forget_where(|saved| saved.endpoint == endpoint)
    }

    /// Forgets every listed recovery and deletes their sessions.
    pub fn forget_all(&mut self) -> Task<Message> {
        self.forget_where(|_| true)
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
                token,
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
                // One task, in order: the token is never stored beside a
                // case-ended removal running at the same time.
                Task::perform(
                    blocking(move || {
                        let key = SessionKey::new(saved.endpoint.clone(), saved.case_id.clone());
                        OpenCases::upsert(&paths, saved)
                            .map(drop)
                            .map_err(Notice::NotSaved)?;
                        match (token, tokens) {
                            (None, _) => Ok(()),
                            (Some(token), Some(slot)) => {
                                slot.store.save(&key, &token).map_err(Notice::Keyring)
                            }
                            (Some(_), None) => Err(Notice::KeyringNotReady),
                        }
                    }),
                    Message::Persisted,
                )
            }
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
            topic::Event::SwitchTopic(_)
            | topic::Event::OpenLink(_)
            | topic::Event::ShowFile(_)
            | topic::Event::Copy(_)
            | topic::Event::Remind { .. }
            | topic::Event::Resume { .. } => Task::none(),
        }
    }
}
