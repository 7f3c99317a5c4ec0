//! WM Keeper WinPro key files (`.kwm`): read, check against a WMID and access
//! code, and write.
//!
//! The layout (164 bytes, little-endian): u16 reserved, u16 sign flag, 16-byte
//! MD4 digest, u32 body length (140), 140-byte body. From its byte 6 on the body
//! is XORed with MD4(WMID ‖ access code). Decoded, MD4 over the header (with the
//! digest zeroed) and the body equals the stored digest exactly when the WMID
//! and access code are right, so the check runs locally and the code never
//! leaves the machine.
//!
//! The decoded body holds the private key: u32 reserved, u16 length and the
//! private exponent, u16 length and the modulus (little-endian numbers).
//! `sign` makes WMSigner-compatible signatures with it; `generate` makes a
//! fresh key of the same size, for the mock.

pub mod cli;
mod generate;
pub mod save;
mod sign;

pub use generate::{PUBLIC_EXPONENT, generate};
pub use sign::{
    PublicKey, RANDOM_LEN, SIGNATURE_HEX_LEN, Signature, SignatureError, os_random, sign, verify,
};

use md4::{Digest, Md4};
use zeroize::{Zeroize, Zeroizing};

use crate::domain::{SecretText, Wmid};

pub const KEYFILE_LEN: usize = 164;
const HEADER_LEN: usize = 24;
pub const BODY_LEN: usize = 140;
const ENCRYPTED_FROM: usize = 6;
/// The width of the exponent and the modulus in a WinPro key file: 528 bits at most.
pub const PART_LEN: usize = 66;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileError {
    #[error(
        "a key file is {KEYFILE_LEN} bytes; this one is {found} bytes (truncated or not a key file)"
    )]
    WrongSize { found: usize },
    #[error(
        "the key file's header gives a body of {found} bytes instead of {BODY_LEN}: the file is damaged"
    )]
    BadBodyLength { found: u32 },
    #[error("this access code does not open the key file for this WMID (or the file is damaged)")]
    WrongAccessCode,
    #[error(
        "the key file opens but gives its {part} a length of {found} bytes, where 1 to {PART_LEN} fit: the file is damaged"
    )]
    ImpossibleLength { part: KeyPart, found: u16 },
    #[error("the key file opens but its key is malformed: the file is damaged")]
    MalformedKey,
}

/// The two numbers of the key, to name the one at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPart {
    Exponent,
    Modulus,
}

impl std::fmt::Display for KeyPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            KeyPart::Exponent => "exponent",
            KeyPart::Modulus => "modulus",
        })
    }
}

/// The key inside a key file (private exponent and modulus, little-endian),
/// wiped from memory when dropped.
pub struct KeyMaterial {
    pub exponent: Zeroizing<Vec<u8>>,
    pub modulus: Zeroizing<Vec<u8>>,
}

impl KeyMaterial {
    /// Reads the key from a decoded body. The lengths come from the file, so
    /// each is checked against the room the body has before it is used, and
    /// the key must be one that can sign: a non-zero exponent and an odd
    /// modulus longer than what is signed.
    pub fn from_decoded_body(body: &[u8]) -> Result<KeyMaterial, KeyFileError> {
        if body.len() != BODY_LEN {
            return Err(KeyFileError::BadBodyLength {
                found: u32::try_from(body.len()).unwrap_or(u32::MAX),
            });
        }
        let part = |at: usize, part: KeyPart| -> Result<&[u8], KeyFileError> {
            let found = u16_at(body, at);
            let len = usize::from(found);
            // With both parts at most PART_LEN, they always fit the body.
            if len == 0 || len > PART_LEN {
                return Err(KeyFileError::ImpossibleLength { part, found });
            }
            Ok(&body[at + 2..at + 2 + len])
        };
        let exponent = part(4, KeyPart::Exponent)?;
        let modulus = part(6 + exponent.len(), KeyPart::Modulus)?;
        let key = KeyMaterial {
            exponent: Zeroizing::new(exponent.to_vec()),
            modulus: Zeroizing::new(modulus.to_vec()),
        };
        if !sign::can_sign(&key) {
            return Err(KeyFileError::MalformedKey);
        }
        Ok(key)
    }
}

