//! The topics' panels the app keeps while it runs, one per topic, so that
//! going elsewhere and coming back finds a panel where it was left; and how
//! the app hands each its messages and acts on what it reports.

use iced::Task;

use crate::protocol::{CaseId, TopicId};

use super::desktop::{copy, open_link, show_in_folder};
use super::screen::{start, topic};
use super::{App, Connection, Message, Screen, notify};

/// A kept panel. `id` tells its answers from those meant for a panel it
/// replaced: each panel kept gets a new one.
pub(super) struct KeptPanel {
    pub(super) id: u64,
    pub(super) panel: topic::Panel,
}

/// The registry of kept panels.
#[derive(Default)]
pub(super) struct Panels {
    kept: Vec<KeptPanel>,
    last_id: u64,
}

impl Panels {
    /// Keeps `panel` in place of its topic's panel (the old one stops its
    /// request when dropped) and gives it a new id.
    pub(super) fn keep(&mut self, panel: topic::Panel) {
        self.last_id += 1;
        let kept = KeptPanel {
            id: self.last_id,
            panel,
        };
        match self
            .kept
            .iter_mut()
            .find(|old| old.panel.topic == kept.panel.topic)
        {
            Some(old) => *old = kept,
            None => self.kept.push(kept),
        }
    }

    pub(super) fn of_topic(&self, topic: TopicId) -> Option<&KeptPanel> {
        self.kept.iter().find(|kept| kept.panel.topic == topic)
    }

    pub(super) fn get(&self, id: u64) -> Option<&KeptPanel> {
        self.kept.iter().find(|kept| kept.id == id)
    }

    pub(super) fn get_mut(&mut self, id: u64) -> Option<&mut KeptPanel> {
        self.kept.iter_mut().find(|kept| kept.id == id)
    }

    /// The panel showing this recovery, if one does.
    pub(super) fn showing_case(&self, case_id: &CaseId) -> Option<&KeptPanel> {
        self.kept.iter().find(|kept| {
            kept.panel
                .case()
                .is_some_and(|case| case.case_id == *case_id)
        })
    }

    /// The recovery was forgotten: no panel goes on showing it.
    pub(super) fn forget_case(&mut self, case_id: &CaseId) {
        self.kept.retain(|kept| {
            kept.panel
                .case()
                .is_none_or(|case| case.case_id != *case_id)
        });
    }

    /// Every recovery was forgotten: only panels without one stay.
    pub(super) fn forget_cases(&mut self) {
        self.kept.retain(|kept| kept.panel.case().is_none());
    }

    /// The panels belonged to a service that is gone.
    pub(super) fn clear(&mut self) {
        self.kept.clear();
    }
}

impl App {
    /// The panel on screen, if a topic is shown.
    pub(super) fn visible_panel(&self) -> Option<&KeptPanel> {
        match self.screen {
            Screen::Topic(topic) => self.panels.of_topic(topic),
            _ => None,
        }
    }

    /// Shows `topic`'s panel as it was left; the first time, the recovery
    /// listed for it resumes (never a second case beside it), or a new one opens.
    pub(super) fn open_topic(&mut self, topic: TopicId) -> Task<Message> {
        self.support.keys_to_user();
        if self.panels.of_topic(topic).is_none() {
            if let Some(saved) = self.open_case_for(topic, None) {
                // The start view's card says "Waiting…" until the case is back.
                self.screen = Screen::Start;
                return self.on_start(start::Message::Resume(saved.case_id));
            }
            self.panels.keep(topic::Panel::new(topic));
        }
        self.screen = Screen::Topic(topic);
        Task::none()
    }

    /// The first listed recovery of the service in use (or of any, before
    /// it answered: the resume then waits for it).
    pub(super) fn first_open_case_here(&self) -> Option<CaseId> {
        let endpoint = self.connection.connected().map(Connection::service);
        self.recoveries
            .open_cases()
            .iter()
            .find(|c| endpoint.as_ref().is_none_or(|e| *e == c.endpoint))
            .map(|c| c.case_id.clone())
    }

    /// The newest recovery listed for `topic` on the service in use, for
    /// `identifier` if given (as typed, compared as the service would).
    pub(super) fn open_case_for(
        &self,
        topic: TopicId,
        identifier: Option<&str>,
    ) -> Option<crate::storage::SavedCase> {
        let endpoint = self.connection.connected()?.service();
        let same = |saved: &str| match identifier {
            None => true,
            Some(typed) => match (
                typed.parse::<crate::domain::Identifier>(),
                saved.parse::<crate::domain::Identifier>(),
            ) {
                (Ok(typed), Ok(saved)) => typed == saved,
                _ => typed.trim() == saved.trim(),
            },
        };
        self.recoveries
            .open_cases()
            .iter()
            .rev()
            .find(|c| c.topic == topic && c.endpoint == endpoint && same(&c.identifier))
            .cloned()
    }

