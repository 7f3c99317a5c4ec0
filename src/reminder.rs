//! A calendar reminder for a long wait (a document review, a security
//! period): an iCalendar event at the moment the wait ends, in the user's
//! words, naming the recovery by its reference. No code, password, token or
//! identifier goes into it: the file may be synced to a calendar service.

use std::path::{Path, PathBuf};

use icalendar::{Calendar, Component, Event, EventLike};
use time::OffsetDateTime;

/// A wait this long or longer offers a reminder: shorter ones end while the
/// app is still open.
pub const REMINDER_FROM: time::Duration = time::Duration::hours(1);

/// The "iCalendar" filter of the save dialog.
pub const ICS_FILTER: (&str, &[&str]) = ("iCalendar (*.ics)", &["ics"]);

/// What the event says, already in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// The recovery's reference (KR-…), to quote to support; also the event's id.
    pub reference: String,
    pub title: String,
    pub description: String,
    /// When the wait ends, on this computer's clock.
    pub at: OffsetDateTime,
}

impl Reminder {
    /// "keeper-recovery-KR-Z2HC-Q86V.ics"
    pub fn file_name(&self) -> String {
        format!("keeper-recovery-{}.ics", self.reference)
    }

    /// Where it goes when no dialog can ask: the Downloads folder (else the
    /// home folder), under a name not taken there, so no file is replaced.
    pub fn path_without_dialog(&self) -> Option<PathBuf> {
        let folder = crate::keyfile::save::downloads_folder()?;
        Some(self.unused_name_in(&folder))
    }

    /// The first of `keeper-recovery-KR-….ics`, `…-2.ics`, `…-3.ics` not
    /// taken in `folder` (if all are, the save refuses and says so).
    fn unused_name_in(&self, folder: &Path) -> PathBuf {
        let first = folder.join(self.file_name());
        if !first.exists() {
            return first;
        }
        (2..100)
            .map(|n| folder.join(format!("keeper-recovery-{}-{n}.ics", self.reference)))
            .find(|path| !path.exists())
            .unwrap_or(first)
    }

    /// The iCalendar text: one event of 15 minutes starting when the wait ends.
    pub fn to_ics(&self) -> String {
        let event = Event::new()
            .uid(&format!("{}@keeper-recovery", self.reference))
            .summary(&self.title)
            .description(&self.description)
            .starts(self.at)
            .ends(self.at + time::Duration::minutes(15))
            .done();
        Calendar::new().push(event).done().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_is_at_the_end_of_the_wait_and_names_the_reference() {
        let reminder = Reminder {
            reference: "KR-Z2HC-Q86V".into(),
            title: "Keeper Recovery: Thay đổi số điện thoại".into(),
            description: "Yêu cầu KR-Z2HC-Q86V có thể tiếp tục.".into(),
            at: time::macros::datetime!(2026-12-09 14:30 +07:00),
        };
        let ics = reminder.to_ics();
        assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
        assert!(ics.contains("DTSTART:20261209T073000Z"), "{ics}");
        assert!(ics.contains("DTEND:20261209T074500Z"), "{ics}");
        assert!(ics.contains("UID:KR-Z2HC-Q86V@keeper-recovery"), "{ics}");
        assert!(ics.contains("Thay đổi số điện thoại"), "{ics}");
        assert_eq!(reminder.file_name(), "keeper-recovery-KR-Z2HC-Q86V.ics");
    }

    #[test]
    fn without_a_dialog_a_name_not_taken_is_used() {
        let folder = tempfile::tempdir().expect("temp dir");
        let reminder = Reminder {
            reference: "KR-Z2HC-Q86V".into(),
            title: String::new(),
            description: String::new(),
            at: OffsetDateTime::UNIX_EPOCH,
        };
        let first = reminder.unused_name_in(folder.path());
        assert_eq!(
            first,
            folder.path().join("keeper-recovery-KR-Z2HC-Q86V.ics")
        );
        std::fs::write(&first, "an earlier reminder").expect("written");
        assert_eq!(
            reminder.unused_name_in(folder.path()),
            folder.path().join("keeper-recovery-KR-Z2HC-Q86V-2.ics")
        );
    }
}
