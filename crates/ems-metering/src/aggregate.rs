//! IEC 61000-4-30 aggregation of window values: 150/180-cycle values (15 windows, started
//! afresh at every 10-minute tick), 10-minute values aligned to the UTC clock, 2-hour values of
//! twelve 10-minute ones, and 10-second frequency values aligned to the UTC clock.
//!
//! Magnitudes (voltages, currents, harmonics, THD, unbalance) are aggregated as the square root
//! of the mean of their squares, as the standard says; powers as their mean weighted by
//! duration, so that an aggregate's power times its duration is its energy; the lowest and
//! highest one-cycle voltages as the lowest and highest seen. An aggregate is flagged when any
//! window in it is. A window belongs to the interval its start falls in. Without a UTC start
//! time (a record that does not say when it was taken), intervals count from the input's first
//! sample as if it were at the Unix epoch.

use crate::en50160::{TenMinuteValues, TenSecondFrequency};
use crate::measurement::{
    Harmonics, LineValues, MAX_ORDER, PhaseValues, SystemValues, WindowValues,
};
use crate::wiring::{Phase, Wiring};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

/// Windows in a 150-cycle (50 Hz) or 180-cycle (60 Hz) value.
const WINDOWS_PER_SHORT: usize = 15;
const TEN_MINUTES_S: i64 = 600;
const TWO_HOURS_S: i64 = 7200;
const TEN_SECONDS_S: i64 = 10;

/// The length of an aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AggregateKind {
    /// 150 cycles at 50 Hz, 180 at 60 Hz (about 3 s).
    ShortCycles,
    /// 10 minutes on the UTC clock.
    TenMinutes,
    /// 2 hours on the UTC clock.
    TwoHours,
}

/// One aggregate value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregate {
    /// Its length.
    pub kind: AggregateKind,
    /// The start of its interval (UTC clock), or of its first window for 150/180-cycle values.
    pub interval_start: Timestamp,
    /// How many windows (or 10-minute values, for 2-hour ones) it aggregates.
    pub parts: usize,
    /// The aggregated values; `duration_s` is the time the parts cover.
    pub values: WindowValues,
}

/// What the aggregator emits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregated {
    /// A 150/180-cycle, 10-minute or 2-hour value.
    Value(Aggregate),
    /// A 10-second frequency (IEC 61000-4-30: the cycles counted over the interval divided by
    /// their duration).
    Frequency(TenSecondFrequency),
}

/// Sums for one phase.
#[derive(Debug, Clone)]
struct PhaseSums {
    template: PhaseValues,
    voltage2: f64,
    current2: f64,
    active: f64,
    reactive: f64,
    apparent: f64,
    voltage_thd2: (f64, usize),
    current_thd2: (f64, usize),
    voltage_harmonics2: Vec<f64>,
    current_harmonics2: Vec<f64>,
    min_cycle: f64,
    max_cycle: f64,
}

#[derive(Debug, Clone)]
struct LineSums {
    template: LineValues,
    voltage2: f64,
    thd2: (f64, usize),
    harmonics2: Vec<f64>,
}

/// Sums of the parts of one aggregate.
#[derive(Debug, Clone, Default)]
struct Sums {
    first: Option<WindowValues>,
    parts: usize,
    duration: f64,
    flagged: bool,
    cycles: f64,
    cycles_duration: f64,
    phases: Vec<PhaseSums>,
    lines: Vec<LineSums>,
    active: f64,
    reactive: f64,
    apparent: f64,
    neutral2: (f64, usize),
    unbalance2: (f64, usize),
}

fn add_square(sum: &mut (f64, usize), value: Option<f64>) {
    if let Some(v) = value {
        sum.0 += v * v;
        sum.1 += 1;
    }
}

fn root_mean(sum: (f64, usize)) -> Option<f64> {
    (sum.1 > 0).then(|| (sum.0 / sum.1 as f64).sqrt())
}

fn add_squares(sums: &mut Vec<f64>, harmonics: &Harmonics) {
    if sums.len() < harmonics.0.len() {
        sums.resize(harmonics.0.len(), 0.0);
    }
    for (s, h) in sums.iter_mut().zip(&harmonics.0) {
        *s += h * h;
    }
}

