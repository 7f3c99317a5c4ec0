use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{Field, InputError};

/// Digits a user may type between groups; they carry no meaning.
fn strip_separators(input: &str) -> String {
    input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{a0}'))
        .collect()
}

/// A WebMoney identifier: exactly 12 decimal digits. Not secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Wmid(String);

impl Wmid {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Wmid {
    type Err = InputError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let digits = strip_separators(input.trim());
        if digits.is_empty() {
            return Err(InputError::Empty(Field::Wmid));
        }
        if digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Wmid(digits))
        } else {
            Err(InputError::Wmid)
        }
    }
}

/// A purse: a currency letter and 12 digits, e.g. `Z238479008342`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Purse(String);

impl Purse {
    /// Currency letters in use, including loans (D, C) and older ones (R, U, V).
    pub const LETTERS: &'static str = "ZEKBGXHLFTYDCRUV";

    pub fn letter(&self) -> char {
        self.0.chars().next().unwrap_or('Z')
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Purse {
    type Err = InputError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let compact = strip_separators(input.trim()).to_ascii_uppercase();
        if compact.is_empty() {
            return Err(InputError::Empty(Field::Purse));
        }
        let mut chars = compact.chars();
        let letter_ok = chars.next().is_some_and(|c| Purse::LETTERS.contains(c));
        let digits = chars.as_str();
        if letter_ok && digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Purse(compact))
        } else {
            Err(InputError::Purse)
        }
    }
}

/// A phone number in E.164 form, e.g. `+84912345678`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country code and the last two digits, the rest hidden: `+84 *** *** *78`.
    pub fn masked(&self) -> String {
        let parsed = phonenumber::parse(None, &self.0).ok();
        let country = parsed.map(|p| p.code().value()).unwrap_or(0);
        let tail: String = self
            .0
            .chars()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("+{country} *** *** *{tail}")
    }
}

impl FromStr for Phone {
    type Err = InputError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(InputError::Empty(Field::Phone));
        }
        // Without a leading + the country is unknown; the page asks for international format.
        let compact = strip_separators(trimmed);
        let international = if let Some(rest) = compact.strip_prefix("00") {
            format!("+{rest}")
        } else {
            compact
        };
        if !international.starts_with('+') {
            return Err(InputError::Phone);
        }
        let number = phonenumber::parse(None, &international).map_err(|_| InputError::Phone)?;
        if !phonenumber::is_valid(&number) {
            return Err(InputError::Phone);
        }
        Ok(Phone(
            number.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }
}

/// An email address, kept as typed but compared without regard to case.
#[derive(Debug, Clone, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }

    /// First letter of the name and of the domain: `j***@e***.com`.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.split_once('@').unwrap_or((&self.0, ""));
        let (host, tld) = domain.rsplit_once('.').unwrap_or((domain, ""));
        let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
        format!("{}***@{}***.{}", first(local), first(host), tld)
    }
}

impl PartialEq for Email {
    fn eq(&self, other: &Self) -> bool {
        self.normalized() == other.normalized()
    }
}

impl std::hash::Hash for Email {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.normalized().hash(state);
    }
}

impl FromStr for Email {
    type Err = InputError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(InputError::Empty(Field::Email));
        }
        // A bare address only: no display names, and a dot in the domain as every real one has.
        let has_dotted_domain = trimmed
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain.contains('.') && !domain.ends_with('.'));
        if !has_dotted_domain || trimmed.contains(['<', '>', ' ']) {
            return Err(InputError::Email);
        }
        email_address::EmailAddress::from_str(trimmed).map_err(|_| InputError::Email)?;
        Ok(Email(trimmed.to_owned()))
    }
}

macro_rules! string_newtype_conversions {
    ($($ty:ident),*) => {$(
        impl TryFrom<String> for $ty {
            type Error = InputError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                value.parse()
            }
        }
        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.0
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}
string_newtype_conversions!(Wmid, Purse, Phone, Email);

/// How a user names the account whose access is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    Wmid,
    Purse,
    Phone,
    Email,
}

/// Any one of the things that identify an account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identifier {
    Wmid(Wmid),
    Purse(Purse),
    Phone(Phone),
    Email(Email),
}

impl Identifier {
    pub fn kind(&self) -> IdentifierKind {
        match self {
            Identifier::Wmid(_) => IdentifierKind::Wmid,
            Identifier::Purse(_) => IdentifierKind::Purse,
            Identifier::Phone(_) => IdentifierKind::Phone,
            Identifier::Email(_) => IdentifierKind::Email,
        }
    }

