//! Scenarios: the accounts, limits and faults of one user situation.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::faults::FaultRule;
use crate::domain::{Email, Identifier, Phone, Purse, SecretText, Wmid};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Seeds codes, key files and fault rolls, so a run can be repeated. Case ids,
    /// references and tokens never come from it: they are secrets, and the seed is not.
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub settings: Settings,
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// Accounts whose phone number was detached (a deactivation that took
    /// effect), by WMID. The number stays on record, but no code goes to it
    /// and looking it up finds none of them. A running mock adds to it as
    /// its cases detach numbers, so a replay starts where the user was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones_detached: Vec<Wmid>,
    #[serde(default)]
    pub faults: Vec<FaultRule>,
    /// Identifiers that start out locked, as after too many wrong codes.
    #[serde(default)]
    pub locks: Vec<PresetLock>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeeperKind {
    /// Classic: signs with a key file.
    WinPro,
    /// Light: signs with a personal certificate.
    WebPro,
    /// Mini: web login with password.
    Standard,
    Mobile,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    #[default]
    Approve,
    Reject,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub wmid: Wmid,
    pub phone: Phone,
    pub email: Email,
    #[serde(default)]
    pub purses: Vec<Purse>,
    pub keeper: KeeperKind,
    /// Passport level: 100 alias, 110 formal, 120 initial, 130 personal and up.
    #[serde(default = "default_passport")]
    pub passport: u16,
    #[serde(default, rename = "enum")]
    pub enum_registered: bool,
    #[serde(default)]
    pub security_question: Option<String>,
    #[serde(default)]
    pub security_answer: Option<SecretText>,
    /// The code the user set for the key file; the mock issues key files under it.
    #[serde(default)]
    pub keyfile_access_code: Option<SecretText>,
    /// Ask for documents whatever the passport level.
    #[serde(default)]
    pub documents_required: bool,
    #[serde(default)]
    pub review: ReviewDecision,
}

fn default_passport() -> u16 {
    120
}

impl Account {
    /// Personal passports and above prove identity with documents.
    pub fn needs_documents(&self) -> bool {
        self.documents_required || self.passport >= 130
    }

