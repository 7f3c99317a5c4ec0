//! How the support panel looks: tabs over the mock's scenario, outbox,
//! faults, exchanges and cases.

use iced::widget::{
    Column, button, column, container, pick_list, row, rule, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length};
use time::OffsetDateTime;

use super::faults::{self as form, FormError, KindChoice, RouteChoice};
use super::{Message, Status, Support, Tab};
use crate::app::topic::Typed;
use crate::i18n::{Arg, Translator};
use crate::mock::engine::CaseInspection;
use crate::mock::exchanges::Exchange;
use crate::mock::outbox::OutboxMessage;
use crate::mock::scenario::{KeeperKind, ReviewDecision, Scenario};
use crate::protocol::CaseState;

const SMALL: f32 = 13.0;

/// Marks the user's exchanges apart from the replay's in `expanded`.
const USER_KEY: u64 = 1 << 62;

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

impl Support {
    pub fn view<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
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
                Tab::Cases => (tr.tr("support-tab-cases"), self.cases.len()),
            };
            let style = if *tab == self.tab {
                button::primary
            } else {
                button::text
            };
            let count = if count == 0 {
                " ".to_owned()
            } else {
                count.to_string()
            };
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
            .style(style)
            .on_press(Message::Tab(*tab))
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

        let mut panel = column![
            row![
                text(tr.tr("support-heading")).size(18).width(Length::Fill),
                small_button(tr.tr("support-close"), button::text, Message::Close),
            ]
            .align_y(Alignment::Center),
            tabs,
            self.clock(tr),
        ]
        .spacing(8);
        // The status line keeps its place when empty, so nothing below moves.
        let line = match &self.status {
            Some(Status::Done(id, arg)) => {
                text(tr.tr_args(id, &[("name", Arg::from(arg.as_str()))]))
            }
            Some(Status::Refused(id)) => text(tr.tr(id)).style(text::danger),
            Some(Status::Failed(notice)) => {
                let words = notice.words(tr);
                let line = match words.detail {
                    Some(detail) => format!("{} ({detail})", words.sentence),
                    None => words.sentence,
                };
                text(line).style(text::danger)
            }
            None => text(" "),
        };
        panel = panel.push(line.size(SMALL));
        panel
            .push(rule::horizontal(1))
            .push(scrollable(container(body).padding([0, 12])).height(Length::Fill))
            .push(rule::horizontal(1))
            .push(
                row![
                    small_button(
                        tr.tr("support-save-bundle"),
                        button::secondary,
                        Message::SaveBundle
                    ),
                    small_button(
                        tr.tr("support-open-bundle"),
                        button::secondary,
                        Message::OpenBundle
                    ),
                ]
                .spacing(6)
                .wrap(),
            )
            .padding(12)
            .into()
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
                &[("ahead", Arg::from(tr.duration(ahead)))],
            )
        } else {
            " ".to_owned()
        };
        let buttons = CLOCK_STEPS.iter().map(|(id, secs)| {
            small_button(tr.tr(id), button::secondary, Message::Advance(*secs)).into()
        });
        column![
            text(label).size(SMALL).wrapping(text::Wrapping::None),
            text(ahead).size(SMALL).wrapping(text::Wrapping::None),
            row(buttons).spacing(4)
        ]
        .spacing(2)
        .into()
    }

    fn scenario_tab<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
        let mut col = column![
            text(tr.tr_args(
                "support-running",
                &[("name", Arg::from(self.running.name.as_str()))]
            ))
            .size(15),
        ]
        .spacing(8);
        if let Some(bundle) = &self.bundle {
            let m = &bundle.manifest;
            col = col.push(
                container(
                    text(tr.tr_args(
                        "support-bundle-loaded",
                        &[
                            (
                                "created",
                                Arg::from(tr.time(m.created_at, crate::app::local_now())),
                            ),
                            ("version", Arg::from(m.app_version.as_str())),
                            ("os", Arg::from(format!("{} {}", m.os, m.arch))),
                            ("exchanges", Arg::from(count(bundle.exchange_count))),
                        ],
                    ))
                    .size(SMALL),
                )
                .padding(6)
                .style(container::bordered_box),
            );
        }
        let chosen = self
            .preview
            .as_ref()
            .map(|p| p.source.clone())
            .filter(|source| self.shipped_names().contains(source));
        col = col.push(
            row![
                pick_list(self.shipped_names(), chosen, Message::PickShipped)
                    .placeholder(tr.tr("support-pick-shipped"))
                    .text_size(SMALL),
                small_button(
                    tr.tr("support-open-file"),
                    button::secondary,
                    Message::OpenScenarioFile
                ),
            ]
            .spacing(6)
            .wrap(),
        );
        match &self.preview {
            Some(preview) => {
                col = col
                    .push(
                        text(tr.tr_args(
                            "support-preview",
                            &[("name", Arg::from(preview.scenario.name.as_str()))],
                        ))
                        .size(15),
                    )
                    .push(scenario_details(&preview.scenario, tr))
                    .push(small_button(
                        tr.tr("support-restart"),
                        button::primary,
                        Message::RestartWithPreview,
                    ));
            }
            None => col = col.push(scenario_details(&self.running, tr)),
        }
        col.into()
    }

    fn outbox_tab<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
        let mut col = if self.outbox.is_empty() {
            column![text(tr.tr("support-outbox-empty")).size(SMALL)]
        } else {
            column(self.outbox.iter().map(|m| self.outbox_entry(m, tr)))
        }
        .spacing(10);
        // A replayed bundle: what the user's service sent, marked as theirs.
        let users = self.user_outbox();
        if !users.is_empty() {
            col = col.push(users_heading(tr, "support-users-outbox", users.len()));
            col = col.extend(users.iter().rev().map(|m| self.outbox_entry(m, tr)));
        }
        col.into()
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

    fn outbox_entry<'a>(
        &self,
        message: &'a OutboxMessage,
        tr: &Translator,
    ) -> Element<'a, Message> {
        let when = self.at(message.at.0, tr);
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
                    &[("time", Arg::from(self.at(at.0, tr)))],
                ));
            }
            entry = entry.push(text(words).size(SMALL).style(text::danger));
        } else {
            entry = entry.push(text(message.text.as_str()).size(SMALL));
        }
        if let Some(code) = &message.code {
            entry = entry.push(
                row![
                    text(code.as_str()).size(18),
                    small_button(
                        tr.tr("support-use-code"),
                        button::primary,
                        Message::UseCode(Typed(code.clone()))
                    ),
                    small_button(
                        tr.tr("support-copy"),
                        button::secondary,
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
            .style(container::bordered_box)
            .into()
    }

    fn faults_tab<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
        let f = &self.form;
        // Buttons rather than menus: one click each, and every choice in sight.
        let routes = RouteChoice::all().into_iter().map(|route| {
            let label = route_name(route.0, tr);
            choice(
                label,
                route == f.route,
                Message::Fault(form::Message::Route(route)),
            )
        });
        // One click on a kind switches it on for the chosen route.
        let kinds = KindChoice::ALL.into_iter().map(|kind| {
            choice(
                kind_name(kind, tr),
                kind == f.kind,
                Message::Fault(form::Message::Quick(kind)),
            )
        });
        let mut add = column![
            labelled(
                tr.tr("support-fault-route"),
                row(routes).spacing(4).wrap().into()
            ),
            labelled(
                tr.tr("support-fault-kind"),
                row(kinds).spacing(4).wrap().into()
            ),
        ]
        .spacing(6);
        let mut numbers = row![].spacing(8);
        if let Some((unit, _)) = f.kind.value() {
            numbers = numbers.push(number_field(
                tr.tr_args(
                    "support-fault-value",
                    &[(
                        "unit",
                        Arg::from(tr.tr(&format!("support-fault-unit-{unit}"))),
                    )],
                ),
                FAULT_VALUE,
                &f.value,
                form::Message::Value,
            ));
        }
        numbers = numbers.push(number_field(
            tr.tr("support-fault-count"),
            FAULT_COUNT,
            &f.count,
            form::Message::Count,
        ));
        add = add.push(numbers);
        if let Some(error) = &f.error {
            let message = match error {
                FormError::Value => tr.tr("support-fault-error-value"),
                FormError::Count => tr.tr("support-fault-error-count"),
                FormError::Rule(why) => why.clone(),
            };
            add = add.push(text(message).size(SMALL).style(text::danger));
        }
        add = add.push(small_button(
            tr.tr("support-fault-add"),
            button::primary,
            Message::Fault(form::Message::Add),
        ));

        let mut col = column![text(tr.tr("support-faults-active")).size(15)].spacing(8);
        if self.faults.is_empty() {
            col = col.push(text(tr.tr("support-faults-none")).size(SMALL));
        } else {
            for (i, rule) in self.faults.iter().enumerate() {
                let route = route_name(rule.route, tr);
                let mut line = format!("{route} · {}", fault_words(&rule.kind, tr));
                if rule.probability < 1.0 {
                    line.push_str(&format!(" · p={}", rule.probability));
                }
                match rule.count {
                    Some(0) => {
                        line.push_str(" · ");
                        line.push_str(&tr.tr("support-fault-used-up"));
                    }
                    Some(count) => {
                        line.push_str(" · ");
                        line.push_str(
                            &tr.tr_args("support-fault-times", &[("count", Arg::from(count))]),
                        );
                    }
                    None => {}
                }
                col = col.push(
                    row![
                        text(line).size(SMALL).width(Length::Fill),
                        small_button(
                            tr.tr("support-fault-remove"),
                            button::text,
                            Message::RemoveFault(i)
                        ),
                    ]
                    .align_y(Alignment::Center),
                );
            }
            col = col.push(small_button(
                tr.tr("support-faults-clear"),
                button::secondary,
                Message::ClearFaults,
            ));
        }
        // The form first: a fault switched on adds a line to the list below it,
        // so the kind buttons never move under the pointer.
        column![add, rule::horizontal(1), col].spacing(8).into()
    }

    fn exchanges_tab<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
        let mut col = self.replay_exchanges(tr);
        // A replayed bundle: the user's own requests, marked as theirs, below the replay's.
        let users = self.user_exchanges();
        if !users.is_empty() {
            col = col.push(users_heading(tr, "support-users-exchanges", users.len()));
            for exchange in users.iter().rev() {
                col = col.push(self.exchange_entry(exchange, USER_KEY | exchange.id, tr));
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
                    button::secondary,
                    Message::ClearExchanges
                ),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(4);
        for exchange in &self.exchanges {
            col = col.push(self.exchange_entry(exchange, exchange.id, tr));
        }
        col
    }

    /// `key` tells the entries apart when the user's and the replay's ids meet.
    fn exchange_entry<'a>(
        &self,
        exchange: &'a Exchange,
        key: u64,
        tr: &Translator,
    ) -> Element<'a, Message> {
        let status = match exchange.status {
            0 => "-".to_owned(),
            status => status.to_string(),
        };
        let mut line = format!(
            "#{} {} · {} {} → {status} · {:.1} ms",
            exchange.id,
            self.at(exchange.at.0, tr),
            exchange.method,
            exchange.path,
            exchange.duration_ms
        );
        if let Some(fault) = &exchange.fault {
            line.push_str(&format!(" · ⚡ {fault}"));
        }
        if exchange.replayed {
            line.push_str(" · ");
            line.push_str(&tr.tr("support-replayed"));
        }
        let failed = exchange.status == 0 || exchange.status >= 400;
        let summary = button(text(line).size(SMALL).style(move |theme| {
            if failed {
                text::danger(theme)
            } else {
                text::Style::default()
            }
        }))
        .style(button::text)
        .width(Length::Fill)
        .on_press(Message::ToggleExchange(key));
        if self.expanded != Some(key) {
            return summary.into();
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
            .style(container::bordered_box),
        ]
        .into()
    }

    fn cases_tab<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
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
                                ("time", Arg::from(self.at(lock.until.0, tr))),
                                ("failed", Arg::from(lock.failed_attempts)),
                            ],
                        ))
                        .size(SMALL),
                        small_button(
                            tr.tr("support-lift-lock"),
                            button::secondary,
                            Message::Advance(self.seconds_until(lock.until.0))
                        ),
                    ]
                    .spacing(4),
                )
                .padding(6)
                .width(Length::Fill)
                .style(container::bordered_box),
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
            if let Some(at) = at.filter(|at| at.0 > self.mock_now || id == "support-case-expires") {
                col = col.push(
                    text(tr.tr_args(id, &[("time", Arg::from(self.at(at.0, tr)))])).size(SMALL),
                );
            }
        }
        // Buttons that move the clock just past a timer: the code expires, the wait ends.
        let mut actions = row![].spacing(6);
        if let Some(at) = inspection.code_expires_at.filter(|at| at.0 > self.mock_now) {
            actions = actions.push(small_button(
                tr.tr("support-expire-code"),
                button::secondary,
                Message::Advance(self.seconds_until(at.0)),
            ));
        }
        if case.state == CaseState::Waiting
            && let Some(at) = case.ready_at
        {
            actions = actions.push(small_button(
                tr.tr("support-end-wait"),
                button::primary,
                Message::Advance(self.seconds_until(at.0)),
            ));
        }
        if case.state == CaseState::UnderReview {
            for (id, decision) in [
                ("support-approve", ReviewDecision::Approve),
                ("support-reject", ReviewDecision::Reject),
            ] {
                actions = actions.push(small_button(
                    tr.tr(id),
                    button::secondary,
                    Message::Review(case.case_id.clone(), decision),
                ));
            }
        }
        container(col.push(actions.wrap()))
            .padding(6)
            .width(Length::Fill)
            .style(container::bordered_box)
            .into()
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

