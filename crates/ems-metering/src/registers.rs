//! Energy registers as integers: active, reactive and apparent energy, import and export, per
//! phase and per quadrant, by tariff, partial counters with start / pause / reset, and run-hour
//! counters (seed 000, "Available measurements").
//!
//! Every register counts whole units (Wh, varh, VAh, seconds) and carries the remainder below
//! one unit, so that nothing is lost however small each window's share is, and the integer
//! never goes backwards.

use crate::wiring::Phase;
use jiff::Timestamp;
use jiff::civil::{Time, Weekday};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// One counter: whole units and the remainder below one unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Register {
    whole: u64,
    /// In units, `0 ≤ remainder < 1`.
    remainder: f64,
}

impl Register {
    /// A register at `whole` units.
    pub fn at(whole: u64) -> Register {
        Register {
            whole,
            remainder: 0.0,
        }
    }

    /// The whole units counted.
    pub fn value(&self) -> u64 {
        self.whole
    }

    /// The count with its fraction, for display and tests.
    pub fn exact(&self) -> f64 {
        self.whole as f64 + self.remainder
    }

    /// Adds a non-negative amount in units (a negative or non-finite amount is ignored).
    pub fn add(&mut self, amount: f64) {
        if !(amount.is_finite() && amount > 0.0) {
            return;
        }
        let total = self.remainder + amount;
        let whole = total.floor();
        self.whole = self.whole.saturating_add(whole as u64);
        self.remainder = total - whole;
    }
}

/// Tariff 1 or tariff 2 of the import and export registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tariff {
    /// Tariff 1.
    T1,
    /// Tariff 2.
    T2,
}

/// What chooses the tariff: always one, a digital input, or a weekly schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TariffInput {
    /// Always this tariff.
    Fixed(Tariff),
    /// A digital input: closed is tariff 2, open tariff 1 (the seeds' tariff management).
    DigitalInput,
    /// Tariff 2 in the schedule's periods, tariff 1 outside them.
    Schedule(TariffSchedule),
}

/// Weekly periods of tariff 2 in a time zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TariffSchedule {
    /// The IANA time zone the periods are in.
    pub time_zone: String,
    /// The periods of tariff 2.
    pub periods: Vec<TariffPeriod>,
}

/// A daily time frame on some days of the week; `from` after `to` runs over midnight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TariffPeriod {
    /// Days the period starts on (Monday = 1 … Sunday = 7).
    pub weekdays: Vec<u8>,
    /// Start, local time.
    pub from: Time,
    /// End, local time (exclusive).
    pub to: Time,
}

impl TariffSchedule {
    /// The tariff in force at `at`, or an error naming an unknown time zone.
    pub fn tariff_at(&self, at: Timestamp) -> Result<Tariff, String> {
        let tz = TimeZone::get(&self.time_zone)
            .map_err(|e| format!("unknown time zone `{}`: {e}", self.time_zone))?;
        let local = at.to_zoned(tz).datetime();
        let time = local.time();
        let weekday = local.date().weekday().to_monday_one_offset() as u8;
        let yesterday = local
            .date()
            .yesterday()
            .map(|d| d.weekday())
            .unwrap_or(Weekday::Sunday)
            .to_monday_one_offset() as u8;
        for period in &self.periods {
            let inside = if period.from <= period.to {
                period.weekdays.contains(&weekday) && time >= period.from && time < period.to
            } else {
                (period.weekdays.contains(&weekday) && time >= period.from)
                    || (period.weekdays.contains(&yesterday) && time < period.to)
            };
            if inside {
                return Ok(Tariff::T2);
            }
        }
        Ok(Tariff::T1)
    }
}

/// The import / export pair of a quantity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportExport {
    /// Imported (active) or inductive (reactive).
    pub import: Register,
    /// Exported (active) or capacitive (reactive).
    pub export: Register,
}

impl ImportExport {
    fn add_signed(&mut self, amount: f64) {
        if amount >= 0.0 {
            self.import.add(amount);
        } else {
            self.export.add(-amount);
        }
    }
}

/// Registers per quadrant (I: import inductive, II: export inductive, III: export capacitive,
/// IV: import capacitive).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Quadrants {
    /// Active energy (Wh) per quadrant.
    pub active_wh: [Register; 4],
    /// Reactive energy (varh) per quadrant.
    pub reactive_varh: [Register; 4],
    /// Apparent energy (VAh) per quadrant.
    pub apparent_vah: [Register; 4],
}

/// The quadrant (0 to 3 for I to IV) of a power: P ≥ 0 and Q ≥ 0 is I.
pub fn quadrant(active_w: f64, reactive_var: f64) -> usize {
    match (active_w >= 0.0, reactive_var >= 0.0) {
        (true, true) => 0,
        (false, true) => 1,
        (false, false) => 2,
        (true, false) => 3,
    }
}

