//! What the app asks of the desktop for the user: a page opened in the
//! browser, an address put on the clipboard, a folder shown in the file
//! manager. Each failure is shown, not swallowed.

use std::path::PathBuf;
use std::sync::Arc;

use iced::Task;

use super::Message;
use super::blocking::blocking;
use super::chrome::notice::Notice;

/// Opens a page in the user's browser; a failure is shown, not swallowed.
/// Waits for the system's opener to say whether a browser took the page
/// (a detached start would succeed even where none can), so a failure is told.
pub(super) fn open_link(url: &'static str) -> Task<Message> {
    Task::perform(
        blocking(move || {
            open::that(url).map_err(|e| Notice::BrowserNotOpened {
                url: url.to_owned(),
                error: Arc::new(e),
            })
        }),
        Message::Reported,
    )
}

/// Puts `text` (an address) on the clipboard and says so.
pub(super) fn copy(text: String) -> Task<Message> {
    let said = text.clone();
    iced::clipboard::write(text).chain(Task::done(Message::Told(Notice::Copied(said))))
}

/// Opens a folder in the file manager, creating it (owner-only) first if needed.
pub(super) fn open_folder(folder: PathBuf) -> Task<Message> {
    Task::perform(
        blocking(move || {
            crate::storage::ensure_private_folder(&folder).map_err(Notice::NotSaved)?;
            show_folder(&folder)
        }),
        Message::Reported,
    )
}

/// Opens the folder that holds `file` (the user's own folder: nothing is
/// created or changed there).
pub(super) fn show_in_folder(file: PathBuf) -> Task<Message> {
    let folder = crate::storage::folder_of(&file).to_path_buf();
    Task::perform(blocking(move || show_folder(&folder)), Message::Reported)
}

/// Hands `folder` to the file manager (blocking: off the UI thread).
fn show_folder(folder: &std::path::Path) -> Result<(), Notice> {
    open::that_detached(folder).map_err(|e| Notice::NotOpened {
        target: folder.display().to_string(),
        error: Arc::new(e),
    })
}
