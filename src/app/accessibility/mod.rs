//! Screen readers. The view marks what each widget is (`annotate`); when an
//! assistive technology asks, the laid-out widget tree is read into an
//! AccessKit tree (`collect`) after every change and handed to the OS's
//! adapter (`platform`). The screen reader's actions come back as `Request`s
//! and become the same messages a click or typing would send.
//!
//! Nothing of this runs without an assistive technology: the adapter waits
//! to be asked, and until then no tree is read.

pub(crate) mod annotate;
pub mod collect;
mod platform;

use std::sync::{Arc, Mutex};

use accesskit::{Action, ActionData, ActionRequest};
use iced::{Subscription, Task};
use tokio::sync::mpsc;

pub use collect::Semantics;

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
}

/// The window's focus, as the screen reader needs to know it.
fn window_focus(
    event: iced::Event,
    _status: iced::event::Status,
    _window: iced::window::Id,
) -> Option<Message> {
    match event {
        iced::Event::Window(iced::window::Event::Focused) => Some(Message::WindowFocused(true)),
        iced::Event::Window(iced::window::Event::Unfocused) => Some(Message::WindowFocused(false)),
        _ => None,
    }
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
}

/// What the app does with a request.
pub enum Reply<M> {
    /// Read the screen again (and send it to the adapter).
    Read,
    /// Send this message, as the user's click or typing would.
    Send(M),
    /// Move the keyboard focus to this input, then read the screen.
    Focus(iced::widget::Id),
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
            active: false,
            last: None,
            stale: false,
            held: std::collections::VecDeque::new(),
        };
        (accessibility, attach)
    }

    /// Whether the window must start hidden, for the adapter to attach first.
    pub const HIDDEN_UNTIL_ATTACHED: bool = platform::HIDDEN_UNTIL_ATTACHED;

    pub fn subscription(&self) -> Subscription<Message> {
        match &self.requests {
            Some(receiver) => Subscription::batch([
                Subscription::run_with(Requests(receiver.clone()), requests),
                iced::event::listen_with(window_focus),
            ]),
            None => Subscription::none(),
        }
    }

    /// Reads the screen, if a screen reader listens; `title` (the window's
    /// name) is asked for only then.
    pub fn read<M: Send + 'static>(
        &mut self,
        title: impl FnOnce() -> String,
        done: impl Fn(Message) -> M + Send + 'static,
    ) -> Task<M> {
        if !self.active {
            return Task::none();
        }
        self.stale = true;
        read(title()).map(move |semantics| done(Message::Read(semantics)))
    }

    /// Applies a message; the app's own message type is `M`.
    pub fn update<M: 'static>(&mut self, message: Message) -> Reply<M> {
        match message {
            Message::Request(Request::Activate) => {
                self.active = true;
                Reply::Read
            }
            Message::Request(Request::Deactivate) => {
                self.active = false;
                self.last = None;
                self.held.clear();
                Reply::Nothing
            }
            Message::Request(Request::Act(request)) if self.stale => {
                self.held.push_back(request);
                Reply::Nothing
            }
            Message::Request(Request::Act(request)) => self.act(request),
            Message::Read(semantics) => {
                if let Some(adapter) = &mut self.adapter {
                    adapter.update(&semantics);
                }
                self.last = Some(semantics);
                self.stale = false;
                // One held action per reading: what it sends is read again
                // before the next one is looked up.
                match self.held.pop_front() {
                    Some(request) => self.act(request),
                    None => Reply::Nothing,
                }
            }
            Message::WindowFocused(focused) => {
                if let Some(adapter) = &mut self.adapter {
                    adapter.set_window_focused(focused);
                }
                Reply::Nothing
            }
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
            (Action::Focus, _) => actions.input.clone().map_or(Reply::Nothing, Reply::Focus),
            _ => Reply::Nothing,
        }
    }
}

/// The operation that reads a laid-out view into a tree (tests run it on a view of their own).
pub fn reader(title: String) -> collect::Collect {
    collect::Collect::new(title)
}

/// Reads the window's laid-out widgets into a tree.
pub fn read(title: String) -> Task<Semantics> {
    iced::advanced::widget::operate(reader(title))
}
