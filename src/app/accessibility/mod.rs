//! Screen readers. The view marks what each widget is (`annotate`); when an
//! assistive technology asks, the laid-out widget tree is read into an
//! AccessKit tree (`collect`) after every change and handed to the OS's
//! adapter (`platform`). The screen reader's actions come back as `Request`s
//! and become the same messages a click or typing would send.
//!
//! Nothing of this runs without an assistive technology: the adapter waits
//! to be asked, and until then no tree is read.

pub(crate) mod annotate;
#[cfg(target_os = "linux")]
pub mod atspi_keys;
pub mod collect;
mod platform;
pub mod present;

#[cfg(target_os = "linux")]
pub use atspi_keys::Forwarder as KeyForwarder;

/// Elsewhere the screen reader hears keys from the OS itself.
#[cfg(not(target_os = "linux"))]
#[derive(Debug)]
pub struct KeyForwarder;

#[cfg(not(target_os = "linux"))]
impl KeyForwarder {
    pub fn start() -> Option<KeyForwarder> {
        None
    }

    pub fn screen_reader_takes(&self, _event: &iced::keyboard::Event) -> bool {
        false
    }
}

use std::sync::{Arc, Mutex};

use accesskit::{Action, ActionData, ActionRequest};
use iced::{Subscription, Task};
use tokio::sync::mpsc;

pub use collect::{Semantics, Window};

/// What the adapter asks of the app, from its own thread.
#[derive(Clone)]
pub enum Request {
    /// A screen reader is listening: read the screen.
    Activate,
    Deactivate,
    Act(ActionRequest),
}

/// Never shows a value set from the screen reader: it may be a password.
impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Request::Activate => f.write_str("Activate"),
            Request::Deactivate => f.write_str("Deactivate"),
            Request::Act(request) => f
                .debug_struct("Act")
                .field("action", &request.action)
                .field("target", &request.target_node)
                .finish_non_exhaustive(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Request(Request),
    /// The screen as read just now.
    Read(Semantics),
    /// The window gained or lost the keyboard (the screen reader follows it).
    WindowFocused(bool),
    /// The window lost the keyboard this many changes ago, and has not
    /// got it back since: now the screen reader hears of it.
    StillUnfocused(u64),
    /// Where the window is on the screen, in logical pixels.
    Moved(iced::Point),
    Resized(iced::Size),
    Rescaled(f32),
    /// The focus was put on the landing of this step
    /// (`Accessibility::new_step`).
    Landed(u64),
    /// News held back while a step was being told can be told now.
    NewsDue,
}

/// A window that loses the keyboard for less than this got it back in the
/// same gesture: a key grab (the screen reader's own keys), not the user
/// switching away. The screen reader hears of neither.
const UNFOCUS_SETTLES: std::time::Duration = std::time::Duration::from_millis(250);

/// The window's focus and place, as the screen reader needs to know them.
fn window_events(
    event: iced::Event,
    _status: iced::event::Status,
    _window: iced::window::Id,
) -> Option<Message> {
    match event {
        iced::Event::Window(iced::window::Event::Focused) => Some(Message::WindowFocused(true)),
        iced::Event::Window(iced::window::Event::Unfocused) => Some(Message::WindowFocused(false)),
        iced::Event::Window(iced::window::Event::Moved(at)) => Some(Message::Moved(at)),
        iced::Event::Window(iced::window::Event::Resized(size)) => Some(Message::Resized(size)),
        iced::Event::Window(iced::window::Event::Rescaled(factor)) => {
            Some(Message::Rescaled(factor))
        }
        _ => None,
    }
}

/// The window's place on the screen, its size and its scale factor.
#[derive(Debug, Clone, Copy)]
struct Geometry {
    position: Option<iced::Point>,
    size: iced::Size,
    scale_factor: f32,
}

impl Default for Geometry {
    fn default() -> Self {
        Geometry {
            position: None,
            size: collect::Window::new(String::new(), "").size,
            scale_factor: 1.0,
        }
    }
}

