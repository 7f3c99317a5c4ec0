//! What completed cases change on their accounts: a new phone, email or
//! security question, a detached number. The change is state of the running
//! mock: every later case sees it, and a restart starts from the scenario
//! as loaded.

use super::*;

/// The outcomes that change an account.
fn changes_an_account(outcome: &Outcome) -> bool {
    matches!(
        outcome,
        Outcome::PhoneChanged
            | Outcome::EmailChanged
            | Outcome::SecurityQuestionChanged
            | Outcome::PhoneDetached
    )
}

impl Engine {
    /// Reaching a stage: a completed case changes its account now; one that
    /// waits out a period first is noted, to change it when the period ends.
    pub(in crate::mock) fn take_effect(&mut self, case: &mut CaseRecord) {
        match &case.stage {
            Stage::Wait { until, then, .. }
                if matches!(&**then, Stage::Done { state: CaseState::Completed, outcome }
                    if changes_an_account(outcome)) =>
            {
                self.due.insert((*until, case.key));
            }
            Stage::Done {
                state: CaseState::Completed,
                outcome,
            } => {
                let outcome = outcome.clone();
                self.change_account(case, &outcome);
            }
            _ => {}
        }
    }

    /// Ends the waits that change an account once their time has come, so the
    /// change holds for every case from the moment the owner was told it would,
    /// not from the next time its own case is looked at.
    pub(in crate::mock) fn settle(&mut self, now: OffsetDateTime) {
        while let Some(&(until, key)) = self.due.first() {
            if until > now {
                return;
            }
            self.due.pop_first();
            // Stopped or cancelled meanwhile: nothing waits any more.
            if let Some(mut case) = self.cases.remove(&key) {
                self.refresh(&mut case, now);
                self.cases.insert(key, case);
            }
        }
    }

    fn change_account(&mut self, case: &mut CaseRecord, outcome: &Outcome) {
        let change = case
            .session
            .as_mut()
            .and_then(|session| session.change.take());
        if *outcome == Outcome::PhoneDetached {
            if let Identifier::Phone(phone) = &case.identifier {
                self.detach(phone);
            }
            return;
        }
        let Subject::Account(i) = case.subject else {
            return;
        };
        let Some(account) = self.scenario.accounts.get_mut(i) else {
            return;
        };
        match (outcome, change) {
            (Outcome::PhoneChanged, Some(Change::Phone(phone))) => {
                account.phone = phone;
                let wmid = account.wmid.clone();
                // A number attached again, or a new one: the account has a phone.
                self.scenario.phones_detached.retain(|w| *w != wmid);
            }
            (Outcome::EmailChanged, Some(Change::Email(email))) => account.email = email,
            (
                Outcome::SecurityQuestionChanged,
                Some(Change::SecurityQuestion { question, answer }),
            ) => {
                account.security_question = Some(question);
                account.security_answer = Some(answer);
            }
            _ => {}
        }
    }

