//! The requests a case answers before and after verification: the first
//! code, the code itself, the steps (handed to the topic's rules), documents.

use super::*;
use crate::mock::topics;

impl Engine {
    pub fn challenge(
        &mut self,
        case_id: &str,
        token: Option<&str>,
        channel: Channel,
    ) -> Result<Case, ApiError> {
        self.on_authorized_case(case_id, token, Credential::Case, |engine, case, now| {
            Self::ensure_active(case, now)?;
            if !matches!(case.stage, Stage::Challenge | Stage::Code) {
                return Err(ApiError::wrong_state(
                    "a first code can be asked for only before verification",
                ));
            }
            if !engine.channels(case).contains(&channel) {
                return Err(ApiError::new(
                    ErrorCode::UnsupportedChannel,
                    "this channel cannot be used for this case",
                )
                .field(Field::Channel));
            }
            let limits_key = case.limits_key();
            let last = engine
                .limits
                .get(&limits_key)
                .and_then(|l| l.last_challenge);
            let allowed = engine
                .check_lock(&limits_key, now)
                .and_then(|()| engine.check_send_allowed(&limits_key, last, now));
            if let Err(refused) = allowed {
                let (to, _) = engine.destination(case, channel);
                engine.withhold(channel, to, &case.id(), Self::withheld_reason(&refused));
                return Err(refused);
            }
            engine.limits(&limits_key).last_challenge = Some(now);
            if let Subject::Lookup(channel) = case.subject {
                topics::send_wmids(engine, case, channel, now);
            } else {
                let (to, sent_to) = engine.destination(case, channel);
                engine.send_code(case, channel, to, sent_to, "confirm the recovery of access");
                engine.enter(case, Stage::Code, now);
            }
            Ok(engine.view(case, now))
        })
    }

    pub fn verify(
        &mut self,
        case_id: &str,
        token: Option<&str>,
        code: &SecretText,
    ) -> Result<Verified, ApiError> {
        self.on_authorized_case(case_id, token, Credential::Case, |engine, case, now| {
            Self::ensure_active(case, now)?;
            if !matches!(case.stage, Stage::Code) {
                return Err(ApiError::new(ErrorCode::NoCodeSent, "ask for a code first"));
            }
            engine.check_code(case, code, now)?;
            engine.mark_verified(case);
            let next = (topics::rules(case.topic).after_verify)(engine, case);
            engine.enter(case, next, now);
            Ok(Verified {
                session_token: engine.new_token(case.key, Credential::Session),
                token_expires_at: case.expires_at,
                case: engine.view(case, now),
            })
        })
    }

    pub fn step(
        &mut self,
        case_id: &str,
        token: Option<&str>,
        request: StepRequest,
    ) -> Result<Case, ApiError> {
        self.on_authorized_case(case_id, token, Credential::Session, |engine, case, now| {
            Self::ensure_active(case, now)?;
            let next = engine.apply_step(case, request, now)?;
            engine.enter(case, next, now);
            Ok(engine.view(case, now))
        })
    }

    /// A step: the security answer, which several topics ask for, or one
    /// of the case's topic's own.
    pub(in crate::mock) fn apply_step(
        &mut self,
        case: &mut CaseRecord,
        request: StepRequest,
        now: OffsetDateTime,
    ) -> Result<Stage, ApiError> {
        if let (Stage::SecurityAnswer { then }, StepRequest::SecurityAnswer { answer }) =
            (&case.stage, &request)
        {
            let then = (**then).clone();
            self.check_security_answer(case, answer, now)?;
            return Ok(then);
        }
        let refused = ApiError::wrong_state(format!(
            "this case expects {}, not {}",
            case.stage.name(),
            request.name()
        ));
        (topics::rules(case.topic).step)(self, case, request, now).unwrap_or(Err(refused))
    }

    /// Only a verified case asks for it: a lock on the identifier caused by
    /// others' wrong codes does not stop it, its own wrong answers do.
    fn check_security_answer(
        &mut self,
        case: &mut CaseRecord,
        answer: &SecretText,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        self.check_case_lock(case, now)?;
        let expected = self.account(case).and_then(|a| a.security_answer.clone());
        let right = expected.is_some_and(|e| {
            SecretText::new(e.expose().trim().to_lowercase())
                .matches(&answer.expose().trim().to_lowercase())
        });
        if !right {
            let wrong = ApiError::new(ErrorCode::WrongCode, "that is not the right code");
            return Err(self.fail_case_attempt(case, Field::Answer, now, wrong));
        }
        self.right_case_attempt(case);
        Ok(())
    }

    pub fn documents(
        &mut self,
        case_id: &str,
        token: Option<&str>,
        documents: Vec<UploadedDocument>,
    ) -> Result<Case, ApiError> {
        self.on_authorized_case(case_id, token, Credential::Session, |engine, case, now| {
            Self::ensure_active(case, now)?;
            let Stage::Documents { then } = &case.stage else {
                return Err(ApiError::wrong_state(format!(
                    "this case expects {}, not documents",
                    case.stage.name()
                )));
            };
            let then = then.clone();
            if documents.is_empty() {
                return Err(ApiError::invalid_field(
                    Field::Document,
                    "attach at least one document",
                ));
            }
            let mut metas = Vec::with_capacity(documents.len());
            for document in &documents {
                let size = document.bytes.len() as u64;
                let content_type =
                    check_document(&document.file_name, &document.bytes).map_err(|problem| {
                        match &problem {
                            DocumentProblem::TooLarge { .. } => {
                                ApiError::new(ErrorCode::PayloadTooLarge, problem.to_string())
                                    .field(Field::Document)
                            }
                            DocumentProblem::NotADocument { .. } => {
                                ApiError::invalid_field(Field::Document, problem.to_string())
                            }
                        }
                    })?;
                metas.push(DocumentMeta {
                    file_name: document.file_name.clone(),
                    content_type: content_type.into(),
                    size,
                });
            }
            case.session_mut().documents = metas;
            let review = Stage::WaitFor {
                reason: WaitReason::DocumentReview,
                secs: engine.settings().review_secs,
                then,
            };
            engine.enter(case, review, now);
            Ok(engine.view(case, now))
        })
    }
}
