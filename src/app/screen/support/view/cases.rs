//! The cases tab: locks and cases as the mock holds them, with buttons that
//! move its clock past a timer or decide a review.

use iced::widget::{column, container, row, text};
use iced::{Element, Length};

use super::{SMALL, small_button};
use crate::app::chrome::theme;
use crate::app::screen::support::{Message, Support};
use crate::i18n::{Arg, Translator};
use crate::mock::engine::CaseInspection;
use crate::mock::scenario::ReviewDecision;
use crate::protocol::CaseState;

impl Support {
    pub(super) fn cases_tab<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
        let mut col = column![].spacing(10);
        // Locks first: "it says I'm locked" may come with no case at all.
        for lock in &self.locks {
            col = col.push(
                container(
                    column![
                        text(tr.tr_args(
                            "support-lock",
                            &[
                                ("holder", Arg::from(holder_words(&lock.holder, tr))),
                                ("time", Arg::from(self.at(lock.until, tr))),
                                ("failed", Arg::from(lock.failed_attempts)),
                            ],
                        ))
                        .size(SMALL),
                        small_button(
                            tr.tr("support-lift-lock"),
                            theme::secondary,
                            Message::Advance(self.seconds_until(lock.until))
                        ),
                    ]
                    .spacing(4),
                )
                .padding(6)
                .width(Length::Fill)
                .style(theme::card),
            );
        }
        if self.cases.is_empty() {
            return col
                .push(text(tr.tr("support-cases-empty")).size(SMALL))
                .into();
        }
        col.extend(self.cases.iter().map(|c| self.case_entry(c, tr)))
            .into()
    }

    fn case_entry<'a>(
        &self,
        inspection: &'a CaseInspection,
        tr: &Translator,
    ) -> Element<'a, Message> {
        let case = &inspection.case;
        let mut col = column![
            text(format!(
                "{} · {} · {}",
                case.reference,
                tr.topic_title(case.topic),
                tr.case_state(case.state)
            ))
            .size(15),
            text(tr.tr_args(
                "support-case-identifier",
                &[
                    ("identifier", Arg::from(inspection.identifier.as_str())),
                    (
                        "subject",
                        Arg::from(tr.tr(&format!(
                            "support-subject-{}",
                            inspection.subject.replace('_', "-")
                        )))
                    ),
                ],
            ))
            .size(SMALL),
            text(tr.tr_args(
                "support-case-counters",
                &[
                    ("failed", Arg::from(inspection.failed_attempts)),
                    ("left", Arg::from(case.attempts_left)),
                    ("sends", Arg::from(case.sends_left)),
                ],
            ))
            .size(SMALL),
        ]
        .spacing(3);
        let timers = [
            ("support-case-code-expires", inspection.code_expires_at),
            ("support-case-resend-at", case.resend_at),
            ("support-case-locked", case.locked_until),
            ("support-case-ready", case.ready_at),
            ("support-case-expires", Some(case.expires_at)),
        ];
        for (id, at) in timers {
            if let Some(at) = at.filter(|at| *at > self.mock_now || id == "support-case-expires") {
                col = col.push(
                    text(tr.tr_args(id, &[("time", Arg::from(self.at(at, tr)))])).size(SMALL),
                );
            }
        }
        // Buttons that move the clock just past a timer: the code expires, the wait ends.
        let mut actions = row![].spacing(6);
        if let Some(at) = inspection
            .code_expires_at
            .filter(|at| *at > self.mock_now && !case.state.is_final())
        {
            actions = actions.push(small_button(
                tr.tr("support-expire-code"),
                theme::secondary,
                Message::Advance(self.seconds_until(at)),
            ));
        }
        if case.state == CaseState::Waiting
            && let Some(at) = case.ready_at
        {
            actions = actions.push(small_button(
                tr.tr("support-end-wait"),
                theme::primary,
                Message::Advance(self.seconds_until(at)),
            ));
        }
        // "A second code for the user": their recovery again, in one click.
        if !case.state.is_final() {
            actions = actions.push(small_button(
                tr.tr("support-start-again"),
                theme::secondary,
                Message::StartAgain(case.case_id.clone()),
            ));
        }
        if case.state == CaseState::UnderReview {
            for (id, decision) in [
                ("support-approve", ReviewDecision::Approve),
                ("support-reject", ReviewDecision::Reject),
            ] {
                actions = actions.push(small_button(
                    tr.tr(id),
                    theme::secondary,
                    Message::Review(case.case_id.clone(), decision),
                ));
            }
        }
        container(col.push(actions.wrap()))
            .padding(6)
            .width(Length::Fill)
            .style(theme::card)
            .into()
    }
}

/// Whose lock it is: the mock names the identifier whose wrong codes caused
/// it as "<kind>:<value>"; read as words, anything else as given.
fn holder_words(holder: &str, tr: &Translator) -> String {
    let Some((kind, value)) = holder.split_once(':') else {
        return holder.to_owned();
    };
    let id = match kind {
        "account" => "support-holder-account",
        "wmid" => "support-holder-wmid",
        "purse" => "support-holder-purse",
        "phone" => "support-holder-phone",
        "email" => "support-holder-email",
        _ => return holder.to_owned(),
    };
    tr.tr_args(id, &[("wmid", Arg::from(value))])
}
