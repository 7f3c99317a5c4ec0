//! The built-in mock of the recovery service.
//!
//! It speaks the real protocol over real HTTP on a loopback port: the app's
//! default endpoint, the tests' server, and support staff's way to reproduce
//! a user's situation. Support endpoints live under `/mock/` only.

pub mod engine;
pub mod error;
pub mod exchanges;
pub mod faults;
pub mod idempotency;
pub mod outbox;
mod pipeline;
mod routes;
pub mod scenario;
mod serve;
mod topics;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use engine::Engine;
use exchanges::{Exchange, ExchangeLog};
use faults::{FaultPlan, FaultRule, Faults, RouteId};
use idempotency::IdempotencyLimits;
use outbox::OutboxMessage;
use scenario::Scenario;

use crate::protocol::ErrorCode;

/// Whatever a request may have changed (a clock moved with curl, a review
/// decided, an objection, any protocol step), the followers of the mock hear
/// of it once it is answered; reading changes nothing and wakes no one.
async fn announce_changes(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let reads_only = matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    );
    let response = next.run(request).await;
    if !reads_only {
        shared.changed();
    }
    response
}

pub use idempotency::IDEMPOTENCY_TTL;

/// How long a client may take to send a request's head (also the longest an
/// idle connection stays open) before the connection is closed.
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// The mock's state, shared by its handlers (and readable in-process).
pub struct Shared {
    engine: Mutex<Engine>,
    faults: Mutex<Faults>,
    /// The fault rules as they were switched on, before firing used up their counts.
    faults_as_set: Mutex<Vec<FaultRule>>,
    exchanges: Mutex<ExchangeLog>,
    /// Answers kept for Idempotency-Keys, by the SHA-256 of the key's scope:
    /// method, path (so the case), credential, client address and key.
    idempotency: Mutex<idempotency::Store>,
    print_outbox: bool,
    generation: std::sync::atomic::AtomicU64,
    /// Bumped whenever the mock changes (a request answered, the clock or
    /// the faults moved, a restart), so a screen can follow it without polling.
    changes: tokio::sync::watch::Sender<u64>,
}

