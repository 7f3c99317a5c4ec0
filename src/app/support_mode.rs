//! Support mode: whether it is on, where the digit keys and Enter go while
//! its panel is beside the user's screen, and what the app does for the panel.

use iced::Task;

use super::screen::{support, topic};
use super::{App, Message, Screen};
use crate::storage::Service;

/// Support mode: off, or on with its panel once the built-in mock runs.
pub(super) enum SupportMode {
    Off,
    /// On, without its panel yet: the app is still connecting, or uses
    /// another service than the built-in mock (the panel's place says so).
    Waiting,
    /// On, with its panel. `has_keys`: the panel was used last, so digit keys
    /// and Enter are for it, never for the user's screen beside it.
    Open {
        panel: Box<support::Support>,
        has_keys: bool,
    },
}

impl SupportMode {
    pub(super) fn is_on(&self) -> bool {
        !matches!(self, SupportMode::Off)
    }

    pub(super) fn panel(&self) -> Option<&support::Support> {
        match self {
            SupportMode::Open { panel, .. } => Some(panel.as_ref()),
            _ => None,
        }
    }

    pub(super) fn panel_mut(&mut self) -> Option<&mut support::Support> {
        match self {
            SupportMode::Open { panel, .. } => Some(panel.as_mut()),
            _ => None,
        }
    }

    pub(super) fn has_keys(&self) -> bool {
        matches!(self, SupportMode::Open { has_keys: true, .. })
    }

    /// Digit keys and Enter go to the support panel, if it is open.
    pub(super) fn keys_to_support(&mut self) {
        if let SupportMode::Open { has_keys, .. } = self {
            *has_keys = true;
        }
    }

    /// Digit keys and Enter go back to the user's screen.
    pub(super) fn keys_to_user(&mut self) {
        if let SupportMode::Open { has_keys, .. } = self {
            *has_keys = false;
        }
    }

    /// The panel belonged to the service being left: the mode stays on and
    /// waits for the next built-in mock.
    pub(super) fn close_panel(&mut self) {
        if self.is_on() {
            *self = SupportMode::Waiting;
        }
    }
}

impl App {
    /// Opens the support panel when the mode is on and the built-in mock runs.
    pub(super) fn open_support_if_wanted(&mut self) {
        if !matches!(self.support, SupportMode::Waiting) {
            return;
        }
        if let Some(mock) = self.connection.connected().and_then(|c| c.mock.as_ref()) {
            self.support = SupportMode::Open {
                panel: Box::new(support::Support::new(mock)),
                has_keys: false,
            };
        }
    }

    pub(super) fn toggle_support(&mut self) -> Task<Message> {
        self.support = if self.support.is_on() {
            SupportMode::Off
        } else {
            SupportMode::Waiting
        };
        self.settings.support_mode = self.support.is_on();
        self.open_support_if_wanted();
        self.save_settings()
    }

    pub(super) fn on_support(&mut self, message: support::Message) -> Task<Message> {
        let (Some(panel), Some(mock)) = (
            self.support.panel_mut(),
            self.connection.connected().and_then(|c| c.mock.clone()),
        ) else {
            return Task::none();
        };
        let (task, event) = panel.update(message, &mock, &self.picker);
        let task = task.map(Message::Support);
        let follow_up = match event {
            None => Task::none(),
            Some(support::Event::UseCode(code)) => {
                let code_field = self
                    .visible_panel()
                    .filter(|kept| kept.panel.expects_code())
                    .map(|kept| kept.id);
                match code_field {
                    // The code is on the user's screen now: Enter confirms it there.
                    Some(id) => {
                        self.support.keys_to_user();
                        self.on_topic(id, topic::Message::InputChanged(code))
                    }
                    None => {
                        if let Some(support) = self.support.panel_mut() {
                            support.set_status(support::Status::Refused("support-no-code-field"));
                        }
                        Task::none()
                    }
                }
            }
            // The old cases are gone: a panel showing one would only fail.
            Some(support::Event::MockRestarted) => self.forget_built_in_cases(),
            Some(support::Event::SaveBundle) => self.ask_bundle_path(),
            Some(support::Event::StartAgain(case_id)) => {
                let kept = self.panels.showing_case(&case_id);
                match kept.map(|kept| (kept.id, kept.panel.topic)) {
                    Some((id, topic)) => {
                        self.screen = Screen::Topic(topic);
                        self.on_topic(id, topic::Message::StartAgain)
                    }
                    None => Task::none(),
                }
            }
            Some(support::Event::Close) => self.toggle_support(),
        };
        Task::batch([task, follow_up])
    }

    /// After the built-in mock started over: its cases no longer exist, so the
    /// screens showing them close and the start view stops offering to resume them.
    pub(super) fn forget_built_in_cases(&mut self) -> Task<Message> {
        self.drop_panels();
        self.recoveries
            .forget_endpoint(&Service::BuiltInMock)
            .map(Message::Recoveries)
    }
}