fn seconds(n: u64) -> time::Duration {
    time::Duration::seconds(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The panel's buttons: small text, a style, one message.
fn small_button<'a>(
    label: String,
    style: fn(&iced::Theme, button::Status) -> button::Style,
    on_press: Message,
) -> button::Button<'a, Message> {
    button(text(label).size(SMALL))
        .style(style)
        .on_press(on_press)
}

/// One of a set of choices; the chosen one is highlighted.
fn choice<'a>(label: String, chosen: bool, on_press: Message) -> Element<'a, Message> {
    let style = if chosen {
        button::primary
    } else {
        button::secondary
    };
    small_button(label, style, on_press).padding([2, 6]).into()
}

/// A short number input of the fault form; Enter switches the fault on.
fn number_field<'a>(
    label: String,
    id: &'static str,
    value: &str,
    on_input: fn(String) -> form::Message,
) -> Element<'a, Message> {
    labelled(
        label,
        text_input("", value)
            .id(id)
            .on_input(move |v| Message::Fault(on_input(v)))
            .on_submit(Message::Fault(form::Message::Add))
            .size(SMALL)
            .width(110)
            .into(),
    )
}

fn labelled<'a>(label: String, field: Element<'a, Message>) -> Element<'a, Message> {
    column![text(label).size(12), field].spacing(2).into()
}

