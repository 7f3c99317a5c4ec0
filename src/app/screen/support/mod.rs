//! Support mode: the built-in mock's inside, beside the user's screen, so
//! support staff can reproduce a user's situation and watch every exchange.
//!
//! It reads the in-process mock directly: the mock runs in this app, and its
//! support endpoints over HTTP say the same (`client::support::MockAdmin`).

mod faults;
mod view;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use iced::Task;
use time::OffsetDateTime;

use crate::app::chrome::notice::Notice;
use crate::app::screen::topic::Typed;
use crate::diagnostics::{self, OpenedBundle};
use crate::file_dialog::FilePicker;
use crate::mock::MockServer;
use crate::mock::engine::{CaseInspection, LockInspection};
use crate::mock::exchanges::Exchange;
use crate::mock::faults::FaultRule;
use crate::mock::outbox::OutboxMessage;
use crate::mock::scenario::{ReviewDecision, SHIPPED, Scenario};
use crate::protocol::CaseId;

pub use faults::FaultForm;
use faults::KindChoice;
pub use view::{FAULT_COUNT, FAULT_VALUE, Placement};

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray)]
pub enum Tab {
    Scenario,
    Outbox,
    Faults,
    Exchanges,
    Cases,
}

impl Tab {
    pub const ALL: [Tab; 5] = crate::variants(<Tab as strum::VariantArray>::VARIANTS);
}

/// A scenario shown before the mock is restarted with it.
#[derive(Debug, Clone)]
pub struct Preview {
    pub scenario: Scenario,
    /// A shipped scenario's name, or the file it came from.
    pub source: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    Tab(Tab),
    /// Read the mock again (a timer, or after any change in the app).
    Refresh,
    PickShipped(String),
    OpenScenarioFile,
    ScenarioFileRead(Result<Preview, Notice>),
    RestartWithPreview,
    UseCode(Typed),
    CopyCode(Typed),
    Fault(faults::Message),
    RemoveFault(usize),
    ClearFaults,
    ToggleExchange(u64),
    ClearExchanges,
    /// Moves the mock's clock forward by this many seconds.
    Advance(u64),
    Review(CaseId, ReviewDecision),
    /// Cancels the user's case and starts their recovery again.
    StartAgain(CaseId),
    SaveBundle,
    OpenBundle,
    BundleRead(Result<Box<OpenedBundle>, Notice>),
    Close,
}

/// What the support panel asks of the app.
#[derive(Debug, Clone)]
pub enum Event {
    /// Put this code into the user's code field.
    UseCode(Typed),
    /// The mock started over: screens showing its old cases must close.
    MockRestarted,
    /// Save a diagnostics bundle (the app knows the settings and folders).
    SaveBundle,
    /// This case was cancelled on the demo service: the user's screen
    /// starts its recovery again.
    StartAgain(CaseId),
    Close,
}

/// Outcome of the last action, shown under the tabs.
#[derive(Debug, Clone)]
pub enum Status {
    /// A translated message id with one argument.
    Done(&'static str, String),
    /// A translated message id: something could not be done.
    Refused(&'static str),
    /// What could not be done, worded where every notice is.
    Failed(Notice),
}

const SCENARIO_FILTER: (&str, &[&str]) = ("Scenario (*.toml)", &["toml"]);

/// Asks for one file, then reads it off the UI thread; a cancelled dialog
/// changes nothing.
fn pick_and_read<T: Send + 'static>(
    picker: &Arc<dyn FilePicker>,
    filter: (&str, &[&str]),
    read: fn(PathBuf) -> Result<T, Notice>,
    done: fn(Result<T, Notice>) -> Message,
) -> Task<Message> {
    let chosen = picker.open_paths(&[filter]);
    Task::perform(
        async move {
            let path = chosen.await.into_iter().next()?;
            Some(crate::app::blocking(move || read(path)).await)
        },
        move |result| result.map_or(Message::Refresh, done),
    )
}

/// How many exchanges are drawn; the bundle and `/mock/exchanges` keep them all.
pub const EXCHANGES_SHOWN: usize = 200;

pub struct Support {
    tab: Tab,
    running: Scenario,
    /// Where the running scenario came from (a shipped name or a file), once
    /// this panel restarted the mock with it.
    running_source: Option<String>,
    /// The mock's generation this panel has seen; another means it started over.
    generation: u64,
    shipped: Vec<String>,
    preview: Option<Preview>,
    outbox: Vec<OutboxMessage>,
    exchanges: Vec<Exchange>,
    exchanges_marker: (u64, usize),
    expanded: Option<u64>,
    cases: Vec<CaseInspection>,
    locks: Vec<LockInspection>,
    faults: Vec<FaultRule>,
    form: FaultForm,
    mock_now: OffsetDateTime,
    status: Option<Status>,
    bundle: Option<Box<OpenedBundle>>,
}

impl Support {
    pub fn new(mock: &MockServer) -> Self {
        let mut support = Support {
            tab: Tab::Outbox,
            running: mock.shared().engine(|e| e.scenario().clone()),
            running_source: None,
            generation: mock.shared().generation(),
            shipped: SHIPPED.iter().map(|(name, _)| (*name).to_owned()).collect(),
            preview: None,
            outbox: Vec::new(),
            exchanges: Vec::new(),
            exchanges_marker: (u64::MAX, 0),
            expanded: None,
            cases: Vec::new(),
            locks: Vec::new(),
            faults: Vec::new(),
            form: FaultForm::default(),
            mock_now: OffsetDateTime::now_utc(),
            status: None,
            bundle: None,
        };
        support.refresh(mock);
        // A scenario that starts locked shows the lock first, not an empty outbox.
        if !support.locks.is_empty() {
            support.tab = Tab::Cases;
        }
        support
    }

