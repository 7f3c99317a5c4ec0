//! The desktop app (iced). The window opens at once; the built-in mock (or
//! the configured endpoint), the keyring and the open cases load alongside.
//! Each screen owns its state and `Message`; screens report `Event`s upward.

// What the user moves between: each screen with its state, `Message` and view.
pub mod screen;
// What every screen is drawn in: themes, the icon, notices, text that must not wrap.
pub mod chrome;
// App-wide services the screens share.
pub mod accessibility;
mod blocking;
mod bundle;
mod clock;
mod connection;
mod desktop;
pub mod focus;
mod forward;
mod keys;
pub mod notify;
mod panels;
pub mod recoveries;
mod support_mode;
mod view;

use chrome::{icon, notice, theme};
use screen::{settings, start, support, topic};

pub(crate) use blocking::blocking;
pub use bundle::BUNDLE_PATH_INPUT;
pub use clock::{local_now, read_local_offset};
use connection::ConnectionState;
pub use connection::{Connection, connect};
use desktop::{copy, open_folder, open_link};
pub use keys::keyboard_shortcut;
use panels::Panels;
use support_mode::SupportMode;
pub use theme::ThemeChoice;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use iced::{Font, Subscription, Task, Theme};

use crate::file_dialog::{FilePicker, RfdPicker, TypedPaths};
use crate::i18n::{Language, Translator};
use crate::protocol::TopicId;
use crate::storage::{AppPaths, EndpointSetting, Settings};
use notice::{ConnectError, Notice};

pub const FONT_REGULAR: &[u8] = include_bytes!("../../resources/fonts/NotoSans-Regular.ttf");
pub const FONT_NAME: &str = "Noto Sans";

/// Where the app talks to, as the command line or the settings say.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    pub endpoint: Option<String>,
    pub scenario: Option<String>,
    pub language: Option<Language>,
    /// Start with the support panel open (on the built-in mock).
    pub support: bool,
    /// Tests point the app at folders of their own.
    pub paths: Option<AppPaths>,
    /// Type file paths into a field instead of opening the system's dialogs.
    pub type_paths: bool,
}

impl Launch {
    /// The folders asked for, else the user's, else a folder under the temporary one.
    fn app_paths(&self) -> AppPaths {
        self.paths
            .clone()
            .or_else(AppPaths::for_user)
            .unwrap_or_else(|| AppPaths::under(&std::env::temp_dir().join("keeper-recovery")))
    }
}