    /// Detaches the number from every account that has it now.
    fn detach(&mut self, phone: &Phone) {
        let holders: Vec<_> = self
            .scenario
            .accounts
            .iter()
            .filter(|a| self.phone_of(a) == Some(phone))
            .map(|a| a.wmid.clone())
            .collect();
        self.scenario.phones_detached.extend(holders);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::ConfirmMethod;

    const AN: &str = "405002833238";

    fn verified(
        engine: &mut Engine,
        topic: TopicId,
        identifier: &str,
        channel: Channel,
    ) -> (String, String) {
        let opened = engine
            .create_case(
                CreateCase {
                    topic,
                    identifier: identifier.into(),
                },
                None,
            )
            .expect("opens");
        let id = opened.case.case_id.clone();
        let token = opened.case_token.expose().to_owned();
        engine
            .challenge(&id, Some(&token), channel)
            .expect("a code is sent");
        let code = engine.cases[&case_key(&id).expect("an id")]
            .pending
            .as_ref()
            .map(|p| p.code.clone())
            .expect("a code is pending");
        let verified = engine.verify(&id, Some(&token), &code).expect("verifies");
        (id.to_string(), verified.session_token.expose().to_owned())
    }

    fn step(engine: &mut Engine, id: &str, token: &str, request: StepRequest) -> Case {
        engine.step(id, Some(token), request).expect("step taken")
    }

    fn pending_code(engine: &Engine, id: &str) -> SecretText {
        engine.cases[&case_key(id).expect("an id")]
            .pending
            .as_ref()
            .map(|p| p.code.clone())
            .expect("a code is pending")
    }

    /// Changes An's phone by the security question: the change waits out the period.
    fn phone_change_waiting(engine: &mut Engine, new: &str) -> String {
        let (id, token) = verified(engine, TopicId::ChangePhone, AN, Channel::Keeper);
        let request = StepRequest::NewContact { value: new.into() };
        step(engine, &id, &token, request);
        let code = pending_code(engine, &id);
        step(engine, &id, &token, StepRequest::ContactCode { code });
        let method = ConfirmMethod::SecurityQuestion;
        step(engine, &id, &token, StepRequest::ConfirmOld { method });
        let answer = SecretText::new("Hà Nội");
        let case = step(engine, &id, &token, StepRequest::SecurityAnswer { answer });
        assert_eq!(case.state, CaseState::Waiting);
        id
    }

    #[test]
    fn a_change_after_a_security_period_holds_for_a_new_case_without_its_own_case_asked() {
        let mut engine = Engine::new(Scenario::demo());
        let id = phone_change_waiting(&mut engine, "+84901234521");
        let period = engine.settings().security_period_secs;
        engine.advance_clock(std::time::Duration::from_secs(period - 60));
        let wmid: Identifier = AN.parse().expect("a WMID");
        let still = engine
            .find_account(&wmid)
            .map(|i| engine.scenario.accounts[i].phone.to_string());
        assert_eq!(still.as_deref(), Some("+84912345678"));

        engine.advance_clock(std::time::Duration::from_secs(61));
        // Nobody asked about the waiting case: a new case for the WMID still sees the change.
        let (id2, _) = verified(&mut engine, TopicId::RestorePassword, AN, Channel::Sms);
        let last_code = engine
            .outbox
            .iter()
            .rev()
            .find(|m| m.code.is_some() && m.case_id.as_deref() == Some(&id2))
            .map(|m| m.to.clone());
        assert_eq!(last_code.as_deref(), Some("+84901234521"));
        assert!(matches!(
            engine.cases[&case_key(&id).expect("an id")].stage,
            Stage::Done {
                outcome: Outcome::PhoneChanged,
                ..
            }
        ));
        assert!(engine.due.is_empty());
        // The scenario as loaded is as it was.
        assert_eq!(
            engine.loaded_scenario().accounts[0].phone.to_string(),
            "+84912345678"
        );
        assert_eq!(
            engine.scenario().accounts[0].phone.to_string(),
            "+84901234521"
        );
    }

    #[test]
    fn a_stopped_change_changes_nothing() {
        let mut engine = Engine::new(Scenario::demo());
        let id = phone_change_waiting(&mut engine, "+84901234521");
        let stop = engine
            .outbox
            .iter()
            .rev()
            .find_map(|m| m.text.split("stop code: ").nth(1).map(str::to_owned))
            .expect("a stop code was sent");
        engine.stop_change(&stop).expect("stopped");
        engine.advance_clock(std::time::Duration::from_secs(4 * 24 * 3600));
        engine.settle(engine.now());
        assert!(matches!(
            engine.cases[&case_key(&id).expect("an id")].stage,
            Stage::Done {
                state: CaseState::Cancelled,
                ..
            }
        ));
        assert_eq!(
            engine.scenario().accounts[0].phone.to_string(),
            "+84912345678"
        );
    }

    #[test]
    fn a_detached_number_finds_no_account_and_a_new_one_attaches_again() {
        let mut engine = Engine::new(Scenario::demo());
        let (id, token) = verified(
            &mut engine,
            TopicId::DeactivatePhone,
            "+84912345678",
            Channel::Sms,
        );
        step(&mut engine, &id, &token, StepRequest::ConfirmDetach);
        let period = engine.settings().detach_period_secs;
        engine.advance_clock(std::time::Duration::from_secs(period));
        engine.settle(engine.now());
        assert_eq!(engine.scenario().phones_detached.len(), 1);
        let phone: Identifier = "+84912345678".parse().expect("a phone");
        assert_eq!(engine.find_account(&phone), None);
        assert!(engine.loaded_scenario().phones_detached.is_empty());

        // With no number to confirm from, and a security question, that is the way.
        let (id, token) = verified(&mut engine, TopicId::ChangePhone, AN, Channel::Keeper);
        let request = StepRequest::NewContact {
            value: "+84912345678".into(),
        };
        step(&mut engine, &id, &token, request);
        let code = pending_code(&engine, &id);
        let case = step(&mut engine, &id, &token, StepRequest::ContactCode { code });
        assert_eq!(
            case.next,
            Expect::ConfirmOld {
                methods: vec![ConfirmMethod::SecurityQuestion],
                security_period_secs: Some(engine.settings().security_period_secs),
            }
        );
    }

    #[test]
    fn with_no_number_and_no_question_the_new_number_is_attached_once_confirmed() {
        const BINH: &str = "301234567890";
        let mut engine = Engine::new(Scenario::demo());
        engine.detach(&"+84987654321".parse().expect("a phone"));
        let (id, token) = verified(&mut engine, TopicId::ChangePhone, BINH, Channel::Keeper);
        let request = StepRequest::NewContact {
            value: "+84987654300".into(),
        };
        step(&mut engine, &id, &token, request);
        let code = pending_code(&engine, &id);
        let case = step(&mut engine, &id, &token, StepRequest::ContactCode { code });
        assert_eq!(case.outcome, Some(Outcome::PhoneChanged));
        assert_eq!(
            engine.scenario().accounts[1].phone.to_string(),
            "+84987654300"
        );
        assert!(engine.scenario().phones_detached.is_empty());
        let phone: Identifier = "+84987654300".parse().expect("a phone");
        assert_eq!(engine.find_account(&phone), Some(1));
    }

    #[test]
    fn the_changed_scenario_survives_toml_for_a_replay() {
        let mut engine = Engine::new(Scenario::demo());
        engine.detach(&"+84912345678".parse().expect("a phone"));
        let text = toml::to_string(engine.scenario()).expect("serializes");
        let back = Scenario::parse("replay", &text).expect("parses");
        assert_eq!(back.phones_detached, engine.scenario().phones_detached);
        assert!(back.phone_detached(&back.accounts[0]));
        assert!(!back.phone_detached(&back.accounts[1]));
    }
}
