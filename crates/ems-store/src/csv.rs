//! CSV renderings of the query results ([`crate::query`]), for downloads and file exports.
//!
//! - Separators are the user's choice, as in the seeds (§ 8.4.1): decimal point or comma
//!   (comma by default), field comma or semicolon (semicolon by default).
//! - Rows end with CRLF and cells are quoted as RFC 4180 says, when they hold the field
//!   separator, a quote or a line break: a decimal comma with comma fields stays parseable.
//! - Times are RFC 3339 with the site's local offset (`2026-03-29T03:00:00+02:00`), with the
//!   local label beside them; amounts are integers in the counter's canonical unit (Wh, dm3,
//!   as the seeds' files), the unit in the header; an empty cell means no data.
//! - Text cells that a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`,
//!   a tab or a carriage return: display names come from users) get a leading `'`.

use crate::pricing::UNPRICED;
use crate::query::{Comparison, Costs, Histogram, Intervals, Partials, Series, TimeSeries};
use ems_model::site::SiteSettings;
pub use ems_model::site::{DecimalSeparator, FieldSeparator};
use ems_model::tariff::Money;
use ems_model::{Point, Unit};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use std::collections::BTreeSet;

/// How CSV files are written. The default is the seeds' default: decimal comma, fields
/// separated by semicolons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CsvOptions {
    /// The decimal separator.
    pub decimal: DecimalSeparator,
    /// The field separator.
    pub field: FieldSeparator,
}

impl CsvOptions {
    /// The separators a site's settings choose.
    pub fn of(settings: &SiteSettings) -> CsvOptions {
        CsvOptions {
            decimal: settings.csv_decimal_separator,
            field: settings.csv_field_separator,
        }
    }

    fn separator(&self) -> char {
        self.field.char()
    }
}

/// Builds a CSV text row by row, with the rules of this module (quoting, formula
/// neutralising, the decimal separator).
pub struct CsvTable<'a> {
    out: String,
    options: &'a CsvOptions,
    row_started: bool,
}

impl<'a> CsvTable<'a> {
    /// An empty table written with `options`.
    pub fn new(options: &'a CsvOptions) -> Self {
        CsvTable {
            out: String::new(),
            options,
            row_started: false,
        }
    }

    fn raw(&mut self, cell: &str) -> &mut Self {
        let sep = self.options.separator();
        if self.row_started {
            self.out.push(sep);
        }
        self.row_started = true;
        if cell.contains([sep, '"', '\n', '\r']) {
            self.out.push('"');
            self.out.push_str(&cell.replace('"', "\"\""));
            self.out.push('"');
        } else {
            self.out.push_str(cell);
        }
        self
    }

    /// A text cell, neutralised against formula injection.
    pub fn text(&mut self, cell: &str) -> &mut Self {
        if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            self.raw(&format!("'{cell}"))
        } else {
            self.raw(cell)
        }
    }

    /// An integer cell; empty for `None`.
    pub fn int(&mut self, value: Option<i64>) -> &mut Self {
        match value {
            Some(v) => self.raw(&v.to_string()),
            None => self.raw(""),
        }
    }

    fn float(&mut self, value: Option<f64>) -> &mut Self {
        match value.filter(|v| v.is_finite()) {
            Some(v) => {
                let text = v.to_string();
                match self.options.decimal {
                    DecimalSeparator::Point => self.raw(&text),
                    DecimalSeparator::Comma => self.raw(&text.replace('.', ",")),
                }
            }
            None => self.raw(""),
        }
    }

    /// An exact decimal with the chosen decimal separator; empty for `None`.
    pub fn money(&mut self, value: Option<Money>) -> &mut Self {
        match value {
            Some(m) => {
                let text = m.to_string();
                match self.options.decimal {
                    DecimalSeparator::Point => self.raw(&text),
                    DecimalSeparator::Comma => self.raw(&text.replace('.', ",")),
                }
            }
            None => self.raw(""),
        }
    }

    fn time(&mut self, tz: &TimeZone, t: Timestamp) -> &mut Self {
        self.text(&local_time(tz, t))
    }

    /// Ends the row.
    pub fn end_row(&mut self) {
        self.out.push_str("\r\n");
        self.row_started = false;
    }

    /// The CSV text.
    pub fn finish(self) -> String {
        self.out
    }
}

