//! Attempts, locks, sends and the rate of new cases, counted per account
//! (or unknown identifier) and per client address.

use super::*;

/// What is left of a client's allowance of new cases, and when it was counted.
pub(in crate::mock) struct Bucket {
    pub(in crate::mock) tokens: f64,
    pub(in crate::mock) at: OffsetDateTime,
}

/// Attempts, locks and sends, counted per account (or per unknown identifier),
/// so that starting a new case does not reset them.
#[derive(Default)]
pub(in crate::mock) struct Limits {
    /// When each wrong code (or answer) since the last right one was typed. Only
    /// those within the lock window count: a lock needs a burst of wrong codes,
    /// not a few spread over days.
    pub(in crate::mock) failures: VecDeque<OffsetDateTime>,
    pub(in crate::mock) locked_until: Option<OffsetDateTime>,
    /// The wrong codes that led to the lock, for support staff.
    pub(in crate::mock) locked_after: u32,
    pub(in crate::mock) sends: VecDeque<OffsetDateTime>,
    /// The last first-code send: its cooldown holds across cases.
    pub(in crate::mock) last_challenge: Option<OffsetDateTime>,
}

impl Limits {
    pub(in crate::mock) fn forget_failures_before(&mut self, start: OffsetDateTime) {
        while self.failures.front().is_some_and(|t| *t <= start) {
            self.failures.pop_front();
        }
    }

    pub(in crate::mock) fn failed(&self) -> u32 {
        u32::try_from(self.failures.len()).unwrap_or(u32::MAX)
    }

    /// Wrong codes typed after `start`.
    pub(in crate::mock) fn failed_since(&self, start: OffsetDateTime) -> u32 {
        let recent = self.failures.iter().filter(|t| **t > start).count();
        u32::try_from(recent).unwrap_or(u32::MAX)
    }
}

impl Engine {
    pub(in crate::mock) fn limits(&mut self, key: &str) -> &mut Limits {
        self.limits.entry(key.to_owned()).or_default()
    }

    pub(in crate::mock) fn check_lock(
        &self,
        key: &str,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        match self.limits.get(key).and_then(|l| l.locked_until) {
            Some(until) if until > now => Err(ApiError::new(
                ErrorCode::Locked,
                "too many wrong codes: this account is locked for a while",
            )
            .attempts_left(0)
            .retry_at(until, now)),
            _ => Ok(()),
        }
    }

    /// Checks the cooldown since `last` and the daily cap, and counts the send.
    pub(in crate::mock) fn check_send_allowed(
        &mut self,
        key: &str,
        last: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        let cooldown = secs(self.settings().resend_cooldown_secs);
        let cap = self.settings().sends_per_day as usize;
        let limits = self.limits(key);
        while limits
            .sends
            .front()
            .is_some_and(|t| *t + SEND_WINDOW <= now)
        {
            limits.sends.pop_front();
        }
        if let Some(last) = last
            && last + cooldown > now
        {
            let at = last + cooldown;
            return Err(ApiError::new(
                ErrorCode::ResendCooldown,
                "a code was sent a moment ago; another can be sent shortly",
            )
            .retry_at(at, now));
        }
        if limits.sends.len() >= cap
            && let Some(first) = limits.sends.front()
        {
            let at = *first + SEND_WINDOW;
            return Err(ApiError::new(
                ErrorCode::RateLimited,
                "the daily number of codes for this account is used up",
            )
            .retry_at(at, now));
        }
        limits.sends.push_back(now);
        Ok(())
    }

    /// Counts a wrong code or answer; the last allowed one locks the account.
    pub(in crate::mock) fn fail_attempt(
        &mut self,
        key: &str,
        field: Field,
        now: OffsetDateTime,
    ) -> ApiError {
        let wrong = ApiError::new(ErrorCode::WrongCode, "that is not the right code");
        self.count_failure(key, field, now, wrong)
    }

    /// Counts a failed attempt of any kind against the account: `wrong` while
    /// attempts are left (with how many), a lock at the last one.
    pub(in crate::mock) fn count_failure(
        &mut self,
        key: &str,
        field: impl Into<Member> + Copy,
        now: OffsetDateTime,
        wrong: ApiError,
    ) -> ApiError {
        let max = self.settings().max_attempts;
        let lock = secs(self.settings().lock_secs);
        let limits = self.limits(key);
        limits.forget_failures_before(now - lock);
        limits.failures.push_back(now);
        let failed = limits.failed();
        if failed >= max {
            limits.locked_after = failed;
            limits.failures.clear();
            limits.locked_until = Some(now + lock);
            ApiError::new(
                ErrorCode::Locked,
                "too many wrong codes: this account is locked for a while",
            )
            .field(field)
            .attempts_left(0)
            .retry_at(now + lock, now)
        } else {
            wrong.field(field).attempts_left(max - failed)
        }
    }

    pub(in crate::mock) fn check_code(
        &mut self,
        case: &mut CaseRecord,
        code: &SecretText,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        self.check_lock(&case.limits_key, now)?;
        let Some(pending) = &case.pending else {
            return Err(ApiError::new(
                ErrorCode::NoCodeSent,
                "no code has been sent for this step",
            ));
        };
        if now >= pending.expires_at {
            return Err(ApiError::new(
                ErrorCode::CodeExpired,
                "this code has expired; ask for a new one",
            )
            .field(Field::Code));
        }
        // Unknown identifiers never verify, whatever is typed.
        let right = case.subject != Subject::Unknown && pending.code.matches(code.expose());
        if !right {
            return Err(self.fail_attempt(&case.limits_key, Field::Code, now));
        }
        self.limits(&case.limits_key).failures.clear();
        case.pending = None;
        Ok(())
    }

    /// A client may open `cases_per_minute` cases at once, and that many a
    /// minute after (a token bucket); a flood is answered 429, cheaply.
    pub(in crate::mock) fn check_creation_rate(
        &mut self,
        client: Option<IpAddr>,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        let Some(client) = client else {
            return Ok(());
        };
        let rate = f64::from(self.settings().cases_per_minute);
        let per_sec = rate / CREATION_WINDOW.as_seconds_f64();
        let bucket = self.creations.entry(client).or_insert(Bucket {
            tokens: rate,
            at: now,
        });
        let elapsed = (now - bucket.at).as_seconds_f64().max(0.0);
        bucket.tokens = (bucket.tokens + elapsed * per_sec).min(rate);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        let wait = if per_sec > 0.0 {
            (1.0 - bucket.tokens) / per_sec
        } else {
            CREATION_WINDOW.as_seconds_f64()
        };
        Err(ApiError::new(
            ErrorCode::RateLimited,
            "too many new cases from this client; try again shortly",
        )
        .retry_at(now + Duration::seconds_f64(wait.ceil()), now))
    }

    /// A code sent by a step. Asking again in the same step is a resend, and
    /// waits out the cooldown; every send counts against the daily cap.
    /// A refusal is noted in the outbox for support staff.
    pub(in crate::mock) fn allow_step_send(
        &mut self,
        case: &mut CaseRecord,
        now: OffsetDateTime,
        channel: Channel,
        to: Option<String>,
    ) -> Result<(), ApiError> {
        let resend = case.stage.is_contact_code();
        let last = if resend { case.last_step_send } else { None };
        if let Err(refused) = self.check_send_allowed(&case.limits_key, last, now) {
            self.withhold(channel, to, &case.id, Self::withheld_reason(&refused));
            return Err(refused);
        }
        case.last_step_send = Some(now);
        Ok(())
    }
}
