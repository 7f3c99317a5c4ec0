//! The recovery service's shared rules as a plain state machine: cases,
//! codes, limits, locks and timers, with no HTTP in it. Each topic's own
//! rules are in `super::topics`.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::net::IpAddr;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use super::error::{ApiError, Member};
use super::outbox::OutboxMessage;
use super::scenario::{Account, ReviewDecision, Scenario, Settings};
use crate::domain::{Email, Field, Identifier, IdentifierKind, Phone, SecretText};
use crate::keyfile;
mod accounts;
mod delivery;
mod inspect;
mod lifecycle;
mod limits;
mod steps;
mod subjects;
mod view;

pub(in crate::mock) use delivery::Withheld;
pub use inspect::{CaseInspection, LockInspection};
use limits::Allowances;
pub(in crate::mock) use limits::Limits;

use crate::protocol::{
    Case, CaseOpened, CaseState, Channel, ConfirmMethod, CreateCase, DOCUMENT_MAX_BYTES,
    DOCUMENT_TYPES, DocumentProblem, ErrorCode, Expect, Outcome, StepRequest, TopicId, TopicList,
    Verified, WaitReason, check_document,
};

pub(in crate::mock) const OUTBOX_KEEP: usize = 1000;
pub(in crate::mock) const KEEPER_DESTINATION: &str = "WebMoney Keeper";
/// Mock time moves at most this far in all: beyond it dates stop being representable.
pub const MAX_CLOCK_ADVANCE: std::time::Duration =
    std::time::Duration::from_secs(1000 * 365 * 24 * 3600);
pub(in crate::mock) const CASES_BEFORE_PRUNE: usize = 10_000;
/// Waiting and ready cases stay open this long after their wait ends.
pub(in crate::mock) const LINGER: Duration = Duration::days(7);
pub(in crate::mock) const SEND_WINDOW: Duration = Duration::days(1);
/// The rate limit on case creations refills over this window.
pub(in crate::mock) const CREATION_WINDOW: Duration = Duration::minutes(1);

pub(in crate::mock) const REFERENCE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// A key-file proof's challenge must be signed within this time.
pub(in crate::mock) const PROOF_TTL: Duration = Duration::minutes(5);

/// Who a case acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::mock) enum Subject {
    Account(usize),
    /// No account has this identifier: the case behaves alike but no code is delivered.
    Unknown,
    /// A phone or email given instead of a WMID: the list of WMIDs is sent there.
    Lookup(Channel),
    /// Deactivating a number: codes go to the number itself, whoever uses it.
    OwnPhone,
}

#[derive(Debug, Clone)]
pub(in crate::mock) enum Stage {
    Challenge,
    Code,
    SecurityAnswer {
        then: Box<Stage>,
    },
    NewPassword,
    NewContact(Channel),
    NewContactCode,
    ConfirmOld,
    OldContactCode,
    ConfirmDetach,
    ReregisterSim,
    NewSimCode,
    /// Passport scans for a review; `then` follows an approved one.
    Documents {
        then: Box<Stage>,
    },
    NewSecurityQuestion,
    /// Becomes `Wait`, counted from the moment it is reached.
    WaitFor {
        reason: WaitReason,
        secs: u64,
        then: Box<Stage>,
    },
    Wait {
        reason: WaitReason,
        until: OffsetDateTime,
        then: Box<Stage>,
    },
    /// Becomes `Done` once the activation code is sent.
    SendEnumActivation,
    Download,
    Done {
        state: CaseState,
        outcome: Outcome,
    },
}

impl Stage {
    /// A step waiting for a code sent to a contact (the new one, the old one, or the new SIM).
    pub(in crate::mock) fn is_contact_code(&self) -> bool {
        matches!(
            self,
            Stage::NewContactCode | Stage::OldContactCode | Stage::NewSimCode
        )
    }

