//! Drawing a panel: the page's text for the topic, then the current step.
//! The fields steps are typed into are in `fields.rs`; topic 8's key-file
//! stages in `keyfile_stages.rs`.

mod fields;
mod keyfile_stages;

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length};

use super::{FIRST_INPUT, Message, Panel};
use crate::app::accessibility::annotate::{self, Field};
use crate::app::chrome::nowrap::one_line;
use crate::app::chrome::theme;
use crate::i18n::{Arg, Translator};
use crate::protocol::{
    Case, CaseState, Channel, ConfirmMethod, Expect, Outcome, Sends, WaitReason,
};

impl Panel {
    pub fn view<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
        let mut body = column![
            annotate::heading(text(tr.topic_title(self.topic)).size(26), 1),
            text(tr.topic_intro(self.topic))
        ]
        .spacing(12);
        // Before a case is opened, the topic's own words are its first step.
        let mut first_step = self.case().is_none();
        let mut keys = None;

        if self.asks_keeper_access() {
            body = body.push(self.keeper_question(tr));
            keys = Some(keys_hint(tr, 2));
        } else if self.has_no_keeper_access() {
            // Where the page links the wiki, the way without Keeper access is
            // explained there too; "Back" returns to the question.
            let mut actions = row![annotate::button(
                button(text(tr.tr("button-restore-access"))).style(theme::primary),
                Some(Message::OpenRestorePassword)
            ),]
            .spacing(8);
            actions = actions.push(annotate::button(
                button(text(tr.tr("button-back"))).style(theme::plain),
                Some(Message::KeeperAccessBack),
            ));
            let mut explained = column![text(tr.tr("keeper-access-no")), actions].spacing(8);
            if let (Some(_), Some(url)) = (tr.topic_wiki(self.topic), super::wiki_url(self.topic)) {
                explained = explained.push(crate::app::view::link_row(
                    tr,
                    tr.tr("wiki-instructions"),
                    url,
                    Message::OpenWiki,
                    Message::CopyWikiAddress,
                ));
            }
            body = body.push(explained);
        } else {
            if let (Some(wiki), Some(url)) =
                (tr.topic_wiki(self.topic), super::wiki_url(self.topic))
            {
                body = body.push(
                    column![
                        text(wiki).size(14),
                        crate::app::view::link_row(
                            tr,
                            tr.tr("wiki-instructions"),
                            url,
                            Message::OpenWiki,
                            Message::CopyWikiAddress,
                        ),
                    ]
                    .spacing(6),
                );
            }
            match self.case() {
                None => body = body.push(self.identify_view(tr)),
                // The service no longer has the case: its step, its waits and
                // its counts no longer hold. The reference stays, for support.
                Some(case) if self.at_dead_end() => {
                    first_step = false;
                    body = body.push(reference_line(case, tr));
                }
                Some(case) => {
                    first_step = false;
                    body = body.push(self.step_view(case, tr));
                }
            }
        }
        if first_step {
            body = column![annotate::step(body, keys)].spacing(12);
        }