/// A lock whose holder panicked still guards consistent data here: every
/// change under it is a single assignment or push.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn new(scenario: Scenario, print_outbox: bool, idempotency: IdempotencyLimits) -> Self {
        let mut engine = Engine::new(scenario.clone());
        engine.set_print_outbox(print_outbox);
        Shared {
            engine: Mutex::new(engine),
            faults: Mutex::new(Faults::new(scenario.faults.clone(), scenario.seed)),
            faults_as_set: Mutex::new(scenario.faults.clone()),
            exchanges: Mutex::new(ExchangeLog::default()),
            idempotency: Mutex::new(idempotency::Store::new(idempotency)),
            print_outbox,
            generation: std::sync::atomic::AtomicU64::new(0),
            changes: tokio::sync::watch::Sender::new(0),
        }
    }

    pub fn engine<R>(&self, f: impl FnOnce(&mut Engine) -> R) -> R {
        f(&mut lock(&self.engine))
    }

    pub fn outbox(&self) -> Vec<OutboxMessage> {
        self.engine(|e| e.outbox())
    }

    /// Moves mock time forward; answers kept for Idempotency-Keys that are
    /// older than a day then are dropped at once.
    pub fn advance_clock(&self, by: std::time::Duration) {
        let now = self.engine(|e| e.advance_clock(by));
        lock(&self.idempotency).expire(now);
        self.changed();
    }

    /// How many answers the Idempotency-Key store holds now (answered or in flight).
    pub fn idempotency_entries(&self) -> usize {
        lock(&self.idempotency).len()
    }

    /// Support: ends a document review now, with this decision.
    pub fn decide_review(
        &self,
        case_id: &str,
        decision: scenario::ReviewDecision,
    ) -> Result<crate::protocol::Case, error::ApiError> {
        let decided = self.engine(|e| e.decide_review(case_id, decision));
        self.changed();
        decided
    }

    /// Support: cancels a case as its owner would, so the user's recovery
    /// can start again at once.
    pub fn cancel_for_support(
        &self,
        case_id: &str,
    ) -> Result<crate::protocol::Case, error::ApiError> {
        let cancelled = self.engine(|e| e.cancel_for_support(case_id));
        self.changed();
        cancelled
    }

    /// Wakes at each change of the mock; what changed is read from the mock.
    pub fn changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Tells whoever follows the mock that it changed (also after a change
    /// made through `engine`, such as a review decided by hand).
    pub fn changed(&self) {
        self.changes
            .send_modify(|count| *count = count.wrapping_add(1));
    }

    pub fn fault_rules(&self) -> Vec<FaultRule> {
        lock(&self.faults).rules().to_vec()
    }

    /// The rules as they were switched on: what a replay should switch on again.
    pub fn fault_rules_as_set(&self) -> Vec<FaultRule> {
        lock(&self.faults_as_set).clone()
    }

    pub fn set_fault_rules(&self, rules: Vec<FaultRule>) {
        self.update_fault_rules(|current| current.clone_from(&rules));
    }

    /// Changes the live rules under one lock, so a count the mock is using up
    /// meanwhile is not lost; the rules as set follow the same change.
    pub fn update_fault_rules(&self, change: impl Fn(&mut Vec<FaultRule>)) {
        let mut faults = lock(&self.faults);
        let mut rules = faults.rules().to_vec();
        change(&mut rules);
        faults.replace(rules);
        change(&mut lock(&self.faults_as_set));
        drop(faults);
        self.changed();
    }

    fn fault_plan(&self, route: RouteId) -> FaultPlan {
        lock(&self.faults).plan(route)
    }

    pub fn exchanges_snapshot(&self) -> Vec<Exchange> {
        lock(&self.exchanges).all()
    }

    /// The newest `n` exchanges: what a screen shows, without describing the rest.
    pub fn recent_exchanges(&self, n: usize) -> Vec<Exchange> {
        lock(&self.exchanges).recent(n)
    }

    /// Changes each time the mock starts over, whoever asked for it.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// See [`ExchangeLog::marker`].
    pub fn exchanges_marker(&self) -> (u64, usize) {
        lock(&self.exchanges).marker()
    }

    pub fn clear_exchanges(&self) {
        lock(&self.exchanges).clear();
        self.changed();
    }

    /// Every request ends here, answered or refused.
    fn record(&self, exchange: exchanges::Recorded) {
        lock(&self.exchanges).push(exchange);
        self.changed();
    }

    fn idempotency<R>(&self, f: impl FnOnce(&mut idempotency::Store) -> R) -> R {
        f(&mut lock(&self.idempotency))
    }

    /// Starts over with another scenario: cases, outbox, faults and records.
    pub fn reset(&self, scenario: Scenario) {
        let mut engine = Engine::new(scenario.clone());
        engine.set_print_outbox(self.print_outbox);
        *lock(&self.engine) = engine;
        *lock(&self.faults) = Faults::new(scenario.faults.clone(), scenario.seed);
        *lock(&self.faults_as_set) = scenario.faults.clone();
        lock(&self.exchanges).clear();
        let mut store = lock(&self.idempotency);
        *store = idempotency::Store::new(store.limits());
        drop(store);
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.changed();
    }
}

pub fn router(shared: Arc<Shared>) -> Router {
    let not_found = || async {
        error::ApiError::with_status(
            StatusCode::NOT_FOUND,
            ErrorCode::InvalidRequest,
            "no such route",
        )
        .into_response()
    };
    routes::protocol()
        .route_layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            pipeline::pipeline,
        ))
        .merge(routes::support())
        .route_layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            announce_changes,
        ))
        .fallback(not_found)
        .method_not_allowed_fallback(|| async {
            error::ApiError::with_status(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::InvalidRequest,
                "this route does not take this method",
            )
            .into_response()
        })
        .layer(DefaultBodyLimit::max(pipeline::REQUEST_LIMIT))
        .with_state(shared)
}

#[derive(Debug, Clone)]
pub struct MockOptions {
    pub listen: SocketAddr,
    /// Print each sent message to standard output.
    pub print_outbox: bool,
    /// How many answers the Idempotency-Key store keeps, in all and per client.
    pub idempotency: IdempotencyLimits,
    /// How long a request's head may take to arrive ([`HEADER_READ_TIMEOUT`]).
    pub header_read_timeout: std::time::Duration,
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            print_outbox: false,
            idempotency: IdempotencyLimits::default(),
            header_read_timeout: HEADER_READ_TIMEOUT,
        }
    }
}

/// A running mock; it stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl MockServer {
    pub async fn start(scenario: Scenario, options: MockOptions) -> std::io::Result<Self> {
        let listener = TcpListener::bind(options.listen).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(
            scenario,
            options.print_outbox,
            options.idempotency,
        ));
        let app = router(shared.clone());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve::serve(
            listener,
            app,
            options.header_read_timeout,
            async {
                let _ = stopped.await;
            },
        ));
        Ok(MockServer {
            addr,
            shared,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    /// Stops accepting, lets requests in flight finish, and reports a server failure.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }

    /// Runs until the server fails (the standalone binary's main loop).
    pub async fn wait(mut self) -> std::io::Result<()> {
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