    pub fn matches(&self, identifier: &Identifier) -> bool {
        match identifier {
            Identifier::Wmid(w) => &self.wmid == w,
            Identifier::Purse(p) => self.purses.contains(p),
            Identifier::Phone(p) => &self.phone == p,
            Identifier::Email(e) => &self.email == e,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresetLock {
    pub identifier: Identifier,
    pub minutes: u64,
}

/// The default bound on cases waiting for verification: about 22 MB of them
/// at 430 bytes each (docs/protocol.md, "Memory stays bounded under a flood").
pub const MAX_UNVERIFIED_CASES: u32 = 50_000;

/// Timers and limits, in seconds of mock time.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub code_ttl_secs: u64,
    pub resend_cooldown_secs: u64,
    pub sends_per_day: u32,
    pub max_attempts: u32,
    pub lock_secs: u64,
    pub case_ttl_secs: u64,
    pub review_secs: u64,
    pub security_period_secs: u64,
    pub detach_period_secs: u64,
    /// New cases one client (an IPv4 address, or an IPv6 /64) may open at
    /// once, and per minute after.
    pub cases_per_minute: u32,
    /// Cases waiting for verification, from all clients together: a new case
    /// beyond them is answered 503 until one verifies, ends or expires.
    pub max_unverified_cases: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            code_ttl_secs: 10 * 60,
            resend_cooldown_secs: 60,
            sends_per_day: 5,
            max_attempts: 5,
            lock_secs: 30 * 60,
            case_ttl_secs: 30 * 60,
            review_secs: 2 * 24 * 3600,
            security_period_secs: 3 * 24 * 3600,
            detach_period_secs: 24 * 3600,
            cases_per_minute: 30,
            max_unverified_cases: MAX_UNVERIFIED_CASES,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("cannot read scenario {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("scenario {name} is not valid{}: {message}", at.map(|(l, c)| format!(" at line {l}, column {c}")).unwrap_or_default())]
    Invalid {
        name: String,
        /// Line and column (from 1) where the parser stopped, when it says.
        at: Option<(usize, usize)>,
        /// The parser's own words, without its picture of the line.
        message: String,
    },
    #[error("no shipped scenario is named {0}")]
    Unknown(String),
}

/// The scenarios shipped with the app, by file name without `.toml`.
pub const SHIPPED: &[(&str, &str)] = &[
    ("demo", include_str!("../../resources/scenarios/demo.toml")),
    (
        "forgot-password",
        include_str!("../../resources/scenarios/forgot-password.toml"),
    ),
    (
        "lost-keyfile-documents",
        include_str!("../../resources/scenarios/lost-keyfile-documents.toml"),
    ),
    (
        "sim-replaced",
        include_str!("../../resources/scenarios/sim-replaced.toml"),
    ),
    (
        "phone-taken",
        include_str!("../../resources/scenarios/phone-taken.toml"),
    ),
    (
        "enum-lost",
        include_str!("../../resources/scenarios/enum-lost.toml"),
    ),
    (
        "expired-certificate",
        include_str!("../../resources/scenarios/expired-certificate.toml"),
    ),
    (
        "locked-after-wrong-codes",
        include_str!("../../resources/scenarios/locked-after-wrong-codes.toml"),
    ),
    (
        "service-overloaded",
        include_str!("../../resources/scenarios/service-overloaded.toml"),
    ),
    (
        "codes-never-arrive",
        include_str!("../../resources/scenarios/codes-never-arrive.toml"),
    ),
];

/// Line and column, counted from 1, of the byte `offset` in `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit_once('\n')
        .map_or(before, |(_, last)| last)
        .chars()
        .count()
        + 1;
    (line, column)
}

impl Scenario {
    pub fn parse(name_hint: &str, text: &str) -> Result<Self, ScenarioError> {
        let scenario: Scenario = toml::from_str(text).map_err(|e| ScenarioError::Invalid {
            name: name_hint.to_owned(),
            at: e.span().map(|span| line_and_column(text, span.start)),
            message: e.message().trim().to_owned(),
        })?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Whether this account's phone number was detached: it has none now.
    pub fn phone_detached(&self, account: &Account) -> bool {
        self.phones_detached.contains(&account.wmid)
    }

    pub fn shipped(name: &str) -> Result<Self, ScenarioError> {
        let (_, text) = SHIPPED
            .iter()
            .find(|(shipped, _)| *shipped == name)
            .ok_or_else(|| ScenarioError::Unknown(name.to_owned()))?;
        Scenario::parse(name, text)
    }

    /// A shipped scenario's name, or a path to a TOML file.
    pub fn load(name_or_path: &str) -> Result<Self, ScenarioError> {
        if SHIPPED.iter().any(|(name, _)| *name == name_or_path) {
            return Scenario::shipped(name_or_path);
        }
        let path = Path::new(name_or_path);
        let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Scenario::parse(&path.display().to_string(), &text)
    }

    /// The built-in demo: one account for every topic.
    pub fn demo() -> Self {
        // The demo is part of the binary and covered by tests, so it always parses.
        Scenario::shipped("demo").unwrap_or_else(|_| Scenario {
            name: "empty".into(),
            description: String::new(),
            seed: 0,
            settings: Settings::default(),
            accounts: Vec::new(),
            phones_detached: Vec::new(),
            faults: Vec::new(),
            locks: Vec::new(),
        })
    }

    fn validate(&self) -> Result<(), ScenarioError> {
        let invalid = |message: String| ScenarioError::Invalid {
            name: self.name.clone(),
            at: None,
            message,
        };
        for (i, account) in self.accounts.iter().enumerate() {
            if account.keeper == KeeperKind::WinPro && account.keyfile_access_code.is_none() {
                return Err(invalid(format!(
                    "accounts[{i}] ({}): a WinPro account needs keyfile_access_code",
                    account.wmid
                )));
            }
            if account.security_question.is_some() != account.security_answer.is_some() {
                return Err(invalid(format!(
                    "accounts[{i}] ({}): security_question and security_answer go together",
                    account.wmid
                )));
            }
            if self.accounts[..i].iter().any(|a| a.wmid == account.wmid) {
                return Err(invalid(format!(
                    "accounts[{i}]: WMID {} appears twice",
                    account.wmid
                )));
            }
        }
        if let Some(wmid) = self
            .phones_detached
            .iter()
            .find(|w| !self.accounts.iter().any(|a| &a.wmid == *w))
        {
            return Err(invalid(format!(
                "phones_detached: no account has WMID {wmid}"
            )));
        }
        // Timers are added to dates; a year is far more than any real wait.
        const YEAR: u64 = 365 * 24 * 3600;
        let s = &self.settings;
        for (name, value) in [
            ("code_ttl_secs", s.code_ttl_secs),
            ("resend_cooldown_secs", s.resend_cooldown_secs),
            ("lock_secs", s.lock_secs),
            ("case_ttl_secs", s.case_ttl_secs),
            ("review_secs", s.review_secs),
            ("security_period_secs", s.security_period_secs),
            ("detach_period_secs", s.detach_period_secs),
        ] {
            if value > YEAR {
                return Err(invalid(format!(
                    "settings.{name}: at most {YEAR} seconds (a year)"
                )));
            }
        }
        if let Some(lock) = self.locks.iter().find(|l| l.minutes > YEAR / 60) {
            return Err(invalid(format!(
                "locks: {} minutes is more than a year",
                lock.minutes
            )));
        }
        for (i, fault) in self.faults.iter().enumerate() {
            fault
                .validate()
                .map_err(|message| invalid(format!("faults[{i}]: {message}")))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toml_error_says_where_without_the_parsers_picture() {
        let text = "name = \"Broken\"\n[settings]\nsends_per_day = \"many\"\n";
        let Err(ScenarioError::Invalid { at, message, .. }) = Scenario::parse("broken", text)
        else {
            panic!("a string is not a number");
        };
        assert_eq!(at, Some((3, 17)));
        assert!(
            !message.contains('^') && !message.contains('\n'),
            "{message}"
        );
        assert_eq!(line_and_column("ab\ncé\nx", 7), (3, 1));
        assert_eq!(line_and_column("ab\ncé", 4), (2, 2));
        assert_eq!(line_and_column("ab\ncé", 6), (2, 3));
    }
}
