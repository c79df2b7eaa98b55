//! The internal meter: ems' own power analyser, fed by a waveform stream, as a device of the
//! site. Its settings (`[devices.<id>.meter]`) say how the installation is wired and how the
//! energy registers count; acquisition turns them into the analyser's configuration.

use super::error::{ConfigRule, Limit, Problem};
use super::rules::Choice;
use jiff::civil::Weekday;
use std::fmt;

/// The profile id of an internal meter: a device whose values come from ems' own analyser of a
/// waveform stream instead of a register map. It is always known.
pub const INTERNAL_METER: &str = "internal.meter";

/// The settings of an internal meter (the device's `meter` table). CT and VT ratios are the
/// device's own `ct_ratio` and `vt_ratio`.
#[derive(Debug, Clone, PartialEq)]
pub struct InternalMeter {
    /// How the installation is wired.
    pub wiring: Wiring,
    /// The nominal line-to-neutral voltage in primary volts (230, 120, 277, …): the reference
    /// of dips and swells.
    pub nominal_voltage_v: f64,
    /// The nominal frequency; `None` detects it from the first measurement.
    pub nominal_frequency: Option<NominalFrequency>,
    /// Where the neutral current comes from.
    pub neutral: NeutralCurrent,
    /// What chooses tariff 1 or tariff 2 of the energy registers.
    pub tariff: TariffSource,
    /// The active power, in watts, above which the load counts as running (importing or
    /// exporting) for the run-hour counters.
    pub run_threshold_w: f64,
}

impl InternalMeter {
    /// The nominal voltage when the file says nothing.
    pub const DEFAULT_NOMINAL_VOLTAGE_V: f64 = 230.0;
    /// The run threshold when the file says nothing.
    pub const DEFAULT_RUN_THRESHOLD_W: f64 = 10.0;
    /// The highest nominal voltage (primary volts; a VT brings it to the input).
    pub const MAX_NOMINAL_VOLTAGE_V: f64 = 1_000_000.0;
    /// The highest run threshold.
    pub const MAX_RUN_THRESHOLD_W: f64 = 1e9;
    /// The most tariff-2 periods of a schedule.
    pub const MAX_TARIFF_PERIODS: usize = 50;

    /// A meter of `wiring` with the defaults: 230 V, frequency detected, neutral current auto,
    /// tariff 1 always, run threshold 10 W.
    pub fn new(wiring: Wiring) -> Self {
        InternalMeter {
            wiring,
            nominal_voltage_v: Self::DEFAULT_NOMINAL_VOLTAGE_V,
            nominal_frequency: None,
            neutral: NeutralCurrent::Auto,
            tariff: TariffSource::T1,
            run_threshold_w: Self::DEFAULT_RUN_THRESHOLD_W,
        }
    }
}

/// The wiring system of an internal meter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Wiring {
    /// `1p2w`: single phase, two wires.
    SinglePhase2W,
    /// `2p3w`: split phase (two phases in opposition and the neutral).
    SplitPhase3W,
    /// `3p4w`: three phases with neutral.
    ThreePhase4W,
    /// `3p3w`: three phases without neutral.
    ThreePhase3W,
    /// `3p4w_wild_leg`: a four-wire delta whose neutral is the centre tap of one winding.
    WildLegDelta,
}

impl Wiring {
    /// Every wiring system.
    pub const ALL: &'static [Wiring] = &[
        Wiring::SinglePhase2W,
        Wiring::SplitPhase3W,
        Wiring::ThreePhase4W,
        Wiring::ThreePhase3W,
        Wiring::WildLegDelta,
    ];

    /// The name written in the site file.
    pub const fn name(self) -> &'static str {
        match self {
            Wiring::SinglePhase2W => "1p2w",
            Wiring::SplitPhase3W => "2p3w",
            Wiring::ThreePhase4W => "3p4w",
            Wiring::ThreePhase3W => "3p3w",
            Wiring::WildLegDelta => "3p4w_wild_leg",
        }
    }

    /// True when the system has a neutral conductor.
    pub const fn has_neutral(self) -> bool {
        !matches!(self, Wiring::ThreePhase3W)
    }
}

