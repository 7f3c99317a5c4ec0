//! A case's life: opened with a reference and tokens, found by token,
//! moved through its stages and waits, expired, pruned, cancelled.

use super::*;

impl Engine {
    pub(in crate::mock) fn random_hex(&mut self) -> String {
        // Ids and tokens come from the OS's randomness (a CSPRNG seeded by it),
        // never from the scenario's seed, which is public.
        format!("{:032x}", rand::random::<u128>())
    }

    /// A new case's id, from the OS's randomness like the tokens.
    fn new_case_key(&self) -> CaseKey {
        loop {
            let key = rand::random::<CaseKey>();
            if !self.cases.contains_key(&key) {
                return key;
            }
        }
    }

    pub(in crate::mock) fn new_reference(&mut self) -> Reference {
        let mut rng = rand::rng();
        let mut reference = *b"KR-XXXX-XXXX";
        for at in [3, 4, 5, 6, 8, 9, 10, 11] {
            reference[at] = REFERENCE_ALPHABET[rng.random_range(0..REFERENCE_ALPHABET.len())];
        }
        Reference(reference)
    }

    /// Sweeps (see `sweep`) once there are many cases, limits and clients.
    /// The next prune waits until the count doubles, so a run with many open
    /// cases does not rescan on every request.
    pub(in crate::mock) fn prune(&mut self, now: OffsetDateTime) {
        let held = self.cases.len() + self.limits.len() + self.creations.len();
        if held < self.prune_at {
            return;
        }
        self.sweep(now);
        let held = self.cases.len() + self.limits.len() + self.creations.len();
        self.prune_at = (held * 2).max(CASES_BEFORE_PRUNE);
    }

    /// Drops ended and expired cases, their tokens and stop codes, limits that
    /// no longer hold anything, and idle clients' rate limits; counts the
    /// cases left waiting for verification.
    pub(in crate::mock) fn sweep(&mut self, now: OffsetDateTime) {
        self.cases
            .retain(|_, c| !matches!(c.stage, Stage::Done { .. }) && c.expires_at > now);
        self.unverified = self
            .cases
            .values()
            .filter(|c| c.awaits_verification())
            .count();
        let open = &self.cases;
        self.tokens.retain(|_, (key, _)| open.contains_key(key));
        self.stops.retain(|_, key| open.contains_key(key));
        self.due.retain(|(_, key)| open.contains_key(key));
        let settings = &self.scenario.settings;
        let (lock, cooldown) = (
            secs(settings.lock_secs),
            secs(settings.resend_cooldown_secs),
        );
        self.limits.retain(|_, l| {
            l.locked_until.is_some_and(|t| t > now)
                || l.failures.back().is_some_and(|t| *t + lock > now)
                || l.sends.back().is_some_and(|t| *t + SEND_WINDOW > now)
                || l.last_challenge.is_some_and(|t| t + cooldown > now)
        });
        self.creations.forget_idle(now);
    }

