//! The settings screen: which recovery service to use. Language and theme are
//! switched in the header; all three are kept in `settings.toml`.

use iced::widget::{button, column, row, text};

use crate::app::accessibility::annotate;
use iced::{Element, Task};

use crate::app::chrome::theme;
use crate::client::{ClientError, parse_endpoint};
use crate::i18n::Translator;
use crate::storage::EndpointSetting;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    BuiltIn,
    Url,
}

#[derive(Debug, Clone)]
pub enum Message {
    Choose(Choice),
    UrlChanged(String),
    Save,
    SaveBundle,
    OpenLogFolder,
    ToggleSupport,
}

/// What the app should do for the screen.
pub enum Event {
    Apply(EndpointSetting),
    /// Turn support mode on or off (remembered).
    ToggleSupport,
    /// Save a diagnostics bundle to send to support.
    SaveBundle,
    OpenLogFolder,
}

pub struct Screen {
    choice: Choice,
    url: String,
    error: Option<ClientError>,
}

impl Screen {
    pub fn new(current: &EndpointSetting) -> Self {
        match current {
            EndpointSetting::BuiltInMock => Screen {
                choice: Choice::BuiltIn,
                url: String::new(),
                error: None,
            },
            EndpointSetting::Url(url) => Screen {
                choice: Choice::Url,
                url: url.clone(),
                error: None,
            },
        }
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Choose(choice) => self.choice = choice,
            Message::UrlChanged(url) => {
                self.url = url;
                self.error = None;
            }
            Message::Save => {
                let setting = match self.choice {
                    Choice::BuiltIn => EndpointSetting::BuiltInMock,
                    Choice::Url => match parse_endpoint(&self.url) {
                        Ok(_) => EndpointSetting::Url(self.url.trim().to_owned()),
                        Err(e) => {
                            self.error = Some(e);
                            return (Task::none(), None);
                        }
                    },
                };
                return (Task::none(), Some(Event::Apply(setting)));
            }
            Message::SaveBundle => return (Task::none(), Some(Event::SaveBundle)),
            Message::OpenLogFolder => return (Task::none(), Some(Event::OpenLogFolder)),
            Message::ToggleSupport => return (Task::none(), Some(Event::ToggleSupport)),
        }
        (Task::none(), None)
    }

    /// One of the two choices; the chosen one is highlighted.
    fn option<'a>(&self, label: String, choice: Choice) -> Element<'a, Message> {
        let style = if self.choice == choice {
            theme::primary
        } else {
            theme::secondary
        };
        annotate::button(
            button(text(label)).style(style),
            Some(Message::Choose(choice)),
        )
        .toggled(self.choice == choice)
        .into()
    }

    /// `support_on`: the support panel is open (its toggle shows it).
    pub fn view<'a>(&'a self, tr: &'a Translator, support_on: bool) -> Element<'a, Message> {
        // Said when Settings opens, with the focus on the first choice.
        let mut col = column![annotate::step(
            column![
                annotate::heading(text(tr.tr("settings-heading")).size(26), 1),
                annotate::heading(text(tr.tr("settings-endpoint")).size(18), 2),
                row![
                    self.option(tr.tr("endpoint-builtin"), Choice::BuiltIn),
                    self.option(tr.tr("endpoint-url"), Choice::Url)
                ]
                .spacing(8),
            ]
            .spacing(10),
            None,
        )]
        .spacing(10);
        if self.choice == Choice::Url {
            col = col
                .push(
                    annotate::Field {
                        label: tr.tr("endpoint-url"),
                        // The "service address" choice above names it on screen.
                        label_shown: false,
                        example: tr.tr("endpoint-url-placeholder"),
                        value: &self.url,
                        secure: false,
                        id: crate::app::screen::topic::FIRST_INPUT,
                        on_submit: Some(Message::Save),
                    }
                    .view(Message::UrlChanged),
                )
                .push(text(tr.tr("endpoint-url-hint")).size(13));
        }
        if let Some(error) = &self.error {
            col = col.push(annotate::field_error(
                text(tr.client_error(error)).style(theme::error_text),
                crate::app::screen::topic::FIRST_INPUT,
            ));
        }
        col.push(annotate::button(
            button(text(tr.tr("button-save"))).style(theme::primary),
            Some(Message::Save),
        ))
        .push(annotate::heading(
            text(tr.tr("settings-diagnostics")).size(18),
            2,
        ))
        .push(text(tr.tr("settings-bundle-hint")).size(13))
        .push(
            row![
                annotate::button(
                    button(text(tr.tr("settings-save-bundle"))).style(theme::secondary),
                    Some(Message::SaveBundle)
                ),
                annotate::button(
                    button(text(tr.tr("settings-open-logs"))).style(theme::secondary),
                    Some(Message::OpenLogFolder)
                ),
            ]
            .spacing(8),
        )
        .push(annotate::heading(
            text(tr.tr("settings-for-support-staff")).size(18),
            2,
        ))
        .push(text(tr.tr("settings-support-mode-hint")).size(13))
        .push(
            annotate::button(
                // On, it looks chosen, as the service chosen above does.
                button(text(tr.tr("settings-support-mode"))).style(if support_on {
                    theme::primary
                } else {
                    theme::secondary
                }),
                Some(Message::ToggleSupport),
            )
            .toggled(support_on),
        )
        .into()
    }
}
