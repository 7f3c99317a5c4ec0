//! Topic 4: Re-register the SIM card after its replacement: a code to the new SIM
//! on the account's number.

use time::OffsetDateTime;

use super::{Rules, done, with_account};
use crate::mock::engine::{CaseRecord, Engine, Stage};
use crate::mock::error::ApiError;
use crate::protocol::{Channel, Outcome, StepRequest};

pub(super) static RULES: Rules = Rules { after_verify, step };

fn after_verify(engine: &Engine, case: &CaseRecord) -> Stage {
    with_account(engine, case, Stage::ReregisterSim)
}

fn step(
    engine: &mut Engine,
    case: &mut CaseRecord,
    request: StepRequest,
    now: OffsetDateTime,
) -> Option<Result<Stage, ApiError>> {
    Some(match (case.stage.clone(), request) {
        (Stage::ReregisterSim | Stage::NewSimCode, StepRequest::ReregisterSim) => {
            code_to_the_new_sim(engine, case, now)
        }
        (Stage::NewSimCode, StepRequest::ContactCode { code }) => engine
            .check_code(case, &code, now)
            .map(|()| done(Outcome::SimReregistered)),
        _ => return None,
    })
}

fn code_to_the_new_sim(
    engine: &mut Engine,
    case: &mut CaseRecord,
    now: OffsetDateTime,
) -> Result<Stage, ApiError> {
    // Only the verified owner gets here: telling them is no enumeration.
    if engine
        .account(case)
        .is_some_and(|account| engine.phone_of(account).is_none())
    {
        return Err(ApiError::wrong_state(
            "this account's number was detached: it has no number to re-register a SIM card for; attach one by changing the phone number",
        ));
    }
    let (to, sent_to) = engine.destination(case, Channel::Sms);
    engine.allow_step_send(case, now, Channel::Sms, to.clone())?;
    engine.send_code(
        case,
        Channel::Sms,
        to,
        sent_to,
        "register your new SIM card",
    );
    Ok(Stage::NewSimCode)
}