    pub(in crate::mock) fn name(&self) -> &'static str {
        match self {
            Stage::Challenge => "a channel for the code",
            Stage::Code => "the code",
            Stage::SecurityAnswer { .. } => "the security answer",
            Stage::NewPassword => "a new password",
            Stage::NewContact(_) => "the new contact",
            Stage::NewContactCode | Stage::OldContactCode | Stage::NewSimCode => "a contact code",
            Stage::ConfirmOld => "a confirmation method",
            Stage::ConfirmDetach => "confirmation of the detachment",
            Stage::ReregisterSim => "confirmation of the new SIM card",
            Stage::Documents { .. } => "documents",
            Stage::NewSecurityQuestion => "a new security question",
            Stage::WaitFor { .. } | Stage::Wait { .. } => "the end of a wait",
            Stage::SendEnumActivation | Stage::Done { .. } => "nothing",
            Stage::Download => "the key file download",
        }
    }
}

#[derive(Debug, Clone)]
pub(in crate::mock) struct PendingCode {
    pub(in crate::mock) code: SecretText,
    pub(in crate::mock) channel: Channel,
    pub(in crate::mock) sent_to: String,
    pub(in crate::mock) expires_at: OffsetDateTime,
}

/// What a case changes on its account once it completes: the new contact
/// or question the user confirmed along the way.
#[derive(Clone)]
pub(in crate::mock) enum Change {
    Phone(Phone),
    Email(Email),
    SecurityQuestion {
        question: String,
        answer: SecretText,
    },
}

/// A challenge handed out for a key-file proof, waiting for its signature.
#[derive(Debug, Clone)]
pub(in crate::mock) struct PendingProof {
    pub(in crate::mock) text: String,
    pub(in crate::mock) expires_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentMeta {
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
}

pub struct UploadedDocument {
    pub file_name: String,
    pub bytes: bytes::Bytes,
}

/// A case id's 128 random bits: `c_` and 32 lowercase hex digits on the wire.
pub(in crate::mock) type CaseKey = u128;

/// The key of a case id as the wire spells it; None for anything else, which
/// names no case.
pub(in crate::mock) fn case_key(id: &str) -> Option<CaseKey> {
    let hex = id.strip_prefix("c_")?;
    let lowercase_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    if hex.len() != 32 || !hex.bytes().all(lowercase_hex) {
        return None;
    }
    CaseKey::from_str_radix(hex, 16).ok()
}

/// What a person quotes to support, `KR-` and two groups of four, kept
/// without an allocation of its own.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(in crate::mock) struct Reference([u8; 12]);

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Made only of REFERENCE_ALPHABET and "KR-", which are ASCII.
        f.write_str(std::str::from_utf8(&self.0).unwrap_or("KR-????-????"))
    }
}

/// A case as the mock keeps it. Every case is held until it ends or expires,
/// so one waiting for its code holds only what that needs (about 430 bytes
/// with its places in the tables and its token); what only a verified case
/// uses is in its `session`.
pub(in crate::mock) struct CaseRecord {
    pub(in crate::mock) key: CaseKey,
    pub(in crate::mock) reference: Reference,
    pub(in crate::mock) topic: TopicId,
    pub(in crate::mock) identifier: Identifier,
    pub(in crate::mock) subject: Subject,
    pub(in crate::mock) stage: Stage,
    pub(in crate::mock) expires_at: OffsetDateTime,
    pub(in crate::mock) pending: Option<PendingCode>,
    /// Order of creation, so support staff see the newest case first.
    pub(in crate::mock) opened: u64,
    /// Made when the case's code verifies.
    pub(in crate::mock) session: Option<Box<Session>>,
}

/// What a case holds once its code has verified.
#[derive(Default)]
pub(in crate::mock) struct Session {
    /// The case's own count of wrong answers, codes and signatures from now
    /// on. Only its own lock stops the case, not one that others' wrong
    /// codes put on its identifier.
    pub(in crate::mock) attempts: Limits,
    /// Made to the account when the case completes.
    pub(in crate::mock) change: Option<Change>,
    pub(in crate::mock) review_override: Option<ReviewDecision>,
    pub(in crate::mock) keyfile: Option<Vec<u8>>,
    pub(in crate::mock) proof: Option<PendingProof>,
    pub(in crate::mock) documents: Vec<DocumentMeta>,
    /// The last code sent by a step; a resend in the same step waits out the cooldown.
    pub(in crate::mock) last_step_send: Option<OffsetDateTime>,
}

