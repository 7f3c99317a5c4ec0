//! Messages: codes and notices to the outbox (printed by the standalone
//! mock), what was withheld and why, and the old contacts' stop codes.

use super::*;

/// Why a message was not sent: words for the log, a stable word and a time for the panel.
pub(in crate::mock) struct Withheld {
    pub(in crate::mock) text: String,
    pub(in crate::mock) code: String,
    pub(in crate::mock) possible_at: Option<OffsetDateTime>,
}

impl Withheld {
    pub(in crate::mock) fn no_account(text: &str) -> Withheld {
        Withheld {
            text: text.to_owned(),
            code: "no_account".to_owned(),
            possible_at: None,
        }
    }

    pub(in crate::mock) fn phone_detached() -> Withheld {
        Withheld {
            text: "this number was detached from the account: the user sees the usual answer, and nothing is delivered".to_owned(),
            code: "phone_detached".to_owned(),
            possible_at: None,
        }
    }
}

impl Engine {
    pub(in crate::mock) fn new_code(&mut self) -> SecretText {
        SecretText::new(format!("{:06}", self.rng.random_range(0..1_000_000u32)))
    }

    pub(in crate::mock) fn deliver(
        &mut self,
        channel: Channel,
        to: Option<String>,
        case_id: &str,
        text: String,
        code: Option<&SecretText>,
    ) {
        // Unknown identifiers get the same answer, but nothing is delivered anywhere.
        let Some(to) = to else {
            self.withhold(
                channel,
                None,
                case_id,
                Withheld::no_account(
                    "no account has this identifier: the user sees the usual answer, and nothing is delivered",
                ),
            );
            return;
        };
        self.push_outbox(OutboxMessage {
            id: 0,
            at: self.now(),
            channel,
            to,
            case_id: Some(case_id.to_owned()),
            text,
            code: code.map(|c| c.expose().to_owned()),
            withheld: None,
            withheld_code: None,
            possible_at: None,
        });
    }

    /// Notes a message that was not sent, and why, for support staff.
    pub(in crate::mock) fn withhold(
        &mut self,
        channel: Channel,
        to: Option<String>,
        case_id: &str,
        reason: Withheld,
    ) {
        self.push_outbox(OutboxMessage {
            id: 0,
            at: self.now(),
            channel,
            to: to.unwrap_or_else(|| "-".to_owned()),
            case_id: Some(case_id.to_owned()),
            text: String::new(),
            code: None,
            withheld: Some(reason.text),
            withheld_code: Some(reason.code),
            possible_at: reason.possible_at,
        });
    }

    pub(in crate::mock) fn push_outbox(&mut self, mut message: OutboxMessage) {
        self.next_message_id += 1;
        message.id = self.next_message_id;
        if self.print_outbox {
            println!("{message}");
        }
        if self.outbox.len() == OUTBOX_KEEP {
            self.outbox.pop_front();
        }
        self.outbox.push_back(message);
    }

