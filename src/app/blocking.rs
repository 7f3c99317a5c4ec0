//! Disk, keyring and process work kept off the UI thread.

use super::chrome::notice::Notice;

/// Runs disk, keyring or process work off the UI thread.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Notice> + Send + 'static,
) -> Result<T, Notice> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or(Err(Notice::Interrupted))
}
