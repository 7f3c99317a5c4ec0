//! The native file dialogs behind a small trait, so the code that saves and
//! opens files runs in tests without a window.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

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
}

/// The OS's own dialogs.
#[cfg(feature = "gui")]
#[derive(Debug, Clone, Copy, Default)]
pub struct RfdPicker;

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
        Box::pin(async move {
            dialog
                .save_file()
                .await
                .map(|handle| handle.path().to_path_buf())
        })
    }

    fn open_paths(&self, filters: &[(&str, &[&str])]) -> BoxFuture<'static, Vec<PathBuf>> {
        let dialog = filters
            .iter()
            .fold(rfd::AsyncFileDialog::new(), |dialog, (name, extensions)| {
                dialog.add_filter(*name, extensions)
            });
        Box::pin(async move {
            dialog
                .pick_files()
                .await
                .unwrap_or_default()
                .iter()
                .map(|handle| handle.path().to_path_buf())
                .collect()
        })
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
