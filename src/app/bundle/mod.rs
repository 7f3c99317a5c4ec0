//! The diagnostics bundle support staff ask for: where it goes (the save
//! dialog, or a typed path where none opens), and writing it off the UI thread.

mod typed_path;

pub use typed_path::BUNDLE_PATH_INPUT;
pub(super) use typed_path::TypedPath;

use std::path::PathBuf;

use iced::Task;

use super::chrome::notice::Notice;
use super::{App, Connection, blocking, local_now};
use crate::storage::EndpointSetting;

#[derive(Debug, Clone)]
pub enum Message {
    /// The save dialog's answer: `None` if cancelled or if no dialog opened.
    PathChosen(Option<PathBuf>),
    PathTyped(String),
    SaveTyped,
    CancelTyped,
    Saved(Result<PathBuf, Notice>),
}

impl App {
    /// Asks where to save a diagnostics bundle.
    pub(super) fn ask_bundle_path(&self) -> Task<super::Message> {
        let picker = self.picker.clone();
        let name = crate::diagnostics::default_bundle_name(local_now());
        Task::perform(
            async move {
                picker
                    .save_path(&name, crate::diagnostics::BUNDLE_FILTER)
                    .await
            },
            |path| super::Message::Bundle(Message::PathChosen(path)),
        )
    }

    pub(super) fn on_bundle(&mut self, message: Message) -> Task<super::Message> {
        match message {
            // No dialog could open: the path is typed instead.
            Message::PathChosen(None) if !self.picker.dialogs_work() => {
                let name = crate::diagnostics::default_bundle_name(local_now());
                self.bundle_path = Some(TypedPath::offered(
                    &name,
                    self.picker.paths_typed_by_choice(),
                ));
                iced::widget::operation::focus(BUNDLE_PATH_INPUT)
            }
            Message::PathChosen(None) => Task::none(),
            Message::PathChosen(Some(path)) => {
                self.bundle_path = None;
                self.notice = Some(Notice::BundleSaving);
                self.save_bundle(path)
            }
            Message::PathTyped(text) => {
                if let Some(typed) = &mut self.bundle_path {
                    typed.text = text;
                    typed.problem = None;
                }
                Task::none()
            }
            Message::SaveTyped => {
                let name = crate::diagnostics::default_bundle_name(local_now());
                match self
                    .bundle_path
                    .as_mut()
                    .map(|typed| (typed.resolve(&name), typed))
                {
                    Some((Ok(path), _)) => {
                        self.bundle_path = None;
                        self.notice = Some(Notice::BundleSaving);
                        self.save_bundle(path)
                    }
                    Some((Err(problem), typed)) => {
                        typed.problem = Some(problem);
                        Task::none()
                    }
                    None => Task::none(),
                }
            }
            Message::CancelTyped => {
                self.bundle_path = None;
                Task::none()
            }
            Message::Saved(result) => {
                self.notice = Some(result.map_or_else(|e| e, Notice::BundleSaved));
                Task::none()
            }
        }
    }

    /// Writes the bundle off the UI thread: what the mock holds now, the
    /// settings, and the log folder.
    fn save_bundle(&self, path: PathBuf) -> Task<super::Message> {
        let settings = self.settings.clone();
        let contents = match self.connection.connected() {
            Some(Connection {
                mock: Some(mock), ..
            }) => crate::diagnostics::BundleContents::from_mock(mock.shared(), settings),
            Some(connection) => crate::diagnostics::BundleContents::for_endpoint(
                connection.client.endpoint().as_str(),
                settings,
            ),
            // Not connected yet: the service the settings name.
            None => match &settings.endpoint {
                EndpointSetting::Url(url) => {
                    crate::diagnostics::BundleContents::for_endpoint(&url.clone(), settings)
                }
                EndpointSetting::BuiltInMock => crate::diagnostics::BundleContents::for_endpoint(
                    crate::diagnostics::BUILT_IN_MOCK,
                    settings,
                ),
            },
        };
        let log_dir = self.paths.log_dir.clone();
        Task::perform(
            blocking(move || {
                crate::diagnostics::write_bundle(&path, &contents, &log_dir)
                    .map(|summary| summary.path)
                    .map_err(Notice::Bundle)
            }),
            |saved| super::Message::Bundle(Message::Saved(saved)),
        )
    }
}
