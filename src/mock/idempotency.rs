//! The Idempotency-Key store: the answers a retry must get again instead of
//! running its request twice.
//!
//! Only what a retry must not repeat is kept: successes, and the refusals that
//! counted against the account (a wrong code, a bad signature; see
//! `pipeline::must_replay`). Any other refusal (a 4xx, a 429, a lock) changed
//! nothing a retry could repeat, so its entry goes as soon as it is answered;
//! an entry is made before the handler runs only so that a duplicate arriving
//! meanwhile waits for that answer instead of running too. The store is bounded, in all
//! and per client, and never evicts a kept answer: while it is full a new key
//! is refused with 503 and `Retry-After` (when the oldest answer expires),
//! and keys already stored still replay. Answers expire by the mock's clock,
//! so moving that clock a day on empties the store and frees its memory.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use time::{Duration, OffsetDateTime};
use tokio::sync::OnceCell;

use super::pipeline::Stored;

/// How long a stored answer replays.
pub const IDEMPOTENCY_TTL: Duration = Duration::hours(24);

/// How many answers the store holds at most, and how many of them one client
/// may hold. About 1.5 KB each (a case as JSON and its headers): some 30 MB
/// when full. One client (an address, an IPv6 /64) opening cases at the
/// default rate limit needs more than an hour to fill its share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdempotencyLimits {
    pub capacity: usize,
    pub per_client: usize,
}

impl Default for IdempotencyLimits {
    fn default() -> Self {
        IdempotencyLimits {
            capacity: 20_000,
            per_client: 2_000,
        }
    }
}

impl IdempotencyLimits {
    /// No bound: for benchmarks that lift every other limit too.
    pub const UNBOUNDED: IdempotencyLimits = IdempotencyLimits {
        capacity: usize::MAX,
        per_client: usize::MAX,
    };
}

/// Whose share of the store a request counts against: the client's address,
/// an IPv6 address by its /64 (one host usually has the whole prefix). `None`
/// when the router is served without addresses (in-process tests).
pub fn share_of(client: Option<IpAddr>) -> Option<IpAddr> {
    client.map(|ip| match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(bits.into())
        }
        v4 => v4,
    })
}

/// One key's request and, once answered, its answer.
pub struct Entry {
    pub(super) fingerprint: [u8; 32],
    stored_at: OffsetDateTime,
    share: Option<IpAddr>,
    pub(super) response: OnceCell<Stored>,
}

/// What a keyed request finds in the store.
pub enum Claim {
    /// This key's entry, new or already there: its answer is awaited or made.
    Entry(Arc<Entry>),
    /// The key was used for a different request.
    Mismatch,
    /// A new key while the store (or the client's share) is full: try again in
    /// this many seconds.
    Full { retry_after: Duration },
}

#[derive(Default)]
struct Share {
    entries: usize,
    /// When the oldest of them was stored, or earlier: they expire in order.
    oldest: Option<OffsetDateTime>,
}

pub struct Store {
    limits: IdempotencyLimits,
    /// By the SHA-256 of the key's scope: method, path, credential, client and key.
    entries: HashMap<[u8; 32], Arc<Entry>>,
    shares: HashMap<Option<IpAddr>, Share>,
    /// No entry expires before this (it may be earlier than the true first expiry).
    next_expiry: Option<OffsetDateTime>,
}

impl Store {
    pub fn new(limits: IdempotencyLimits) -> Self {
        Store {
            limits,
            entries: HashMap::new(),
            shares: HashMap::new(),
            next_expiry: None,
        }
    }

    pub fn limits(&self) -> IdempotencyLimits {
        self.limits
    }

    /// The entries held now, answered or in flight.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Finds the key's entry, or makes one if there is room.
    pub fn claim(
        &mut self,
        scope: [u8; 32],
        fingerprint: [u8; 32],
        client: Option<IpAddr>,
        now: OffsetDateTime,
    ) -> Claim {
        self.expire(now);
        if let Some(entry) = self.entries.get(&scope) {
            return if entry.fingerprint == fingerprint {
                Claim::Entry(entry.clone())
            } else {
                Claim::Mismatch
            };
        }
        let share = share_of(client);
        let held = self.shares.get(&share);
        let wait_for = if self.entries.len() >= self.limits.capacity {
            Some(self.next_expiry)
        } else if held.is_some_and(|s| s.entries >= self.limits.per_client) {
            held.map(|s| s.oldest.map(|at| at + IDEMPOTENCY_TTL))
        } else {
            None
        };
        if let Some(expiry) = wait_for {
            let retry_after = expiry.map_or(IDEMPOTENCY_TTL, |at| at - now);
            return Claim::Full {
                retry_after: retry_after.max(Duration::SECOND),
            };
        }
        let entry = Arc::new(Entry {
            fingerprint,
            stored_at: now,
            share,
            response: OnceCell::new(),
        });
        self.entries.insert(scope, entry.clone());
        self.count(&entry);
        Claim::Entry(entry)
    }

