//! One topic's panel. It renders whatever the case asks for next (`Expect`),
//! so the nine topics share one screen. Every request runs as a task the
//! user can stop; its result comes back as `Message::Answered`.

mod keyfile;
mod requests;
mod submit;
mod update;
mod view;

pub(crate) use view::with_key;

use std::path::PathBuf;
use std::sync::Arc;

use time::OffsetDateTime;

use crate::client::{ClientError, Document, DocumentError, DownloadedKeyFile};
use crate::domain::{Code, Identifier, InputError, SecretText, Wmid};
use crate::i18n::Translator;
use crate::keyfile::save::SaveError;
use crate::protocol::{
    Case, CaseId, CaseOpened, Channel, ConfirmMethod, Expect, ProofAccepted, StepRequest, TopicId,
    Verified,
};
use keyfile::KeyfileStep;

/// A waiting case is first looked at again after this, then less and less often.
const FIRST_POLL: std::time::Duration = std::time::Duration::from_secs(5);
const LAST_POLL: std::time::Duration = std::time::Duration::from_secs(300);

/// Ids of inputs, so keyboard focus can be moved to them.
pub const FIRST_INPUT: &str = "first-input";
pub const SECOND_INPUT: &str = "second-input";
/// The new security answer, typed a second time.
pub const THIRD_INPUT: &str = "third-input";
/// The path field offered where no file dialog can open.
pub const PATH_INPUT: &str = "path-input";

#[derive(Debug, Clone)]
pub enum Answer {
    Case(Case),
    Opened(CaseOpened),
    Verified(Verified),
    Downloaded(Arc<DownloadedKeyFile>),
    Proven(ProofAccepted),
}

/// What the user typed into a step's input: codes, answers, passwords.
/// `Debug` never shows it.
#[derive(Clone)]
pub struct Typed(pub String);

impl std::fmt::Debug for Typed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Typed([redacted])")
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    KeeperAccess(bool),
    /// Back from "no access to the Keeper" to the question.
    KeeperAccessBack,
    IdentifierChanged(String),
    /// Tab moved the focus on: the field just left may be judged.
    FieldLeft,
    InputChanged(Typed),
    SecondInputChanged(Typed),
    ThirdInputChanged(Typed),
    /// Show or hide what is typed into the step's secret fields.
    RevealSecrets,
    Submit,
    Channel(Channel),
    Confirm(ConfirmMethod),
    /// The n-th choice on screen (1-based), picked with a digit key.
    Choose(usize),
    ConfirmPlain,
    SendAgain,
    Answered(Result<Answer, ClientError>),
    ChooseDocuments,
    DocumentsChosen(Vec<PathBuf>),
    DocumentsRead(Vec<Result<Document, DocumentError>>),
    RemoveDocument(usize),
    /// The path field, where no file dialog can open.
    PathChanged(String),
    AddTypedPath,
    Keyfile(keyfile::Message),
    ToggleSecrets,
    Refresh,
    /// The wait's periodic look at the case (backing off while nothing changes).
    Poll,
    /// "Cancel this recovery": asks first.
    CancelCase,
    CancelConfirmed,
    CancelKept,
    StopWaiting,
    Retry,
    StartAgain,
    OpenRestorePassword,
    OpenWiki,
    /// Open the folder the key file was saved in.
    ShowKeyfileFolder,
    /// Copy the wiki's address (where no browser opens).
    CopyWikiAddress,
    /// Save a calendar reminder for the end of the wait.
    AddReminder,
    /// Go on with the recovery already open for the typed identifier.
    ContinueOpenCase,
    /// Open a new recovery beside it after all (another code is sent).
    NewCaseAnyway,
    Tick(OffsetDateTime),
}

