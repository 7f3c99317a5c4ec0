//! The exchanges tab: every request and answer the mock saw, opened one at a
//! time, and the user's own from a replayed bundle.

use iced::widget::{Column, button, column, container, row, text};
use iced::{Alignment, Element, Length};

use super::{SMALL, small_button, users_heading};
use crate::app::chrome::theme;
use crate::app::screen::support::{Message, Support};
use crate::i18n::{Arg, Translator};
use crate::mock::exchanges::Exchange;

/// Marks the user's exchanges apart from the replay's in `expanded`.
const USER_KEY: u64 = 1 << 62;

impl Support {
    pub(super) fn exchanges_tab<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
        let users = self.user_exchanges();
        let mut col = column![].spacing(4);
        // A replayed bundle: two lists, each under its heading, the user's
        // numbered as theirs, so "#1" is never two requests.
        if !users.is_empty() {
            col = col.push(users_heading(
                tr,
                "support-replay-exchanges",
                self.exchanges.len(),
            ));
        }
        col = col.push(self.replay_exchanges(tr));
        if !users.is_empty() {
            col = col.push(users_heading(tr, "support-users-exchanges", users.len()));
            for exchange in users.iter().rev() {
                let number = tr.tr_args(
                    "support-users-number",
                    &[("n", Arg::from(exchange.id.to_string()))],
                );
                col = col.push(self.exchange_entry(exchange, USER_KEY | exchange.id, number, tr));
            }
        }
        col.into()
    }

    fn replay_exchanges<'a>(&'a self, tr: &'a Translator) -> Column<'a, Message> {
        if self.exchanges.is_empty() {
            return column![text(tr.tr("support-exchanges-empty")).size(SMALL)].spacing(4);
        }
        let total = self.exchanges_marker.1;
        let mut col = column![
            row![
                text(tr.tr_args(
                    "support-exchanges-shown",
                    &[
                        ("shown", Arg::from(self.exchanges.len().to_string())),
                        ("total", Arg::from(total.to_string())),
                    ],
                ))
                .size(SMALL)
                .width(Length::Fill),
                small_button(
                    tr.tr("support-exchanges-clear"),
                    theme::secondary,
                    Message::ClearExchanges
                ),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(4);
        for exchange in &self.exchanges {
            let number = format!("#{}", exchange.id);
            col = col.push(self.exchange_entry(exchange, exchange.id, number, tr));
        }
        col
    }

    /// `key` tells the entries apart when the user's and the replay's ids meet.
    fn exchange_entry<'a>(
        &self,
        exchange: &'a Exchange,
        key: u64,
        number: String,
        tr: &Translator,
    ) -> Element<'a, Message> {
        let status = match exchange.status {
            0 => "-".to_owned(),
            status => status.to_string(),
        };
        let mut line = format!(
            "{number} {} · {} {} → {status} · {:.1} ms",
            self.at(exchange.at, tr),
            exchange.method,
            exchange.path,
            exchange.duration_ms
        );
        if let Some(fault) = &exchange.fault {
            line.push_str(&format!(" · ⚡ {}", tr.recorded_fault(fault)));
        }
        if exchange.replayed {
            line.push_str(" · ");
            line.push_str(&tr.tr("support-replayed"));
        }
        let failed = exchange.status == 0 || exchange.status >= 400;
        let summary: Element<'a, Message> = crate::app::accessibility::annotate::button(
            button(text(line).size(SMALL).style(move |theme| {
                if failed {
                    theme::error_text(theme)
                } else {
                    text::Style::default()
                }
            }))
            .style(theme::plain)
            .width(Length::Fill),
            Some(Message::ToggleExchange(key)),
        )
        .toggled(self.expanded == Some(key))
        .into();
        if self.expanded != Some(key) {
            return summary;
        }
        let body = |label: String, value: &Option<serde_json::Value>| -> Element<'a, Message> {
            let shown = value
                .as_ref()
                .map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
                .unwrap_or_else(|| "-".to_owned());
            column![
                text(label).size(SMALL),
                text(shown).size(12).font(iced::Font::MONOSPACE)
            ]
            .spacing(2)
            .into()
        };
        column![
            summary,
            container(
                column![
                    body(tr.tr("support-request"), &exchange.request),
                    body(tr.tr("support-response"), &exchange.response),
                ]
                .spacing(6)
            )
            .padding(6)
            .width(Length::Fill)
            .style(theme::card),
        ]
        .into()
    }
}
