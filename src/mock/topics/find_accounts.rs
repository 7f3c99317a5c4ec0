//! Topic 7: Find my WM accounts: a phone or an email instead of a WMID. Asking
//! for the "code" sends the list of WMIDs registered there, and the case
//! ends; an address with no account gets nothing, while the user sees the
//! same answer. Restore-password given a phone or an email does the same.

use time::OffsetDateTime;

use super::{Rules, done, no_steps};
use crate::mock::engine::{CaseRecord, Engine, Stage, Withheld};
use crate::protocol::{Channel, Outcome};

pub(super) static RULES: Rules = Rules {
    // A lookup never verifies: its case ends when the list is sent.
    after_verify: |_, _| Stage::Challenge,
    step: no_steps,
};

/// Sends the WMIDs registered to the case's phone or email over `channel`.
pub(in crate::mock) fn send_wmids(
    engine: &mut Engine,
    case: &mut CaseRecord,
    channel: Channel,
    now: OffsetDateTime,
) {
    let wmids: Vec<String> = engine
        .scenario
        .accounts
        .iter()
        .filter(|a| engine.names(a, &case.identifier))
        .map(|a| a.wmid.to_string())
        .collect();
    let (to, _) = engine.destination(case, channel);
    if wmids.is_empty() {
        engine.withhold(
            channel,
            to,
            &case.id(),
            Withheld::no_account(
                "no account is registered to this address: the user sees the usual answer, and nothing is delivered",
            ),
        );
    } else {
        let text = format!(
            "WebMoney: WMIDs registered to this address: {}.",
            wmids.join(", ")
        );
        engine.deliver(channel, to, &case.id(), text, None);
    }
    let outcome = Outcome::AccountsSentIfRegistered { channel };
    engine.enter(case, done(outcome), now);
}
