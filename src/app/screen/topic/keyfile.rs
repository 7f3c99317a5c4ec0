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
use crate::file_dialog::FilePicker;
use crate::keyfile::save::{self, Overwrite, SaveError};
use crate::keyfile::{self, KeyFileError, KeyMaterial};
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

/// What Enter does on the step.
pub enum OnEnter {
    /// Fetch the file: a request the panel runs.
    Download,
    /// One of the step's own messages.
    Step(Message),
    Nothing,
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

/// How far the restored file has come: each stage holds what it needs and
/// nothing more, so the unlocked key is only in memory while it can sign.
#[derive(Default)]
enum Stage {
    #[default]
    NotDownloaded,
    Downloaded(Arc<DownloadedKeyFile>),
    /// A save was refused because a file is at `path`: replacing it is asked
    /// first. Saving again elsewhere is offered at every later stage, so the
    /// question stands over the stage it interrupted, which it goes back to.
    ReplaceAsked {
        path: PathBuf,
        over: Box<Stage>,
    },
    /// Saved at `to`; `refused` says why the access code last tried did not open it.
    Saved {
        file: Arc<DownloadedKeyFile>,
        to: PathBuf,
        refused: Option<KeyFileError>,
    },
    /// The access code opened the saved file. Its key (wiped on drop) is kept
    /// only to sign the proof's challenge on this computer.
    Opened {
        file: Arc<DownloadedKeyFile>,
        to: PathBuf,
        key: Arc<KeyMaterial>,
    },
    /// The service accepted the proof: the key has done its job and left memory.
    Proven {
        file: Arc<DownloadedKeyFile>,
        to: PathBuf,
        proof: ProofAccepted,
    },
    /// The user is done with the file, which leaves memory; where it was
    /// saved, and whether its access code opened it, stay for the outcome.
    Closed {
        saved_to: Option<PathBuf>,
        opened: bool,
    },
}

impl Stage {
    /// The stage under a replace question, if one is asked.
    fn settled(&self) -> &Stage {
        match self {
            Stage::ReplaceAsked { over, .. } => over,
            stage => stage,
        }
    }

    fn file(&self) -> Option<&Arc<DownloadedKeyFile>> {
        match self.settled() {
            Stage::Downloaded(file)
            | Stage::Saved { file, .. }
            | Stage::Opened { file, .. }
            | Stage::Proven { file, .. } => Some(file),
            _ => None,
        }
    }

    fn saved_to(&self) -> Option<&PathBuf> {
        match self.settled() {
            Stage::Saved { to, .. } | Stage::Opened { to, .. } | Stage::Proven { to, .. } => {
                Some(to)
            }
            Stage::Closed { saved_to, .. } => saved_to.as_ref(),
            _ => None,
        }
    }

    /// A save refused because a file is at `path`: asked over the stage the
    /// save started from. Before the download and after closing there is no
    /// file to save, so no question either.
    fn asking_to_replace(self, path: PathBuf) -> Stage {
        match self {
            Stage::ReplaceAsked { over, .. } => Stage::ReplaceAsked { path, over },
            Stage::NotDownloaded | Stage::Closed { .. } => self,
            stage => Stage::ReplaceAsked {
                path,
                over: Box::new(stage),
            },
        }
    }

    /// The replace question put away (saving elsewhere instead).
    fn without_question(self) -> Stage {
        match self {
            Stage::ReplaceAsked { over, .. } => *over,
            stage => stage,
        }
    }

    /// Saved at `path`. Saving again elsewhere keeps what the access code
    /// did: the bytes are the same.
    fn saved_at(self, path: PathBuf) -> Stage {
        match self.without_question() {
            Stage::Downloaded(file) => Stage::Saved {
                file,
                to: path,
                refused: None,
            },
            Stage::Saved { file, refused, .. } => Stage::Saved {
                file,
                to: path,
                refused,
            },
            Stage::Opened { file, key, .. } => Stage::Opened {
                file,
                to: path,
                key,
            },
            Stage::Proven { file, proof, .. } => Stage::Proven {
                file,
                to: path,
                proof,
            },
            Stage::Closed { opened, .. } => Stage::Closed {
                saved_to: Some(path),
                opened,
            },
            stage => stage,
        }
    }