impl fmt::Display for Wiring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Choice for Wiring {
    const ALL: &'static [Self] = Wiring::ALL;
    fn to_toml(self) -> toml::Value {
        toml::Value::String(self.name().to_owned())
    }
}

/// The nominal frequency of the supply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NominalFrequency {
    /// 50 Hz.
    Hz50,
    /// 60 Hz.
    Hz60,
}

impl NominalFrequency {
    /// Both frequencies.
    pub const ALL: &'static [NominalFrequency] = &[NominalFrequency::Hz50, NominalFrequency::Hz60];

    /// The frequency in hertz.
    pub const fn hz(self) -> u8 {
        match self {
            NominalFrequency::Hz50 => 50,
            NominalFrequency::Hz60 => 60,
        }
    }
}

impl Choice for NominalFrequency {
    const ALL: &'static [Self] = NominalFrequency::ALL;
    fn to_toml(self) -> toml::Value {
        toml::Value::Integer(i64::from(self.hz()))
    }
}

/// Where the neutral current comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NeutralCurrent {
    /// Measured when the stream has an `i_n` channel, computed from the phases otherwise.
    #[default]
    Auto,
    /// Measured: the stream must have an `i_n` channel.
    Measured,
    /// The sum of the phase currents.
    Computed,
}

impl NeutralCurrent {
    /// Every choice.
    pub const ALL: &'static [NeutralCurrent] = &[
        NeutralCurrent::Auto,
        NeutralCurrent::Measured,
        NeutralCurrent::Computed,
    ];

    /// The name written in the site file.
    pub const fn name(self) -> &'static str {
        match self {
            NeutralCurrent::Auto => "auto",
            NeutralCurrent::Measured => "measured",
            NeutralCurrent::Computed => "computed",
        }
    }
}

impl Choice for NeutralCurrent {
    const ALL: &'static [Self] = NeutralCurrent::ALL;
    fn to_toml(self) -> toml::Value {
        toml::Value::String(self.name().to_owned())
    }
}

/// What chooses the tariff of the energy registers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TariffSource {
    /// `"t1"`: always tariff 1.
    T1,
    /// `"t2"`: always tariff 2.
    T2,
    /// `"digital_input"`: the tariff digital input (closed is tariff 2).
    DigitalInput,
    /// An array of periods: tariff 2 within them, tariff 1 outside, in the site's time zone.
    Schedule(Vec<TariffPeriod>),
}

impl TariffSource {
    /// The names of the fixed choices, as written in the site file.
    pub const NAMES: &'static [&'static str] = &["t1", "t2", "digital_input"];

    /// The fixed choice with this name.
    pub fn from_name(name: &str) -> Option<TariffSource> {
        match name {
            "t1" => Some(TariffSource::T1),
            "t2" => Some(TariffSource::T2),
            "digital_input" => Some(TariffSource::DigitalInput),
            _ => None,
        }
    }

    /// The name of a fixed choice; `None` for a schedule.
    pub fn name(&self) -> Option<&'static str> {
        match self {
            TariffSource::T1 => Some("t1"),
            TariffSource::T2 => Some("t2"),
            TariffSource::DigitalInput => Some("digital_input"),
            TariffSource::Schedule(_) => None,
        }
    }
}

/// A daily period of tariff 2 on some days of the week, in the site's local time. A period
/// whose `from` is after its `to` runs over midnight into the next day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TariffPeriod {
    /// The days the period starts on.
    pub weekdays: Vec<Weekday>,
    /// Its start.
    pub from: TimeOfDay,
    /// Its end (exclusive); [`TimeOfDay::END_OF_DAY`] (`"24:00"`) is the end of the day.
    pub to: TimeOfDay,
}

/// The names of the days in the site file, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The name of a day in the site file (`"mon"`).
pub fn weekday_name(day: Weekday) -> &'static str {
    let index = usize::try_from(day.to_monday_zero_offset()).unwrap_or(0);
    WEEKDAY_NAMES.get(index).copied().unwrap_or("mon")
}

