//! Bus scans: which unit ids answer on a bus, and which profiles each one matches.
//!
//! Design decisions:
//! - **Read only.** A scan sends only reads of holding or input registers (FC 3 and 4), never a
//!   write, and only to unit ids 1..=247: never the broadcast address 0 nor the reserved
//!   248..=255.
//! - **One cheap probe per unit.** Each unit is first asked for the identification register
//!   most profiles declare ([`IdentifyPlan::probe`]). Any answer shows that a unit is there,
//!   an exception 0x01..=0x04 too (the unit lacks the register); a timeout, or exception 0x0A or
//!   0x0B from a TCP gateway (no path, or no answer from behind it), means nothing is there.
//!   Only a unit that is there is asked for more: the identification reads that can still
//!   tell its candidates apart ([`ems_profile::Identification`]).
//! - **The bus has one owner.** On a bus that a running link polls, each unit is scanned by
//!   that link's task between its own polls ([`ScanPath::Link`]), over its own connection;
//!   the scan holds a weak handle, so it never keeps a stopped link alive. A bus no link polls
//!   is scanned over a connection of the scan's own ([`ScanPath::Transport`]).
//! - **Progress is reported per unit**, and a scan is cancelled by dropping its future: a unit
//!   being scanned through a link finishes its few reads there, nothing else follows.

use crate::error::TransportError;
use crate::link::{ReadError, WeakLinkHandle};
use crate::transport::Transport;
use ems_modbus::pdu::ExceptionCode;
use ems_profile::{IdentifyPlan, Profile};
use std::ops::RangeInclusive;
use std::sync::Arc;
use std::time::Duration;

/// The unit ids a scan may address: never 0 (broadcast) nor 248..=255 (reserved).
pub const SCANNABLE_UNIT_IDS: RangeInclusive<u8> = 1..=247;

/// What to scan for.
#[derive(Debug, Clone)]
pub struct ScanSettings {
    /// The unit ids to scan, in order; ids outside [`SCANNABLE_UNIT_IDS`] are skipped.
    pub unit_ids: RangeInclusive<u8>,
    /// How long to wait for each answer.
    pub timeout: Duration,
    /// The identification registers of the library.
    pub plan: Arc<IdentifyPlan>,
}

impl ScanSettings {
    /// The unit ids that will be scanned.
    pub fn units(&self) -> RangeInclusive<u8> {
        let (from, to) = (*self.unit_ids.start(), *self.unit_ids.end());
        from.max(*SCANNABLE_UNIT_IDS.start())..=to.min(*SCANNABLE_UNIT_IDS.end())
    }

    /// How many unit ids will be scanned.
    pub fn total(&self) -> usize {
        self.units().count()
    }
}

/// A unit that answered.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundUnit {
    /// Its unit id.
    pub unit_id: u8,
    /// The exception it answered the probe with, when it answered no identification read with
    /// registers (a unit that is there, of a model no identifiable profile describes).
    pub exception: Option<ExceptionCode>,
    /// The profiles every identification register of which it matched, by id.
    pub candidates: Vec<Arc<Profile>>,
}

/// Why a scan stopped before its end.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The bus cannot be reached.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The link the scan went through has stopped (its configuration changed).
    #[error("the link stopped (its configuration changed); scan again")]
    LinkStopped,
}

/// Where a scan's requests go.
pub enum ScanPath {
    /// Through the task of the running link that owns the bus, between its own polls.
    Link(WeakLinkHandle),
    /// Over a connection of the scan's own, to a bus that no running link polls.
    Transport(Box<Transport>),
}

impl ScanPath {
    async fn identify(
        &mut self,
        unit_id: u8,
        plan: &Arc<IdentifyPlan>,
        timeout: Duration,
    ) -> Result<Option<FoundUnit>, ScanError> {
        match self {
            ScanPath::Transport(transport) => {
                Ok(identify_unit(transport, unit_id, plan, timeout).await?)
            }
            ScanPath::Link(link) => {
                let link = link.upgrade().ok_or(ScanError::LinkStopped)?;
                match link.identify_unit(unit_id, plan.clone(), timeout).await {
                    Ok(found) => Ok(found),
                    Err(ReadError::Transport(error)) => Err(ScanError::Transport(error)),
                    Err(_) => Err(ScanError::LinkStopped),
                }
            }
        }
    }
}

