//! Topic 6: Change the security question: a new question and answer, both checked
//! as free text. Later cases ask the new question and take the new answer.

use time::OffsetDateTime;

use super::{Rules, done, with_account};
use crate::domain::{Field, check_text};
use crate::mock::engine::{CaseRecord, Change, Engine, Stage};
use crate::mock::error::ApiError;
use crate::protocol::{Outcome, StepRequest};

pub(super) static RULES: Rules = Rules { after_verify, step };

fn after_verify(engine: &Engine, case: &CaseRecord) -> Stage {
    with_account(engine, case, Stage::NewSecurityQuestion)
}

fn step(
    _: &mut Engine,
    case: &mut CaseRecord,
    request: StepRequest,
    _: OffsetDateTime,
) -> Option<Result<Stage, ApiError>> {
    match (&case.stage, request) {
        (Stage::NewSecurityQuestion, StepRequest::NewSecurityQuestion { question, answer }) => {
            Some(
                check_text(Field::Question, &question)
                    .map_err(|e| ApiError::invalid_field(Field::Question, e.to_string()))
                    .and_then(|()| {
                        check_text(Field::Answer, answer.expose())
                            .map_err(|e| ApiError::invalid_field(Field::Answer, e.to_string()))
                    })
                    .map(|()| {
                        // Asked from now on, wherever the security answer is.
                        case.session_mut().change =
                            Some(Change::SecurityQuestion { question, answer });
                        done(Outcome::SecurityQuestionChanged)
                    }),
            )
        }
        _ => None,
    }
}