/// A message the user's own clicks or typing in the panel produce (not an
/// answer, a timer or a dialog coming back).
pub fn is_from_the_user(message: &Message) -> bool {
    !matches!(
        message,
        Message::Answered(_)
            | Message::Tick(_)
            | Message::Poll
            | Message::DocumentsChosen(_)
            | Message::DocumentsRead(_)
    ) && !matches!(message, Message::Keyfile(m) if !KeyfileStep::is_from_the_user(m))
}

/// What the panel tells the app.
#[derive(Debug, Clone)]
pub enum Event {
    /// The case changed: the app keeps it on disk, and the token this answer
    /// brought (a case or session token), if any, in the keyring.
    CaseSaved {
        case: Box<Case>,
        identifier: String,
        wmid: Option<Wmid>,
        token: Option<SecretText>,
    },
    /// The case ended or was cancelled: forget it and its token.
    CaseEnded {
        case_id: CaseId,
    },
    SwitchTopic(TopicId),
    /// Go on with this listed recovery instead of opening another.
    Resume {
        case_id: CaseId,
    },
    /// A page to open in the user's browser.
    OpenLink(&'static str),
    /// Show this file in the file manager's view of its folder.
    ShowFile(PathBuf),
    /// Put this address on the clipboard.
    Copy(String),
    /// A calendar reminder for when the wait ends (on this computer's clock).
    Remind {
        topic: TopicId,
        reference: String,
        at: OffsetDateTime,
    },
}

/// Where WebMoney's wiki explains a topic step by step.
pub fn wiki_url(topic: TopicId) -> Option<&'static str> {
    topic.spec().wiki
}

