//! The panel's requests: one at a time, each a task the user can stop, and
//! what their answers and failures make of the panel.

use std::sync::Arc;

use iced::Task;

use super::{Answer, Event, FIRST_POLL, Message, Panel, Phase, Place, Problem, Request};
use crate::client::{ClientError, RecoveryClient};
use crate::domain::{Field, SecretText};
use crate::protocol::{CaseId, StepRequest};

impl Panel {
    fn run(
        &mut self,
        request: Request,
        future: impl Future<Output = Result<Answer, ClientError>> + Send + 'static,
    ) -> Task<Message> {
        // One request at a time: a second click while waiting does nothing.
        if self.is_busy() {
            return Task::none();
        }
        self.field_error = None;
        let (task, handle) = Task::perform(future, Message::Answered).abortable();
        self.phase = Phase::Busy {
            request,
            _abort: handle.abort_on_drop(),
        };
        task
    }

    pub(super) fn request(&mut self, client: &RecoveryClient, retry: Request) -> Task<Message> {
        let client = client.clone();
        // Every request on a case carries its case token, or the session token once verified.
        let needs_token = !matches!(retry, Request::Create(_));
        let (case_id, token) = match (self.case(), &self.token, needs_token) {
            (Some(case), Some(token), _) => (case.case_id.clone(), token.clone()),
            (_, _, true) => return self.session_lost(),
            // Opening a case: there is neither yet, and neither is sent.
            (_, _, false) => (CaseId::new(""), SecretText::new("")),
        };
        match retry.clone() {
            Request::Create(identifier) => {
                let topic = self.topic;
                self.run(retry, async move {
                    client
                        .create_case(topic, &identifier)
                        .await
                        .map(Answer::Opened)
                })
            }
            Request::Challenge(channel) => self.run(retry, async move {
                client
                    .challenge(&case_id, &token, channel)
                    .await
                    .map(Answer::Case)
            }),
            Request::Verify(code) => self.run(retry, async move {
                client
                    .verify(&case_id, &token, &code)
                    .await
                    .map(Answer::Verified)
            }),
            Request::Step(step) => {
                // Only steps that send a code can be sent again; a code step never is.
                if matches!(
                    step,
                    StepRequest::NewContact { .. }
                        | StepRequest::ConfirmOld { .. }
                        | StepRequest::ReregisterSim
                ) {
                    self.sending_step = Some(step.clone());
                }
                self.run(retry, async move {
                    client.step(&case_id, &token, &step).await.map(Answer::Case)
                })
            }
            Request::Upload => {
                let documents = self.documents.clone();
                self.run(retry, async move {
                    client
                        .upload_documents(&case_id, &token, &documents)
                        .await
                        .map(Answer::Case)
                })
            }
            Request::Download => self.run(retry, async move {
                client
                    .download_keyfile(&case_id, &token)
                    .await
                    .map(|k| Answer::Downloaded(Arc::new(k)))
            }),
            Request::Prove => {
                let Some(key) = self.keyfile.key() else {
                    return Task::none();
                };
                self.run(retry, async move {
                    client
                        .prove_keyfile(&case_id, &token, &key)
                        .await
                        .map(Answer::Proven)
                })
            }
            Request::Refresh => self.run(retry, async move {
                client.case(&case_id, &token).await.map(Answer::Case)
            }),
            Request::Cancel => self.run(retry, async move {
                client.cancel(&case_id, &token).await.map(Answer::Case)
            }),
        }
    }

    pub(super) fn session_lost(&mut self) -> Task<Message> {
        self.phase = Phase::DeadEnd(Problem::Client(ClientError::Unauthorized));
        Task::none()
    }