impl CaseRecord {
    /// The case id as the wire spells it.
    pub(in crate::mock) fn id(&self) -> String {
        format!("c_{:032x}", self.key)
    }

    /// Where its attempts, locks and sends are counted (see `Engine::limits_key`).
    pub(in crate::mock) fn limits_key(&self) -> String {
        subjects::limits_key_of(&self.identifier)
    }

    /// Opened, neither verified nor ended: what `max_unverified_cases` bounds.
    pub(in crate::mock) fn awaits_verification(&self) -> bool {
        self.session.is_none() && !matches!(self.stage, Stage::Done { .. })
    }

    /// What the verified case holds. Only steps a session token takes reach
    /// here, and a session token is given only with the session itself.
    pub(in crate::mock) fn session_mut(&mut self) -> &mut Session {
        self.session.get_or_insert_default()
    }

    /// What the verified case holds, if it is.
    pub(in crate::mock) fn session(&self) -> Option<&Session> {
        self.session.as_deref()
    }
}

/// What a bearer token proves about its case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::mock) enum Credential {
    /// Given with a new case: whoever opened it may read it, ask for and type the first code.
    Case,
    /// Given on verification: the topic's steps and the key file as well.
    Session,
}

pub struct Engine {
    /// The scenario as it stands now: its accounts as completed cases changed
    /// them (a new phone, email or security question, a detached number).
    pub(in crate::mock) scenario: Scenario,
    /// The scenario as it was loaded, which a restart starts from again.
    /// Unknown identifiers imitate its accounts, so what they show never
    /// changes, whatever cases do to the real ones.
    pub(in crate::mock) loaded: Scenario,
    pub(in crate::mock) clock_offset: Duration,
    pub(in crate::mock) rng: StdRng,
    pub(in crate::mock) salt: [u8; 32],
    pub(in crate::mock) cases: HashMap<CaseKey, CaseRecord>,
    pub(in crate::mock) limits: HashMap<String, Limits>,
    /// SHA-256 of each case and session token: the case it opens, and how far.
    pub(in crate::mock) tokens: HashMap<[u8; 32], (CaseKey, Credential)>,
    pub(in crate::mock) outbox: VecDeque<OutboxMessage>,
    pub(in crate::mock) next_message_id: u64,
    pub(in crate::mock) next_case: u64,
    /// SHA-256 of each stop code sent to an account's old contacts: the case it stops.
    pub(in crate::mock) stops: HashMap<[u8; 32], CaseKey>,
    /// Case creations per client, for the rate limit.
    pub(in crate::mock) creations: Allowances,
    /// Cases held that await verification (expired ones too, until swept).
    pub(in crate::mock) unverified: usize,
    /// While this many are held, new cases are refused until this time
    /// without looking through the cases again.
    pub(in crate::mock) full_until: Option<OffsetDateTime>,
    pub(in crate::mock) print_outbox: bool,
    pub(in crate::mock) prune_at: usize,
    /// The public half of each key file issued, by WMID: the newest file is the one that counts.
    pub(in crate::mock) public_keys: HashMap<String, keyfile::PublicKey>,
    /// Cases waiting out a period before they change their account, by the
    /// end of the wait: the change holds from then on, whoever asks next.
    pub(in crate::mock) due: BTreeSet<(OffsetDateTime, CaseKey)>,
}

pub(in crate::mock) fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

pub(in crate::mock) fn secs(n: u64) -> Duration {
    Duration::seconds(i64::try_from(n).unwrap_or(i64::MAX))
}

impl Engine {
    pub fn new(scenario: Scenario) -> Self {
        let rng = StdRng::seed_from_u64(scenario.seed);
        // Secret, unlike the seed: with it anyone could tell which mask an unknown
        // identifier gets, and so that it is unknown.
        let salt = rand::random();
        let mut engine = Engine {
            loaded: scenario.clone(),
            scenario,
            clock_offset: Duration::ZERO,
            rng,
            salt,
            cases: HashMap::new(),
            limits: HashMap::new(),
            tokens: HashMap::new(),
            outbox: VecDeque::new(),
            next_message_id: 0,
            next_case: 0,
            stops: HashMap::new(),
            creations: Allowances::default(),
            unverified: 0,
            full_until: None,
            print_outbox: false,
            prune_at: CASES_BEFORE_PRUNE,
            public_keys: HashMap::new(),
            due: BTreeSet::new(),
        };
        let now = engine.now();
        let max_attempts = engine.settings().max_attempts;
        for lock in engine.scenario.locks.clone() {
            let key = engine.limits_key(&lock.identifier, engine.subject_for(&lock.identifier));
            let limits = engine.limits.entry(key).or_default();
            limits.locked_until = Some(now + secs(lock.minutes * 60));
            // A preset lock stands for the wrong codes that would have caused it.
            limits.locked_after = max_attempts;
        }
        engine
    }

