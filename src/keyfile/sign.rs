//! WMSigner signatures, as WM Keeper WinPro makes them with a key file.
//!
//! What is signed is the data's MD4 digest and 40 random bytes, prefixed with
//! their length (u16, 56): 58 bytes read as a little-endian number m. The
//! signature is s = m^d mod n, written as 132 hex digits whose groups of four
//! are put in reverse order. The verifier needs the public exponent, which the
//! key file does not hold: the service keeps it.

use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, Odd};
use md4::{Digest, Md4};
use zeroize::Zeroizing;

use super::{KeyFileError, KeyMaterial, PART_LEN};

/// Random bytes appended to the digest before signing.
pub const RANDOM_LEN: usize = 40;
const DIGEST_LEN: usize = 16;
/// The signed number: its own length (u16), the digest and the random bytes.
const BASE_LEN: usize = 2 + DIGEST_LEN + RANDOM_LEN;
pub const SIGNATURE_HEX_LEN: usize = 2 * PART_LEN;
/// Every number is held at the width of the widest modulus a key file holds,
/// so the private-key operation takes the same time for every key.
const PRECISION: u32 = (PART_LEN * 8) as u32;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error(
        "a signature is {SIGNATURE_HEX_LEN} hexadecimal digits; this is {found} characters long or not hexadecimal"
    )]
    Malformed { found: usize },
}

/// A WMSigner signature: 132 lowercase hex digits, in groups of four from the
/// least significant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(String);

impl Signature {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn from_number(s: &BoxedUint) -> Signature {
        let big_endian = s.to_be_bytes();
        let digits = hex::encode(&big_endian[big_endian.len() - PART_LEN..]);
        Signature(reverse_groups(&digits))
    }

    fn number(&self) -> Option<BoxedUint> {
        let bytes = hex::decode(reverse_groups(&self.0)).ok()?;
        BoxedUint::from_be_slice(&bytes, PRECISION).ok()
    }
}

impl std::fmt::Display for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Signature {
    type Err = SignatureError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.len() != SIGNATURE_HEX_LEN || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(SignatureError::Malformed {
                found: text.chars().count(),
            });
        }
        Ok(Signature(text.to_ascii_lowercase()))
    }
}

/// Puts groups of four hex digits in reverse order (its own inverse).
fn reverse_groups(digits: &str) -> String {
    digits
        .as_bytes()
        .chunks(4)
        .rev()
        .flat_map(|group| group.iter().map(|b| char::from(*b)))
        .collect()
}

fn signed_base(data: &[u8], random: &[u8; RANDOM_LEN]) -> Zeroizing<[u8; BASE_LEN]> {
    let mut base = Zeroizing::new([0u8; BASE_LEN]);
    base[..2].copy_from_slice(&((DIGEST_LEN + RANDOM_LEN) as u16).to_le_bytes());
    base[2..2 + DIGEST_LEN].copy_from_slice(&Md4::digest(data));
    base[2 + DIGEST_LEN..].copy_from_slice(random);
    base
}

/// The modulus, if it can sign: odd, and larger than any signed number.
fn modulus(le_bytes: &[u8]) -> Option<Odd<BoxedUint>> {
    let n = BoxedUint::from_le_slice(le_bytes, PRECISION).ok()?;
    if n.bit_width() <= (BASE_LEN * 8) as u32 {
        return None;
    }
    Odd::new(n).into_option()
}

pub(super) fn can_sign(key: &KeyMaterial) -> bool {
    modulus(&key.modulus).is_some() && key.exponent.iter().any(|b| *b != 0)
}

/// Signs `data` with a decoded key and 40 random bytes (from [`os_random`] in
/// real use). The same inputs always give the same signature.
pub fn sign(
    key: &KeyMaterial,
    data: &[u8],
    random: &[u8; RANDOM_LEN],
) -> Result<Signature, KeyFileError> {
    let n = modulus(&key.modulus).ok_or(KeyFileError::MalformedKey)?;
    let d = Zeroizing::new(
        BoxedUint::from_le_slice(&key.exponent, PRECISION)
            .map_err(|_| KeyFileError::MalformedKey)?,
    );
    let m = Zeroizing::new(
        BoxedUint::from_le_slice(&signed_base(data, random)[..], PRECISION)
            .map_err(|_| KeyFileError::MalformedKey)?,
    );
    Ok(Signature::from_number(&m.pow_mod(&d, &n)))
}

/// 40 random bytes from the operating system, for one signature.
pub fn os_random() -> Result<Zeroizing<[u8; RANDOM_LEN]>, getrandom::Error> {
    let mut random = Zeroizing::new([0u8; RANDOM_LEN]);
    getrandom::fill(&mut random[..])?;
    Ok(random)
}

/// What the service keeps of a key: the modulus and the public exponent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    modulus: Odd<BoxedUint>,
    exponent: BoxedUint,
}

impl PublicKey {
    /// A public key from the modulus as a key file holds it (little-endian, at
    /// most 66 bytes) and the public exponent; `None` if it cannot verify.
    pub fn new(modulus_le: &[u8], exponent: u64) -> Option<PublicKey> {
        Some(PublicKey {
            modulus: modulus(modulus_le)?,
            exponent: BoxedUint::from_le_slice(&exponent.to_le_bytes(), PRECISION).ok()?,
        })
    }

    pub fn modulus_bits(&self) -> u32 {
        self.modulus.as_ref().bit_width()
    }
}

/// True when `signature` is a signature of `data` by the private half of `public`.
pub fn verify(public: &PublicKey, data: &[u8], signature: &Signature) -> bool {
    let Some(s) = signature.number() else {
        return false;
    };
    if s >= *public.modulus.as_ref() {
        return false;
    }
    // Everything here is public, so the exponentiation may take time by the
    // exponent's length (17 bits) rather than the full width, as signing does.
    let params = BoxedMontyParams::new_vartime(public.modulus.clone());
    let m = BoxedMontyForm::new(s, &params)
        .pow_bounded_exp(&public.exponent, public.exponent.bit_width())
        .retrieve()
        .to_le_bytes();
    let expected_len = ((DIGEST_LEN + RANDOM_LEN) as u16).to_le_bytes();
    m[..2] == expected_len
        && m[2..2 + DIGEST_LEN] == Md4::digest(data)[..]
        && m[BASE_LEN..].iter().all(|b| *b == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_parse_only_as_132_hex_digits() {
        let digits = "0123456789abcdef".repeat(9);
        assert!(digits[..132].parse::<Signature>().is_ok());
        assert_eq!(
            digits[..131].parse::<Signature>(),
            Err(SignatureError::Malformed { found: 131 })
        );
        let mut not_hex = digits[..132].to_owned();
        not_hex.replace_range(0..1, "g");
        assert!(not_hex.parse::<Signature>().is_err());
        assert_eq!(
            digits[..132]
                .to_uppercase()
                .parse::<Signature>()
                .map(|s| s.0),
            Ok(digits[..132].to_owned()),
        );
    }

    #[test]
    fn reversing_groups_twice_gives_the_digits_back() {
        let digits = "00010002fffe";
        assert_eq!(reverse_groups(digits), "fffe00020001");
        assert_eq!(reverse_groups(&reverse_groups(digits)), digits);
    }
}