    /// `request` is the one that was out, if the answer is still wanted.
    /// One event at most: the case kept with the token it brought, or ended
    /// (then its token is not kept at all).
    pub(super) fn answered(
        &mut self,
        result: Result<Answer, ClientError>,
        request: Option<Request>,
    ) -> (Task<Message>, Option<Event>) {
        let (case, new_token) = match result {
            Ok(Answer::Case(case)) => (case, None),
            Ok(Answer::Opened(opened)) => (opened.case, Some(opened.case_token)),
            Ok(Answer::Verified(verified)) => (verified.case, Some(verified.session_token)),
            Ok(Answer::Downloaded(file)) => {
                if self.wmid.is_none() {
                    self.wmid = file.wmid.clone();
                }
                self.keyfile.on_downloaded(file);
                return (Task::none(), None);
            }
            Ok(Answer::Proven(accepted)) => {
                self.keyfile.on_proven(accepted);
                return (Task::none(), None);
            }
            Err(error) => {
                self.failed(error, request);
                return (Task::none(), None);
            }
        };
        if let Some(token) = &new_token {
            self.token = Some(token.clone());
        }
        let step_changed = self.case().is_none_or(|old| old.next != case.next);
        if step_changed {
            self.poll_every = FIRST_POLL;
            self.input.clear();
            self.second_input.clear();
            self.third_input.clear();
            // A new step's secrets start hidden again.
            self.reveal = false;
        }
        let event = if case.state.is_final() {
            Event::CaseEnded {
                case_id: case.case_id.clone(),
            }
        } else {
            Event::CaseSaved {
                case: Box::new(case.clone()),
                identifier: self.identifier.trim().to_owned(),
                wmid: self.wmid.clone(),
                token: new_token,
            }
        };
        self.entry = super::Entry::Case(Box::new(case));
        // A new step takes the focus through `App::update`.
        (Task::none(), Some(event))
    }

    fn failed(&mut self, error: ClientError, request: Option<Request>) {
        match (self.case_mut(), &error) {
            (Some(case), ClientError::WrongCode { attempts_left, .. })
            | (Some(case), ClientError::BadSignature { attempts_left }) => {
                case.attempts_left = *attempts_left
            }
            (Some(case), ClientError::Locked { until }) => {
                case.attempts_left = 0;
                case.locked_until = *until;
            }
            _ => {}
        }
        if matches!(
            error,
            ClientError::WrongCode { .. } | ClientError::CodeExpired
        ) {
            self.input.clear();
        }
        if matches!(
            error,
            ClientError::CaseExpired | ClientError::CaseNotFound | ClientError::Unauthorized
        ) {
            self.phase = Phase::DeadEnd(Problem::Client(error));
            return;
        }
        // A proof asks for a fresh challenge each time, so a used or expired one
        // is tried again as a whole; its errors belong to no input on screen.
        if matches!(request, Some(Request::Prove)) {
            let hopeless = matches!(
                error,
                ClientError::BadSignature { .. }
                    | ClientError::Locked { .. }
                    | ClientError::NotReady { .. }
            );
            self.phase = Phase::Failed {
                problem: Problem::Client(error),
                at: Place::Proof,
                retry: (!hopeless).then_some(Request::Prove),
            };
            return;
        }
        // A send refused by a limit on the identifier says which limit, for
        // which identifier, and that all its recoveries share it.
        // (On the routes that send a code, `rate_limited` is the day's number
        // of codes; on opening a case it is this address's pace.)
        let sends_a_code = matches!(request, Some(Request::Challenge(_) | Request::Step(_)));
        // Keep Retry only where trying again can help; a step that is no longer
        // expected is best answered by reading the case again.
        let retry = match &error {
            ClientError::WrongState(_) => Some(Request::Refresh),
            e if e.is_transient()
                || matches!(
                    e,
                    ClientError::Unavailable { .. }
                        | ClientError::Server { .. }
                        | ClientError::Protocol(_)
                        // Never by itself, but by hand once on another network.
                        | ClientError::Untrusted { .. }
                ) =>
            {
                request
            }
            _ => None,
        };
        let on_field = error.field().is_some_and(|f| f != Field::Identifier);
        // The identifier is named as the topic asks for it: "Phone number" where
        // only a phone is taken, never the generic "Account".
        let error = match error {
            ClientError::InvalidInput {
                field: Some(Field::Identifier),
                message,
            } => ClientError::InvalidInput {
                field: Some(self.topic.identifier_field()),
                message,
            },
            other => other,
        };
        let problem = match error {
            ClientError::Cooldown { retry_at } => Problem::CodeLimit {
                daily: false,
                until: retry_at,
                identifier: self.identifier.trim().to_owned(),
            },
            ClientError::RateLimited { retry_at } if sends_a_code => Problem::CodeLimit {
                daily: true,
                until: retry_at,
                identifier: self.identifier.trim().to_owned(),
            },
            other => Problem::Client(other),
        };
        self.phase = Phase::Failed {
            problem,
            at: if on_field {
                Place::Field
            } else {
                Place::Banner
            },
            retry,
        };
    }
}