/// What went wrong, kept as a value and put into words when drawn, so it
/// follows a change of language.
#[derive(Debug, Clone)]
pub(crate) enum Problem {
    Client(ClientError),
    /// A document that could not be used, found out on this computer.
    Document(DocumentError),
    Input(InputError),
    Save(SaveError),
    Message(&'static str),
    /// A message with a count in it ("Attach at least 2 files.").
    Counted(&'static str, i64),
    /// A code not sent because of a limit on the identifier, shared by all
    /// its recoveries: the cooldown after a send, or the day's number of codes.
    /// `until` is on the service's clock.
    CodeLimit {
        daily: bool,
        until: Option<OffsetDateTime>,
        identifier: String,
    },
}

impl Problem {
    /// In words, counted from `service_now` and shown as the service's
    /// clock reads in this computer's time zone, as the support panel shows
    /// the same moments. A wait that has ended says so, not "in 1 second".
    fn words(&self, tr: &Translator, service_now: OffsetDateTime) -> String {
        match self {
            Problem::Client(
                ClientError::Locked { until: Some(at) }
                | ClientError::Cooldown { retry_at: Some(at) }
                | ClientError::RateLimited { retry_at: Some(at) },
            ) if *at <= service_now => tr.tr("error-wait-over"),
            Problem::Client(e) => tr.client_error_at(e, service_now),
            Problem::Document(e) => tr.document_error(e),
            Problem::Input(e) => tr.input_error(e),
            Problem::Save(e) => tr.save_error(e),
            Problem::Message(id) => tr.tr(id),
            Problem::Counted(id, count) => {
                tr.tr_args(id, &[("count", crate::i18n::Arg::Number(*count))])
            }
            Problem::CodeLimit {
                daily,
                until,
                identifier,
            } => tr.code_limit(*daily, *until, identifier, service_now),
        }
    }
}

/// A request on the case, with values already checked: it can be sent
/// again as it was.
#[derive(Debug, Clone)]
enum Request {
    Create(Identifier),
    Challenge(Channel),
    Verify(Code),
    Step(StepRequest),
    Upload,
    Download,
    Prove,
    Refresh,
    Cancel,
}

pub struct Panel {
    pub topic: TopicId,
    entry: Entry,
    identifier: String,
    identifier_error: Option<InputError>,
    token: Option<SecretText>,
    wmid: Option<Wmid>,
    input: zeroize::Zeroizing<String>,
    second_input: zeroize::Zeroizing<String>,
    third_input: zeroize::Zeroizing<String>,
    /// What is wrong with what the user typed, found before sending it, and
    /// the field it is said under.
    field_error: Option<(Problem, &'static str)>,
    /// The step's secret fields show what is typed.
    reveal: bool,
    phase: Phase,
    documents: Vec<Document>,
    /// No file dialog could open: a path field stands in for it.
    no_dialog: bool,
    /// ... because the user asked for typed paths, not because none could open.
    paths_by_choice: bool,
    typed_path: String,
    keyfile: KeyfileStep,
    /// "Cancel this recovery" was pressed: the panel asks before cancelling.
    confirm_cancel: bool,
    /// The step that sent the current code, to send it again.
    sending_step: Option<StepRequest>,
    show_secrets: bool,
    /// A recovery already open for the typed identifier, offered before a
    /// second one is opened (and another code spent).
    open_case: Option<OpenCase>,
    /// The user chose a new recovery beside the open one.
    new_case_anyway: bool,
    /// How long until the waiting case is looked at again; doubles while nothing changes.
    poll_every: std::time::Duration,
    /// This computer's time, for showing times.
    now: OffsetDateTime,
    /// How far the service's clock runs ahead of this computer's: every wait
    /// the service gives is counted on its clock.
    service_ahead: time::Duration,
}

/// A recovery listed for this topic and identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCase {
    pub case_id: CaseId,
    pub reference: String,
}

/// Where the panel stands with its requests.
enum Phase {
    /// Waiting for the user.
    Editing,
    /// A request is out; the user may stop it, and leaving the panel's
    /// recovery (or the app) stops it.
    Busy {
        request: Request,
        _abort: iced::task::Handle,
    },
    /// The last request failed: why, where that is said, and what sending it
    /// again would send, where trying again can help.
    Failed {
        problem: Problem,
        at: Place,
        retry: Option<Request>,
    },
    /// The case cannot go on (expired, unknown, session over): a fresh start is offered.
    DeadEnd(Problem),
}

/// What a digit key (or a click) can pick on a step: the answer to the
/// Keeper question, a channel for the code, a way to confirm.
#[derive(Debug, Clone, Copy)]
enum Choice {
    KeeperAccess(bool),
    Channel(Channel),
    Confirm(ConfirmMethod),
}

/// Where a failure is said: under the field it concerns, beside the proof's
/// button, or in the banner at the panel's foot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Banner,
    Field,
    Proof,
}

/// Where a panel is: before a case, the page's question about Keeper access
/// (for the topics that ask it), its answer "no", or the identifier to type;
/// then the case.
#[derive(Debug, Clone)]
enum Entry {
    AskKeeperAccess,
    NoKeeperAccess,
    Identify,
    /// Boxed: a case is large beside the other three.
    Case(Box<Case>),
}

impl Entry {
    /// Where a topic starts.
    fn start(topic: TopicId) -> Entry {
        if topic.requires_keeper_access() {
            Entry::AskKeeperAccess
        } else {
            Entry::Identify
        }
    }
}

/// Which step a panel shows: when it changes, the keyboard's focus lands
/// on the new step and a screen reader tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepShown {
    entry: std::mem::Discriminant<Entry>,
    /// What the case asks for, whole: a second step of the same kind (another
    /// code after "send again", another wait) is a new step too.
    expects: Option<Expect>,
    case_over: bool,
    confirm_cancel: bool,
    no_dialog: bool,
    keyfile: [bool; 6],
    dead_end: bool,
    offers_open_case: bool,
}

impl Panel {
    pub fn step_shown(&self) -> StepShown {
        StepShown {
            entry: std::mem::discriminant(&self.entry),
            expects: self.case().map(|c| c.next.clone()),
            case_over: self.case().is_some_and(|c| c.state.is_final()),
            confirm_cancel: self.confirm_cancel,
            no_dialog: self.no_dialog,
            keyfile: self.keyfile.progress(),
            dead_end: matches!(self.phase, Phase::DeadEnd(_)),
            offers_open_case: self.open_case.is_some(),
        }
    }