    /// What the access code did to the saved file. Trying again after the
    /// proof starts the proof over with the key it opens.
    fn access_code_tried(self, opened: Result<KeyMaterial, KeyFileError>) -> Stage {
        match self {
            Stage::ReplaceAsked { path, over } => Stage::ReplaceAsked {
                path,
                over: Box::new(over.access_code_tried(opened)),
            },
            Stage::Saved { file, to, .. }
            | Stage::Opened { file, to, .. }
            | Stage::Proven { file, to, .. } => match opened {
                Ok(key) => Stage::Opened {
                    file,
                    to,
                    key: Arc::new(key),
                },
                Err(refused) => Stage::Saved {
                    file,
                    to,
                    refused: Some(refused),
                },
            },
            // The code is asked for only once the file is saved.
            stage => stage,
        }
    }

    /// Proven with the key the access code opened (the key is dropped here).
    /// An answer for a key since given up (another code tried) changes nothing.
    fn proven(self, proof: ProofAccepted) -> Stage {
        match self {
            Stage::ReplaceAsked { path, over } => Stage::ReplaceAsked {
                path,
                over: Box::new(over.proven(proof)),
            },
            Stage::Opened { file, to, .. } => Stage::Proven { file, to, proof },
            stage => stage,
        }
    }

    /// The stage as a step the screen shows (see `KeyfileStep::progress`). A
    /// code that did not open the file and one that did are the same step:
    /// only what it says changes.
    fn progress(&self) -> [bool; 6] {
        match self {
            Stage::NotDownloaded => [false; 6],
            Stage::Downloaded(_) => [true, false, false, false, false, false],
            Stage::ReplaceAsked { over, .. } => {
                let mut progress = over.progress();
                progress[1] = true;
                progress
            }
            Stage::Saved { refused, .. } => [true, false, true, refused.is_some(), false, false],
            Stage::Opened { .. } => [true, false, true, true, false, false],
            Stage::Proven { .. } => [true, false, true, true, true, false],
            // The outcome takes the place of the stages: only closing shows.
            Stage::Closed { .. } => [false, false, false, false, false, true],
        }
    }

    /// Closed: the file and its key leave memory.
    fn closed(self) -> Stage {
        match self.without_question() {
            Stage::Saved { to, .. } => Stage::Closed {
                saved_to: Some(to),
                opened: false,
            },
            Stage::Opened { to, .. } | Stage::Proven { to, .. } => Stage::Closed {
                saved_to: Some(to),
                opened: true,
            },
            closed @ Stage::Closed { .. } => closed,
            _ => Stage::Closed {
                saved_to: None,
                opened: false,
            },
        }
    }
}

#[derive(Default)]
pub struct KeyfileStep {
    stage: Stage,
    /// A save dialog is open: a second one would race the first.
    dialog_open: bool,
    /// Where no dialog opens, the path field is out for saving (again, or elsewhere).
    typing_path: bool,
}

impl KeyfileStep {
    pub fn downloaded(&self) -> bool {
        self.stage.file().is_some()
    }

    pub fn asks_to_replace(&self) -> bool {
        matches!(self.stage, Stage::ReplaceAsked { .. })
    }

    pub fn saved_to(&self) -> Option<&PathBuf> {
        self.stage.saved_to()
    }

    /// What the access code last tried did: nothing tried yet, opened the
    /// file (also once proven), or why it did not.
    pub fn check(&self) -> Option<Result<(), &KeyFileError>> {
        match self.stage.settled() {
            Stage::Saved {
                refused: Some(refused),
                ..
            } => Some(Err(refused)),
            Stage::Opened { .. } | Stage::Proven { .. } | Stage::Closed { opened: true, .. } => {
                Some(Ok(()))
            }
            _ => None,
        }
    }

    pub fn is_unlocked(&self) -> bool {
        matches!(self.stage.settled(), Stage::Opened { .. })
    }

    pub fn is_proven(&self) -> bool {
        matches!(self.stage.settled(), Stage::Proven { .. })
    }

    pub fn is_closed(&self) -> bool {
        matches!(self.stage, Stage::Closed { .. })
    }

    /// The save dialog is open: "Save key file" waits for it.
    pub fn dialog_open(&self) -> bool {
        self.dialog_open
    }

    /// The path field is out: before the first save, or asked for again.
    pub fn typing_path(&self) -> bool {
        self.typing_path || self.saved_to().is_none()
    }

    /// How far the file has come, as a step the screen shows: downloaded,
    /// replacing asked, saved, checked, proven, closed.
    pub fn progress(&self) -> [bool; 6] {
        self.stage.progress()
    }

