//! The recovery service's rules as a plain state machine: cases, codes,
//! limits, locks and timers, with no HTTP in it.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use super::error::ApiError;
use super::outbox::OutboxMessage;
use super::scenario::{Account, KeeperKind, ReviewDecision, Scenario, Settings};
use crate::domain::{
    Email, Field, Identifier, IdentifierKind, Password, Phone, SecretText, check_text,
};
use crate::keyfile::{self, KeyFile};
use crate::protocol::{
    Case, CaseOpened, CaseState, Channel, ConfirmMethod, CreateCase, DOCUMENT_MAX_BYTES,
    DOCUMENT_TYPES, DocumentProblem, ErrorCode, Expect, Outcome, ProofAccepted, ProofChallenge,
    StepRequest, TopicId, TopicList, Verified, WaitReason, Wire, check_document,
};

const OUTBOX_KEEP: usize = 1000;
const KEEPER_DESTINATION: &str = "WebMoney Keeper";
/// Mock time moves at most this far in all: beyond it dates stop being representable.
pub const MAX_CLOCK_ADVANCE: std::time::Duration =
    std::time::Duration::from_secs(1000 * 365 * 24 * 3600);
const CASES_BEFORE_PRUNE: usize = 10_000;
/// Waiting and ready cases stay open this long after their wait ends.
const LINGER: Duration = Duration::days(7);
const SEND_WINDOW: Duration = Duration::days(1);
/// The rate limit on case creations refills over this window.
const CREATION_WINDOW: Duration = Duration::minutes(1);

/// What is left of a client's allowance of new cases, and when it was counted.
struct Bucket {
    tokens: f64,
    at: OffsetDateTime,
}
const REFERENCE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// A key-file proof's challenge must be signed within this time.
const PROOF_TTL: Duration = Duration::minutes(5);

/// Who a case acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Account(usize),
    /// No account has this identifier: the case behaves alike but no code is delivered.
    Unknown,
    /// A phone or email given instead of a WMID: the list of WMIDs is sent there.
    Lookup(Channel),
    /// Deactivating a number: codes go to the number itself, whoever uses it.
    OwnPhone,
}

#[derive(Debug, Clone)]
enum Stage {
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
    Documents,
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
    fn is_contact_code(&self) -> bool {
        matches!(
            self,
            Stage::NewContactCode | Stage::OldContactCode | Stage::NewSimCode
        )
    }

    fn name(&self) -> &'static str {
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
            Stage::Documents => "documents",
            Stage::NewSecurityQuestion => "a new security question",
            Stage::WaitFor { .. } | Stage::Wait { .. } => "the end of a wait",
            Stage::SendEnumActivation | Stage::Done { .. } => "nothing",
            Stage::Download => "the key file download",
        }
    }
}

#[derive(Debug, Clone)]
struct PendingCode {
    code: SecretText,
    channel: Channel,
    sent_to: String,
    expires_at: OffsetDateTime,
}

/// A challenge handed out for a key-file proof, waiting for its signature.
#[derive(Debug, Clone)]
struct PendingProof {
    text: String,
    expires_at: OffsetDateTime,
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

struct CaseRecord {
    id: String,
    reference: String,
    topic: TopicId,
    identifier: Identifier,
    subject: Subject,
    limits_key: String,
    stage: Stage,
    expires_at: OffsetDateTime,
    pending: Option<PendingCode>,
    review_override: Option<ReviewDecision>,
    keyfile: Option<Vec<u8>>,
    proof: Option<PendingProof>,
    documents: Vec<DocumentMeta>,
    /// The last code sent by a step; a resend in the same step waits out the cooldown.
    last_step_send: Option<OffsetDateTime>,
    /// Order of creation, so support staff see the newest case first.
    opened: u64,
}

/// Attempts, locks and sends, counted per account (or per unknown identifier),
/// so that starting a new case does not reset them.
#[derive(Default)]
struct Limits {
    /// When each wrong code (or answer) since the last right one was typed. Only
    /// those within the lock window count: a lock needs a burst of wrong codes,
    /// not a few spread over days.
    failures: VecDeque<OffsetDateTime>,
    locked_until: Option<OffsetDateTime>,
    /// The wrong codes that led to the lock, for support staff.
    locked_after: u32,
    sends: VecDeque<OffsetDateTime>,
    /// The last first-code send: its cooldown holds across cases.
    last_challenge: Option<OffsetDateTime>,
}

/// What a bearer token proves about its case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Credential {
    /// Given with a new case: whoever opened it may read it, ask for and type the first code.
    Case,
    /// Given on verification: the topic's steps and the key file as well.
    Session,
}

impl Limits {
    fn forget_failures_before(&mut self, start: OffsetDateTime) {
        while self.failures.front().is_some_and(|t| *t <= start) {
            self.failures.pop_front();
        }
    }

    fn failed(&self) -> u32 {
        u32::try_from(self.failures.len()).unwrap_or(u32::MAX)
    }

    /// Wrong codes typed after `start`.
    fn failed_since(&self, start: OffsetDateTime) -> u32 {
        let recent = self.failures.iter().filter(|t| **t > start).count();
        u32::try_from(recent).unwrap_or(u32::MAX)
    }
}

/// What support staff see of a case, timers and counters included.
#[derive(Debug, Clone, Serialize)]
pub struct CaseInspection {
    pub case: Case,
    pub identifier: String,
    pub account_wmid: Option<String>,
    pub subject: &'static str,
    pub failed_attempts: u32,
    pub code_expires_at: Option<Wire<OffsetDateTime>>,
    pub documents: Vec<DocumentMeta>,
    /// The case waits and its wait has ended: it moves on at its next request.
    pub wait_over: bool,
}

/// Why a message was not sent: words for the log, a stable word and a time for the panel.
struct Withheld {
    text: String,
    code: String,
    possible_at: Option<OffsetDateTime>,
}

impl Withheld {
    fn no_account(text: &str) -> Withheld {
        Withheld {
            text: text.to_owned(),
            code: "no_account".to_owned(),
            possible_at: None,
        }
    }
}

