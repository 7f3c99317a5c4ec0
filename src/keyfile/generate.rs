//! Fresh RSA keys of the WinPro size, for the key files the mock issues.

use crypto_bigint::{BoxedUint, ConcatenatingMul, NonZero};
use crypto_primes::{Flavor, random_prime};
use rand_core::UnwrapErr;
use zeroize::Zeroizing;

use super::sign::PublicKey;
use super::{KeyMaterial, PART_LEN};

/// The usual RSA public exponent; the service keeps it with the modulus.
pub const PUBLIC_EXPONENT: u64 = 65_537;
/// The modulus fills its 66-byte field: 528 bits.
const MODULUS_BITS: u32 = (PART_LEN * 8) as u32;

/// A number as the key file holds it: little-endian, PART_LEN bytes.
fn field(number: &BoxedUint) -> Option<Zeroizing<Vec<u8>>> {
    let bytes = Zeroizing::new(number.to_le_bytes());
    let (kept, rest) = bytes.split_at_checked(PART_LEN)?;
    rest.iter()
        .all(|b| *b == 0)
        .then(|| Zeroizing::new(kept.to_vec()))
}

/// A new key pair: the private half as a key file holds it, and the public
/// half the service keeps. Random numbers come from the operating system;
/// it panics only if the OS cannot give any.
pub fn generate() -> (KeyMaterial, PublicKey) {
    let mut rng = UnwrapErr(getrandom::SysRng);
    loop {
        let p: Zeroizing<BoxedUint> =
            Zeroizing::new(random_prime(&mut rng, Flavor::Any, MODULUS_BITS / 2));
        let q: Zeroizing<BoxedUint> =
            Zeroizing::new(random_prime(&mut rng, Flavor::Any, MODULUS_BITS / 2));
        // Two primes of 264 bits give 527 or 528; keep the ones that fill the field.
        let n = p.concatenating_mul(&*q);
        if p == q || n.bit_width() != MODULUS_BITS {
            continue;
        }
        let one = BoxedUint::one_with_precision(p.bits_precision());
        let phi = p
            .wrapping_sub(&one)
            .concatenating_mul(&q.wrapping_sub(&one));
        let Some(phi) = NonZero::new(phi).into_option().map(Zeroizing::new) else {
            continue;
        };
        let Ok(e) = BoxedUint::from_le_slice(&PUBLIC_EXPONENT.to_le_bytes(), phi.bits_precision())
        else {
            continue;
        };
        let Some(d) = e.invert_mod(&phi).into_option() else {
            continue;
        };
        let d = Zeroizing::new(d);
        let (Some(exponent), Some(modulus)) = (field(&d), field(&n)) else {
            continue;
        };
        let Some(public) = PublicKey::new(&modulus, PUBLIC_EXPONENT) else {
            continue;
        };
        return (KeyMaterial { exponent, modulus }, public);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keyfile::{sign, verify};

    #[test]
    fn a_new_key_fills_the_field_and_its_signatures_verify() {
        let (key, public) = generate();
        assert_eq!(public.modulus_bits(), 528);
        assert_eq!(key.modulus.len(), PART_LEN);
        let signature = sign(&key, b"challenge", &[7; 40]).expect("signs");
        assert!(verify(&public, b"challenge", &signature));
        assert!(!verify(&public, b"another challenge", &signature));
        let (_, other) = generate();
        assert!(!verify(&other, b"challenge", &signature));
    }
}
