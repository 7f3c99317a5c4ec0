//! The "What do you want?" view: the question, the nine topics beside it,
//! and the open recoveries, to resume or forget.

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length, Task};

use crate::app::accessibility::annotate;
use crate::app::chrome::notice::Notice;
use crate::app::chrome::nowrap::one_line;
use crate::app::chrome::theme;
use crate::app::recoveries::Recoveries;
use crate::app::screen::topic::Panel;
use crate::client::{ClientError, RecoveryClient};
use crate::domain::SecretText;
use crate::i18n::{Arg, Translator};
use crate::protocol::{Case, CaseId, TopicId};
use crate::storage::{SavedCase, Service};

/// WebMoney's technical support, where the page sends users who cannot pick a topic.
pub const SUPPORT_URL: &str = "https://support.wmtransfer.com";

#[derive(Debug, Clone)]
pub enum Message {
    Resume(CaseId),
    /// The service or the keyring has just become ready: a resume asked for
    /// before then goes ahead.
    ResumeQueued,
    Resumed(CaseId, Result<Box<(Case, Option<SecretText>)>, ResumeError>),
    /// "Remove from list": asks first.
    Forget(CaseId),
    ForgetConfirmed(CaseId),
    /// "Sign out on this computer": asks first.
    SignOut,
    /// Forget every recovery listed here and delete their sessions.
    SignOutConfirmed,
    /// "No, keep it" to either question.
    KeepListed,
    ContactSupport,
    /// Copy the support address (where no browser opens).
    CopySupportAddress,
    /// A topic from the list the start view shows when the window has no sidebar.
    OpenTopic(TopicId),
}

/// Why a listed recovery did not resume.
#[derive(Debug, Clone)]
pub enum ResumeError {
    /// The service's answer (it may no longer have the recovery).
    Service(ClientError),
    /// The keyring could not give the token (locked, refused): the recovery
    /// stays listed, to try again.
    Keyring(Notice),
    /// This computer has no token for it (kept in memory only before, or
    /// deleted): it stays listed until the user removes it.
    NoToken,
    /// It belongs to another service than the one in use (its key).
    OtherService(Service),
}

/// What the start view asks of the app.
pub enum Event {
    Resume(Box<Panel>),
    OpenLink(&'static str),
    Copy(String),
    OpenTopic(TopicId),
    Forget(CaseId),
    SignOut,
}

#[derive(Default)]
pub struct Start {
    resume_error: Option<ResumeError>,
    resuming: Option<CaseId>,
    /// `resuming` waits for the service or the keyring to be ready.
    queued: bool,
    /// A question before something is forgotten.
    asking: Option<Asking>,
}

/// What the start view asks before it forgets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asking {
    Forget(CaseId),
    SignOut,
}

impl Start {
    /// The question on screen, if any: a step of its own for the focus.
    pub fn asking(&self) -> Option<&Asking> {
        self.asking.as_ref()
    }

    /// Why the last resume failed.
    pub fn notice(&self) -> Option<Notice> {
        match self.resume_error.clone()? {
            ResumeError::Service(error) => Some(Notice::Service(error)),
            ResumeError::Keyring(notice) => Some(notice),
            ResumeError::NoToken => Some(Notice::NoSessionHere),
            ResumeError::OtherService(endpoint) => Some(Notice::OtherService(endpoint)),
        }
    }

    /// No resume waits any more (its recovery was forgotten, the service
    /// changed or could not be reached): every card offers Continue again.
    pub fn drop_resume(&mut self) {
        self.resuming = None;
        self.queued = false;
    }

