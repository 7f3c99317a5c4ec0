//! The OS's side: AT-SPI over D-Bus on Linux (`accesskit_unix`, which needs no
//! window handle). Elsewhere the tree is read and tested, but not yet handed
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
}

#[cfg(not(target_os = "linux"))]
pub struct Adapter;

#[cfg(not(target_os = "linux"))]
impl Adapter {
    pub fn new(_requests: UnboundedSender<Request>) -> Option<Self> {
        None
    }

    pub fn update(&mut self, _semantics: &Semantics) {}
}

/// The tree is built on the app's thread, after the adapter asked: it
/// answers "not yet" and the app sends the whole tree when it has it.
#[allow(dead_code)]
struct Activation(UnboundedSender<Request>);

impl accesskit::ActivationHandler for Activation {
    fn request_initial_tree(&mut self) -> Option<accesskit::TreeUpdate> {
        // The app is gone when the channel is closed: nothing to read then.
        let _ = self.0.send(Request::Activate);
        None
    }
}

#[allow(dead_code)]
struct Actions(UnboundedSender<Request>);

impl accesskit::ActionHandler for Actions {
    fn do_action(&mut self, request: accesskit::ActionRequest) {
        let _ = self.0.send(Request::Act(request));
    }
}

#[allow(dead_code)]
struct Deactivation(UnboundedSender<Request>);

impl accesskit::DeactivationHandler for Deactivation {
    fn deactivate_accessibility(&mut self) {
        let _ = self.0.send(Request::Deactivate);
    }
}
