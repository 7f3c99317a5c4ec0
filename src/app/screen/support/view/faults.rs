//! The faults tab: the form that switches a fault on for a route, and the
//! rules active now.

use iced::widget::{column, row, rule, text};
use iced::{Alignment, Element, Length};

use super::{FAULT_COUNT, FAULT_VALUE, SMALL, small_button};
use crate::app::accessibility::annotate;
use crate::app::chrome::theme;
use crate::app::screen::support::faults::{self as form, FormError, KindChoice, RouteChoice};
use crate::app::screen::support::{Message, Support};
use crate::i18n::{Arg, Translator};

impl Support {
    pub(super) fn faults_tab<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
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
        // One click on a kind switches it on for the chosen route, and off
        // again: it looks on exactly while it is.
        let kinds = KindChoice::ALL.into_iter().map(|kind| {
            let on = self.fault_on(kind);
            let style = if on { theme::primary } else { theme::secondary };
            annotate::button(
                iced::widget::button(text(kind_name(kind, tr)).size(SMALL))
                    .style(style)
                    .padding([2, 6]),
                Some(Message::Fault(form::Message::Quick(kind))),
            )
            .toggled(on)
            .into()
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
            add = add.push(annotate::alert(
                text(message).size(SMALL).style(theme::error_text),
            ));
        }
        // "All off" beside "Switch on", in sight however many rules are on.
        let all_off = annotate::button(
            iced::widget::button(text(tr.tr("support-faults-clear")).size(SMALL))
                .style(theme::secondary),
            (!self.faults.is_empty()).then_some(Message::ClearFaults),
        );
        add = add.push(
            row![
                small_button(
                    tr.tr("support-fault-add"),
                    theme::primary,
                    Message::Fault(form::Message::Add),
                ),
                all_off
            ]
            .spacing(8),
        );

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
                            theme::plain,
                            Message::RemoveFault(i)
                        ),
                    ]
                    .align_y(Alignment::Center),
                );
            }
        }
        // The form first: a fault switched on adds a line to the list below it,
        // so the kind buttons never move under the pointer.
        column![add, rule::horizontal(1), col].spacing(8).into()
    }
}

/// One of a set of choices; the chosen one is highlighted.
fn choice<'a>(label: String, chosen: bool, on_press: Message) -> Element<'a, Message> {
    let style = if chosen {
        theme::primary
    } else {
        theme::secondary
    };
    super::small_button_padded(label, style, on_press, [2, 6])
}

/// A short number input of the fault form, named by its label for screen
/// readers; Enter switches the fault on.
fn number_field<'a>(
    label: String,
    id: &'static str,
    value: &'a str,
    on_input: fn(String) -> form::Message,
) -> Element<'a, Message> {
    let field = annotate::Field {
        label: label.clone(),
        // Drawn small, above it, by `labelled`.
        label_shown: false,
        example: String::new(),
        value,
        secure: false,
        id,
        on_submit: Some(Message::Fault(form::Message::Add)),
    }
    .view_with(
        move |v| Message::Fault(on_input(v)),
        |input| input.size(SMALL).width(110).padding(5),
    );
    column![annotate::hidden(text(label).size(12)), field]
        .spacing(2)
        .into()
}

fn labelled<'a>(label: String, field: Element<'a, Message>) -> Element<'a, Message> {
    column![text(label).size(12), field].spacing(2).into()
}

/// A route in the panel's language, its operation id kept for matching the exchanges.
fn route_name(route: Option<crate::mock::faults::RouteId>, tr: &Translator) -> String {
    match route {
        Some(route) => tr.route_name(route),
        None => tr.tr("support-fault-all-routes"),
    }
}

fn kind_name(kind: KindChoice, tr: &Translator) -> String {
    tr.recorded_fault(&kind.to_string())
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
