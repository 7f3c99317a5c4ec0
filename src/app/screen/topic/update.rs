//! How a panel answers its messages: the user's choices and typing, the
//! service's answers, the key-file stages, and the files chosen.

use std::path::PathBuf;
use std::sync::Arc;

use iced::Task;

use super::{
    Choice, Entry, Event, FIRST_INPUT, LAST_POLL, Message, PATH_INPUT, Panel, Phase, Place,
    Problem, Request, Typed, keyfile, typed_path, validate_identifier, wiki_url,
};
use crate::app::blocking;
use crate::client::{Document, DocumentError, RecoveryClient};
use crate::file_dialog::FilePicker;
use crate::protocol::{Expect, StepRequest, TopicId};

impl Panel {
    pub fn update(
        &mut self,
        message: Message,
        client: Option<&RecoveryClient>,
        picker: &Arc<dyn FilePicker>,
    ) -> (Task<Message>, Option<Event>) {
        let mut event = None;
        if let Some(client) = client {
            self.service_ahead = client.clock_offset();
        }
        let task = match message {
            Message::KeeperAccess(yes) => self.take_choice(Choice::KeeperAccess(yes), client),
            Message::KeeperAccessBack => {
                if matches!(self.entry, Entry::NoKeeperAccess) {
                    self.entry = Entry::AskKeeperAccess;
                }
                Task::none()
            }
            Message::OpenRestorePassword => {
                event = Some(Event::SwitchTopic(TopicId::RestorePassword));
                Task::none()
            }
            Message::AddReminder => {
                event = self.waiting_case().and_then(|case| match case.next {
                    Expect::Wait { until, .. } => Some(Event::Remind {
                        topic: self.topic,
                        reference: case.reference.clone(),
                        at: self.local(until),
                    }),
                    _ => None,
                });
                Task::none()
            }
            Message::CopyWikiAddress => {
                event = wiki_url(self.topic).map(|url| Event::Copy(url.to_owned()));
                Task::none()
            }
            Message::ShowKeyfileFolder => {
                event = self.keyfile.saved_to().cloned().map(Event::ShowFile);
                Task::none()
            }
            Message::ContinueOpenCase => {
                event = self.open_case.take().map(|open| Event::Resume {
                    case_id: open.case_id,
                });
                Task::none()
            }
            Message::NewCaseAnyway => {
                self.open_case = None;
                self.new_case_anyway = true;
                let (task, submitted) = self.submit_with(client, picker);
                event = submitted;
                task
            }
            Message::OpenWiki => {
                event = wiki_url(self.topic).map(Event::OpenLink);
                Task::none()
            }
            // Not judged from the first keystroke: only once the field is left or
            // submitted; an error already shown follows the typing until it is fixed.
            Message::IdentifierChanged(value) => {
                self.open_case = None;
                self.new_case_anyway = false;
                if self.identifier_error.is_some() {
                    self.identifier_error = validate_identifier(self.topic, &value)
                        .err()
                        .filter(|_| !value.trim().is_empty());
                }
                self.identifier = value;
                Task::none()
            }
            Message::FieldLeft => {
                if self.case().is_none() && !self.identifier.trim().is_empty() {
                    self.identifier_error = validate_identifier(self.topic, &self.identifier).err();
                }
                Task::none()
            }
            Message::InputChanged(Typed(value)) => {
                *self.input = value;
                self.field_edited();
                Task::none()
            }
            Message::SecondInputChanged(Typed(value)) => {
                *self.second_input = value;
                self.field_edited();
                Task::none()
            }
            Message::ThirdInputChanged(Typed(value)) => {
                *self.third_input = value;
                self.field_edited();
                Task::none()
            }
            Message::RevealSecrets => {
                self.reveal = !self.reveal;
                Task::none()
            }
            Message::Submit => {
                let (task, submitted) = self.submit_with(client, picker);
                event = submitted;
                task
            }
            Message::Channel(channel) => self.take_choice(Choice::Channel(channel), client),
            Message::Confirm(method) => self.take_choice(Choice::Confirm(method), client),
            Message::ConfirmPlain => client.map_or_else(Task::none, |c| self.confirm_plain(c)),
            Message::SendAgain => self.send_again(client),
            Message::Choose(n) => match self.choice(n) {
                Some(choice) => self.take_choice(choice, client),
                None => Task::none(),
            },
            Message::Answered(result) => {
                let request = match std::mem::replace(&mut self.phase, Phase::Editing) {
                    Phase::Busy { request, .. } => Some(request),
                    _ => None,
                };
                let (task, answered) = self.answered(result, request);
                event = answered;
                task
            }
            Message::ChooseDocuments => {
                let picker = picker.clone();
                Task::perform(
                    async move {
                        picker
                            .open_paths(&[("PDF, JPEG, PNG", &["pdf", "jpg", "jpeg", "png"][..])])
                            .await
                    },
                    Message::DocumentsChosen,
                )
            }
            // A cancelled dialog keeps the files already chosen; one that could
            // not open says so and offers the path field.
            Message::DocumentsChosen(paths) if paths.is_empty() => self.no_dialog_fallback(picker),
            Message::DocumentsChosen(paths) => read_documents(paths),
            // Files chosen again are added to those already chosen.
            Message::DocumentsRead(results) => {
                self.field_error = None;
                for result in results {
                    match result {
                        Ok(document) => {
                            let known = self.documents.iter().any(|d| {
                                d.file_name == document.file_name && d.bytes == document.bytes
                            });
                            if !known {
                                self.documents.push(document);
                            }
                            self.typed_path.clear();
                        }
                        Err(e) => self.field_error = Some((Problem::Document(e), FIRST_INPUT)),
                    }
                }
                Task::none()
            }
            Message::RemoveDocument(index) => {
                if index < self.documents.len() {
                    self.documents.remove(index);
                }
                Task::none()
            }
            Message::PathChanged(path) => {
                self.typed_path = path;
                Task::none()
            }
            Message::AddTypedPath => match typed_path(&self.typed_path) {
                Some(path) => read_documents(vec![path]),
                None => Task::none(),
            },
            Message::Keyfile(message) => {
                let (task, keyfile_event) = self.on_keyfile(message, client, picker);
                event = keyfile_event;
                task
            }
            Message::ToggleSecrets => {
                self.show_secrets = !self.show_secrets;
                Task::none()
            }
            Message::Refresh => {
                client.map_or_else(Task::none, |c| self.request(c, Request::Refresh))
            }
            // Looks again later each time nothing changed, up to every five minutes.
            Message::Poll => {
                self.poll_every = (self.poll_every * 2).min(LAST_POLL);
                match client {
                    Some(c) if !self.is_busy() => self.request(c, Request::Refresh),
                    _ => Task::none(),
                }
            }
            Message::CancelCase => {
                self.confirm_cancel = true;
                Task::none()
            }
            Message::CancelKept => {
                self.confirm_cancel = false;
                Task::none()
            }
            Message::CancelConfirmed => {
                self.confirm_cancel = false;
                client.map_or_else(Task::none, |c| self.request(c, Request::Cancel))
            }
            Message::StopWaiting => {
                // Dropping the handle stops the request.
                if self.is_busy() {
                    self.phase = Phase::Editing;
                }
                Task::none()
            }
            Message::Retry => match (client, &self.phase) {
                (
                    Some(client),
                    Phase::Failed {
                        retry: Some(request),
                        ..
                    },
                ) => {
                    let request = request.clone();
                    self.request(client, request)
                }
                _ => Task::none(),
            },
            Message::StartAgain => {
                event = self.start_again();
                Task::none()
            }
            Message::Tick(now) => {
                self.now = now;
                Task::none()
            }
        };
        (task, event)
    }

