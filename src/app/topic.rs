//! One topic's panel. It renders whatever the case asks for next (`Expect`),
//! so the nine topics share one screen. Every request runs as a task the
//! user can cancel; its result comes back as `Message::Answered`.

use std::path::PathBuf;
use std::sync::Arc;

use iced::widget::{button, column, container, row, text, text_input};
use iced::{Element, Length, Task};
use time::OffsetDateTime;

use crate::client::{ClientError, Document, DownloadedKeyFile, RecoveryClient};
use crate::domain::{Code, Field, Identifier, InputError, Password, SecretText, Wmid, check_text};
use crate::i18n::{Arg, Translator};
use crate::keyfile;
use crate::keyfile_save::{self, FilePicker, Overwrite, SaveError};
use crate::protocol::{
    Case, CaseState, Channel, ConfirmMethod, Expect, StepRequest, TopicId, Verified,
};

/// Ids of inputs, so keyboard focus can be moved to them.
pub const FIRST_INPUT: &str = "first-input";
pub const SECOND_INPUT: &str = "second-input";

#[derive(Debug, Clone)]
pub enum Answer {
    Case(Case),
    Verified(Verified),
    Downloaded(Arc<DownloadedKeyFile>),
}

#[derive(Debug, Clone)]
pub enum Message {
    KeeperAccess(bool),
    IdentifierChanged(String),
    InputChanged(String),
    SecondInputChanged(String),
    Submit,
    Channel(Channel),
    Confirm(ConfirmMethod),
    ConfirmPlain,
    SendAgain,
    Answered(Result<Answer, ClientError>),
    ChooseDocuments,
    DocumentsChosen(Vec<PathBuf>),
    SaveKeyfile,
    SavePathChosen(Option<PathBuf>),
    Saved(Result<PathBuf, SaveError>),
    ReplaceExisting,
    CheckAccessCode,
    ToggleSecrets,
    Refresh,
    CancelCase,
    StopWaiting,
    Retry,
    StartAgain,
    OpenRestorePassword,
    OpenWiki,
    Tick(OffsetDateTime),
}

/// What the panel tells the app.
#[derive(Debug, Clone)]
pub enum Event {
    /// The case changed: the app keeps it on disk (and the token in the keyring).
    CaseSaved {
        case: Box<Case>,
        identifier: String,
        wmid: Option<String>,
    },
    TokenReceived {
        case_id: String,
        token: SecretText,
    },
    /// The case ended or was cancelled: forget it and its token.
    CaseEnded {
        case_id: String,
    },
    SwitchTopic(TopicId),
    /// A page to open in the user's browser.
    OpenLink(&'static str),
}

/// Where WebMoney's wiki explains a topic step by step.
pub fn wiki_url(topic: TopicId) -> Option<&'static str> {
    match topic {
        TopicId::ChangePhone | TopicId::ChangeEmail => Some("https://wiki.webmoney.com.vn"),
        TopicId::ChangeSecurityQuestion => Some("https://wiki.webmoney.ru"),
        _ => None,
    }
}

/// What the user was doing when a request failed, to try it again as it was.
#[derive(Debug, Clone)]
enum Retry {
    Create,
    Challenge(Channel),
    Verify,
    Step(StepRequest),
    Upload,
    Download,
    Refresh,
}

pub struct Panel {
    pub topic: TopicId,
    keeper_access: Option<bool>,
    identifier: String,
    identifier_error: Option<InputError>,
    case: Option<Case>,
    token: Option<SecretText>,
    wmid: Option<Wmid>,
    input: String,
    second_input: String,
    field_error: Option<String>,
    banner: Option<String>,
    retry: Option<Retry>,
    busy: Option<iced::task::Handle>,
    documents: Vec<Document>,
    downloaded: Option<Arc<DownloadedKeyFile>>,
    pending_save: Option<PathBuf>,
    saved_to: Option<PathBuf>,
    confirm_replace: bool,
    keyfile_ok: Option<bool>,
    last_step: Option<StepRequest>,
    show_secrets: bool,
    now: OffsetDateTime,
}

