//! The recoveries the user has open: their cases on disk, their tokens in
//! the OS keyring. Owned by the app, not by a screen: panels report what
//! changed, the start view lists and resumes them.

use std::sync::Arc;

use futures_util::StreamExt;
use iced::Task;

use super::blocking;
use super::chrome::notice::Notice;
use super::screen::topic;
use crate::client::{ClientError, RecoveryClient};
use crate::domain::SecretText;
use crate::protocol::{Case, CaseId};
use crate::storage::{AppPaths, MAX_OPEN_CASES, OpenCases, SavedCase, Service};
use crate::token_store::{self, SessionError, SessionKey, TokenStore};

/// How many listed recoveries are asked about at once: a few, so a long
/// list never opens a connection per case at the same moment.
const CHECKS_AT_ONCE: usize = 4;

#[derive(Debug, Clone)]
pub enum Message {
    TokensReady(Arc<TokenSlot>),
    Persisted(Result<(), Notice>),
    /// A listed recovery as the service has it now (never asked without its token).
    Checked(CaseId, Result<Box<Case>, ClientError>),
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
    /// Recoveries that left the list without the user asking (the service
    /// no longer has them, or the demo service started afresh): said once.
    ended: Option<Notice>,
    /// Forgotten, but their tokens wait for the keyring to open to be deleted.
    unlisted: Vec<SavedCase>,
    keyring_missing: bool,
}