    /// Sends `message` to the panel on screen.
    pub(super) fn on_visible_panel(&mut self, message: topic::Message) -> Task<Message> {
        match self.visible_panel().map(|kept| kept.id) {
            Some(id) => self.on_topic(id, message),
            None => Task::none(),
        }
    }

    /// Sends `message` to the panel with this id, shown or not; an answer
    /// for a panel that was replaced is dropped.
    pub(super) fn on_topic(&mut self, id: u64, message: topic::Message) -> Task<Message> {
        if matches!(message, topic::Message::Submit)
            && let Some(open) = self.open_case_beside(id)
        {
            if let Some(kept) = self.panels.get_mut(id) {
                kept.panel.offer_open_case(open);
            }
            return Task::none();
        }
        let Some(kept) = self.panels.get_mut(id) else {
            return Task::none();
        };
        let client = self.connection.connected().map(|c| &c.client);
        let was_waiting = kept.panel.waiting_case().is_some();
        let (task, event) = kept.panel.update(message, client, &self.picker);
        // The wait is over (a review decided, a security period ended): the
        // desktop says so, for a user who has gone to other windows.
        // (Not when the user cancelled it, nor when it expired.)
        let ended = (was_waiting && kept.panel.waiting_case().is_none())
            .then(|| kept.panel.case())
            .flatten()
            .filter(|case| {
                !matches!(
                    case.state,
                    crate::protocol::CaseState::Cancelled | crate::protocol::CaseState::Expired
                )
            })
            .map(|case| (kept.panel.topic, case.reference.clone()));
        let told = match ended {
            Some((topic, reference)) => notify::show(
                self.notifier.clone(),
                self.translator.tr("notify-wait-over-title"),
                self.translator.tr_args(
                    "notify-wait-over",
                    &[
                        (
                            "topic",
                            crate::i18n::Arg::Text(self.translator.topic_title(topic)),
                        ),
                        ("reference", crate::i18n::Arg::Text(reference)),
                    ],
                ),
            ),
            None => Task::none(),
        };
        let follow_up = event.map_or_else(Task::none, |event| self.on_topic_event(event));
        Task::batch([task.map(move |m| Message::Topic(id, m)), follow_up, told])
    }

    /// A recovery already listed for what panel `id` is about to open a
    /// recovery for (its topic and typed identifier).
    pub(super) fn open_case_beside(&self, id: u64) -> Option<topic::OpenCase> {
        let kept = self.panels.get(id)?;
        let typed = kept.panel.identifier_to_open()?;
        let saved = self.open_case_for(kept.panel.topic, Some(typed))?;
        Some(topic::OpenCase {
            case_id: saved.case_id,
            reference: saved.reference,
        })
    }

    /// Keeps `panel` in place of its topic's panel and shows it; the old one
    /// stops its request when dropped.
    pub(super) fn show(&mut self, panel: topic::Panel) {
        self.screen = Screen::Topic(panel.topic);
        self.panels.keep(panel);
    }

    /// The panels belonged to a service that is gone: back to the start view.
    pub(super) fn drop_panels(&mut self) {
        self.panels.clear();
        self.screen = Screen::Start;
    }

    pub(super) fn on_topic_event(&mut self, event: topic::Event) -> Task<Message> {
        let service = self.connection.connected().map(Connection::service);
        match event {
            topic::Event::SwitchTopic(topic) => self.open_topic(topic),
            topic::Event::Resume { case_id } => self.on_start(start::Message::Resume(case_id)),
            topic::Event::OpenLink(url) => open_link(url),
            topic::Event::Copy(text) => copy(text),
            topic::Event::Remind {
                topic,
                reference,
                at,
            } => self.ask_reminder_path(crate::reminder::Reminder {
                title: self.translator.tr_args(
                    "reminder-title",
                    &[(
                        "topic",
                        crate::i18n::Arg::Text(self.translator.topic_title(topic)),
                    )],
                ),
                description: self.translator.tr_args(
                    "reminder-description",
                    &[("reference", crate::i18n::Arg::Text(reference.clone()))],
                ),
                reference,
                at,
            }),
            topic::Event::ShowFile(path) => show_in_folder(path),
            // Panels are dropped with the service they used, so a panel's
            // event always comes while connected to it.
            other => match service {
                Some(service) => self
                    .recoveries
                    .record(other, &service)
                    .map(Message::Recoveries),
                None => Task::none(),
            },
        }
    }
}