impl std::fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyMaterial([redacted])")
    }
}

/// A key file as read from disk, still encoded.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyFile {
    reserved: u16,
    sign_flag: u16,
    digest: [u8; 16],
    body: [u8; BODY_LEN],
}

impl std::fmt::Debug for KeyFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyFile")
            .field("sign_flag", &self.sign_flag)
            .finish_non_exhaustive()
    }
}

fn xor_key(wmid: &Wmid, access_code: &SecretText) -> Zeroizing<[u8; 16]> {
    let mut hasher = Md4::new();
    hasher.update(wmid.as_str().as_bytes());
    hasher.update(access_code.expose().as_bytes());
    Zeroizing::new(hasher.finalize().into())
}

fn apply_xor(body: &mut [u8; BODY_LEN], key: &[u8; 16]) {
    for (i, byte) in body[ENCRYPTED_FROM..].iter_mut().enumerate() {
        *byte ^= key[i % key.len()];
    }
}

fn digest_of(reserved: u16, decoded_body: &[u8; BODY_LEN]) -> [u8; 16] {
    let mut hasher = Md4::new();
    hasher.update(reserved.to_le_bytes());
    hasher.update(0u16.to_le_bytes());
    hasher.update([0u8; 16]);
    hasher.update((BODY_LEN as u32).to_le_bytes());
    hasher.update(decoded_body);
    hasher.finalize().into()
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

impl KeyFile {
    pub fn parse(bytes: &[u8]) -> Result<Self, KeyFileError> {
        if bytes.len() != KEYFILE_LEN {
            return Err(KeyFileError::WrongSize { found: bytes.len() });
        }
        let body_len = u32::from_le_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
        if body_len as usize != BODY_LEN {
            return Err(KeyFileError::BadBodyLength { found: body_len });
        }
        let mut digest = [0u8; 16];
        digest.copy_from_slice(&bytes[4..20]);
        let mut body = [0u8; BODY_LEN];
        body.copy_from_slice(&bytes[HEADER_LEN..]);
        Ok(KeyFile {
            reserved: u16_at(bytes, 0),
            sign_flag: u16_at(bytes, 2),
            digest,
            body,
        })
    }

    /// Decodes the key with the WMID and access code; fails unless both are right.
    pub fn unlock(
        &self,
        wmid: &Wmid,
        access_code: &SecretText,
    ) -> Result<KeyMaterial, KeyFileError> {
        let mut decoded = Zeroizing::new(self.body);
        apply_xor(&mut decoded, &xor_key(wmid, access_code));
        if digest_of(self.reserved, &decoded) != self.digest {
            return Err(KeyFileError::WrongAccessCode);
        }
        KeyMaterial::from_decoded_body(&decoded[..])
    }

    /// Encodes a key for a WMID under an access code, as the Keeper writes it.
    pub fn issue(
        wmid: &Wmid,
        access_code: &SecretText,
        exponent: &[u8; PART_LEN],
        modulus: &[u8; PART_LEN],
    ) -> Vec<u8> {
        const RESERVED: u16 = 0x81;
        const SIGN_FLAG: u16 = 1;
        let mut body = Zeroizing::new([0u8; BODY_LEN]);
        body[4..6].copy_from_slice(&(PART_LEN as u16).to_le_bytes());
        body[6..6 + PART_LEN].copy_from_slice(exponent);
        body[6 + PART_LEN..8 + PART_LEN].copy_from_slice(&(PART_LEN as u16).to_le_bytes());
        body[8 + PART_LEN..].copy_from_slice(modulus);
        let digest = digest_of(RESERVED, &body);
        apply_xor(&mut body, &xor_key(wmid, access_code));

        let mut out = Vec::with_capacity(KEYFILE_LEN);
        out.extend_from_slice(&RESERVED.to_le_bytes());
        out.extend_from_slice(&SIGN_FLAG.to_le_bytes());
        out.extend_from_slice(&digest);
        out.extend_from_slice(&(BODY_LEN as u32).to_le_bytes());
        out.extend_from_slice(&body[..]);
        out
    }
}

impl Drop for KeyFile {
    fn drop(&mut self) {
        self.body.zeroize();
    }
}

/// Why a key file on disk was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadFileError {
    #[error("cannot read {}: {source}", .path.display())]
    Unreadable {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// A device, a pipe or a folder: reading it could wait or grow for ever.
    #[error("cannot read {}: it is {what}, not a key file (a regular file of {KEYFILE_LEN} bytes)", .path.display())]
    NotAFile {
        path: std::path::PathBuf,
        what: &'static str,
    },
    /// Larger than a key file: refused by its size, not read whole.
    #[error("{}: {source}", .path.display())]
    TooLarge {
        path: std::path::PathBuf,
        source: KeyFileError,
    },
}

/// A key file's bytes from disk: only a regular file, and never more than a
/// key file's size is read (a 100 MB file is refused by its size). Blocking.
pub fn read_file(path: &std::path::Path) -> Result<Zeroizing<Vec<u8>>, ReadFileError> {
    use crate::regular_file::{self, ReadError};
    match regular_file::read(path, KEYFILE_LEN as u64) {
        Ok(bytes) => Ok(Zeroizing::new(bytes)),
        Err(ReadError::Io(source)) => Err(ReadFileError::Unreadable {
            path: path.to_path_buf(),
            source,
        }),
        Err(ReadError::NotRegular { what }) => Err(ReadFileError::NotAFile {
            path: path.to_path_buf(),
            what,
        }),
        Err(ReadError::TooLarge { size, .. }) => Err(ReadFileError::TooLarge {
            path: path.to_path_buf(),
            source: KeyFileError::WrongSize {
                found: usize::try_from(size).unwrap_or(usize::MAX),
            },
        }),
    }
}

/// Parses and checks in one call: what the app does after saving a restored file.
pub fn check(bytes: &[u8], wmid: &Wmid, access_code: &SecretText) -> Result<(), KeyFileError> {
    open(bytes, wmid, access_code).map(drop)
}

/// Parses and unlocks in one call, for signing.
pub fn open(
    bytes: &[u8],
    wmid: &Wmid,
    access_code: &SecretText,
) -> Result<KeyMaterial, KeyFileError> {
    KeyFile::parse(bytes)?.unlock(wmid, access_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wmid() -> Wmid {
        "405002833238".parse().expect("valid wmid")
    }

    #[test]
    fn issued_file_round_trips_and_rejects_other_codes() {
        let code = SecretText::new("open sesame");
        let bytes = KeyFile::issue(&wmid(), &code, &[3u8; 66], &[7u8; 66]);
        assert_eq!(bytes.len(), KEYFILE_LEN);
        let key = KeyFile::parse(&bytes)
            .and_then(|file| file.unlock(&wmid(), &code))
            .expect("opens with its own code");
        assert_eq!(key.modulus.as_slice(), &[7u8; 66]);
        assert_eq!(
            check(&bytes, &wmid(), &SecretText::new("open sesamE")),
            Err(KeyFileError::WrongAccessCode)
        );
    }

    #[test]
    fn wrong_size_and_bad_length_are_named() {
        assert_eq!(
            KeyFile::parse(&[0u8; 100]).err(),
            Some(KeyFileError::WrongSize { found: 100 })
        );
        let mut bytes = KeyFile::issue(&wmid(), &SecretText::new("x"), &[1; 66], &[2; 66]);
        bytes[20] = 139;
        assert_eq!(
            KeyFile::parse(&bytes).err(),
            Some(KeyFileError::BadBodyLength { found: 139 })
        );
    }
}