    /// Print each message to standard output as it is "sent" (the standalone mock does).
    pub fn set_print_outbox(&mut self, print: bool) {
        self.print_outbox = print;
    }

    /// The scenario as it stands now: the accounts carry what completed cases
    /// changed (a new phone, email or security question, a detached number),
    /// so a support person sees, exports and replays them as the user left
    /// them. Everything else is as loaded.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario as it was loaded, before any case changed an account.
    pub fn loaded_scenario(&self) -> &Scenario {
        &self.loaded
    }

    pub(in crate::mock) fn settings(&self) -> &Settings {
        &self.scenario.settings
    }

    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.clock_offset
    }

    /// Moves mock time forward: codes expire, cooldowns, locks and waits end.
    pub fn advance_clock(&mut self, by: std::time::Duration) -> OffsetDateTime {
        let limit = Duration::try_from(MAX_CLOCK_ADVANCE).unwrap_or(Duration::ZERO);
        let by = Duration::try_from(by).unwrap_or(limit);
        self.clock_offset = (self.clock_offset + by).min(limit);
        self.now()
    }

    pub fn outbox(&self) -> Vec<OutboxMessage> {
        self.outbox.iter().cloned().collect()
    }

    /// The code in the newest message to this address, without copying the outbox.
    pub fn latest_code_to(&self, to: &str) -> Option<String> {
        self.outbox
            .iter()
            .rev()
            .find(|m| m.to == to && m.withheld.is_none() && m.code.is_some())
            .and_then(|m| m.code.clone())
    }

    pub fn topics(&self) -> TopicList {
        TopicList {
            topics: TopicId::ALL.iter().map(|t| t.describe()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_cases_and_idle_limits_are_pruned() {
        let mut engine = Engine::new(Scenario::demo());
        for n in 0..CASES_BEFORE_PRUNE {
            let request = CreateCase {
                topic: TopicId::RestoreEnum,
                identifier: format!("9{n:011}"),
            };
            let opened = engine.create_case(request, None).expect("opens");
            let (id, token) = (&opened.case.case_id, opened.case_token.expose());
            engine
                .challenge(id, Some(token), Channel::Sms)
                .expect("a code is 'sent'");
        }
        assert!(engine.limits.len() >= CASES_BEFORE_PRUNE);
        engine.advance_clock(std::time::Duration::from_secs(2 * 24 * 3600));
        let request = CreateCase {
            topic: TopicId::RestoreEnum,
            identifier: "405002833238".into(),
        };
        engine.create_case(request, None).expect("opens");
        assert!(engine.cases.len() <= 1, "{} cases", engine.cases.len());
        assert!(engine.tokens.len() <= 1, "{} tokens", engine.tokens.len());
        assert!(engine.limits.is_empty(), "{} limits", engine.limits.len());
    }

    #[test]
    fn preset_locks_are_listed_until_they_end() {
        let scenario = Scenario::shipped("locked-after-wrong-codes").expect("shipped");
        let mut engine = Engine::new(scenario);
        let locks = engine.locks();
        assert_eq!(locks.len(), 1, "{locks:?}");
        assert_eq!(locks[0].holder, "wmid:405002833238");
        assert_eq!(locks[0].failed_attempts, 5);
        let left = locks[0].until - engine.now();
        assert!(
            left > Duration::minutes(24) && left <= Duration::minutes(25),
            "{left}"
        );
        engine.advance_clock(std::time::Duration::from_secs(25 * 60 + 1));
        assert!(engine.locks().is_empty());
    }
}