/// Asks the window where it is, how big and at what scale.
pub fn measure() -> Task<Message> {
    iced::window::oldest().then(|id| {
        let Some(id) = id else {
            return Task::none();
        };
        Task::batch([
            iced::window::position(id)
                .then(|at| at.map_or_else(Task::none, |at| Task::done(Message::Moved(at)))),
            iced::window::size(id).map(Message::Resized),
            iced::window::scale_factor(id).map(Message::Rescaled),
        ])
    })
}

/// The receiving end of the adapter's requests; one subscription owns it.
struct Requests(Arc<Mutex<Option<mpsc::UnboundedReceiver<Request>>>>);

impl std::hash::Hash for Requests {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.0).hash(state);
    }
}

fn requests(requests: &Requests) -> impl futures_util::Stream<Item = Message> + use<> {
    let receiver = requests.0.lock().ok().and_then(|mut r| r.take());
    futures_util::stream::unfold(receiver, |receiver| async move {
        let mut receiver = receiver?;
        let request = receiver.recv().await?;
        Some((Message::Request(request), Some(receiver)))
    })
}

/// The app's side of the screen reader: the adapter and the last reading.
#[derive(Default)]
pub struct Accessibility {
    adapter: Option<platform::Adapter>,
    requests: Option<Arc<Mutex<Option<mpsc::UnboundedReceiver<Request>>>>>,
    active: bool,
    last: Option<Semantics>,
    /// The screen changed since `last` was read: an action waits for the next
    /// reading, so it never lands on what a node was before.
    stale: bool,
    held: std::collections::VecDeque<ActionRequest>,
    presenter: present::Presenter,
    geometry: Geometry,
    /// Whether the adapter was told the window has the keyboard.
    window_focused: bool,
    /// Counts the window's focus changes: a loss is told only if no
    /// change followed it.
    focus_changes: u64,
    /// Hands keys to the screen reader first, once one listens.
    keys: Option<Arc<KeyForwarder>>,
    /// Readings asked for so far, and the newest handed to the adapter: the
    /// answers of operations may arrive out of order, and an older reading
    /// must never replace a newer one.
    readings_asked: u64,
    newest_read: u64,
    /// Steps shown so far; the window is marked with it
    /// (`annotate::window`), so a reading says which step it shows.
    steps_shown: u64,
}

/// What the app does with a request.
pub enum Reply<M> {
    /// Read the screen again (and send it to the adapter).
    Read,
    /// Ask the window where it is, then read the screen.
    MeasureAndRead,
    /// Send this message to the screen reader's side later.
    Later(std::time::Duration, Message),
    /// Send this message, as the user's click or typing would.
    Send(M),
    /// Move the keyboard focus to this input, then read the screen.
    Focus(iced::widget::Id),
    /// Move the keyboard focus to the control at this place in Tab's order.
    FocusControl(usize),
    Nothing,
}

impl Accessibility {
    /// Registers with the OS's accessibility service; it calls back only when
    /// an assistive technology asks for the window's contents.
    /// The task attaches the adapter to the window where the OS needs that
    /// (Windows), and shows the window.
    pub fn start() -> (Self, Task<()>) {
        let (sender, receiver) = mpsc::unbounded_channel();
        let attach = platform::attach(sender.clone());
        let accessibility = Accessibility {
            adapter: platform::Adapter::new(sender),
            requests: Some(Arc::new(Mutex::new(Some(receiver)))),
            ..Accessibility::default()
        };
        (accessibility, attach)
    }

    /// Whether the window must start hidden, for the adapter to attach first.
    pub const HIDDEN_UNTIL_ATTACHED: bool = platform::HIDDEN_UNTIL_ATTACHED;

    pub fn subscription(&self) -> Subscription<Message> {
        match &self.requests {
            Some(receiver) => Subscription::batch([
                Subscription::run_with(Requests(receiver.clone()), requests),
                iced::event::listen_with(window_events),
            ]),
            None => Subscription::none(),
        }
    }

