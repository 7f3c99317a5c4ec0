//! The topics' own rules, one file each: what a case asks for once its owner
//! has typed the right code, and the steps only that topic takes. The engine
//! keeps what topics share: codes, limits, waits, documents, the security
//! answer. Adding a topic means adding a file here and its line in `rules`.

mod contact_change;
mod deactivate_phone;
mod enum_account;
mod find_accounts;
mod keyfile;
mod password;
mod security_question;
mod sim;

use time::OffsetDateTime;

use super::engine::{CaseRecord, Engine, Stage};
use super::error::ApiError;
use crate::protocol::{StepRequest, TopicId};

pub(in crate::mock) use find_accounts::send_wmids;

/// A step a topic takes: `None` when the request is not one of its steps at
/// the case's stage.
pub(in crate::mock) type StepRule = fn(
    &mut Engine,
    &mut CaseRecord,
    StepRequest,
    OffsetDateTime,
) -> Option<Result<Stage, ApiError>>;

/// One topic's rules.
pub(in crate::mock) struct Rules {
    /// What the case asks for once verified. Unknown identifiers never
    /// verify, so a topic that needs an account finds one.
    pub after_verify: fn(&Engine, &CaseRecord) -> Stage,
    pub step: StepRule,
}

/// For topics with no steps of their own after verification.
fn no_steps(
    _: &mut Engine,
    _: &mut CaseRecord,
    _: StepRequest,
    _: OffsetDateTime,
) -> Option<Result<Stage, ApiError>> {
    None
}

/// `stage` once verified. A case without an account never verifies: it
/// stays at the challenge.
fn with_account(engine: &Engine, case: &CaseRecord, stage: Stage) -> Stage {
    match engine.account(case) {
        Some(_) => stage,
        None => Stage::Challenge,
    }
}

/// A finished case with this outcome.
fn done(outcome: crate::protocol::Outcome) -> Stage {
    Stage::Done {
        state: crate::protocol::CaseState::Completed,
        outcome,
    }
}

pub(in crate::mock) fn rules(topic: TopicId) -> &'static Rules {
    match topic {
        TopicId::RestorePassword => &password::RULES,
        TopicId::ChangePhone | TopicId::ChangeEmail => &contact_change::RULES,
        TopicId::DeactivatePhone => &deactivate_phone::RULES,
        TopicId::ReregisterSim => &sim::RULES,
        TopicId::ChangeSecurityQuestion => &security_question::RULES,
        TopicId::FindAccounts => &find_accounts::RULES,
        TopicId::RestoreKeyfile => &keyfile::RULES,
        TopicId::RestoreEnum => &enum_account::RULES,
    }
}