/// A scenario's accounts (contacts masked) and limits.
/// "From the user's bundle: 4 requests (newest first)".
fn users_heading<'a>(tr: &Translator, id: &str, n: usize) -> Element<'a, Message> {
    container(text(tr.tr_args(id, &[("count", Arg::Number(count(n)))])).size(15))
        .padding([6, 0])
        .into()
}

/// A route in the panel's language, its operation id kept for matching the exchanges.
fn route_name(route: Option<crate::mock::faults::RouteId>, tr: &Translator) -> String {
    match route {
        Some(route) => tr.tr(&format!(
            "support-route-{}",
            route.as_str().replace('_', "-")
        )),
        None => tr.tr("support-fault-all-routes"),
    }
}

fn kind_name(kind: KindChoice, tr: &Translator) -> String {
    tr.tr(&format!(
        "support-fault-kind-{}",
        kind.to_string().replace('_', "-")
    ))
}

/// A rule's fault with its number: "latency 3000 ms", "status 503".
fn fault_words(kind: &crate::mock::faults::FaultKind, tr: &Translator) -> String {
    use crate::mock::faults::FaultKind;
    let name = kind_name(KindChoice::of(kind), tr);
    match kind {
        FaultKind::Latency { ms } | FaultKind::SlowBody { chunk_delay_ms: ms } => {
            format!("{name} {ms} ms")
        }
        FaultKind::Status { status } => format!("{name} {status}"),
        _ => name,
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

fn scenario_details<'a>(scenario: &'a Scenario, tr: &Translator) -> Element<'a, Message> {
    let mut col: Column<'a, Message> = column![].spacing(6);
    // Scenario files wrap their descriptions by hand; the panel wraps them itself.
    let description: Vec<String> = scenario
        .description
        .split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|paragraph| !paragraph.is_empty())
        .collect();
    if !description.is_empty() {
        col = col.push(text(description.join("\n")).size(SMALL));
    }
    col = col.push(text(tr.tr("support-accounts")).size(15));
    for account in &scenario.accounts {
        let keeper = tr.tr(match account.keeper {
            KeeperKind::WinPro => "support-keeper-win-pro",
            KeeperKind::WebPro => "support-keeper-web-pro",
            KeeperKind::Standard => "support-keeper-standard",
            KeeperKind::Mobile => "support-keeper-mobile",
        });
        // What the agent types where the user's screen asks for it: the demo
        // accounts' own secrets ("redacted" in a user's bundle).
        let mut secrets = column![].spacing(2);
        if let (Some(question), Some(answer)) =
            (&account.security_question, &account.security_answer)
        {
            secrets = secrets.push(
                text(tr.tr_args(
                    "support-account-answer",
                    &[
                        ("question", Arg::from(question.as_str())),
                        ("answer", Arg::from(answer.expose())),
                    ],
                ))
                .size(SMALL),
            );
        }
        if let Some(code) = &account.keyfile_access_code {
            secrets = secrets.push(
                text(tr.tr_args(
                    "support-account-access-code",
                    &[("code", Arg::from(code.expose()))],
                ))
                .size(SMALL),
            );
        }
        col = col.push(
            container(
                column![
                    text(tr.tr_args(
                        "support-account",
                        &[
                            ("wmid", Arg::from(account.wmid.to_string())),
                            ("keeper", Arg::from(keeper)),
                            ("passport", Arg::from(u32::from(account.passport))),
                        ],
                    ))
                    .size(SMALL),
                    text(format!(
                        "{} · {}",
                        account.phone.masked(),
                        account.email.masked()
                    ))
                    .size(SMALL),
                    secrets,
                ]
                .spacing(2),
            )
            .padding(4)
            .width(Length::Fill)
            .style(container::bordered_box),
        );
    }
    let s = &scenario.settings;
    col = col.push(
        text(tr.tr_args(
            "support-limits",
            &[
                (
                    "cooldown",
                    Arg::from(tr.duration(seconds(s.resend_cooldown_secs))),
                ),
                ("sends", Arg::from(s.sends_per_day)),
                ("attempts", Arg::from(s.max_attempts)),
                ("lock", Arg::from(tr.duration(seconds(s.lock_secs)))),
            ],
        ))
        .size(SMALL),
    );
    if !scenario.faults.is_empty() || !scenario.locks.is_empty() {
        col = col.push(
            text(tr.tr_args(
                "support-scenario-extras",
                &[
                    ("faults", Arg::from(count(scenario.faults.len()))),
                    ("locks", Arg::from(count(scenario.locks.len()))),
                ],
            ))
            .size(SMALL),
        );
    }
    col.into()
}
