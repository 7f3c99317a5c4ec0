//! The native file dialogs behind a small trait, so the code that saves and
//! opens files runs in tests without a window.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
#[cfg(feature = "gui")]
use std::sync::Arc;
#[cfg(feature = "gui")]
use std::sync::atomic::{AtomicBool, Ordering};
#[cfg(feature = "gui")]
use std::time::Instant;

/// A future that can be handed to the async runtime.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Asks the user for paths.
pub trait FilePicker: Send + Sync {
    /// Where to save a file, suggesting `default_name` and offering the
    /// `(name, extensions)` filter; `None` if cancelled.
    fn save_path(
        &self,
        default_name: &str,
        filter: (&str, &[&str]),
    ) -> BoxFuture<'static, Option<PathBuf>>;

    /// Files to open, offering each `(name, extensions)` filter; empty if cancelled.
    fn open_paths(&self, filters: &[(&str, &[&str])]) -> BoxFuture<'static, Vec<PathBuf>>;

    /// False once a dialog could not open at all (a Linux desktop without a
    /// file-dialog portal): the screens then offer a path field instead.
    fn dialogs_work(&self) -> bool {
        true
    }

    /// The save dialog itself asks before replacing a file, so the app need
    /// not ask a second time.
    fn save_confirms_overwrite(&self) -> bool {
        false
    }

    /// Paths are typed because the user asked for it (`--type-paths`), not
    /// because no dialog could open.
    fn paths_typed_by_choice(&self) -> bool {
        false
    }
}

/// A dialog a person cancels stays open longer than this; an answer sooner
/// means no dialog was shown (rfd answers "cancelled" at once without a portal).
#[cfg(feature = "gui")]
const NO_DIALOG_WITHIN: std::time::Duration = std::time::Duration::from_millis(200);

/// The OS's own dialogs.
#[cfg(feature = "gui")]
#[derive(Debug, Default)]
pub struct RfdPicker {
    no_dialog: Arc<AtomicBool>,
}

#[cfg(feature = "gui")]
impl RfdPicker {
    /// Notes a dialog that came back empty before anyone could have seen it.
    fn watch(no_dialog: &AtomicBool, started: Instant, empty: bool) {
        if empty && started.elapsed() < NO_DIALOG_WITHIN {
            no_dialog.store(true, Ordering::Relaxed);
        }
    }
}

#[cfg(feature = "gui")]
impl FilePicker for RfdPicker {
    fn save_path(
        &self,
        default_name: &str,
        (name, extensions): (&str, &[&str]),
    ) -> BoxFuture<'static, Option<PathBuf>> {
        let dialog = rfd::AsyncFileDialog::new()
            .set_file_name(default_name)
            .add_filter(name, extensions);
        let no_dialog = self.no_dialog.clone();
        Box::pin(async move {
            let started = Instant::now();
            let path = dialog
                .save_file()
                .await
                .map(|handle| handle.path().to_path_buf());
            RfdPicker::watch(&no_dialog, started, path.is_none());
            path
        })
    }

    fn open_paths(&self, filters: &[(&str, &[&str])]) -> BoxFuture<'static, Vec<PathBuf>> {
        let dialog = filters
            .iter()
            .fold(rfd::AsyncFileDialog::new(), |dialog, (name, extensions)| {
                dialog.add_filter(*name, extensions)
            });
        let no_dialog = self.no_dialog.clone();
        Box::pin(async move {
            let started = Instant::now();
            let paths: Vec<PathBuf> = dialog
                .pick_files()
                .await
                .unwrap_or_default()
                .iter()
                .map(|handle| handle.path().to_path_buf())
                .collect();
            RfdPicker::watch(&no_dialog, started, paths.is_empty());
            paths
        })
    }

    fn dialogs_work(&self) -> bool {
        !self.no_dialog.load(Ordering::Relaxed)
    }

    /// GTK and KDE portals, Windows and macOS all ask before replacing.
    fn save_confirms_overwrite(&self) -> bool {
        true
    }
}

/// Opens no dialog: every screen offers its path field at once. For
/// `--type-paths` (a desktop whose dialogs misbehave, a scripted run that must
/// not depend on which dialog helper the machine has).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypedPaths;

impl FilePicker for TypedPaths {
    fn save_path(
        &self,
        _default_name: &str,
        _filter: (&str, &[&str]),
    ) -> BoxFuture<'static, Option<PathBuf>> {
        Box::pin(async { None })
    }

    fn open_paths(&self, _filters: &[(&str, &[&str])]) -> BoxFuture<'static, Vec<PathBuf>> {
        Box::pin(async { Vec::new() })
    }

    fn dialogs_work(&self) -> bool {
        false
    }

    fn paths_typed_by_choice(&self) -> bool {
        true
    }
}

/// Answers every dialog with the same paths: for tests and scripted runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixedPicker {
    /// The save dialog's answer; `None` acts as "cancelled".
    pub save: Option<PathBuf>,
    /// The open dialog's answer; empty acts as "cancelled".
    pub open: Vec<PathBuf>,
}

impl FilePicker for FixedPicker {
    fn save_path(
        &self,
        _default_name: &str,
        _filter: (&str, &[&str]),
    ) -> BoxFuture<'static, Option<PathBuf>> {
        let save = self.save.clone();
        Box::pin(async move { save })
    }

    fn open_paths(&self, _filters: &[(&str, &[&str])]) -> BoxFuture<'static, Vec<PathBuf>> {
        let open = self.open.clone();
        Box::pin(async move { open })
    }
}