    pub fn new(topic: TopicId) -> Self {
        Panel {
            topic,
            entry: Entry::start(topic),
            identifier: String::new(),
            identifier_error: None,
            token: None,
            wmid: None,
            input: zeroize::Zeroizing::new(String::new()),
            second_input: zeroize::Zeroizing::new(String::new()),
            third_input: zeroize::Zeroizing::new(String::new()),
            field_error: None,
            reveal: false,
            phase: Phase::Editing,
            documents: Vec::new(),
            no_dialog: false,
            paths_by_choice: false,
            typed_path: String::new(),
            keyfile: KeyfileStep::default(),
            confirm_cancel: false,
            sending_step: None,
            show_secrets: false,
            open_case: None,
            new_case_anyway: false,
            poll_every: FIRST_POLL,
            now: crate::app::local_now(),
            service_ahead: time::Duration::ZERO,
        }
    }

    /// A panel that picks up a saved case after a restart.
    pub fn resume(
        topic: TopicId,
        case: Case,
        identifier: String,
        wmid: Option<Wmid>,
        token: Option<SecretText>,
    ) -> Self {
        let mut panel = Panel::new(topic);
        panel.wmid = wmid.or_else(|| identifier.parse().ok());
        panel.identifier = identifier;
        panel.entry = Entry::Case(Box::new(case));
        panel.token = token;
        panel
    }

    pub fn case(&self) -> Option<&Case> {
        match &self.entry {
            Entry::Case(case) => Some(case),
            Entry::AskKeeperAccess | Entry::NoKeeperAccess | Entry::Identify => None,
        }
    }

    fn case_mut(&mut self) -> Option<&mut Case> {
        match &mut self.entry {
            Entry::Case(case) => Some(case),
            Entry::AskKeeperAccess | Entry::NoKeeperAccess | Entry::Identify => None,
        }
    }

    /// The case, leaving the identifier to type for a new one.
    fn take_case(&mut self) -> Option<Case> {
        match std::mem::replace(&mut self.entry, Entry::Identify) {
            Entry::Case(case) => Some(*case),
            before => {
                self.entry = before;
                None
            }
        }
    }

    /// The identifier about to open a new recovery on Submit, unless the user
    /// already chose a new one beside an open one.
    pub fn identifier_to_open(&self) -> Option<&str> {
        let asks =
            matches!(self.entry, Entry::Identify) && !self.new_case_anyway && !self.is_busy();
        asks.then_some(self.identifier.as_str())
    }

    /// Offers to go on with `open` before opening a second recovery.
    pub fn offer_open_case(&mut self, open: OpenCase) {
        self.open_case = Some(open);
    }

    pub fn offered_open_case(&self) -> Option<&OpenCase> {
        self.open_case.as_ref()
    }

    pub fn wmid(&self) -> Option<&Wmid> {
        self.wmid.as_ref()
    }

    /// A code field is on screen (support staff may fill it from the outbox).
    pub fn expects_code(&self) -> bool {
        self.case()
            .is_some_and(|c| matches!(c.next, Expect::Code { .. } | Expect::ContactCode { .. }))
    }

    /// Now on the service's clock, which its waits and locks are counted on.
    fn service_now(&self) -> OffsetDateTime {
        self.now + self.service_ahead
    }

    /// A moment on the service's clock, as this computer's clock shows it.
    fn local(&self, at: OffsetDateTime) -> OffsetDateTime {
        at - self.service_ahead
    }

    /// While a case waits (a review, a security period): how often to look at it.
    pub fn poll_interval(&self) -> Option<std::time::Duration> {
        self.waiting_case().map(|_| self.poll_every)
    }