/// The state of a partial counter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartialState {
    /// Not counting, never started or paused.
    #[default]
    Paused,
    /// Counting.
    Running,
}

/// Partial counters: the same energies as the totals, counting only while running.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Partials {
    /// Running or paused.
    pub state: PartialState,
    /// When the partial counters were last reset.
    pub reset_at: Option<Timestamp>,
    /// Active energy, Wh.
    pub active_wh: ImportExport,
    /// Reactive energy, varh.
    pub reactive_varh: ImportExport,
    /// Apparent energy, VAh.
    pub apparent_vah: Register,
    /// Seconds running while importing.
    pub run_import_s: Register,
    /// Seconds running while exporting.
    pub run_export_s: Register,
}

/// What one measurement window adds to the registers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowEnergy {
    /// The window's length in seconds.
    pub duration_s: f64,
    /// System active power, W.
    pub active_w: f64,
    /// System reactive power of the fundamental, var.
    pub reactive_var: f64,
    /// System apparent power, VA.
    pub apparent_va: f64,
    /// Active power per phase (L1, L2, L3; absent phases 0), W.
    pub phase_active_w: [f64; 3],
    /// Reactive power per phase, var.
    pub phase_reactive_var: [f64; 3],
}

/// Every energy register of one analyser.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnergyRegisters {
    /// Active energy, Wh.
    pub active_wh: ImportExport,
    /// Reactive energy of the fundamental, varh.
    pub reactive_varh: ImportExport,
    /// Apparent energy, VAh.
    pub apparent_vah: Register,
    /// Active energy per phase, Wh.
    pub phase_active_wh: [ImportExport; 3],
    /// Reactive energy per phase, varh.
    pub phase_reactive_varh: [ImportExport; 3],
    /// Per quadrant.
    pub quadrants: Quadrants,
    /// Active import in tariff 1 and 2, Wh.
    pub import_by_tariff_wh: [Register; 2],
    /// Active export in tariff 1 and 2, Wh.
    pub export_by_tariff_wh: [Register; 2],
    /// Partial counters.
    pub partials: Partials,
    /// Seconds importing above the run threshold.
    pub run_import_s: Register,
    /// Seconds exporting above the run threshold.
    pub run_export_s: Register,
    /// Seconds the analyser measured (the seeds' "Total ON time").
    pub on_s: Register,
}

const SECONDS_PER_HOUR: f64 = 3600.0;

impl EnergyRegisters {
    /// Adds one window's energy in `tariff`; `run_threshold_w` decides the run-hour counters.
    pub fn add_window(&mut self, window: &WindowEnergy, tariff: Tariff, run_threshold_w: f64) {
        let hours = window.duration_s / SECONDS_PER_HOUR;
        let active = window.active_w * hours;
        let reactive = window.reactive_var * hours;
        let apparent = window.apparent_va.max(0.0) * hours;
        self.active_wh.add_signed(active);
        self.reactive_varh.add_signed(reactive);
        self.apparent_vah.add(apparent);
        for phase in Phase::ALL {
            let i = phase.index();
            self.phase_active_wh[i].add_signed(window.phase_active_w[i] * hours);
            self.phase_reactive_varh[i].add_signed(window.phase_reactive_var[i] * hours);
        }
        let q = quadrant(window.active_w, window.reactive_var);
        self.quadrants.active_wh[q].add(active.abs());
        self.quadrants.reactive_varh[q].add(reactive.abs());
        self.quadrants.apparent_vah[q].add(apparent);
        let t = match tariff {
            Tariff::T1 => 0,
            Tariff::T2 => 1,
        };
        if active >= 0.0 {
            self.import_by_tariff_wh[t].add(active);
        } else {
            self.export_by_tariff_wh[t].add(-active);
        }
        self.on_s.add(window.duration_s);
        let importing = window.active_w > run_threshold_w;
        let exporting = window.active_w < -run_threshold_w;
        if importing {
            self.run_import_s.add(window.duration_s);
        }
        if exporting {
            self.run_export_s.add(window.duration_s);
        }
        let partials = &mut self.partials;
        if partials.state == PartialState::Running {
            partials.active_wh.add_signed(active);
            partials.reactive_varh.add_signed(reactive);
            partials.apparent_vah.add(apparent);
            if importing {
                partials.run_import_s.add(window.duration_s);
            }
            if exporting {
                partials.run_export_s.add(window.duration_s);
            }
        }
    }

    /// Starts (or resumes) the partial counters.
    pub fn start_partials(&mut self) {
        self.partials.state = PartialState::Running;
    }

    /// Pauses the partial counters; they keep their values.
    pub fn pause_partials(&mut self) {
        self.partials.state = PartialState::Paused;
    }

