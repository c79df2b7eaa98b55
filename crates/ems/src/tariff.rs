//! `ems tariff check | explain | import-prices`: a site file's contracts, checked over a year
//! and explained at an instant, in the site's time zone; dynamic prices imported into the store.
//!
//! Exit status: `check` gives 0 when every contract covers every instant of the year and every
//! rule can win, 1 when there are gaps or rules that never win (still listed), 2 when the file
//! cannot be read or breaks a rule of the site file; `explain` gives 2 for an unreadable file or
//! a local time that does not exist, or exists twice, in the site's time zone.

use crate::cli::ExitStatus;
use anyhow::{Result, anyhow};
use clap::{Subcommand, ValueEnum};
use ems_model::site::SiteConfig;
use ems_model::tariff::{Commodity, TariffPlan};
use ems_profile::load::Library;
use ems_store::HistoryWriter;
use ems_tariff::{Explanation, LocalTimeError, PriceSource, Pricer, RuleSet};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `ems tariff …`
#[derive(Debug, Subcommand)]
pub enum TariffCommand {
    /// List, for each commodity with rules, the gaps (instants no rule prices) over a year and
    /// the rules that never win. Exit status 0: all covered; 1: gaps or dead rules; 2: the file
    /// cannot be read.
    Check {
        /// The site file.
        site: PathBuf,
        /// The first local day of the year checked (today in the site's time zone by default).
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<Date>,
    },
    /// Which rule and which price apply at an instant, and why the rules above do not.
    Explain {
        /// The site file.
        site: PathBuf,
        /// The local civil time in the site's time zone (`2026-12-25T10:00`), or an RFC 3339
        /// instant with its offset (`2026-12-25T10:00+01:00`).
        #[arg(long, value_name = "TIME")]
        at: String,
        /// The commodity.
        #[arg(long, value_enum, default_value_t = CommodityArg::Electricity)]
        commodity: CommodityArg,
        /// Explain the feed-in (export) plan instead of the consumption one (electricity).
        #[arg(long)]
        export: bool,
    },
    /// Store dynamic prices (day-ahead, supplier) from a CSV or JSON file in the data
    /// directory's store: they price what is recorded from then on for a contract with
    /// `dynamic`; the stored prices their span overlaps are replaced.
    ImportPrices(ImportPrices),
}

/// `ems tariff import-prices`: a file of dynamic prices into the store of the data directory.
#[derive(Debug, clap::Args)]
pub struct ImportPrices {
    /// The CSV (start, end, price) or JSON file; times RFC 3339 with their offset, prices per
    /// kWh (or m³) without the surcharge.
    pub file: PathBuf,
    /// The commodity they price.
    #[arg(long, value_enum, default_value_t = CommodityArg::Electricity)]
    pub commodity: CommodityArg,
}

/// A commodity on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CommodityArg {
    /// Electricity.
    Electricity,
    /// Gas.
    Gas,
    /// Water.
    Water,
}

impl From<CommodityArg> for Commodity {
    fn from(c: CommodityArg) -> Commodity {
        match c {
            CommodityArg::Electricity => Commodity::Electricity,
            CommodityArg::Gas => Commodity::Gas,
            CommodityArg::Water => Commodity::Water,
        }
    }
}

/// Runs `ems tariff import-prices` on the store of `dir`; returns what to print.
fn import_prices(dir: &Path, import: &ImportPrices) -> Result<String> {
    let text = std::fs::read_to_string(&import.file)
        .map_err(|e| anyhow!("{}: {e}", import.file.display()))?;
    let entries =
        ems_tariff::read_prices(&text).map_err(|e| anyhow!("{}:\n{e}", import.file.display()))?;
    let store = crate::site_store::open_existing_store(dir)?;
    let commodity = Commodity::from(import.commodity);
    let report = store.import_prices(commodity, entries, "the command line")?;
    store.close()?;
    Ok(format!(
        "{}: {} {} prices from {} to {} imported ({} stored before replaced)\n",
        import.file.display(),
        report.imported,
        report.commodity,
        report.from,
        report.to,
        report.replaced
    ))
}

/// Runs `ems tariff …` (on a site file, or for `import-prices` on the store of `dir`),
/// returning the text to print; a failure carries its exit status.
pub fn run(
    command: TariffCommand,
    library: &Library,
    dir: &Path,
    now: Timestamp,
) -> Result<String> {
    match command {
        TariffCommand::ImportPrices(import) => import_prices(dir, &import),
        TariffCommand::Check { site, from } => {
            let (config, tz) = read(&site, library)?;
            let from = from.unwrap_or_else(|| now.to_zoned(tz.clone()).date());
            let (text, clean) = check(&config, &tz, from)?;
            if clean {
                Ok(text)
            } else {
                crate::cli::write_stdout(&text)?;
                Err(ExitStatus::new(
                    1,
                    anyhow!(
                        "{}: the contracts have gaps or rules that never win",
                        site.display()
                    ),
                )
                .into())
            }
        }
        TariffCommand::Explain {
            site,
            at,
            commodity,
            export,
        } => {
            let (config, tz) = read(&site, library)?;
            let commodity = Commodity::from(commodity);
            let at = ems_tariff::local_instant(&at, &tz).map_err(|e| {
                let message = match e {
                    LocalTimeError::NotATime { .. } => anyhow!("--at {e}"),
                    e => anyhow!(e),
                };
                ExitStatus::new(2, message)
            })?;
            explain(&config, &tz, commodity, export, at)
        }
    }
}

/// Reads the site file and its time zone; every failure has exit status 2.
fn read(path: &Path, library: &Library) -> Result<(SiteConfig, TimeZone)> {
    let config = crate::cli::load_site(path, library).map_err(|e| ExitStatus::new(2, e))?;
    let tz = TimeZone::get(&config.site.time_zone).map_err(|e| ExitStatus::new(2, e.into()))?;
    Ok((config, tz))
}