    /// The wait on screen is long enough for a calendar reminder.
    fn offers_reminder(&self) -> bool {
        matches!(
            self.waiting_case().map(|c| &c.next),
            Some(Expect::Wait { until, .. }) if *until - self.service_now() >= crate::reminder::REMINDER_FROM
        )
    }

    /// The case this panel shows while it waits for the service to move it on.
    pub fn waiting_case(&self) -> Option<&Case> {
        self.case()
            .filter(|c| matches!(c.next, Expect::Wait { .. }))
    }

    /// The case while it can still go on: not at a dead end, not final.
    pub fn live_case(&self) -> Option<&Case> {
        self.case()
            .filter(|c| !c.state.is_final() && !self.at_dead_end())
    }

    /// The case cannot go on: only "Start again" is offered.
    fn at_dead_end(&self) -> bool {
        matches!(self.phase, Phase::DeadEnd(_))
    }

    pub fn is_busy(&self) -> bool {
        matches!(self.phase, Phase::Busy { .. })
    }

    /// The request out is the key-file proof.
    fn proving(&self) -> bool {
        matches!(
            self.phase,
            Phase::Busy {
                request: Request::Prove,
                ..
            }
        )
    }

    /// A failure said at `place`, and whether sending again is offered.
    fn failure_at(&self, place: Place) -> Option<(&Problem, bool)> {
        match &self.phase {
            Phase::Failed { problem, at, retry } if *at == place => {
                Some((problem, retry.is_some()))
            }
            _ => None,
        }
    }

    /// What the banner at the panel's foot says, and whether the case has
    /// come to a dead end.
    fn banner(&self) -> Option<(&Problem, bool)> {
        match &self.phase {
            Phase::DeadEnd(problem) => Some((problem, true)),
            _ => self
                .failure_at(Place::Banner)
                .map(|(problem, _)| (problem, false)),
        }
    }

    /// The service's objection to the step's (first) field, or the panel's own.
    fn field_problem(&self) -> Option<&Problem> {
        self.field_problem_at(FIRST_INPUT)
            .or_else(|| self.failure_at(Place::Field).map(|(problem, _)| problem))
    }

    /// The panel's own objection to the field with this id.
    fn field_problem_at(&self, input: &str) -> Option<&Problem> {
        self.field_error
            .as_ref()
            .filter(|(_, at)| *at == input)
            .map(|(problem, _)| problem)
    }

    /// Typing again answers an objection to the field.
    fn field_edited(&mut self) {
        self.field_error = None;
        if self.failure_at(Place::Field).is_some() {
            self.phase = Phase::Editing;
        }
    }

    /// Ticks are needed only while a countdown is on screen: the case's, or
    /// a limit's in a failure.
    pub fn wants_ticks(&self) -> bool {
        let counting = |at: Option<OffsetDateTime>| at.is_some_and(|at| at > self.service_now());
        let failure_counts = match &self.phase {
            Phase::Failed { problem, .. } => match problem {
                Problem::CodeLimit { until, .. } => counting(*until),
                Problem::Client(
                    ClientError::Locked { until: at }
                    | ClientError::Cooldown { retry_at: at }
                    | ClientError::RateLimited { retry_at: at },
                ) => counting(*at),
                _ => false,
            },
            _ => false,
        };
        failure_counts
            || self
                .case()
                .is_some_and(|c| counting(c.resend_at) || counting(c.locked_until))
    }
}

/// A path as typed: surrounding spaces and quotes (from a copied path) removed.
fn typed_path(text: &str) -> Option<PathBuf> {
    let text = text.trim().trim_matches(['"', '\'']).trim();
    (!text.is_empty()).then(|| PathBuf::from(text))
}

fn validate_identifier(topic: TopicId, text: &str) -> Result<Identifier, InputError> {
    let identifier: Identifier = text.parse()?;
    if topic.identifiers().contains(&identifier.kind()) {
        Ok(identifier)
    } else {
        Err(InputError::Identifier)
    }
}
