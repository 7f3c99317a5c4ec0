use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::{Field, InputError};

pub(crate) const CODE_LEN: usize = 6;
pub(crate) const PASSWORD_MIN: usize = 8;
pub(crate) const PASSWORD_MAX: usize = 64;
const TEXT_MAX: usize = 200;

/// Text that must never reach a log, a file or a panic message.
///
/// It serializes as its content (it has to cross the wire), but `Debug`
/// shows only `[redacted]`, and the memory is wiped on drop.
#[derive(Clone)]
pub struct SecretText(SecretString);

impl SecretText {
    pub fn new(text: impl Into<String>) -> Self {
        SecretText(SecretString::from(text.into()))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// Equality that takes the same time wherever the first difference is.
    pub fn matches(&self, other: &str) -> bool {
        let a = self.expose().as_bytes();
        let b = other.as_bytes();
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Serialize for SecretText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

impl<'de> Deserialize<'de> for SecretText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(SecretText::new)
    }
}

impl From<&str> for SecretText {
    fn from(value: &str) -> Self {
        SecretText::new(value)
    }
}

/// A one-time code as sent by SMS, email, E-NUM or the Keeper: six digits.
#[derive(Clone, Debug)]
pub struct Code(SecretText);

impl Code {
    pub fn parse(input: &str) -> Result<Self, InputError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() {
            return Err(InputError::Empty(Field::Code));
        }
        if digits.len() == CODE_LEN && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Code(SecretText::new(digits)))
        } else {
            Err(InputError::Code)
        }
    }

    pub fn secret(&self) -> &SecretText {
        &self.0
    }
}

/// A new Keeper login password.
#[derive(Clone, Debug)]
pub struct Password(SecretText);

impl Password {
    pub fn parse(input: &str) -> Result<Self, InputError> {
        if input.is_empty() {
            return Err(InputError::Empty(Field::Password));
        }
        let len = input.chars().count();
        let has_letter = input.chars().any(char::is_alphabetic);
        let has_digit = input.chars().any(|c| c.is_ascii_digit());
        if (PASSWORD_MIN..=PASSWORD_MAX).contains(&len) && has_letter && has_digit {
            Ok(Password(SecretText::new(input)))
        } else {
            Err(InputError::Password)
        }
    }

    pub fn secret(&self) -> &SecretText {
        &self.0
    }
}

/// Checks a free-text answer or question: present and not too long.
pub fn check_text(field: Field, input: &str) -> Result<(), InputError> {
    if input.trim().is_empty() {
        Err(InputError::Empty(field))
    } else if input.chars().count() > TEXT_MAX {
        Err(InputError::TooLong {
            field,
            max: TEXT_MAX,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_six_digits_and_never_debug_printed() {
        let code = Code::parse(" 123 456 ").expect("valid code");
        assert_eq!(code.secret().expose(), "123456");
        assert_eq!(format!("{code:?}"), "Code([redacted])");
        assert_eq!(Code::parse("12345").unwrap_err(), InputError::Code);
        assert_eq!(Code::parse("").unwrap_err(), InputError::Empty(Field::Code));
    }

    #[test]
    fn password_needs_letters_digits_and_length() {
        assert!(Password::parse("correct9horse").is_ok());
        assert_eq!(Password::parse("short1").unwrap_err(), InputError::Password);
        assert_eq!(
            Password::parse("lettersonly").unwrap_err(),
            InputError::Password
        );
    }

    #[test]
    fn secret_matches_compares_whole_value() {
        let secret = SecretText::new("123456");
        assert!(secret.matches("123456"));
        assert!(!secret.matches("123457"));
        assert!(!secret.matches("12345"));
    }

    #[test]
    fn free_text_limits() {
        assert_eq!(
            check_text(Field::Answer, " "),
            Err(InputError::Empty(Field::Answer))
        );
        assert!(check_text(Field::Answer, "Hanoi").is_ok());
        assert!(matches!(
            check_text(Field::Question, &"x".repeat(201)),
            Err(InputError::TooLong { .. })
        ));
    }
}