/// Opens the window, unless the app already runs for this user: then that
/// window is asked to come forward and this start ends with one line.
pub fn run(launch: Launch) -> iced::Result {
    // Only the real start: tests boot many apps in one process, each on its own home.
    let instance = match crate::instance::claim(&launch.app_paths()) {
        Ok(crate::instance::Claim::First(instance)) => Some(instance),
        Ok(crate::instance::Claim::Running { told }) => {
            let tr = Translator::new(launch.language.unwrap_or_else(Language::from_os));
            let said = if told {
                "instance-brought-forward"
            } else {
                "instance-not-answering"
            };
            tracing::info!(told, "the app already runs for this user");
            eprintln!("keeper-recovery: {}", tr.tr(said));
            return Ok(());
        }
        // Not knowing whether another copy runs does not stop this one.
        Err(error) => {
            tracing::warn!(%error, "could not check for another running copy");
            None
        }
    };
    let forward = instance.as_ref().map(crate::instance::Instance::requests);
    let boot = move || {
        let (mut app, task) = App::boot(launch.clone());
        app.forward = forward.clone();
        // Only the real window talks to the OS's screen-reader service.
        let (accessibility, attach) = accessibility::Accessibility::start();
        app.accessibility = accessibility;
        (app, Task::batch([task, attach.discard()]))
    };
    let result = iced::application(boot, App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .subscription(App::subscription)
        .font(FONT_REGULAR)
        .default_font(Font::with_name(FONT_NAME))
        // Replaces all window settings, so it comes before the size.
        .window(icon::window_settings())
        .window_size((1100.0, 720.0))
        .run();
    // Held until the window has closed.
    drop(instance);
    result
}

#[derive(Debug, Clone)]
pub enum Message {
    Connected(Result<Connection, ConnectError>),
    OpenTopic(TopicId),
    OpenSettings,
    Settings(settings::Message),
    Home,
    /// A panel's message with the id of its panel: answers for a panel that has
    /// since been replaced are dropped, never applied to the next one.
    Topic(u64, topic::Message),
    Start(start::Message),
    Recoveries(recoveries::Message),
    Language(Language),
    Theme(ThemeChoice),
    /// Esc: stop the wait, or go back to the start view.
    Escape,
    /// Tab (forward) or Shift-Tab (back) outside a field that uses it.
    Focus(bool),
    /// A digit outside a field: a topic on the start view, a choice in a panel.
    Choose(usize),
    /// Enter outside a field: the current step's main action.
    Enter,
    /// The OS switched between light and dark.
    SystemTheme(iced::theme::Mode),
    Tick,
    /// Time to look at a waiting case again.
    PollCase,
    Reported(Result<(), Notice>),
    /// News for the notice line (an address was copied).
    Told(Notice),
    /// Put an address on the clipboard.
    Copy(String),
    ToggleSupport,
    /// Open or close the topics' list (a narrow window has no sidebar).
    ToggleTopics,
    Support(support::Message),
    /// The diagnostics bundle: where it goes, and its writing.
    Bundle(bundle::Message),
    ReminderPathChosen(
        Option<(PathBuf, crate::keyfile::save::Overwrite)>,
        Box<crate::reminder::Reminder>,
    ),
    OpenLogFolder,
    UseBuiltInMock,
    /// The built-in mock changed (a request, its clock, its faults, a restart).
    MockChanged,
    /// A screen reader asked something, or the screen was read for it.
    Accessibility(accessibility::Message),
    /// Tab moved the keyboard's focus.
    FocusMoved,
    /// A key went through the window: if it left the focus nowhere (its
    /// control went away, a field let go of it on Esc), the step takes it.
    KeyHandled,
    /// The app was started again: its window comes forward.
    BringForward,
}

/// Which screen and step are shown: when it changes, the keyboard's focus
/// lands on the new step, and a screen reader tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shown {
    /// With the question asked before forgetting, if any.
    Start(Option<start::Asking>),
    Settings,
    Topic(TopicId, topic::StepShown),
}

/// The window's name, on its title bar and to a screen reader.
fn window_title(translator: &Translator) -> String {
    translator.tr("app-title")
}

/// The mock the app follows; one feed per mock.
struct FollowMock(Arc<crate::mock::MockServer>);

impl std::hash::Hash for FollowMock {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.0).hash(state);
    }
}

/// Each change of the mock, as a message; a burst of changes wakes the app once.
fn mock_changes(mock: &FollowMock) -> impl futures_util::Stream<Item = Message> + use<> {
    let changes = mock.0.shared().changes();
    futures_util::stream::unfold(changes, |mut changes| async move {
        changes.changed().await.ok()?;
        Some((Message::MockChanged, changes))
    })
}

/// Later starts of the app, asking this window to come forward.
struct ForwardRequests(Arc<tokio::sync::Notify>);

impl std::hash::Hash for ForwardRequests {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.0).hash(state);
    }
}

fn forward_requests(
    requests: &ForwardRequests,
) -> impl futures_util::Stream<Item = Message> + use<> {
    futures_util::stream::unfold(requests.0.clone(), |requests| async move {
        requests.notified().await;
        Some((Message::BringForward, requests))
    })
}

/// Brings the window forward as the OS allows it: out of the taskbar, then
/// focused (a Wayland compositor may mark it as wanting attention instead).
fn bring_forward() -> Task<Message> {
    iced::window::latest().then(|id| match id {
        Some(id) => Task::batch([
            iced::window::minimize(id, false),
            iced::window::gain_focus(id),
        ]),
        None => Task::none(),
    })
}

/// What fills the main area.
enum Screen {
    Start,
    Topic(TopicId),
    Settings(settings::Screen),
}

