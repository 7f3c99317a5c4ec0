//! The window: the header, the topics beside the screen on show, and the
//! support panel when its mode is on.

use iced::widget::{button, column, container, pick_list, row, rule, scrollable, text};
use iced::{Element, Length, Theme};

use super::accessibility::annotate;
use super::notice::Notice;
use super::theme::{self, ThemeChoice, header_style};
use super::{App, Message, Screen, topic};
use crate::i18n::Language;
use crate::protocol::TopicId;
use crate::storage::ThemePreference;

impl App {
    pub fn view(&self) -> Element<'_, Message> {
        let tr = &self.translator;
        let on_blue = |theme: &Theme| text::Style {
            color: Some(theme::header_text(theme)),
        };
        let wmid = self
            .visible_panel()
            .and_then(|kept| kept.panel.wmid())
            .map(|w| text(format!("WMID {w}")).size(15).style(on_blue));
        let mut header = row![annotate::heading(
            text(tr.tr("app-title"))
                .size(20)
                .width(Length::Fill)
                .style(on_blue),
            1
        )]
        .spacing(16)
        .align_y(iced::Alignment::Center);
        if let Some(wmid) = wmid {
            header = header.push(wmid);
        }
        let themes: Vec<ThemeChoice> = ThemePreference::ALL
            .iter()
            .map(|p| ThemeChoice::new(*p, tr))
            .collect();
        let current = ThemeChoice::new(self.settings.theme, tr);
        let support_on = self.support_on;
        header = header
            .push(
                annotate::button(
                    button(text(tr.tr("settings-support-mode"))).style(move |theme, status| {
                        if support_on {
                            theme::header_toggle_on(theme, status)
                        } else {
                            button::secondary(theme, status)
                        }
                    }),
                    Some(Message::ToggleSupport),
                )
                .toggled(support_on),
            )
            .push(annotate::button(
                button(text(tr.tr("settings-heading"))).style(button::secondary),
                Some(Message::OpenSettings),
            ))
            // A pick list's menu is an overlay a screen reader cannot see:
            // its options are read, and pressed, as a group of choices.
            .push(annotate::choices(
                pick_list(Language::ALL, Some(tr.language()), Message::Language),
                tr.tr("settings-language"),
                Language::ALL
                    .iter()
                    .map(|l| (l.to_string(), *l == tr.language(), Message::Language(*l))),
            ))
            .push(annotate::choices(
                pick_list(themes.clone(), Some(current), Message::Theme),
                tr.tr("settings-theme"),
                themes.into_iter().map(|choice| {
                    let selected = choice.preference == self.settings.theme;
                    (choice.to_string(), selected, Message::Theme(choice))
                }),
            ));

        let selected = self.visible_panel().map(|kept| kept.panel.topic);
        let topics = TopicId::ALL.iter().enumerate().map(|(i, topic)| {
            let style = if Some(*topic) == selected {
                button::primary
            } else {
                button::text
            };
            annotate::button(
                button(topic::with_key(i + 1, tr.topic_title(*topic)))
                    .width(Length::Fill)
                    .style(style),
                Some(Message::OpenTopic(*topic)),
            )
            .name(tr.topic_title(*topic))
            .shortcut(i + 1)
            .selected(Some(*topic) == selected)
            .into()
        });
        let mut topics = annotate::list(column(topics).spacing(2), tr.tr("start-choose-topic"));
        // The start view's question is answered here: its focus lands on the
        // first topic, unless a recovery is open (then on its Continue).
        if matches!(self.screen, Screen::Start) && self.recoveries.open_cases().is_empty() {
            topics = annotate::landing(topics);
        }
        let sidebar = column![
            annotate::button(
                button(text(tr.tr("start-heading")).size(15)).style(button::text),
                Some(Message::Home),
            ),
            topics,
        ]
        .spacing(8)
        // Narrower beside the support panel, so the user's screen keeps its room.
        .width(if self.support_on { 230 } else { 300 });

        let content: Element<'_, Message> = match (&self.screen, self.visible_panel()) {
            (_, Some(kept)) => {
                let id = kept.id;
                annotate::map(kept.panel.view(tr), move |m| Message::Topic(id, m))
            }
            (Screen::Settings(screen), _) => annotate::map(screen.view(tr), Message::Settings),
            _ => annotate::map(
                self.start
                    .view(tr, self.connection.is_some(), self.recoveries.open_cases()),
                Message::Start,
            ),
        };
        let mut main = column![].spacing(12);
        if let Some(error) = &self.connection_error {
            main = main.push(Notice::Connect(error.clone()).view(tr));
        } else if self.connection.is_none() {
            main = main.push(annotate::status(text(tr.tr("progress-connecting"))));
        }
        let notice = self.notice.clone();
        if let Some(notice) = notice
            .or_else(|| self.recoveries.notice())
            .or_else(|| self.start.notice())
            .or_else(|| self.recoveries.keyring_notice())
        {
            main = main.push(notice.view(tr));
        }
        main = main.push(content);

        let mut body = row![
            // Half the margin inside the scrolled part: room for the focus
            // ring, which the scrolled part clips.
            container(scrollable(container(sidebar).padding(6))).padding(6),
            rule::vertical(1),
            container(scrollable(container(main).padding(20).max_width(760))).width(Length::Fill),
        ]
        .height(Length::Fill);
        if self.support_on {
            body = body.push(rule::vertical(1)).push(
                container(self.support_view())
                    .width(440)
                    .height(Length::Fill),
            );
        }
        let window = column![
            container(header)
                .padding([10, 16])
                .width(Length::Fill)
                .style(header_style),
            rule::horizontal(1),
            body,
        ];
        super::keys::window(
            annotate::window(window, self.accessibility.steps_shown()),
            self.accessibility.key_forwarder(),
        )
    }

    /// The support panel, or why it cannot show yet.
    fn support_view(&self) -> Element<'_, Message> {
        let tr = &self.translator;
        if let Some(support) = &self.support {
            return annotate::map(support.view(tr), Message::Support);
        }
        let on_mock = match (&self.connection, &self.connection_error) {
            (Some(connection), _) => Some(connection.mock.is_some()),
            (None, Some(_)) => Some(false),
            (None, None) => None,
        };
        let mut col = column![
            text(tr.tr("support-heading")).size(18),
            text(tr.tr("settings-support-mode-hint")).size(13),
        ]
        .spacing(10);
        col = match on_mock {
            None => col.push(text(tr.tr("progress-connecting"))),
            Some(_) => col
                .push(text(tr.tr("support-needs-mock")))
                .push(annotate::button(
                    button(text(tr.tr("support-use-mock"))).style(button::primary),
                    Some(Message::UseBuiltInMock),
                )),
        };
        container(col).padding(12).into()
    }
}
