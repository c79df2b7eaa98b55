//! Counter plausibility: wraps, resets and glitches of cumulative counters.
//!
//! A counter read from a device is checked against the previous good reading before it leaves
//! acquisition:
//! - an increase whose implied rate (power, flow) is possible is accepted;
//! - a decrease that is a wrap of the register (the increase modulo the register's range is
//!   possible) is accepted and the emitted value keeps counting past the wrap;
//! - a decrease after the user declared a reset starts a new baseline;
//! - anything else (a read of 0, 0xFFFF…, a jump no installation could produce, a fall) is
//!   flagged `bad` and not integrated. When the next readings agree with the new level the
//!   counter is re-based there (a meter replaced or reset without notice), and that is reported.

use jiff::Timestamp;

/// How many consecutive readings must agree on a new level before the counter is re-based on it.
pub const REBASE_AFTER_READINGS: u32 = 3;

/// What became of one counter reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterVerdict {
    /// Plausible: emit `value` (the reading plus any wraps) as good.
    Accept {
        /// The value to emit, in the canonical unit.
        value: i64,
    },
    /// The register wrapped; `value` continues past the wrap.
    Wrapped {
        /// The value to emit, in the canonical unit.
        value: i64,
    },
    /// Implausible: emit the reading as bad; nothing is integrated.
    Glitch {
        /// The implausible reading.
        reading: i64,
        /// The last good value.
        last_good: i64,
    },
    /// A new baseline (declared reset, or a level confirmed by consecutive readings).
    Rebased {
        /// The last good value before the new baseline.
        previous: i64,
        /// The new baseline, emitted as good.
        value: i64,
        /// True when the user declared the reset; false when it was detected.
        declared: bool,
    },
}

impl CounterVerdict {
    /// The value to emit and whether it is good.
    pub fn emitted(self) -> (i64, bool) {
        match self {
            CounterVerdict::Accept { value }
            | CounterVerdict::Wrapped { value }
            | CounterVerdict::Rebased { value, .. } => (value, true),
            CounterVerdict::Glitch { reading, .. } => (reading, false),
        }
    }
}

/// The plausibility state of one counter of one device.
#[derive(Debug, Clone)]
pub struct CounterGuard {
    /// Largest possible rate, in canonical units per second (Wh/s for energy, dm³/s for volume).
    max_rate_per_second: f64,
    /// The register's range in canonical units, for unsigned integer registers that wrap.
    wrap_modulus: Option<i64>,
    last: Option<Reading>,
    /// Added to readings for wraps seen so far.
    wrap_offset: i64,
    /// A new level seen in consecutive implausible readings: (latest reading, time, count).
    candidate: Option<(Reading, u32)>,
    reset_declared: bool,
}

#[derive(Debug, Clone, Copy)]
struct Reading {
    raw: i64,
    at: Timestamp,
}

impl CounterGuard {
    /// A guard for a counter whose rate can never exceed `max_rate_per_second` and whose
    /// register wraps after `wrap_modulus` canonical units (if it is an unsigned integer).
    pub fn new(max_rate_per_second: f64, wrap_modulus: Option<i64>) -> Self {
        CounterGuard {
            max_rate_per_second,
            wrap_modulus,
            last: None,
            wrap_offset: 0,
            candidate: None,
            reset_declared: false,
        }
    }

    /// Declares that the device's counter was reset (or the meter replaced): the next reading
    /// starts a new baseline whatever its value.
    pub fn declare_reset(&mut self) {
        self.reset_declared = true;
    }

    /// The last good value emitted, if any.
    pub fn last_good(&self) -> Option<i64> {
        self.last.map(|r| r.raw + self.wrap_offset)
    }

    /// Checks one reading taken at `at`.
    pub fn check(&mut self, raw: i64, at: Timestamp) -> CounterVerdict {
        let reading = Reading { raw, at };
        let Some(last) = self.last else {
            self.last = Some(reading);
            self.reset_declared = false;
            return CounterVerdict::Accept { value: raw };
        };
        let previous = last.raw + self.wrap_offset;
        if self.reset_declared {
            return self.rebase(reading, previous, true);
        }
        if raw >= last.raw && self.plausible(last, raw - last.raw, at) {
            self.candidate = None;
            self.last = Some(reading);
            return CounterVerdict::Accept {
                value: raw + self.wrap_offset,
            };
        }
        if raw < last.raw
            && let Some(modulus) = self.wrap_modulus
            && raw != 0
            && self.plausible(last, raw + modulus - last.raw, at)
        {
            self.candidate = None;
            self.wrap_offset += modulus;
            self.last = Some(reading);
            return CounterVerdict::Wrapped {
                value: raw + self.wrap_offset,
            };
        }
        // Implausible against the last good value: does it confirm a new level?
        let agreeing = match self.candidate {
            Some((c, n)) if raw >= c.raw && self.plausible(c, raw - c.raw, at) => n + 1,
            _ => 1,
        };
        if agreeing >= REBASE_AFTER_READINGS {
            return self.rebase(reading, previous, false);
        }
        self.candidate = Some((reading, agreeing));
        CounterVerdict::Glitch {
            reading: raw + self.wrap_offset,
            last_good: previous,
        }
    }

