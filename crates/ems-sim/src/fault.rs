//! Faults a simulated device can be told to show, at run time or on a schedule.
//!
//! One fault is active per device at a time: the one set through the handle, or else the first
//! scheduled fault whose window contains the current time. [`Fault::CounterReset`] is an event,
//! not a state: it sets the counters to zero once, when it is set (or when its scheduled window
//! opens), and leaves whatever other fault is active alone.

use ems_modbus::pdu::ExceptionCode;
use jiff::{SignedDuration, Timestamp};
use std::time::Duration;

/// A misbehaviour of a simulated device, as seen on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The device never answers.
    NoAnswer,
    /// The device answers correctly but only after `delay`, typically longer than the client's
    /// timeout, so that a late answer meets the client's next request.
    LateAnswer {
        /// How long the answer is held back.
        delay: Duration,
    },
    /// Every request is answered with this exception code.
    Exception {
        /// The code (0x01 illegal function, 0x02 illegal data address, 0x03 illegal data value,
        /// 0x04 server device failure, 0x0A gateway path unavailable, 0x0B gateway target
        /// failed to respond).
        code: ExceptionCode,
    },
    /// Answers carry another unit id than the request's.
    WrongUnitId,
    /// RTU answers carry a corrupted CRC (TCP answers are unaffected).
    BadCrc,
    /// The counters restart from zero, once, at the moment the fault is set.
    CounterReset,
    /// Float registers answer NaN; integer registers their first sentinel, or all bits set.
    Nan,
}

impl Fault {
    /// The exception codes an [`Fault::Exception`] may carry in a configuration.
    pub const CONFIGURABLE_EXCEPTIONS: [u8; 6] = [0x01, 0x02, 0x03, 0x04, 0x0A, 0x0B];

    /// The snake_case name used in configurations.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Fault::NoAnswer => "no_answer",
            Fault::LateAnswer { .. } => "late_answer",
            Fault::Exception { .. } => "exception",
            Fault::WrongUnitId => "wrong_unit_id",
            Fault::BadCrc => "bad_crc",
            Fault::CounterReset => "counter_reset",
            Fault::Nan => "nan",
        }
    }
}

/// A fault active during a window of time measured from the simulator's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduledFault {
    /// The fault.
    pub fault: Fault,
    /// When the window opens, after the simulator's start.
    pub after: SignedDuration,
    /// How long it stays open; `None` for ever.
    pub duration: Option<SignedDuration>,
}

impl ScheduledFault {
    fn contains(&self, since_start: SignedDuration) -> bool {
        since_start >= self.after && self.duration.is_none_or(|d| since_start < self.after + d)
    }
}

/// What a device does about faults: the run-time fault, the schedule and the resets done.
#[derive(Debug, Default)]
pub(crate) struct FaultState {
    runtime: Option<Fault>,
    schedule: Vec<ScheduledFault>,
    /// For every scheduled counter reset, whether it has happened.
    resets_done: Vec<bool>,
    /// A counter reset set at run time and not yet applied to the model.
    pending_reset: bool,
}

impl FaultState {
    pub(crate) fn new(schedule: Vec<ScheduledFault>) -> Self {
        let resets_done = vec![false; schedule.len()];
        FaultState {
            runtime: None,
            schedule,
            resets_done,
            pending_reset: false,
        }
    }

    /// Sets the run-time fault; a counter reset is only remembered for the next model update.
    pub(crate) fn set(&mut self, fault: Fault) {
        if fault == Fault::CounterReset {
            self.pending_reset = true;
        } else {
            self.runtime = Some(fault);
        }
    }

    /// Clears the run-time fault (scheduled windows keep applying).
    pub(crate) fn clear(&mut self) {
        self.runtime = None;
    }

    /// The fault in force at `since_start` after the simulator's start.
    pub(crate) fn active(&self, since_start: SignedDuration) -> Option<Fault> {
        self.runtime.or_else(|| {
            self.schedule
                .iter()
                .find(|s| s.fault != Fault::CounterReset && s.contains(since_start))
                .map(|s| s.fault)
        })
    }

    /// Calls `apply` with the time of every counter reset due by `now` that has not happened
    /// yet, in time order, and marks it done. A reset set at run time happens at `now`.
    pub(crate) fn take_due_resets(
        &mut self,
        started: Timestamp,
        now: Timestamp,
        mut apply: impl FnMut(Timestamp),
    ) {
        let since = now.duration_since(started);
        let mut due: Vec<(SignedDuration, usize)> = Vec::new();
        for (i, s) in self.schedule.iter().enumerate() {
            if s.fault == Fault::CounterReset
                && !self.resets_done.get(i).copied().unwrap_or(true)
                && s.after <= since
            {
                due.push((s.after, i));
            }
        }
        due.sort();
        for (after, i) in due {
            if let Some(done) = self.resets_done.get_mut(i) {
                *done = true;
            }
            apply(started.saturating_add(after).unwrap_or(now));
        }
        if std::mem::take(&mut self.pending_reset) {
            apply(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: i64) -> SignedDuration {
        SignedDuration::from_secs(s)
    }

    #[test]
    fn a_scheduled_fault_applies_only_within_its_window() {
        let state = FaultState::new(vec![ScheduledFault {
            fault: Fault::NoAnswer,
            after: secs(10),
            duration: Some(secs(5)),
        }]);
        assert_eq!(state.active(secs(9)), None);
        assert_eq!(state.active(secs(10)), Some(Fault::NoAnswer));
        assert_eq!(state.active(secs(14)), Some(Fault::NoAnswer));
        assert_eq!(state.active(secs(15)), None);
    }

    #[test]
    fn a_runtime_fault_overrides_the_schedule_until_cleared() {
        let mut state = FaultState::new(vec![ScheduledFault {
            fault: Fault::Nan,
            after: secs(0),
            duration: None,
        }]);
        state.set(Fault::BadCrc);
        assert_eq!(state.active(secs(1)), Some(Fault::BadCrc));
        state.clear();
        assert_eq!(state.active(secs(1)), Some(Fault::Nan));
    }

    #[test]
    fn counter_resets_happen_once() {
        let start: Timestamp = "2025-01-01T00:00:00Z".parse().unwrap();
        let mut state = FaultState::new(vec![ScheduledFault {
            fault: Fault::CounterReset,
            after: secs(60),
            duration: None,
        }]);
        let mut seen = Vec::new();
        state.take_due_resets(start, start + secs(30), |t| seen.push(t));
        assert!(seen.is_empty());
        state.take_due_resets(start, start + secs(90), |t| seen.push(t));
        state.take_due_resets(start, start + secs(120), |t| seen.push(t));
        assert_eq!(seen, [start + secs(60)]);
        state.set(Fault::CounterReset);
        assert_eq!(state.active(secs(120)), None);
        state.take_due_resets(start, start + secs(130), |t| seen.push(t));
        assert_eq!(seen, [start + secs(60), start + secs(130)]);
    }
}