impl Panel {
    pub fn new(topic: TopicId) -> Self {
        Panel {
            topic,
            keeper_access: None,
            identifier: String::new(),
            identifier_error: None,
            case: None,
            token: None,
            wmid: None,
            input: String::new(),
            second_input: String::new(),
            field_error: None,
            banner: None,
            retry: None,
            busy: None,
            documents: Vec::new(),
            downloaded: None,
            pending_save: None,
            saved_to: None,
            confirm_replace: false,
            keyfile_ok: None,
            last_step: None,
            show_secrets: false,
            now: OffsetDateTime::now_utc(),
        }
    }

    /// A panel that picks up a saved case after a restart.
    pub fn resume(
        topic: TopicId,
        case: Case,
        identifier: String,
        token: Option<SecretText>,
    ) -> Self {
        let mut panel = Panel::new(topic);
        panel.keeper_access = Some(true);
        panel.wmid = identifier.parse().ok();
        panel.identifier = identifier;
        panel.case = Some(case);
        panel.token = token;
        panel
    }

    pub fn case(&self) -> Option<&Case> {
        self.case.as_ref()
    }

    pub fn wmid(&self) -> Option<&Wmid> {
        self.wmid.as_ref()
    }

    pub fn is_busy(&self) -> bool {
        self.busy.is_some()
    }

    /// Ticks are needed only while a countdown is on screen.
    pub fn wants_ticks(&self) -> bool {
        self.case.as_ref().is_some_and(|c| {
            c.resend_at.is_some_and(|at| at.0 > self.now) || c.locked_until.is_some()
        })
    }

    fn run(
        &mut self,
        retry: Retry,
        future: impl Future<Output = Result<Answer, ClientError>> + Send + 'static,
    ) -> Task<Message> {
        self.banner = None;
        self.field_error = None;
        self.retry = Some(retry);
        let (task, handle) = Task::perform(future, Message::Answered).abortable();
        self.busy = Some(handle);
        task
    }

    fn request(&mut self, client: &RecoveryClient, retry: Retry) -> Task<Message> {
        let client = client.clone();
        let case_id = self
            .case
            .as_ref()
            .map(|c| c.case_id.clone())
            .unwrap_or_default();
        let token = self.token.clone();
        match retry.clone() {
            Retry::Create => {
                let Ok(identifier) = self.identifier.parse::<Identifier>() else {
                    return Task::none();
                };
                let topic = self.topic;
                self.run(retry, async move {
                    client
                        .create_case(topic, &identifier)
                        .await
                        .map(Answer::Case)
                })
            }
            Retry::Challenge(channel) => self.run(retry, async move {
                client.challenge(&case_id, channel).await.map(Answer::Case)
            }),
            Retry::Verify => {
                let Ok(code) = Code::parse(&self.input) else {
                    return Task::none();
                };
                self.run(retry, async move {
                    client.verify(&case_id, &code).await.map(Answer::Verified)
                })
            }
            Retry::Step(step) => {
                let Some(token) = token else {
                    return self.session_lost();
                };
                self.last_step = Some(step.clone());
                self.run(retry, async move {
                    client.step(&case_id, &token, &step).await.map(Answer::Case)
                })
            }
            Retry::Upload => {
                let Some(token) = token else {
                    return self.session_lost();
                };
                let documents = self.documents.clone();
                self.run(retry, async move {
                    client
                        .upload_documents(&case_id, &token, &documents)
                        .await
                        .map(Answer::Case)
                })
            }
            Retry::Download => {
                let Some(token) = token else {
                    return self.session_lost();
                };
                self.run(retry, async move {
                    client
                        .download_keyfile(&case_id, &token)
                        .await
                        .map(|k| Answer::Downloaded(Arc::new(k)))
                })
            }
            Retry::Refresh => self.run(retry, async move {
                client.case(&case_id).await.map(Answer::Case)
            }),
        }
    }

    fn session_lost(&mut self) -> Task<Message> {
        self.banner = Some(String::new());
        self.retry = None;
        Task::none()
    }