    /// Reads the screen, if a screen reader listens; `window` (its name and
    /// language) is asked for only then.
    pub fn read<M: Send + 'static>(
        &mut self,
        window: impl FnOnce() -> collect::Window,
        done: impl Fn(Message) -> M + Send + 'static,
    ) -> Task<M> {
        if !self.active {
            return Task::none();
        }
        self.stale = true;
        self.readings_asked += 1;
        let generation = self.readings_asked;
        let window = collect::Window {
            size: self.geometry.size,
            scale_factor: self.geometry.scale_factor,
            ..window()
        };
        read(window).map(move |mut semantics| {
            semantics.generation = generation;
            done(Message::Read(semantics))
        })
    }

    /// What hands keys to the screen reader first, while one listens.
    pub fn key_forwarder(&self) -> Option<Arc<KeyForwarder>> {
        self.keys.clone().filter(|_| self.active)
    }

    /// A new step is on screen: the first reading that shows it tells it
    /// once. Which step it is, for `Message::Landed`.
    pub fn new_step(&mut self) -> u64 {
        self.steps_shown += 1;
        self.presenter
            .new_step(self.steps_shown, present::Where::Landing);
        self.steps_shown
    }

    /// How many steps have been shown: the view marks the window with it.
    pub fn steps_shown(&self) -> u64 {
        self.steps_shown
    }

    /// What the screen reader was last handed (tests look at it).
    pub fn presented(&self) -> Option<&Semantics> {
        self.last.as_ref()
    }

    /// Applies a message; the app's own message type is `M`.
    pub fn update<M: 'static>(&mut self, message: Message) -> Reply<M> {
        match message {
            Message::Request(Request::Activate) => {
                self.active = true;
                if self.keys.is_none() && self.adapter.is_some() {
                    self.keys = KeyForwarder::start().map(Arc::new);
                }
                // The screen as it stands is new to the screen reader; it is
                // told where the user is (no landing moves the focus now).
                self.presenter
                    .new_step(self.steps_shown, present::Where::Focus);
                Reply::MeasureAndRead
            }
            Message::Request(Request::Deactivate) => {
                self.active = false;
                self.newest_read = 0;
                self.last = None;
                self.held.clear();
                self.presenter.reset();
                Reply::Nothing
            }
            Message::Request(Request::Act(request)) if self.stale => {
                self.held.push_back(request);
                Reply::Nothing
            }
            Message::Request(Request::Act(request)) => self.act(request),
            // An older reading than the one handed over last: the screen has
            // moved on since.
            Message::Read(semantics)
                if semantics.generation != 0 && semantics.generation < self.newest_read =>
            {
                Reply::Nothing
            }
            Message::Read(mut semantics) => {
                self.newest_read = self.newest_read.max(semantics.generation);
                let news_held = self.presenter.present(&mut semantics, present::NEWS);
                if let Some(adapter) = &mut self.adapter {
                    adapter.update(&semantics);
                }
                // Actions wait only for the newest reading asked for.
                self.stale =
                    semantics.generation != 0 && semantics.generation < self.readings_asked;
                self.last = Some(semantics);
                let news_due = news_held.map(|after| Reply::Later(after, Message::NewsDue));
                if self.stale {
                    return news_due.unwrap_or(Reply::Nothing);
                }
                // One held action per reading: what it sends is read again
                // before the next one is looked up. An action whose node is
                // gone does nothing; the next one then has its turn.
                while let Some(request) = self.held.pop_front() {
                    match self.act(request) {
                        Reply::Nothing => continue,
                        reply => return reply,
                    }
                }
                news_due.unwrap_or(Reply::Nothing)
            }
            Message::NewsDue => Reply::Read,
            Message::WindowFocused(focused) => {
                self.focus_changes += 1;
                if !focused {
                    return Reply::Later(
                        UNFOCUS_SETTLES,
                        Message::StillUnfocused(self.focus_changes),
                    );
                }
                self.tell_window_focused(true);
                Reply::Nothing
            }
            Message::StillUnfocused(change) => {
                if change == self.focus_changes {
                    self.tell_window_focused(false);
                }
                Reply::Nothing
            }
            Message::Moved(at) => {
                self.geometry.position = Some(at);
                self.tell_geometry();
                Reply::Nothing
            }
            Message::Resized(size) => {
                self.geometry.size = size;
                self.tell_geometry();
                Reply::Read
            }
            Message::Rescaled(factor) => {
                self.geometry.scale_factor = factor;
                self.tell_geometry();
                Reply::Read
            }
            Message::Landed(from) => {
                self.presenter.landed(from);
                Reply::Read
            }
        }
    }

    fn tell_window_focused(&mut self, focused: bool) {
        if self.window_focused == focused {
            return;
        }
        self.window_focused = focused;
        if let Some(adapter) = &mut self.adapter {
            adapter.set_window_focused(focused);
        }
    }

    /// The window's place and size on the screen, in physical pixels.
    fn tell_geometry(&mut self) {
        let Geometry {
            position: Some(at),
            size,
            scale_factor,
        } = self.geometry
        else {
            return;
        };
        let scale = f64::from(scale_factor);
        let bounds = accesskit::Rect {
            x0: f64::from(at.x) * scale,
            y0: f64::from(at.y) * scale,
            x1: f64::from(at.x + size.width) * scale,
            y1: f64::from(at.y + size.height) * scale,
        };
        if let Some(adapter) = &mut self.adapter {
            adapter.set_window_bounds(bounds);
        }
    }

    fn act<M: 'static>(&self, request: ActionRequest) -> Reply<M> {
        let Some(actions) = self
            .last
            .as_ref()
            .and_then(|last| last.actions.get(&request.target_node))
        else {
            return Reply::Nothing;
        };
        match (request.action, request.data) {
            (Action::Click, _) => actions.click().map_or(Reply::Nothing, Reply::Send),
            (Action::SetValue, Some(ActionData::Value(text))) => actions
                .set_value(text.into_string())
                .map_or(Reply::Nothing, Reply::Send),
            (Action::Focus, _) => match (&actions.input, actions.control) {
                (Some(input), _) => Reply::Focus(input.clone()),
                (None, Some(place)) => Reply::FocusControl(place),
                (None, None) => Reply::Nothing,
            },
            _ => Reply::Nothing,
        }
    }
}

