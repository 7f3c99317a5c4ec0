//! Topic 1: Restore the Keeper password: the security answer if the account has
//! one, documents for a personal passport, then a new password.

use time::OffsetDateTime;

use super::{Rules, done};
use crate::domain::{Field, Password};
use crate::mock::engine::{CaseRecord, Engine, Stage};
use crate::mock::error::ApiError;
use crate::protocol::{Outcome, StepRequest};

pub(super) static RULES: Rules = Rules { after_verify, step };

fn after_verify(engine: &Engine, case: &CaseRecord) -> Stage {
    let Some(account) = engine.account(case) else {
        return Stage::Challenge;
    };
    let rest = if account.needs_documents() {
        Stage::Documents {
            then: Box::new(Stage::NewPassword),
        }
    } else {
        Stage::NewPassword
    };
    if account.security_question.is_some() {
        Stage::SecurityAnswer {
            then: Box::new(rest),
        }
    } else {
        rest
    }
}

fn step(
    _: &mut Engine,
    case: &mut CaseRecord,
    request: StepRequest,
    _: OffsetDateTime,
) -> Option<Result<Stage, ApiError>> {
    match (&case.stage, request) {
        (Stage::NewPassword, StepRequest::NewPassword { password }) => Some(
            Password::parse(password.expose())
                .map_err(|e| ApiError::invalid_field(Field::Password, e.to_string()))
                .map(|_| done(Outcome::PasswordChanged)),
        ),
        _ => None,
    }
}