impl Sums {
    fn add(&mut self, part: &WindowValues) {
        let d = part.duration_s;
        if self.first.is_none() {
            self.first = Some(part.clone());
        }
        self.parts += 1;
        self.duration += d;
        self.flagged |= part.flagged;
        if let Some(f) = part.frequency_hz {
            self.cycles += f * d;
            self.cycles_duration += d;
        }
        for p in &part.phases {
            let index = match self.phases.iter().position(|s| s.template.phase == p.phase) {
                Some(i) => i,
                None => {
                    self.phases.push(PhaseSums {
                        template: p.clone(),
                        voltage2: 0.0,
                        current2: 0.0,
                        active: 0.0,
                        reactive: 0.0,
                        apparent: 0.0,
                        voltage_thd2: (0.0, 0),
                        current_thd2: (0.0, 0),
                        voltage_harmonics2: Vec::new(),
                        current_harmonics2: Vec::new(),
                        min_cycle: f64::INFINITY,
                        max_cycle: 0.0,
                    });
                    self.phases.len() - 1
                }
            };
            let s = &mut self.phases[index];
            s.template.voltage_angle_deg = p.voltage_angle_deg;
            s.template.current_angle_deg = p.current_angle_deg;
            s.voltage2 += p.voltage_v * p.voltage_v;
            s.current2 += p.current_a * p.current_a;
            s.active += p.active_power_w * d;
            s.reactive += p.reactive_power_var * d;
            s.apparent += p.apparent_power_va * d;
            add_square(&mut s.voltage_thd2, p.voltage_thd_percent);
            add_square(&mut s.current_thd2, p.current_thd_percent);
            add_squares(&mut s.voltage_harmonics2, &p.voltage_harmonics_v);
            add_squares(&mut s.current_harmonics2, &p.current_harmonics_a);
            s.min_cycle = s.min_cycle.min(p.min_cycle_voltage_v);
            s.max_cycle = s.max_cycle.max(p.max_cycle_voltage_v);
        }
        for l in &part.lines {
            let index = match self.lines.iter().position(|s| s.template.pair == l.pair) {
                Some(i) => i,
                None => {
                    self.lines.push(LineSums {
                        template: l.clone(),
                        voltage2: 0.0,
                        thd2: (0.0, 0),
                        harmonics2: Vec::new(),
                    });
                    self.lines.len() - 1
                }
            };
            let s = &mut self.lines[index];
            s.voltage2 += l.voltage_v * l.voltage_v;
            add_square(&mut s.thd2, l.thd_percent);
            add_squares(&mut s.harmonics2, &l.harmonics_v);
        }
        self.active += part.system.active_power_w * d;
        self.reactive += part.system.reactive_power_var * d;
        self.apparent += part.system.apparent_power_va * d;
        add_square(&mut self.neutral2, part.system.neutral_current_a);
        add_square(&mut self.unbalance2, part.system.voltage_unbalance_percent);
    }

