//! Brute-force throttling of logins, unlocks and setup codes.
//!
//! Failures are counted per client and per (account, client):
//! - a client that fails [`ThrottlePolicy::client_failures`] times within the window, whatever
//!   the accounts, is blocked for every account;
//! - a client that fails [`ThrottlePolicy::account_failures`] times for one account is blocked
//!   for that account.
//!
//! Blocks last [`ThrottlePolicy::first_block`], doubling at each new block up to
//! [`ThrottlePolicy::longest_block`]. There is deliberately no block of an account for every
//! client: an attacker could then lock the administrator out from everywhere. Attempts from
//! many addresses are slowed by the cost of Argon2id and the refusal of common passwords, and
//! every failure is in the audit log.
//!
//! A client is its IPv4 address, or the /64 prefix of its IPv6 address (one host usually owns a
//! whole /64). The account is the name as typed, lower-cased, known or not, so that a blocked
//! unknown name answers exactly like a blocked real one. Memory is bounded: at most
//! [`ThrottlePolicy::max_entries`] records are kept, oldest dropped first.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// The limits.
#[derive(Debug, Clone)]
pub struct ThrottlePolicy {
    /// Failures of one client, for any account, before it is blocked.
    pub client_failures: u32,
    /// Failures of one client for one account before it is blocked for that account.
    pub account_failures: u32,
    /// Failures older than this are forgotten.
    pub window: Duration,
    /// The first block.
    pub first_block: Duration,
    /// The longest block.
    pub longest_block: Duration,
    /// The most records kept.
    pub max_entries: usize,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            client_failures: 20,
            account_failures: 5,
            window: Duration::from_secs(15 * 60),
            first_block: Duration::from_secs(60),
            longest_block: Duration::from_secs(60 * 60),
            max_entries: 100_000,
        }
    }
}

/// The key of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKey {
    /// An IPv4 address.
    V4([u8; 4]),
    /// The /64 prefix of an IPv6 address.
    V6([u8; 8]),
}

impl From<IpAddr> for ClientKey {
    fn from(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => ClientKey::V4(v4.octets()),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey::V4(v4.octets()),
                None => {
                    let mut prefix = [0u8; 8];
                    prefix.copy_from_slice(&v6.octets()[..8]);
                    ClientKey::V6(prefix)
                }
            },
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Record {
    failures: u32,
    first_failure: Instant,
    blocked_until: Option<Instant>,
    blocks: u32,
    touched: Instant,
}

impl Record {
    fn new(now: Instant) -> Record {
        Record {
            failures: 0,
            first_failure: now,
            blocked_until: None,
            blocks: 0,
            touched: now,
        }
    }

    fn remaining(&self, now: Instant) -> Option<Duration> {
        self.blocked_until
            .filter(|until| *until > now)
            .map(|until| until - now)
    }

    /// Counts a failure; true when it starts a block.
    fn fail(&mut self, now: Instant, limit: u32, policy: &ThrottlePolicy) -> bool {
        if now.duration_since(self.first_failure) > policy.window {
            self.failures = 0;
            self.first_failure = now;
        }
        self.failures += 1;
        self.touched = now;
        if self.failures < limit {
            return false;
        }
        let factor = 1u32.checked_shl(self.blocks.min(16)).unwrap_or(u32::MAX);
        let block = policy
            .first_block
            .saturating_mul(factor)
            .min(policy.longest_block);
        self.blocked_until = Some(now + block);
        self.blocks += 1;
        self.failures = 0;
        self.first_failure = now;
        true
    }

    fn expired(&self, now: Instant, policy: &ThrottlePolicy) -> bool {
        self.remaining(now).is_none()
            && now.duration_since(self.touched) > policy.window.max(policy.longest_block)
    }
}

/// What a failure led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureOutcome {
    /// Counted; no block yet.
    Counted,
    /// The client is now blocked for the account.
    AccountBlocked,
    /// The client is now blocked for every account.
    ClientBlocked,
}

#[derive(Default)]
struct Records {
    clients: HashMap<ClientKey, Record>,
    pairs: HashMap<(String, ClientKey), Record>,
}

/// The throttle of one server.
pub struct Throttle {
    policy: ThrottlePolicy,
    records: Mutex<Records>,
}

impl Throttle {
    /// A throttle with these limits.
    pub fn new(policy: ThrottlePolicy) -> Throttle {
        Throttle {
            policy,
            records: Mutex::new(Records::default()),
        }
    }

    /// How long the client must wait before trying `account` again, if it is blocked.
    pub fn blocked_for(&self, account: &str, client: IpAddr, now: Instant) -> Option<Duration> {
        let key = ClientKey::from(client);
        let records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        let by_client = records.clients.get(&key).and_then(|r| r.remaining(now));
        let by_pair = records
            .pairs
            .get(&(account.to_lowercase(), key))
            .and_then(|r| r.remaining(now));
        by_client.max(by_pair)
    }

    /// Counts a failed attempt of `client` for `account`.
    pub fn failure(&self, account: &str, client: IpAddr, now: Instant) -> FailureOutcome {
        let key = ClientKey::from(client);
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        if records.clients.len() + records.pairs.len() >= self.policy.max_entries {
            self.prune(&mut records, now);
        }
        let policy = &self.policy;
        let client_blocked = records
            .clients
            .entry(key)
            .or_insert_with(|| Record::new(now))
            .fail(now, policy.client_failures, policy);
        let account_blocked = records
            .pairs
            .entry((account.to_lowercase(), key))
            .or_insert_with(|| Record::new(now))
            .fail(now, policy.account_failures, policy);
        match (client_blocked, account_blocked) {
            (true, _) => FailureOutcome::ClientBlocked,
            (false, true) => FailureOutcome::AccountBlocked,
            (false, false) => FailureOutcome::Counted,
        }
    }