    /// What Enter does at this stage; `code_typed`: the access-code field holds something.
    pub fn on_enter(&self, code_typed: bool) -> OnEnter {
        match self.stage.settled() {
            Stage::NotDownloaded => OnEnter::Download,
            Stage::Downloaded(_) => OnEnter::Step(Message::Save),
            // Enter with the field empty after the code opened the file: the
            // proof; once proven, there is nothing more to do here.
            Stage::Opened { .. } if !code_typed => OnEnter::Step(Message::Prove),
            Stage::Proven { .. } if !code_typed => OnEnter::Nothing,
            Stage::Saved { .. } | Stage::Opened { .. } | Stage::Proven { .. } => {
                OnEnter::Step(Message::CheckAccessCode)
            }
            // Once closed, Enter is the panel's own ("Start again"); a
            // question is never what is settled.
            Stage::ReplaceAsked { .. } | Stage::Closed { .. } => OnEnter::Nothing,
        }
    }

    /// A message that is the answer of a dialog or of the disk, not the user's own doing.
    pub fn is_from_the_user(message: &Message) -> bool {
        !matches!(message, Message::SavePathChosen(_) | Message::Saved(_))
    }

    /// The download answered. It is asked for only before there is a file.
    pub fn on_downloaded(&mut self, file: Arc<DownloadedKeyFile>) {
        if matches!(self.stage, Stage::NotDownloaded) {
            self.stage = Stage::Downloaded(file);
        }
    }

    /// Proven: the key has done its job and leaves memory.
    pub fn on_proven(&mut self, accepted: ProofAccepted) {
        self.stage = std::mem::take(&mut self.stage).proven(accepted);
    }

    /// The key the proof signs with, once the access code opened the file.
    pub fn key(&self) -> Option<Arc<KeyMaterial>> {
        match self.stage.settled() {
            Stage::Opened { key, .. } => Some(key.clone()),
            _ => None,
        }
    }

    pub fn update(&mut self, message: Message, cx: Context<'_>) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Save if self.dialog_open => (Task::none(), None),
            // No dialog opens here: the path field is the way to save, again
            // or elsewhere (also instead of replacing a file).
            Message::Save if !cx.picker.dialogs_work() => {
                self.put_away_the_question();
                self.typing_path = true;
                (Task::none(), Some(Event::NoPathChosen))
            }
            Message::Save => {
                self.dialog_open = true;
                let picker = cx.picker.clone();
                let name = file_name(cx.wmid);
                let ask = Task::perform(
                    async move { picker.save_path(&name, save::KEY_FILE_FILTER).await },
                    Message::SavePathChosen,
                );
                (ask, None)
            }
            // The system's save dialog has already asked before replacing a file.
            Message::SavePathChosen(Some(path)) => {
                self.dialog_open = false;
                self.put_away_the_question();
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
                    self.put_away_the_question();
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
            Message::ReplaceExisting => match std::mem::take(&mut self.stage) {
                Stage::ReplaceAsked { path, over } => {
                    self.stage = *over;
                    (self.save(path, Overwrite::Yes), None)
                }
                stage => {
                    self.stage = stage;
                    (Task::none(), None)
                }
            },
            Message::Saved(Ok(path)) => {
                self.typing_path = false;
                self.stage = std::mem::take(&mut self.stage).saved_at(path);
                (Task::none(), Some(Event::Saved))
            }
            Message::Saved(Err(SaveError::Exists { path })) => {
                self.stage = std::mem::take(&mut self.stage).asking_to_replace(path);
                (Task::none(), None)
            }
            Message::Saved(Err(error)) => (Task::none(), Some(Event::SaveFailed(error))),
            Message::CheckAccessCode => {
                // The panel knows the WMID by now: typed, or named by the download.
                if let (Some(file), Some(wmid)) = (self.stage.file(), cx.wmid) {
                    let opened = keyfile::open(&file.bytes, wmid, &SecretText::new(cx.access_code));
                    self.stage = std::mem::take(&mut self.stage).access_code_tried(opened);
                }
                (Task::none(), None)
            }
            Message::Prove => (Task::none(), self.is_unlocked().then_some(Event::Prove)),
            Message::Close => {
                self.stage = std::mem::take(&mut self.stage).closed();
                (Task::none(), Some(Event::Closed))
            }
        }
    }

    /// Saving elsewhere answers the replace question: it goes.
    fn put_away_the_question(&mut self) {
        self.stage = std::mem::take(&mut self.stage).without_question();
    }

