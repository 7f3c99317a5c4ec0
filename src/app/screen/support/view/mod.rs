//! How the support panel looks: tabs over the mock's scenario, outbox,
//! faults, exchanges and cases. This file holds the panel's frame (tabs,
//! clock, status line, bundle buttons) and what the tabs share; each tab is
//! in a file of its own.

mod cases;
mod exchanges;
mod faults;
mod outbox;
mod scenario;

use iced::widget::{button, column, container, row, rule, scrollable, text};
use iced::{Alignment, Element, Length};
use time::OffsetDateTime;

use super::{Message, Status, Support, Tab};
use crate::app::chrome::theme;
use crate::i18n::{Arg, Translator};
use crate::mock::exchanges::Exchange;
use crate::mock::outbox::OutboxMessage;

const SMALL: f32 = 13.0;

/// Ids of the fault form's inputs, for keyboard focus and tests.
pub const FAULT_VALUE: &str = "support-fault-value";
pub const FAULT_COUNT: &str = "support-fault-count";

/// Steps the clock buttons move the mock's time by: how they read, and seconds.
const CLOCK_STEPS: [(&str, u64); 4] = [
    ("support-clock-minute", 60),
    ("support-clock-ten-minutes", 10 * 60),
    ("support-clock-hour", 3600),
    ("support-clock-day", 24 * 3600),
];

/// Where the panel is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Beside the user's screen, the window's whole height: the tab's body
    /// scrolls between the fixed frame above and below it.
    Beside,
    /// Under the user's screen, in a short band: the whole panel scrolls, so
    /// that nothing in it is squeezed out of reach.
    Under,
}

