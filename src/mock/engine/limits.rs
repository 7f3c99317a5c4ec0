//! Attempts, locks, sends and the rate of new cases, counted per account
//! (or unknown identifier), per verified case, and per client; and the bound
//! on cases waiting for verification.

use super::*;

/// What is left of a client's allowance of new cases, and when it was counted.
#[derive(Clone, Copy)]
pub(in crate::mock) struct Bucket {
    pub(in crate::mock) tokens: f64,
    pub(in crate::mock) at: OffsetDateTime,
}

/// Who the allowance of new cases is counted for: an IPv4 address, or an
/// IPv6 /64, which one subscriber usually holds whole (RFC 6177). An
/// IPv4-mapped IPv6 address is its IPv4 address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(in crate::mock) enum Client {
    V4(u32),
    V6(u64),
}

impl From<IpAddr> for Client {
    fn from(address: IpAddr) -> Self {
        match address.to_canonical() {
            IpAddr::V4(v4) => Client::V4(v4.to_bits()),
            IpAddr::V6(v6) => Client::V6(u64::try_from(v6.to_bits() >> 64).unwrap_or(u64::MAX)),
        }
    }
}

/// The clients whose allowance is counted: at most [`CLIENTS_KEPT`] of them.
/// A client idle for a [`CREATION_WINDOW`] has its whole allowance back, so
/// it is forgotten (by the mock's clock). While the table is full of clients
/// seen within the window, every other client shares one allowance: a flood
/// from more addresses than that is slowed as one client, and the table
/// does not grow.
#[derive(Default)]
pub(in crate::mock) struct Allowances {
    pub(in crate::mock) clients: HashMap<Client, Bucket>,
    /// The allowance the clients beyond the table share.
    pub(in crate::mock) overflow: Option<Bucket>,
    /// No client in the table is idle long enough to forget before this.
    pub(in crate::mock) full_until: Option<OffsetDateTime>,
}

/// Clients whose allowance of new cases is kept apart (about 2.6 MB of table).
pub(in crate::mock) const CLIENTS_KEPT: usize = 50_000;

impl Allowances {
    pub(in crate::mock) fn len(&self) -> usize {
        self.clients.len()
    }

    /// Forgets clients idle for a window: their allowance is whole again.
    pub(in crate::mock) fn forget_idle(&mut self, now: OffsetDateTime) {
        self.clients
            .retain(|_, bucket| bucket.at + CREATION_WINDOW > now);
        self.full_until = None;
        if self
            .overflow
            .is_some_and(|bucket| bucket.at + CREATION_WINDOW <= now)
        {
            self.overflow = None;
        }
    }

    /// The client's allowance, or the shared one while the table is full.
    fn bucket(&mut self, client: Client, full: Bucket, now: OffsetDateTime) -> &mut Bucket {
        if self.clients.len() >= CLIENTS_KEPT
            && !self.clients.contains_key(&client)
            && self.full_until.is_none_or(|until| now >= until)
        {
            self.forget_idle(now);
            if self.clients.len() >= CLIENTS_KEPT {
                // Sweep again once the longest idle client can be forgotten,
                // and at most once a second: not at every request.
                let oldest = self.clients.values().map(|bucket| bucket.at).min();
                let next = oldest.map_or(now, |at| at + CREATION_WINDOW);
                self.full_until = Some(next.max(now + Duration::SECOND));
            }
        }
        if self.clients.len() < CLIENTS_KEPT || self.clients.contains_key(&client) {
            self.clients.entry(client).or_insert(full)
        } else {
            self.overflow.get_or_insert(full)
        }
    }
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

    /// The lock in force, as the answer to an attempt.
    pub(in crate::mock) fn check_lock(&self, now: OffsetDateTime) -> Result<(), ApiError> {
        match self.locked_until {
            Some(until) if until > now => Err(ApiError::new(
                ErrorCode::Locked,
                "too many wrong codes: this account is locked for a while",
            )
            .attempts_left(0)
            .retry_at(until, now)),
            _ => Ok(()),
        }
    }