    /// `service`: the service in use and its key (`Connection::service`),
    /// once connected.
    pub fn update(
        &mut self,
        message: Message,
        service: Option<(RecoveryClient, Service)>,
        recoveries: &Recoveries,
    ) -> (Task<Message>, Option<Event>) {
        match message {
            Message::ContactSupport => (Task::none(), Some(Event::OpenLink(SUPPORT_URL))),
            Message::CopySupportAddress => {
                (Task::none(), Some(Event::Copy(SUPPORT_URL.to_owned())))
            }
            Message::OpenTopic(topic) => (Task::none(), Some(Event::OpenTopic(topic))),
            Message::ResumeQueued => match self.resuming.clone() {
                Some(case_id) if self.queued => {
                    self.update(Message::Resume(case_id), service, recoveries)
                }
                _ => (Task::none(), None),
            },
            // One resume at a time (Enter again while one is out does nothing).
            Message::Resume(_) if self.resuming.is_some() && !self.queued => (Task::none(), None),
            Message::Resume(case_id) => {
                let Some(saved) = recoveries.find(&case_id) else {
                    self.drop_resume();
                    return (Task::none(), None);
                };
                self.resume_error = None;
                self.asking = None;
                // A recovery of another service is never asked of this one:
                // its token would go where it was not issued, and "unknown
                // here" would make it forgotten.
                if let Some((_, endpoint)) = &service
                    && *endpoint != saved.endpoint
                {
                    self.drop_resume();
                    self.resume_error = Some(ResumeError::OtherService(saved.endpoint));
                    return (Task::none(), None);
                }
                self.resuming = Some(case_id.clone());
                // Asked before the service answered or the keyring opened: the
                // card says "Waiting…" and the resume goes ahead once they are.
                let Some((client, _)) = service.filter(|_| recoveries.tokens_open()) else {
                    self.queued = true;
                    return (Task::none(), None);
                };
                self.queued = false;
                let token = recoveries.kept_token(&saved);
                let resuming = Task::perform(
                    async move {
                        // No token on this computer (it was kept in memory
                        // only, or deleted): said, never taken as the service's word.
                        let token = token
                            .await
                            .map_err(ResumeError::Keyring)?
                            .ok_or(ResumeError::NoToken)?;
                        let case = client
                            .case(&saved.case_id, &token)
                            .await
                            .map_err(ResumeError::Service)?;
                        Ok(Box::new((case, Some(token))))
                    },
                    move |result| Message::Resumed(case_id.clone(), result),
                );
                (resuming, None)
            }
            // An answer for a resume no longer waited for (forgotten, or
            // another one asked since) is dropped.
            Message::Resumed(case_id, _) if self.resuming.as_ref() != Some(&case_id) => {
                (Task::none(), None)
            }
            Message::Resumed(case_id, result) => {
                self.resuming = None;
                match (result, recoveries.find(&case_id)) {
                    (Ok(resumed), Some(saved)) => {
                        let (case, token) = *resumed;
                        let panel =
                            Panel::resume(saved.topic, case, saved.identifier, saved.wmid, token);
                        (Task::none(), Some(Event::Resume(Box::new(panel))))
                    }
                    // The service no longer has it: it leaves the list, so
                    // that its topic opens a new recovery next time.
                    (
                        Err(
                            error @ ResumeError::Service(
                                ClientError::CaseNotFound | ClientError::CaseExpired,
                            ),
                        ),
                        _,
                    ) => {
                        self.resume_error = Some(error);
                        (Task::none(), Some(Event::Forget(case_id)))
                    }
                    (Err(error), _) => {
                        self.resume_error = Some(error);
                        (Task::none(), None)
                    }
                    (Ok(_), None) => (Task::none(), None),
                }
            }
            Message::SignOut => {
                self.resume_error = None;
                self.asking = Some(Asking::SignOut);
                (Task::none(), None)
            }
            Message::Forget(case_id) => {
                self.resume_error = None;
                self.asking = Some(Asking::Forget(case_id));
                (Task::none(), None)
            }
            Message::KeepListed => {
                self.asking = None;
                (Task::none(), None)
            }
            Message::SignOutConfirmed => {
                self.asking = None;
                self.drop_resume();
                (Task::none(), Some(Event::SignOut))
            }
            Message::ForgetConfirmed(case_id) => {
                self.asking = None;
                if self.resuming.as_ref() == Some(&case_id) {
                    self.drop_resume();
                }
                (Task::none(), Some(Event::Forget(case_id)))
            }
        }
    }