    /// Why a refused send sent nothing, with the time it becomes possible.
    pub(in crate::mock) fn withheld_reason(error: &ApiError) -> Withheld {
        let when = error
            .retry_at
            .and_then(|at| {
                at.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .map(|at| format!(" (possible again at {at})"))
            .unwrap_or_default();
        Withheld {
            text: format!("{}: {}{when}", error.code.as_str(), error.detail),
            code: error.code.as_str().to_owned(),
            possible_at: error.retry_at,
        }
    }

    /// Delivers a case's message to `to`, as `destination` gave it; when that
    /// is nothing because the account's number was detached, support staff
    /// see the number and why it got nothing.
    pub(in crate::mock) fn deliver_for(
        &mut self,
        case: &CaseRecord,
        channel: Channel,
        to: Option<String>,
        text: String,
        code: Option<&SecretText>,
    ) {
        let detached = match (&to, channel, self.account(case)) {
            (None, Channel::Sms | Channel::Enum, Some(account))
                if self.phone_of(account).is_none() =>
            {
                Some(account.phone.to_string())
            }
            _ => None,
        };
        match detached {
            Some(number) => self.withhold(
                channel,
                Some(number),
                &case.id(),
                Withheld::phone_detached(),
            ),
            None => self.deliver(channel, to, &case.id(), text, code),
        }
    }

    pub(in crate::mock) fn send_code(
        &mut self,
        case: &mut CaseRecord,
        channel: Channel,
        to: Option<String>,
        sent_to: String,
        purpose: &str,
    ) {
        let code = self.new_code();
        let minutes = self.settings().code_ttl_secs / 60;
        let text = format!(
            "WebMoney: {} is your code to {purpose} (case {}). It expires in {minutes} min. Never tell it to anyone.",
            code.expose(),
            case.reference
        );
        self.deliver_for(case, channel, to, text, Some(&code));
        case.pending = Some(PendingCode {
            code,
            channel,
            sent_to,
            expires_at: self.now() + secs(self.settings().code_ttl_secs),
        });
    }

    /// The account's phone and email as they are before the change: where the
    /// owner hears of it (OWASP ASVS 4.0.3, 2.5.5). A detached number is no
    /// longer the owner's, so it hears nothing.
    pub(in crate::mock) fn old_contacts(&self, case: &CaseRecord) -> Vec<(Channel, String)> {
        let Some(account) = self.account(case) else {
            return Vec::new();
        };
        let phone = self
            .phone_of(account)
            .map(|phone| (Channel::Sms, phone.to_string()));
        phone
            .into_iter()
            .chain([(Channel::Email, account.email.to_string())])
            .collect()
    }

    /// Notices (no code) to the old contacts: when a security period starts,
    /// with a stop code that ends the change; when a change is made.
    pub(in crate::mock) fn tell_old_contacts(&mut self, case: &CaseRecord) {
        let Some(wmid) = self.account(case).map(|a| a.wmid.to_string()) else {
            return;
        };
        let Some(what) = case.topic.spec().old_contacts_told_of else {
            return;
        };
        let text = match &case.stage {
            Stage::Wait {
                reason: WaitReason::SecurityPeriod,
                until,
                ..
            } => {
                let stop = format!("{}{}", self.random_hex(), self.random_hex());
                self.stops.insert(sha256(stop.as_bytes()), case.key);
                let until = until
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default();
                format!(
                    "WebMoney: a change of {what} of WMID {wmid} was confirmed with the security answer (case {}). It takes effect at {until}. If it wasn't you, stop it with this stop code: {stop}",
                    case.reference
                )
            }
            Stage::Done {
                state: CaseState::Completed,
                outcome:
                    Outcome::PhoneChanged
                    | Outcome::EmailChanged
                    | Outcome::PasswordChanged
                    | Outcome::SecurityQuestionChanged,
            } => format!(
                "WebMoney: {what} of WMID {wmid} was changed (case {}). If it wasn't you, contact support at once.",
                case.reference
            ),
            _ => return,
        };
        for (channel, to) in self.old_contacts(case) {
            self.deliver(channel, Some(to), &case.id(), text.clone(), None);
        }
    }

    /// "It wasn't me": the stop code from a notice ends the change while its
    /// security period runs. Unknown codes get the 404 of an unknown case.
    pub fn stop_change(&mut self, stop_code: &str) -> Result<(), ApiError> {
        let key = *self
            .stops
            .get(&sha256(stop_code.as_bytes()))
            .ok_or_else(ApiError::case_not_found)?;
        self.on_case_key(key, |engine, case, now| {
            if !matches!(
                case.stage,
                Stage::Wait {
                    reason: WaitReason::SecurityPeriod,
                    ..
                }
            ) {
                return Err(ApiError::wrong_state(
                    "the security period is over: the change can no longer be stopped",
                ));
            }
            engine.end_cancelled(case, now);
            Ok(())
        })
    }
}
