//! The window: the header, the topics beside the screen on show, and the
//! support panel when its mode is on.

use iced::widget::{
    button, column, container, pick_list, responsive, row, rule, scrollable, space, text,
};
use iced::{Element, Length, Theme};

use super::accessibility::annotate;
use super::chrome::notice::Notice;
use super::chrome::nowrap::one_line;
use super::chrome::theme::{self, ThemeChoice, header_style};
use super::{App, ConnectionState, Message, Screen, support, topic};
use crate::i18n::{Language, Translator};
use crate::protocol::TopicId;
use crate::storage::ThemePreference;

/// The user's screen needs at least this width beside the topics and the
/// support panel; with less, the topics become a list that opens in place,
/// and the support panel goes under the user's screen.
const MAIN_MIN_WIDTH: f32 = 520.0;
/// Beside the support panel the user's screen is a reproduction, looked at
/// by support staff, and may be narrower: but not a column, whose messages
/// wrap below the fold (at 1024 px the topics fold away to give it 580).
const MAIN_MIN_BESIDE_SUPPORT: f32 = 420.0;
/// The topics beside the user's screen (narrower beside the support panel).
const SIDEBAR_WIDTH: f32 = 300.0;
const SIDEBAR_BESIDE_SUPPORT: f32 = 230.0;
const SUPPORT_WIDTH: f32 = 440.0;
/// Below this window width the header's controls go onto a row of their own
/// under the title (the Russian labels are the longest).
const ONE_ROW_HEADER_FROM: f32 = 1000.0;

/// How the window's width is shared out.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Room {
    one_row_header: bool,
    support_beside: bool,
    /// The topics' column width, when they stand beside the user's screen.
    sidebar: Option<f32>,
}

impl Room {
    fn for_width(width: f32, support_on: bool) -> Room {
        let support_beside = support_on && width - SUPPORT_WIDTH - 1.0 >= MAIN_MIN_BESIDE_SUPPORT;
        let (users, sidebar, main_min) = if support_beside {
            (
                width - SUPPORT_WIDTH - 1.0,
                SIDEBAR_BESIDE_SUPPORT,
                MAIN_MIN_BESIDE_SUPPORT,
            )
        } else {
            (width, SIDEBAR_WIDTH, MAIN_MIN_WIDTH)
        };
        Room {
            one_row_header: width >= ONE_ROW_HEADER_FROM,
            support_beside,
            sidebar: (users - sidebar - 1.0 >= main_min).then_some(sidebar),
        }
    }
}