pub struct App {
    translator: Translator,
    settings: Settings,
    paths: AppPaths,
    connection: ConnectionState,
    screen: Screen,
    panels: Panels,
    start: start::Start,
    recoveries: recoveries::Recoveries,
    picker: Arc<dyn FilePicker>,
    notice: Option<Notice>,
    /// Where no file dialog opens: the diagnostics bundle's path, being typed.
    bundle_path: Option<bundle::TypedPath>,
    /// How far the built-in mock's clock runs ahead, as last seen: a change
    /// is support staff moving it.
    mock_ahead: time::Duration,
    system_is_dark: bool,
    /// Built when the preference or the OS's mode changes, not on every frame.
    theme: Theme,
    /// The service this run uses (the command line may differ from the saved
    /// setting), for the Settings screen to show as selected.
    endpoint_in_use: EndpointSetting,
    support: SupportMode,
    accessibility: accessibility::Accessibility,
    /// The step the focus last landed on (none before the first).
    shown: Option<Shown>,
    /// In a narrow window, the topics' list is open above the screen.
    topics_open: bool,
    /// "Your wait has ended" while the app runs.
    notifier: Arc<dyn notify::Notifier>,
    /// Later starts of the app (the real window only).
    forward: Option<Arc<tokio::sync::Notify>>,
}

impl App {
    pub fn boot(launch: Launch) -> (Self, Task<Message>) {
        let picker: Arc<dyn FilePicker> = if launch.type_paths {
            Arc::new(TypedPaths)
        } else {
            Arc::new(RfdPicker::default())
        };
        Self::boot_with(launch, picker, None)
    }

    /// Boots with a given file picker and, optionally, a token store instead of the
    /// OS keyring: tests use a fixed picker, and a memory store where the keyring
    /// would make the screen depend on the machine.
    pub fn boot_with(
        launch: Launch,
        picker: Arc<dyn FilePicker>,
        tokens: Option<Box<dyn crate::token_store::TokenStore>>,
    ) -> (Self, Task<Message>) {
        let paths = launch.app_paths();
        // A damaged settings file is moved aside (and the user told where), never overwritten.
        let (settings, notice) = match Settings::load(&paths) {
            Ok(settings) => (settings, None),
            Err(e) => match Settings::set_aside_bad(&paths) {
                Ok(kept) => (
                    Settings::default(),
                    Some(Notice::SetAside { error: e, kept }),
                ),
                Err(also) => (
                    Settings::default(),
                    Some(Notice::NotSetAside { error: e, also }),
                ),
            },
        };
        let language = launch
            .language
            .or(settings.language)
            .unwrap_or_else(Language::from_os);
        // A scenario or support mode asked for on the command line runs on the built-in mock.
        let endpoint = launch
            .endpoint
            .clone()
            .or_else(|| match &settings.endpoint {
                EndpointSetting::Url(url) if launch.scenario.is_none() && !launch.support => {
                    Some(url.clone())
                }
                _ => None,
            });
        // `--support` opens the panel for this run; only the button changes the saved choice.
        let support_on = settings.support_mode || launch.support;
        let mut app = App {
            translator: Translator::new(language),
            settings,
            start: start::Start::default(),
            recoveries: recoveries::Recoveries::load(&paths),
            paths,
            connection: ConnectionState::Connecting,
            screen: Screen::Start,
            panels: Panels::default(),
            picker,
            notice,
            bundle_path: None,
            mock_ahead: time::Duration::ZERO,
            system_is_dark: false,
            theme: theme::light(),
            endpoint_in_use: match &endpoint {
                Some(url) => EndpointSetting::Url(url.clone()),
                None => EndpointSetting::BuiltInMock,
            },
            support: if support_on {
                SupportMode::Waiting
            } else {
                SupportMode::Off
            },
            accessibility: accessibility::Accessibility::default(),
            shown: None,
            topics_open: false,
            notifier: Arc::new(notify::DesktopNotifier),
            forward: None,
        };
        app.refresh_theme();
        let connecting = Task::perform(connect(endpoint, launch.scenario), Message::Connected);
        (
            app,
            Task::batch([
                connecting,
                recoveries::Recoveries::init(tokens).map(Message::Recoveries),
                iced::system::theme().map(Message::SystemTheme),
            ]),
        )
    }

    /// Notifications go to `notifier` instead of the desktop (tests).
    pub fn set_notifier(&mut self, notifier: Arc<dyn notify::Notifier>) {
        self.notifier = notifier;
    }

    pub fn title(&self) -> String {
        window_title(&self.translator)
    }

    pub fn theme(&self) -> Theme {
        self.theme.clone()
    }

