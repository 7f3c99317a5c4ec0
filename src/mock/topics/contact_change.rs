//! Topics 2 and 5: Change the phone number or the email: the new contact gets a
//! code, then the change is confirmed from the current contact, by E-NUM,
//! by SMS (for an email), or by the security answer and a waiting period.

use time::OffsetDateTime;

use super::{Rules, done, with_account};
use crate::domain::{Email, Field, InputError, Phone};
use crate::mock::engine::{CaseRecord, Change, Engine, Stage};
use crate::mock::error::ApiError;
use crate::protocol::{Channel, ConfirmMethod, Outcome, StepRequest, TopicId, WaitReason};

pub(super) static RULES: Rules = Rules { after_verify, step };

fn after_verify(engine: &Engine, case: &CaseRecord) -> Stage {
    with_account(engine, case, Stage::NewContact(contact_channel(case.topic)))
}

fn contact_channel(topic: TopicId) -> Channel {
    if topic == TopicId::ChangeEmail {
        Channel::Email
    } else {
        Channel::Sms
    }
}

fn changed_outcome(topic: TopicId) -> Outcome {
    if topic == TopicId::ChangeEmail {
        Outcome::EmailChanged
    } else {
        Outcome::PhoneChanged
    }
}

impl Engine {
    /// How the current contact can confirm the change, for this account. A
    /// detached number confirms nothing: neither its SMS nor E-NUM on it.
    pub(in crate::mock) fn confirm_methods(&self, case: &CaseRecord) -> Vec<ConfirmMethod> {
        let Some(account) = self.account(case) else {
            return Vec::new();
        };
        let has_phone = self.phone_of(account).is_some();
        let mut methods = Vec::new();
        match case.topic {
            TopicId::ChangePhone if has_phone => {
                methods.push(ConfirmMethod::OldContact);
                if account.enum_registered {
                    methods.push(ConfirmMethod::Enum);
                }
            }
            TopicId::ChangePhone => {}
            TopicId::ChangeEmail => {
                methods.push(ConfirmMethod::OldContact);
                if has_phone {
                    methods.push(ConfirmMethod::Sms);
                }
            }
            _ => methods.push(ConfirmMethod::OldContact),
        }
        if account.security_question.is_some() {
            methods.push(ConfirmMethod::SecurityQuestion);
        }
        methods
    }
}

fn step(
    engine: &mut Engine,
    case: &mut CaseRecord,
    request: StepRequest,
    now: OffsetDateTime,
) -> Option<Result<Stage, ApiError>> {
    Some(match (case.stage.clone(), request) {
        (Stage::NewContact(_) | Stage::NewContactCode, StepRequest::NewContact { value }) => {
            new_contact(engine, case, &value, now)
        }
        (Stage::NewContactCode, StepRequest::ContactCode { code }) => {
            engine.check_code(case, &code, now).map(|()| {
                // An account whose number was detached, with no security
                // question either, has nothing to confirm from: the new
                // number is attached as the Keeper confirmed it.
                if engine.confirm_methods(case).is_empty() {
                    done(changed_outcome(case.topic))
                } else {
                    Stage::ConfirmOld
                }
            })
        }
        (Stage::ConfirmOld | Stage::OldContactCode, StepRequest::ConfirmOld { method }) => {
            confirm_from_old(engine, case, method, now)
        }
        (Stage::OldContactCode, StepRequest::ContactCode { code }) => engine
            .check_code(case, &code, now)
            .map(|()| done(changed_outcome(case.topic))),
        _ => return None,
    })
}

/// The new contact gets a code; the account's own contact is refused.
fn new_contact(
    engine: &mut Engine,
    case: &mut CaseRecord,
    value: &str,
    now: OffsetDateTime,
) -> Result<Stage, ApiError> {
    let Some(account) = engine.account(case).cloned() else {
        return Err(ApiError::unauthorized());
    };
    let channel = contact_channel(case.topic);
    let (full, masked, current, change) = match channel {
        Channel::Email => {
            let email: Email = value
                .parse()
                .map_err(|e: InputError| ApiError::invalid_field(Field::Email, e.to_string()))?;
            let current = email == account.email;
            (
                email.to_string(),
                email.masked(),
                current,
                Change::Email(email),
            )
        }
        _ => {
            let phone: Phone = value
                .parse()
                .map_err(|e: InputError| ApiError::invalid_field(Field::Phone, e.to_string()))?;
            // A detached number is no longer the account's: it may be attached again.
            let current = engine.phone_of(&account) == Some(&phone);
            (
                phone.to_string(),
                phone.masked(),
                current,
                Change::Phone(phone),
            )
        }
    };
    if current {
        return Err(ApiError::invalid_field(
            if channel == Channel::Email {
                Field::Email
            } else {
                Field::Phone
            },
            "this is already the account's contact",
        ));
    }
    engine.allow_step_send(case, now, channel, Some(full.clone()))?;
    engine.send_code(
        case,
        channel,
        Some(full),
        masked,
        "confirm your new contact",
    );
    // Made to the account when the change completes.
    case.session_mut().change = Some(change);
    Ok(Stage::NewContactCode)
}

/// The current contact confirms: a code to it, or the security answer
/// followed by a waiting period.
fn confirm_from_old(
    engine: &mut Engine,
    case: &mut CaseRecord,
    method: ConfirmMethod,
    now: OffsetDateTime,
) -> Result<Stage, ApiError> {
    if !engine.confirm_methods(case).contains(&method) {
        return Err(ApiError::invalid_field(
            Field::Method,
            "this confirmation method is not available for this account",
        ));
    }
    let outcome = changed_outcome(case.topic);
    let channel = match (method, case.topic) {
        (ConfirmMethod::SecurityQuestion, _) => {
            let wait = Stage::WaitFor {
                reason: WaitReason::SecurityPeriod,
                secs: engine.settings().security_period_secs,
                then: Box::new(done(outcome)),
            };
            return Ok(Stage::SecurityAnswer {
                then: Box::new(wait),
            });
        }
        (ConfirmMethod::Enum, _) => Channel::Enum,
        (ConfirmMethod::OldContact, TopicId::ChangeEmail) => Channel::Email,
        _ => Channel::Sms,
    };
    let (to, sent_to) = engine.destination(case, channel);
    engine.allow_step_send(case, now, channel, to.clone())?;
    engine.send_code(
        case,
        channel,
        to,
        sent_to,
        "confirm the change from your current contact",
    );
    Ok(Stage::OldContactCode)
}