    /// What the n-th choice on screen (1-based) stands for.
    pub(super) fn choice(&self, n: usize) -> Option<Choice> {
        let index = n.checked_sub(1)?;
        if self.asks_keeper_access() {
            return [Choice::KeeperAccess(true), Choice::KeeperAccess(false)]
                .into_iter()
                .nth(index);
        }
        match &self.case()?.next {
            Expect::Challenge { channels, .. } => channels.get(index).map(|c| Choice::Channel(*c)),
            Expect::ConfirmOld { methods, .. } => methods.get(index).map(|m| Choice::Confirm(*m)),
            _ => None,
        }
    }

    /// A choice made, by a click or by its digit key.
    pub(super) fn take_choice(
        &mut self,
        choice: Choice,
        client: Option<&RecoveryClient>,
    ) -> Task<Message> {
        match choice {
            // A new step: the app puts the focus on it (`App::update`).
            Choice::KeeperAccess(yes) => {
                if matches!(self.entry, Entry::AskKeeperAccess) {
                    self.entry = if yes {
                        Entry::Identify
                    } else {
                        Entry::NoKeeperAccess
                    };
                }
                Task::none()
            }
            Choice::Channel(channel) => {
                client.map_or_else(Task::none, |c| self.request(c, Request::Challenge(channel)))
            }
            Choice::Confirm(method) => client.map_or_else(Task::none, |c| {
                self.request(c, Request::Step(StepRequest::ConfirmOld { method }))
            }),
        }
    }