    /// Counts a failed attempt: `wrong` while attempts are left (with how
    /// many), a lock for `lock` at the `max`th.
    pub(in crate::mock) fn count_failure(
        &mut self,
        max: u32,
        lock: Duration,
        field: impl Into<Member> + Copy,
        now: OffsetDateTime,
        wrong: ApiError,
    ) -> ApiError {
        self.forget_failures_before(now - lock);
        self.failures.push_back(now);
        let failed = self.failed();
        if failed >= max {
            self.locked_after = failed;
            self.failures.clear();
            self.locked_until = Some(now + lock);
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
        self.limits.get(key).map_or(Ok(()), |l| l.check_lock(now))
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
        self.limits(key).count_failure(max, lock, field, now, wrong)
    }

    /// Whose lock stops this case: a case waiting for verification is stopped
    /// by a lock on its identifier, whoever's wrong codes caused it; a case
    /// whose code verified only by a lock its own wrong answers caused.
    pub(in crate::mock) fn check_case_lock(
        &self,
        case: &CaseRecord,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        match case.session() {
            Some(session) => session.attempts.check_lock(now),
            None => self.check_lock(&case.limits_key(), now),
        }
    }

    /// Counts a wrong code, answer or signature typed in this case. It counts
    /// against the identifier, so that its lock stops new cases and code
    /// guessing, but never lengthens a lock in force. A verified case also
    /// counts it on its own, and is answered (and locked) by that count.
    pub(in crate::mock) fn fail_case_attempt(
        &mut self,
        case: &mut CaseRecord,
        field: impl Into<Member> + Copy,
        now: OffsetDateTime,
        wrong: ApiError,
    ) -> ApiError {
        let key = case.limits_key();
        let Some(session) = case.session.as_deref_mut() else {
            return self.count_failure(&key, field, now, wrong);
        };
        let max = self.scenario.settings.max_attempts;
        let lock = secs(self.scenario.settings.lock_secs);
        let answer = session
            .attempts
            .count_failure(max, lock, field, now, wrong.clone());
        if self.check_lock(&key, now).is_ok() {
            self.count_failure(&key, field, now, wrong);
        }
        answer
    }

    /// A right code, answer or signature wipes the wrong ones before it: the
    /// case's own and its identifier's (a lock in force stays).
    pub(in crate::mock) fn right_case_attempt(&mut self, case: &mut CaseRecord) {
        self.limits(&case.limits_key()).failures.clear();
        if let Some(session) = case.session.as_deref_mut() {
            session.attempts.failures.clear();
        }
    }

    /// The case's code verified: from now on a lock on its identifier no
    /// longer stops it, and it no longer waits for verification.
    pub(in crate::mock) fn mark_verified(&mut self, case: &mut CaseRecord) {
        if case.awaits_verification() {
            self.unverified = self.unverified.saturating_sub(1);
        }
        case.session = Some(Box::default());
    }

    /// Room for one more case waiting for verification, from any client
    /// (`settings.max_unverified_cases`). When there is none the new case is
    /// refused with 503 and the time the oldest waiting case expires. None is
    /// pushed out: a case someone is typing a code for, whose code may
    /// already have used one of the identifier's daily sends, stays.
    pub(in crate::mock) fn check_room(&mut self, now: OffsetDateTime) -> Result<(), ApiError> {
        let max = self.settings().max_unverified_cases as usize;
        if self.unverified < max {
            return Ok(());
        }
        if self.full_until.is_none_or(|until| now >= until) {
            self.sweep(now);
            if self.unverified < max {
                self.full_until = None;
                return Ok(());
            }
            // Sweep again when the first waiting case expires, at most once a
            // second: a full table is answered at once, not rescanned.
            let first_free = self
                .cases
                .values()
                .filter(|case| case.awaits_verification())
                .map(|case| case.expires_at)
                .min()
                .unwrap_or(now);
            self.full_until = Some(first_free.max(now + Duration::SECOND));
        }
        let until = self.full_until.unwrap_or(now + Duration::SECOND);
        Err(ApiError::new(
            ErrorCode::Unavailable,
            "too many recoveries are waiting for their code; try again later",
        )
        .retry_at(until, now))
    }

    pub(in crate::mock) fn check_code(
        &mut self,
        case: &mut CaseRecord,
        code: &SecretText,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        self.check_case_lock(case, now)?;
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
            let wrong = ApiError::new(ErrorCode::WrongCode, "that is not the right code");
            return Err(self.fail_case_attempt(case, Field::Code, now, wrong));
        }
        self.right_case_attempt(case);
        case.pending = None;
        Ok(())
    }

