//! The built-in mock of the recovery service.
//!
//! It speaks the real protocol over real HTTP on a loopback port: the app's
//! default endpoint, the tests' server, and support staff's way to reproduce
//! a user's situation. Support endpoints live under `/mock/` only.

pub mod engine;
pub mod error;
pub mod exchanges;
pub mod faults;
pub mod outbox;
mod pipeline;
mod routes;
pub mod scenario;
mod topics;

use std::collections::HashMap;
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
use outbox::OutboxMessage;
use pipeline::IdempotentEntry;
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

/// How long a stored answer replays. Keys expire by time, so no number of
/// other clients' keys can push out one a client is still retrying.
pub const IDEMPOTENCY_TTL: time::Duration = time::Duration::hours(24);
/// Expired answers are swept once the store has grown this much since the last sweep.
const IDEMPOTENCY_SWEEP_AT: usize = 1024;

/// The mock's state, shared by its handlers (and readable in-process).
pub struct Shared {
    engine: Mutex<Engine>,
    faults: Mutex<Faults>,
    /// The fault rules as they were switched on, before firing used up their counts.
    faults_as_set: Mutex<Vec<FaultRule>>,
    exchanges: Mutex<ExchangeLog>,
    /// By the SHA-256 of the key's scope: route, path (so the case), credential and key.
    idempotency: Mutex<Idempotency>,
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
    fn new(scenario: Scenario, print_outbox: bool) -> Self {
        let mut engine = Engine::new(scenario.clone());
        engine.set_print_outbox(print_outbox);
        Shared {
            engine: Mutex::new(engine),
            faults: Mutex::new(Faults::new(scenario.faults.clone(), scenario.seed)),
            faults_as_set: Mutex::new(scenario.faults.clone()),
            exchanges: Mutex::new(ExchangeLog::default()),
            idempotency: Mutex::new(Idempotency::default()),
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

    pub fn advance_clock(&self, by: std::time::Duration) {
        self.engine(|e| e.advance_clock(by));
        self.changed();
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

    /// The entry for this scope, or a new one if there is none or it has expired.
    fn idempotency_entry(
        &self,
        scope: [u8; 32],
        fingerprint: [u8; 32],
        now: time::OffsetDateTime,
    ) -> Arc<IdempotentEntry> {
        let mut store = lock(&self.idempotency);
        if store.entries.len() >= store.sweep_at {
            store
                .entries
                .retain(|_, e| e.stored_at + IDEMPOTENCY_TTL > now);
            store.sweep_at = (store.entries.len() * 2).max(IDEMPOTENCY_SWEEP_AT);
        }
        let entry = store
            .entries
            .entry(scope)
            .or_insert_with(|| IdempotentEntry::new(fingerprint, now));
        if entry.stored_at + IDEMPOTENCY_TTL <= now {
            *entry = IdempotentEntry::new(fingerprint, now);
        }
        entry.clone()
    }

    /// Starts over with another scenario: cases, outbox, faults and records.
    pub fn reset(&self, scenario: Scenario) {
        let mut engine = Engine::new(scenario.clone());
        engine.set_print_outbox(self.print_outbox);
        *lock(&self.engine) = engine;
        *lock(&self.faults) = Faults::new(scenario.faults.clone(), scenario.seed);
        *lock(&self.faults_as_set) = scenario.faults.clone();
        lock(&self.exchanges).clear();
        *lock(&self.idempotency) = Idempotency::default();
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.changed();
    }
}

struct Idempotency {
    entries: HashMap<[u8; 32], Arc<IdempotentEntry>>,
    sweep_at: usize,
}

impl Default for Idempotency {
    fn default() -> Self {
        Idempotency {
            entries: HashMap::new(),
            sweep_at: IDEMPOTENCY_SWEEP_AT,
        }
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
        .merge(routes::owner())
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
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            print_outbox: false,
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
        // Small request-answer exchanges: send each write at once.
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let shared = Arc::new(Shared::new(scenario, options.print_outbox));
        let app = router(shared.clone());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            // Client addresses, for the rate limit on case creations.
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
        });
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