/// The plans with rules: (what to call it, commodity, plan).
fn plans(config: &SiteConfig) -> Vec<(String, Commodity, &TariffPlan)> {
    let mut plans = Vec::new();
    for commodity in ems_model::site::SiteTariffs::COMMODITIES {
        let Some(contract) = config.tariffs.contract(commodity) else {
            continue;
        };
        plans.push((commodity.name().to_owned(), commodity, &contract.import));
        if let Some(export) = &contract.export {
            plans.push((format!("{} export", commodity.name()), commodity, export));
        }
    }
    plans.retain(|(_, _, plan)| !plan.rules.is_empty());
    plans
}

fn pricer(plan: &TariffPlan, tz: &TimeZone, commodity: Commodity) -> Result<Pricer> {
    // The site file's reader has checked the plan with the same checks already.
    let rules = RuleSet::new(&plan.tariffs, &plan.rules).map_err(|e| anyhow!("{e}"))?;
    Ok(Pricer::new(rules, tz.clone()).for_commodity(commodity))
}

/// The report of `ems tariff check` and whether it found nothing.
fn check(config: &SiteConfig, tz: &TimeZone, from: Date) -> Result<(String, bool)> {
    let start = tz.to_zoned(from.to_datetime(jiff::civil::Time::midnight()))?;
    let end = start.checked_add(1.year())?;
    let mut out = String::new();
    let mut dynamic = false;
    for commodity in ems_model::site::SiteTariffs::COMMODITIES {
        if let Some(d) = config.tariffs.contract(commodity).and_then(|c| c.dynamic) {
            dynamic = true;
            writeln!(
                out,
                "{}: priced by imported prices plus {} per {} (ems tariff import-prices); their \
                 gaps show as unpriced amounts",
                commodity.name(),
                d.surcharge,
                commodity.price_unit()
            )?;
        }
    }
    let plans = plans(config);
    if plans.is_empty() {
        if !dynamic {
            writeln!(out, "no cost rules: nothing is priced")?;
        }
        return Ok((out, true));
    }
    let mut clean = true;
    for (what, commodity, plan) in plans {
        let pricer = pricer(plan, tz, commodity)?;
        writeln!(
            out,
            "{what}: {} rule{}, {} to {} ({})",
            plan.rules.len(),
            if plan.rules.len() == 1 { "" } else { "s" },
            start.date(),
            end.date(),
            config.site.time_zone
        )?;
        let gaps = pricer.gaps(start.timestamp(), end.timestamp());
        if gaps.is_empty() {
            writeln!(out, "  gaps: none, every instant is priced")?;
        } else {
            clean = false;
            let total: SignedDuration = gaps.iter().map(|(s, e)| s.duration_until(*e)).sum();
            writeln!(
                out,
                "  gaps: {} spans, {} not priced",
                gaps.len(),
                hours(total)
            )?;
            for (s, e) in &gaps {
                writeln!(
                    out,
                    "    {} → {} ({})",
                    local(*s, tz),
                    local(*e, tz),
                    hours(s.duration_until(*e))
                )?;
            }
        }
        let dead: Vec<_> = pricer
            .coverage(start.timestamp(), end.timestamp())
            .into_iter()
            .filter(|c| c.never_wins())
            .collect();
        if dead.is_empty() {
            writeln!(out, "  rules that never win: none")?;
        }
        for c in &dead {
            clean = false;
            let rule = &plan.rules[c.rule];
            write!(out, "  rule {} ({}) never wins: ", c.rule + 1, rule.tariff)?;
            if c.taken_by.is_empty() {
                writeln!(out, "it holds at no instant of the period")?;
                continue;
            }
            let by: Vec<String> = c
                .taken_by
                .iter()
                .map(|(by, _)| format!("rule {}", by + 1))
                .collect();
            writeln!(out, "{} take every instant where it holds", by.join(", "))?;
            for (by, spans) in &c.taken_by {
                for (s, e) in spans.iter().take(5) {
                    writeln!(
                        out,
                        "    rule {}: {} → {}",
                        by + 1,
                        local(*s, tz),
                        local(*e, tz)
                    )?;
                }
                if spans.len() > 5 {
                    writeln!(out, "    rule {}: … and {} more", by + 1, spans.len() - 5)?;
                }
            }
        }
    }
    Ok((out, clean))
}

/// `Sat 2026-03-14T00:00+01:00`.
fn local(at: Timestamp, tz: &TimeZone) -> String {
    at.to_zoned(tz.clone())
        .strftime("%a %Y-%m-%dT%H:%M%:z")
        .to_string()
}

/// `48h` or `1h30m`.
fn hours(d: SignedDuration) -> String {
    let minutes = d.as_secs() / 60;
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}m"),
    }
}

/// The text of `ems tariff explain`.
fn explain(
    config: &SiteConfig,
    tz: &TimeZone,
    commodity: Commodity,
    export: bool,
    at: Timestamp,
) -> Result<String> {
    let contract = config.tariffs.contract(commodity);
    let plan = match (contract, export) {
        (Some(c), false) => Some(&c.import),
        (Some(c), true) => c.export.as_ref(),
        (None, _) => None,
    };
    let what = if export {
        format!("{} export", commodity.name())
    } else {
        commodity.name().to_owned()
    };
    let Some(plan) = plan.filter(|p| !p.rules.is_empty()) else {
        return Ok(format!("{what}: no cost rules: nothing is priced\n"));
    };
    let explanation: Explanation = pricer(plan, tz, commodity)?.explain(at);
    Ok(format!("{what}: {explanation}"))
}