    fn refresh_theme(&mut self) {
        self.theme = theme::for_preference(self.settings.theme, self.system_is_dark);
    }

    pub fn translator(&self) -> &Translator {
        &self.translator
    }

    /// The recoveries kept for resuming, as the start view lists them.
    pub fn start_open_cases(&self) -> &[crate::storage::SavedCase] {
        self.recoveries.open_cases()
    }

    pub fn connection(&self) -> Option<&Connection> {
        self.connection.connected()
    }

    pub fn subscription(&self) -> Subscription<Message> {
        // Keys reach the app through the window's content (`keys::window`).
        let mut subscriptions = vec![
            iced::system::theme_changes().map(Message::SystemTheme),
            self.accessibility
                .subscription()
                .map(Message::Accessibility),
        ];
        let panel = self.visible_panel().map(|kept| &kept.panel);
        if let Some(every) = panel.and_then(topic::Panel::poll_interval) {
            subscriptions.push(iced::time::every(every).map(|_| Message::PollCase));
        }
        if panel.is_some_and(topic::Panel::wants_ticks) {
            subscriptions.push(iced::time::every(Duration::from_secs(1)).map(|_| Message::Tick));
        }
        // The built-in mock changes with every request, and from outside the
        // app too (its /mock endpoints, curl): its change feed wakes the app.
        if let Some(mock) = self.connection.connected().and_then(|c| c.mock.clone()) {
            subscriptions.push(Subscription::run_with(FollowMock(mock), mock_changes));
        }
        if let Some(requests) = &self.forward {
            subscriptions.push(Subscription::run_with(
                ForwardRequests(requests.clone()),
                forward_requests,
            ));
        }
        // The support panel's clock and "minutes ago" move with time alone.
        if self.support.panel().is_some() {
            subscriptions.push(
                iced::time::every(Duration::from_secs(30))
                    .map(|_| Message::Support(support::Message::Refresh)),
            );
        }
        Subscription::batch(subscriptions)
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        // The mock changed (its feed says so, also after support staff's own
        // actions), or the support panel's clock is due: the screens read it again.
        let follow = matches!(
            message,
            Message::MockChanged | Message::Support(support::Message::Refresh)
        );
        // A screen reader hears the screen as this message left it.
        let read_again = !matches!(message, Message::Accessibility(_) | Message::KeyHandled);
        let mut task = self.handle(message);
        if follow {
            task = Task::batch([task, self.follow_mock()]);
        }
        let shown = Some(self.shown());
        if shown != self.shown {
            self.shown = shown;
            let from = self.accessibility.new_step();
            task = Task::batch([
                task,
                focus::land().chain(Task::done(Message::Accessibility(
                    accessibility::Message::Landed(from),
                ))),
            ]);
        }
        if read_again {
            task = Task::batch([task, self.read_for_screen_reader()]);
        }
        task
    }

    /// Which screen and step are shown now.
    fn shown(&self) -> Shown {
        match (&self.screen, self.visible_panel()) {
            (_, Some(kept)) => Shown::Topic(kept.panel.topic, kept.panel.step_shown()),
            (Screen::Settings(_), _) => Shown::Settings,
            _ => Shown::Start(self.start.asking().cloned()),
        }
    }

    /// The tree the screen reader was last handed, with what it was told.
    pub fn screen_reader_tree(&self) -> Option<&accessibility::Semantics> {
        self.accessibility.presented()
    }

    /// Reads the screen for the screen reader, if one listens.
    fn read_for_screen_reader(&mut self) -> Task<Message> {
        let translator = self.translator;
        self.accessibility.read(
            move || {
                accessibility::Window::new(window_title(&translator), translator.language().code())
            },
            Message::Accessibility,
        )
    }

    /// What a screen reader asked, as the app's own messages.
    fn on_accessibility(&mut self, message: accessibility::Message) -> Task<Message> {
        match self.accessibility.update(message) {
            accessibility::Reply::Read => self.read_for_screen_reader(),
            accessibility::Reply::MeasureAndRead => Task::batch([
                accessibility::measure().map(Message::Accessibility),
                self.read_for_screen_reader(),
            ]),
            accessibility::Reply::Later(after, message) => Task::perform(
                async move {
                    tokio::time::sleep(after).await;
                    message
                },
                Message::Accessibility,
            ),
            accessibility::Reply::Send(message) => Task::done(message),
            accessibility::Reply::Focus(input) => Task::batch([
                iced::widget::operation::focus(input),
                self.read_for_screen_reader(),
            ]),
            accessibility::Reply::FocusControl(place) => {
                focus::to_control(place).chain(Task::done(Message::FocusMoved))
            }
            accessibility::Reply::Nothing => Task::none(),
        }
    }

