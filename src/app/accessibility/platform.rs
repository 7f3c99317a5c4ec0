//! The OS's side: AT-SPI over D-Bus on Linux (`accesskit_unix`, which needs no
//! window handle), UI Automation on Windows (`accesskit_windows`, on the
//! window itself). On macOS the tree is read and tested, but not yet handed
//! to the OS (see the README's "Accessibility").

use tokio::sync::mpsc::UnboundedSender;

use super::{Request, Semantics};

#[cfg(target_os = "linux")]
pub struct Adapter(accesskit_unix::Adapter);

#[cfg(target_os = "linux")]
impl Adapter {
    pub fn new(requests: UnboundedSender<Request>) -> Option<Self> {
        let adapter = accesskit_unix::Adapter::new(
            Activation(requests.clone()),
            Actions(requests.clone()),
            Deactivation(requests),
        );
        Some(Adapter(adapter))
    }

    pub fn update(&mut self, semantics: &Semantics) {
        self.0.update_if_active(|| semantics.update.clone());
    }

    /// AT-SPI reports the focused node only while the window has the keyboard.
    pub fn set_window_focused(&mut self, focused: bool) {
        self.0.update_window_focus_state(focused);
    }

    /// Where the window is, so every node's place is known on the screen
    /// (flat review, magnifiers); the app draws no decorations of its own.
    pub fn set_window_bounds(&mut self, bounds: accesskit::Rect) {
        self.0.set_root_window_bounds(bounds, bounds);
    }
}

/// On Windows the adapter subclasses the window (UI Automation), so it lives
/// on the window's thread, where `update` also runs; it is attached by the
/// task `attach` returns, before the window is first shown.
#[cfg(target_os = "windows")]
pub struct Adapter;

#[cfg(target_os = "windows")]
thread_local! {
    static WINDOW_ADAPTER: std::cell::RefCell<Option<accesskit_windows::SubclassingAdapter>> =
        const { std::cell::RefCell::new(None) };
}

#[cfg(target_os = "windows")]
impl Adapter {
    pub fn new(_requests: UnboundedSender<Request>) -> Option<Self> {
        Some(Adapter)
    }

    pub fn update(&mut self, semantics: &Semantics) {
        WINDOW_ADAPTER.with(|adapter| {
            if let Some(adapter) = adapter.borrow_mut().as_mut()
                && let Some(events) = adapter.update_if_active(|| semantics.update.clone())
            {
                events.raise();
            }
        });
    }

    /// The subclassed window hears its own focus changes.
    pub fn set_window_focused(&mut self, _focused: bool) {}

    /// UI Automation asks the window itself where it is.
    pub fn set_window_bounds(&mut self, _bounds: accesskit::Rect) {}
}

/// Attaches the adapter to the window, which starts hidden for it
/// (`hidden_until_attached`), then shows the window, attached or not.
#[cfg(target_os = "windows")]
pub fn attach(requests: UnboundedSender<Request>) -> iced::Task<()> {
    use iced::window;
    use window::raw_window_handle::RawWindowHandle;

    window::oldest().then(move |id| {
        let Some(id) = id else {
            return iced::Task::none();
        };
        let requests = requests.clone();
        window::run(id, move |window| {
            let hwnd = match window.window_handle().map(|handle| handle.as_raw()) {
                Ok(RawWindowHandle::Win32(handle)) => handle.hwnd.get(),
                _ => return,
            };
            // The adapter panics where it cannot subclass the window: the app
            // then runs on, unread by screen readers, rather than not at all.
            let attached = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                accesskit_windows::SubclassingAdapter::new(
                    accesskit_windows::HWND(hwnd as *mut std::ffi::c_void),
                    Activation(requests.clone()),
                    Actions(requests),
                )
            }));
            match attached {
                Ok(adapter) => WINDOW_ADAPTER.with(|slot| *slot.borrow_mut() = Some(adapter)),
                Err(_) => tracing::warn!("screen readers cannot read this window"),
            }
        })
        .then(move |()| window::set_mode(id, window::Mode::Windowed))
    })
}

#[cfg(not(target_os = "windows"))]
pub fn attach(_requests: UnboundedSender<Request>) -> iced::Task<()> {
    iced::Task::none()
}

/// Windows' adapter must be attached before the window is first shown.
pub const HIDDEN_UNTIL_ATTACHED: bool = cfg!(target_os = "windows");

#[cfg(not(any(target_os = "linux", target_os = "windows")))]
pub struct Adapter;

#[cfg(not(any(target_os = "linux", target_os = "windows")))]
impl Adapter {
    pub fn new(_requests: UnboundedSender<Request>) -> Option<Self> {
        None
    }

    pub fn update(&mut self, _semantics: &Semantics) {}

    pub fn set_window_focused(&mut self, _focused: bool) {}

    pub fn set_window_bounds(&mut self, _bounds: accesskit::Rect) {}
}

/// The tree is built on the app's thread, after the adapter asked: it
/// answers "not yet" and the app sends the whole tree when it has it.
#[cfg_attr(not(any(target_os = "linux", target_os = "windows")), allow(dead_code))]
struct Activation(UnboundedSender<Request>);

impl accesskit::ActivationHandler for Activation {
    fn request_initial_tree(&mut self) -> Option<accesskit::TreeUpdate> {
        // The app is gone when the channel is closed: nothing to read then.
        let _ = self.0.send(Request::Activate);
        None
    }
}

#[cfg_attr(not(any(target_os = "linux", target_os = "windows")), allow(dead_code))]
struct Actions(UnboundedSender<Request>);

impl accesskit::ActionHandler for Actions {
    fn do_action(&mut self, request: accesskit::ActionRequest) {
        let _ = self.0.send(Request::Act(request));
    }
}

#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
struct Deactivation(UnboundedSender<Request>);

impl accesskit::DeactivationHandler for Deactivation {
    fn deactivate_accessibility(&mut self) {
        let _ = self.0.send(Request::Deactivate);
    }
}