    pub fn create_case(
        &mut self,
        request: CreateCase,
        client: Option<IpAddr>,
    ) -> Result<CaseOpened, ApiError> {
        let now = self.now();
        self.check_creation_rate(client, now)?;
        // Who the identifier names depends on changes that may just have taken effect.
        self.settle(now);
        let invalid = |detail: String| {
            ApiError::new(ErrorCode::InvalidIdentifier, detail).field(Field::Identifier)
        };
        let identifier: Identifier = request
            .identifier
            .parse()
            .map_err(|e: crate::domain::InputError| invalid(e.to_string()))?;
        if !request.topic.identifiers().contains(&identifier.kind()) {
            return Err(invalid(format!(
                "identifier: {} takes {}",
                request.topic,
                request
                    .topic
                    .identifiers()
                    .iter()
                    .map(|k| format!("{k:?}").to_lowercase())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let subject = self.subject_for_topic(request.topic, &identifier);
        self.check_lock(&self.limits_key(&identifier, subject), now)?;
        self.check_room(now)?;
        self.prune(now);
        self.next_case += 1;
        self.unverified += 1;
        let case = CaseRecord {
            opened: self.next_case,
            key: self.new_case_key(),
            reference: self.new_reference(),
            topic: request.topic,
            identifier,
            subject,
            stage: Stage::Challenge,
            expires_at: now + secs(self.settings().case_ttl_secs),
            pending: None,
            session: None,
        };
        let view = self.view(&case, now);
        let case_token = self.new_token(case.key, Credential::Case);
        self.cases.insert(case.key, case);
        Ok(CaseOpened {
            case_token,
            case: view,
        })
    }

    pub(in crate::mock) fn new_token(
        &mut self,
        case: CaseKey,
        credential: Credential,
    ) -> SecretText {
        let token = format!("{}{}", self.random_hex(), self.random_hex());
        self.tokens
            .insert(sha256(token.as_bytes()), (case, credential));
        SecretText::new(token)
    }

    /// Runs `f` on a case brought up to date, and keeps its changes even when it fails
    /// (a wrong code still counts).
    pub(in crate::mock) fn on_case<R>(
        &mut self,
        case_id: &str,
        f: impl FnOnce(&mut Self, &mut CaseRecord, OffsetDateTime) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let key = case_key(case_id).ok_or_else(ApiError::case_not_found)?;
        self.on_case_key(key, f)
    }

    /// `on_case` for a case named by its key.
    pub(in crate::mock) fn on_case_key<R>(
        &mut self,
        key: CaseKey,
        f: impl FnOnce(&mut Self, &mut CaseRecord, OffsetDateTime) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let now = self.now();
        self.settle(now);
        let mut case = self
            .cases
            .remove(&key)
            .ok_or_else(ApiError::case_not_found)?;
        self.refresh(&mut case, now);
        let result = f(self, &mut case, now);
        self.cases.insert(case.key, case);
        result
    }

    /// Ends waits whose time has come.
    pub(in crate::mock) fn refresh(&mut self, case: &mut CaseRecord, now: OffsetDateTime) {
        while let Stage::Wait {
            reason,
            until,
            then,
        } = &case.stage
        {
            if *until > now {
                return;
            }
            let next = match reason {
                WaitReason::DocumentReview
                    if case
                        .session()
                        .and_then(|session| session.review_override)
                        .or(self.account(case).map(|a| a.review))
                        == Some(ReviewDecision::Reject) =>
                {
                    Stage::Done {
                        state: CaseState::Rejected,
                        outcome: Outcome::DocumentsRejected {
                            reason: "the documents do not match the passport data of this WMID"
                                .into(),
                        },
                    }
                }
                _ => (**then).clone(),
            };
            self.enter(case, next, now);
        }
    }

    pub(in crate::mock) fn is_expired(case: &CaseRecord, now: OffsetDateTime) -> bool {
        !matches!(case.stage, Stage::Done { .. }) && now >= case.expires_at
    }

    pub(in crate::mock) fn ensure_active(
        case: &CaseRecord,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        if let Stage::Done { state, .. } = &case.stage {
            return Err(ApiError::wrong_state(
                format!("the case is already {state:?}").to_lowercase(),
            ));
        }
        if Self::is_expired(case, now) {
            return Err(ApiError::new(
                ErrorCode::CaseExpired,
                "this case has expired; start again with the same identifier",
            ));
        }
        Ok(())
    }

    /// Whether `token` (case or session) opens this case now.
    pub fn token_opens(&self, case_id: &str, token: Option<&str>) -> bool {
        token
            .and_then(|t| self.tokens.get(&sha256(t.as_bytes())))
            .is_some_and(|(key, _)| case_key(case_id) == Some(*key))
    }

    /// Like `on_case`, for a caller who must hold a token for this case. Without
    /// one the answer is the same 404 as for an id that never existed, so a case id
    /// alone neither reads, changes nor confirms a case.
    pub(in crate::mock) fn on_authorized_case<R>(
        &mut self,
        case_id: &str,
        token: Option<&str>,
        needs: Credential,
        f: impl FnOnce(&mut Self, &mut CaseRecord, OffsetDateTime) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let held = token
            .and_then(|t| self.tokens.get(&sha256(t.as_bytes())))
            .filter(|(key, _)| case_key(case_id) == Some(*key))
            .map(|(_, credential)| *credential);
        match (held, needs) {
            (None, _) => Err(ApiError::case_not_found()),
            // The case's owner, before verification: the case may be named to them.
            (Some(Credential::Case), Credential::Session) => Err(ApiError::unauthorized()),
            (Some(_), _) => self.on_case(case_id, f),
        }
    }

    /// Moves a case to a stage, doing what reaching it means.
    pub(in crate::mock) fn enter(
        &mut self,
        case: &mut CaseRecord,
        stage: Stage,
        now: OffsetDateTime,
    ) {
        if case.awaits_verification() && matches!(stage, Stage::Done { .. }) {
            self.unverified = self.unverified.saturating_sub(1);
        }
        case.stage = match stage {
            Stage::WaitFor {
                reason,
                secs: n,
                then,
            } => Stage::Wait {
                reason,
                until: now + secs(n),
                then,
            },
            Stage::Download => self.issue_keyfile(case),
            Stage::SendEnumActivation => self.send_enum_activation(case),
            other => other,
        };
        case.expires_at = match &case.stage {
            Stage::Done { .. } => case.expires_at,
            Stage::Wait { until, .. } => *until + LINGER,
            Stage::Download => now + LINGER,
            _ => now + secs(self.settings().case_ttl_secs * 2),
        };
        // The owner hears of a change at the contacts it replaces.
        self.tell_old_contacts(case);
        self.take_effect(case);
    }

    pub fn case(&mut self, case_id: &str, token: Option<&str>) -> Result<Case, ApiError> {
        self.on_authorized_case(case_id, token, Credential::Case, |engine, case, now| {
            Ok(engine.view(case, now))
        })
    }

    /// Ends the case as cancelled, and its session with it; the case token
    /// still reads the ended case.
    pub(in crate::mock) fn end_cancelled(&mut self, case: &mut CaseRecord, now: OffsetDateTime) {
        let cancelled = Stage::Done {
            state: CaseState::Cancelled,
            outcome: Outcome::Cancelled,
        };
        self.enter(case, cancelled, now);
        self.tokens
            .retain(|_, (key, credential)| *key != case.key || *credential == Credential::Case);
    }

    /// Cancels with either token. The session ends; the case token still reads
    /// the ended case, which takes nothing more.
    pub fn cancel(&mut self, case_id: &str, token: Option<&str>) -> Result<Case, ApiError> {
        self.on_authorized_case(case_id, token, Credential::Case, |engine, case, now| {
            Self::ensure_active(case, now)?;
            engine.end_cancelled(case, now);
            Ok(engine.view(case, now))
        })
    }
}
