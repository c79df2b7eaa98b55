//! `ems query …`: consumption histograms, partials, comparisons, costs by tariff, time series, interval records,
//! events and scopes from the store of the data directory, as a table, CSV or JSON.

use crate::site_store::{open_reader, parse_version};
use anyhow::{Result, anyhow};
use clap::{Args, Subcommand, ValueEnum};
use ems_model::site::{DecimalSeparator, FieldSeparator, SiteConfig};
use ems_model::tariff::Money;
use ems_model::{DeviceId, Point, Unit};
use ems_profile::load::Library;
use ems_store::RecordsReader;
use ems_store::calendar::{Calendar, Period, PeriodKind};
use ems_store::csv::{self, CsvOptions};
use ems_store::event::{EventFilter, EventKind};
use ems_store::pricing::{UNPRICED, priced_by};
use ems_store::query::{
    CompareQuery, CostQuery, Costs, HistogramQuery, HistoryReader, IntervalsQuery, PartialsQuery,
    ScopedPoint, Series, TimeSeriesQuery,
};
use ems_store::scope::{Scope, ScopeKind};
use ems_store::sqlite::SqliteReader;
use jiff::Timestamp;
use jiff::civil::Date;
use std::fmt::Write;
use std::path::Path;

/// `ems query …`
#[derive(Debug, Subcommand)]
pub enum QueryCommand {
    /// Consumption of one scope over a day (by hour), month (by day), year (by month) or ten
    /// years (by year), with the previous period beside it.
    Histogram {
        /// `site`, `device:<id>`, `load:<id>`, `group:<id>` or `panel_board:<id>`.
        #[arg(long, default_value = "site")]
        scope: Scope,
        /// The counter and the period.
        #[command(flatten)]
        period: PeriodArgs,
        /// How to print.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// The same split by load, measure group or panel board.
    Partials {
        /// Split by: load, group or panel_board.
        #[arg(long, value_enum, default_value_t = SplitBy::Load)]
        by: SplitBy,
        /// The counter and the period.
        #[command(flatten)]
        period: PeriodArgs,
        /// How to print.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Two scopes over one period.
    Compare {
        /// The two scopes (give --scope twice).
        #[arg(long, num_args = 1, required = true)]
        scope: Vec<Scope>,
        /// The second scope's counter, when it differs from --point.
        #[arg(long, value_name = "POINT")]
        second_point: Option<Point>,
        /// The counter and the period.
        #[command(flatten)]
        period: PeriodArgs,
        /// How to print.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Costs of one scope by tariff over a day (by hour), month (by day), year (by month) or ten
    /// years (by year), for a priced counter: energy_active_import (the default),
    /// energy_active_export, gas_volume or water_volume.
    Costs {
        /// `site`, `device:<id>`, `load:<id>`, `group:<id>` or `panel_board:<id>`.
        #[arg(long, default_value = "site")]
        scope: Scope,
        /// The counter and the period.
        #[command(flatten)]
        period: PeriodArgs,
        /// How to print.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Mean, minimum and maximum of a momentary quantity of a device, down-sampled for a chart.
    Series {
        /// The device id.
        #[arg(long)]
        device: DeviceId,
        /// The quantity (`voltage_l1`, `active_power`, …; see `ems points`).
        #[arg(long)]
        point: Point,
        /// The range of time.
        #[command(flatten)]
        range: RangeArgs,
        /// At most this many points.
        #[arg(long, default_value_t = 500)]
        max_points: u32,
        /// How to print.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// The stored interval records of a device (the data download).
    Intervals {
        /// The device id.
        #[arg(long)]
        device: DeviceId,
        /// The range of time.
        #[command(flatten)]
        range: RangeArgs,
        /// How to print.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// The event log, newest first.
    Events {
        /// Only events at or after this time or local date.
        #[arg(long)]
        since: Option<String>,
        /// Only these kinds (repeat the option).
        #[arg(long)]
        kind: Vec<String>,
        /// Only events of this device.
        #[arg(long)]
        device: Option<DeviceId>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Every scope the store knows.
    Scopes {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// How a partials histogram is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SplitBy {
    /// By load.
    Load,
    /// By measure group.
    Group,
    /// By panel board.
    PanelBoard,
}

/// Which period and counter.
#[derive(Debug, Args)]
pub struct PeriodArgs {
    /// The counter (`energy_active_import`, `energy_active_export`, `gas_volume`, …).
    #[arg(long, default_value = "energy_active_import")]
    point: Point,
    /// day (by hour), month (by day), year (by month) or decade (ten years by year).
    #[arg(long, default_value = "day")]
    period: PeriodKind,
    /// Any local date in the period, YYYY-MM-DD (today by default).
    #[arg(long, value_parser = date_arg)]
    date: Option<Date>,
}

/// A date given on the command line, as RFC 3339 writes it.
pub(crate) fn date_arg(text: &str) -> std::result::Result<Date, String> {
    ems_store::calendar::parse_date(text)
        .ok_or_else(|| format!("{text:?} is not a date: use YYYY-MM-DD"))
}

/// A range of time.
#[derive(Debug, Args)]
pub struct RangeArgs {
    /// Start: an RFC 3339 time or a local date (its midnight).
    #[arg(long)]
    from: String,
    /// End (exclusive): an RFC 3339 time or a local date (its midnight).
    #[arg(long)]
    to: String,
}

/// How results are printed.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// table, csv or json.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// CSV decimal separator (the site's setting by default).
    #[arg(long, value_enum)]
    decimal: Option<Decimal>,
    /// CSV field separator (the site's setting by default).
    #[arg(long, value_enum)]
    separator: Option<Separator>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// CSV with the site's (or the given) separators.
    Csv,
    /// JSON.
    Json,
}

/// `--decimal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Decimal {
    /// `1.5`
    Point,
    /// `1,5`
    Comma,
}

/// `--separator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Separator {
    /// `a,b`
    Comma,
    /// `a;b`
    Semicolon,
}

/// What a query needs besides its arguments: the store, its calendar, the site's CSV choice,
/// and the site itself (for currency and tariff names) when it can be read.
struct Context {
    reader: SqliteReader,
    calendar: Calendar,
    csv: CsvOptions,
    site: Option<SiteConfig>,
}

impl Context {
    fn open(dir: &Path, library: &Library) -> Result<Context> {
        let reader = open_reader(dir)?;
        let calendar = reader.calendar()?;
        let site = match reader.site_config(None)? {
            Some(version) => match parse_version(&version, library) {
                Ok(site) => Some(site),
                Err(e) => {
                    tracing::warn!(error = %e, "using the default CSV separators and tariff ids");
                    None
                }
            },
            None => None,
        };
        let csv = site
            .as_ref()
            .map_or_else(CsvOptions::default, |s| CsvOptions::of(&s.site));
        Ok(Context {
            reader,
            calendar,
            csv,
            site,
        })
    }

    fn period(&self, args: &PeriodArgs) -> Period {
        let date = args
            .date
            .unwrap_or_else(|| self.calendar.date(Timestamp::now()));
        Period::containing(args.period, date)
    }

    fn csv_options(&self, output: &OutputArgs) -> CsvOptions {
        CsvOptions {
            decimal: match output.decimal {
                Some(Decimal::Point) => DecimalSeparator::Point,
                Some(Decimal::Comma) => DecimalSeparator::Comma,
                None => self.csv.decimal,
            },
            field: match output.separator {
                Some(Separator::Comma) => FieldSeparator::Comma,
                Some(Separator::Semicolon) => FieldSeparator::Semicolon,
                None => self.csv.field,
            },
        }
    }

    /// The currency costs are in.
    fn currency(&self) -> &str {
        self.site.as_ref().map_or("", |s| s.site.currency.as_str())
    }

    /// The name of a tariff of the contract pricing `point` (its id when the site does not
    /// name it any more); "unpriced" for what nothing priced.
    fn tariff_name(&self, point: Point, id: &str) -> String {
        if id == UNPRICED {
            return "unpriced".to_owned();
        }
        priced_by(point)
            .zip(self.site.as_ref())
            .and_then(|(by, site)| site.tariffs.tariff(by.commodity, by.export, id))
            .map_or_else(|| id.to_owned(), |t| t.name.clone())
    }

    /// An RFC 3339 time, or a local date meaning its midnight.
    fn instant(&self, text: &str, what: &str) -> Result<Timestamp> {
        self.calendar
            .instant(text)
            .map_err(|e| anyhow!("--{what} {e}"))
    }
}

/// Runs a query against the store of `dir`; returns what to print.
pub fn run(dir: &Path, library: &Library, command: QueryCommand) -> Result<String> {
    let ctx = Context::open(dir, library)?;
    match command {
        QueryCommand::Histogram {
            scope,
            period,
            output,
        } => {
            let h = ctx.reader.histogram(&HistogramQuery {
                scope,
                point: period.point,
                period: ctx.period(&period),
            })?;
            Ok(match output.format {
                Format::Json => json(&h)?,
                Format::Csv => csv::histogram_csv(&h, &ctx.csv_options(&output)),
                Format::Table => {
                    let title = format!("{} ({}) — {}", h.name, h.scope, h.point);
                    series_table(&title, h.unit, &[("", &h.current), ("", &h.previous)])
                }
            })
        }
        QueryCommand::Partials { by, period, output } => {
            let kind = match by {
                SplitBy::Load => ScopeKind::Load,
                SplitBy::Group => ScopeKind::Group,
                SplitBy::PanelBoard => ScopeKind::PanelBoard,
            };
            let p = ctx.reader.partials(&PartialsQuery {
                kind,
                point: period.point,
                period: ctx.period(&period),
            })?;
            Ok(match output.format {
                Format::Json => json(&p)?,
                Format::Csv => csv::partials_csv(&p, &ctx.csv_options(&output)),
                Format::Table => {
                    let columns: Vec<(&str, &Series)> = p
                        .parts
                        .iter()
                        .map(|part| (part.name.as_str(), &part.current))
                        .collect();
                    series_table(&format!("{} by {}", p.point, p.kind), p.unit, &columns)
                }
            })
        }
        QueryCommand::Compare {
            scope,
            second_point,
            period,
            output,
        } => {
            let [first, second] = <[Scope; 2]>::try_from(scope)
                .map_err(|given| anyhow!("give --scope exactly twice (got {})", given.len()))?;
            let c = ctx.reader.compare(&CompareQuery {
                first: ScopedPoint {
                    scope: first,
                    point: period.point,
                },
                second: ScopedPoint {
                    scope: second,
                    point: second_point.unwrap_or(period.point),
                },
                period: ctx.period(&period),
            })?;
            Ok(match output.format {
                Format::Json => json(&c)?,
                Format::Csv => csv::comparison_csv(&c, &ctx.csv_options(&output)),
                Format::Table => {
                    let title = format!("compare {} and {}", c.first.scope, c.second.scope);
                    series_table(
                        &title,
                        c.first.unit,
                        &[
                            (c.first.name.as_str(), &c.first.series),
                            (c.second.name.as_str(), &c.second.series),
                        ],
                    )
                }
            })
        }
        QueryCommand::Costs {
            scope,
            period,
            output,
        } => {
            let c = ctx.reader.costs(&CostQuery {
                scope,
                point: period.point,
                period: ctx.period(&period),
            })?;
            let name = |id: &str| ctx.tariff_name(c.point, id);
            Ok(match output.format {
                Format::Json => json(&c)?,
                Format::Csv => csv::costs_csv(&c, ctx.currency(), &name, &ctx.csv_options(&output)),
                Format::Table => costs_table(&c, ctx.currency(), &name),
            })
        }
        QueryCommand::Series {
            device,
            point,
            range,
            max_points,
            output,
        } => {
            let s = ctx.reader.time_series(&TimeSeriesQuery {
                device,
                point,
                from: ctx.instant(&range.from, "from")?,
                to: ctx.instant(&range.to, "to")?,
                max_points,
            })?;
            Ok(match output.format {
                Format::Json => json(&s)?,
                Format::Csv => csv::time_series_csv(&s, &ctx.csv_options(&output)),
                Format::Table => {
                    let mut out = format!(
                        "{} ({}) — {} in {}, {}-minute buckets\n{:<26} {:>12} {:>12} {:>12}\n",
                        s.name,
                        s.device,
                        s.point,
                        s.unit.symbol(),
                        s.bucket_minutes,
                        "START",
                        "MEAN",
                        "MIN",
                        "MAX"
                    );
                    for p in &s.points {
                        let start = p.start.to_zoned(ctx.calendar.time_zone().clone());
                        let _ = writeln!(
                            out,
                            "{:<26} {:>12.3} {:>12.3} {:>12.3}",
                            start.strftime("%Y-%m-%d %H:%M %:z").to_string(),
                            p.mean,
                            p.min,
                            p.max
                        );
                    }
                    out
                }
            })
        }
        QueryCommand::Intervals {
            device,
            range,
            output,
        } => {
            let i = ctx.reader.intervals(&IntervalsQuery {
                device,
                from: ctx.instant(&range.from, "from")?,
                to: ctx.instant(&range.to, "to")?,
            })?;
            Ok(match output.format {
                Format::Json => json(&i)?,
                // The table of a data download is its CSV, with the chosen separators.
                Format::Csv | Format::Table => csv::intervals_csv(&i, &ctx.csv_options(&output)),
            })
        }
        QueryCommand::Events {
            since,
            kind,
            device,
            limit,
            json: as_json,
        } => {
            let kinds = kind
                .iter()
                .map(|k| {
                    k.parse::<EventKind>().map_err(|e| {
                        let all: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
                        anyhow!("--kind: {e}; use one of {}", all.join(", "))
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let since = since
                .as_deref()
                .map(|s| ctx.instant(s, "since"))
                .transpose()?;
            let events = ctx.reader.events(&EventFilter {
                since,
                kinds,
                device,
                limit: Some(limit),
                ..EventFilter::default()
            })?;
            if as_json {
                return json(&events);
            }
            let mut out = String::new();
            for e in &events {
                let at = e.event.at.to_zoned(ctx.calendar.time_zone().clone());
                let _ = writeln!(
                    out,
                    "{}  {:<7}  {:<19}  {}",
                    at.strftime("%Y-%m-%d %H:%M:%S %:z"),
                    e.event.severity.as_str(),
                    e.event.kind.as_str(),
                    e.event.message
                );
            }
            Ok(out)
        }
        QueryCommand::Scopes { json: as_json } => {
            let scopes = ctx.reader.scopes()?;
            if as_json {
                return json(&scopes);
            }
            let mut out = String::new();
            for s in &scopes {
                let _ = writeln!(out, "{:<40} {}", s.scope.to_string(), s.name);
            }
            Ok(out)
        }
    }
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    Ok(format!("{}\n", serde_json::to_string_pretty(value)?))
}

/// How amounts of a unit are shown to people: energy in kWh, volume in m³, the rest as stored.
fn display_unit(unit: Unit) -> (f64, &'static str) {
    match unit.symbol() {
        "Wh" => (1000.0, "kWh"),
        "varh" => (1000.0, "kvarh"),
        "VAh" => (1000.0, "kVAh"),
        "dm³" | "dm3" => (1000.0, "m³"),
        other => (1.0, other),
    }
}

/// One column per series, one row per bucket. `~` marks estimated amounts (spread over an
/// outage), `*` incomplete ones (some intervals missing); an empty cell has no data.
fn series_table(title: &str, unit: Unit, columns: &[(&str, &Series)]) -> String {
    let (divisor, symbol) = display_unit(unit);
    let mut out = format!("{title}, in {symbol}\n");
    let heading = |name: &str, s: &Series| {
        if name.is_empty() {
            s.period.label.clone()
        } else {
            name.to_owned()
        }
    };
    let _ = write!(out, "{:<12}", "");
    for (name, s) in columns {
        let _ = write!(out, " {:>16}", truncate(&heading(name, s), 16));
    }
    out.push('\n');
    let rows = columns
        .iter()
        .map(|(_, s)| s.buckets.len())
        .max()
        .unwrap_or(0);
    for row in 0..rows {
        let label = columns
            .first()
            .and_then(|(_, s)| s.buckets.get(row))
            .map(|b| b.label.clone())
            .unwrap_or_default();
        let _ = write!(out, "{label:<12}");
        for (_, s) in columns {
            let cell = match s.buckets.get(row) {
                Some(b) => match b.amount {
                    Some(a) => {
                        let mark = if b.estimated {
                            "~"
                        } else if b.coverage < 1.0 {
                            "*"
                        } else {
                            " "
                        };
                        format!("{:.3}{mark}", a as f64 / divisor)
                    }
                    None => String::new(),
                },
                None => String::new(),
            };
            let _ = write!(out, " {cell:>16}");
        }
        out.push('\n');
    }
    let _ = write!(out, "{:<12}", "total");
    for (_, s) in columns {
        let cell = s
            .total
            .map(|t| format!("{:.3} ", t as f64 / divisor))
            .unwrap_or_default();
        let _ = write!(out, " {cell:>16}");
    }
    out.push('\n');
    out
}

/// Costs as columns: each tariff's cost, the amount nothing priced, the bucket's cost.
fn costs_table(c: &Costs, currency: &str, name: &dyn Fn(&str) -> String) -> String {
    let (divisor, symbol) = display_unit(c.unit);
    let mut out = format!(
        "{} ({}) — cost of {} in {currency}, {}\n",
        c.name, c.scope, c.point, c.period.label
    );
    let mut columns: Vec<(String, Option<&str>)> = c
        .tariffs
        .iter()
        .filter(|t| t.tariff != UNPRICED)
        .map(|t| (name(&t.tariff), Some(t.tariff.as_str())))
        .collect();
    let unpriced = c.unpriced_amount() != 0;
    if unpriced {
        columns.push((format!("unpriced {symbol}"), Some(UNPRICED)));
    }
    columns.push(("total".to_owned(), None));
    let _ = write!(out, "{:<12}", "");
    for (heading, _) in &columns {
        let _ = write!(out, " {:>16}", truncate(heading, 16));
    }
    out.push('\n');
    let cell =
        |shares: &[ems_store::query::TariffShare], total: Option<Money>, which: Option<&str>| {
            match which {
                None => total.map(|m| m.to_string()).unwrap_or_default(),
                Some(UNPRICED) => shares
                    .iter()
                    .find(|s| s.tariff == UNPRICED)
                    .map(|s| format!("{:.3}", s.amount as f64 / divisor))
                    .unwrap_or_default(),
                Some(id) => shares
                    .iter()
                    .find(|s| s.tariff == id)
                    .and_then(|s| s.cost)
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
            }
        };
    for b in &c.buckets {
        let _ = write!(out, "{:<12}", b.label);
        for (_, which) in &columns {
            let _ = write!(out, " {:>16}", cell(&b.tariffs, b.cost, *which));
        }
        out.push('\n');
    }
    let _ = write!(out, "{:<12}", "total");
    for (_, which) in &columns {
        let _ = write!(out, " {:>16}", cell(&c.tariffs, c.cost, *which));
    }
    out.push('\n');
    out
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut t: String = text.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}