    pub fn update(
        &mut self,
        message: Message,
        client: Option<&RecoveryClient>,
        picker: &Arc<dyn FilePicker>,
        tr: &Translator,
    ) -> (Task<Message>, Vec<Event>) {
        let mut events = Vec::new();
        let task = match message {
            Message::KeeperAccess(yes) => {
                self.keeper_access = Some(yes);
                iced::widget::operation::focus(FIRST_INPUT)
            }
            Message::OpenWiki => {
                if let Some(url) = wiki_url(self.topic) {
                    events.push(Event::OpenLink(url));
                }
                Task::none()
            }
            Message::OpenRestorePassword => {
                events.push(Event::SwitchTopic(TopicId::RestorePassword));
                Task::none()
            }
            Message::IdentifierChanged(value) => {
                self.identifier_error = validate_identifier(self.topic, &value)
                    .err()
                    .filter(|_| !value.trim().is_empty());
                self.identifier = value;
                Task::none()
            }
            Message::InputChanged(value) => {
                self.input = value;
                self.field_error = None;
                Task::none()
            }
            Message::SecondInputChanged(value) => {
                self.second_input = value;
                self.field_error = None;
                Task::none()
            }
            Message::Submit => match client {
                Some(client) if self.busy.is_none() => self.submit(client, tr),
                _ => Task::none(),
            },
            Message::Channel(channel) => match client {
                Some(client) => self.request(client, Retry::Challenge(channel)),
                None => Task::none(),
            },
            Message::Confirm(method) => match client {
                Some(client) => {
                    self.request(client, Retry::Step(StepRequest::ConfirmOld { method }))
                }
                None => Task::none(),
            },
            Message::ConfirmPlain => {
                let step = match self.case.as_ref().map(|c| &c.next) {
                    Some(Expect::ConfirmDetach { .. }) => StepRequest::ConfirmDetach,
                    _ => StepRequest::ReregisterSim,
                };
                client.map_or_else(Task::none, |client| self.request(client, Retry::Step(step)))
            }
            Message::SendAgain => self.send_again(client),
            Message::Answered(result) => {
                self.busy = None;
                self.answered(result, tr, &mut events)
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
            Message::DocumentsChosen(paths) => {
                self.documents.clear();
                for path in paths {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    match std::fs::read(&path) {
                        Ok(bytes) => match Document::new(name, bytes) {
                            Ok(document) => self.documents.push(document),
                            Err(e) => self.field_error = Some(tr.client_error(&e)),
                        },
                        Err(e) => self.field_error = Some(format!("{name}: {e}")),
                    }
                }
                Task::none()
            }
            Message::SaveKeyfile => {
                let picker = picker.clone();
                let name = self
                    .wmid
                    .as_ref()
                    .map_or_else(|| "keyfile.kwm".to_owned(), keyfile_save::default_file_name);
                Task::perform(
                    async move { picker.save_path(&name).await },
                    Message::SavePathChosen,
                )
            }
            Message::SavePathChosen(Some(path)) => self.save(path, Overwrite::No),
            Message::SavePathChosen(None) => Task::none(),
            Message::ReplaceExisting => match self.pending_save.take() {
                Some(path) => self.save(path, Overwrite::Yes),
                None => Task::none(),
            },
            Message::Saved(Ok(path)) => {
                self.confirm_replace = false;
                self.saved_to = Some(path);
                self.input.clear();
                iced::widget::operation::focus(FIRST_INPUT)
            }
            Message::Saved(Err(SaveError::Exists { path })) => {
                self.pending_save = Some(path);
                self.confirm_replace = true;
                Task::none()
            }
            Message::Saved(Err(error)) => {
                self.banner = Some(tr.save_error(&error));
                Task::none()
            }
            Message::CheckAccessCode => {
                if let (Some(file), Some(wmid)) = (&self.downloaded, &self.wmid) {
                    self.keyfile_ok = Some(
                        keyfile::check(&file.bytes, wmid, &SecretText::new(self.input.clone()))
                            .is_ok(),
                    );
                    self.input.clear();
                }
                Task::none()
            }
            Message::ToggleSecrets => {
                self.show_secrets = !self.show_secrets;
                Task::none()
            }
            Message::Refresh => client.map_or_else(Task::none, |c| self.request(c, Retry::Refresh)),
            Message::CancelCase => match (client, &self.case) {
                (Some(client), Some(case)) => {
                    let client = client.clone();
                    let case_id = case.case_id.clone();
                    self.run(Retry::Refresh, async move {
                        client.cancel(&case_id).await.map(Answer::Case)
                    })
                }
                _ => Task::none(),
            },
            Message::StopWaiting => {
                if let Some(handle) = self.busy.take() {
                    handle.abort();
                }
                Task::none()
            }
            Message::Retry => match (client, self.retry.clone()) {
                (Some(client), Some(retry)) => self.request(client, retry),
                _ => Task::none(),
            },
            Message::StartAgain => {
                if let Some(case) = self.case.take() {
                    events.push(Event::CaseEnded {
                        case_id: case.case_id,
                    });
                }
                let identifier = std::mem::take(&mut self.identifier);
                *self = Panel::new(self.topic);
                self.keeper_access = Some(true);
                self.identifier = identifier;
                iced::widget::operation::focus(FIRST_INPUT)
            }
            Message::Tick(now) => {
                self.now = now;
                Task::none()
            }
        };
        (task, events)
    }

    fn save(&mut self, path: PathBuf, overwrite: Overwrite) -> Task<Message> {
        let Some(file) = self.downloaded.clone() else {
            return Task::none();
        };
        Task::perform(
            async move {
                tokio::task::spawn_blocking(move || {
                    keyfile_save::save_keyfile(&path, &file.bytes, overwrite).map(|()| path)
                })
                .await
                .unwrap_or_else(|e| {
                    Err(SaveError::Other {
                        path: PathBuf::new(),
                        message: e.to_string(),
                    })
                })
            },
            Message::Saved,
        )
    }

    fn send_again(&mut self, client: Option<&RecoveryClient>) -> Task<Message> {
        let Some(client) = client else {
            return Task::none();
        };
        match self.case.as_ref().map(|c| &c.next) {
            Some(Expect::Code { channel, .. }) => {
                let channel = *channel;
                self.request(client, Retry::Challenge(channel))
            }
            Some(Expect::ContactCode { .. }) => match self.last_step.clone() {
                Some(step) => self.request(client, Retry::Step(step)),
                None => Task::none(),
            },
            _ => Task::none(),
        }
    }

    /// Enter, or the main button: whatever the current step's input is for.
    fn submit(&mut self, client: &RecoveryClient, tr: &Translator) -> Task<Message> {
        let Some(case) = &self.case else {
            return match validate_identifier(self.topic, &self.identifier) {
                Ok(identifier) => {
                    if let Identifier::Wmid(wmid) = &identifier {
                        self.wmid = Some(wmid.clone());
                    }
                    self.identifier_error = None;
                    self.request(client, Retry::Create)
                }
                Err(e) => {
                    self.identifier_error = Some(e);
                    Task::none()
                }
            };
        };
        let invalid = |e: InputError| tr.input_error(&e);
        let step = match &case.next {
            Expect::Code { .. } => {
                return match Code::parse(&self.input) {
                    Ok(_) => self.request(client, Retry::Verify),
                    Err(e) => {
                        self.field_error = Some(invalid(e));
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
                    answer: SecretText::new(self.input.clone()),
                })
            }
            Expect::NewPassword { .. } => Password::parse(&self.input)
                .and_then(|p| {
                    if self.input == self.second_input {
                        Ok(p)
                    } else {
                        Err(InputError::Password)
                    }
                })
                .map(|p| StepRequest::NewPassword {
                    password: p.secret().clone(),
                }),
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
            Expect::NewSecurityQuestion => check_text(Field::Question, &self.input)
                .and_then(|()| check_text(Field::Answer, &self.second_input))
                .map(|()| StepRequest::NewSecurityQuestion {
                    question: self.input.trim().to_owned(),
                    answer: SecretText::new(self.second_input.clone()),
                }),
            Expect::Documents { .. } if !self.documents.is_empty() => {
                return self.request(client, Retry::Upload);
            }
            Expect::Download { .. } if self.downloaded.is_none() => {
                return self.request(client, Retry::Download);
            }
            Expect::Download { .. } if self.saved_to.is_some() => {
                return Task::done(Message::CheckAccessCode);
            }
            _ => return Task::none(),
        };
        match step {
            Ok(step) => self.request(client, Retry::Step(step)),
            Err(e) => {
                self.field_error = Some(invalid(e));
                Task::none()
            }
        }
    }

    fn answered(
        &mut self,
        result: Result<Answer, ClientError>,
        tr: &Translator,
        events: &mut Vec<Event>,
    ) -> Task<Message> {
        let case = match result {
            Ok(Answer::Case(case)) => case,
            Ok(Answer::Verified(verified)) => {
                events.push(Event::TokenReceived {
                    case_id: verified.case.case_id.clone(),
                    token: verified.session_token.clone(),
                });
                self.token = Some(verified.session_token);
                verified.case
            }
            Ok(Answer::Downloaded(file)) => {
                self.downloaded = Some(file);
                return Task::none();
            }
            Err(error) => {
                let text = tr.client_error(&error);
                let on_field = error.field().is_some()
                    && !matches!(error, ClientError::InvalidInput { ref field, .. } if field == "identifier");
                match &error {
                    ClientError::InvalidInput { field, .. } if field == "identifier" => {
                        self.banner = None;
                        self.field_error = None;
                        self.identifier_error = None;
                        self.banner = Some(text);
                    }
                    _ if on_field => self.field_error = Some(text),
                    _ => self.banner = Some(text),
                }
                if matches!(
                    error,
                    ClientError::WrongCode { .. } | ClientError::CodeExpired
                ) {
                    self.input.clear();
                }
                if let (Some(case), ClientError::WrongCode { attempts_left, .. }) =
                    (&mut self.case, &error)
                {
                    case.attempts_left = *attempts_left;
                }
                // Only failures that may pass keep a Retry button.
                if !error.is_transient()
                    && !matches!(
                        error,
                        ClientError::Unavailable { .. }
                            | ClientError::Server { .. }
                            | ClientError::Protocol(_)
                    )
                {
                    self.retry = None;
                }
                return Task::none();
            }
        };
        let step_changed = self.case.as_ref().is_none_or(|old| old.next != case.next);
        if step_changed {
            self.input.clear();
            self.second_input.clear();
        }
        if case.state.is_final() {
            events.push(Event::CaseEnded {
                case_id: case.case_id.clone(),
            });
        } else {
            events.push(Event::CaseSaved {
                case: Box::new(case.clone()),
                identifier: self.identifier.trim().to_owned(),
                wmid: self.wmid.as_ref().map(ToString::to_string),
            });
        }
        self.case = Some(case);
        self.retry = None;
        if step_changed {
            iced::widget::operation::focus(FIRST_INPUT)
        } else {
            Task::none()
        }
    }

    pub fn view<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
        let title = text(tr.topic_title(self.topic)).size(26);
        let intro = text(tr.tr(&format!("topic-{}-intro", self.topic.as_str())));
        let mut body = column![title, intro].spacing(12);
        if let Some(wiki) = tr.topic_wiki(self.topic) {
            body = body.push(
                row![
                    text(wiki).size(14).width(Length::Fill),
                    button(text(tr.tr("wiki-instructions")))
                        .style(button::secondary)
                        .on_press(Message::OpenWiki),
                ]
                .spacing(8)
                .align_y(iced::Alignment::Center),
            );
        }

        if self.topic.requires_keeper_access()
            && self.keeper_access.is_none()
            && self.case.is_none()
        {
            body = body.push(self.keeper_question(tr));
        } else if self.keeper_access == Some(false) {
            body = body.push(
                column![
                    text(tr.tr("keeper-access-no")),
                    button(text(tr.tr("button-restore-access")))
                        .style(button::primary)
                        .on_press(Message::OpenRestorePassword),
                ]
                .spacing(8),
            );
        } else {
            body = body.push(match &self.case {
                None => self.identify_view(tr),
                Some(case) => self.step_view(case, tr),
            });
        }

        if let Some(banner) = &self.banner {
            let mut line = row![text(banner.as_str()).width(Length::Fill)].spacing(8);
            if self.retry.is_some() {
                line = line.push(button(text(tr.tr("button-retry"))).on_press(Message::Retry));
            }
            body = body.push(container(line).padding(8).style(container::bordered_box));
        }
        if self.busy.is_some() {
            body = body.push(
                row![
                    text(tr.tr("progress-waiting")),
                    button(text(tr.tr("button-stop"))).on_press(Message::StopWaiting)
                ]
                .spacing(12),
            );
        }
        body.into()
    }

