//! Fault injection per route: what a flaky network or an overloaded service
//! does to the client, deterministic under the scenario's seed.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// The protocol's routes, named as the OpenAPI file's operation ids.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RouteId {
    ListTopics,
    CreateCase,
    GetCase,
    Challenge,
    Verify,
    Steps,
    Keyfile,
    KeyfileProofChallenge,
    KeyfileProof,
    CancelCase,
    ObjectToChange,
}

impl RouteId {
    pub const ALL: [RouteId; 11] = crate::variants(<RouteId as strum::VariantArray>::VARIANTS);

    /// The operation id, as the OpenAPI file and scenario files spell it.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn from_request(method: &axum::http::Method, template: &str) -> Option<RouteId> {
        use axum::http::Method;
        let route = match (method, template) {
            (&Method::GET, "/v1/topics") => RouteId::ListTopics,
            (&Method::POST, "/v1/cases") => RouteId::CreateCase,
            (&Method::GET, "/v1/cases/{case_id}") => RouteId::GetCase,
            (&Method::DELETE, "/v1/cases/{case_id}") => RouteId::CancelCase,
            (&Method::POST, "/v1/cases/{case_id}/challenge") => RouteId::Challenge,
            (&Method::POST, "/v1/cases/{case_id}/verify") => RouteId::Verify,
            (&Method::POST, "/v1/cases/{case_id}/steps") => RouteId::Steps,
            (&Method::GET, "/v1/cases/{case_id}/keyfile") => RouteId::Keyfile,
            (&Method::GET, "/v1/cases/{case_id}/keyfile/proof") => RouteId::KeyfileProofChallenge,
            (&Method::POST, "/v1/cases/{case_id}/keyfile/proof") => RouteId::KeyfileProof,
            (&Method::POST, "/v1/objections") => RouteId::ObjectToChange,
            _ => return None,
        };
        Some(route)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, strum::EnumDiscriminants)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[strum_discriminants(
    name(FaultKindId),
    derive(strum::VariantArray, strum::IntoStaticStr, strum::EnumString),
    strum(serialize_all = "snake_case")
)]
pub enum FaultKind {
    /// Wait before answering.
    Latency { ms: u64 },
    /// Answer with this status (a problem+json body) instead of handling the request.
    Status { status: u16 },
    /// Close the connection without handling the request.
    Drop,
    /// Handle the request, then close the connection before the body arrives.
    DropResponse,
    /// Handle the request, then answer with a body that is not valid JSON.
    Malformed,
    /// Handle the request, then send only half of the body.
    Truncated,
    /// Handle the request, then send the body a few bytes at a time.
    SlowBody { chunk_delay_ms: u64 },
}

impl std::fmt::Display for FaultKind {
    /// As support staff read it in a list of active faults.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FaultKind::Latency { ms } => write!(f, "latency {ms} ms"),
            FaultKind::Status { status } => write!(f, "status {status}"),
            FaultKind::Drop => f.write_str("drop"),
            FaultKind::DropResponse => f.write_str("drop_response"),
            FaultKind::Malformed => f.write_str("malformed"),
            FaultKind::Truncated => f.write_str("truncated"),
            FaultKind::SlowBody { chunk_delay_ms } => write!(f, "slow_body {chunk_delay_ms} ms"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    /// The route it applies to; every protocol route when absent.
    #[serde(default)]
    pub route: Option<RouteId>,
    #[serde(flatten)]
    pub kind: FaultKind,
    #[serde(default = "always")]
    pub probability: f64,
    /// How many more times it fires; unlimited when absent.
    #[serde(default)]
    pub count: Option<u32>,
}

impl FaultRule {
    /// What is wrong with the rule, said for the person who wrote it.
    pub fn validate(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.probability) {
            return Err("probability must be between 0 and 1".into());
        }
        if let FaultKind::Status { status } = self.kind
            && !(400..=599).contains(&status)
        {
            return Err(format!(
                "status {status} is not an error status (400 to 599)"
            ));
        }
        // Longer waits than this stop looking like a slow service and hang the test.
        if let FaultKind::Latency { ms } | FaultKind::SlowBody { chunk_delay_ms: ms } = self.kind
            && ms > MAX_DELAY_MS
        {
            return Err(format!(
                "{ms} ms is longer than the {MAX_DELAY_MS} ms (ten minutes) a delay may be"
            ));
        }
        Ok(())
    }
}

/// The longest latency or body delay a rule may ask for.
pub const MAX_DELAY_MS: u64 = 10 * 60 * 1000;

fn always() -> f64 {
    1.0
}

