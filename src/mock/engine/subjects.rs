//! Who a case acts for, where its codes go, and the masks shown for them;
//! an unknown identifier gets a stable made-up mask, so it looks like any other.

use super::*;
use crate::protocol::Lookup;

pub(in crate::mock) fn limits_key_of(identifier: &Identifier) -> String {
    identifier.normalized()
}

impl Engine {
    pub(in crate::mock) fn find_account(&self, identifier: &Identifier) -> Option<usize> {
        self.scenario
            .accounts
            .iter()
            .position(|a| self.names(a, identifier))
    }

    /// Whether the identifier names this account as it stands now: a
    /// detached number names none.
    pub(in crate::mock) fn names(&self, account: &Account, identifier: &Identifier) -> bool {
        match identifier {
            Identifier::Phone(phone) => self.phone_of(account) == Some(phone),
            _ => account.matches(identifier),
        }
    }

    /// The account's phone number, unless it was detached.
    pub(in crate::mock) fn phone_of<'a>(&self, account: &'a Account) -> Option<&'a Phone> {
        (!self.scenario.phone_detached(account)).then_some(&account.phone)
    }

    pub(in crate::mock) fn account(&self, case: &CaseRecord) -> Option<&Account> {
        match case.subject {
            Subject::Account(i) => self.scenario.accounts.get(i),
            _ => None,
        }
    }

    pub(in crate::mock) fn subject_for(&self, identifier: &Identifier) -> Subject {
        self.find_account(identifier)
            .map_or(Subject::Unknown, Subject::Account)
    }

    pub(in crate::mock) fn subject_for_topic(
        &self,
        topic: TopicId,
        identifier: &Identifier,
    ) -> Subject {
        let lookup_channel = match identifier.kind() {
            IdentifierKind::Phone => Some(Channel::Sms),
            IdentifierKind::Email => Some(Channel::Email),
            IdentifierKind::Wmid | IdentifierKind::Purse => None,
        };
        match (topic.spec().lookup, lookup_channel) {
            (Lookup::Phone, _) => Subject::OwnPhone,
            (Lookup::Contact, Some(channel)) => Subject::Lookup(channel),
            (Lookup::Contact | Lookup::Account, _) => self.subject_for(identifier),
        }
    }

    /// Limits count per identifier as typed (a WMID, each purse, the phone, the
    /// email), for known and unknown ones alike. Counting them per account would
    /// let activity under the WMID show through its purse or phone, which tells
    /// which identifiers belong together and that the account exists.
    pub(in crate::mock) fn limits_key(&self, identifier: &Identifier, _subject: Subject) -> String {
        limits_key_of(identifier)
    }

    /// A registered account that an unknown identifier imitates: its channels
    /// and masked contacts are drawn from real ones, so they are distributed as
    /// real ones are. None when the scenario has no accounts. Drawn from the
    /// accounts as loaded: were it the accounts as cases changed them, an owner
    /// who changed a phone would see which identifiers' masks changed with it.
    pub(in crate::mock) fn phantom_account(&self, identifier: &Identifier) -> Option<&Account> {
        let bits = self.phantom_bits(identifier);
        let accounts = &self.loaded.accounts;
        let pick = usize::from(u16::from_le_bytes([bits[5], bits[6]]));
        (!accounts.is_empty()).then(|| &accounts[pick % accounts.len()])
    }

    /// A stable pseudo-random number for an unknown identifier, so that what it
    /// shows never changes between requests and never tells it apart from a real one.
    pub(in crate::mock) fn phantom_bits(&self, identifier: &Identifier) -> [u8; 32] {
        let mut input = self.salt.to_vec();
        input.extend_from_slice(identifier.normalized().as_bytes());
        sha256(&input)
    }

    pub(in crate::mock) fn channels(&self, case: &CaseRecord) -> Vec<Channel> {
        let enum_registered = match case.subject {
            Subject::Account(i) => self.scenario.accounts[i].enum_registered,
            Subject::Unknown => self
                .phantom_account(&case.identifier)
                .map_or(self.phantom_bits(&case.identifier)[0] & 1 == 1, |a| {
                    a.enum_registered
                }),
            Subject::Lookup(channel) => return vec![channel],
            Subject::OwnPhone => return vec![Channel::Sms],
        };
        case.topic
            .channels()
            .iter()
            .copied()
            .filter(|c| *c != Channel::Enum || enum_registered)
            .collect()
    }

    /// The full address a message is delivered to, and the masked form shown
    /// to the user. Nothing is delivered for an unknown identifier, nor to a
    /// detached number, which is still shown as it was: the channels and masks
    /// of an account never tell that its number was detached, or that it exists.
    pub(in crate::mock) fn destination(
        &self,
        case: &CaseRecord,
        channel: Channel,
    ) -> (Option<String>, String) {
        match (case.subject, &case.identifier) {
            (Subject::Account(i), _) => {
                let account = &self.scenario.accounts[i];
                let phone = self.phone_of(account).map(ToString::to_string);
                match channel {
                    Channel::Sms => (phone, account.phone.masked()),
                    Channel::Email => (Some(account.email.to_string()), account.email.masked()),
                    Channel::Enum => (phone, format!("E-NUM {}", account.phone.masked())),
                    // Named alike for every identifier: a WMID here would tell whose purse it is.
                    Channel::Keeper => (
                        Some(account.wmid.to_string()),
                        KEEPER_DESTINATION.to_owned(),
                    ),
                }
            }
            (Subject::Lookup(_) | Subject::OwnPhone, Identifier::Phone(phone)) => {
                (Some(phone.to_string()), phone.masked())
            }
            (Subject::Lookup(_), Identifier::Email(email)) => {
                (Some(email.to_string()), email.masked())
            }
            _ => (None, self.phantom_mask(&case.identifier, channel)),
        }
    }

    pub(in crate::mock) fn phantom_mask(
        &self,
        identifier: &Identifier,
        channel: Channel,
    ) -> String {
        // A phone is masked as itself, whether or not an account has it.
        if let (Identifier::Phone(phone), Channel::Sms | Channel::Enum) = (identifier, channel) {
            let masked = phone.masked();
            return if channel == Channel::Enum {
                format!("E-NUM {masked}")
            } else {
                masked
            };
        }
        if let Some(account) = self.phantom_account(identifier) {
            return match channel {
                Channel::Sms => account.phone.masked(),
                Channel::Enum => format!("E-NUM {}", account.phone.masked()),
                Channel::Email => account.email.masked(),
                Channel::Keeper => KEEPER_DESTINATION.to_owned(),
            };
        }
        const COUNTRIES: [u16; 6] = [7, 380, 375, 84, 49, 90];
        const DOMAINS: [(&str, &str); 4] = [("g", "com"), ("m", "ru"), ("y", "ru"), ("o", "com")];
        let bits = self.phantom_bits(identifier);
        let country = COUNTRIES[usize::from(bits[1]) % COUNTRIES.len()];
        let tail = u16::from(bits[2]) % 100;
        let phone = format!("+{country} *** *** *{tail:02}");
        match channel {
            Channel::Sms => phone,
            Channel::Enum => format!("E-NUM {phone}"),
            Channel::Email => {
                let letter = char::from(b'a' + bits[3] % 26);
                let (host, tld) = DOMAINS[usize::from(bits[4]) % DOMAINS.len()];
                format!("{letter}***@{host}***.{tld}")
            }
            Channel::Keeper => KEEPER_DESTINATION.to_owned(),
        }
    }
}