impl Recoveries {
    pub fn load(paths: &AppPaths) -> Self {
        // A damaged file is moved aside so later saves work; the user is told where.
        let (mut open_cases, notice) = match OpenCases::load(paths) {
            Ok(cases) => (cases, None),
            Err(e) => match OpenCases::set_aside_bad(paths) {
                Ok(kept) => (Vec::new(), Some(Notice::SetAside { error: e, kept })),
                Err(also) => (Vec::new(), Some(Notice::NotSetAside { error: e, also })),
            },
        };
        // The built-in demo service starts empty with each run of the app:
        // what it held before is gone, so it is never listed again.
        let mut unlisted: Vec<SavedCase> = Vec::new();
        open_cases.retain(|saved| {
            let demo = saved.endpoint == Service::BuiltInMock;
            if demo {
                unlisted.push(saved.clone());
            }
            !demo
        });
        let demo_ended = unlisted.len();
        // A file from before the bound, or edited by hand: the newest stay.
        let beyond = open_cases.len().saturating_sub(MAX_OPEN_CASES);
        unlisted.extend(open_cases.drain(..beyond));
        Recoveries {
            paths: paths.clone(),
            open_cases,
            tokens: None,
            notice,
            ended: (demo_ended > 0).then_some(Notice::DemoRecoveriesEnded(demo_ended)),
            unlisted,
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
                    let (store, problem) = token_store::open_best();
                    Ok(TokenSlot { store, problem })
                })
                .await;
                Arc::new(opened.unwrap_or_else(|_| TokenSlot {
                    store: Box::new(token_store::MemoryStore::new()),
                    problem: Some(SessionError::NoKeyring(
                        "opening the keyring stopped before it answered".to_owned(),
                    )),
                }))
            },
            Message::TokensReady,
        )
    }

    /// A save that failed, a damaged file set aside, or recoveries that
    /// left the list on their own.
    pub fn notice(&self) -> Option<Notice> {
        self.notice.clone().or_else(|| self.ended.clone())
    }

    /// Tokens only live in memory: there is no keyring.
    pub fn keyring_notice(&self) -> Option<Notice> {
        self.keyring_missing.then_some(Notice::KeyringMissing)
    }

    pub fn open_cases(&self) -> &[SavedCase] {
        &self.open_cases
    }

    pub fn find(&self, case_id: &CaseId) -> Option<SavedCase> {
        self.open_cases
            .iter()
            .find(|c| c.case_id == *case_id)
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
                // Unlisted before the keyring opened: their tokens go now.
                let unlisted = std::mem::take(&mut self.unlisted);
                self.forget_cases(unlisted)
            }
            Message::Persisted(result) => {
                self.notice = result.err();
                Task::none()
            }
            // A recovery that ended while nobody looked (a wait ran out, a review
            // was decided) is no longer offered for resuming.
            Message::Checked(case_id, Ok(case)) if case.state.is_final() => self.forget(&case_id),
            // The service no longer has it (a wrong token reads the same):
            // nothing can go on with it, so it leaves the list, and that is said.
            Message::Checked(
                case_id,
                Err(ClientError::CaseNotFound | ClientError::CaseExpired),
            ) => {
                let Some(saved) = self.find(&case_id) else {
                    return Task::none();
                };
                let mut references = match self.ended.take() {
                    Some(Notice::RecoveriesEnded(references)) => references,
                    _ => Vec::new(),
                };
                references.push(saved.reference.clone());
                self.ended = Some(Notice::RecoveriesEnded(references));
                self.forget_cases(vec![saved])
            }
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
        let key = session_key(saved);
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
    pub fn check(&self, client: &RecoveryClient, endpoint: &Service) -> Task<Message> {
        if self.tokens.is_none() {
            return Task::none();
        }
        let asks: Vec<_> = self
            .open_cases
            .iter()
            .filter(|saved| saved.endpoint == *endpoint)
            .map(|saved| {
                let client = client.clone();
                let token = self.token_for(saved);
                let case_id = saved.case_id.clone();
                async move {
                    // Without a token the case cannot be asked about: listed as it was.
                    let token = token.await?;
                    let case = client.case(&case_id, &token).await.map(Box::new);
                    Some(Message::Checked(case_id, case))
                }
            })
            .collect();
        if asks.is_empty() {
            return Task::none();
        }
        Task::run(
            futures_util::stream::iter(asks)
                .buffer_unordered(CHECKS_AT_ONCE)
                .filter_map(std::future::ready),
            std::convert::identity,
        )
    }

    /// Forgets one listed recovery and deletes its session.
    pub fn forget(&mut self, case_id: &CaseId) -> Task<Message> {
        let Some(saved) = self.find(case_id) else {
            return Task::none();
        };
        self.record(
            topic::Event::CaseEnded {
                case_id: case_id.to_owned(),
            },
            &saved.endpoint,
        )
    }

    /// Forgets the recoveries kept for one service (the built-in mock after
    /// it started over), with their sessions.
    pub fn forget_endpoint(&mut self, endpoint: &Service) -> Task<Message> {
        self.forget_where(|saved| saved.endpoint == *endpoint)
    }

    /// A new built-in demo service has started (it starts empty): the
    /// recoveries an earlier one held are gone, and that is said.
    pub fn forget_demo(&mut self) -> Task<Message> {
        let count = self
            .open_cases
            .iter()
            .filter(|saved| saved.endpoint == Service::BuiltInMock)
            .count();
        if count > 0 {
            self.ended = Some(Notice::DemoRecoveriesEnded(count));
        }
        self.forget_endpoint(&Service::BuiltInMock)
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
        self.forget_cases(listed)
    }

    /// Forgets these recoveries in one change of the file, and deletes their
    /// sessions; before the keyring has opened, their tokens wait for it.
    fn forget_cases(&mut self, cases: Vec<SavedCase>) -> Task<Message> {
        if cases.is_empty() {
            return Task::none();
        }
        self.open_cases.retain(|listed| {
            !cases
                .iter()
                .any(|c| c.is(&listed.endpoint, &listed.case_id))
        });
        let paths = self.paths.clone();
        let tokens = self.tokens.clone();
        if tokens.is_none() {
            self.unlisted.extend(cases.iter().cloned());
        }
        Task::perform(
            blocking(move || {
                // Both always run: a failed file update must not leave the tokens behind.
                let removed = OpenCases::remove_where(&paths, |saved| {
                    cases.iter().any(|c| c.is(&saved.endpoint, &saved.case_id))
                })
                .map(drop)
                .map_err(Notice::NotSaved);
                let deleted = delete_tokens(tokens.as_deref(), &cases);
                removed.and(deleted)
            }),
            Message::Persisted,
        )
    }

    /// Keeps what a topic panel reported: the case on disk, its token in the keyring.
    pub fn record(&mut self, event: topic::Event, endpoint: &Service) -> Task<Message> {
        let paths = self.paths.clone();
        let tokens = self.tokens.clone();
        let endpoint = endpoint.clone();
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
                    saved_at: time::OffsetDateTime::now_utc(),
                };
                self.ended = None;
                match self
                    .open_cases
                    .iter_mut()
                    .find(|c| c.is(&saved.endpoint, &saved.case_id))
                {
                    Some(listed) => *listed = saved.clone(),
                    None => self.open_cases.push(saved.clone()),
                }
                // The bound, as the file keeps it: the oldest go.
                let beyond = self.open_cases.len().saturating_sub(MAX_OPEN_CASES);
                self.open_cases.drain(..beyond);
                // One task, in order: the token is never stored beside a
                // case-ended removal running at the same time.
                Task::perform(
                    blocking(move || {
                        let key = session_key(&saved);
                        let upserted =
                            OpenCases::upsert(&paths, saved).map_err(Notice::NotSaved)?;
                        // Dropped beyond the bound: no session is left behind.
                        delete_tokens(tokens.as_deref(), &upserted.dropped)?;
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
                self.ended = None;
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
                                .delete(&SessionKey::new(endpoint.as_str(), case_id))
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

/// Deletes the sessions of forgotten recoveries; every one is tried, the
/// first failure is reported.
fn delete_tokens(tokens: Option<&TokenSlot>, cases: &[SavedCase]) -> Result<(), Notice> {
    let Some(slot) = tokens else {
        return Ok(());
    };
    let mut result = Ok(());
    for saved in cases {
        let key = session_key(saved);
        if let Err(error) = slot.store.delete(&key) {
            result = result.and(Err(Notice::Keyring(error)));
        }
    }
    result
}

/// The keyring entry of a listed recovery's session.
fn session_key(saved: &SavedCase) -> SessionKey {
    SessionKey::new(saved.endpoint.as_str(), saved.case_id.clone())
}
