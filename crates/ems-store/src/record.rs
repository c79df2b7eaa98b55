//! Interval records: what the store keeps of one device for one sample interval.

use ems_model::{DeviceId, Point};
use jiff::{SignedDuration, Timestamp};

/// Everything kept of one device for one sample interval `[start, end)`.
///
/// A missing interval is a missing record: the store never invents zeros. A record may carry
/// only counters (energy attributed after an outage) or only statistics (the device stopped
/// answering before its counters could close the interval); records of the same device and
/// interval are merged point by point, the newer value of a point replacing the older.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalRecord {
    /// The device.
    pub device: DeviceId,
    /// Start of the interval (UTC), on the site's interval grid.
    pub start: Timestamp,
    /// Length of the interval in minutes: the sample rate in force when it began (shorter once
    /// when the rate changes, see [`crate::calendar::Calendar::interval_end`]).
    pub minutes: u16,
    /// Counters, sorted by point, each point at most once.
    pub counters: Vec<CounterInterval>,
    /// Statistics of momentary quantities, sorted by point, each point at most once.
    pub stats: Vec<StatInterval>,
}

/// A cumulative counter over one interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CounterInterval {
    /// The counter point (`energy_active_import`, `gas_volume`, …).
    pub point: Point,
    /// The device's own counter at the end of the interval, in the point's canonical unit,
    /// interpolated to the boundary between the readings around it.
    pub end_value: i64,
    /// The energy (or volume, or run time) of the interval, in the point's canonical unit.
    /// Equal to the difference of consecutive end values, except across a counter reset.
    pub delta: i64,
    /// How the amount was obtained.
    pub flags: CounterFlags,
}

/// How a counter interval's amount was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct CounterFlags {
    /// The amount was spread over a gap in the readings (the device or ems was not reading):
    /// its sum over the gap is exact, its share per interval is an estimate.
    pub estimated: bool,
    /// The counter started a new baseline within the interval (a declared reset, a replaced
    /// meter, or a new level confirmed by consecutive readings).
    pub reset: bool,
}

/// Mean, minimum and maximum of a momentary quantity over one interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatInterval {
    /// The point (`voltage_l1`, `active_power`, …).
    pub point: Point,
    /// Arithmetic mean of the interval's readings, in the point's canonical unit.
    pub mean: f64,
    /// Smallest reading.
    pub min: f64,
    /// Largest reading.
    pub max: f64,
}

impl IntervalRecord {
    /// A record with no values yet.
    pub fn new(device: DeviceId, start: Timestamp, minutes: u16) -> Self {
        IntervalRecord {
            device,
            start,
            minutes,
            counters: Vec::new(),
            stats: Vec::new(),
        }
    }

    /// End of the interval (exclusive).
    pub fn end(&self) -> Timestamp {
        self.start + SignedDuration::from_mins(i64::from(self.minutes))
    }

    /// The number of values the record stores: two per counter (boundary value and amount),
    /// three per statistic (mean, minimum, maximum).
    pub fn value_count(&self) -> usize {
        2 * self.counters.len() + 3 * self.stats.len()
    }

    /// The counter of `point`, if any.
    pub fn counter(&self, point: Point) -> Option<&CounterInterval> {
        self.counters
            .binary_search_by_key(&point, |c| c.point)
            .ok()
            .map(|i| &self.counters[i])
    }

    /// The statistics of `point`, if any.
    pub fn stat(&self, point: Point) -> Option<&StatInterval> {
        self.stats
            .binary_search_by_key(&point, |s| s.point)
            .ok()
            .map(|i| &self.stats[i])
    }

    /// Sets a counter, replacing any of the same point.
    pub fn set_counter(&mut self, counter: CounterInterval) {
        match self
            .counters
            .binary_search_by_key(&counter.point, |c| c.point)
        {
            Ok(i) => self.counters[i] = counter,
            Err(i) => self.counters.insert(i, counter),
        }
    }

    /// Sets statistics, replacing any of the same point.
    pub fn set_stat(&mut self, stat: StatInterval) {
        match self.stats.binary_search_by_key(&stat.point, |s| s.point) {
            Ok(i) => self.stats[i] = stat,
            Err(i) => self.stats.insert(i, stat),
        }
    }

    /// Merges a newer record of the same device and interval into this one: each point of
    /// `newer` replaces the same point here; points only here are kept.
    pub fn merge(&mut self, newer: &IntervalRecord) {
        for c in &newer.counters {
            self.set_counter(*c);
        }
        for s in &newer.stats {
            self.set_stat(*s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(name: &str) -> Point {
        Point::from_name(name).unwrap()
    }

    #[test]
    fn merging_replaces_points_of_the_newer_record_and_keeps_the_others() {
        let device = DeviceId::new("main").unwrap();
        let start: Timestamp = "2026-03-29T00:15:00Z".parse().unwrap();
        let mut older = IntervalRecord::new(device.clone(), start, 15);
        older.set_stat(StatInterval {
            point: point("voltage_l1"),
            mean: 230.0,
            min: 229.0,
            max: 231.0,
        });
        older.set_counter(CounterInterval {
            point: point("energy_active_import"),
            end_value: 1000,
            delta: 10,
            flags: CounterFlags::default(),
        });
        let mut newer = IntervalRecord::new(device, start, 15);
        newer.set_counter(CounterInterval {
            point: point("energy_active_import"),
            end_value: 1005,
            delta: 15,
            flags: CounterFlags {
                estimated: true,
                reset: false,
            },
        });
        older.merge(&newer);
        assert_eq!(older.counters.len(), 1);
        assert_eq!(
            older.counter(point("energy_active_import")).unwrap().delta,
            15
        );
        assert_eq!(older.stat(point("voltage_l1")).unwrap().mean, 230.0);
        assert_eq!(older.value_count(), 5);
        assert_eq!(older.end(), "2026-03-29T00:30:00Z".parse().unwrap());
    }
}