    /// Copies what changed from the mock. The exchange log is copied only
    /// when it grew or was cleared: it can hold thousands of bodies. Says
    /// whether the mock started over since (from its `/mock` endpoint, say).
    pub fn refresh(&mut self, mock: &MockServer) -> bool {
        let shared = mock.shared();
        let generation = shared.generation();
        let restarted = generation != self.generation;
        if restarted {
            self.generation = generation;
        }
        // The accounts as they stand: a finished recovery changes them (a new
        // phone, a detached number), and support reproduces the next attempt.
        self.running = shared.engine(|e| e.scenario().clone());
        let (outbox, mut cases, locks, now) =
            shared.engine(|e| (e.outbox(), e.inspect_all(), e.locks(), e.now()));
        self.locks = locks;
        self.outbox = outbox;
        self.outbox.reverse();
        // Newest first, as the outbox and the exchanges.
        cases.reverse();
        self.cases = cases;
        self.mock_now = now;
        self.faults = shared.fault_rules();
        let marker = shared.exchanges_marker();
        if marker != self.exchanges_marker {
            self.exchanges_marker = marker;
            self.exchanges = shared.recent_exchanges(EXCHANGES_SHOWN);
            self.exchanges.reverse();
        }
        restarted
    }

    pub fn update(
        &mut self,
        message: Message,
        mock: &Arc<MockServer>,
        picker: &Arc<dyn FilePicker>,
    ) -> (Task<Message>, Option<Event>) {
        // A new action replaces the last one's result.
        if !matches!(message, Message::Refresh) {
            self.status = None;
        }
        let event = match message {
            Message::Tab(tab) => {
                self.tab = tab;
                None
            }
            Message::Refresh => None,
            Message::PickShipped(name) => {
                self.preview = match Scenario::shipped(&name) {
                    Ok(scenario) => Some(Preview {
                        scenario,
                        source: name,
                    }),
                    Err(e) => {
                        self.status = Some(Status::Failed(Notice::Scenario(Arc::new(e))));
                        None
                    }
                };
                None
            }
            Message::OpenScenarioFile => {
                let read = |path: PathBuf| {
                    let source = path.display().to_string();
                    Scenario::load(&source)
                        .map(|scenario| Preview { scenario, source })
                        .map_err(|e| Notice::Scenario(Arc::new(e)))
                };
                return (
                    pick_and_read(picker, SCENARIO_FILTER, read, Message::ScenarioFileRead),
                    None,
                );
            }
            Message::ScenarioFileRead(Ok(preview)) => {
                self.preview = Some(preview);
                self.status = None;
                None
            }
            Message::ScenarioFileRead(Err(error)) => {
                self.status = Some(Status::Failed(error));
                None
            }
            Message::RestartWithPreview => {
                let Some(preview) = self.preview.take() else {
                    return (Task::none(), None);
                };
                self.restart(mock, preview.scenario, None);
                // The picker goes on naming what now runs, not back to its prompt.
                self.running_source = Some(preview.source);
                Some(Event::MockRestarted)
            }
            Message::UseCode(code) => Some(Event::UseCode(code)),
            Message::CopyCode(code) => {
                self.status = Some(Status::Done("support-copied", String::new()));
                return (iced::clipboard::write(code.0), None);
            }
            // A kind that is on for the chosen route goes off with one click.
            Message::Fault(faults::Message::Quick(kind)) if self.fault_on(kind) => {
                let route = self.form.route.0;
                self.form.update(faults::Message::Kind(kind));
                mock.shared().update_fault_rules(|rules| {
                    rules.retain(|r| !(r.route == route && KindChoice::of(&r.kind) == kind));
                });
                None
            }
            Message::Fault(message) => {
                if let Some(rule) = self.form.update(message) {
                    // One rule per route and kind: switching it on again
                    // changes its number or count, never adds a twin.
                    mock.shared().update_fault_rules(|rules| {
                        let kind = KindChoice::of(&rule.kind);
                        match rules
                            .iter_mut()
                            .find(|r| r.route == rule.route && KindChoice::of(&r.kind) == kind)
                        {
                            Some(same) => *same = rule.clone(),
                            None => rules.push(rule.clone()),
                        }
                    });
                }
                None
            }
            Message::RemoveFault(index) => {
                // The list on screen may be a moment old: remove only the rule it showed.
                let Some(shown) = self.faults.get(index).cloned() else {
                    return (Task::none(), None);
                };
                mock.shared().update_fault_rules(|rules| {
                    if rules
                        .get(index)
                        .is_some_and(|r| r.route == shown.route && r.kind == shown.kind)
                    {
                        rules.remove(index);
                    }
                });
                None
            }
            Message::ClearFaults => {
                mock.shared().set_fault_rules(Vec::new());
                None
            }
            Message::ToggleExchange(id) => {
                self.expanded = if self.expanded == Some(id) {
                    None
                } else {
                    Some(id)
                };
                None
            }
            Message::ClearExchanges => {
                mock.shared().clear_exchanges();
                None
            }
            Message::Advance(seconds) => {
                mock.shared().advance_clock(Duration::from_secs(seconds));
                None
            }
            Message::StartAgain(case_id) => {
                match mock.shared().cancel_for_support(case_id.as_str()) {
                    Ok(_) => Some(Event::StartAgain(case_id)),
                    Err(_) => {
                        self.status = Some(Status::Refused("support-start-again-ended"));
                        None
                    }
                }
            }
            Message::Review(case_id, decision) => {
                if let Err(e) = mock.shared().decide_review(case_id.as_str(), decision) {
                    self.status = Some(Status::Refused(match e.code {
                        crate::protocol::ErrorCode::WrongState => "support-review-not-waiting",
                        _ => "support-review-no-case",
                    }));
                }
                None
            }
            Message::SaveBundle => Some(Event::SaveBundle),
            Message::OpenBundle => {
                let read = |path: PathBuf| {
                    diagnostics::read_bundle(&path)
                        .map(Box::new)
                        .map_err(Notice::Bundle)
                };
                return (
                    pick_and_read(
                        picker,
                        diagnostics::BUNDLE_FILTER,
                        read,
                        Message::BundleRead,
                    ),
                    None,
                );
            }
            Message::BundleRead(Ok(bundle)) => {
                self.tab = Tab::Scenario;
                match &bundle.scenario {
                    Some(scenario) => {
                        let (scenario, faults) = (scenario.clone(), bundle.active_faults.clone());
                        self.restart(mock, scenario, Some(faults));
                        self.bundle = Some(bundle);
                        Some(Event::MockRestarted)
                    }
                    None => {
                        self.status = Some(Status::Refused("support-bundle-no-scenario"));
                        None
                    }
                }
            }
            Message::BundleRead(Err(error)) => {
                self.status = Some(Status::Failed(error));
                None
            }
            Message::Close => Some(Event::Close),
        };
        (Task::none(), event)
    }

