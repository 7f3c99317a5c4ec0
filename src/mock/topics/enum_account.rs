//! Topic 9: Restore access to the E-NUM account: an activation code by SMS to the
//! account's phone, if the account uses E-NUM.

use super::{Rules, done, no_steps};
use crate::mock::engine::{CaseRecord, Engine, Stage};
use crate::protocol::{Channel, Outcome};

pub(super) static RULES: Rules = Rules {
    after_verify,
    step: no_steps,
};

fn after_verify(engine: &Engine, case: &CaseRecord) -> Stage {
    match engine.account(case) {
        Some(account) if account.enum_registered => Stage::SendEnumActivation,
        Some(_) => done(Outcome::EnumNotRegistered),
        None => Stage::Challenge,
    }
}

impl Engine {
    /// Sends the activation code and ends the case.
    pub(in crate::mock) fn send_enum_activation(&mut self, case: &mut CaseRecord) -> Stage {
        let Some(account) = self.account(case).cloned() else {
            return done(Outcome::EnumNotRegistered);
        };
        let code = self.new_code();
        let text = format!(
            "WebMoney: E-NUM activation code {} for WMID {} (case {}). Enter it in the E-NUM app.",
            code.expose(),
            account.wmid,
            case.reference
        );
        // Nothing goes to a detached number.
        let (to, sent_to) = self.destination(case, Channel::Sms);
        self.deliver_for(case, Channel::Sms, to, text, Some(&code));
        done(Outcome::EnumActivationSent { sent_to })
    }
}
