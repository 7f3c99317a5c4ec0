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
    /// A save dialog is open: a second one would race the first.
    dialog_open: bool,
    /// Where no dialog opens, the path field is out for saving (again, or elsewhere).
    typing_path: bool,
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

    /// The save dialog is open: "Save key file" waits for it.
    pub fn dialog_open(&self) -> bool {
        self.dialog_open
    }

    /// The path field is out: before the first save, or asked for again.
    pub fn typing_path(&self) -> bool {
        self.typing_path || self.saved_to.is_none()
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
            Message::Save if self.dialog_open => (Task::none(), None),
            // No dialog opens here: the path field is the way to save, again
            // or elsewhere (also instead of replacing a file).
            Message::Save if !cx.picker.dialogs_work() => {
                self.pending_replace = None;
                self.typing_path = true;
                (Task::none(), Some(Event::NoPathChosen))
            }
            Message::Save => {
                self.dialog_open = true;
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
                self.dialog_open = false;
                self.pending_replace = None;
                let overwrite = if cx.picker.save_confirms_overwrite() {
                    Overwrite::Yes
                } else {
                    Overwrite::No
                };
                (self.save(path, overwrite), None)
            }
            Message::SavePathChosen(None) => {
                self.dialog_open = false;
                // It came back at once: no dialog can open, the path field takes over.
                if !cx.picker.dialogs_work() {
                    self.pending_replace = None;
                    self.typing_path = true;
                }
                (Task::none(), Some(Event::NoPathChosen))
            }
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
                self.typing_path = false;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keyfile_save::{FixedPicker, TypedPaths};

    fn downloaded() -> KeyfileStep {
        let mut step = KeyfileStep::default();
        step.on_downloaded(Arc::new(DownloadedKeyFile {
            bytes: zeroize::Zeroizing::new(vec![1, 2, 3]),
            sha256: String::new(),
            wmid: None,
        }));
        step
    }

    fn cx<'a>(picker: &'a Arc<dyn FilePicker>) -> Context<'a> {
        Context {
            picker,
            wmid: None,
            access_code: "",
            typed_path: "",
        }
    }

    #[test]
    fn a_second_save_while_the_dialog_is_open_opens_no_second_dialog() {
        let picker: Arc<dyn FilePicker> = Arc::new(FixedPicker::default());
        let mut step = downloaded();
        let (first, _) = step.update(Message::Save, cx(&picker));
        assert_eq!(first.units(), 1, "the first press opens the dialog");
        assert!(step.dialog_open());
        let (second, event) = step.update(Message::Save, cx(&picker));
        assert_eq!(second.units(), 0, "a second dialog opened beside the first");
        assert!(event.is_none());
        let _closed = step.update(Message::SavePathChosen(None), cx(&picker));
        assert!(
            !step.dialog_open(),
            "the dialog closed: saving is offered again"
        );
    }

    #[test]
    fn without_dialogs_saving_elsewhere_replaces_the_question_with_the_path_field() {
        let picker: Arc<dyn FilePicker> = Arc::new(TypedPaths);
        let mut step = downloaded();
        let _refused = step.update(
            Message::Saved(Err(SaveError::Exists {
                path: PathBuf::from("/tmp/there.kwm"),
            })),
            cx(&picker),
        );
        assert!(step.asks_to_replace());
        let (task, event) = step.update(Message::Save, cx(&picker));
        assert_eq!(task.units(), 0, "no dialog is asked for");
        assert!(matches!(event, Some(Event::NoPathChosen)));
        assert!(!step.asks_to_replace());
        assert!(step.typing_path());
    }
}
