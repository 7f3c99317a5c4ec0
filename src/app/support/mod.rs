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

use crate::diagnostics::{self, OpenedBundle};
use crate::keyfile_save::FilePicker;
use crate::mock::MockServer;
use crate::mock::engine::{CaseInspection, LockInspection};
use crate::mock::exchanges::Exchange;
use crate::mock::faults::FaultRule;
use crate::mock::outbox::OutboxMessage;
use crate::mock::scenario::{ReviewDecision, SHIPPED, Scenario};

pub use faults::FaultForm;
pub use view::{FAULT_COUNT, FAULT_VALUE};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Scenario,
    Outbox,
    Faults,
    Exchanges,
    Cases,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Scenario,
        Tab::Outbox,
        Tab::Faults,
        Tab::Exchanges,
        Tab::Cases,
    ];
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
    ScenarioFileChosen(Vec<PathBuf>),
    ScenarioFileRead(Result<Preview, String>),
    RestartWithPreview,
    UseCode(String),
    CopyCode(String),
    Fault(faults::Message),
    RemoveFault(usize),
    ClearFaults,
    ToggleExchange(u64),
    ClearExchanges,
    /// Moves the mock's clock forward by this many seconds.
    Advance(u64),
    Review(String, ReviewDecision),
    SaveBundle,
    OpenBundle,
    BundleChosen(Vec<PathBuf>),
    BundleRead(Result<Box<OpenedBundle>, String>),
    Close,
}

/// What the support panel asks of the app.
#[derive(Debug, Clone)]
pub enum Event {
    /// Put this code into the user's code field.
    UseCode(String),
    /// The mock started over: screens showing its old cases must close.
    MockRestarted,
    /// Save a diagnostics bundle (the app knows the settings and folders).
    SaveBundle,
    Close,
}

/// Outcome of the last action, shown under the tabs.
#[derive(Debug, Clone)]
pub enum Status {
    /// A translated message id with one argument.
    Done(&'static str, String),
    /// A translated message id: something could not be done.
    Refused(&'static str),
    /// An error as the domain words it (it names the file and what is wrong).
    Failed(String),
}

/// How many exchanges are drawn; the bundle and `/mock/exchanges` keep them all.
pub const EXCHANGES_SHOWN: usize = 200;

pub struct Support {
    tab: Tab,
    running: Scenario,
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
        support
    }

    /// Copies what changed from the mock. The exchange log is copied only
    /// when it grew or was cleared: it can hold thousands of bodies.
    pub fn refresh(&mut self, mock: &MockServer) {
        let shared = mock.shared();
        let (outbox, mut cases, locks, now, running) = shared.engine(|e| {
            (
                e.outbox(),
                e.inspect_all(),
                e.locks(),
                e.now(),
                e.scenario().name.clone(),
            )
        });
        self.locks = locks;
        self.outbox = outbox;
        self.outbox.reverse();
        // Newest first, as the outbox and the exchanges.
        cases.reverse();
        self.cases = cases;
        self.mock_now = now;
        if running != self.running.name {
            self.running = shared.engine(|e| e.scenario().clone());
        }
        self.faults = shared.fault_rules();
        let marker = shared.exchanges_marker();
        if marker != self.exchanges_marker {
            self.exchanges_marker = marker;
            let mut all = shared.exchanges_snapshot();
            let skip = all.len().saturating_sub(EXCHANGES_SHOWN);
            self.exchanges = all.split_off(skip);
            self.exchanges.reverse();
        }
    }

    pub fn update(
        &mut self,
        message: Message,
        mock: &Arc<MockServer>,
        picker: &Arc<dyn FilePicker>,
    ) -> (Task<Message>, Option<Event>) {
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
                        self.status = Some(Status::Failed(e.to_string()));
                        None
                    }
                };
                None
            }
            Message::OpenScenarioFile => {
                let picker = picker.clone();
                return (
                    Task::perform(
                        async move {
                            picker
                                .open_paths(&[("Scenario (*.toml)", &["toml"][..])])
                                .await
                        },
                        Message::ScenarioFileChosen,
                    ),
                    None,
                );
            }
            Message::ScenarioFileChosen(paths) => {
                let Some(path) = paths.into_iter().next() else {
                    return (Task::none(), None);
                };
                return (
                    Task::perform(
                        super::blocking(move || {
                            let source = path.display().to_string();
                            Scenario::load(&source)
                                .map(|scenario| Preview { scenario, source })
                                .map_err(|e| e.to_string())
                        }),
                        Message::ScenarioFileRead,
                    ),
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
                Some(Event::MockRestarted)
            }
            Message::UseCode(code) => Some(Event::UseCode(code)),
            Message::CopyCode(code) => {
                self.status = Some(Status::Done("support-copied", String::new()));
                return (iced::clipboard::write(code), None);
            }
            Message::Fault(message) => {
                if let Some(rule) = self.form.update(message) {
                    let mut rules = mock.shared().fault_rules();
                    rules.push(rule);
                    mock.shared().set_fault_rules(rules);
                }
                None
            }
            Message::RemoveFault(index) => {
                let mut rules = mock.shared().fault_rules();
                if index < rules.len() {
                    rules.remove(index);
                    mock.shared().set_fault_rules(rules);
                }
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
            Message::Review(case_id, decision) => {
                if let Err(e) = mock
                    .shared()
                    .engine(|e| e.decide_review(&case_id, decision))
                {
                    self.status = Some(Status::Failed(e.detail));
                }
                None
            }
            Message::SaveBundle => Some(Event::SaveBundle),
            Message::OpenBundle => {
                let picker = picker.clone();
                return (
                    Task::perform(
                        async move { picker.open_paths(&[diagnostics::BUNDLE_FILTER]).await },
                        Message::BundleChosen,
                    ),
                    None,
                );
            }
            Message::BundleChosen(paths) => {
                let Some(path) = paths.into_iter().next() else {
                    return (Task::none(), None);
                };
                return (
                    Task::perform(
                        super::blocking(move || {
                            diagnostics::read_bundle(&path)
                                .map(Box::new)
                                .map_err(|e| e.to_string())
                        }),
                        Message::BundleRead,
                    ),
                    None,
                );
            }
            Message::BundleRead(Ok(bundle)) => {
                let event = match &bundle.scenario {
                    Some(scenario) => {
                        self.restart(mock, scenario.clone(), Some(bundle.active_faults.clone()));
                        Some(Event::MockRestarted)
                    }
                    None => {
                        self.status = Some(Status::Refused("support-bundle-no-scenario"));
                        None
                    }
                };
                self.bundle = Some(bundle);
                self.tab = Tab::Scenario;
                event
            }
            Message::BundleRead(Err(error)) => {
                self.status = Some(Status::Failed(error));
                None
            }
            Message::Close => Some(Event::Close),
        };
        self.refresh(mock);
        (Task::none(), event)
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
        self.preview = None;
        self.expanded = None;
        self.status = Some(Status::Done("support-restarted", name));
    }

    /// The names of the shipped scenarios, for the picker.
    pub fn shipped_names() -> Vec<String> {
        SHIPPED.iter().map(|(name, _)| (*name).to_owned()).collect()
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
