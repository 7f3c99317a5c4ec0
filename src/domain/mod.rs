//! What users type, as types that can only hold valid values.
//!
//! Each parser names the field and what it expects, so the UI can put the
//! message under the right input and the mock can answer `invalid_identifier`.

mod identifier;
mod secret;

pub use identifier::{Email, Identifier, IdentifierKind, Phone, Purse, Wmid};
pub use secret::{Code, Password, SecretText, check_text};

/// Which input a validation error belongs to.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Field {
    Identifier,
    Wmid,
    Purse,
    Phone,
    Email,
    Code,
    Password,
    Answer,
    Question,
    Document,
    /// Where a code is sent.
    Channel,
    /// How a change is confirmed.
    Method,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A value the user typed that is not what the field expects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("{}: this field is required", .0.as_str())]
    Empty(Field),
    #[error("wmid: a WMID is exactly 12 digits, e.g. 405002833238")]
    Wmid,
    #[error("purse: a purse is a currency letter and 12 digits, e.g. Z238479008342")]
    Purse,
    #[error("phone: give the number in international format, e.g. +84 912 345 678")]
    Phone,
    #[error("email: this is not an email address, e.g. name@example.com")]
    Email,
    #[error(
        "identifier: give a WMID (12 digits), a purse, a phone in international format or an email address"
    )]
    Identifier,
    #[error("code: the code is {len} digits", len = secret::CODE_LEN)]
    Code,
    #[error("password: use {min} to {max} characters, with letters and digits", min = secret::PASSWORD_MIN, max = secret::PASSWORD_MAX)]
    Password,
    #[error("{}: use at most {max} characters", .field.as_str())]
    TooLong { field: Field, max: usize },
}

impl InputError {
    /// The input this error should be shown under.
    pub fn field(&self) -> Field {
        match self {
            InputError::Empty(field) | InputError::TooLong { field, .. } => *field,
            InputError::Wmid => Field::Wmid,
            InputError::Purse => Field::Purse,
            InputError::Phone => Field::Phone,
            InputError::Email => Field::Email,
            InputError::Identifier => Field::Identifier,
            InputError::Code => Field::Code,
            InputError::Password => Field::Password,
        }
    }
}
