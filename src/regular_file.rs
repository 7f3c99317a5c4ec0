//! Reading a small file the app or the command line was pointed at, safely
//! whatever is really there: a device (`/dev/zero` never ends), a named pipe
//! (opening one waits for a writer for ever), a folder, or a file far larger
//! than what it should be. Only a regular file is read, and never beyond a bound.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// As the OS said (missing, no permission...).
    #[error("{0}")]
    Io(#[from] io::Error),
    /// A folder, device, pipe or socket: `what` names it ("a folder").
    #[error("it is {what}, not a regular file")]
    NotRegular { what: &'static str },
    /// More than `limit` bytes; `size` as the file system gives it.
    #[error("it is {size} bytes, more than the {limit} expected")]
    TooLarge { size: u64, limit: u64 },
}

impl ReadError {
    /// There is no such file (nothing was saved yet).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(error) if error.kind() == io::ErrorKind::NotFound)
    }
}

/// Reads `path` whole, if it is a regular file of at most `limit` bytes.
/// Blocking: call it off the UI thread.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    // `stat` never waits, even on a pipe: refuse before opening.
    check_kind(&fs::metadata(path)?)?;
    let file = open_without_waiting(path)?;
    // What was opened, in case the path was replaced meanwhile.
    let opened = file.metadata()?;
    check_kind(&opened)?;
    if opened.len() > limit {
        return Err(ReadError::TooLarge {
            size: opened.len(),
            limit,
        });
    }
    // Sized once, so a secret read here is never copied by a growing buffer.
    let capacity = usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(capacity.min(1 << 20));
    // The file may grow after the size was read: never more than the bound.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limit {
        return Err(ReadError::TooLarge { size: read, limit });
    }
    Ok(bytes)
}

fn check_kind(metadata: &fs::Metadata) -> Result<(), ReadError> {
    if metadata.is_file() {
        return Ok(());
    }
    let what = if metadata.is_dir() {
        "a folder"
    } else {
        special_kind(&metadata.file_type())
    };
    Err(ReadError::NotRegular { what })
}

#[cfg(unix)]
fn special_kind(kind: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "something else"
    }
}

#[cfg(not(unix))]
fn special_kind(_kind: &fs::FileType) -> &'static str {
    "a device or something else"
}

/// Opening a named pipe for reading waits for a writer; without waiting, a
/// pipe put in place after the check opens at once and is refused.
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> io::Result<fs::File> {
    fs::File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_file_is_read_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("f");
        fs::write(&path, b"hello").expect("written");
        assert_eq!(read(&path, 5).expect("read"), b"hello");
        assert!(matches!(
            read(&path, 4),
            Err(ReadError::TooLarge { size: 5, limit: 4 })
        ));
        assert!(read(&dir.path().join("absent"), 5).is_err_and(|e| e.is_not_found()));
        assert!(matches!(
            read(dir.path(), 5),
            Err(ReadError::NotRegular { what: "a folder" })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_before_a_byte_is_read() {
        for device in ["/dev/zero", "/dev/urandom"] {
            assert!(
                matches!(
                    read(Path::new(device), 164),
                    Err(ReadError::NotRegular { what: "a device" })
                ),
                "{device}"
            );
        }
    }
}