    /// Enter, with the service to send to (there is none while connecting).
    pub(super) fn submit_with(
        &mut self,
        client: Option<&RecoveryClient>,
        picker: &Arc<dyn FilePicker>,
    ) -> (Task<Message>, Option<Event>) {
        match client {
            Some(client) => self.submit(client, picker),
            None => (Task::none(), None),
        }
    }

    /// Confirms a step that asks nothing but "Confirm".
    pub(super) fn confirm_plain(&mut self, client: &RecoveryClient) -> Task<Message> {
        let step = match self.case().map(|c| &c.next) {
            Some(Expect::ConfirmDetach { .. }) => StepRequest::ConfirmDetach,
            _ => StepRequest::ReregisterSim,
        };
        self.request(client, Request::Step(step))
    }

    /// A fresh panel for the same topic and identifier; the case it showed, if
    /// any, ends.
    pub(super) fn start_again(&mut self) -> Option<Event> {
        let ended = self.take_case().map(|case| Event::CaseEnded {
            case_id: case.case_id,
        });
        let identifier = std::mem::take(&mut self.identifier);
        *self = Panel::new(self.topic);
        self.entry = Entry::Identify;
        self.identifier = identifier;
        ended
    }

    /// A message of the key-file step, and what the panel does about the
    /// event it brings.
    pub(super) fn on_keyfile(
        &mut self,
        message: keyfile::Message,
        client: Option<&RecoveryClient>,
        picker: &Arc<dyn FilePicker>,
    ) -> (Task<Message>, Option<Event>) {
        let mut event = None;
        let clears_the_code = matches!(message, keyfile::Message::CheckAccessCode);
        let cx = keyfile::Context {
            picker,
            wmid: self.wmid.as_ref(),
            access_code: &self.input,
            typed_path: &self.typed_path,
        };
        let (task, step_event) = self.keyfile.update(message, cx);
        // The code is checked once; a proof's old failure no longer stands.
        if clears_the_code {
            self.input.clear();
            if self.failure_at(Place::Proof).is_some() {
                self.phase = Phase::Editing;
            }
        }
        let follow_up = match step_event {
            None => Task::none(),
            Some(keyfile::Event::NoPathChosen) => self.no_dialog_fallback(picker),
            Some(keyfile::Event::Saved) => {
                self.input.clear();
                self.typed_path.clear();
                Task::none()
            }
            Some(keyfile::Event::SaveFailed(error)) => {
                self.phase = Phase::Failed {
                    problem: Problem::Save(error),
                    at: Place::Banner,
                    retry: None,
                };
                Task::none()
            }
            Some(keyfile::Event::Prove) => {
                client.map_or_else(Task::none, |c| self.request(c, Request::Prove))
            }
            Some(keyfile::Event::Closed) => {
                event = self.case().map(|c| Event::CaseEnded {
                    case_id: c.case_id.clone(),
                });
                Task::none()
            }
        };
        (Task::batch([task.map(Message::Keyfile), follow_up]), event)
    }

    /// After a dialog came back empty: if none could open, the path field
    /// shows, ready for typing.
    pub(super) fn no_dialog_fallback(&mut self, picker: &Arc<dyn FilePicker>) -> Task<Message> {
        if picker.dialogs_work() {
            return Task::none();
        }
        self.no_dialog = true;
        self.paths_by_choice = picker.paths_typed_by_choice();
        iced::widget::operation::focus(PATH_INPUT)
    }

    pub(super) fn asks_keeper_access(&self) -> bool {
        matches!(self.entry, Entry::AskKeeperAccess)
    }

    pub(super) fn has_no_keeper_access(&self) -> bool {
        matches!(self.entry, Entry::NoKeeperAccess)
    }

    pub(super) fn send_again(&mut self, client: Option<&RecoveryClient>) -> Task<Message> {
        let Some(client) = client else {
            return Task::none();
        };
        match self.case().map(|c| &c.next) {
            Some(Expect::Code { channel, .. }) => {
                let channel = *channel;
                self.request(client, Request::Challenge(channel))
            }
            Some(Expect::ContactCode { .. }) => match self.sending_step.clone() {
                Some(step) => self.request(client, Request::Step(step)),
                None => Task::none(),
            },
            _ => Task::none(),
        }
    }
}

/// Reads the chosen files off the UI thread; each gives a document or says
/// why it cannot be one.
fn read_documents(paths: Vec<PathBuf>) -> Task<Message> {
    Task::perform(
        async move {
            blocking(move || Ok(paths.iter().map(|p| Document::from_path(p)).collect()))
                .await
                .unwrap_or_else(|_| vec![Err(DocumentError::Interrupted)])
        },
        Message::DocumentsRead,
    )
}