    /// After the key's request ran: its answer stays for retries (`keep`), or
    /// its entry goes (a refusal, or a request that never finished).
    pub fn settle(&mut self, scope: [u8; 32], entry: &Arc<Entry>, keep: bool) {
        match self.entries.get(&scope) {
            Some(held) if !keep && Arc::ptr_eq(held, entry) => {
                self.entries.remove(&scope);
                self.release(entry.share);
            }
            // Taken out meanwhile (it expired, or an earlier run of it was
            // cancelled): an answer to keep goes back in.
            None if keep => {
                self.entries.insert(scope, entry.clone());
                self.count(entry);
            }
            _ => {}
        }
    }

    /// Counts an entry just put in: against its client's share, and for expiry.
    fn count(&mut self, entry: &Entry) {
        let held = self.shares.entry(entry.share).or_default();
        held.entries += 1;
        held.oldest = Some(
            held.oldest
                .map_or(entry.stored_at, |at| at.min(entry.stored_at)),
        );
        let expiry = entry.stored_at + IDEMPOTENCY_TTL;
        self.next_expiry = Some(self.next_expiry.map_or(expiry, |at| at.min(expiry)));
    }

    fn release(&mut self, share: Option<IpAddr>) {
        if let Some(held) = self.shares.get_mut(&share) {
            held.entries = held.entries.saturating_sub(1);
            if held.entries == 0 {
                self.shares.remove(&share);
            }
        }
    }

    /// Drops the answers older than a day of mock time, and gives their memory back.
    pub fn expire(&mut self, now: OffsetDateTime) {
        if self.next_expiry.is_none_or(|at| at > now) {
            return;
        }
        self.entries
            .retain(|_, entry| entry.stored_at + IDEMPOTENCY_TTL > now);
        self.shares.clear();
        self.next_expiry = None;
        let kept: Vec<Arc<Entry>> = self.entries.values().cloned().collect();
        for entry in &kept {
            self.count(entry);
        }
        if self.entries.capacity() > 2 * self.entries.len() + 64 {
            self.entries.shrink_to_fit();
        }
        if self.shares.capacity() > 2 * self.shares.len() + 64 {
            self.shares.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u32) -> [u8; 32] {
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(&n.to_le_bytes());
        key
    }

    fn claimed(claim: Claim) -> Arc<Entry> {
        match claim {
            Claim::Entry(entry) => entry,
            Claim::Mismatch => panic!("mismatch"),
            Claim::Full { .. } => panic!("full"),
        }
    }

    #[test]
    fn an_ipv6_client_is_its_64_and_an_ipv4_one_its_address() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("v6");
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().expect("v6");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("v6");
        assert_eq!(share_of(Some(a)), share_of(Some(b)));
        assert_ne!(share_of(Some(a)), share_of(Some(c)));
        let mapped: IpAddr = "::ffff:127.0.0.2".parse().expect("mapped");
        assert_eq!(
            share_of(Some(mapped)),
            Some("127.0.0.2".parse().expect("v4"))
        );
    }

    #[test]
    fn a_full_share_refuses_new_keys_until_its_oldest_expires() {
        let mut store = Store::new(IdempotencyLimits {
            capacity: 10,
            per_client: 3,
        });
        let now = OffsetDateTime::now_utc();
        let one: IpAddr = "127.0.0.1".parse().expect("v4");
        let two: IpAddr = "127.0.0.2".parse().expect("v4");
        for n in 0..3 {
            let entry = claimed(store.claim(key(n), [0; 32], Some(one), now));
            store.settle(key(n), &entry, true);
        }
        let later = now + Duration::hours(1);
        let Claim::Full { retry_after } = store.claim(key(3), [0; 32], Some(one), later) else {
            panic!("the share is full");
        };
        assert_eq!(retry_after, Duration::hours(23));
        // Another client still has room; the first one's keys still replay.
        claimed(store.claim(key(4), [0; 32], Some(two), later));
        claimed(store.claim(key(0), [0; 32], Some(one), later));
        assert!(matches!(
            store.claim(key(0), [1; 32], Some(one), later),
            Claim::Mismatch
        ));
        // A day on, everything has gone.
        store.expire(now + Duration::hours(25) + Duration::hours(1));
        assert!(store.is_empty());
        assert!(store.shares.is_empty());
    }

    #[test]
    fn a_refusal_leaves_no_entry() {
        let mut store = Store::new(IdempotencyLimits::default());
        let now = OffsetDateTime::now_utc();
        for n in 0..1000 {
            let entry = claimed(store.claim(key(n), [0; 32], None, now));
            store.settle(key(n), &entry, false);
        }
        assert!(store.is_empty());
        assert!(store.shares.is_empty());
    }
}