    fn keeper_question<'a>(&self, tr: &'a Translator) -> Element<'a, Message> {
        column![
            text(tr.tr("keeper-access-question")),
            row![
                button(text(tr.tr("answer-yes"))).on_press(Message::KeeperAccess(true)),
                button(text(tr.tr("answer-no"))).on_press(Message::KeeperAccess(false)),
            ]
            .spacing(8),
        ]
        .spacing(8)
        .into()
    }

    fn identify_view<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
        let label = if self
            .topic
            .identifiers()
            .contains(&crate::domain::IdentifierKind::Wmid)
        {
            tr.tr("identifier-label")
        } else {
            tr.tr("identifier-label-phone-email")
        };
        let input = text_input(&tr.tr("identifier-placeholder"), &self.identifier)
            .id(FIRST_INPUT)
            .on_input(Message::IdentifierChanged)
            .on_submit(Message::Submit)
            .padding(8);
        let mut col = column![text(label), input].spacing(6);
        if let Some(error) = &self.identifier_error {
            col = col.push(text(tr.input_error(error)).style(text::danger));
        }
        col.push(self.primary(tr.tr("button-continue"))).into()
    }

    fn primary<'a>(&self, label: String) -> Element<'a, Message> {
        let button = button(text(label)).style(button::primary);
        if self.busy.is_some() {
            button.into()
        } else {
            button.on_press(Message::Submit).into()
        }
    }

    fn code_input<'a>(
        &'a self,
        tr: &'a Translator,
        label: String,
        secure: bool,
    ) -> Element<'a, Message> {
        let mut col = column![text(label)].spacing(6);
        col = col.push(
            text_input("", &self.input)
                .id(FIRST_INPUT)
                .secure(secure)
                .on_input(Message::InputChanged)
                .on_submit(Message::Submit)
                .padding(8),
        );
        if let Some(error) = &self.field_error {
            col = col.push(text(error.as_str()).style(text::danger));
        }
        let _ = tr;
        col.into()
    }

    fn resend<'a>(&self, case: &Case, tr: &'a Translator) -> Element<'a, Message> {
        let wait = case
            .resend_at
            .map(|at| (at.0 - self.now).whole_seconds())
            .filter(|s| *s > 0);
        match wait {
            Some(seconds) => button(text(
                tr.tr_args("button-send-again-in", &[("seconds", Arg::Number(seconds))]),
            ))
            .into(),
            None => button(text(tr.tr("button-send-again")))
                .on_press(Message::SendAgain)
                .into(),
        }
    }

    fn step_view<'a>(&'a self, case: &'a Case, tr: &'a Translator) -> Element<'a, Message> {
        let reference = text(tr.tr_args(
            "case-reference",
            &[("reference", Arg::Text(case.reference.clone()))],
        ))
        .size(13);
        let content: Element<'a, Message> = match &case.next {
            Expect::Challenge { channels } => {
                let buttons = channels.iter().map(|c| {
                    button(text(tr.channel(*c)))
                        .on_press(Message::Channel(*c))
                        .into()
                });
                column![text(tr.tr("choose-channel")), row(buttons).spacing(8)]
                    .spacing(8)
                    .into()
            }
            Expect::Code { sent_to, .. } | Expect::ContactCode { sent_to, .. } => {
                let sent = text(tr.tr_args(
                    "code-sent-to",
                    &[("destination", Arg::Text(sent_to.clone()))],
                ));
                let attempts = text(tr.tr_args(
                    "attempts-left",
                    &[("count", Arg::Number(i64::from(case.attempts_left)))],
                ));
                column![
                    sent,
                    self.code_input(tr, tr.tr("code-label"), false),
                    attempts,
                    row![self.primary(tr.tr("button-verify")), self.resend(case, tr)].spacing(8),
                ]
                .spacing(8)
                .into()
            }
            Expect::SecurityAnswer { question } => column![
                text(question.as_str()),
                self.code_input(tr, tr.tr("security-answer-label"), true),
                self.primary(tr.tr("button-continue")),
            ]
            .spacing(8)
            .into(),
            Expect::NewPassword { .. } => column![
                self.code_input(tr, tr.tr("new-password-label"), true),
                text(tr.tr("new-password-repeat")),
                text_input("", &self.second_input)
                    .id(SECOND_INPUT)
                    .secure(true)
                    .on_input(Message::SecondInputChanged)
                    .on_submit(Message::Submit)
                    .padding(8),
                text(tr.tr("new-password-rules")).size(13),
                self.primary(tr.tr("button-continue")),
            ]
            .spacing(8)
            .into(),
            Expect::NewContact { channel } => {
                let label = if *channel == Channel::Email {
                    tr.tr("new-email-label")
                } else {
                    tr.tr("new-phone-label")
                };
                column![
                    self.code_input(tr, label, false),
                    self.primary(tr.tr("button-send-code"))
                ]
                .spacing(8)
                .into()
            }
            Expect::ConfirmOld { methods } => {
                let buttons = methods.iter().map(|m| {
                    button(text(tr.confirm_method(*m)))
                        .on_press(Message::Confirm(*m))
                        .into()
                });
                column![text(tr.tr("confirm-old-question")), row(buttons).spacing(8)]
                    .spacing(8)
                    .into()
            }
            Expect::ConfirmDetach { phone } => column![
                text(tr.tr_args("confirm-detach", &[("phone", Arg::Text(phone.clone()))])),
                button(text(tr.tr("button-confirm")))
                    .style(button::primary)
                    .on_press(Message::ConfirmPlain),
            ]
            .spacing(8)
            .into(),
            Expect::ReregisterSim { phone } => column![
                text(tr.tr_args(
                    "reregister-sim-confirm",
                    &[("phone", Arg::Text(phone.clone()))]
                )),
                button(text(tr.tr("button-confirm")))
                    .style(button::primary)
                    .on_press(Message::ConfirmPlain),
            ]
            .spacing(8)
            .into(),
            Expect::Documents { .. } => {
                let files = self
                    .documents
                    .iter()
                    .map(|d| text(d.file_name.as_str()).into());
                let mut col = column![
                    text(tr.tr("documents-intro")),
                    button(text(tr.tr("button-choose-files"))).on_press(Message::ChooseDocuments),
                    column(files).spacing(2),
                ]
                .spacing(8);
                if let Some(error) = &self.field_error {
                    col = col.push(text(error.as_str()).style(text::danger));
                }
                col.push(self.primary(tr.tr("button-upload"))).into()
            }
            Expect::NewSecurityQuestion => column![
                self.code_input(tr, tr.tr("new-question-label"), false),
                text(tr.tr("new-answer-label")),
                text_input("", &self.second_input)
                    .id(SECOND_INPUT)
                    .secure(true)
                    .on_input(Message::SecondInputChanged)
                    .on_submit(Message::Submit)
                    .padding(8),
                self.primary(tr.tr("button-continue")),
            ]
            .spacing(8)
            .into(),
            Expect::Wait { reason, until } => {
                let key = if *reason == crate::protocol::WaitReason::DocumentReview {
                    "waiting-review"
                } else {
                    "waiting-period"
                };
                column![
                    text(tr.tr_args(key, &[("until", Arg::Text(tr.time(until.0, self.now)))])),
                    text(tr.case_state(case.state)),
                    row![
                        button(text(tr.tr("button-refresh"))).on_press(Message::Refresh),
                        button(text(tr.tr("button-cancel-case")))
                            .style(button::danger)
                            .on_press(Message::CancelCase),
                    ]
                    .spacing(8),
                ]
                .spacing(8)
                .into()
            }
            Expect::Download { .. } => self.download_view(tr),
            Expect::Nothing => self.finish_view(case, tr),
        };
        let mut col = column![content].spacing(12);
        // Where a password or code is asked for, say which of the four secrets it is.
        if matches!(
            case.next,
            Expect::Code { .. }
                | Expect::ContactCode { .. }
                | Expect::NewPassword { .. }
                | Expect::Download { .. }
        ) {
            col = col.push(
                button(text(tr.tr("secrets-heading")))
                    .style(button::text)
                    .on_press(Message::ToggleSecrets),
            );
            if self.show_secrets {
                col = col.push(secrets_view(tr));
            }
        }
        if !case.state.is_final() && !matches!(case.next, Expect::Wait { .. }) {
            col = col.push(
                button(text(tr.tr("button-cancel-case")))
                    .style(button::text)
                    .on_press(Message::CancelCase),
            );
        }
        col.push(reference).into()
    }

    fn download_view<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
        let mut col = column![text(tr.tr("keyfile-ready"))].spacing(8);
        if self.downloaded.is_none() {
            return col.push(self.primary(tr.tr("button-download"))).into();
        }
        if self.confirm_replace {
            return col
                .push(text(tr.tr("keyfile-exists-replace")))
                .push(
                    row![
                        button(text(tr.tr("button-replace")))
                            .style(button::danger)
                            .on_press(Message::ReplaceExisting),
                        button(text(tr.tr("button-save-keyfile"))).on_press(Message::SaveKeyfile),
                    ]
                    .spacing(8),
                )
                .into();
        }
        col = col.push(
            button(text(tr.tr("button-save-keyfile")))
                .style(button::primary)
                .on_press(Message::SaveKeyfile),
        );
        if let Some(path) = &self.saved_to {
            col = col
                .push(text(tr.tr_args(
                    "keyfile-saved",
                    &[("path", Arg::Text(path.display().to_string()))],
                )))
                .push(self.code_input(tr, tr.tr("access-code-label"), true))
                .push(
                    button(text(tr.tr("button-check-keyfile"))).on_press(Message::CheckAccessCode),
                );
            match self.keyfile_ok {
                Some(true) => col = col.push(text(tr.tr("keyfile-check-ok")).style(text::success)),
                Some(false) => {
                    col = col.push(
                        text(tr.keyfile_error(&keyfile::KeyFileError::WrongAccessCode))
                            .style(text::danger),
                    )
                }
                None => {}
            }
        }
        col.into()
    }

    fn finish_view<'a>(&'a self, case: &'a Case, tr: &'a Translator) -> Element<'a, Message> {
        let what = match (&case.outcome, case.state) {
            (Some(outcome), _) => tr.outcome(outcome),
            (None, state) => tr.case_state(state),
        };
        let mut col = column![text(what).size(18)].spacing(8);
        if matches!(
            case.state,
            CaseState::Expired | CaseState::Cancelled | CaseState::Rejected
        ) || case.outcome.is_some()
        {
            col = col.push(button(text(tr.tr("button-start-again"))).on_press(Message::StartAgain));
        }
        col.into()
    }
}

fn validate_identifier(topic: TopicId, text: &str) -> Result<Identifier, InputError> {
    let identifier: Identifier = text.parse()?;
    if topic.identifiers().contains(&identifier.kind()) {
        Ok(identifier)
    } else {
        Err(InputError::Identifier)
    }
}

/// The four secrets users confuse, one short paragraph each.
fn secrets_view<'a>(tr: &'a Translator) -> Element<'a, Message> {
    let items = [
        "password",
        "access-code",
        "activation-code",
        "registration-code",
    ]
    .map(|id| {
        column![
            text(tr.tr(&format!("secret-{id}-title"))).size(15),
            text(tr.tr(&format!("secret-{id}"))).size(14),
        ]
        .spacing(2)
        .into()
    });
    container(column(items).spacing(8))
        .padding(10)
        .style(container::bordered_box)
        .into()
}
