//! What the window does around its screens: keys, the local clock, links
//! and folders opened for the user, and work kept off the UI thread.

use std::path::PathBuf;
use std::sync::Arc;

use iced::Task;
use iced::keyboard::{self, Key, key::Named};

use super::Message;
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

/// Keys 1 to 9 pick the start view's topics (and a step's choices): a tenth
/// topic would have no key, and fails to compile here.
const DIGIT_KEYS: usize = 9;
const _: () = assert!(
    crate::protocol::TopicId::ALL.len() <= DIGIT_KEYS,
    "every topic needs a digit key"
);

/// The window's shortcuts, given a key the focused widget used or left
/// (`status`). Esc counts even while a text field has focus (fields keep it
/// to themselves otherwise); digits, Enter and Tab only when no widget used them.
pub fn keyboard_shortcut(event: &iced::Event, status: iced::event::Status) -> Option<Message> {
    let iced::Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) = event else {
        return None;
    };
    match key {
        Key::Named(Named::Escape) => Some(Message::Escape),
        Key::Character(c) if status == iced::event::Status::Ignored => c
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=DIGIT_KEYS).contains(n))
            .map(Message::Choose),
        Key::Named(Named::Enter) if status == iced::event::Status::Ignored => Some(Message::Enter),
        Key::Named(Named::Tab) if status == iced::event::Status::Ignored => {
            Some(Message::Focus(!modifiers.shift()))
        }
        _ => None,
    }
}

static LOCAL_OFFSET: std::sync::OnceLock<time::UtcOffset> = std::sync::OnceLock::new();

/// Reads the computer's UTC offset. Call it from `main` before any thread
/// starts: reading it later is refused on some systems. Without it, UTC.
pub fn read_local_offset() {
    if let Ok(offset) = time::UtcOffset::current_local_offset() {
        let _ = LOCAL_OFFSET.set(offset);
    }
}

/// Now, in the user's time zone where it is known, for the times shown on screen.
pub fn local_now() -> time::OffsetDateTime {
    let now = time::OffsetDateTime::now_utc();
    LOCAL_OFFSET
        .get()
        .map_or(now, |offset| now.to_offset(*offset))
}

/// Runs disk, keyring or process work off the UI thread.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Notice> + Send + 'static,
) -> Result<T, Notice> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or(Err(Notice::Interrupted))
}
