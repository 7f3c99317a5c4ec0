//! The OS's side: AT-SPI over D-Bus on Linux (`accesskit_unix`, which needs no
//! window handle), UI Automation on Windows (`accesskit_windows`) and
//! NSAccessibility on macOS (`accesskit_macos`), both on the window itself.
//! The macOS side is compiled on every CI run but has not yet been heard by
//! VoiceOver (see docs/macos.md).

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

/// On Windows (UI Automation) and macOS (NSAccessibility) the adapter
/// subclasses the window, so it lives on the window's thread, where `update`
/// also runs; it is attached by the task `attach` returns, before the window
/// is first shown.
#[cfg(any(target_os = "windows", target_os = "macos"))]
pub struct Adapter;

#[cfg(target_os = "macos")]
use accesskit_macos::{QueuedEvents, SubclassingAdapter as WindowAdapter};
#[cfg(target_os = "windows")]
use accesskit_windows::{QueuedEvents, SubclassingAdapter as WindowAdapter};

#[cfg(any(target_os = "windows", target_os = "macos"))]
thread_local! {
    static WINDOW_ADAPTER: std::cell::RefCell<Option<WindowAdapter>> =
        const { std::cell::RefCell::new(None) };
}

#[cfg(any(target_os = "windows", target_os = "macos"))]
impl Adapter {
    pub fn new(_requests: UnboundedSender<Request>) -> Option<Self> {
        Some(Adapter)
    }

    pub fn update(&mut self, semantics: &Semantics) {
        raise_from_adapter(|adapter| adapter.update_if_active(|| semantics.update.clone()));
    }

    /// The subclassed window hears its own focus changes on Windows; macOS
    /// is told, as VoiceOver reads the focused element only in a key window.
    pub fn set_window_focused(&mut self, focused: bool) {
        #[cfg(target_os = "macos")]
        raise_from_adapter(|adapter| adapter.update_view_focus_state(focused));
        let _ = focused;
    }

    /// The OS asks the window itself where it is.
    pub fn set_window_bounds(&mut self, _bounds: accesskit::Rect) {}
}

/// Tells the attached adapter something, then raises the events it queued,
/// once it is no longer borrowed: raising may call back into it.
#[cfg(any(target_os = "windows", target_os = "macos"))]
fn raise_from_adapter(tell: impl FnOnce(&mut WindowAdapter) -> Option<QueuedEvents>) {
    let events = WINDOW_ADAPTER.with(|adapter| adapter.borrow_mut().as_mut().and_then(tell));
    if let Some(events) = events {
        events.raise();
    }
}

/// Attaches the adapter to the window, which starts hidden for it
/// (`hidden_until_attached`), then shows the window, attached or not.
#[cfg(any(target_os = "windows", target_os = "macos"))]
pub fn attach(requests: UnboundedSender<Request>) -> iced::Task<()> {
    use iced::window;

    window::oldest().then(move |id| {
        let Some(id) = id else {
            return iced::Task::none();
        };
        let requests = requests.clone();
        window::run(id, move |window| {
            let Ok(handle) = window.window_handle().map(|handle| handle.as_raw()) else {
                return;
            };
            // The adapter panics where it cannot subclass the window: the app
            // then runs on, unread by screen readers, rather than not at all.
            let attached = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                subclass(handle, requests)
            }));
            match attached {
                Ok(Some(adapter)) => {
                    WINDOW_ADAPTER.with(|slot| *slot.borrow_mut() = Some(adapter));
                }
                Ok(None) | Err(_) => tracing::warn!("screen readers cannot read this window"),
            }
        })
        .then(move |()| window::set_mode(id, window::Mode::Windowed))
    })
}

/// The adapter on the window's HWND, if the handle is one.
#[cfg(target_os = "windows")]
fn subclass(
    handle: iced::window::raw_window_handle::RawWindowHandle,
    requests: UnboundedSender<Request>,
) -> Option<WindowAdapter> {
    use iced::window::raw_window_handle::RawWindowHandle;
    let RawWindowHandle::Win32(handle) = handle else {
        return None;
    };
    Some(accesskit_windows::SubclassingAdapter::new(
        accesskit_windows::HWND(handle.hwnd.get() as *mut std::ffi::c_void),
        Activation(requests.clone()),
        Actions(requests),
    ))
}

/// The adapter on the window's content NSView, if the handle is one.
#[cfg(target_os = "macos")]
fn subclass(
    handle: iced::window::raw_window_handle::RawWindowHandle,
    requests: UnboundedSender<Request>,
) -> Option<WindowAdapter> {
    use iced::window::raw_window_handle::RawWindowHandle;
    let RawWindowHandle::AppKit(handle) = handle else {
        return None;
    };
    // SAFETY: the handle is the window's own content view, valid while the
    // window is, which outlives this call on the window's thread; the
    // adapter retains it.
    Some(unsafe {
        accesskit_macos::SubclassingAdapter::new(
            handle.ns_view.as_ptr(),
            Activation(requests.clone()),
            Actions(requests),
        )
    })
}

#[cfg(not(any(target_os = "windows", target_os = "macos")))]
pub fn attach(_requests: UnboundedSender<Request>) -> iced::Task<()> {
    iced::Task::none()
}

/// The subclassing adapters must be attached before the window is first shown.
pub const HIDDEN_UNTIL_ATTACHED: bool = cfg!(any(target_os = "windows", target_os = "macos"));

#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
pub struct Adapter;

#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
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
#[cfg_attr(
    not(any(target_os = "linux", target_os = "windows", target_os = "macos")),
    allow(dead_code)
)]
struct Activation(UnboundedSender<Request>);

impl accesskit::ActivationHandler for Activation {
    fn request_initial_tree(&mut self) -> Option<accesskit::TreeUpdate> {
        // The app is gone when the channel is closed: nothing to read then.
        let _ = self.0.send(Request::Activate);
        None
    }
}

#[cfg_attr(
    not(any(target_os = "linux", target_os = "windows", target_os = "macos")),
    allow(dead_code)
)]
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