impl App {
    pub fn view(&self) -> Element<'_, Message> {
        // Laid out for the room the window has, at every size.
        let window = responsive(move |size| {
            let room = Room::for_width(size.width, self.support.is_on());
            column![self.header(room), rule::horizontal(1), self.body(room)].into()
        });
        super::keys::window(
            annotate::window(window, self.accessibility.steps_shown()),
            self.accessibility.key_forwarder(),
        )
    }

    /// The title (and the WMID in use), then the controls: beside them, or
    /// on a row of their own when the window is narrow.
    fn header(&self, room: Room) -> Element<'_, Message> {
        let tr = &self.translator;
        let on_blue = |theme: &Theme| text::Style {
            color: Some(theme::header_text(theme)),
        };
        let mut title = row![annotate::heading(
            one_line(text(tr.tr("app-title")).size(20).style(on_blue)),
            1
        )]
        .spacing(16)
        .align_y(iced::Alignment::Center);
        if let Some(wmid) = self.visible_panel().and_then(|kept| kept.panel.wmid()) {
            title = title.push(one_line(
                text(format!("WMID {wmid}")).size(15).style(on_blue),
            ));
        }
        let controls = self.header_controls();
        let header: Element<'_, Message> = if room.one_row_header {
            title.push(space::horizontal()).extend(controls).into()
        } else {
            column![
                title,
                row(controls)
                    .spacing(8)
                    .align_y(iced::Alignment::Center)
                    .wrap()
                    .vertical_spacing(8)
            ]
            .spacing(8)
            .into()
        };
        container(header)
            .padding([10, 16])
            .width(Length::Fill)
            .style(header_style)
            .into()
    }

    /// Settings, the language and the theme. Support mode is in Settings:
    /// Keeper owners never need it, support staff find it there.
    fn header_controls(&self) -> Vec<Element<'_, Message>> {
        let tr = &self.translator;
        let themes: Vec<ThemeChoice> = ThemePreference::ALL
            .iter()
            .map(|p| ThemeChoice::new(*p, tr))
            .collect();
        let current = ThemeChoice::new(self.settings.theme, tr);
        vec![
            annotate::button(
                button(text(tr.tr("settings-heading"))).style(theme::secondary),
                Some(Message::OpenSettings),
            )
            .into(),
            // A pick list's menu is an overlay a screen reader cannot see:
            // its options are read, and pressed, as a group of choices.
            annotate::choices(
                pick_list(Language::ALL, Some(tr.language()), Message::Language),
                tr.tr("settings-language"),
                Language::ALL
                    .iter()
                    .map(|l| (l.to_string(), *l == tr.language(), Message::Language(*l))),
            ),
            annotate::choices(
                pick_list(themes.clone(), Some(current), Message::Theme),
                tr.tr("settings-theme"),
                themes.into_iter().map(|choice| {
                    let selected = choice.preference == self.settings.theme;
                    (choice.to_string(), selected, Message::Theme(choice))
                }),
            ),
        ]
    }

    /// The topics and the user's screen, and the support panel when its mode is on.
    fn body(&self, room: Room) -> Element<'_, Message> {
        let tr = &self.translator;
        let on_start = matches!(self.screen, Screen::Start) && self.visible_panel().is_none();
        let selected = self.visible_panel().map(|kept| kept.panel.topic);
        let content: Element<'_, Message> = match (&self.screen, self.visible_panel()) {
            (_, Some(kept)) => {
                let id = kept.id;
                annotate::map(kept.panel.view(tr), move |m| Message::Topic(id, m))
            }
            (Screen::Settings(screen), _) => {
                annotate::map(screen.view(tr, self.support.is_on()), Message::Settings)
            }
            _ => annotate::map(
                self.start
                    .view(tr, self.recoveries.open_cases(), room.sidebar.is_none()),
                Message::Start,
            ),
        };
        // The same slots at every size, filled or empty, so the screen's
        // widgets keep their place in the tree (and with it the keyboard's
        // focus) when a notice comes or goes, or the window is resized.
        let status = match &self.connection {
            ConnectionState::Failed(error) => Some(Notice::Connect(error.clone()).view(tr)),
            ConnectionState::Connecting => {
                Some(annotate::status(text(tr.tr("progress-connecting"))))
            }
            ConnectionState::Connected(_) => None,
        };
        // A problem is never hidden behind news ("Copied"): the first
        // problem shows, else the first news.
        let notices = [
            self.notice.clone(),
            self.recoveries.notice(),
            self.start.notice(),
            self.recoveries.keyring_notice(),
        ];
        let notice = notices
            .iter()
            .flatten()
            .find(|notice| notice.is_problem())
            .or_else(|| notices.iter().flatten().next())
            .map(|notice| notice.view(tr));
        // A path being typed for a bundle comes first, with its notice under it.
        let notice = match (&self.bundle_path, notice) {
            (Some(typed), Some(notice)) => Some(
                column![annotate::map(typed.view(tr), Message::Bundle), notice]
                    .spacing(8)
                    .into(),
            ),
            (Some(typed), None) => Some(annotate::map(typed.view(tr), Message::Bundle)),
            (None, notice) => notice,
        };
        // Without a sidebar the start view lists the topics itself; other
        // screens have them behind a button.
        let topics = (room.sidebar.is_none() && !on_start).then(|| {
            let toggle = annotate::button(
                button(text(tr.tr("topics-show"))).style(theme::secondary),
                Some(Message::ToggleTopics),
            )
            .toggled(self.topics_open);
            let mut topics = column![toggle].spacing(8);
            if self.topics_open {
                topics = topics.push(topic_list(tr, selected, Message::OpenTopic));
            }
            topics.into()
        });
        let main = column![slot(status), slot(notice), slot(topics), content];
        let padding = if room.sidebar.is_some() { 20 } else { 12 };
        let users: Element<'_, Message> =
            container(scrollable(container(main).padding(padding).max_width(760)))
                .width(Length::Fill)
                .height(Length::Fill)
                .into();
        // The sidebar's place stays in the tree when it is not shown (see `slot`).
        let sidebar: Element<'_, Message> = match room.sidebar {
            Some(width) => {
                let mut topics = topic_list(tr, selected, Message::OpenTopic);
                // The start view's question is answered here: its focus lands
                // on the first topic, unless a recovery is open (then on its Continue).
                if on_start && self.recoveries.open_cases().is_empty() {
                    topics = annotate::landing(topics);
                }
                let sidebar = column![
                    annotate::button(
                        button(text(tr.tr("start-heading")).size(15)).style(theme::plain),
                        Some(Message::Home),
                    ),
                    topics,
                ]
                .spacing(8)
                .width(width);
                row![
                    // Half the margin inside the scrolled part: room for the
                    // focus ring, which the scrolled part clips.
                    container(scrollable(container(sidebar).padding(6))).padding(6),
                    rule::vertical(1),
                ]
                .into()
            }
            None => space().into(),
        };
        let users: Element<'_, Message> = row![sidebar, users].height(Length::Fill).into();
        // Support mode toggled on or off keeps the user's screen in its place.
        if !self.support.is_on() {
            return row![users].into();
        }
        if room.support_beside {
            row![
                users,
                rule::vertical(1),
                container(self.support_view(support::Placement::Beside))
                    .width(SUPPORT_WIDTH)
                    .height(Length::Fill),
            ]
            .height(Length::Fill)
            .into()
        } else {
            column![
                container(users).height(Length::FillPortion(3)),
                rule::horizontal(1),
                container(self.support_view(support::Placement::Under))
                    .width(Length::Fill)
                    .height(Length::FillPortion(2)),
            ]
            .into()
        }
    }

    /// The support panel, or why it cannot show yet.
    fn support_view(&self, placement: support::Placement) -> Element<'_, Message> {
        let tr = &self.translator;
        if let Some(support) = self.support.panel() {
            return annotate::map(support.view(tr, placement), Message::Support);
        }
        let on_mock = match &self.connection {
            ConnectionState::Connected(connection) => Some(connection.mock.is_some()),
            ConnectionState::Failed(_) => Some(false),
            ConnectionState::Connecting => None,
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
                    button(text(tr.tr("support-use-mock"))).style(theme::primary),
                    Some(Message::UseBuiltInMock),
                )),
        };
        container(col).padding(12).into()
    }
}