/// What to do to one request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultPlan {
    pub latency_ms: u64,
    pub action: Option<FaultKind>,
}

pub struct Faults {
    rules: Vec<FaultRule>,
    rng: StdRng,
}

impl Faults {
    pub fn new(rules: Vec<FaultRule>, seed: u64) -> Self {
        Faults {
            rules,
            rng: StdRng::seed_from_u64(seed),
        }
    }

    pub fn rules(&self) -> &[FaultRule] {
        &self.rules
    }

    pub fn replace(&mut self, rules: Vec<FaultRule>) {
        self.rules = rules;
    }

    /// Rolls every rule that matches the route; latencies add up, the first other fault wins.
    pub fn plan(&mut self, route: RouteId) -> FaultPlan {
        let mut plan = FaultPlan::default();
        for rule in &mut self.rules {
            if rule.route.is_some_and(|r| r != route) || rule.count == Some(0) {
                continue;
            }
            if rule.probability < 1.0 && self.rng.random::<f64>() >= rule.probability {
                continue;
            }
            match &rule.kind {
                FaultKind::Latency { ms } => plan.latency_ms = plan.latency_ms.saturating_add(*ms),
                kind if plan.action.is_none() => plan.action = Some(kind.clone()),
                _ => continue,
            }
            if let Some(count) = &mut rule.count {
                *count -= 1;
            }
        }
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(
        route: Option<RouteId>,
        kind: FaultKind,
        probability: f64,
        count: Option<u32>,
    ) -> FaultRule {
        FaultRule {
            route,
            kind,
            probability,
            count,
        }
    }

    #[test]
    fn counted_fault_fires_that_many_times_on_its_route_only() {
        let mut faults = Faults::new(
            vec![rule(
                Some(RouteId::Verify),
                FaultKind::Status { status: 503 },
                1.0,
                Some(2),
            )],
            1,
        );
        assert_eq!(faults.plan(RouteId::Challenge).action, None);
        assert!(faults.plan(RouteId::Verify).action.is_some());
        assert!(faults.plan(RouteId::Verify).action.is_some());
        assert_eq!(faults.plan(RouteId::Verify).action, None);
    }

    #[test]
    fn latencies_add_and_same_seed_gives_same_rolls() {
        let rules = vec![
            rule(None, FaultKind::Latency { ms: 10 }, 1.0, None),
            rule(None, FaultKind::Latency { ms: 5 }, 1.0, None),
            rule(None, FaultKind::Drop, 0.5, None),
        ];
        let mut a = Faults::new(rules.clone(), 42);
        let mut b = Faults::new(rules, 42);
        let rolls_a: Vec<_> = (0..32).map(|_| a.plan(RouteId::GetCase)).collect();
        let rolls_b: Vec<_> = (0..32).map(|_| b.plan(RouteId::GetCase)).collect();
        assert_eq!(rolls_a, rolls_b);
        assert!(rolls_a.iter().all(|p| p.latency_ms == 15));
        let drops = rolls_a.iter().filter(|p| p.action.is_some()).count();
        assert!(
            (4..=28).contains(&drops),
            "about half should drop, got {drops}"
        );
    }

    #[test]
    fn delays_longer_than_ten_minutes_are_refused() {
        let long = rule(
            None,
            FaultKind::Latency {
                ms: MAX_DELAY_MS + 1,
            },
            1.0,
            None,
        );
        assert!(
            long.validate()
                .is_err_and(|why| why.contains("ten minutes"))
        );
        let slow = rule(
            None,
            FaultKind::SlowBody {
                chunk_delay_ms: MAX_DELAY_MS,
            },
            1.0,
            None,
        );
        assert_eq!(slow.validate(), Ok(()));
    }

    #[test]
    fn route_names_match_their_serde_names() {
        for route in RouteId::ALL {
            let json = serde_json::to_value(route).expect("serializes");
            assert_eq!(json, serde_json::Value::String(route.as_str().into()));
        }
    }

    #[test]
    fn fault_rules_read_from_toml() {
        #[derive(Deserialize)]
        struct Doc {
            faults: Vec<FaultRule>,
        }
        let doc: Doc = toml::from_str(
            "[[faults]]\nroute = \"create_case\"\nkind = \"latency\"\nms = 1500\n\n[[faults]]\nkind = \"status\"\nstatus = 503\nprobability = 0.3\n",
        )
        .expect("parses");
        assert_eq!(doc.faults[0].kind, FaultKind::Latency { ms: 1500 });
        assert_eq!(doc.faults[1].route, None);
        assert_eq!(doc.faults[1].probability, 0.3);
    }
}