    pub fn view<'a>(
        &'a self,
        tr: &'a Translator,
        open_cases: &'a [SavedCase],
        lists_topics: bool,
    ) -> Element<'a, Message> {
        // Said when the start view shows, with the first topic (the landing).
        let question = annotate::step(
            column![
                annotate::heading(text(tr.tr("start-heading")).size(28), 1),
                text(tr.tr("start-intro")),
            ]
            .spacing(12),
            Some(tr.tr("keys-topics")),
        );
        let mut col = column![
            question,
            crate::app::view::link_row(
                tr,
                tr.tr("start-contact-support"),
                SUPPORT_URL,
                Message::ContactSupport,
                Message::CopySupportAddress,
            ),
        ]
        .spacing(12);
        let choose = || text(tr.tr("start-choose-topic")).size(14);
        if !lists_topics {
            col = col.push(choose());
        }
        if !open_cases.is_empty() {
            col = col.push(annotate::heading(
                text(tr.tr("start-open-cases")).size(20),
                2,
            ));
            let mut first = true;
            for saved in open_cases {
                // The reference is quoted to support: it never breaks at its hyphens.
                let label = column![
                    text(tr.topic_title(saved.topic)),
                    row![
                        one_line(text(saved.reference.as_str()).size(13)),
                        one_line(text(saved.identifier.as_str()).size(13)),
                    ]
                    .spacing(12),
                ]
                .spacing(2);
                let waiting = self.resuming.as_ref() == Some(&saved.case_id);
                let resume = button(text(tr.tr(if waiting {
                    "progress-waiting"
                } else {
                    "button-resume"
                })))
                .style(theme::primary);
                let can_resume = self.resuming.is_none();
                // Heard out of the row, a button says which recovery it is for.
                let which = format!("{}, {}", tr.topic_title(saved.topic), saved.reference);
                let resume = annotate::button(
                    resume,
                    can_resume.then(|| Message::Resume(saved.case_id.clone())),
                )
                .name(format!("{}: {which}", tr.tr("button-resume")));
                // A recovery in progress is what the user most likely came
                // back for: the start view's focus lands on its Continue.
                let resume = if first && self.asking.is_none() {
                    annotate::landing(resume)
                } else {
                    resume.into()
                };
                first = false;
                let forget = annotate::button(
                    button(text(tr.tr("button-forget"))).style(theme::plain),
                    Some(Message::Forget(saved.case_id.clone())),
                )
                .name(format!("{}: {which}", tr.tr("button-forget")));
                // A narrow window has the card's text above its buttons.
                let card: Element<'a, Message> = if lists_topics {
                    column![label, row![resume, forget].spacing(8)]
                        .spacing(8)
                        .into()
                } else {
                    row![container(label).width(Length::Fill), resume, forget]
                        .spacing(8)
                        .align_y(Alignment::Center)
                        .into()
                };
                let mut card = column![card].spacing(8);
                if self.asking.as_ref() == Some(&Asking::Forget(saved.case_id.clone())) {
                    card = card.push(ask_first(
                        tr.tr_args("forget-confirm", &[("recovery", Arg::Text(which.clone()))]),
                        (
                            "button-forget-confirm",
                            Message::ForgetConfirmed(saved.case_id.clone()),
                        ),
                        tr,
                    ));
                }
                col = col.push(
                    container(card)
                        .padding(8)
                        .width(Length::Fill)
                        .style(theme::card),
                );
            }
            col = col.push(
                row![
                    annotate::button(
                        button(text(tr.tr("button-sign-out"))).style(theme::secondary),
                        Some(Message::SignOut),
                    ),
                    text(tr.tr("sign-out-hint")).size(13),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
            if self.asking == Some(Asking::SignOut) {
                let references: Vec<&str> =
                    open_cases.iter().map(|c| c.reference.as_str()).collect();
                let count = i64::try_from(open_cases.len()).unwrap_or(i64::MAX);
                col = col.push(ask_first(
                    tr.tr_args(
                        "sign-out-confirm",
                        &[
                            ("count", Arg::Number(count)),
                            ("references", Arg::Text(references.join(", "))),
                        ],
                    ),
                    ("button-sign-out-confirm", Message::SignOutConfirmed),
                    tr,
                ));
            }
        }
        // A narrow window has no sidebar: the topics are listed here, under
        // the open recoveries (what a user coming back most likely wants).
        if lists_topics {
            let topics = crate::app::view::topic_list(tr, None, Message::OpenTopic);
            col = col.push(choose()).push(if open_cases.is_empty() {
                annotate::landing(topics)
            } else {
                topics
            });
        }
        col.into()
    }
}

/// A question before something is forgotten: what is lost, then "No, keep
/// it" (where the focus lands) beside the button that forgets.
fn ask_first<'a>(
    words: String,
    (yes, on_yes): (&str, Message),
    tr: &Translator,
) -> Element<'a, Message> {
    annotate::step(
        column![
            text(words),
            row![
                annotate::landing(annotate::button(
                    button(text(tr.tr("button-keep-listed"))).style(theme::secondary),
                    Some(Message::KeepListed),
                )),
                annotate::button(button(text(tr.tr(yes))).style(theme::danger), Some(on_yes)),
            ]
            .spacing(8)
            .wrap(),
        ]
        .spacing(8),
        None,
    )
}