/// What support staff see of a lock: whose, until when, after how many wrong codes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LockInspection {
    /// The identifier whose wrong codes caused it, as `wmid:…`, `purse:…`, `phone:…` or `email:…`.
    pub holder: String,
    pub until: Wire<OffsetDateTime>,
    pub failed_attempts: u32,
}

pub struct Engine {
    scenario: Scenario,
    clock_offset: Duration,
    rng: StdRng,
    salt: [u8; 32],
    cases: HashMap<String, CaseRecord>,
    limits: HashMap<String, Limits>,
    /// SHA-256 of each case and session token: the case it opens, and how far.
    tokens: HashMap<[u8; 32], (String, Credential)>,
    outbox: VecDeque<OutboxMessage>,
    next_message_id: u64,
    next_case: u64,
    /// SHA-256 of each stop code sent to an account's old contacts: the case it stops.
    stops: HashMap<[u8; 32], String>,
    /// Case creations per client address, for the rate limit.
    creations: HashMap<IpAddr, Bucket>,
    print_outbox: bool,
    prune_at: usize,
    /// The public half of each key file issued, by WMID: the newest file is the one that counts.
    public_keys: HashMap<String, keyfile::PublicKey>,
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

fn secs(n: u64) -> Duration {
    Duration::seconds(i64::try_from(n).unwrap_or(i64::MAX))
}

impl Engine {
    pub fn new(scenario: Scenario) -> Self {
        let rng = StdRng::seed_from_u64(scenario.seed);
        // Secret, unlike the seed: with it anyone could tell which mask an unknown
        // identifier gets, and so that it is unknown.
        let salt = rand::random();
        let mut engine = Engine {
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
            creations: HashMap::new(),
            print_outbox: false,
            prune_at: CASES_BEFORE_PRUNE,
            public_keys: HashMap::new(),
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

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    fn settings(&self) -> &Settings {
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

    // ----- who and where -----

    fn find_account(&self, identifier: &Identifier) -> Option<usize> {
        self.scenario
            .accounts
            .iter()
            .position(|a| a.matches(identifier))
    }

    fn account(&self, case: &CaseRecord) -> Option<&Account> {
        match case.subject {
            Subject::Account(i) => self.scenario.accounts.get(i),
            _ => None,
        }
    }

    fn subject_for(&self, identifier: &Identifier) -> Subject {
        self.find_account(identifier)
            .map_or(Subject::Unknown, Subject::Account)
    }

    fn subject_for_topic(&self, topic: TopicId, identifier: &Identifier) -> Subject {
        let lookup_channel = match identifier.kind() {
            IdentifierKind::Phone => Some(Channel::Sms),
            IdentifierKind::Email => Some(Channel::Email),
            IdentifierKind::Wmid | IdentifierKind::Purse => None,
        };
        match (topic, lookup_channel) {
            (TopicId::DeactivatePhone, _) => Subject::OwnPhone,
            (
                TopicId::FindAccounts | TopicId::RestorePassword | TopicId::RestoreKeyfile,
                Some(channel),
            ) => Subject::Lookup(channel),
            _ => self.subject_for(identifier),
        }
    }

    /// Limits count per identifier as typed (a WMID, each purse, the phone, the
    /// email), for known and unknown ones alike. Counting them per account would
    /// let activity under the WMID show through its purse or phone, which tells
    /// which identifiers belong together and that the account exists.
    fn limits_key(&self, identifier: &Identifier, _subject: Subject) -> String {
        identifier.normalized()
    }

    /// A registered account that an unknown identifier imitates: its channels
    /// and masked contacts are drawn from real ones, so they are distributed as
    /// real ones are. None when the scenario has no accounts.
    fn phantom_account(&self, identifier: &Identifier) -> Option<&Account> {
        let bits = self.phantom_bits(identifier);
        let n = self.scenario.accounts.len();
        let pick = usize::from(u16::from_le_bytes([bits[5], bits[6]]));
        (n > 0).then(|| &self.scenario.accounts[pick % n])
    }

    /// A stable pseudo-random number for an unknown identifier, so that what it
    /// shows never changes between requests and never tells it apart from a real one.
    fn phantom_bits(&self, identifier: &Identifier) -> [u8; 32] {
        let mut input = self.salt.to_vec();
        input.extend_from_slice(identifier.normalized().as_bytes());
        sha256(&input)
    }

    fn channels(&self, case: &CaseRecord) -> Vec<Channel> {
        let enum_registered = match case.subject {
            Subject::Account(i) => self.scenario.accounts[i].enum_registered,
            Subject::Unknown => self
                .phantom_account(&case.identifier)
                .map_or(self.phantom_bits(&case.identifier)[0] & 1 == 1, |a| {
                    a.enum_registered
                }),
            Subject::Lookup(channel) => return vec![channel],
            Subject::OwnPhone => return vec![Channel::Sms],
        };
        case.topic
            .channels()
            .iter()
            .copied()
            .filter(|c| *c != Channel::Enum || enum_registered)
            .collect()
    }

    /// The full address a message is delivered to (none for unknown identifiers),
    /// and the masked form shown to the user.
    fn destination(&self, case: &CaseRecord, channel: Channel) -> (Option<String>, String) {
        match (case.subject, &case.identifier) {
            (Subject::Account(i), _) => {
                let account = &self.scenario.accounts[i];
                match channel {
                    Channel::Sms => (Some(account.phone.to_string()), account.phone.masked()),
                    Channel::Email => (Some(account.email.to_string()), account.email.masked()),
                    Channel::Enum => (
                        Some(account.phone.to_string()),
                        format!("E-NUM {}", account.phone.masked()),
                    ),
                    // Named alike for every identifier: a WMID here would tell whose purse it is.
                    Channel::Keeper => (
                        Some(account.wmid.to_string()),
                        KEEPER_DESTINATION.to_owned(),
                    ),
                }
            }
            (Subject::Lookup(_) | Subject::OwnPhone, Identifier::Phone(phone)) => {
                (Some(phone.to_string()), phone.masked())
            }
            (Subject::Lookup(_), Identifier::Email(email)) => {
                (Some(email.to_string()), email.masked())
            }
            _ => (None, self.phantom_mask(&case.identifier, channel)),
        }
    }

    fn phantom_mask(&self, identifier: &Identifier, channel: Channel) -> String {
        // A phone is masked as itself, whether or not an account has it.
        if let (Identifier::Phone(phone), Channel::Sms | Channel::Enum) = (identifier, channel) {
            let masked = phone.masked();
            return if channel == Channel::Enum {
                format!("E-NUM {masked}")
            } else {
                masked
            };
        }
        if let Some(account) = self.phantom_account(identifier) {
            return match channel {
                Channel::Sms => account.phone.masked(),
                Channel::Enum => format!("E-NUM {}", account.phone.masked()),
                Channel::Email => account.email.masked(),
                Channel::Keeper => KEEPER_DESTINATION.to_owned(),
            };
        }
        const COUNTRIES: [u16; 6] = [7, 380, 375, 84, 49, 90];
        const DOMAINS: [(&str, &str); 4] = [("g", "com"), ("m", "ru"), ("y", "ru"), ("o", "com")];
        let bits = self.phantom_bits(identifier);
        let country = COUNTRIES[usize::from(bits[1]) % COUNTRIES.len()];
        let tail = u16::from(bits[2]) % 100;
        let phone = format!("+{country} *** *** *{tail:02}");
        match channel {
            Channel::Sms => phone,
            Channel::Enum => format!("E-NUM {phone}"),
            Channel::Email => {
                let letter = char::from(b'a' + bits[3] % 26);
                let (host, tld) = DOMAINS[usize::from(bits[4]) % DOMAINS.len()];
                format!("{letter}***@{host}***.{tld}")
            }
            Channel::Keeper => KEEPER_DESTINATION.to_owned(),
        }
    }

    // ----- messages -----

    fn new_code(&mut self) -> SecretText {
        SecretText::new(format!("{:06}", self.rng.random_range(0..1_000_000u32)))
    }

    fn deliver(
        &mut self,
        channel: Channel,
        to: Option<String>,
        case_id: &str,
        text: String,
        code: Option<&SecretText>,
    ) {
        // Unknown identifiers get the same answer, but nothing is delivered anywhere.
        let Some(to) = to else {
            self.withhold(
                channel,
                None,
                case_id,
                Withheld::no_account(
                    "no account has this identifier: the user sees the usual answer, and nothing is delivered",
                ),
            );
            return;
        };
        self.push_outbox(OutboxMessage {
            id: 0,
            at: Wire(self.now()),
            channel,
            to,
            case_id: Some(case_id.to_owned()),
            text,
            code: code.map(|c| c.expose().to_owned()),
            withheld: None,
            withheld_code: None,
            possible_at: None,
        });
    }

    /// Notes a message that was not sent, and why, for support staff.
    fn withhold(&mut self, channel: Channel, to: Option<String>, case_id: &str, reason: Withheld) {
        self.push_outbox(OutboxMessage {
            id: 0,
            at: Wire(self.now()),
            channel,
            to: to.unwrap_or_else(|| "-".to_owned()),
            case_id: Some(case_id.to_owned()),
            text: String::new(),
            code: None,
            withheld: Some(reason.text),
            withheld_code: Some(reason.code),
            possible_at: reason.possible_at.map(Wire),
        });
    }

    fn push_outbox(&mut self, mut message: OutboxMessage) {
        self.next_message_id += 1;
        message.id = self.next_message_id;
        if self.print_outbox {
            println!("{message}");
        }
        if self.outbox.len() == OUTBOX_KEEP {
            self.outbox.pop_front();
        }
        self.outbox.push_back(message);
    }

    /// Why a refused send sent nothing, with the time it becomes possible.
    fn withheld_reason(error: &ApiError) -> Withheld {
        let when = error
            .retry_at
            .and_then(|at| {
                at.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .map(|at| format!(" (possible again at {at})"))
            .unwrap_or_default();
        Withheld {
            text: format!("{}: {}{when}", error.code.as_str(), error.detail),
            code: error.code.as_str().to_owned(),
            possible_at: error.retry_at,
        }
    }

    fn send_code(
        &mut self,
        case: &mut CaseRecord,
        channel: Channel,
        to: Option<String>,
        sent_to: String,
        purpose: &str,
    ) {
        let code = self.new_code();
        let minutes = self.settings().code_ttl_secs / 60;
        let text = format!(
            "WebMoney: {} is your code to {purpose} (case {}). It expires in {minutes} min. Never tell it to anyone.",
            code.expose(),
            case.reference
        );
        self.deliver(channel, to, &case.id, text, Some(&code));
        case.pending = Some(PendingCode {
            code,
            channel,
            sent_to,
            expires_at: self.now() + secs(self.settings().code_ttl_secs),
        });
    }

    // ----- limits -----

    fn limits(&mut self, key: &str) -> &mut Limits {
        self.limits.entry(key.to_owned()).or_default()
    }

    fn check_lock(&self, key: &str, now: OffsetDateTime) -> Result<(), ApiError> {
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
    fn check_send_allowed(
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
    fn fail_attempt(&mut self, key: &str, field: &str, now: OffsetDateTime) -> ApiError {
        let wrong = ApiError::new(ErrorCode::WrongCode, "that is not the right code");
        self.count_failure(key, field, now, wrong)
    }

    /// Counts a failed attempt of any kind against the account: `wrong` while
    /// attempts are left (with how many), a lock at the last one.
    fn count_failure(
        &mut self,
        key: &str,
        field: &str,
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

    fn check_code(
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
            .field("code"));
        }
        // Unknown identifiers never verify, whatever is typed.
        let right = case.subject != Subject::Unknown && pending.code.matches(code.expose());
        if !right {
            return Err(self.fail_attempt(&case.limits_key, "code", now));
        }
        self.limits(&case.limits_key).failures.clear();
        case.pending = None;
        Ok(())
    }

    // ----- cases -----

    fn random_hex(&mut self) -> String {
        // Ids and tokens come from the OS's randomness (a CSPRNG seeded by it),
        // never from the scenario's seed, which is public.
        format!("{:032x}", rand::random::<u128>())
    }

    fn new_reference(&mut self) -> String {
        let mut rng = rand::rng();
        let mut pick =
            || char::from(REFERENCE_ALPHABET[rng.random_range(0..REFERENCE_ALPHABET.len())]);
        let a: String = (0..4).map(|_| pick()).collect();
        let b: String = (0..4).map(|_| pick()).collect();
        format!("KR-{a}-{b}")
    }

    /// Drops ended and expired cases, their tokens and stop codes, limits that
    /// no longer hold anything, and idle clients' rate limits, once there are
    /// many. The next prune waits until the count doubles, so a run with many
    /// open cases does not rescan on every request.
    fn prune(&mut self, now: OffsetDateTime) {
        let held = self.cases.len() + self.limits.len() + self.creations.len();
        if held < self.prune_at {
            return;
        }
        self.cases
            .retain(|_, c| !matches!(c.stage, Stage::Done { .. }) && c.expires_at > now);
        let open: std::collections::HashSet<&String> = self.cases.keys().collect();
        self.tokens.retain(|_, (id, _)| open.contains(id));
        self.stops.retain(|_, id| open.contains(id));
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
        self.creations
            .retain(|_, bucket| bucket.at + CREATION_WINDOW > now);
        let held = self.cases.len() + self.limits.len() + self.creations.len();
        self.prune_at = (held * 2).max(CASES_BEFORE_PRUNE);
    }

    /// A client may open `cases_per_minute` cases at once, and that many a
    /// minute after (a token bucket); a flood is answered 429, cheaply.
    fn check_creation_rate(
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

    pub fn create_case(
        &mut self,
        request: CreateCase,
        client: Option<IpAddr>,
    ) -> Result<CaseOpened, ApiError> {
        let now = self.now();
        self.check_creation_rate(client, now)?;
        let invalid = |detail: String| {
            ApiError::new(ErrorCode::InvalidIdentifier, detail).field(Field::Identifier.as_str())
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
        let limits_key = self.limits_key(&identifier, subject);
        self.check_lock(&limits_key, now)?;
        self.prune(now);
        self.next_case += 1;
        let case = CaseRecord {
            opened: self.next_case,
            id: format!("c_{}", self.random_hex()),
            reference: self.new_reference(),
            topic: request.topic,
            identifier,
            subject,
            limits_key,
            stage: Stage::Challenge,
            expires_at: now + secs(self.settings().case_ttl_secs),
            pending: None,
            review_override: None,
            keyfile: None,
            proof: None,
            documents: Vec::new(),
            last_step_send: None,
        };
        let view = self.view(&case, now);
        let case_token = self.new_token(&case.id, Credential::Case);
        self.cases.insert(case.id.clone(), case);
        Ok(CaseOpened {
            case_token,
            case: view,
        })
    }

    fn new_token(&mut self, case_id: &str, credential: Credential) -> SecretText {
        let token = format!("{}{}", self.random_hex(), self.random_hex());
        self.tokens
            .insert(sha256(token.as_bytes()), (case_id.to_owned(), credential));
        SecretText::new(token)
    }

    /// Runs `f` on a case brought up to date, and keeps its changes even when it fails
    /// (a wrong code still counts).
    fn on_case<R>(
        &mut self,
        case_id: &str,
        f: impl FnOnce(&mut Self, &mut CaseRecord, OffsetDateTime) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let mut case = self
            .cases
            .remove(case_id)
            .ok_or_else(ApiError::case_not_found)?;
        let now = self.now();
        self.refresh(&mut case, now);
        let result = f(self, &mut case, now);
        self.cases.insert(case.id.clone(), case);
        result
    }

    /// Ends waits whose time has come.
    fn refresh(&mut self, case: &mut CaseRecord, now: OffsetDateTime) {
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
                        .review_override
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

    fn is_expired(case: &CaseRecord, now: OffsetDateTime) -> bool {
        !matches!(case.stage, Stage::Done { .. }) && now >= case.expires_at
    }

    fn ensure_active(case: &CaseRecord, now: OffsetDateTime) -> Result<(), ApiError> {
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
            .is_some_and(|(id, _)| id == case_id)
    }

    /// Like `on_case`, for a caller who must hold a token for this case. Without
    /// one the answer is the same 404 as for an id that never existed, so a case id
    /// alone neither reads, changes nor confirms a case.
    fn on_authorized_case<R>(
        &mut self,
        case_id: &str,
        token: Option<&str>,
        needs: Credential,
        f: impl FnOnce(&mut Self, &mut CaseRecord, OffsetDateTime) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let held = token
            .and_then(|t| self.tokens.get(&sha256(t.as_bytes())))
            .filter(|(id, _)| id == case_id)
            .map(|(_, credential)| *credential);
        match (held, needs) {
            (None, _) => Err(ApiError::case_not_found()),
            // The case's owner, before verification: the case may be named to them.
            (Some(Credential::Case), Credential::Session) => Err(ApiError::unauthorized()),
            (Some(_), _) => self.on_case(case_id, f),
        }
    }

    /// Moves a case to a stage, doing what reaching it means.
    fn enter(&mut self, case: &mut CaseRecord, stage: Stage, now: OffsetDateTime) {
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
        self.tell_old_contacts(case);
    }

    /// The account's phone and email as they are before the change: where the
    /// owner hears of it (OWASP ASVS 4.0.3, 2.5.5).
    fn old_contacts(&self, case: &CaseRecord) -> Vec<(Channel, String)> {
        match self.account(case) {
            Some(account) => vec![
                (Channel::Sms, account.phone.to_string()),
                (Channel::Email, account.email.to_string()),
            ],
            None => Vec::new(),
        }
    }

    /// Notices (no code) to the old contacts: when a security period starts,
    /// with a stop code that ends the change; when a change is made.
    fn tell_old_contacts(&mut self, case: &CaseRecord) {
        let Some(wmid) = self.account(case).map(|a| a.wmid.to_string()) else {
            return;
        };
        let what = match case.topic {
            TopicId::ChangePhone => "the phone number",
            TopicId::ChangeEmail => "the email address",
            TopicId::RestorePassword => "the Keeper password",
            TopicId::ChangeSecurityQuestion => "the security question",
            _ => return,
        };
        let text = match &case.stage {
            Stage::Wait {
                reason: WaitReason::SecurityPeriod,
                until,
                ..
            } => {
                let stop = format!("{}{}", self.random_hex(), self.random_hex());
                self.stops.insert(sha256(stop.as_bytes()), case.id.clone());
                let until = until
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default();
                format!(
                    "WebMoney: a change of {what} of WMID {wmid} was confirmed with the security answer (case {}). It takes effect at {until}. If it wasn't you, stop it with this stop code: {stop}",
                    case.reference
                )
            }
            Stage::Done {
                state: CaseState::Completed,
                outcome:
                    Outcome::PhoneChanged
                    | Outcome::EmailChanged
                    | Outcome::PasswordChanged
                    | Outcome::SecurityQuestionChanged,
            } => format!(
                "WebMoney: {what} of WMID {wmid} was changed (case {}). If it wasn't you, contact support at once.",
                case.reference
            ),
            _ => return,
        };
        for (channel, to) in self.old_contacts(case) {
            self.deliver(channel, Some(to), &case.id, text.clone(), None);
        }
    }

    /// "It wasn't me": the stop code from a notice ends the change while its
    /// security period runs. Unknown codes get the 404 of an unknown case.
    pub fn stop_change(&mut self, stop_code: &str) -> Result<(), ApiError> {
        let case_id = self
            .stops
            .get(&sha256(stop_code.as_bytes()))
            .cloned()
            .ok_or_else(ApiError::case_not_found)?;
        self.on_case(&case_id, |engine, case, now| {
            if !matches!(
                case.stage,
                Stage::Wait {
                    reason: WaitReason::SecurityPeriod,
                    ..
                }
            ) {
                return Err(ApiError::wrong_state(
                    "the security period is over: the change can no longer be stopped",
                ));
            }
            let stopped = Stage::Done {
                state: CaseState::Cancelled,
                outcome: Outcome::Cancelled,
            };
            engine.enter(case, stopped, now);
            engine
                .tokens
                .retain(|_, (id, credential)| *id != case.id || *credential == Credential::Case);
            Ok(())
        })
    }

    fn issue_keyfile(&mut self, case: &mut CaseRecord) -> Stage {
        let Some(account) = self.account(case).cloned() else {
            return Stage::Done {
                state: CaseState::Completed,
                outcome: Outcome::NoKeyfileForKeeper,
            };
        };
        let Some(access_code) = &account.keyfile_access_code else {
            return Stage::Done {
                state: CaseState::Completed,
                outcome: Outcome::NoKeyfileForKeeper,
            };
        };
        if case.keyfile.is_none() {
            // A fresh RSA key, as WebMoney makes one for a restored key file; the
            // service keeps only its public half.
            let (key, public) = keyfile::generate();
            let (Ok(exponent), Ok(modulus)) = (
                <&[u8; keyfile::PART_LEN]>::try_from(key.exponent.as_slice()),
                <&[u8; keyfile::PART_LEN]>::try_from(key.modulus.as_slice()),
            ) else {
                return Stage::Done {
                    state: CaseState::Completed,
                    outcome: Outcome::NoKeyfileForKeeper,
                };
            };
            case.keyfile = Some(KeyFile::issue(
                &account.wmid,
                access_code,
                exponent,
                modulus,
            ));
            self.public_keys.insert(account.wmid.to_string(), public);
        }
        Stage::Download
    }

    fn send_enum_activation(&mut self, case: &mut CaseRecord) -> Stage {
        let Some(account) = self.account(case).cloned() else {
            return Stage::Done {
                state: CaseState::Completed,
                outcome: Outcome::EnumNotRegistered,
            };
        };
        let code = self.new_code();
        let text = format!(
            "WebMoney: E-NUM activation code {} for WMID {} (case {}). Enter it in the E-NUM app.",
            code.expose(),
            account.wmid,
            case.reference
        );
        self.deliver(
            Channel::Sms,
            Some(account.phone.to_string()),
            &case.id,
            text,
            Some(&code),
        );
        Stage::Done {
            state: CaseState::Completed,
            outcome: Outcome::EnumActivationSent {
                sent_to: account.phone.masked(),
            },
        }
    }

    fn after_verify(&self, case: &CaseRecord) -> Stage {
        let done = |outcome| Stage::Done {
            state: CaseState::Completed,
            outcome,
        };
        if case.topic == TopicId::DeactivatePhone {
            return Stage::ConfirmDetach;
        }
        // Unknown identifiers never verify, so every other topic has an account here.
        let Some(account) = self.account(case) else {
            return Stage::Challenge;
        };
        match case.topic {
            TopicId::RestorePassword => {
                let rest = if account.needs_documents() {
                    Stage::Documents
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
            TopicId::ChangePhone => Stage::NewContact(Channel::Sms),
            TopicId::ChangeEmail => Stage::NewContact(Channel::Email),
            TopicId::ReregisterSim => Stage::ReregisterSim,
            TopicId::ChangeSecurityQuestion => Stage::NewSecurityQuestion,
            TopicId::RestoreKeyfile => match account.keeper {
                KeeperKind::WebPro => done(Outcome::CertificateReissueAllowed),
                KeeperKind::Standard | KeeperKind::Mobile => done(Outcome::NoKeyfileForKeeper),
                KeeperKind::WinPro if account.needs_documents() => Stage::Documents,
                KeeperKind::WinPro => Stage::Download,
            },
            TopicId::RestoreEnum if account.enum_registered => Stage::SendEnumActivation,
            TopicId::RestoreEnum => done(Outcome::EnumNotRegistered),
            TopicId::FindAccounts | TopicId::DeactivatePhone => Stage::Challenge,
        }
    }

    fn confirm_methods(&self, case: &CaseRecord) -> Vec<ConfirmMethod> {
        let Some(account) = self.account(case) else {
            return Vec::new();
        };
        let mut methods = vec![ConfirmMethod::OldContact];
        match case.topic {
            TopicId::ChangePhone if account.enum_registered => methods.push(ConfirmMethod::Enum),
            TopicId::ChangeEmail => methods.push(ConfirmMethod::Sms),
            _ => {}
        }
        if account.security_question.is_some() {
            methods.push(ConfirmMethod::SecurityQuestion);
        }
        methods
    }

    /// A code sent by a step. Asking again in the same step is a resend, and
    /// waits out the cooldown; every send counts against the daily cap.
    /// A refusal is noted in the outbox for support staff.
    fn allow_step_send(
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

    fn contact_channel(topic: TopicId) -> Channel {
        if topic == TopicId::ChangeEmail {
            Channel::Email
        } else {
            Channel::Sms
        }
    }

    fn changed_outcome(topic: TopicId) -> Outcome {
        if topic == TopicId::ChangeEmail {
            Outcome::EmailChanged
        } else {
            Outcome::PhoneChanged
        }
    }

    pub fn case(&mut self, case_id: &str, token: Option<&str>) -> Result<Case, ApiError> {
        self.on_authorized_case(case_id, token, Credential::Case, |engine, case, now| {
            Ok(engine.view(case, now))
        })
    }

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
                return Err(ApiError::new(ErrorCode::UnsupportedChannel,
                    "this channel cannot be used for this case",
                )
                .field("channel"));
            }
            let last = engine
                .limits
                .get(&case.limits_key)
                .and_then(|l| l.last_challenge);
            let allowed = engine
                .check_lock(&case.limits_key, now)
                .and_then(|()| engine.check_send_allowed(&case.limits_key, last, now));
            if let Err(refused) = allowed {
                let (to, _) = engine.destination(case, channel);
                engine.withhold(channel, to, &case.id, Self::withheld_reason(&refused));
                return Err(refused);
            }
            engine.limits(&case.limits_key).last_challenge = Some(now);
            if let Subject::Lookup(channel) = case.subject {
                let wmids: Vec<String> = engine
                    .scenario
                    .accounts
                    .iter()
                    .filter(|a| a.matches(&case.identifier))
                    .map(|a| a.wmid.to_string())
                    .collect();
                let (to, _) = engine.destination(case, channel);
                if wmids.is_empty() {
                    engine.withhold(
                        channel,
                        to,
                        &case.id,
                        Withheld::no_account(
                            "no account is registered to this address: the user sees the usual answer, and nothing is delivered",
                        ),
                    );
                } else {
                    let text = format!(
                        "WebMoney: WMIDs registered to this address: {}.",
                        wmids.join(", ")
                    );
                    engine.deliver(channel, to, &case.id, text, None);
                }
                let outcome = Outcome::AccountsSentIfRegistered { channel };
                engine.enter(
                    case,
                    Stage::Done {
                        state: CaseState::Completed,
                        outcome,
                    },
                    now,
                );
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
            let next = engine.after_verify(case);
            engine.enter(case, next, now);
            Ok(Verified {
                session_token: engine.new_token(&case.id, Credential::Session),
                token_expires_at: Wire(case.expires_at),
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

    fn apply_step(
        &mut self,
        case: &mut CaseRecord,
        request: StepRequest,
        now: OffsetDateTime,
    ) -> Result<Stage, ApiError> {
        let account = self.account(case).cloned();
        let done = |outcome| Stage::Done {
            state: CaseState::Completed,
            outcome,
        };
        let next = match (case.stage.clone(), request) {
            (Stage::SecurityAnswer { then }, StepRequest::SecurityAnswer { answer }) => {
                self.check_lock(&case.limits_key, now)?;
                let expected = account.as_ref().and_then(|a| a.security_answer.clone());
                let right = expected.is_some_and(|e| {
                    SecretText::new(e.expose().trim().to_lowercase())
                        .matches(&answer.expose().trim().to_lowercase())
                });
                if !right {
                    return Err(self.fail_attempt(&case.limits_key, Field::Answer.as_str(), now));
                }
                self.limits(&case.limits_key).failures.clear();
                *then
            }
            (Stage::NewPassword, StepRequest::NewPassword { password }) => {
                Password::parse(password.expose())
                    .map_err(|e| ApiError::invalid_field("password", e.to_string()))?;
                done(Outcome::PasswordChanged)
            }
            (Stage::NewContact(_) | Stage::NewContactCode, StepRequest::NewContact { value }) => {
                let Some(account) = account else {
                    return Err(ApiError::unauthorized());
                };
                let channel = Self::contact_channel(case.topic);
                let (full, masked, current) = match channel {
                    Channel::Email => {
                        let email: Email =
                            value.parse().map_err(|e: crate::domain::InputError| {
                                ApiError::invalid_field("email", e.to_string())
                            })?;
                        (email.to_string(), email.masked(), email == account.email)
                    }
                    _ => {
                        let phone: Phone =
                            value.parse().map_err(|e: crate::domain::InputError| {
                                ApiError::invalid_field("phone", e.to_string())
                            })?;
                        (phone.to_string(), phone.masked(), phone == account.phone)
                    }
                };
                if current {
                    return Err(ApiError::invalid_field(
                        if channel == Channel::Email {
                            "email"
                        } else {
                            "phone"
                        },
                        "this is already the account's contact",
                    ));
                }
                self.allow_step_send(case, now, channel, Some(full.clone()))?;
                self.send_code(
                    case,
                    channel,
                    Some(full),
                    masked,
                    "confirm your new contact",
                );
                Stage::NewContactCode
            }
            (Stage::NewContactCode, StepRequest::ContactCode { code }) => {
                self.check_code(case, &code, now)?;
                Stage::ConfirmOld
            }
            (Stage::ConfirmOld | Stage::OldContactCode, StepRequest::ConfirmOld { method }) => {
                if !self.confirm_methods(case).contains(&method) {
                    return Err(ApiError::invalid_field(
                        "method",
                        "this confirmation method is not available for this account",
                    ));
                }
                let outcome = Self::changed_outcome(case.topic);
                let channel = match (method, case.topic) {
                    (ConfirmMethod::SecurityQuestion, _) => {
                        let wait = Stage::WaitFor {
                            reason: WaitReason::SecurityPeriod,
                            secs: self.settings().security_period_secs,
                            then: Box::new(done(outcome)),
                        };
                        return Ok(Stage::SecurityAnswer {
                            then: Box::new(wait),
                        });
                    }
                    (ConfirmMethod::Enum, _) => Channel::Enum,
                    (ConfirmMethod::OldContact, TopicId::ChangeEmail) => Channel::Email,
                    _ => Channel::Sms,
                };
                let (to, sent_to) = self.destination(case, channel);
                self.allow_step_send(case, now, channel, to.clone())?;
                self.send_code(
                    case,
                    channel,
                    to,
                    sent_to,
                    "confirm the change from your current contact",
                );
                Stage::OldContactCode
            }
            (Stage::OldContactCode, StepRequest::ContactCode { code }) => {
                self.check_code(case, &code, now)?;
                done(Self::changed_outcome(case.topic))
            }
            (Stage::ConfirmDetach, StepRequest::ConfirmDetach) => {
                let holders: Vec<Account> = self
                    .scenario
                    .accounts
                    .iter()
                    .filter(|a| a.matches(&case.identifier))
                    .cloned()
                    .collect();
                for holder in holders {
                    let text = format!(
                        "WebMoney: a request to detach phone {} from WMID {} was made (case {}). If you still use this number, contact support.",
                        holder.phone.masked(),
                        holder.wmid,
                        case.reference
                    );
                    self.deliver(
                        Channel::Email,
                        Some(holder.email.to_string()),
                        &case.id,
                        text,
                        None,
                    );
                }
                Stage::WaitFor {
                    reason: WaitReason::SecurityPeriod,
                    secs: self.settings().detach_period_secs,
                    then: Box::new(done(Outcome::PhoneDetached)),
                }
            }
            (Stage::ReregisterSim | Stage::NewSimCode, StepRequest::ReregisterSim) => {
                let (to, sent_to) = self.destination(case, Channel::Sms);
                self.allow_step_send(case, now, Channel::Sms, to.clone())?;
                self.send_code(
                    case,
                    Channel::Sms,
                    to,
                    sent_to,
                    "register your new SIM card",
                );
                Stage::NewSimCode
            }
            (Stage::NewSimCode, StepRequest::ContactCode { code }) => {
                self.check_code(case, &code, now)?;
                done(Outcome::SimReregistered)
            }
            (Stage::NewSecurityQuestion, StepRequest::NewSecurityQuestion { question, answer }) => {
                check_text(Field::Question, &question)
                    .map_err(|e| ApiError::invalid_field("question", e.to_string()))?;
                check_text(Field::Answer, answer.expose())
                    .map_err(|e| ApiError::invalid_field("answer", e.to_string()))?;
                done(Outcome::SecurityQuestionChanged)
            }
            (stage, request) => {
                return Err(ApiError::wrong_state(format!(
                    "this case expects {}, not {}",
                    stage.name(),
                    request.name()
                )));
            }
        };
        Ok(next)
    }

    pub fn documents(
        &mut self,
        case_id: &str,
        token: Option<&str>,
        documents: Vec<UploadedDocument>,
    ) -> Result<Case, ApiError> {
        self.on_authorized_case(case_id, token, Credential::Session, |engine, case, now| {
            Self::ensure_active(case, now)?;
            if !matches!(case.stage, Stage::Documents) {
                return Err(ApiError::wrong_state(format!(
                    "this case expects {}, not documents",
                    case.stage.name()
                )));
            }
            if documents.is_empty() {
                return Err(ApiError::invalid_field(
                    "document",
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
                                    .field("document")
                            }
                            DocumentProblem::NotADocument { .. } => {
                                ApiError::invalid_field("document", problem.to_string())
                            }
                        }
                    })?;
                metas.push(DocumentMeta {
                    file_name: document.file_name.clone(),
                    content_type: content_type.into(),
                    size,
                });
            }
            case.documents = metas;
            let then = if case.topic == TopicId::RestorePassword {
                Stage::NewPassword
            } else {
                Stage::Download
            };
            let review = Stage::WaitFor {
                reason: WaitReason::DocumentReview,
                secs: engine.settings().review_secs,
                then: Box::new(then),
            };
            engine.enter(case, review, now);
            Ok(engine.view(case, now))
        })
    }

    /// The restored key file, its SHA-256 (hex) and the WMID it belongs to.
    pub fn keyfile(
        &mut self,
        case_id: &str,
        token: Option<&str>,
    ) -> Result<(Vec<u8>, String, String), ApiError> {
        self.on_authorized_case(case_id, token, Credential::Session, |engine, case, now| {
            Self::ensure_active(case, now)?;
            match (&case.stage, &case.keyfile, engine.account(case)) {
                (Stage::Download, Some(bytes), Some(account)) => Ok((
                    bytes.clone(),
                    hex::encode(sha256(bytes)),
                    account.wmid.to_string(),
                )),
                (Stage::Wait { until, .. }, _, _) => Err(ApiError::new(
                    ErrorCode::NotReady,
                    "the key file is not ready yet",
                )
                .retry_at(*until, now)),
                _ => Err(ApiError::new(
                    ErrorCode::NotReady,
                    "this case has no key file to download",
                )),
            }
        })
    }

    /// The case must hold a restored key file, and the account must not be locked.
    fn ensure_provable(&self, case: &CaseRecord, now: OffsetDateTime) -> Result<String, ApiError> {
        Self::ensure_active(case, now)?;
        self.check_lock(&case.limits_key, now)?;
        match (&case.stage, &case.keyfile, self.account(case)) {
            (Stage::Download, Some(_), Some(account)) => Ok(account.wmid.to_string()),
            _ => Err(ApiError::new(
                ErrorCode::NotReady,
                "this case has no key file to prove",
            )),
        }
    }

    /// A fresh text for the restored key file to sign; it replaces any earlier one.
    pub fn proof_challenge(
        &mut self,
        case_id: &str,
        token: Option<&str>,
    ) -> Result<ProofChallenge, ApiError> {
        self.on_authorized_case(case_id, token, Credential::Session, |engine, case, now| {
            let wmid = engine.ensure_provable(case, now)?;
            let text = format!(
                "Keeper Recovery key-file proof for WMID {wmid}, case {}, nonce {}",
                case.reference,
                engine.random_hex()
            );
            let expires_at = now + PROOF_TTL;
            case.proof = Some(PendingProof {
                text: text.clone(),
                expires_at,
            });
            Ok(ProofChallenge {
                challenge: text,
                expires_at: Wire(expires_at),
            })
        })
    }

    /// Checks the challenge's signature with the public key kept for the WMID.
    /// Each challenge is used once; a signature that does not verify counts
    /// against the account like a wrong code.
    pub fn prove_keyfile(
        &mut self,
        case_id: &str,
        token: Option<&str>,
        signature: &str,
    ) -> Result<ProofAccepted, ApiError> {
        self.on_authorized_case(case_id, token, Credential::Session, |engine, case, now| {
            let wmid = engine.ensure_provable(case, now)?;
            let signature: keyfile::Signature =
                signature.parse().map_err(|e: keyfile::SignatureError| {
                    ApiError::invalid_field("signature", e.to_string())
                })?;
            let Some(proof) = case.proof.take() else {
                return Err(ApiError::new(
                    ErrorCode::NoCodeSent,
                    "ask for a challenge first; each one is signed once",
                ));
            };
            if now >= proof.expires_at {
                return Err(ApiError::new(
                    ErrorCode::CodeExpired,
                    "this challenge has expired; ask for a new one",
                )
                .field("challenge"));
            }
            let verified = engine
                .public_keys
                .get(&wmid)
                .is_some_and(|public| keyfile::verify(public, proof.text.as_bytes(), &signature));
            if !verified {
                let refused = ApiError::new(
                    ErrorCode::BadSignature,
                    "the signature does not verify with this WMID's key",
                );
                return Err(engine.count_failure(&case.limits_key, "signature", now, refused));
            }
            engine.limits(&case.limits_key).failures.clear();
            Ok(ProofAccepted { wmid })
        })
    }

    /// Cancels with either token. The session ends; the case token still reads
    /// the ended case, which takes nothing more.
    pub fn cancel(&mut self, case_id: &str, token: Option<&str>) -> Result<Case, ApiError> {
        self.on_authorized_case(case_id, token, Credential::Case, |engine, case, now| {
            Self::ensure_active(case, now)?;
            let cancelled = Stage::Done {
                state: CaseState::Cancelled,
                outcome: Outcome::Cancelled,
            };
            engine.enter(case, cancelled, now);
            engine
                .tokens
                .retain(|_, (id, credential)| *id != case.id || *credential == Credential::Case);
            Ok(engine.view(case, now))
        })
    }

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
            case.review_override = Some(decision);
            engine.refresh(case, now);
            Ok(engine.view(case, now))
        })
    }

    /// Support: a case as it stands. Reading changes nothing: a wait that
    /// has ended is reported as such, and the case moves on at its next request.
    pub fn inspect(&self, case_id: &str) -> Result<CaseInspection, ApiError> {
        let case = self
            .cases
            .get(case_id)
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
                    until: Wire(until),
                    failed_attempts: limits.locked_after,
                })
            })
            .collect();
        locks.sort_by_key(|lock| lock.until.0);
        locks
    }

    /// Every case, oldest first.
    pub fn inspect_all(&self) -> Vec<CaseInspection> {
        let now = self.now();
        let mut cases: Vec<&CaseRecord> = self.cases.values().collect();
        cases.sort_unstable_by_key(|case| (case.opened, &case.id));
        cases
            .into_iter()
            .map(|case| self.inspection(case, now))
            .collect()
    }

    fn inspection(&self, case: &CaseRecord, now: OffsetDateTime) -> CaseInspection {
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
            failed_attempts: self
                .limits
                .get(&case.limits_key)
                .map_or(0, |l| l.failed_since(now - secs(self.settings().lock_secs))),
            code_expires_at: case.pending.as_ref().map(|p| Wire(p.expires_at)),
            documents: case.documents.clone(),
            wait_over: matches!(case.stage, Stage::Wait { until, .. } if until <= now),
        }
    }

    fn view(&self, case: &CaseRecord, now: OffsetDateTime) -> Case {
        let settings = self.settings();
        let limits = self.limits.get(&case.limits_key);
        let locked_until = limits.and_then(|l| l.locked_until).filter(|t| *t > now);
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
            case_id: case.id.clone(),
            reference: case.reference.clone(),
            topic: case.topic,
            state,
            next,
            attempts_left: if locked_until.is_some() {
                0
            } else {
                settings.max_attempts.saturating_sub(
                    limits.map_or(0, |l| l.failed_since(now - secs(settings.lock_secs))),
                )
            },
            resend_at: if case.stage.is_contact_code() {
                case.last_step_send
            } else {
                limits.and_then(|l| l.last_challenge)
            }
            .map(|t| Wire(t + secs(settings.resend_cooldown_secs))),
            sends_left: u32::try_from(
                (settings.sends_per_day as usize).saturating_sub(sends_today),
            )
            .unwrap_or(0),
            locked_until: locked_until.map(Wire),
            ready_at: match &case.stage {
                Stage::Wait { until, .. } => Some(Wire(*until)),
                _ => None,
            },
            expires_at: Wire(case.expires_at),
            outcome: match &case.stage {
                Stage::Done { outcome, .. } => Some(outcome.clone()),
                Stage::Download => Some(Outcome::KeyfileIssued),
                _ => None,
            },
        }
    }

    fn expect(&self, case: &CaseRecord) -> Expect {
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
            Stage::Challenge => Expect::Challenge {
                channels: self.channels(case),
            },
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
            Stage::Documents => Expect::Documents {
                accepted: DOCUMENT_TYPES.iter().map(|t| (*t).to_owned()).collect(),
                max_bytes: DOCUMENT_MAX_BYTES,
                min_files: 1,
            },
            Stage::NewSecurityQuestion => Expect::NewSecurityQuestion,
            Stage::Wait { reason, until, .. } => Expect::Wait {
                reason: *reason,
                until: Wire(*until),
            },
            Stage::Download => match &case.keyfile {
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
        let left = locks[0].until.0 - engine.now();
        assert!(
            left > Duration::minutes(24) && left <= Duration::minutes(25),
            "{left}"
        );
        engine.advance_clock(std::time::Duration::from_secs(25 * 60 + 1));
        assert!(engine.locks().is_empty());
    }
}