    /// The aggregate of the parts added, or `None` when there are none.
    fn finish(&self) -> Option<WindowValues> {
        let first = self.first.as_ref()?;
        let n = self.parts as f64;
        let d = self.duration;
        let mean = |sum: f64| if d > 0.0 { sum / d } else { 0.0 };
        let rms = |sum2: f64| (sum2 / n).sqrt();
        let harmonics = |sums: &[f64]| Harmonics(sums.iter().map(|s| rms(*s)).collect());
        let ratio = |p: f64, s: f64| (s > 0.0).then(|| (p / s).clamp(-1.0, 1.0));
        let phases = self
            .phases
            .iter()
            .map(|s| {
                let (active, apparent) = (mean(s.active), mean(s.apparent));
                PhaseValues {
                    voltage_v: rms(s.voltage2),
                    current_a: rms(s.current2),
                    active_power_w: active,
                    reactive_power_var: mean(s.reactive),
                    apparent_power_va: apparent,
                    power_factor: ratio(active, apparent),
                    voltage_thd_percent: root_mean(s.voltage_thd2),
                    current_thd_percent: root_mean(s.current_thd2),
                    voltage_harmonics_v: harmonics(&s.voltage_harmonics2),
                    current_harmonics_a: harmonics(&s.current_harmonics2),
                    min_cycle_voltage_v: s.min_cycle,
                    max_cycle_voltage_v: s.max_cycle,
                    ..s.template.clone()
                }
            })
            .collect();
        let lines = self
            .lines
            .iter()
            .map(|s| LineValues {
                pair: s.template.pair,
                voltage_v: rms(s.voltage2),
                thd_percent: root_mean(s.thd2),
                harmonics_v: harmonics(&s.harmonics2),
            })
            .collect();
        let (active, apparent) = (mean(self.active), mean(self.apparent));
        Some(WindowValues {
            offset_s: first.offset_s,
            start: first.start,
            duration_s: d,
            frequency_hz: (self.cycles_duration > 0.0).then(|| self.cycles / self.cycles_duration),
            phases,
            lines,
            system: SystemValues {
                active_power_w: active,
                reactive_power_var: mean(self.reactive),
                apparent_power_va: apparent,
                power_factor: ratio(active, apparent),
                neutral_current_a: root_mean(self.neutral2),
                voltage_unbalance_percent: root_mean(self.unbalance2),
            },
            flagged: self.flagged,
        })
    }
}

/// An interval on the UTC clock being filled.
#[derive(Default)]
struct Interval {
    index: Option<i64>,
    sums: Sums,
}

/// Aggregates window values as they come.
#[derive(Default)]
pub struct Aggregator {
    short: Sums,
    ten_minutes: Interval,
    two_hours: Interval,
    ten_seconds: FrequencySums,
}

/// Cycles and their duration in one 10-second interval.
#[derive(Default)]
struct FrequencySums {
    index: Option<i64>,
    cycles: f64,
    duration: f64,
    flagged: bool,
}

/// The time of a window on the UTC clock: its start, or its offset from the epoch.
fn clock_time(window: &WindowValues) -> Timestamp {
    window
        .start
        .unwrap_or_else(|| Timestamp::UNIX_EPOCH + SignedDuration::from_secs_f64(window.offset_s))
}

fn interval_start(index: i64, length_s: i64) -> Timestamp {
    Timestamp::from_second(index * length_s).unwrap_or(Timestamp::UNIX_EPOCH)
}

impl Aggregator {
    /// An aggregator with nothing in it.
    pub fn new() -> Aggregator {
        Aggregator::default()
    }

    /// Adds a window; returns the aggregates it completes (those of the intervals it is past).
    pub fn add(&mut self, window: &WindowValues) -> Vec<Aggregated> {
        let mut out = Vec::new();
        let t = clock_time(window);
        let second = t.as_second();

        // 10-second frequency.
        let index = second.div_euclid(TEN_SECONDS_S);
        let sums = &mut self.ten_seconds;
        if sums.index.is_some_and(|i| i != index) {
            if let Some(i) = sums.index
                && sums.duration > 0.0
            {
                out.push(Aggregated::Frequency(TenSecondFrequency {
                    start: interval_start(i, TEN_SECONDS_S),
                    frequency_hz: sums.cycles / sums.duration,
                    flagged: sums.flagged,
                }));
            }
            *sums = FrequencySums::default();
        }
        sums.index = Some(index);
        sums.flagged |= window.flagged;
        if let Some(f) = window.frequency_hz {
            sums.cycles += f * window.duration_s;
            sums.duration += window.duration_s;
        }

        // 10 minutes (and the 150/180-cycle values, started afresh at each tick).
        let index = second.div_euclid(TEN_MINUTES_S);
        if self.ten_minutes.index.is_some_and(|i| i != index) {
            self.finish_short(&mut out);
            if let (Some(i), Some(values)) =
                (self.ten_minutes.index, self.ten_minutes.sums.finish())
            {
                let aggregate = Aggregate {
                    kind: AggregateKind::TenMinutes,
                    interval_start: interval_start(i, TEN_MINUTES_S),
                    parts: self.ten_minutes.sums.parts,
                    values,
                };
                self.add_ten_minutes(&aggregate, &mut out);
                out.push(Aggregated::Value(aggregate));
            }
            self.ten_minutes = Interval::default();
        }
        self.ten_minutes.index = Some(index);
        self.ten_minutes.sums.add(window);
        self.short.add(window);
        if self.short.parts == WINDOWS_PER_SHORT {
            self.finish_short(&mut out);
        }
        out
    }