    /// Reads the built-in mock after it changed: the support panel, the
    /// service's clock, and whether the user's waiting case moved on.
    fn follow_mock(&mut self) -> Task<Message> {
        let restarted = match (
            self.support.panel_mut(),
            self.connection.connected().and_then(|c| c.mock.as_ref()),
        ) {
            (Some(support), Some(mock)) => support.refresh(mock),
            _ => false,
        };
        // Support staff move the demo service's clock: the user's screen counts
        // its waits on that clock at once, not only after the next answer.
        let mut follow = Task::none();
        if let Some(Connection {
            client,
            mock: Some(mock),
        }) = self.connection.connected()
        {
            let service_now = mock.shared().engine(|e| e.now());
            client.observe_service_time(service_now);
            // Moved by support staff, not by time passing or a request.
            let ahead = service_now - time::OffsetDateTime::now_utc();
            let clock_moved = (ahead - self.mock_ahead).abs() > time::Duration::SECOND;
            self.mock_ahead = ahead;
            // The demo service says when the user's case moved on (a review
            // approved, a wait ended; with the clock moved, also a case that
            // expired with it): the user's panel follows at once.
            let moved_on = self.visible_panel().and_then(|kept| {
                let case = kept.panel.live_case().filter(|_| !kept.panel.is_busy())?;
                let now = mock.shared().engine(|e| e.inspect(&case.case_id)).ok()?;
                let waiting = matches!(case.next, crate::protocol::Expect::Wait { .. });
                let moved = (waiting && (now.case.state != case.state || now.wait_over))
                    || (clock_moved && case.expires_at <= service_now);
                moved.then_some(kept.id)
            });
            follow = match (moved_on, self.visible_panel().map(|kept| kept.id)) {
                (Some(id), _) => self.on_topic(id, topic::Message::Refresh),
                // What the screen counts down is counted again on the clock as it now stands.
                (None, Some(id)) => self.on_topic(id, topic::Message::Tick(local_now())),
                (None, None) => Task::none(),
            };
        }
        // Started over from outside (its /mock/scenario endpoint): old cases are gone.
        if restarted {
            return Task::batch([follow, self.forget_built_in_cases()]);
        }
        follow
    }

