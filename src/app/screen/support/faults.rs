//! The form that switches a fault on: which route, what goes wrong, how often.

use crate::mock::faults::{FaultKind, FaultRule, RouteId};

/// A route as the picker offers it: one of the protocol's, or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteChoice(pub Option<RouteId>);

impl RouteChoice {
    pub fn all() -> Vec<RouteChoice> {
        std::iter::once(RouteChoice(None))
            .chain(RouteId::ALL.into_iter().map(|r| RouteChoice(Some(r))))
            .collect()
    }
}

/// The kinds of fault, without their numbers, in the order the form offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray)]
pub enum KindChoice {
    Status,
    Latency,
    Drop,
    DropResponse,
    Malformed,
    Truncated,
    SlowBody,
}

impl KindChoice {
    pub const ALL: [KindChoice; 7] = crate::variants(<KindChoice as strum::VariantArray>::VARIANTS);

    /// The number the kind needs, and its default.
    pub fn value(self) -> Option<(&'static str, &'static str)> {
        match self {
            KindChoice::Latency => Some(("ms", "3000")),
            KindChoice::Status => Some(("status", "503")),
            KindChoice::SlowBody => Some(("ms", "200")),
            _ => None,
        }
    }
}

impl KindChoice {
    /// The kind of a rule, as the form offers it.
    pub fn of(kind: &FaultKind) -> KindChoice {
        match kind {
            FaultKind::Latency { .. } => KindChoice::Latency,
            FaultKind::Status { .. } => KindChoice::Status,
            FaultKind::Drop => KindChoice::Drop,
            FaultKind::DropResponse => KindChoice::DropResponse,
            FaultKind::Malformed => KindChoice::Malformed,
            FaultKind::Truncated => KindChoice::Truncated,
            FaultKind::SlowBody { .. } => KindChoice::SlowBody,
        }
    }
}

impl std::fmt::Display for KindChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            KindChoice::Latency => "latency",
            KindChoice::Status => "status",
            KindChoice::Drop => "drop",
            KindChoice::DropResponse => "drop_response",
            KindChoice::Malformed => "malformed",
            KindChoice::Truncated => "truncated",
            KindChoice::SlowBody => "slow_body",
        })
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Route(RouteChoice),
    Kind(KindChoice),
    /// One click: this kind, switched on at once on the chosen route (the
    /// number typed for it, or its default).
    Quick(KindChoice),
    Value(String),
    Count(String),
    Add,
}

/// Which part of the form is wrong, for the message under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormError {
    /// The number for the kind is not a whole number in range.
    Value,
    /// The count is neither empty nor a whole number above zero.
    Count,
    /// The mock refused the rule (its own words).
    Rule(String),
}

#[derive(Debug, Clone)]
pub struct FaultForm {
    pub route: RouteChoice,
    pub kind: KindChoice,
    pub value: String,
    /// How many times it fires; empty for every time.
    pub count: String,
    pub error: Option<FormError>,
}

impl Default for FaultForm {
    fn default() -> Self {
        FaultForm {
            route: RouteChoice(Some(RouteId::CreateCase)),
            kind: KindChoice::Status,
            value: "503".into(),
            count: String::new(),
            error: None,
        }
    }
}

impl FaultForm {
    /// The rule to switch on when the form was sent and is valid.
    pub fn update(&mut self, message: Message) -> Option<FaultRule> {
        match message {
            Message::Route(route) => self.route = route,
            Message::Kind(kind) => {
                self.kind = kind;
                self.value = kind.value().map(|(_, v)| v.to_owned()).unwrap_or_default();
                self.error = None;
            }
            Message::Quick(kind) => {
                if kind != self.kind {
                    self.kind = kind;
                    self.value = kind.value().map(|(_, v)| v.to_owned()).unwrap_or_default();
                }
                return self.add();
            }
            Message::Value(value) => {
                self.value = value;
                self.error = None;
            }
            Message::Count(count) => {
                self.count = count;
                self.error = None;
            }
            Message::Add => return self.add(),
        }
        None
    }

    /// The form sent: its rule, or what is wrong with it said under its field.
    fn add(&mut self) -> Option<FaultRule> {
        match self.rule() {
            Ok(rule) => {
                self.error = None;
                Some(rule)
            }
            Err(error) => {
                self.error = Some(error);
                None
            }
        }
    }

    fn rule(&self) -> Result<FaultRule, FormError> {
        let number = || {
            self.value
                .trim()
                .parse::<u64>()
                .map_err(|_| FormError::Value)
        };
        let kind = match self.kind {
            KindChoice::Latency => FaultKind::Latency { ms: number()? },
            KindChoice::Status => FaultKind::Status {
                status: u16::try_from(number()?).map_err(|_| FormError::Value)?,
            },
            KindChoice::Drop => FaultKind::Drop,
            KindChoice::DropResponse => FaultKind::DropResponse,
            KindChoice::Malformed => FaultKind::Malformed,
            KindChoice::Truncated => FaultKind::Truncated,
            KindChoice::SlowBody => FaultKind::SlowBody {
                chunk_delay_ms: number()?,
            },
        };
        let count = match self.count.trim() {
            "" => None,
            text => Some(
                text.parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(FormError::Count)?,
            ),
        };
        let rule = FaultRule {
            route: self.route.0,
            kind,
            probability: 1.0,
            count,
        };
        rule.validate().map_err(FormError::Rule)?;
        Ok(rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_form_gives_its_rule() {
        let mut form = FaultForm::default();
        form.update(Message::Count("2".into()));
        let rule = form.update(Message::Add).expect("a rule");
        assert_eq!(rule.route, Some(RouteId::CreateCase));
        assert_eq!(rule.kind, FaultKind::Status { status: 503 });
        assert_eq!(rule.count, Some(2));
    }

    #[test]
    fn bad_numbers_name_the_field_and_add_nothing() {
        let mut form = FaultForm::default();
        form.update(Message::Value("five hundred".into()));
        assert_eq!(form.update(Message::Add), None);
        assert_eq!(form.error, Some(FormError::Value));

        form.update(Message::Value("200".into()));
        assert_eq!(form.update(Message::Add), None);
        assert!(
            matches!(&form.error, Some(FormError::Rule(why)) if why.contains("400 to 599")),
            "{:?}",
            form.error
        );

        form.update(Message::Value("503".into()));
        form.update(Message::Count("0".into()));
        assert_eq!(form.update(Message::Add), None);
        assert_eq!(form.error, Some(FormError::Count));
    }

    #[test]
    fn kinds_without_a_number_ignore_the_value() {
        let mut form = FaultForm::default();
        form.update(Message::Kind(KindChoice::Drop));
        form.update(Message::Route(RouteChoice(None)));
        let rule = form.update(Message::Add).expect("a rule");
        assert_eq!((rule.route, rule.kind), (None, FaultKind::Drop));
    }
}