    fn finish_short(&mut self, out: &mut Vec<Aggregated>) {
        if let Some(values) = self.short.finish() {
            out.push(Aggregated::Value(Aggregate {
                kind: AggregateKind::ShortCycles,
                interval_start: clock_time(&values),
                parts: self.short.parts,
                values,
            }));
        }
        self.short = Sums::default();
    }

    fn add_ten_minutes(&mut self, aggregate: &Aggregate, out: &mut Vec<Aggregated>) {
        let index = aggregate.interval_start.as_second().div_euclid(TWO_HOURS_S);
        if self.two_hours.index.is_some_and(|i| i != index) {
            if let (Some(i), Some(values)) = (self.two_hours.index, self.two_hours.sums.finish()) {
                out.push(Aggregated::Value(Aggregate {
                    kind: AggregateKind::TwoHours,
                    interval_start: interval_start(i, TWO_HOURS_S),
                    parts: self.two_hours.sums.parts,
                    values,
                }));
            }
            self.two_hours = Interval::default();
        }
        self.two_hours.index = Some(index);
        self.two_hours.sums.add(&aggregate.values);
    }
}

/// The aggregate of a whole record: magnitudes as root mean squares, powers as means weighted by
/// duration, as for any aggregate; `None` without windows.
pub fn aggregate_all<'a>(
    windows: impl IntoIterator<Item = &'a WindowValues>,
) -> Option<WindowValues> {
    let mut running = RunningAggregate::default();
    for window in windows {
        running.add(window);
    }
    running.take()
}

/// The aggregate of windows added one at a time, over a span of the caller's choosing (as
/// [`aggregate_all`] aggregates them): it holds sums, never the windows, so its memory does not
/// grow with the span.
#[derive(Debug, Clone, Default)]
pub struct RunningAggregate {
    sums: Sums,
}

impl RunningAggregate {
    /// Adds a window.
    pub fn add(&mut self, window: &WindowValues) {
        self.sums.add(window);
    }

    /// The aggregate of the windows added since the last `take` (`None` without any), and a
    /// fresh start.
    pub fn take(&mut self) -> Option<WindowValues> {
        std::mem::take(&mut self.sums).finish()
    }

    /// Forgets the windows added.
    pub fn clear(&mut self) {
        self.sums = Sums::default();
    }
}