/// The day with this name in the site file.
pub fn weekday_from_name(name: &str) -> Option<Weekday> {
    let index = WEEKDAY_NAMES.iter().position(|n| *n == name)?;
    Weekday::from_monday_zero_offset(i8::try_from(index).ok()?).ok()
}

/// A time of day to the minute, `"HH:MM"` in the site file, from `00:00` to `24:00` (the end
/// of the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    /// Midnight at the start of the day, `00:00`.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);
    /// The end of the day, `24:00`.
    pub const END_OF_DAY: TimeOfDay = TimeOfDay(24 * 60);

    /// The time `hour:minute`; `None` past `24:00` or with a minute above 59.
    pub fn new(hour: u8, minute: u8) -> Option<TimeOfDay> {
        let minutes = u16::from(hour) * 60 + u16::from(minute);
        (minute < 60 && minutes <= Self::END_OF_DAY.0).then_some(TimeOfDay(minutes))
    }

    /// Minutes since midnight, 0 to 1440.
    pub const fn minutes(self) -> u16 {
        self.0
    }

    /// The hour, 0 to 24.
    pub const fn hour(self) -> u8 {
        (self.0 / 60) as u8
    }

    /// The minute, 0 to 59.
    pub const fn minute(self) -> u8 {
        (self.0 % 60) as u8
    }

    /// Reads `"HH:MM"` (two digits each; `"24:00"` is the end of the day).
    pub fn parse(text: &str) -> Option<TimeOfDay> {
        let (h, m) = text.split_once(':')?;
        let two_digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !two_digits(h) || !two_digits(m) {
            return None;
        }
        TimeOfDay::new(h.parse().ok()?, m.parse().ok()?)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

/// Every problem of an internal meter's settings, with the key path below `meter` it concerns
/// (`"nominal_voltage_v"`, `"tariff[1].to"`).
pub(crate) fn meter_problems(meter: &InternalMeter) -> Vec<(String, Problem)> {
    let mut problems = Vec::new();
    let ranges = [
        (
            "nominal_voltage_v",
            meter.nominal_voltage_v,
            1.0,
            InternalMeter::MAX_NOMINAL_VOLTAGE_V,
        ),
        (
            "run_threshold_w",
            meter.run_threshold_w,
            0.0,
            InternalMeter::MAX_RUN_THRESHOLD_W,
        ),
    ];
    for (key, value, min, max) in ranges {
        if !(value.is_finite() && (min..=max).contains(&value)) {
            let rule = ConfigRule::OutOfRange {
                min: Some(Limit::Integer(min as i64)),
                above: None,
                max: Some(Limit::Integer(max as i64)),
            };
            let message = format!("{value} is out of range; expected a number from {min} to {max}");
            problems.push((key.to_owned(), Problem::new(rule, message)));
        }
    }
    if meter.neutral == NeutralCurrent::Measured && !meter.wiring.has_neutral() {
        let allowed = [NeutralCurrent::Auto, NeutralCurrent::Computed];
        problems.push((
            "neutral".to_owned(),
            Problem::new(
                ConfigRule::NotAllowed {
                    allowed: allowed.iter().map(|n| n.name().to_owned()).collect(),
                },
                format!(
                    "a {:?} system has no neutral conductor whose current could be measured; \
                     use \"auto\" or \"computed\"",
                    meter.wiring.name()
                ),
            ),
        ));
    }
    if let TariffSource::Schedule(periods) = &meter.tariff {
        problems.extend(
            schedule_problems(periods)
                .into_iter()
                .map(|(key, problem)| (format!("tariff{key}"), problem)),
        );
    }
    problems
}

/// The problems of a tariff-2 schedule, with paths below `tariff` (`""`, `"[0].weekdays"`).
fn schedule_problems(periods: &[TariffPeriod]) -> Vec<(String, Problem)> {
    let mut problems = Vec::new();
    if periods.is_empty() {
        problems.push((
            String::new(),
            Problem::new(
                ConfigRule::Empty,
                "an empty schedule has no tariff 2: give at least one period, or \"t1\"",
            ),
        ));
    }
    if periods.len() > InternalMeter::MAX_TARIFF_PERIODS {
        problems.push((
            String::new(),
            Problem::new(
                ConfigRule::TooMany {
                    max: InternalMeter::MAX_TARIFF_PERIODS,
                },
                format!(
                    "{} periods given; a schedule has at most {}",
                    periods.len(),
                    InternalMeter::MAX_TARIFF_PERIODS
                ),
            ),
        ));
    }
    for (i, period) in periods.iter().enumerate() {
        if period.weekdays.is_empty() {
            problems.push((
                format!("[{i}].weekdays"),
                Problem::new(ConfigRule::Empty, "must name at least one day"),
            ));
        }
        for (j, day) in period.weekdays.iter().enumerate() {
            if period.weekdays[..j].contains(day) {
                let name = weekday_name(*day);
                problems.push((
                    format!("[{i}].weekdays"),
                    Problem::new(
                        ConfigRule::Duplicate {
                            value: name.to_owned(),
                        },
                        format!("{name:?} is listed twice"),
                    ),
                ));
            }
        }
        if period.from == TimeOfDay::END_OF_DAY {
            let latest = TimeOfDay::END_OF_DAY.minutes() - 1;
            let latest = TimeOfDay(latest);
            problems.push((
                format!("[{i}].from"),
                Problem::new(
                    ConfigRule::OutOfRange {
                        min: None,
                        above: None,
                        max: Some(Limit::Text(latest.to_string())),
                    },
                    format!("\"24:00\" ends a day; a period starts at \"{latest}\" at the latest"),
                ),
            ));
        }
        if period.from == period.to {
            problems.push((
                format!("[{i}].to"),
                Problem::new(
                    ConfigRule::Empty,
                    format!(
                        "the period from {} to {} is empty; \"00:00\" to \"24:00\" is a whole day",
                        period.from, period.to
                    ),
                ),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_read_and_write_as_hours_and_minutes() {
        assert_eq!(TimeOfDay::parse("06:30"), TimeOfDay::new(6, 30));
        assert_eq!(TimeOfDay::parse("24:00"), Some(TimeOfDay::END_OF_DAY));
        for bad in ["6:30", "24:01", "12:60", "12-30", "", "ab:cd", "123:00"] {
            assert_eq!(TimeOfDay::parse(bad), None, "{bad}");
        }
        assert_eq!(TimeOfDay::new(7, 5).unwrap().to_string(), "07:05");
        assert_eq!(TimeOfDay::END_OF_DAY.to_string(), "24:00");
    }

    #[test]
    fn weekdays_are_named_by_their_first_three_letters() {
        for name in WEEKDAY_NAMES {
            assert_eq!(weekday_name(weekday_from_name(name).unwrap()), name);
        }
        assert_eq!(weekday_from_name("mon"), Some(Weekday::Monday));
        assert_eq!(weekday_from_name("Monday"), None);
    }

    #[test]
    fn a_schedule_is_checked_period_by_period() {
        let at = |h, m| TimeOfDay::new(h, m).unwrap();
        let mut meter = InternalMeter::new(Wiring::ThreePhase3W);
        meter.neutral = NeutralCurrent::Measured;
        meter.nominal_voltage_v = 0.0;
        meter.tariff = TariffSource::Schedule(vec![
            TariffPeriod {
                weekdays: vec![Weekday::Monday, Weekday::Monday],
                from: at(22, 0),
                to: at(6, 0),
            },
            TariffPeriod {
                weekdays: Vec::new(),
                from: TimeOfDay::END_OF_DAY,
                to: TimeOfDay::END_OF_DAY,
            },
        ]);
        let paths: Vec<String> = meter_problems(&meter).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            [
                "nominal_voltage_v",
                "neutral",
                "tariff[0].weekdays",
                "tariff[1].weekdays",
                "tariff[1].from",
                "tariff[1].to",
            ]
        );
        meter.tariff = TariffSource::Schedule(vec![TariffPeriod {
            weekdays: vec![Weekday::Saturday],
            from: TimeOfDay::MIDNIGHT,
            to: TimeOfDay::END_OF_DAY,
        }]);
        meter.neutral = NeutralCurrent::Computed;
        meter.nominal_voltage_v = 400.0;
        assert!(meter_problems(&meter).is_empty());
    }
}