/// Scans the unit ids of `settings` in order over `path`, telling `progress` about each unit
/// once it is scanned (with what answered there, if anything). Returns every unit that
/// answered, or the error that stopped the scan (the bus cannot be reached, or the link went
/// away).
pub async fn scan(
    mut path: ScanPath,
    settings: &ScanSettings,
    mut progress: impl FnMut(u8, Option<&FoundUnit>),
) -> Result<Vec<FoundUnit>, ScanError> {
    let mut found = Vec::new();
    for unit_id in settings.units() {
        let answer = path
            .identify(unit_id, &settings.plan, settings.timeout)
            .await?;
        progress(unit_id, answer.as_ref());
        found.extend(answer);
    }
    Ok(found)
}

/// How a unit answered one read.
enum Answer {
    /// With registers.
    Words,
    /// With an exception that only a unit that is there sends.
    Exception(ExceptionCode),
    /// Not at all (a timeout, no valid frame, or a gateway saying that nothing answered).
    Nothing,
}

fn answer_of(result: Result<(), TransportError>) -> Result<Answer, TransportError> {
    match result {
        Ok(()) => Ok(Answer::Words),
        Err(TransportError::Exception(
            ExceptionCode::GatewayPathUnavailable
            | ExceptionCode::GatewayTargetDeviceFailedToRespond,
        )) => Ok(Answer::Nothing),
        Err(TransportError::Exception(code)) => Ok(Answer::Exception(code)),
        // The next request opens the connection again; if that fails, the scan stops.
        Err(
            TransportError::Timeout { .. }
            | TransportError::Frame(_)
            | TransportError::WrongUnit { .. }
            | TransportError::Io { .. }
            | TransportError::Closed { .. },
        ) => Ok(Answer::Nothing),
        Err(error @ TransportError::Connect { .. }) => Err(error),
    }
}

/// Probes `unit_id` on `transport` and, when a unit answers, reads identification registers
/// until its candidates are settled. `None` when nothing answers there; an error only when the
/// bus cannot be reached.
pub async fn identify_unit(
    transport: &mut Transport,
    unit_id: u8,
    plan: &IdentifyPlan,
    timeout: Duration,
) -> Result<Option<FoundUnit>, TransportError> {
    let mut words = Vec::new();
    let mut identification = plan.start();
    let probe = plan.probe();
    let probed = transport
        .read_registers(
            unit_id,
            probe.table,
            probe.start,
            probe.count,
            timeout,
            &mut words,
        )
        .await;
    let exception = match answer_of(probed)? {
        Answer::Nothing => return Ok(None),
        Answer::Words => {
            identification.record(probe, Some(&words));
            None
        }
        Answer::Exception(code) => {
            identification.record(probe, None);
            Some(code)
        }
    };
    while let Some(read) = identification.next_read() {
        let result = transport
            .read_registers(
                unit_id, read.table, read.start, read.count, timeout, &mut words,
            )
            .await;
        match answer_of(result)? {
            Answer::Words => identification.record(read, Some(&words)),
            Answer::Exception(_) | Answer::Nothing => identification.record(read, None),
        }
    }
    Ok(Some(FoundUnit {
        unit_id,
        exception: exception.filter(|_| !identification.any_register_read()),
        candidates: identification.candidates().into_iter().cloned().collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_never_addresses_the_broadcast_or_reserved_unit_ids() {
        let settings = |unit_ids| ScanSettings {
            unit_ids,
            timeout: Duration::from_millis(10),
            plan: Arc::new(IdentifyPlan::default()),
        };
        let all = settings(0..=255);
        assert_eq!(
            all.units().collect::<Vec<_>>(),
            (1..=247).collect::<Vec<_>>()
        );
        assert_eq!(all.total(), 247);
        assert_eq!(settings(240..=250).units().last(), Some(247));
        assert_eq!(settings(0..=0).total(), 0);
        assert_eq!(settings(10..=12).units().collect::<Vec<_>>(), [10, 11, 12]);
    }
}