impl Support {
    pub fn view<'a>(&'a self, tr: &'a Translator, placement: Placement) -> Element<'a, Message> {
        // Five equal tabs on one row, the count on a line of its own (kept
        // when empty): counts appearing never move or wrap the tabs.
        let tabs = row(Tab::ALL.iter().map(|tab| {
            let (label, count) = match tab {
                Tab::Scenario => (tr.tr("support-tab-scenario"), 0),
                Tab::Outbox => (
                    tr.tr("support-tab-outbox"),
                    self.outbox.len() + self.user_outbox().len(),
                ),
                Tab::Faults => (tr.tr("support-tab-faults"), self.faults.len()),
                Tab::Exchanges => (
                    tr.tr("support-tab-exchanges"),
                    self.exchanges_marker.1 + self.user_exchanges().len(),
                ),
                // A lock in force counts: it may come with no case at all.
                Tab::Cases => (
                    tr.tr("support-tab-cases"),
                    self.cases.len() + self.locks.len(),
                ),
            };
            let style = if *tab == self.tab {
                theme::primary
            } else {
                theme::plain
            };
            let count = if count == 0 {
                " ".to_owned()
            } else {
                count.to_string()
            };
            crate::app::accessibility::annotate::button(
                button(
                    column![
                        text(label).size(SMALL).wrapping(text::Wrapping::None),
                        text(count).size(11).wrapping(text::Wrapping::None),
                    ]
                    .align_x(Alignment::Center)
                    .width(Length::Fill),
                )
                .padding([2, 2])
                .width(Length::Fill)
                .style(style),
                Some(Message::Tab(*tab)),
            )
            .selected(self.tab == *tab)
            .into()
        }))
        .spacing(2);

        let body = match self.tab {
            Tab::Scenario => self.scenario_tab(tr),
            Tab::Outbox => self.outbox_tab(tr),
            Tab::Faults => self.faults_tab(tr),
            Tab::Exchanges => self.exchanges_tab(tr),
            Tab::Cases => self.cases_tab(tr),
        };

        let panel = column![
            row![
                text(tr.tr("support-heading")).size(18).width(Length::Fill),
                small_button(tr.tr("support-close"), theme::plain, Message::Close),
            ]
            .align_y(Alignment::Center),
            tabs,
            self.clock(tr),
        ]
        .spacing(8);
        // The status line sits under the tab's body, kept when empty: a long
        // line or an error over two lines never moves what is under the pointer.
        let line = match &self.status {
            Some(Status::Done(id, arg)) => {
                text(tr.tr_args(id, &[("name", Arg::from(arg.as_str()))]))
            }
            Some(Status::Refused(id)) => text(tr.tr(id)).style(theme::error_text),
            Some(Status::Failed(notice)) => {
                let words = notice.words(tr);
                let line = match words.detail {
                    Some(detail) => format!("{} ({detail})", words.sentence),
                    None => words.sentence,
                };
                text(line).style(theme::error_text)
            }
            None => text(" "),
        };
        let body = container(body).padding([0, 12]);
        let body: Element<'a, Message> = match placement {
            Placement::Beside => scrollable(body).height(Length::Fill).into(),
            Placement::Under => body.into(),
        };
        let panel = panel
            .push(rule::horizontal(1))
            .push(body)
            .push(rule::horizontal(1))
            .push(line.size(SMALL))
            .push(
                row![
                    small_button(
                        tr.tr("support-save-bundle"),
                        theme::secondary,
                        Message::SaveBundle
                    ),
                    small_button(
                        tr.tr("support-open-bundle"),
                        theme::secondary,
                        Message::OpenBundle
                    ),
                ]
                .spacing(6)
                .wrap(),
            )
            .padding(12);
        match placement {
            Placement::Beside => panel.into(),
            Placement::Under => scrollable(panel).height(Length::Fill).into(),
        }
    }

    /// The mock's clock, how far ahead of real time it runs, and the buttons
    /// that move it on (codes expire, cooldowns, locks and waits end).
    fn clock<'a>(&self, tr: &Translator) -> Element<'a, Message> {
        let real_now = crate::app::local_now();
        let now = self.mock_now.to_offset(real_now.offset());
        let ahead = now - real_now;
        let label = tr.tr_args(
            "support-clock",
            &[("time", Arg::from(tr.time(now, real_now)))],
        );
        // How far ahead, on a line of its own that is kept when empty: the clock
        // running ahead never wraps the line or moves the buttons.
        let ahead = if ahead.whole_seconds() >= 30 {
            tr.tr_args(
                "support-clock-ahead",
                &[("ahead", Arg::from(tr.exact_duration(ahead)))],
            )
        } else {
            " ".to_owned()
        };
        let buttons = CLOCK_STEPS
            .iter()
            .map(|(id, secs)| small_button(tr.tr(id), theme::secondary, Message::Advance(*secs)));
        column![
            text(label).size(SMALL).wrapping(text::Wrapping::None),
            text(ahead).size(SMALL).wrapping(text::Wrapping::None),
            row(buttons).spacing(4)
        ]
        .spacing(2)
        .into()
    }

    /// The user's own records in a replayed bundle (none otherwise).
    fn user_outbox(&self) -> &[OutboxMessage] {
        self.bundle
            .as_deref()
            .map_or(&[], |b| b.user_outbox.as_slice())
    }

    fn user_exchanges(&self) -> &[Exchange] {
        self.bundle
            .as_deref()
            .map_or(&[], |b| b.user_exchanges.as_slice())
    }

    /// Mock time as the clock on the wall shows it.
    fn at(&self, at: OffsetDateTime, tr: &Translator) -> String {
        let real_now = crate::app::local_now();
        tr.time(at, self.mock_now.to_offset(real_now.offset()))
    }

    /// Seconds to move the mock's clock so that `at` has just passed.
    fn seconds_until(&self, at: OffsetDateTime) -> u64 {
        u64::try_from((at - self.mock_now).whole_seconds().max(0)).unwrap_or(0) + 1
    }
}

/// A count for a message's plural forms.
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The panel's buttons: small text, a style, one message; Tab reaches them.
fn small_button<'a>(
    label: String,
    style: fn(&iced::Theme, button::Status) -> button::Style,
    on_press: Message,
) -> Element<'a, Message> {
    small_button_padded(label, style, on_press, button::DEFAULT_PADDING)
}

fn small_button_padded<'a>(
    label: String,
    style: fn(&iced::Theme, button::Status) -> button::Style,
    on_press: Message,
    padding: impl Into<iced::Padding>,
) -> Element<'a, Message> {
    crate::app::accessibility::annotate::button(
        button(text(label).size(SMALL))
            .style(style)
            .padding(padding),
        Some(on_press),
    )
    .into()
}

/// "From the user's bundle: 4 requests (newest first)".
fn users_heading<'a>(tr: &Translator, id: &str, n: usize) -> Element<'a, Message> {
    container(text(tr.tr_args(id, &[("count", Arg::Number(count(n)))])).size(15))
        .padding([6, 0])
        .into()
}
