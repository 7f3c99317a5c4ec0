//! The outbox tab: what the mock "sent" (codes to use or copy, messages
//! withheld and why), and the user's own from a replayed bundle.

use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};

use super::{SMALL, small_button, users_heading};
use crate::app::chrome::theme;
use crate::app::screen::support::{Message, Support};
use crate::app::screen::topic::Typed;
use crate::i18n::{Arg, Translator};
use crate::mock::outbox::OutboxMessage;

impl Support {
    pub(super) fn outbox_tab<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
        let users = self.user_outbox();
        let mut col = column![].spacing(10);
        // A replayed bundle: two lists, each under its heading.
        if !users.is_empty() {
            col = col.push(users_heading(
                tr,
                "support-replay-outbox",
                self.outbox.len(),
            ));
        }
        col = col.push(
            if self.outbox.is_empty() {
                column![text(tr.tr("support-outbox-empty")).size(SMALL)]
            } else {
                column(self.outbox.iter().map(|m| self.outbox_entry(m, tr)))
            }
            .spacing(10),
        );
        // What the user's service sent, marked as theirs.
        if !users.is_empty() {
            col = col.push(users_heading(tr, "support-users-outbox", users.len()));
            col = col.extend(users.iter().rev().map(|m| self.outbox_entry(m, tr)));
        }
        col.into()
    }

    fn outbox_entry<'a>(
        &self,
        message: &'a OutboxMessage,
        tr: &Translator,
    ) -> Element<'a, Message> {
        let when = self.at(message.at, tr);
        let heading = tr.tr_args(
            "support-sent-to",
            &[
                ("channel", Arg::from(tr.channel(message.channel))),
                ("to", Arg::from(message.to.as_str())),
            ],
        );
        let mut entry = column![text(format!("{when} · {heading}")).size(SMALL)].spacing(4);
        if let Some(reason) = &message.withheld {
            // In words, with the time as the rest of the panel shows times; a
            // reason from an older bundle is shown as it was written.
            let mut words = match message.withheld_code.as_deref() {
                Some(code @ ("resend_cooldown" | "rate_limited" | "locked" | "no_account")) => {
                    tr.tr(&format!("support-withheld-{}", code.replace('_', "-")))
                }
                _ => tr.tr_args(
                    "support-not-sent",
                    &[("reason", Arg::from(reason.as_str()))],
                ),
            };
            if let (Some(_), Some(at)) = (&message.withheld_code, message.possible_at) {
                words.push(' ');
                words.push_str(&tr.tr_args(
                    "support-possible-again",
                    &[("time", Arg::from(self.at(at, tr)))],
                ));
            }
            entry = entry.push(text(words).size(SMALL).style(theme::error_text));
        } else {
            entry = entry.push(text(message.text.as_str()).size(SMALL));
        }
        if let Some(code) = &message.code {
            entry = entry.push(
                row![
                    text(code.as_str()).size(18),
                    small_button(
                        tr.tr("support-use-code"),
                        theme::primary,
                        Message::UseCode(Typed(code.clone()))
                    ),
                    small_button(
                        tr.tr("support-copy"),
                        theme::secondary,
                        Message::CopyCode(Typed(code.clone()))
                    ),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        container(entry)
            .padding(6)
            .width(Length::Fill)
            .style(theme::card)
            .into()
    }
}