/// RFC 3339 with the local offset of `tz` at `t`.
fn local_time(tz: &TimeZone, t: Timestamp) -> String {
    t.display_with_offset(tz.to_offset(t)).to_string()
}

/// The local date and time of `t`, to the minute: `2026-03-29 03:15`.
fn local_label(tz: &TimeZone, t: Timestamp) -> String {
    t.to_zoned(tz.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// A header naming a column and its unit: `energy_active_import [Wh]` (no brackets for a
/// dimensionless unit).
fn with_unit(name: &str, unit: Unit) -> String {
    if unit.symbol().is_empty() {
        name.to_owned()
    } else {
        format!("{name} [{unit}]")
    }
}

/// A histogram: one row per bucket, the period asked for first, then the previous one; the
/// `period` column holds the period's label.
///
/// ```text
/// period;start;end;label;energy_active_import [Wh];coverage;estimated
/// ```
pub fn histogram_csv(h: &Histogram, options: &CsvOptions) -> String {
    let mut t = CsvTable::new(options);
    t.text("period")
        .text("start")
        .text("end")
        .text("label")
        .text(&with_unit(h.point.name(), h.unit))
        .text("coverage")
        .text("estimated")
        .end_row();
    for series in [&h.current, &h.previous] {
        for b in &series.buckets {
            t.text(&series.period.label)
                .time(&h.time_zone, b.start)
                .time(&h.time_zone, b.end)
                .text(&b.label)
                .int(b.amount)
                .float(Some(b.coverage))
                .text(if b.estimated { "true" } else { "false" })
                .end_row();
        }
    }
    t.finish()
}

/// Rows of buckets with one amount column per series (the series share their periods).
fn amount_rows(t: &mut CsvTable<'_>, tz: &TimeZone, with_period: bool, columns: &[&Series]) {
    let Some(first) = columns.first() else {
        return;
    };
    for (i, b) in first.buckets.iter().enumerate() {
        if with_period {
            t.text(&first.period.label);
        }
        t.time(tz, b.start).time(tz, b.end).text(&b.label);
        for series in columns {
            t.int(series.buckets.get(i).and_then(|b| b.amount));
        }
        t.end_row();
    }
}

/// Partials: one row per bucket, one amount column per part (`<name> [unit]`), the period
/// asked for first, then the previous one.
///
/// ```text
/// period;start;end;label;Heating [Wh];Others [Wh]
/// ```
pub fn partials_csv(p: &Partials, options: &CsvOptions) -> String {
    let mut t = CsvTable::new(options);
    t.text("period").text("start").text("end").text("label");
    for part in &p.parts {
        t.text(&with_unit(&part.name, p.unit));
    }
    t.end_row();
    let current: Vec<&Series> = p.parts.iter().map(|part| &part.current).collect();
    let previous: Vec<&Series> = p.parts.iter().map(|part| &part.previous).collect();
    amount_rows(&mut t, &p.time_zone, true, &current);
    amount_rows(&mut t, &p.time_zone, true, &previous);
    t.finish()
}

/// A comparison: one row per bucket, one amount column per side (`<name> <point> [unit]`).
///
/// ```text
/// start;end;label;Main energy_active_import [Wh];Heat pump energy_active_import [Wh]
/// ```
pub fn comparison_csv(c: &Comparison, options: &CsvOptions) -> String {
    let mut t = CsvTable::new(options);
    t.text("start").text("end").text("label");
    for side in [&c.first, &c.second] {
        t.text(&with_unit(
            &format!("{} {}", side.name, side.point),
            side.unit,
        ));
    }
    t.end_row();
    amount_rows(
        &mut t,
        &c.time_zone,
        false,
        &[&c.first.series, &c.second.series],
    );
    t.finish()
}

/// Costs by tariff: one row per bucket; per tariff with data its amount and its cost
/// (`<tariff> [Wh]`, `<tariff> [EUR]`, named by `tariff_name`), the amount nothing priced, and
/// the bucket's cost. Costs are exact decimals with the chosen decimal separator.
///
/// ```text
/// start;end;label;Peak [Wh];Peak [EUR];Off-peak [Wh];Off-peak [EUR];unpriced [Wh];cost [EUR]
/// ```
pub fn costs_csv(
    c: &Costs,
    currency: &str,
    tariff_name: &dyn Fn(&str) -> String,
    options: &CsvOptions,
) -> String {
    let mut t = CsvTable::new(options);
    t.text("start").text("end").text("label");
    let priced: Vec<&str> = c
        .tariffs
        .iter()
        .filter(|s| s.tariff != UNPRICED)
        .map(|s| s.tariff.as_str())
        .collect();
    let with_currency = |name: &str| format!("{name} [{currency}]");
    for tariff in &priced {
        let name = tariff_name(tariff);
        t.text(&with_unit(&name, c.unit))
            .text(&with_currency(&name));
    }
    t.text(&with_unit("unpriced", c.unit))
        .text(&with_currency("cost"))
        .end_row();
    for b in &c.buckets {
        t.time(&c.time_zone, b.start)
            .time(&c.time_zone, b.end)
            .text(&b.label);
        let share = |tariff: &str| b.tariffs.iter().find(|s| s.tariff == tariff);
        for tariff in &priced {
            let s = share(tariff);
            t.int(s.map(|s| s.amount)).money(s.and_then(|s| s.cost));
        }
        t.int(share(UNPRICED).map(|s| s.amount))
            .money(b.cost)
            .end_row();
    }
    t.finish()
}

/// A time series: one row per bucket with data; the label is the local start.
///
/// ```text
/// start;end;label;voltage_l1 mean [V];voltage_l1 min [V];voltage_l1 max [V];intervals
/// ```
pub fn time_series_csv(s: &TimeSeries, options: &CsvOptions) -> String {
    let mut t = CsvTable::new(options);
    let name = s.point.name();
    t.text("start").text("end").text("label");
    for what in ["mean", "min", "max"] {
        t.text(&with_unit(&format!("{name} {what}"), s.unit));
    }
    t.text("intervals").end_row();
    for p in &s.points {
        t.time(&s.time_zone, p.start)
            .time(&s.time_zone, p.end)
            .text(&local_label(&s.time_zone, p.start))
            .float(Some(p.mean))
            .float(Some(p.min))
            .float(Some(p.max))
            .int(Some(i64::from(p.intervals)))
            .end_row();
    }
    t.finish()
}

/// The raw interval records of a device (the seeds' "datalogger.csv"): one row per interval,
/// for every counter its boundary value, its amount and its flags (`estimated`, `reset`),
/// for every momentary quantity its mean, minimum and maximum; columns in the canonical order
/// of points, empty where an interval lacks the point.
///
/// ```text
/// start;end;label;minutes;energy_active_import end [Wh];energy_active_import delta [Wh];
///   energy_active_import flags;voltage_l1 mean [V];voltage_l1 min [V];voltage_l1 max [V]
/// ```
pub fn intervals_csv(i: &Intervals, options: &CsvOptions) -> String {
    let counters: BTreeSet<Point> = i
        .intervals
        .iter()
        .flat_map(|r| r.counters.iter().map(|c| c.point))
        .collect();
    let stats: BTreeSet<Point> = i
        .intervals
        .iter()
        .flat_map(|r| r.stats.iter().map(|s| s.point))
        .collect();
    let mut t = CsvTable::new(options);
    t.text("start").text("end").text("label").text("minutes");
    for p in &counters {
        t.text(&with_unit(&format!("{p} end"), p.unit()))
            .text(&with_unit(&format!("{p} delta"), p.unit()))
            .text(&format!("{p} flags"));
    }
    for p in &stats {
        for what in ["mean", "min", "max"] {
            t.text(&with_unit(&format!("{p} {what}"), p.unit()));
        }
    }
    t.end_row();
    for row in &i.intervals {
        t.time(&i.time_zone, row.start)
            .time(&i.time_zone, row.end)
            .text(&local_label(&i.time_zone, row.start))
            .int(Some(i64::from(row.minutes)));
        for p in &counters {
            match row.counter(*p) {
                Some(c) => {
                    let flags = match (c.estimated, c.reset) {
                        (true, true) => "estimated reset",
                        (true, false) => "estimated",
                        (false, true) => "reset",
                        (false, false) => "",
                    };
                    t.int(Some(c.end_value)).int(Some(c.delta)).text(flags);
                }
                None => {
                    t.raw("").raw("").raw("");
                }
            }
        }
        for p in &stats {
            let s = row.stat(*p);
            t.float(s.map(|s| s.mean))
                .float(s.map(|s| s.min))
                .float(s.map(|s| s.max));
        }
        t.end_row();
    }
    t.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Calendar, Period, PeriodKind};
    use crate::codec::Slot;
    use crate::query::{
        ComparedSeries, CounterValue, IntervalRow, Part, StatValue, TimeSeriesPoint,
    };
    use crate::scope::{Scope, ScopeKind};
    use ems_model::DeviceId;
    use jiff::civil::Date;

    fn rome() -> Calendar {
        Calendar::new(TimeZone::get("Europe/Rome").unwrap())
    }

    fn point(name: &str) -> Point {
        Point::from_name(name).unwrap()
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn slot(amount: i64, covered: i64, estimated: i64) -> Slot {
        Slot {
            amount,
            covered_minutes: covered,
            estimated_minutes: estimated,
        }
    }

    const COMMA_COMMA: CsvOptions = CsvOptions {
        decimal: DecimalSeparator::Comma,
        field: FieldSeparator::Comma,
    };
    const POINT_COMMA: CsvOptions = CsvOptions {
        decimal: DecimalSeparator::Point,
        field: FieldSeparator::Comma,
    };

    /// A year of two devices: January and February measured, the rest not.
    fn year_histogram() -> Histogram {
        let cal = rome();
        let year = Period::containing(PeriodKind::Year, Date::constant(2026, 5, 1));
        let current = [slot(1200, 44_640, 0), slot(-5, 20_160, 20_160)];
        Histogram {
            scope: Scope::site(),
            name: "Plant".to_owned(),
            point: point("energy_active_import"),
            unit: Unit::WattHour,
            time_zone: cal.time_zone().clone(),
            current: Series::from_slots(&cal, year, &current, 2),
            previous: Series::from_slots(&cal, year.previous(), &[], 2),
        }
    }

    #[test]
    fn the_default_is_decimal_comma_and_semicolon_fields() {
        assert_eq!(
            CsvOptions::default(),
            CsvOptions {
                decimal: DecimalSeparator::Comma,
                field: FieldSeparator::Semicolon
            }
        );
    }

    #[test]
    fn a_histogram_has_local_times_integer_amounts_and_empty_cells_for_gaps() {
        let csv = histogram_csv(&year_histogram(), &CsvOptions::default());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines.len(), 26); // header, 12 + 12 months, and the empty end
        assert_eq!(
            lines[0],
            "period;start;end;label;energy_active_import [Wh];coverage;estimated"
        );
        assert_eq!(
            lines[1],
            "2026;2026-01-01T00:00:00+01:00;2026-02-01T00:00:00+01:00;2026-01;1200;0,5;false"
        );
        assert_eq!(
            lines[2],
            "2026;2026-02-01T00:00:00+01:00;2026-03-01T00:00:00+01:00;2026-02;-5;0,25;true"
        );
        assert_eq!(
            lines[4],
            "2026;2026-04-01T00:00:00+02:00;2026-05-01T00:00:00+02:00;2026-04;;0;false"
        );
        assert_eq!(
            lines[13],
            "2025;2025-01-01T00:00:00+01:00;2025-02-01T00:00:00+01:00;2025-01;;0;false"
        );
        assert_eq!(lines[25], "");
    }

    #[test]
    fn decimal_commas_are_quoted_when_fields_are_separated_by_commas() {
        let csv = histogram_csv(&year_histogram(), &COMMA_COMMA);
        let second = csv.split("\r\n").nth(2).unwrap();
        assert_eq!(
            second,
            "2026,2026-02-01T00:00:00+01:00,2026-03-01T00:00:00+01:00,2026-02,-5,\"0,25\",true"
        );
        let csv = histogram_csv(&year_histogram(), &POINT_COMMA);
        let second = csv.split("\r\n").nth(2).unwrap();
        assert_eq!(
            second,
            "2026,2026-02-01T00:00:00+01:00,2026-03-01T00:00:00+01:00,2026-02,-5,0.25,true"
        );
    }

    #[test]
    fn names_from_users_are_quoted_and_cannot_become_formulas() {
        let cal = rome();
        let day = Period::containing(PeriodKind::Day, Date::constant(2026, 3, 29));
        let part = |key: &str, name: &str, slots: &[Slot]| Part {
            scope: Scope::new(ScopeKind::Group, key),
            name: name.to_owned(),
            current: Series::from_slots(&cal, day, slots, 1),
            previous: Series::from_slots(&cal, day.previous(), &[], 1),
        };
        let partials = Partials {
            kind: ScopeKind::Group,
            point: point("gas_volume"),
            unit: Unit::CubicDecimetre,
            time_zone: cal.time_zone().clone(),
            parts: vec![
                part("a", "=HYPERLINK(\"x\")", &[slot(3, 60, 0)]),
                part("b", "Shop; \"north\"", &[slot(0, 0, 0), slot(4, 60, 0)]),
            ],
        };
        let csv = partials_csv(&partials, &CsvOptions::default());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "period;start;end;label;\"'=HYPERLINK(\"\"x\"\") [dm3]\";\"Shop; \"\"north\"\" [dm3]\""
        );
        // 2026-03-29 is a spring day: 23 hours, then 24 of the day before.
        assert_eq!(lines.len(), 1 + 23 + 24 + 1);
        assert_eq!(
            lines[1],
            "2026-03-29;2026-03-29T00:00:00+01:00;2026-03-29T01:00:00+01:00;00:00;3;"
        );
        assert_eq!(
            lines[2],
            "2026-03-29;2026-03-29T01:00:00+01:00;2026-03-29T03:00:00+02:00;01:00;;4"
        );
        assert_eq!(
            lines[3],
            "2026-03-29;2026-03-29T03:00:00+02:00;2026-03-29T04:00:00+02:00;03:00;;"
        );
        assert_eq!(
            lines[24],
            "2026-03-28;2026-03-28T00:00:00+01:00;2026-03-28T01:00:00+01:00;00:00;;"
        );
    }

    #[test]
    fn a_comparison_has_one_amount_column_per_side() {
        let cal = rome();
        let month = Period::containing(PeriodKind::Month, Date::constant(2026, 2, 10));
        let side = |key: &str, name: &str, slots: &[Slot]| ComparedSeries {
            scope: Scope::new(ScopeKind::Device, key),
            name: name.to_owned(),
            point: point("energy_active_import"),
            unit: Unit::WattHour,
            series: Series::from_slots(&cal, month, slots, 1),
        };
        let c = Comparison {
            time_zone: cal.time_zone().clone(),
            first: side("main", "Main", &[slot(10, 1440, 0)]),
            second: side("pump", "-Pump", &[slot(0, 0, 0), slot(7, 720, 0)]),
        };
        let csv = comparison_csv(&c, &CsvOptions::default());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines.len(), 1 + 28 + 1);
        assert_eq!(
            lines[0],
            "start;end;label;Main energy_active_import [Wh];'-Pump energy_active_import [Wh]"
        );
        assert_eq!(
            lines[1],
            "2026-02-01T00:00:00+01:00;2026-02-02T00:00:00+01:00;2026-02-01;10;"
        );
        assert_eq!(
            lines[2],
            "2026-02-02T00:00:00+01:00;2026-02-03T00:00:00+01:00;2026-02-02;;7"
        );
    }

    #[test]
    fn a_time_series_prints_floats_with_the_chosen_separator() {
        let cal = rome();
        let s = TimeSeries {
            device: DeviceId::new("main").unwrap(),
            name: "Main".to_owned(),
            point: point("power_factor"),
            unit: Unit::One,
            time_zone: cal.time_zone().clone(),
            from: ts("2026-07-01T10:00:00Z"),
            to: ts("2026-07-01T11:00:00Z"),
            bucket_minutes: 30,
            points: vec![TimeSeriesPoint {
                start: ts("2026-07-01T10:30:00Z"),
                end: ts("2026-07-01T11:00:00Z"),
                mean: 0.925,
                min: -0.5,
                max: 1.0,
                intervals: 2,
            }],
        };
        assert_eq!(
            time_series_csv(&s, &CsvOptions::default()),
            "start;end;label;power_factor mean;power_factor min;power_factor max;intervals\r\n\
             2026-07-01T12:30:00+02:00;2026-07-01T13:00:00+02:00;2026-07-01 12:30;0,925;-0,5;1;2\r\n"
        );
        assert_eq!(
            time_series_csv(&s, &POINT_COMMA),
            "start,end,label,power_factor mean,power_factor min,power_factor max,intervals\r\n\
             2026-07-01T12:30:00+02:00,2026-07-01T13:00:00+02:00,2026-07-01 12:30,0.925,-0.5,1,2\r\n"
        );
    }

    #[test]
    fn intervals_have_one_column_group_per_point_and_empty_cells_where_one_is_missing() {
        let cal = rome();
        let energy = point("energy_active_import");
        let volts = point("voltage_l1");
        let i = Intervals {
            device: DeviceId::new("main").unwrap(),
            name: "Main".to_owned(),
            time_zone: cal.time_zone().clone(),
            from: ts("2026-01-10T08:00:00Z"),
            to: ts("2026-01-10T09:00:00Z"),
            intervals: vec![
                IntervalRow {
                    start: ts("2026-01-10T08:00:00Z"),
                    end: ts("2026-01-10T08:15:00Z"),
                    minutes: 15,
                    counters: vec![CounterValue {
                        point: energy,
                        unit: Unit::WattHour,
                        end_value: 123_456,
                        delta: 250,
                        estimated: true,
                        reset: false,
                    }],
                    stats: vec![],
                },
                IntervalRow {
                    start: ts("2026-01-10T08:15:00Z"),
                    end: ts("2026-01-10T08:30:00Z"),
                    minutes: 15,
                    counters: vec![],
                    stats: vec![StatValue {
                        point: volts,
                        unit: Unit::Volt,
                        mean: 230.25,
                        min: 229.5,
                        max: 231.0,
                    }],
                },
            ],
        };
        assert_eq!(
            intervals_csv(&i, &CsvOptions::default()),
            "start;end;label;minutes;energy_active_import end [Wh];energy_active_import delta [Wh];\
             energy_active_import flags;voltage_l1 mean [V];voltage_l1 min [V];voltage_l1 max [V]\r\n\
             2026-01-10T09:00:00+01:00;2026-01-10T09:15:00+01:00;2026-01-10 09:00;15;123456;250;estimated;;;\r\n\
             2026-01-10T09:15:00+01:00;2026-01-10T09:30:00+01:00;2026-01-10 09:15;15;;;;230,25;229,5;231\r\n"
        );
    }
}