    /// Whether `kind` is switched on for the route the form has chosen.
    pub(crate) fn fault_on(&self, kind: KindChoice) -> bool {
        self.faults
            .iter()
            .any(|r| r.route == self.form.route.0 && KindChoice::of(&r.kind) == kind)
    }

    /// Starts the mock over with `scenario`; the faults are the scenario's
    /// own unless others are given (a bundle's, as they were at export).
    fn restart(&mut self, mock: &MockServer, scenario: Scenario, faults: Option<Vec<FaultRule>>) {
        let name = scenario.name.clone();
        mock.shared().reset(scenario.clone());
        if let Some(faults) = faults {
            mock.shared().set_fault_rules(faults);
        }
        self.running = scenario;
        self.running_source = None;
        self.generation = mock.shared().generation();
        self.preview = None;
        self.expanded = None;
        self.bundle = None;
        self.status = Some(Status::Done("support-restarted", name));
    }

    /// The names of the shipped scenarios, for the picker.
    pub fn shipped_names(&self) -> &[String] {
        &self.shipped
    }

    pub fn running(&self) -> &Scenario {
        &self.running
    }

    pub fn outbox(&self) -> &[OutboxMessage] {
        &self.outbox
    }

    pub fn cases(&self) -> &[CaseInspection] {
        &self.cases
    }

    pub fn faults(&self) -> &[FaultRule] {
        &self.faults
    }

    pub fn bundle(&self) -> Option<&OpenedBundle> {
        self.bundle.as_deref()
    }

    /// Shows the result of something the app did on the panel's behalf.
    pub fn set_status(&mut self, status: Status) {
        self.status = Some(status);
    }
}
