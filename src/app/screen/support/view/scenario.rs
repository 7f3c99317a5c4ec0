//! The scenario tab: the running scenario or the one previewed, its accounts
//! and limits, and the bundle a replay came from.

use iced::widget::{Column, column, container, pick_list, row, text};
use iced::{Element, Length};

use super::{SMALL, count, small_button};
use crate::app::chrome::theme;
use crate::app::screen::support::{Message, Support};
use crate::i18n::{Arg, Translator};
use crate::mock::scenario::{KeeperKind, Scenario};

impl Support {
    pub(super) fn scenario_tab<'a>(&'a self, tr: &'a Translator) -> Element<'a, Message> {
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
                .style(theme::card),
            );
        }
        let chosen = self
            .preview
            .as_ref()
            .map(|p| &p.source)
            .or(self.running_source.as_ref())
            .filter(|source| self.shipped_names().contains(source))
            .cloned();
        col = col.push(
            row![
                crate::app::accessibility::annotate::choices(
                    pick_list(self.shipped_names(), chosen.clone(), Message::PickShipped)
                        .placeholder(tr.tr("support-pick-shipped"))
                        .text_size(SMALL),
                    tr.tr("support-pick-shipped"),
                    self.shipped_names().iter().map(|name| {
                        let selected = chosen.as_ref() == Some(name);
                        (name.clone(), selected, Message::PickShipped(name.clone()))
                    }),
                ),
                small_button(
                    tr.tr("support-open-file"),
                    theme::secondary,
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
                        theme::primary,
                        Message::RestartWithPreview,
                    ));
            }
            None => col = col.push(scenario_details(&self.running, tr)),
        }
        col.into()
    }
}

fn seconds(n: u64) -> time::Duration {
    time::Duration::seconds(i64::try_from(n).unwrap_or(i64::MAX))
}

/// A scenario's accounts (contacts masked) and limits.
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
            .style(theme::card),
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