    /// Forgets the failures of `client` for `account` after a success.
    pub fn success(&self, account: &str, client: IpAddr) {
        let key = ClientKey::from(client);
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        records.pairs.remove(&(account.to_lowercase(), key));
    }

    fn prune(&self, records: &mut Records, now: Instant) {
        records.clients.retain(|_, r| !r.expired(now, &self.policy));
        records.pairs.retain(|_, r| !r.expired(now, &self.policy));
        // Still full: drop the least recently touched half of the unblocked records.
        let total = records.clients.len() + records.pairs.len();
        if total >= self.policy.max_entries {
            let mut touched: Vec<Instant> = records
                .clients
                .values()
                .chain(records.pairs.values())
                .filter(|r| r.remaining(now).is_none())
                .map(|r| r.touched)
                .collect();
            touched.sort_unstable();
            if let Some(cut) = touched.get(touched.len() / 2).copied() {
                let keep = |r: &mut Record| r.remaining(now).is_some() || r.touched > cut;
                records.clients.retain(|_, r| keep(r));
                records.pairs.retain(|_, r| keep(r));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv6Addr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn five_failures_block_the_client_for_that_account_only() {
        let t = Throttle::new(ThrottlePolicy::default());
        let now = Instant::now();
        for _ in 0..4 {
            assert_eq!(
                t.failure("Admin", ip("10.0.0.9"), now),
                FailureOutcome::Counted
            );
        }
        assert_eq!(
            t.failure("admin", ip("10.0.0.9"), now),
            FailureOutcome::AccountBlocked
        );
        assert_eq!(
            t.blocked_for("ADMIN", ip("10.0.0.9"), now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(t.blocked_for("admin", ip("10.0.0.10"), now), None);
        assert_eq!(t.blocked_for("anna", ip("10.0.0.9"), now), None);
        assert_eq!(
            t.blocked_for("admin", ip("10.0.0.9"), now + Duration::from_secs(61)),
            None
        );
    }

    #[test]
    fn blocks_double_up_to_the_longest() {
        let policy = ThrottlePolicy::default();
        let t = Throttle::new(policy.clone());
        let mut now = Instant::now();
        let mut blocks = Vec::new();
        for _ in 0..10 {
            for _ in 0..policy.account_failures {
                t.failure("admin", ip("10.0.0.9"), now);
            }
            let wait = t.blocked_for("admin", ip("10.0.0.9"), now).unwrap();
            blocks.push(wait.as_secs());
            now += wait;
        }
        assert_eq!(&blocks[..7], &[60, 120, 240, 480, 960, 1920, 3600]);
        assert!(blocks.iter().all(|b| *b <= 3600));
    }

    #[test]
    fn many_accounts_from_one_client_block_the_client_everywhere() {
        let t = Throttle::new(ThrottlePolicy::default());
        let now = Instant::now();
        let mut last = FailureOutcome::Counted;
        for n in 0..20 {
            last = t.failure(&format!("user{n}"), ip("10.0.0.9"), now);
        }
        assert_eq!(last, FailureOutcome::ClientBlocked);
        assert!(t.blocked_for("someone-else", ip("10.0.0.9"), now).is_some());
        assert!(t.blocked_for("someone-else", ip("10.0.0.8"), now).is_none());
    }

    #[test]
    fn a_success_forgets_the_failures_for_that_account() {
        let t = Throttle::new(ThrottlePolicy::default());
        let now = Instant::now();
        for _ in 0..4 {
            t.failure("admin", ip("10.0.0.9"), now);
        }
        t.success("admin", ip("10.0.0.9"));
        assert_eq!(
            t.failure("admin", ip("10.0.0.9"), now),
            FailureOutcome::Counted
        );
    }

    #[test]
    fn ipv6_clients_are_their_64_bit_prefix_and_mapped_v4_is_v4() {
        let a: Ipv6Addr = "2001:db8:1:2::1".parse().unwrap();
        let b: Ipv6Addr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert_eq!(
            ClientKey::from(IpAddr::V6(a)),
            ClientKey::from(IpAddr::V6(b))
        );
        assert_eq!(
            ClientKey::from(ip("::ffff:10.0.0.9")),
            ClientKey::from(ip("10.0.0.9"))
        );
    }

    #[test]
    fn memory_stays_bounded_and_blocks_survive_pruning() {
        let policy = ThrottlePolicy {
            max_entries: 1000,
            ..ThrottlePolicy::default()
        };
        let t = Throttle::new(policy.clone());
        let now = Instant::now();
        for _ in 0..policy.account_failures {
            t.failure("admin", ip("10.9.9.9"), now);
        }
        for n in 0..5000u32 {
            let [_, b, c, d] = n.to_be_bytes();
            t.failure("x", IpAddr::from([10, b, c, d]), now);
        }
        let records = t.records.lock().unwrap();
        assert!(records.clients.len() + records.pairs.len() <= 1000);
        drop(records);
        assert!(t.blocked_for("admin", ip("10.9.9.9"), now).is_some());
    }
}