    /// One spelling per account key, so limits and locks apply however it was typed.
    pub fn normalized(&self) -> String {
        match self {
            Identifier::Wmid(w) => format!("wmid:{w}"),
            Identifier::Purse(p) => format!("purse:{p}"),
            Identifier::Phone(p) => format!("phone:{p}"),
            Identifier::Email(e) => format!("email:{}", e.normalized()),
        }
    }

    pub fn as_wire(&self) -> &str {
        match self {
            Identifier::Wmid(w) => w.as_str(),
            Identifier::Purse(p) => p.as_str(),
            Identifier::Phone(p) => p.as_str(),
            Identifier::Email(e) => e.as_str(),
        }
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_wire())
    }
}

impl FromStr for Identifier {
    type Err = InputError;

    /// Guesses the kind from the shape, as the page's single field does.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(InputError::Empty(Field::Identifier));
        }
        if trimmed.contains('@') {
            return trimmed.parse().map(Identifier::Email);
        }
        let compact = strip_separators(trimmed);
        if compact.starts_with('+') || compact.starts_with("00") {
            return trimmed.parse().map(Identifier::Phone);
        }
        if compact.bytes().all(|b| b.is_ascii_digit()) {
            return if compact.len() == 12 {
                compact.parse().map(Identifier::Wmid)
            } else {
                Err(InputError::Identifier)
            };
        }
        if compact.len() == 13 && compact.chars().next().is_some_and(char::is_alphabetic) {
            return compact.parse().map(Identifier::Purse);
        }
        Err(InputError::Identifier)
    }
}

impl Serialize for Identifier {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_wire())
    }
}

impl<'de> Deserialize<'de> for Identifier {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wmid_accepts_twelve_digits_with_spaces() {
        let wmid: Wmid = " 4050 0283 3238 ".parse().expect("valid wmid");
        assert_eq!(wmid.as_str(), "405002833238");
    }

    #[test]
    fn wmid_rejects_wrong_length_and_letters() {
        assert_eq!("40500283323".parse::<Wmid>(), Err(InputError::Wmid));
        assert_eq!("40500283323a".parse::<Wmid>(), Err(InputError::Wmid));
        assert_eq!("".parse::<Wmid>(), Err(InputError::Empty(Field::Wmid)));
    }

    #[test]
    fn purse_needs_known_letter() {
        let purse: Purse = "z238479008342".parse().expect("valid purse");
        assert_eq!(purse.letter(), 'Z');
        assert_eq!("Q238479008342".parse::<Purse>(), Err(InputError::Purse));
        assert_eq!("Z23847900834".parse::<Purse>(), Err(InputError::Purse));
    }

    #[test]
    fn phone_is_normalized_to_e164_and_masked() {
        let phone: Phone = "+84 912 345 678".parse().expect("valid phone");
        assert_eq!(phone.as_str(), "+84912345678");
        assert_eq!(phone.masked(), "+84 *** *** *78");
        let phone: Phone = "0084 912 345 678".parse().expect("00 prefix");
        assert_eq!(phone.as_str(), "+84912345678");
    }

    #[test]
    fn phone_without_country_or_invalid_is_rejected() {
        assert_eq!("0912345678".parse::<Phone>(), Err(InputError::Phone));
        assert_eq!("+84 12".parse::<Phone>(), Err(InputError::Phone));
    }

    #[test]
    fn email_rules_and_mask() {
        let email: Email = "Nguyen.An@Example.com".parse().expect("valid email");
        assert_eq!(email.masked(), "N***@E***.com");
        assert_eq!(
            email,
            "nguyen.an@example.com".parse::<Email>().expect("valid")
        );
        assert_eq!("nguyen@".parse::<Email>(), Err(InputError::Email));
        assert_eq!(
            "An <an@example.com>".parse::<Email>(),
            Err(InputError::Email)
        );
        assert_eq!("an@localhost".parse::<Email>(), Err(InputError::Email));
    }

    #[test]
    fn identifier_guesses_kind_from_shape() {
        let kinds: Vec<_> = [
            "405002833238",
            "+84912345678",
            "an@example.com",
            "Z238479008342",
        ]
        .iter()
        .map(|s| s.parse::<Identifier>().map(|i| i.kind()))
        .collect();
        assert_eq!(
            kinds,
            vec![
                Ok(IdentifierKind::Wmid),
                Ok(IdentifierKind::Phone),
                Ok(IdentifierKind::Email),
                Ok(IdentifierKind::Purse)
            ]
        );
        assert_eq!("12345".parse::<Identifier>(), Err(InputError::Identifier));
        assert_eq!(
            "  ".parse::<Identifier>(),
            Err(InputError::Empty(Field::Identifier))
        );
    }

    #[test]
    fn errors_name_their_field() {
        assert_eq!(InputError::Phone.field(), Field::Phone);
        assert!(InputError::Wmid.to_string().starts_with("wmid:"));
    }
}