/// The operation that reads a laid-out view into a tree (tests run it on a view of their own).
pub fn reader(window: collect::Window) -> collect::Collect {
    collect::Collect::new(window)
}

/// Reads the window's laid-out widgets into a tree.
pub fn read(window: collect::Window) -> Task<Semantics> {
    iced::advanced::widget::operate(reader(window))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_reading_never_replaces_a_newer_one() {
        let mut accessibility = Accessibility::default();
        let mut newer = present::tests::screen(accesskit::NodeId(2), None, None);
        newer.generation = 5;
        let mut older = present::tests::screen(accesskit::NodeId(1), None, None);
        older.generation = 4;
        accessibility.update::<()>(Message::Read(newer));
        accessibility.update::<()>(Message::Read(older));
        let presented = accessibility.presented().expect("a reading");
        assert_eq!(presented.generation, 5);
        assert_eq!(presented.update.focus, accesskit::NodeId(2));
    }

    #[test]
    fn a_key_grab_that_takes_the_keyboard_for_a_moment_is_not_told() {
        let mut accessibility = Accessibility::default();
        assert!(matches!(
            accessibility.update::<()>(Message::WindowFocused(true)),
            Reply::Nothing
        ));
        assert!(accessibility.window_focused);
        // The screen reader's key grab: lost, and back at once.
        let Reply::Later(after, check) = accessibility.update::<()>(Message::WindowFocused(false))
        else {
            panic!("a loss is told only after it settles");
        };
        assert_eq!(after, UNFOCUS_SETTLES);
        accessibility.update::<()>(Message::WindowFocused(true));
        accessibility.update::<()>(check);
        assert!(accessibility.window_focused, "the grab was not told");
        // The user switches away: told once it settles.
        let Reply::Later(_, check) = accessibility.update::<()>(Message::WindowFocused(false))
        else {
            panic!("a loss is told only after it settles");
        };
        accessibility.update::<()>(check);
        assert!(!accessibility.window_focused);
    }
}