/// The nine topics, each with its digit; `selected` is the one on show.
pub(super) fn topic_list<'a, M: Clone + Send + 'static>(
    tr: &Translator,
    selected: Option<TopicId>,
    open: impl Fn(TopicId) -> M,
) -> Element<'a, M> {
    let topics = TopicId::ALL.iter().enumerate().map(|(i, topic)| {
        let style = if Some(*topic) == selected {
            theme::primary
        } else {
            theme::plain
        };
        annotate::button(
            button(topic::with_key(i + 1, tr.topic_title(*topic)))
                .width(Length::Fill)
                .style(style),
            Some(open(*topic)),
        )
        .name(tr.topic_title(*topic))
        .shortcut(i + 1)
        .selected(Some(*topic) == selected)
        .into()
    });
    annotate::list(column(topics).spacing(2), tr.tr("start-choose-topic"))
}

/// A part of the screen that may be empty: as tall as nothing then, and
/// followed by the screen's spacing when it shows.
fn slot<'a>(content: Option<Element<'a, Message>>) -> Element<'a, Message> {
    match content {
        Some(content) => container(content)
            .padding(iced::Padding {
                bottom: 12.0,
                ..iced::Padding::ZERO
            })
            .into(),
        None => space().into(),
    }
}

/// A link's button, its address in plain sight, and Copy: where no browser
/// opens, the address still reaches the user.
pub(super) fn link_row<'a, M: Clone + Send + 'static>(
    tr: &Translator,
    label: String,
    url: &'a str,
    open: M,
    copy: M,
) -> Element<'a, M> {
    let copy_name = format!("{}: {url}", tr.tr("button-copy-address"));
    row![
        annotate::button(button(text(label)).style(theme::secondary), Some(open)),
        text(url).size(13),
        annotate::button(
            button(text(tr.tr("button-copy-address")).size(13)).style(theme::plain),
            Some(copy),
        )
        .name(copy_name),
    ]
    .spacing(8)
    .align_y(iced::Alignment::Center)
    .wrap()
    .into()
}
