//! What support staff see: cases, locks, and a review decided by hand.
//! Looking changes no case.

use super::*;

/// What support staff see of a case, timers and counters included.
#[derive(Debug, Clone, Serialize)]
pub struct CaseInspection {
    pub case: Case,
    pub identifier: String,
    pub account_wmid: Option<String>,
    pub subject: &'static str,
    pub failed_attempts: u32,
    #[serde(with = "time::serde::rfc3339::option")]
    pub code_expires_at: Option<OffsetDateTime>,
    pub documents: Vec<DocumentMeta>,
    /// The case waits and its wait has ended: it moves on at its next request.
    pub wait_over: bool,
}

/// What support staff see of a lock: whose, until when, after how many wrong codes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LockInspection {
    /// The identifier whose wrong codes caused it, as `wmid:…`, `purse:…`, `phone:…` or `email:…`.
    pub holder: String,
    #[serde(with = "time::serde::rfc3339")]
    pub until: OffsetDateTime,
    pub failed_attempts: u32,
}

impl Engine {
    /// Support: ends a document review now, with this decision.
    pub fn decide_review(
        &mut self,
        case_id: &str,
        decision: ReviewDecision,
    ) -> Result<Case, ApiError> {
        self.on_case(case_id, |engine, case, now| {
            let Stage::Wait {
                reason: WaitReason::DocumentReview,
                until,
                ..
            } = &mut case.stage
            else {
                return Err(ApiError::wrong_state("this case is not under review"));
            };
            *until = now;
            case.session_mut().review_override = Some(decision);
            engine.refresh(case, now);
            Ok(engine.view(case, now))
        })
    }

    /// Support: cancels a case as its owner would, so the user's recovery
    /// can be started again at once.
    pub fn cancel_for_support(&mut self, case_id: &str) -> Result<Case, ApiError> {
        self.on_case(case_id, |engine, case, now| {
            Self::ensure_active(case, now)?;
            engine.end_cancelled(case, now);
            Ok(engine.view(case, now))
        })
    }

    /// Support: a case as it stands. Reading changes nothing: a wait that
    /// has ended is reported as such, and the case moves on at its next request.
    pub fn inspect(&self, case_id: &str) -> Result<CaseInspection, ApiError> {
        let case = case_key(case_id)
            .and_then(|key| self.cases.get(&key))
            .ok_or_else(ApiError::case_not_found)?;
        Ok(self.inspection(case, self.now()))
    }

    /// Support: the locks in force now, soonest to end first.
    pub fn locks(&self) -> Vec<LockInspection> {
        let now = self.now();
        let mut locks: Vec<LockInspection> = self
            .limits
            .iter()
            .filter_map(|(holder, limits)| {
                let until = limits.locked_until.filter(|until| *until > now)?;
                Some(LockInspection {
                    holder: holder.clone(),
                    until,
                    failed_attempts: limits.locked_after,
                })
            })
            .collect();
        locks.sort_by_key(|lock| lock.until);
        locks
    }

    /// Every case, oldest first.
    pub fn inspect_all(&self) -> Vec<CaseInspection> {
        let now = self.now();
        let mut cases: Vec<&CaseRecord> = self.cases.values().collect();
        cases.sort_unstable_by_key(|case| (case.opened, case.key));
        cases
            .into_iter()
            .map(|case| self.inspection(case, now))
            .collect()
    }

    pub(in crate::mock) fn inspection(
        &self,
        case: &CaseRecord,
        now: OffsetDateTime,
    ) -> CaseInspection {
        CaseInspection {
            case: self.view(case, now),
            identifier: case.identifier.to_string(),
            account_wmid: self.account(case).map(|a| a.wmid.to_string()),
            subject: match case.subject {
                Subject::Account(_) => "account",
                Subject::Unknown => "unknown",
                Subject::Lookup(_) => "lookup",
                Subject::OwnPhone => "own_phone",
            },
            failed_attempts: case
                .session()
                .map(|s| &s.attempts)
                .or_else(|| self.limits.get(&case.limits_key()))
                .map_or(0, |l| l.failed_since(now - secs(self.settings().lock_secs))),
            code_expires_at: case.pending.as_ref().map(|p| p.expires_at),
            documents: case
                .session()
                .map(|s| s.documents.clone())
                .unwrap_or_default(),
            wait_over: matches!(case.stage, Stage::Wait { until, .. } if until <= now),
        }
    }
}
