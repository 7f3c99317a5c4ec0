//! Enter, or the step's main button: what the user typed, checked here
//! before anything is sent, becomes the step's request.

use std::sync::Arc;

use iced::Task;

use super::{
    Event, FIRST_INPUT, Message, Panel, Problem, Request, SECOND_INPUT, THIRD_INPUT, keyfile,
    validate_identifier,
};
use crate::client::RecoveryClient;
use crate::domain::{Code, Field, Identifier, Password, SecretText, check_text};
use crate::file_dialog::FilePicker;
use crate::protocol::{Channel, Expect, StepRequest};

impl Panel {
    /// Enter, or the main button: whatever the current step's input is for.
    pub(super) fn submit(
        &mut self,
        client: &RecoveryClient,
        picker: &Arc<dyn FilePicker>,
    ) -> (Task<Message>, Option<Event>) {
        if self.asks_keeper_access() {
            return (Task::none(), None);
        }
        // On the outcome, the main action is "Start again".
        if self.keyfile.is_closed() || matches!(self.case().map(|c| &c.next), Some(Expect::Nothing))
        {
            return (Task::none(), self.start_again());
        }
        // The key file's step goes by how far the file has come.
        if matches!(self.case().map(|c| &c.next), Some(Expect::Download { .. })) {
            return match self.keyfile.on_enter(!self.input.is_empty()) {
                keyfile::OnEnter::Download => (self.request(client, Request::Download), None),
                keyfile::OnEnter::Step(message) => self.on_keyfile(message, Some(client), picker),
                keyfile::OnEnter::Nothing => (Task::none(), None),
            };
        }
        (self.submit_typed(client), None)
    }

    /// What the user typed (or chose) for the step, checked, then sent.
    fn submit_typed(&mut self, client: &RecoveryClient) -> Task<Message> {
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
            Expect::ConfirmDetach { .. } | Expect::ReregisterSim { .. } => {
                return self.confirm_plain(client);
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