    fn handle(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::MockChanged | Message::FocusMoved => Task::none(),
            Message::BringForward => {
                tracing::info!("started again: the window comes forward");
                bring_forward()
            }
            Message::KeyHandled => focus::keep().chain(Task::done(Message::FocusMoved)),
            Message::Accessibility(message) => self.on_accessibility(message),
            Message::Connected(Ok(connection)) => {
                let new_demo = connection.mock.is_some();
                self.connection = ConnectionState::Connected(connection);
                self.open_support_if_wanted();
                // A demo service started in this run, before this one, held
                // these; none of them exists in the one just started.
                let demo_gone = if new_demo {
                    self.recoveries.forget_demo().map(Message::Recoveries)
                } else {
                    Task::none()
                };
                Task::batch([
                    demo_gone,
                    self.check_open_cases(),
                    self.on_start(start::Message::ResumeQueued),
                ])
            }
            // A resume waiting for the service would wait for ever.
            Message::Connected(Err(error)) => {
                self.connection = ConnectionState::Failed(error);
                self.start.drop_resume();
                Task::none()
            }
            Message::OpenTopic(topic) => {
                self.topics_open = false;
                self.open_topic(topic)
            }
            Message::ToggleTopics => {
                self.topics_open = !self.topics_open;
                Task::none()
            }
            Message::Home => {
                self.topics_open = false;
                self.support.keys_to_user();
                self.screen = Screen::Start;
                self.check_open_cases()
            }
            Message::OpenSettings => {
                self.topics_open = false;
                self.screen = Screen::Settings(settings::Screen::new(&self.endpoint_in_use));
                Task::none()
            }
            Message::Settings(message) => {
                let Screen::Settings(screen) = &mut self.screen else {
                    return Task::none();
                };
                let (task, event) = screen.update(message);
                let task = task.map(Message::Settings);
                match event {
                    Some(settings::Event::Apply(endpoint)) => {
                        Task::batch([task, self.use_endpoint(endpoint)])
                    }
                    Some(settings::Event::SaveBundle) => {
                        Task::batch([task, self.ask_bundle_path()])
                    }
                    Some(settings::Event::ToggleSupport) => {
                        Task::batch([task, self.toggle_support()])
                    }
                    Some(settings::Event::OpenLogFolder) => {
                        Task::batch([task, open_folder(self.paths.log_dir.clone())])
                    }
                    None => task,
                }
            }
            Message::Topic(id, message) => {
                if topic::is_from_the_user(&message) {
                    self.support.keys_to_user();
                }
                self.on_topic(id, message)
            }
            Message::Start(message) => self.on_start(message),
            Message::Recoveries(message) => {
                let check_again = recoveries::Recoveries::tokens_ready(&message);
                let task = self.recoveries.update(message).map(Message::Recoveries);
                if check_again {
                    Task::batch([
                        task,
                        self.check_open_cases(),
                        self.on_start(start::Message::ResumeQueued),
                    ])
                } else {
                    task
                }
            }
            Message::Language(language) => {
                self.translator = Translator::new(language);
                self.settings.language = Some(language);
                self.save_settings()
            }
            Message::Theme(choice) => {
                self.settings.theme = choice.preference;
                self.refresh_theme();
                self.save_settings()
            }
            Message::Reported(result) => {
                self.notice = result.err();
                Task::none()
            }
            Message::Told(notice) => {
                self.notice = Some(notice);
                Task::none()
            }
            Message::Copy(text) => copy(text),
            Message::SystemTheme(mode) => {
                self.system_is_dark = mode == iced::theme::Mode::Dark;
                self.refresh_theme();
                Task::none()
            }
            Message::Choose(_) | Message::Enter if self.support.has_keys() => Task::none(),
            Message::Choose(n) => match self.visible_panel() {
                Some(_) => self.on_visible_panel(topic::Message::Choose(n)),
                None => match n.checked_sub(1).and_then(|i| TopicId::ALL.get(i)) {
                    Some(topic) => self.open_topic(*topic),
                    None => Task::none(),
                },
            },
            Message::Enter => match (&self.screen, self.first_open_case_here()) {
                // Enter on the start view goes on with the recovery listed
                // first for the service in use.
                (Screen::Start, Some(case_id)) => self.on_start(start::Message::Resume(case_id)),
                _ => self.on_visible_panel(topic::Message::Submit),
            },
            Message::Focus(forward) => {
                let left = self.on_visible_panel(topic::Message::FieldLeft);
                Task::batch([
                    left,
                    focus::tab(forward).chain(Task::done(Message::FocusMoved)),
                ])
            }
            // Esc first puts away a bundle path being typed, and nothing else.
            Message::Escape if self.bundle_path.is_some() => {
                self.bundle_path = None;
                Task::none()
            }
            Message::Escape => {
                if self
                    .visible_panel()
                    .is_some_and(|kept| kept.panel.is_busy())
                {
                    self.on_visible_panel(topic::Message::StopWaiting)
                } else {
                    self.support.keys_to_user();
                    self.screen = Screen::Start;
                    self.check_open_cases()
                }
            }
            Message::PollCase => self.on_visible_panel(topic::Message::Poll),
            Message::Tick => self.on_visible_panel(topic::Message::Tick(local_now())),
            Message::ToggleSupport => self.toggle_support(),
            Message::Support(message) => {
                if !matches!(message, support::Message::Refresh) {
                    self.support.keys_to_support();
                }
                self.on_support(message)
            }
            Message::Bundle(message) => self.on_bundle(message),
            Message::OpenLogFolder => open_folder(self.paths.log_dir.clone()),
            Message::ReminderPathChosen(None, _) => Task::none(),
            Message::ReminderPathChosen(Some((path, overwrite)), reminder) => Task::perform(
                blocking(move || {
                    crate::keyfile::save::save_reminder(&path, &reminder.to_ics(), overwrite)
                        .map(|()| path)
                        .map_err(Notice::ReminderNotSaved)
                }),
                |saved| Message::Told(saved.map_or_else(|notice| notice, Notice::ReminderSaved)),
            ),
            // For this run only: the saved service stays as the user set it.
            Message::UseBuiltInMock => {
                self.endpoint_in_use = EndpointSetting::BuiltInMock;
                self.reconnect(None)
            }
        }
    }

    /// The start view shows the listed recoveries as they stand now.
    fn check_open_cases(&self) -> Task<Message> {
        match self.connection.connected() {
            Some(connection) => self
                .recoveries
                .check(&connection.client, &connection.service())
                .map(Message::Recoveries),
            None => Task::none(),
        }
    }

    /// Asks where to save a calendar reminder; where no dialog opens, it goes
    /// to the Downloads folder (the notice says where).
    fn ask_reminder_path(&self, reminder: crate::reminder::Reminder) -> Task<Message> {
        let picker = self.picker.clone();
        Task::perform(
            async move {
                let chosen = picker
                    .save_path(&reminder.file_name(), crate::reminder::ICS_FILTER)
                    .await;
                let path = match chosen {
                    // The dialog has asked before replacing a file.
                    Some(path) => Some((path, crate::keyfile::save::Overwrite::Yes)),
                    None if !picker.dialogs_work() => reminder
                        .path_without_dialog()
                        .map(|path| (path, crate::keyfile::save::Overwrite::No)),
                    None => None,
                };
                (path, reminder)
            },
            |(path, reminder)| Message::ReminderPathChosen(path, Box::new(reminder)),
        )
    }

    fn on_start(&mut self, message: start::Message) -> Task<Message> {
        let service = self
            .connection
            .connected()
            .map(|c| (c.client.clone(), c.service()));
        let (task, event) = self.start.update(message, service, &self.recoveries);
        let task = task.map(Message::Start);
        let follow_up = match event {
            None => Task::none(),
            // The resumed step takes the focus (`update`). A user who has
            // gone elsewhere meanwhile is not pulled away: the panel waits
            // behind its topic.
            Some(start::Event::Resume(panel)) => {
                if matches!(self.screen, Screen::Start) {
                    self.show(*panel);
                } else {
                    self.panels.keep(*panel);
                }
                Task::none()
            }
            Some(start::Event::OpenLink(url)) => open_link(url),
            Some(start::Event::Copy(text)) => copy(text),
            Some(start::Event::OpenTopic(topic)) => self.open_topic(topic),
            // No screen goes on showing a recovery that was forgotten.
            Some(start::Event::Forget(case_id)) => {
                self.panels.forget_case(&case_id);
                self.recoveries.forget(&case_id).map(Message::Recoveries)
            }
            Some(start::Event::SignOut) => {
                self.panels.forget_cases();
                self.recoveries.forget_all().map(Message::Recoveries)
            }
        };
        Task::batch([task, follow_up])
    }

    /// Keeps the chosen service and connects to it; open panels belonged to the old one.
    fn use_endpoint(&mut self, endpoint: crate::storage::EndpointSetting) -> Task<Message> {
        self.settings.endpoint = endpoint.clone();
        self.endpoint_in_use = endpoint.clone();
        self.notice = Some(Notice::SettingsSaved);
        let url = match endpoint {
            EndpointSetting::Url(url) => Some(url),
            EndpointSetting::BuiltInMock => None,
        };
        let connecting = self.reconnect(url);
        Task::batch([self.save_settings(), connecting])
    }

    /// Leaves the service in use for the one at `url` (the built-in mock
    /// without one): what belonged to the old service goes, the support
    /// panel waits for the new one, and the app connects to it.
    fn reconnect(&mut self, url: Option<String>) -> Task<Message> {
        self.start.drop_resume();
        self.drop_panels();
        self.connection = ConnectionState::Connecting;
        self.support.close_panel();
        Task::perform(connect(url, None), Message::Connected)
    }

    fn save_settings(&self) -> Task<Message> {
        let settings = self.settings.clone();
        let paths = self.paths.clone();
        Task::perform(
            blocking(move || settings.save(&paths).map_err(Notice::NotSaved)),
            Message::Reported,
        )
    }
}
