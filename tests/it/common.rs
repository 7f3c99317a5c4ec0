use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use keeper_recovery::client::support::MockAdmin;
use keeper_recovery::client::{ClientOptions, RecoveryClient};
use keeper_recovery::domain::{Code, Identifier, SecretText};
use keeper_recovery::mock::faults::FaultRule;
use keeper_recovery::mock::scenario::Scenario;
use keeper_recovery::mock::{MockOptions, MockServer};
use keeper_recovery::protocol::CaseId;
use keeper_recovery::protocol::{Case, CaseOpened, Channel, StepRequest, TopicId};

pub const AN_WMID: &str = "405002833238";
pub const AN_PHONE: &str = "+84912345678";
pub const AN_EMAIL: &str = "an.nguyen@example.com";
pub const AN_KEY_CODE: &str = "FvGqPdAy8reVWw789";
pub const BINH_WMID: &str = "301234567890";
pub const BINH_PHONE: &str = "+84987654321";
pub const BINH_KEY_CODE: &str = "Binh-2024-key";
pub const OLGA_WMID: &str = "212345678901";
pub const OLGA_PHONE: &str = "+79123456789";

pub struct Harness {
    pub mock: MockServer,
    pub client: RecoveryClient,
    pub admin: MockAdmin,
    /// The case token of every case this harness opened, by case id.
    case_tokens: Mutex<HashMap<CaseId, SecretText>>,
}

pub fn fast_options() -> ClientOptions {
    ClientOptions {
        first_backoff: Duration::from_millis(5),
        request_timeout: Duration::from_secs(5),
        ..ClientOptions::default()
    }
}

pub async fn start(scenario: Scenario) -> Harness {
    start_with(scenario, fast_options()).await
}

/// A mock on loopback, alone: for a window to talk to as to an outside service.
pub async fn mock_with(scenario: Scenario) -> MockServer {
    MockServer::start(scenario, MockOptions::default())
        .await
        .expect("mock starts on loopback")
}

pub async fn demo_mock() -> MockServer {
    mock_with(Scenario::demo()).await
}

pub async fn start_with(scenario: Scenario, options: ClientOptions) -> Harness {
    let mock = mock_with(scenario).await;
    let client =
        RecoveryClient::new(&mock.base_url(), options).expect("loopback endpoint is accepted");
    let admin = MockAdmin::new(client.clone());
    Harness {
        mock,
        client,
        admin,
        case_tokens: Mutex::new(HashMap::new()),
    }
}

pub async fn demo() -> Harness {
    start(Scenario::demo()).await
}

pub fn id(text: &str) -> Identifier {
    text.parse().expect("test identifier is valid")
}

pub fn code(text: &str) -> Code {
    Code::parse(text).expect("six digits")
}

pub fn secret(text: &str) -> SecretText {
    SecretText::new(text)
}

impl Harness {
    /// The code in the newest message sent to `to`, as a person would read it.
    pub async fn code_sent_to(&self, to: &str) -> Code {
        let text = self
            .admin
            .latest_code_to(to)
            .await
            .expect("outbox is readable")
            .unwrap_or_else(|| panic!("no code was sent to {to}"));
        code(&text)
    }

    /// Opens a case and keeps its token; the test fails with `what` if the service refuses.
    pub async fn open_case(&self, topic: TopicId, identifier: &Identifier, what: &str) -> Case {
        let opened = self
            .client
            .create_case(topic, identifier)
            .await
            .unwrap_or_else(|e| panic!("{what}: {e:?}"));
        self.keep(opened)
    }

    /// Keeps the token of a case opened without `open_case`.
    pub fn keep(&self, opened: CaseOpened) -> Case {
        self.case_tokens
            .lock()
            .expect("token map")
            .insert(opened.case.case_id.clone(), opened.case_token);
        opened.case
    }

    /// The case token of a case this harness opened.
    pub fn token(&self, case: &Case) -> SecretText {
        self.case_tokens
            .lock()
            .expect("token map")
            .get(&case.case_id)
            .cloned()
            .unwrap_or_else(|| panic!("no case token kept for {}", case.reference))
    }

    /// Asks for a code on `channel`; the test fails with `what` if none is sent.
    pub async fn send_code(&self, case: &Case, channel: Channel, what: &str) -> Case {
        self.client
            .challenge(&case.case_id, &self.token(case), channel)
            .await
            .unwrap_or_else(|e| panic!("{what}: {e:?}"))
    }

    /// Installs fault rules on the mock.
    pub async fn inject(&self, rules: &[FaultRule]) {
        self.admin
            .set_faults(rules)
            .await
            .expect("the mock takes the fault rules");
    }

    /// Opens a case, asks for a code on `channel`, and types the code that arrived at `to`.
    pub async fn verified(
        &self,
        topic: TopicId,
        identifier: &str,
        channel: Channel,
        to: &str,
    ) -> (Case, SecretText) {
        let case = self.open_case(topic, &id(identifier), "case opens").await;
        let case = self.send_code(&case, channel, "code is sent").await;
        let code = self.code_sent_to(to).await;
        let verified = self
            .client
            .verify(&case.case_id, &self.token(&case), &code)
            .await
            .expect("right code verifies");
        (verified.case, verified.session_token)
    }

    /// Sends a step the user completed; the test fails with `what` if it is refused.
    pub async fn step(
        &self,
        case: &Case,
        token: &SecretText,
        step: &StepRequest,
        what: &str,
    ) -> Case {
        self.client
            .step(&case.case_id, token, step)
            .await
            .unwrap_or_else(|e| panic!("{what}: {e:?}"))
    }

    pub fn advance(&self, seconds: u64) {
        self.mock
            .shared()
            .advance_clock(Duration::from_secs(seconds));
    }
}

/// A token store that outlives the app using it, as the OS keyring does
/// across a restart, and that the test can look into.
#[derive(Clone, Default)]
pub struct SharedTokens {
    pub tokens: std::sync::Arc<keeper_recovery::token_store::MemoryStore>,
    /// What the store says of itself: a keyring (true) or memory only.
    pub persistent: bool,
}

impl keeper_recovery::token_store::TokenStore for SharedTokens {
    fn save(
        &self,
        key: &keeper_recovery::token_store::SessionKey,
        token: &SecretText,
    ) -> Result<(), keeper_recovery::token_store::SessionError> {
        self.tokens.save(key, token)
    }

    fn load(
        &self,
        key: &keeper_recovery::token_store::SessionKey,
    ) -> Result<Option<SecretText>, keeper_recovery::token_store::SessionError> {
        self.tokens.load(key)
    }

    fn delete(
        &self,
        key: &keeper_recovery::token_store::SessionKey,
    ) -> Result<(), keeper_recovery::token_store::SessionError> {
        self.tokens.delete(key)
    }

    fn is_persistent(&self) -> bool {
        self.persistent
    }
}

/// `folder` holds one file, and it is a diagnostics bundle by its name.
pub fn assert_one_bundle_in(folder: &std::path::Path) {
    let saved: Vec<_> = std::fs::read_dir(folder)
        .expect("the folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        saved.len() == 1 && saved[0].starts_with("keeper-recovery-diagnostics-"),
        "{saved:?}"
    );
}
