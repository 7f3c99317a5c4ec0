//! Topic 8's last step: the restored key file saved where the user picks,
//! opened with its access code to show it works, and proven to the service
//! by signing its challenge. The panel runs the requests (download, proof)
//! and owns the fields; this step keeps what happened to the file.

use std::path::PathBuf;
use std::sync::Arc;

use iced::Task;

use crate::app::blocking;
use crate::client::DownloadedKeyFile;
use crate::domain::{SecretText, Wmid};
use crate::keyfile::{self, KeyFileError, KeyMaterial};
use crate::keyfile_save::{self, FilePicker, Overwrite, SaveError};
use crate::protocol::ProofAccepted;

#[derive(Debug, Clone)]
pub enum Message {
    /// Ask where to save the file.
    Save,
    SavePathChosen(Option<PathBuf>),
    /// Save to the path typed where no dialog can open.
    SaveToTypedPath,
    Saved(Result<PathBuf, SaveError>),
    ReplaceExisting,
    CheckAccessCode,
    /// Sign the service's challenge with the opened key file and send the signature.
    Prove,
    Close,
}

/// What the step asks of its panel.
#[derive(Debug)]
pub enum Event {
    /// The save dialog came back without a path: cancelled, or none could open.
    NoPathChosen,
    /// Saved: the access-code field is next.
    Saved,
    SaveFailed(SaveError),
    /// Send the proof, signed with the opened key.
    Prove,
    /// The user is done with the file: the case ends.
    Closed,
}

/// What the panel lends the step for one message.
pub struct Context<'a> {
    pub picker: &'a Arc<dyn FilePicker>,
    pub wmid: Option<&'a Wmid>,
    /// The field the access code is typed into.
    pub access_code: &'a str,
    /// The path field's text, where no dialog can open.
    pub typed_path: &'a str,
}

#[derive(Default)]
pub struct KeyfileStep {
    downloaded: Option<Arc<DownloadedKeyFile>>,
    /// A save refused because a file is there: replacing it is asked first.
    pending_replace: Option<PathBuf>,
    saved_to: Option<PathBuf>,
    check: Option<Result<(), KeyFileError>>,
    /// The key of the saved file once its access code opened it, kept (wiped
    /// on drop) only to sign the proof's challenge on this computer.
    unlocked: Option<Arc<KeyMaterial>>,
    proven: Option<ProofAccepted>,
    closed: bool,
}

impl KeyfileStep {
    pub fn downloaded(&self) -> bool {
        self.downloaded.is_some()
    }

    pub fn asks_to_replace(&self) -> bool {
        self.pending_replace.is_some()
    }

    pub fn saved_to(&self) -> Option<&PathBuf> {
        self.saved_to.as_ref()
    }

    pub fn check(&self) -> Option<&Result<(), KeyFileError>> {
        self.check.as_ref()
    }

    pub fn is_unlocked(&self) -> bool {
        self.unlocked.is_some()
    }

    pub fn is_proven(&self) -> bool {
        self.proven.is_some()
    }

    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// How far the file has come, as a step the screen shows: downloaded,
    /// replacing asked, saved, checked, proven, closed.
    pub fn progress(&self) -> [bool; 6] {
        [
            self.downloaded.is_some(),
            self.pending_replace.is_some(),
            self.saved_to.is_some(),
            self.check.is_some(),
            self.proven.is_some(),
            self.closed,
        ]
    }

    /// A message that is the answer of a dialog or of the disk, not the user's own doing.
    pub fn is_from_the_user(message: &Message) -> bool {
        !matches!(message, Message::SavePathChosen(_) | Message::Saved(_))
    }

    pub fn on_downloaded(&mut self, file: Arc<DownloadedKeyFile>) {
        self.downloaded = Some(file);
    }

    /// Proven: the key has done its job and leaves memory.
    pub fn on_proven(&mut self, accepted: ProofAccepted) {
        self.proven = Some(accepted);
        self.unlocked = None;
    }

    /// The key the proof signs with, once the access code opened the file.
    pub fn key(&self) -> Option<Arc<KeyMaterial>> {
        self.unlocked.clone()
    }

    pub fn update(&mut self, message: Message, cx: Context<'_>) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Save => {
                let picker = cx.picker.clone();
                let name = file_name(cx.wmid);
                let ask = Task::perform(
                    async move { picker.save_path(&name, keyfile_save::KEY_FILE_FILTER).await },
                    Message::SavePathChosen,
                );
                (ask, None)
            }
            // The system's save dialog has already asked before replacing a file.
            Message::SavePathChosen(Some(path)) => {
                let overwrite = if cx.picker.save_confirms_overwrite() {
                    Overwrite::Yes
                } else {
                    Overwrite::No
                };
                (self.save(path, overwrite), None)
            }
            Message::SavePathChosen(None) => (Task::none(), Some(Event::NoPathChosen)),
            Message::SaveToTypedPath => match super::typed_path(cx.typed_path) {
                Some(path) => {
                    // A folder gets the usual file name inside it.
                    let path = if path.is_dir() {
                        path.join(file_name(cx.wmid))
                    } else {
                        path
                    };
                    (self.save(path, Overwrite::No), None)
                }
                None => (Task::none(), None),
            },
            Message::ReplaceExisting => match self.pending_replace.take() {
                Some(path) => (self.save(path, Overwrite::Yes), None),
                None => (Task::none(), None),
            },
            Message::Saved(Ok(path)) => {
                self.pending_replace = None;
                self.saved_to = Some(path);
                (Task::none(), Some(Event::Saved))
            }
            Message::Saved(Err(SaveError::Exists { path })) => {
                self.pending_replace = Some(path);
                (Task::none(), None)
            }
            Message::Saved(Err(error)) => (Task::none(), Some(Event::SaveFailed(error))),
            Message::CheckAccessCode => {
                // The panel knows the WMID by now: typed, or named by the download.
                if let (Some(file), Some(wmid)) = (&self.downloaded, cx.wmid) {
                    let opened = keyfile::open(&file.bytes, wmid, &SecretText::new(cx.access_code));
                    self.proven = None;
                    match opened {
                        Ok(key) => {
                            self.unlocked = Some(Arc::new(key));
                            self.check = Some(Ok(()));
                        }
                        Err(e) => {
                            self.unlocked = None;
                            self.check = Some(Err(e));
                        }
                    }
                }
                (Task::none(), None)
            }
            Message::Prove => (
                Task::none(),
                self.unlocked.is_some().then_some(Event::Prove),
            ),
            Message::Close => {
                self.closed = true;
                self.downloaded = None;
                self.unlocked = None;
                (Task::none(), Some(Event::Closed))
            }
        }
    }

    fn save(&mut self, path: PathBuf, overwrite: Overwrite) -> Task<Message> {
        let Some(file) = self.downloaded.clone() else {
            return Task::none();
        };
        Task::perform(
            async move {
                let fallback = path.clone();
                blocking(move || {
                    Ok(keyfile_save::save_keyfile(&path, &file.bytes, overwrite).map(|()| path))
                })
                .await
                .unwrap_or_else(|_| {
                    Err(SaveError::Other {
                        path: fallback,
                        message: "the save stopped before it finished".to_owned(),
                    })
                })
            },
            Message::Saved,
        )
    }
}

/// "405002833238.kwm", or a plain name before the WMID is known.
fn file_name(wmid: Option<&Wmid>) -> String {
    wmid.map_or_else(|| "keyfile.kwm".to_owned(), keyfile_save::default_file_name)
}