    /// A client (an IPv4 address or an IPv6 /64) may open `cases_per_minute`
    /// cases at once, and that many a minute after (a token bucket); a flood
    /// is answered 429, cheaply.
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
        let full = Bucket {
            tokens: rate,
            at: now,
        };
        let bucket = self.creations.bucket(Client::from(client), full, now);
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
        let last = if resend {
            case.session().and_then(|s| s.last_step_send)
        } else {
            None
        };
        if let Err(refused) = self.check_send_allowed(&case.limits_key(), last, now) {
            self.withhold(channel, to, &case.id(), Self::withheld_reason(&refused));
            return Err(refused);
        }
        case.session_mut().last_step_send = Some(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(n: u32) -> Option<IpAddr> {
        Some(IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + n)))
    }

    #[test]
    fn the_table_of_clients_stays_bounded_and_clients_beyond_it_share_one_allowance() {
        let mut engine = Engine::new(Scenario::demo());
        let now = engine.now();
        let rate = engine.settings().cases_per_minute;
        let kept = u32::try_from(CLIENTS_KEPT).expect("fits");
        for n in 0..kept {
            engine
                .check_creation_rate(v4(n), now)
                .expect("a first case");
        }
        assert_eq!(engine.creations.len(), CLIENTS_KEPT);
        // Every client beyond the table draws on one shared allowance.
        let mut newcomers = (kept..).map(v4);
        for client in newcomers
            .by_ref()
            .take(usize::try_from(rate).expect("fits"))
        {
            engine
                .check_creation_rate(client, now)
                .expect("the shared allowance");
        }
        let refused = engine.check_creation_rate(newcomers.next().flatten(), now);
        assert_eq!(refused.expect_err("used up").code, ErrorCode::RateLimited);
        assert_eq!(engine.creations.len(), CLIENTS_KEPT);
        // A client the table holds keeps its own allowance meanwhile.
        engine.check_creation_rate(v4(0), now).expect("its own");

        // A minute later, by the mock's clock, idle clients are forgotten.
        engine.advance_clock(std::time::Duration::from_secs(61));
        let now = engine.now();
        engine
            .check_creation_rate(newcomers.next().flatten(), now)
            .expect("a newcomer has its own allowance again");
        assert_eq!(engine.creations.len(), 1);
    }

    #[test]
    fn a_client_is_an_ipv4_address_or_an_ipv6_64() {
        let client = |text: &str| Client::from(text.parse::<IpAddr>().expect("an address"));
        assert_eq!(
            client("2001:db8:1:2::1"),
            client("2001:db8:1:2:ffff:ffff:ffff:ffff")
        );
        assert_ne!(client("2001:db8:1:2::1"), client("2001:db8:1:3::1"));
        assert_eq!(client("::ffff:192.0.2.7"), client("192.0.2.7"));
        assert_ne!(client("192.0.2.7"), client("192.0.2.8"));
        assert_eq!(client("192.0.2.7"), Client::V4(0xc000_0207));
    }
}