        if let Some((banner, dead_end)) = self.banner() {
            let mut line = row![text(banner.words(tr, self.service_now())).width(Length::Fill)]
                .spacing(8)
                .align_y(Alignment::Center);
            let retry = self
                .failure_at(super::Place::Banner)
                .is_some_and(|(_, retry)| retry);
            if dead_end {
                line = line.push(annotate::button(
                    button(text(tr.tr("button-start-again"))).style(theme::primary),
                    Some(Message::StartAgain),
                ));
            } else if retry {
                line = line.push(annotate::button(
                    button(text(tr.tr("button-retry"))).style(theme::primary),
                    Some(Message::Retry),
                ));
            }
            let banner = annotate::alert(container(line).padding(8).style(theme::card));
            // A dead end is where the recovery now stands: the focus goes to
            // "Start again" and the screen reader says why.
            body = body.push(if dead_end {
                annotate::step(annotate::landing(banner), None)
            } else {
                banner
            });
        }
        if self.is_busy() {
            body = body.push(annotate::status(
                row![
                    text(tr.tr("progress-waiting")),
                    annotate::button(
                        button(text(tr.tr("button-stop"))).style(theme::secondary),
                        Some(Message::StopWaiting)
                    )
                ]
                .spacing(12)
                .align_y(Alignment::Center),
            ));
        }
        body.into()
    }

    fn keeper_question<'a>(&self, tr: &'a Translator) -> Element<'a, Message> {
        column![
            text(tr.tr("keeper-access-question")),
            row![
                annotate::button(
                    button(with_key(1, tr.tr("answer-yes"))).style(theme::primary),
                    Some(Message::KeeperAccess(true))
                )
                .name(tr.tr("answer-yes"))
                .shortcut(1),
                annotate::button(
                    button(with_key(2, tr.tr("answer-no"))).style(theme::primary),
                    Some(Message::KeeperAccess(false))
                )
                .name(tr.tr("answer-no"))
                .shortcut(2),
            ]
            .spacing(8),
        ]
        .spacing(8)
        .into()
    }

    fn identify_view<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
        let input = Field {
            label: tr.identifier_label(self.topic),
            label_shown: true,
            example: tr.identifier_placeholder(self.topic),
            value: &self.identifier,
            secure: false,
            id: FIRST_INPUT,
            on_submit: Some(Message::Submit),
        }
        .view(Message::IdentifierChanged);
        let mut col = column![annotate::landing(input)].spacing(6);
        if let Some(error) = &self.identifier_error {
            col = col.push(annotate::field_error(
                text(tr.identifier_error(self.topic, error)).style(theme::error_text),
                FIRST_INPUT,
            ));
        }
        let Some(open) = &self.open_case else {
            return col.push(self.primary(tr.tr("button-continue"))).into();
        };
        // Another recovery would send another code: going on with the open
        // one is offered first, and the focus lands on it.
        annotate::step(
            column![
                col,
                text(tr.tr_args(
                    "open-case-exists",
                    &[("reference", Arg::Text(open.reference.clone()))],
                )),
                row![
                    annotate::landing(annotate::button(
                        button(text(tr.tr("button-continue-open-case"))).style(theme::primary),
                        Some(Message::ContinueOpenCase),
                    )),
                    annotate::button(
                        button(text(tr.tr("button-new-case-anyway"))).style(theme::secondary),
                        (!self.is_busy()).then_some(Message::NewCaseAnyway),
                    ),
                ]
                .spacing(8)
                .wrap(),
            ]
            .spacing(8),
            None,
        )
    }

    /// Attempts left, unless the wrong-code message under the field already says it.
    /// One line under the code field: what is wrong with the code, or else the
    /// attempts left. One slot for both, so the Verify button below never moves
    /// when an error appears or goes away as the user types.
    fn code_slot<'a>(&'a self, case: &Case, tr: &'a Translator) -> Element<'a, Message> {
        match self.field_error(tr) {
            Some(error) => error,
            None => annotate::status(text(tr.tr_args(
                "attempts-left",
                &[("count", Arg::Number(i64::from(case.attempts_left)))],
            ))),
        }
    }

    fn resend<'a>(&self, case: &Case, tr: &'a Translator) -> Element<'a, Message> {
        // Counted and shown on the service's clock, as the support panel shows it.
        let wait = case.resend_at.filter(|at| *at > self.service_now());
        let (label, send) = match wait {
            Some(at) => (
                tr.wait_text("button-send-again-in", at, self.service_now()),
                None,
            ),
            None if case.sends_left == 0 => (tr.tr("button-send-again"), None),
            None => (tr.tr("button-send-again"), Some(Message::SendAgain)),
        };
        // Its name stays "Send again" while the label counts down: a name
        // that changed every second would be read out every second.
        annotate::button(button(text(label)).style(theme::secondary), send)
            .name(tr.tr("button-send-again"))
            .into()
    }

    fn step_view<'a>(&'a self, case: &'a Case, tr: &'a Translator) -> Element<'a, Message> {
        if self.keyfile.is_closed() {
            return self.keyfile_outcome(case, tr);
        }
        let content: Element<'a, Message> = match &case.next {
            // Find-accounts sends the list of WMIDs, not a code.
            Expect::Challenge { channels, sent_to } => choices(
                tr,
                tr.tr(match self.topic.spec().sends {
                    Sends::AccountList => "choose-channel-accounts",
                    Sends::Code => "choose-channel",
                }),
                channels.iter().enumerate().map(|(i, c)| Choice {
                    label: tr.channel(*c),
                    detail: Some(tr.channel_detail(*c, sent_to.get(i).map(String::as_str))),
                    message: Message::Channel(*c),
                }),
                self.is_busy(),
            ),
            Expect::Code {
                sent_to, channel, ..
            }
            | Expect::ContactCode {
                sent_to, channel, ..
            } => column![
                annotate::step(
                    column![
                        annotate::status(text(tr.tr_args(
                            "code-sent-to",
                            &[("destination", Arg::Text(sent_to.clone()))]
                        ))),
                        self.labelled_input(tr.tr("code-label"), false, String::new()),
                        self.code_slot(case, tr),
                    ]
                    .spacing(8),
                    None
                ),
                row![self.primary(tr.tr("button-verify")), self.resend(case, tr)].spacing(8),
                text(if case.sends_left == 0 {
                    tr.tr_args(
                        "sends-none",
                        &[("identifier", Arg::Text(self.identifier.trim().to_owned()))],
                    )
                } else {
                    tr.tr_args(
                        "sends-left",
                        &[("count", Arg::Number(i64::from(case.sends_left)))],
                    )
                })
                .size(13),
                // Where to look depends on where the code went.
                text(tr.tr(match channel {
                    Channel::Sms => "code-not-arriving-sms",
                    Channel::Email => "code-not-arriving-email",
                    Channel::Enum => "code-not-arriving-enum",
                    Channel::Keeper => "code-not-arriving-keeper",
                }))
                .size(13),
            ]
            .push(self.lock_notice(case, tr))
            .spacing(8)
            .into(),
            Expect::SecurityAnswer { question } => annotate::step(
                column![
                    text(question.as_str()),
                    self.step_input(tr, tr.tr("security-answer-label"), !self.reveal),
                    self.reveal_toggle(tr),
                    self.primary(tr.tr("button-continue")),
                ]
                .spacing(8),
                None,
            ),
            Expect::NewPassword { .. } => annotate::step(
                column![
                    self.step_input(tr, tr.tr("new-password-label"), !self.reveal),
                    self.second_input(tr, tr.tr("new-password-repeat")),
                    self.reveal_toggle(tr),
                    text(tr.tr("new-password-rules")).size(13),
                    self.primary(tr.tr("button-continue")),
                ]
                .spacing(8),
                None,
            ),
            Expect::NewContact { channel } => {
                let (label, example) = if *channel == Channel::Email {
                    ("new-email-label", "new-email-placeholder")
                } else {
                    ("new-phone-label", "new-phone-placeholder")
                };
                annotate::step(
                    column![
                        self.step_input_with(tr, tr.tr(label), false, tr.tr(example)),
                        self.primary(tr.tr("button-send-code"))
                    ]
                    .spacing(8),
                    None,
                )
            }
            // The security question's wait is said on the choice, before it is made.
            Expect::ConfirmOld {
                methods,
                security_period_secs,
            } => choices(
                tr,
                tr.tr("confirm-old-question"),
                methods.iter().map(|m| Choice {
                    label: tr.confirm_method(*m),
                    detail: match (m, security_period_secs) {
                        (ConfirmMethod::SecurityQuestion, Some(secs)) => Some(tr.tr_args(
                            "confirm-method-security-question-wait",
                            &[(
                                "wait",
                                Arg::Text(tr.duration(time::Duration::seconds(
                                    i64::try_from(*secs).unwrap_or(i64::MAX),
                                ))),
                            )],
                        )),
                        _ => None,
                    },
                    message: Message::Confirm(*m),
                }),
                self.is_busy(),
            ),
            Expect::ConfirmDetach { phone } => self.confirm_view(
                tr.tr_args("confirm-detach", &[("phone", Arg::Text(phone.clone()))]),
                tr,
            ),
            Expect::ReregisterSim { phone } => self.confirm_view(
                tr.tr_args(
                    "reregister-sim-confirm",
                    &[("phone", Arg::Text(phone.clone()))],
                ),
                tr,
            ),
            Expect::Documents { .. } => {
                let chosen = self.documents.iter().enumerate().map(|(i, d)| {
                    row![
                        text(d.file_name.as_str()).width(Length::Fill),
                        annotate::button(
                            button(text(tr.tr("documents-remove")).size(13)).style(theme::plain),
                            Some(Message::RemoveDocument(i))
                        )
                        .name(format!(
                            "{}: {}",
                            tr.tr("documents-remove"),
                            d.file_name
                        )),
                    ]
                    .align_y(Alignment::Center)
                    .into()
                });
                let mut col = column![annotate::step(
                    column![
                        text(tr.tr("documents-intro")),
                        annotate::button(
                            button(text(tr.tr("button-choose-files"))).style(theme::primary),
                            Some(Message::ChooseDocuments)
                        ),
                    ]
                    .spacing(8),
                    None
                )]
                .spacing(8);
                if self.no_dialog {
                    col = col.push(self.path_field(
                        tr,
                        tr.tr("path-label-documents"),
                        Message::AddTypedPath,
                        tr.tr("button-add-file"),
                    ));
                }
                if !self.documents.is_empty() {
                    let count = i64::try_from(self.documents.len()).unwrap_or(i64::MAX);
                    col = col
                        .push(
                            text(tr.tr_args("documents-chosen", &[("count", Arg::Number(count))]))
                                .size(13),
                        )
                        .push(column(chosen).spacing(2));
                }
                col.push(self.field_error(tr))
                    .push(self.primary(tr.tr("button-upload")))
                    .into()
            }
            Expect::NewSecurityQuestion => column![
                self.step_input(tr, tr.tr("new-question-label"), false),
                self.second_input(tr, tr.tr("new-answer-label")),
                self.third_input(tr, tr.tr("new-answer-repeat")),
                self.reveal_toggle(tr),
                self.primary(tr.tr("button-continue")),
            ]
            .spacing(8)
            .into(),
            Expect::Wait {
                reason,
                until,
                old_contacts_told,
            } => {
                let key = if *reason == WaitReason::DocumentReview {
                    "waiting-review"
                } else {
                    "waiting-period"
                };
                // The service told the old phone and email, which can stop the change.
                let told = *old_contacts_told;
                let waiting = column![
                    text(tr.tr_args(
                        key,
                        &[("until", Arg::Text(tr.time(*until, self.service_now())))]
                    )),
                    told.then(|| text(tr.tr("old-contacts-told-period"))),
                    text(tr.case_state(case.state)),
                    row![
                        annotate::button(
                            button(text(tr.tr("button-refresh"))).style(theme::primary),
                            Some(Message::Refresh)
                        ),
                        annotate::button(
                            button(text(tr.tr("button-cancel-case"))).style(theme::danger),
                            Some(Message::CancelCase)
                        ),
                    ]
                    .spacing(8)
                    .wrap(),
                ]
                .spacing(8);
                // A wait of hours or days: the user will close the app meanwhile.
                let waiting = if self.offers_reminder() {
                    waiting.push(annotate::button(
                        button(text(tr.tr("button-add-reminder"))).style(theme::secondary),
                        Some(Message::AddReminder),
                    ))
                } else {
                    waiting
                };
                annotate::step(waiting, None)
            }
            Expect::Download { .. } => self.download_view(tr),
            Expect::Nothing => self.finish_view(case.outcome.as_ref(), case.state, case, tr),
        };
        let mut col = column![content].spacing(12);
        // Where a password or code is asked for, say which of the four secrets it is.
        if matches!(
            case.next,
            Expect::Code { .. }
                | Expect::ContactCode { .. }
                | Expect::NewPassword { .. }
                | Expect::Download { .. }
        ) {
            col = col.push(annotate::button(
                button(text(tr.tr("secrets-heading"))).style(theme::plain),
                Some(Message::ToggleSecrets),
            ));
            if self.show_secrets {
                col = col.push(secrets_view(tr));
            }
        }
        if self.confirm_cancel && !case.state.is_final() {
            let question = if case.state == CaseState::UnderReview {
                "cancel-confirm-review"
            } else {
                "cancel-confirm"
            };
            // Asked as a step of its own; the focus lands on keeping the recovery.
            col = col.push(annotate::step(
                container(
                    column![
                        text(tr.tr(question)),
                        row![
                            annotate::button(
                                button(text(tr.tr("button-cancel-confirm"))).style(theme::danger),
                                Some(Message::CancelConfirmed)
                            ),
                            annotate::landing(annotate::button(
                                button(text(tr.tr("button-cancel-keep"))).style(theme::primary),
                                Some(Message::CancelKept)
                            )),
                        ]
                        .spacing(8),
                    ]
                    .spacing(8),
                )
                .padding(10)
                .style(theme::card),
                None,
            ));
        } else if !case.state.is_final() && !matches!(case.next, Expect::Wait { .. }) {
            col = col.push(annotate::button(
                button(text(tr.tr("button-cancel-case"))).style(theme::plain),
                Some(Message::CancelCase),
            ));
        }
        // The outcome says its reference itself.
        if !matches!(case.next, Expect::Nothing) {
            col = col.push(reference_line(case, tr));
        }
        col.into()
    }

    /// While the account is paused after wrong codes: until when, counting down.
    fn lock_notice<'a>(&self, case: &Case, tr: &'a Translator) -> Option<Element<'a, Message>> {
        // The error banner already says it when the lock has just happened.
        if self.banner().is_some() {
            return None;
        }
        let until = case.locked_until.filter(|at| *at > self.service_now())?;
        let words = tr.client_error_at(
            &crate::client::ClientError::Locked { until: Some(until) },
            self.service_now(),
        );
        Some(text(words).style(theme::error_text).into())
    }

    fn confirm_view<'a>(&self, question: String, tr: &'a Translator) -> Element<'a, Message> {
        let confirm = annotate::button(
            button(text(tr.tr("button-confirm"))).style(theme::primary),
            (!self.is_busy()).then_some(Message::ConfirmPlain),
        );
        annotate::step(column![text(question), confirm].spacing(8), None)
    }

    fn finish_view<'a>(
        &self,
        outcome: Option<&Outcome>,
        state: CaseState,
        case: &Case,
        tr: &'a Translator,
    ) -> Element<'a, Message> {
        let mut what = match outcome {
            Some(outcome) => column![
                annotate::heading(text(tr.outcome_title(outcome)).size(20), 2),
                text(tr.outcome(outcome))
            ]
            .spacing(6),
            None => column![text(tr.case_state(state)).size(20)],
        };
        if let Some(told) = outcome.and_then(|o| tr.old_contacts_told(o)) {
            what = what.push(text(told));
        }
        annotate::step(
            column![
                what,
                reference_line(case, tr),
                annotate::button(
                    button(text(tr.tr("button-start-again"))).style(theme::primary),
                    Some(Message::StartAgain)
                )
            ]
            .spacing(12),
            None,
        )
    }
}