    fn save(&self, path: PathBuf, overwrite: Overwrite) -> Task<Message> {
        let Some(file) = self.stage.file().cloned() else {
            return Task::none();
        };
        Task::perform(
            async move {
                let fallback = path.clone();
                blocking(move || {
                    Ok(save::save_keyfile(&path, &file.bytes, overwrite).map(|()| path))
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
    wmid.map_or_else(|| "keyfile.kwm".to_owned(), save::default_file_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file_dialog::{FixedPicker, TypedPaths};

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

    const CODE: &str = "open sesame";

    fn wmid() -> Wmid {
        "405002833238".parse().expect("a valid WMID")
    }

    /// A step whose file, saved at `path`, has been opened with `CODE`.
    fn opened_at(path: &str, picker: &Arc<dyn FilePicker>) -> KeyfileStep {
        let wmid = wmid();
        let mut step = KeyfileStep::default();
        step.on_downloaded(Arc::new(DownloadedKeyFile {
            bytes: zeroize::Zeroizing::new(crate::keyfile::KeyFile::issue(
                &wmid,
                &SecretText::new(CODE),
                &[3u8; 66],
                &[7u8; 66],
            )),
            sha256: String::new(),
            wmid: None,
        }));
        let _saved = step.update(Message::Saved(Ok(PathBuf::from(path))), cx(picker));
        let _checked = step.update(
            Message::CheckAccessCode,
            Context {
                wmid: Some(&wmid),
                access_code: CODE,
                ..cx(picker)
            },
        );
        assert!(step.is_unlocked(), "the access code opens the issued file");
        step
    }

    #[test]
    fn saving_again_elsewhere_keeps_what_the_access_code_opened() {
        let picker: Arc<dyn FilePicker> = Arc::new(FixedPicker::default());
        let mut step = opened_at("/first/405002833238.kwm", &picker);
        let _saved = step.update(
            Message::Saved(Ok(PathBuf::from("/second/405002833238.kwm"))),
            cx(&picker),
        );
        assert_eq!(
            step.saved_to(),
            Some(&PathBuf::from("/second/405002833238.kwm"))
        );
        assert!(step.is_unlocked());
        assert!(matches!(step.check(), Some(Ok(()))));
    }

    #[test]
    fn the_replace_question_stands_over_the_opened_file_and_goes_back_to_it() {
        let picker: Arc<dyn FilePicker> = Arc::new(TypedPaths);
        let mut step = opened_at("/first/405002833238.kwm", &picker);
        let _refused = step.update(
            Message::Saved(Err(SaveError::Exists {
                path: PathBuf::from("/second/405002833238.kwm"),
            })),
            cx(&picker),
        );
        assert!(step.asks_to_replace());
        assert_eq!(step.progress(), [true, true, true, true, false, false]);
        assert!(step.key().is_some(), "the question keeps the opened key");
        let _elsewhere = step.update(Message::Save, cx(&picker));
        assert!(!step.asks_to_replace());
        assert!(step.is_unlocked());
        assert_eq!(
            step.saved_to(),
            Some(&PathBuf::from("/first/405002833238.kwm"))
        );
    }

    #[test]
    fn a_code_tried_after_the_proof_starts_it_over() {
        let picker: Arc<dyn FilePicker> = Arc::new(FixedPicker::default());
        let mut step = opened_at("/first/405002833238.kwm", &picker);
        step.on_proven(ProofAccepted {
            wmid: "405002833238".to_owned(),
        });
        assert!(step.is_proven());
        assert!(step.key().is_none(), "the key leaves memory once proven");
        let wmid = wmid();
        let _checked = step.update(
            Message::CheckAccessCode,
            Context {
                wmid: Some(&wmid),
                access_code: "another code",
                ..cx(&picker)
            },
        );
        assert!(!step.is_proven());
        assert!(matches!(
            step.check(),
            Some(Err(KeyFileError::WrongAccessCode))
        ));
        assert!(matches!(
            step.on_enter(false),
            OnEnter::Step(Message::CheckAccessCode)
        ));
    }

    #[test]
    fn closing_lets_go_of_the_key_and_keeps_where_the_file_is() {
        let picker: Arc<dyn FilePicker> = Arc::new(FixedPicker::default());
        let mut step = opened_at("/first/405002833238.kwm", &picker);
        let key = step.key().expect("the opened key");
        let (_, event) = step.update(Message::Close, cx(&picker));
        assert!(matches!(event, Some(Event::Closed)));
        assert_eq!(Arc::strong_count(&key), 1, "the step still holds the key");
        assert!(step.is_closed());
        assert!(!step.downloaded());
        assert_eq!(
            step.saved_to(),
            Some(&PathBuf::from("/first/405002833238.kwm"))
        );
        assert!(matches!(step.check(), Some(Ok(()))));
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
