//! Topic 3: Deactivate a phone number: whoever holds the number confirms by a code
//! sent to it; every account registered to it is told by email, and the
//! number is detached after a waiting period.

use time::OffsetDateTime;

use super::{Rules, done};
use crate::mock::engine::{CaseRecord, Engine, Stage};
use crate::mock::error::ApiError;
use crate::mock::scenario::Account;
use crate::protocol::{Channel, Outcome, StepRequest, WaitReason};

pub(super) static RULES: Rules = Rules {
    // The number's user need not own an account.
    after_verify: |_, _| Stage::ConfirmDetach,
    step,
};

fn step(
    engine: &mut Engine,
    case: &mut CaseRecord,
    request: StepRequest,
    _: OffsetDateTime,
) -> Option<Result<Stage, ApiError>> {
    match (&case.stage, request) {
        (Stage::ConfirmDetach, StepRequest::ConfirmDetach) => Some(Ok(detach(engine, case))),
        _ => None,
    }
}

fn detach(engine: &mut Engine, case: &CaseRecord) -> Stage {
    let holders: Vec<Account> = engine
        .scenario
        .accounts
        .iter()
        .filter(|a| engine.names(a, &case.identifier))
        .cloned()
        .collect();
    for holder in holders {
        let text = format!(
            "WebMoney: a request to detach phone {} from WMID {} was made (case {}). If you still use this number, contact support.",
            holder.phone.masked(),
            holder.wmid,
            case.reference
        );
        engine.deliver(
            Channel::Email,
            Some(holder.email.to_string()),
            &case.id(),
            text,
            None,
        );
    }
    Stage::WaitFor {
        reason: WaitReason::SecurityPeriod,
        secs: engine.settings().detach_period_secs,
        then: Box::new(done(Outcome::PhoneDetached)),
    }
}
