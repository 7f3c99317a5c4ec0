//! Desktop notifications: "your wait has ended" while the app runs, behind a
//! trait so tests see what would be shown without a notification server.

use std::sync::{Arc, Mutex};

use iced::Task;

use super::Message;

/// Shows a notification outside the window.
pub trait Notifier: Send + Sync {
    /// Blocking: called off the UI thread.
    fn notify(&self, title: &str, body: &str) -> Result<(), String>;
}

/// The desktop's own notifications (freedesktop over D-Bus, Windows toasts,
/// macOS notification centre).
#[derive(Debug, Default)]
pub struct DesktopNotifier;

impl Notifier for DesktopNotifier {
    fn notify(&self, title: &str, body: &str) -> Result<(), String> {
        notify_rust::Notification::new()
            .appname("Keeper Recovery")
            .summary(title)
            .body(body)
            .show()
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

/// Keeps what it was asked to show: for tests.
#[derive(Debug, Default)]
pub struct KeptNotifications(pub Mutex<Vec<(String, String)>>);

impl Notifier for KeptNotifications {
    fn notify(&self, title: &str, body: &str) -> Result<(), String> {
        self.0
            .lock()
            .map_err(|_| "poisoned".to_owned())?
            .push((title.to_owned(), body.to_owned()));
        Ok(())
    }
}

/// Shows the notification off the UI thread. A desktop without a
/// notification server is not the user's problem to read about (the window
/// says the same), so a failure goes to the log.
pub(super) fn show(notifier: Arc<dyn Notifier>, title: String, body: String) -> Task<Message> {
    Task::future(async move {
        let shown = tokio::task::spawn_blocking(move || notifier.notify(&title, &body))
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
        if let Err(error) = shown {
            tracing::warn!(%error, "the desktop did not show the notification");
        }
    })
    .discard()
}