impl Aggregate {
    /// The values EN 50160 checks, for a 10-minute aggregate of a `wiring` system: phase
    /// voltages (line-to-line ones in a three-wire system), their THD to the 40th order and
    /// harmonics of orders 2 to 25 in % of the fundamental, and the unbalance.
    pub fn en50160_values(&self, wiring: Wiring) -> TenMinuteValues {
        let mut out = TenMinuteValues::new(self.interval_start);
        out.flagged = self.values.flagged;
        out.unbalance_percent = self.values.system.voltage_unbalance_percent;
        let channels: Vec<(Phase, f64, &Harmonics)> = if wiring == Wiring::ThreePhase3W {
            self.values
                .lines
                .iter()
                .map(|l| (l.pair.phases().0, l.voltage_v, &l.harmonics_v))
                .collect()
        } else {
            self.values
                .phases
                .iter()
                .map(|p| (p.phase, p.voltage_v, &p.voltage_harmonics_v))
                .collect()
        };
        for (phase, voltage, harmonics) in channels {
            let p = phase.index();
            out.voltage_v[p] = Some(voltage);
            out.thd_percent[p] = harmonics.thd_percent(MAX_ORDER);
            let percent = harmonics.percent(MAX_ORDER);
            for order in crate::en50160::FIRST_HARMONIC_ORDER..=crate::en50160::LAST_HARMONIC_ORDER
            {
                if let (Some(slot), Some(value)) = (
                    out.harmonic_mut(phase, order),
                    percent.get(usize::from(order) - 1),
                ) {
                    *slot = Some(*value);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measurement::{Harmonics, PhaseValues, SystemValues};
    use crate::wiring::Phase;

    fn window(
        at: Timestamp,
        duration_s: f64,
        voltage: f64,
        power: f64,
        flagged: bool,
    ) -> WindowValues {
        WindowValues {
            offset_s: 0.0,
            start: Some(at),
            duration_s,
            frequency_hz: Some(50.0),
            phases: vec![PhaseValues {
                phase: Phase::L1,
                voltage_v: voltage,
                current_a: 1.0,
                active_power_w: power,
                reactive_power_var: 0.0,
                apparent_power_va: power.abs(),
                power_factor: Some(1.0),
                voltage_thd_percent: Some(2.0),
                current_thd_percent: Some(4.0),
                voltage_harmonics_v: Harmonics(vec![voltage, 1.0]),
                current_harmonics_a: Harmonics(vec![1.0, 0.1]),
                voltage_angle_deg: 0.0,
                current_angle_deg: 0.0,
                min_cycle_voltage_v: voltage - 1.0,
                max_cycle_voltage_v: voltage + 1.0,
            }],
            lines: Vec::new(),
            system: SystemValues {
                active_power_w: power,
                reactive_power_var: 0.0,
                apparent_power_va: power.abs(),
                power_factor: Some(1.0),
                neutral_current_a: Some(1.0),
                voltage_unbalance_percent: None,
            },
            flagged,
        }
    }

    #[test]
    fn a_running_aggregate_gives_what_the_whole_record_gives_and_starts_afresh_after_take() {
        let start: Timestamp = "2026-11-21T10:00:00Z".parse().unwrap();
        let windows: Vec<WindowValues> = (0..5)
            .map(|k| {
                let at = start + SignedDuration::from_millis(200 * k);
                window(at, 0.2, 220.0 + 5.0 * k as f64, 100.0 * k as f64, false)
            })
            .collect();
        let mut running = RunningAggregate::default();
        assert_eq!(running.take(), None);
        for w in &windows {
            running.add(w);
        }
        let whole = aggregate_all(&windows).unwrap();
        assert_eq!(running.take().as_ref(), Some(&whole));
        // The harmonics of a span are the root mean squares of its windows'.
        let fundamental = whole.phases[0].voltage_harmonics_v.order(1);
        let expected = (windows
            .iter()
            .map(|w| w.phases[0].voltage_v.powi(2))
            .sum::<f64>()
            / 5.0)
            .sqrt();
        assert!((fundamental - expected).abs() < 1e-9);
        assert_eq!(running.take(), None, "taken: nothing left");
        running.add(&windows[4]);
        running.clear();
        assert_eq!(running.take(), None);
    }

    #[test]
    fn magnitudes_aggregate_as_root_mean_squares_and_powers_as_means_into_two_hour_values() {
        let start: Timestamp = "2026-11-21T10:00:00Z".parse().unwrap();
        let mut aggregator = Aggregator::new();
        let mut out = Vec::new();
        // 10-s windows alternating 220 V / 100 W and 240 V / 300 W for 2 h 11 min; one
        // flagged window at 10:31.
        for k in 0..(131 * 6) {
            let at = start + SignedDuration::from_secs(10 * k);
            let (v, p) = if k % 2 == 0 {
                (220.0, 100.0)
            } else {
                (240.0, 300.0)
            };
            out.extend(aggregator.add(&window(at, 10.0, v, p, k == 31 * 6)));
        }
        let values: Vec<&Aggregate> = out
            .iter()
            .filter_map(|a| match a {
                Aggregated::Value(v) => Some(v),
                Aggregated::Frequency(_) => None,
            })
            .collect();
        let ten: Vec<&&Aggregate> = values
            .iter()
            .filter(|a| a.kind == AggregateKind::TenMinutes)
            .collect();
        assert_eq!(ten.len(), 13);
        let rms = ((220f64.powi(2) + 240f64.powi(2)) / 2.0).sqrt();
        for a in &ten {
            assert_eq!(a.parts, 60);
            assert!((a.values.phases[0].voltage_v - rms).abs() < 1e-9);
            assert!((a.values.system.active_power_w - 200.0).abs() < 1e-9);
            assert_eq!(a.values.phases[0].min_cycle_voltage_v, 219.0);
            assert_eq!(a.values.phases[0].max_cycle_voltage_v, 241.0);
        }
        assert_eq!(ten.iter().filter(|a| a.values.flagged).count(), 1);
        assert!(
            ten[3].values.flagged,
            "10:30–10:40 holds the flagged window"
        );
        let two: Vec<&&Aggregate> = values
            .iter()
            .filter(|a| a.kind == AggregateKind::TwoHours)
            .collect();
        assert_eq!(two.len(), 1);
        assert_eq!(two[0].interval_start, start);
        assert_eq!(two[0].parts, 12);
        assert!((two[0].values.phases[0].voltage_v - rms).abs() < 1e-9);
        assert!(two[0].values.flagged);
        let short: Vec<&&Aggregate> = values
            .iter()
            .filter(|a| a.kind == AggregateKind::ShortCycles)
            .collect();
        assert!(short.iter().all(|a| a.parts <= 15));
        let frequencies = out
            .iter()
            .filter(|a| matches!(a, Aggregated::Frequency(f) if f.frequency_hz == 50.0))
            .count();
        assert_eq!(frequencies, 131 * 6 - 1);
    }
}

#[cfg(test)]
mod en50160_tests {
    use super::*;

    #[test]
    fn a_ten_minute_value_gives_en50160_its_voltages_thd_and_harmonics_in_percent() {
        let start: Timestamp = "2026-11-21T10:00:00Z".parse().unwrap();
        let mut harmonics = vec![0.0; MAX_ORDER];
        harmonics[0] = 230.0;
        harmonics[4] = 11.5; // 5 %
        harmonics[39] = 2.3; // 1 % at the 40th: in the THD, not among the orders checked
        let phase = PhaseValues {
            phase: Phase::L2,
            voltage_v: 230.3,
            current_a: 1.0,
            active_power_w: 0.0,
            reactive_power_var: 0.0,
            apparent_power_va: 0.0,
            power_factor: None,
            voltage_thd_percent: None,
            current_thd_percent: None,
            voltage_harmonics_v: Harmonics(harmonics),
            current_harmonics_a: Harmonics(vec![0.0; MAX_ORDER]),
            voltage_angle_deg: 0.0,
            current_angle_deg: 0.0,
            min_cycle_voltage_v: 229.0,
            max_cycle_voltage_v: 231.0,
        };
        let aggregate = Aggregate {
            kind: AggregateKind::TenMinutes,
            interval_start: start,
            parts: 3000,
            values: WindowValues {
                offset_s: 0.0,
                start: Some(start),
                duration_s: 600.0,
                frequency_hz: Some(50.0),
                phases: vec![phase],
                lines: Vec::new(),
                system: SystemValues {
                    active_power_w: 0.0,
                    reactive_power_var: 0.0,
                    apparent_power_va: 0.0,
                    power_factor: None,
                    neutral_current_a: None,
                    voltage_unbalance_percent: Some(0.4),
                },
                flagged: true,
            },
        };
        let values = aggregate.en50160_values(Wiring::ThreePhase4W);
        assert_eq!(values.start, start);
        assert!(values.flagged);
        assert_eq!(values.voltage_v, [None, Some(230.3), None]);
        assert!((values.thd_percent[1].unwrap() - (5f64.powi(2) + 1.0).sqrt()).abs() < 1e-9);
        assert!((values.harmonic(Phase::L2, 5).unwrap() - 5.0).abs() < 1e-9);
        assert_eq!(values.harmonic(Phase::L2, 7), Some(0.0));
        assert_eq!(values.harmonic(Phase::L1, 5), None);
        assert_eq!(values.unbalance_percent, Some(0.4));
    }
}