/// "Reference: KR-Z2HC-Q86V", never broken at the reference's hyphens.
fn reference_line<'a>(case: &Case, tr: &'a Translator) -> Element<'a, Message> {
    one_line(
        text(tr.tr_args(
            "case-reference",
            &[("reference", Arg::Text(case.reference.clone()))],
        ))
        .size(13),
    )
}

/// One answer to a step's question: its label, and a line on what it does.
struct Choice {
    label: String,
    detail: Option<String>,
    message: Message,
}

/// A question and its answers, one full-width row each with its digit key;
/// the rows wait while a request is out.
fn choices<'a>(
    tr: &Translator,
    question: String,
    options: impl Iterator<Item = Choice>,
    busy: bool,
) -> Element<'a, Message> {
    let rows: Vec<Element<'a, Message>> = options
        .enumerate()
        .map(|(i, choice)| {
            let mut words = column![text(choice.label.clone())].spacing(2);
            if let Some(detail) = &choice.detail {
                words = words.push(text(detail.clone()).size(13));
            }
            let row = row![key_hint(i + 1), words]
                .spacing(8)
                .align_y(Alignment::Center);
            let annotated = annotate::button(
                button(row).width(Length::Fill).style(theme::secondary),
                (!busy).then_some(choice.message),
            )
            .name(choice.label)
            .shortcut(i + 1);
            match choice.detail {
                Some(detail) => annotated.description(detail).into(),
                None => annotated.into(),
            }
        })
        .collect();
    let keys = keys_hint(tr, rows.len());
    annotate::step(
        column![text(question), column(rows).spacing(6)].spacing(8),
        Some(keys),
    )
}

/// How the digit keys pick one of `count` choices, as a screen reader says it.
fn keys_hint(tr: &Translator, count: usize) -> String {
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    tr.tr_args("keys-choices", &[("count", Arg::Number(count))])
}

/// The four secrets users confuse, one short paragraph each.
fn secrets_view<'a>(tr: &'a Translator) -> Element<'a, Message> {
    let items = [
        "password",
        "access-code",
        "activation-code",
        "registration-code",
    ]
    .map(|id| {
        column![
            text(tr.tr(&format!("secret-{id}-title"))).size(15),
            text(tr.tr(&format!("secret-{id}"))).size(14)
        ]
        .spacing(2)
        .into()
    });
    container(column(items).spacing(8))
        .padding(10)
        .style(theme::card)
        .into()
}

/// A button's label with the digit key that also presses it.
pub(crate) fn with_key<'a, M: 'a>(key: usize, label: String) -> Element<'a, M> {
    row![key_hint(key), text(label)]
        .spacing(6)
        .align_y(Alignment::Center)
        .into()
}

/// The digit key that presses a button, drawn in the button's own text colour.
fn key_hint<'a, M: 'a>(key: usize) -> Element<'a, M> {
    text(key.to_string()).size(12).into()
}