    fn rebase(&mut self, reading: Reading, previous: i64, declared: bool) -> CounterVerdict {
        self.wrap_offset = 0;
        self.candidate = None;
        self.reset_declared = false;
        self.last = Some(reading);
        CounterVerdict::Rebased {
            previous,
            value: reading.raw,
            declared,
        }
    }

    fn plausible(&self, from: Reading, increase: i64, at: Timestamp) -> bool {
        let seconds = at.duration_since(from.at).as_secs_f64().max(1.0);
        (increase as f64) <= self.max_rate_per_second * seconds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> Timestamp {
        Timestamp::from_second(1_750_000_000 + s).unwrap()
    }

    /// 10 kW at most: 2.78 Wh/s.
    fn guard() -> CounterGuard {
        CounterGuard::new(10_000.0 / 3600.0, Some(65_536 * 10))
    }

    #[test]
    fn plausible_increases_are_accepted() {
        let mut g = guard();
        assert_eq!(g.check(1000, t(0)), CounterVerdict::Accept { value: 1000 });
        assert_eq!(g.check(1002, t(1)), CounterVerdict::Accept { value: 1002 });
        assert_eq!(g.check(1002, t(2)), CounterVerdict::Accept { value: 1002 });
    }

    #[test]
    fn a_read_of_zero_where_a_counter_was_is_a_glitch_not_a_reset() {
        let mut g = guard();
        g.check(1000, t(0));
        assert_eq!(
            g.check(0, t(1)),
            CounterVerdict::Glitch {
                reading: 0,
                last_good: 1000
            }
        );
        assert_eq!(g.check(1001, t(2)), CounterVerdict::Accept { value: 1001 });
    }

    #[test]
    fn a_counter_standing_at_zero_stays_good() {
        let mut g = guard();
        assert_eq!(g.check(0, t(0)), CounterVerdict::Accept { value: 0 });
        assert_eq!(g.check(0, t(1)), CounterVerdict::Accept { value: 0 });
    }

    #[test]
    fn a_spike_to_an_all_ones_register_is_a_glitch() {
        let mut g = guard();
        g.check(1000, t(0));
        assert!(matches!(
            g.check(655_350, t(1)),
            CounterVerdict::Glitch { .. }
        ));
        assert_eq!(g.check(1001, t(2)), CounterVerdict::Accept { value: 1001 });
    }

    #[test]
    fn counter_wrap_is_accepted_and_keeps_counting_when_the_implied_power_is_possible() {
        let mut g = guard();
        g.check(655_359, t(0));
        assert_eq!(g.check(1, t(1)), CounterVerdict::Wrapped { value: 655_361 });
        assert_eq!(g.check(3, t(2)), CounterVerdict::Accept { value: 655_363 });
    }

    #[test]
    fn counter_wrap_is_ignored_when_implied_power_is_impossible() {
        let mut g = guard();
        g.check(600_000, t(0));
        assert!(matches!(g.check(2, t(1)), CounterVerdict::Glitch { .. }));
    }

    #[test]
    fn a_declared_reset_starts_a_new_baseline() {
        let mut g = guard();
        g.check(5000, t(0));
        g.declare_reset();
        assert_eq!(
            g.check(3, t(1)),
            CounterVerdict::Rebased {
                previous: 5000,
                value: 3,
                declared: true
            }
        );
        assert_eq!(g.check(4, t(2)), CounterVerdict::Accept { value: 4 });
    }

    #[test]
    fn an_undeclared_reset_is_flagged_until_consecutive_readings_confirm_it() {
        let mut g = guard();
        g.check(5000, t(0));
        assert!(matches!(g.check(10, t(1)), CounterVerdict::Glitch { .. }));
        assert!(matches!(g.check(11, t(2)), CounterVerdict::Glitch { .. }));
        assert_eq!(
            g.check(12, t(3)),
            CounterVerdict::Rebased {
                previous: 5000,
                value: 12,
                declared: false
            }
        );
        assert_eq!(g.check(13, t(4)), CounterVerdict::Accept { value: 13 });
    }

    #[test]
    fn a_counter_never_emits_a_good_value_below_the_last_good_one() {
        let mut g = CounterGuard::new(1000.0, None);
        let mut last_good = i64::MIN;
        let readings = [100, 90, 0, 150, 149, 0, 0, 200, 1_000_000, 210, 220];
        for (i, r) in readings.into_iter().enumerate() {
            if let CounterVerdict::Accept { value } | CounterVerdict::Wrapped { value } =
                g.check(r, t(i as i64))
            {
                assert!(value >= last_good, "{value} after {last_good}");
                last_good = value;
            }
        }
    }
}
