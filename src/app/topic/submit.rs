//! Enter, or the step's main button: what the user typed, checked here
//! before anything is sent, becomes the step's request.

use iced::Task;

use super::{
    FIRST_INPUT, Message, Panel, Problem, Request, SECOND_INPUT, THIRD_INPUT, keyfile,
    validate_identifier,
};
use crate::client::RecoveryClient;
use crate::domain::{Code, Field, Identifier, Password, SecretText, check_text};
use crate::protocol::{Channel, Expect, StepRequest};

impl Panel {
    /// Enter, or the main button: whatever the current step's input is for.
    pub(super) fn submit(&mut self, client: &RecoveryClient) -> Task<Message> {
        if self.asks_keeper_access() {
            return Task::none();
        }
        // On the outcome, the main action is "Start again".
        if self.keyfile.is_closed() || matches!(self.case().map(|c| &c.next), Some(Expect::Nothing))
        {
            return Task::done(Message::StartAgain);
        }
        let Some(case) = self.case() else {
            return match validate_identifier(self.topic, &self.identifier) {
                Ok(identifier) => {
                    if let Identifier::Wmid(wmid) = &identifier {
                        self.wmid = Some(wmid.clone());
                    }
                    self.identifier_error = None;
                    self.request(client, Request::Create(identifier))
                }
                Err(e) => {
                    self.identifier_error = Some(e);
                    Task::none()
                }
            };
        };
        let step = match &case.next {
            Expect::Code { .. } => {
                return match Code::parse(&self.input) {
                    Ok(code) => self.request(client, Request::Verify(code)),
                    Err(e) => {
                        self.field_error = Some((Problem::Input(e), FIRST_INPUT));
                        Task::none()
                    }
                };
            }
            Expect::ContactCode { .. } => {
                Code::parse(&self.input).map(|c| StepRequest::ContactCode {
                    code: c.secret().clone(),
                })
            }
            Expect::SecurityAnswer { .. } => {
                check_text(Field::Answer, &self.input).map(|()| StepRequest::SecurityAnswer {
                    answer: SecretText::new(self.input.as_str()),
                })
            }
            Expect::NewPassword { .. } => match Password::parse(&self.input) {
                Ok(_) if *self.input != *self.second_input => {
                    // Said under the field to fix: the repeat.
                    self.field_error =
                        Some((Problem::Message("new-password-mismatch"), SECOND_INPUT));
                    return Task::none();
                }
                parsed => parsed.map(|p| StepRequest::NewPassword {
                    password: p.secret().clone(),
                }),
            },
            Expect::NewContact { channel } => {
                let parsed = if *channel == Channel::Email {
                    self.input
                        .parse::<crate::domain::Email>()
                        .map(|e| e.to_string())
                } else {
                    self.input
                        .parse::<crate::domain::Phone>()
                        .map(|p| p.to_string())
                };
                parsed.map(|value| StepRequest::NewContact { value })
            }
            // Each error under its own field; the answer is typed twice, as a
            // password is: a typo in it would lock the owner out later.
            Expect::NewSecurityQuestion => {
                let problem = match (
                    check_text(Field::Question, &self.input),
                    check_text(Field::Answer, &self.second_input),
                ) {
                    (Err(e), _) => Some((Problem::Input(e), FIRST_INPUT)),
                    (_, Err(e)) => Some((Problem::Input(e), SECOND_INPUT)),
                    _ if *self.second_input != *self.third_input => {
                        Some((Problem::Message("new-answer-mismatch"), THIRD_INPUT))
                    }
                    _ => None,
                };
                if let Some(problem) = problem {
                    self.field_error = Some(problem);
                    return Task::none();
                }
                Ok(StepRequest::NewSecurityQuestion {
                    question: self.input.trim().to_owned(),
                    answer: SecretText::new(self.second_input.as_str()),
                })
            }
            Expect::Documents { min_files, .. }
                if self.documents.is_empty()
                    || self.documents.len() < usize::try_from(*min_files).unwrap_or(usize::MAX) =>
            {
                let count = i64::from((*min_files).max(1));
                self.field_error =
                    Some((Problem::Counted("documents-min-files", count), FIRST_INPUT));
                return Task::none();
            }
            Expect::Documents { .. } => return self.request(client, Request::Upload),
            Expect::Download { .. } if !self.keyfile.downloaded() => {
                return self.request(client, Request::Download);
            }
            // Enter with the field empty after the code opened the file: the proof;
            // once proven, there is nothing more to do here.
            Expect::Download { .. } if self.input.is_empty() && self.keyfile.is_proven() => {
                return Task::none();
            }
            Expect::Download { .. } if self.input.is_empty() && self.keyfile.is_unlocked() => {
                return Task::done(Message::Keyfile(keyfile::Message::Prove));
            }
            Expect::Download { .. } if self.keyfile.saved_to().is_some() => {
                return Task::done(Message::Keyfile(keyfile::Message::CheckAccessCode));
            }
            Expect::Download { .. } => return Task::done(Message::Keyfile(keyfile::Message::Save)),
            Expect::ConfirmDetach { .. } | Expect::ReregisterSim { .. } => {
                return Task::done(Message::ConfirmPlain);
            }
            _ => return Task::none(),
        };
        match step {
            Ok(step) => self.request(client, Request::Step(step)),
            Err(e) => {
                self.field_error = Some((Problem::Input(e), FIRST_INPUT));
                Task::none()
            }
        }
    }
}