    /// Sets the partial counters to zero, keeping their state.
    pub fn reset_partials(&mut self, at: Timestamp) {
        let state = self.partials.state;
        self.partials = Partials {
            state,
            reset_at: Some(at),
            ..Partials::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(active_w: f64, reactive_var: f64) -> WindowEnergy {
        WindowEnergy {
            duration_s: 0.2,
            active_w,
            reactive_var,
            apparent_va: active_w.hypot(reactive_var),
            phase_active_w: [active_w, 0.0, 0.0],
            phase_reactive_var: [reactive_var, 0.0, 0.0],
        }
    }

    #[test]
    fn registers_count_whole_units_and_lose_no_fraction() {
        let mut registers = EnergyRegisters::default();
        // 1 kW for one hour in 0.2-s windows: exactly 1000 Wh.
        for _ in 0..18_000 {
            registers.add_window(&window(1000.0, 0.0), Tariff::T1, 1.0);
        }
        assert_eq!(registers.active_wh.import.value(), 1000);
        assert!((registers.active_wh.import.exact() - 1000.0).abs() < 1e-6);
        assert_eq!(registers.active_wh.export.value(), 0);
        assert_eq!(registers.import_by_tariff_wh[0].value(), 1000);
        assert_eq!(registers.run_import_s.value(), 3600);
        assert_eq!(registers.on_s.value(), 3600);
    }

    #[test]
    fn energy_goes_to_the_quadrant_of_its_power() {
        let mut registers = EnergyRegisters::default();
        // An hour and a window in each quadrant: just past 100 Wh and 50 varh.
        for (p, q) in [
            (100.0, 50.0),
            (-100.0, 50.0),
            (-100.0, -50.0),
            (100.0, -50.0),
        ] {
            for _ in 0..18_001 {
                registers.add_window(&window(p, q), Tariff::T2, 1.0);
            }
        }
        for quadrant in 0..4 {
            assert_eq!(registers.quadrants.active_wh[quadrant].value(), 100);
            assert_eq!(registers.quadrants.reactive_varh[quadrant].value(), 50);
        }
        assert_eq!(registers.active_wh.import.value(), 200);
        assert_eq!(registers.active_wh.export.value(), 200);
        assert_eq!(registers.reactive_varh.import.value(), 100);
        assert_eq!(registers.reactive_varh.export.value(), 100);
        assert_eq!(registers.import_by_tariff_wh[1].value(), 200);
        assert_eq!(registers.export_by_tariff_wh[1].value(), 200);
    }

    #[test]
    fn partial_counters_count_only_while_running_and_reset_to_zero() {
        let mut registers = EnergyRegisters::default();
        let hour = |r: &mut EnergyRegisters| {
            for _ in 0..18_000 {
                r.add_window(&window(500.0, 0.0), Tariff::T1, 1.0);
            }
        };
        hour(&mut registers);
        assert_eq!(registers.partials.active_wh.import.value(), 0);
        registers.start_partials();
        hour(&mut registers);
        registers.pause_partials();
        hour(&mut registers);
        assert_eq!(registers.partials.active_wh.import.value(), 500);
        assert_eq!(registers.partials.run_import_s.value(), 3600);
        registers.reset_partials(Timestamp::UNIX_EPOCH);
        assert_eq!(registers.partials.active_wh.import.value(), 0);
        assert_eq!(registers.partials.state, PartialState::Paused);
        assert_eq!(registers.active_wh.import.value(), 1500);
    }

    #[test]
    fn a_schedule_gives_tariff_2_in_its_periods_across_midnight() {
        let schedule = TariffSchedule {
            time_zone: "Europe/Rome".to_owned(),
            periods: vec![TariffPeriod {
                weekdays: vec![1, 2, 3, 4, 5],
                from: Time::constant(22, 0, 0, 0),
                to: Time::constant(6, 0, 0, 0),
            }],
        };
        // Friday 2026-11-20 23:00 local is 22:00 UTC: tariff 2.
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(
            schedule.tariff_at(at("2026-11-20T22:00:00Z")),
            Ok(Tariff::T2)
        );
        // Saturday 05:00 local, in the period begun on Friday: tariff 2.
        assert_eq!(
            schedule.tariff_at(at("2026-11-21T04:00:00Z")),
            Ok(Tariff::T2)
        );
        // Saturday 23:00 local: no period starts on Saturday.
        assert_eq!(
            schedule.tariff_at(at("2026-11-21T22:00:00Z")),
            Ok(Tariff::T1)
        );
        // Monday 12:00 local: tariff 1.
        assert_eq!(
            schedule.tariff_at(at("2026-11-23T11:00:00Z")),
            Ok(Tariff::T1)
        );
    }
}
