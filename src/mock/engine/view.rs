//! The case as the wire shows it, and what it expects next.

use super::*;

impl Engine {
    pub(in crate::mock) fn view(&self, case: &CaseRecord, now: OffsetDateTime) -> Case {
        let settings = self.settings();
        let limits = self.limits.get(&case.limits_key());
        // A verified case shows its own attempts and lock, not its identifier's.
        let attempts = case.session().map(|s| &s.attempts).or(limits);
        let locked_until = attempts.and_then(|l| l.locked_until).filter(|t| *t > now);
        let sends_today = limits.map_or(0, |l| {
            l.sends.iter().filter(|t| **t + SEND_WINDOW > now).count()
        });
        let expired = Self::is_expired(case, now);
        let state = match &case.stage {
            Stage::Done { state, .. } => *state,
            _ if expired => CaseState::Expired,
            Stage::Challenge => CaseState::AwaitingChallenge,
            Stage::Code => CaseState::AwaitingCode,
            Stage::Wait {
                reason: WaitReason::DocumentReview,
                ..
            } => CaseState::UnderReview,
            Stage::Wait { .. } => CaseState::Waiting,
            Stage::Download => CaseState::Ready,
            _ => CaseState::AwaitingStep,
        };
        let next = if state.is_final() {
            Expect::Nothing
        } else {
            self.expect(case)
        };
        Case {
            case_id: crate::protocol::CaseId::new(case.id()),
            reference: case.reference.to_string(),
            topic: case.topic,
            state,
            next,
            attempts_left: if locked_until.is_some() {
                0
            } else {
                settings.max_attempts.saturating_sub(
                    attempts.map_or(0, |l| l.failed_since(now - secs(settings.lock_secs))),
                )
            },
            resend_at: if case.stage.is_contact_code() {
                case.session().and_then(|s| s.last_step_send)
            } else {
                limits.and_then(|l| l.last_challenge)
            }
            .map(|t| t + secs(settings.resend_cooldown_secs)),
            sends_left: u32::try_from(
                (settings.sends_per_day as usize).saturating_sub(sends_today),
            )
            .unwrap_or(0),
            locked_until,
            ready_at: match &case.stage {
                Stage::Wait { until, .. } => Some(*until),
                _ => None,
            },
            expires_at: case.expires_at,
            outcome: match &case.stage {
                Stage::Done { outcome, .. } => Some(outcome.clone()),
                Stage::Download => Some(Outcome::KeyfileIssued),
                _ => None,
            },
        }
    }

    pub(in crate::mock) fn expect(&self, case: &CaseRecord) -> Expect {
        let pending = |fallback: Channel| {
            let (channel, sent_to) = case
                .pending
                .as_ref()
                .map_or((fallback, String::new()), |p| {
                    (p.channel, p.sent_to.clone())
                });
            (channel, sent_to)
        };
        match &case.stage {
            Stage::Challenge => {
                let channels = self.channels(case);
                // Masked as the code step will say it (also for an identifier
                // no account has: `destination` makes one up alike).
                let sent_to = channels
                    .iter()
                    .map(|channel| self.destination(case, *channel).1)
                    .collect();
                Expect::Challenge { channels, sent_to }
            }
            Stage::Code => {
                let (channel, sent_to) = pending(Channel::Sms);
                Expect::Code { channel, sent_to }
            }
            Stage::SecurityAnswer { .. } => Expect::SecurityAnswer {
                question: self
                    .account(case)
                    .and_then(|a| a.security_question.clone())
                    .unwrap_or_default(),
            },
            Stage::NewPassword => Expect::NewPassword { min_length: 8 },
            Stage::NewContact(channel) => Expect::NewContact { channel: *channel },
            // Listed, not guarded, so a new stage cannot slip past this match.
            Stage::NewContactCode | Stage::OldContactCode | Stage::NewSimCode => {
                let (channel, sent_to) = pending(Channel::Sms);
                Expect::ContactCode { channel, sent_to }
            }
            Stage::ConfirmOld => {
                let methods = self.confirm_methods(case);
                let security_period_secs = methods
                    .contains(&ConfirmMethod::SecurityQuestion)
                    .then(|| self.settings().security_period_secs);
                Expect::ConfirmOld {
                    methods,
                    security_period_secs,
                }
            }
            Stage::ConfirmDetach => Expect::ConfirmDetach {
                phone: self.destination(case, Channel::Sms).1,
            },
            Stage::ReregisterSim => Expect::ReregisterSim {
                phone: self.destination(case, Channel::Sms).1,
            },
            Stage::Documents { .. } => Expect::Documents {
                accepted: DOCUMENT_TYPES.iter().map(|t| (*t).to_owned()).collect(),
                max_bytes: DOCUMENT_MAX_BYTES,
                min_files: 1,
            },
            Stage::NewSecurityQuestion => Expect::NewSecurityQuestion,
            Stage::Wait { reason, until, .. } => Expect::Wait {
                reason: *reason,
                until: *until,
                // As `tell_old_contacts` does when the period starts.
                old_contacts_told: *reason == WaitReason::SecurityPeriod
                    && case.topic.spec().old_contacts_told_of.is_some()
                    && self.account(case).is_some(),
            },
            Stage::Download => match case.session().and_then(|s| s.keyfile.as_ref()) {
                Some(bytes) => Expect::Download {
                    sha256: hex::encode(sha256(bytes)),
                    size: bytes.len() as u64,
                },
                None => Expect::Nothing,
            },
            Stage::WaitFor { .. } | Stage::SendEnumActivation | Stage::Done { .. } => {
                Expect::Nothing
            }
        }
    }
}
