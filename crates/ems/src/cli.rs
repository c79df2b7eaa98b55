//! The command line: `ems check | profiles | points | device read | sim | run | demo | analyze |
//! config | tariff |
//! query | store`.

use crate::image::ProcessImage;
use crate::runtime::serial_settings;
use crate::site_runner::SiteRunner;
use crate::site_store::{open_store, site_for_run};
use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use ems_acquire::transport::{Dialer, SerialDialer, TcpDialer};
use ems_acquire::{DeviceSpec, Framing, Transport, read_once};
use ems_model::site::{self, GenericModbusMeter, SiteConfig};
use ems_model::{DeviceId, Point, SampleBatch, SystemClock, Unit};
use ems_profile::load::Library;
use ems_store::account::AccountWriter;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Writes to standard output; a closed pipe (`ems … | head`) ends the command quietly.
macro_rules! out {
    ($($arg:tt)*) => {
        crate::cli::write_stdout(&format!($($arg)*))?
    };
}

/// As [`out!`], with a newline.
macro_rules! outln {
    ($($arg:tt)*) => {
        crate::cli::write_stdout(&format!("{}\n", format_args!($($arg)*)))?
    };
}

/// Standard output was closed by the reader.
#[derive(Debug, thiserror::Error)]
#[error("standard output closed")]
pub struct StdoutClosed;

/// A failure with its own exit status (a plain error exits with 1).
#[derive(Debug, thiserror::Error)]
#[error("{error:#}")]
pub struct ExitStatus {
    /// The exit status.
    pub code: u8,
    /// What failed.
    pub error: anyhow::Error,
}

impl ExitStatus {
    /// `error`, exiting with `code`.
    pub fn new(code: u8, error: anyhow::Error) -> Self {
        ExitStatus { code, error }
    }
}

/// Writes `text` to standard output.
pub fn write_stdout(text: &str) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(StdoutClosed.into()),
        other => Ok(other?),
    }
}

/// ems: energy management system in a box.
#[derive(Debug, Parser)]
#[command(name = "ems", version, about, long_about = None)]
pub struct Cli {
    /// Log level filter (error, warn, info, debug, trace, or a tracing directive).
    #[arg(long, global = true, default_value = "info", env = "EMS_LOG")]
    pub log: String,
    /// A directory of extra device profiles (same layout as the built-in `profiles/`).
    #[arg(long, global = true, value_name = "DIR")]
    pub profiles: Option<PathBuf>,
    /// The data directory: the store (history, events, site configuration) and its backups.
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        default_value = "data",
        env = "EMS_DATA_DIR"
    )]
    pub data_dir: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a site file and print every error; exits non-zero on any.
    Check {
        /// The site file.
        site: PathBuf,
    },
    /// The device library.
    Profiles {
        /// What to show.
        #[command(subcommand)]
        command: ProfilesCommand,
    },
    /// List the canonical points with their units.
    Points,
    /// Talk to one device.
    Device {
        /// What to do.
        #[command(subcommand)]
        command: DeviceCommand,
    },
    /// Run simulated Modbus devices on loopback (or on a serial port) from a sim file.
    Sim {
        /// The simulator file.
        sim: PathBuf,
    },
    /// Poll a site and record what it measures in the data directory until Ctrl-C or SIGTERM.
    ///
    /// The first start on an empty data directory saves the site file given as the site's
    /// configuration; without one it starts with a default site (the Local gateway, no
    /// devices, named after the machine, in its time zone), to be completed in the web
    /// interface's first-run wizard. Later starts run the configuration the store keeps.
    Run {
        /// The site file for an empty data directory (the store keeps the configuration from
        /// then on); without one, a default site.
        site: Option<PathBuf>,
        /// Print every device's status and main values at this interval (e.g. 10s, 1m).
        #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
        print_every: Option<Duration>,
        /// Stop after this long (runs until Ctrl-C or SIGTERM by default).
        #[arg(long = "for", value_name = "DURATION", value_parser = parse_duration)]
        run_for: Option<Duration>,
        /// The web server.
        #[command(flatten)]
        web: crate::web::WebArgs,
    },
    /// Start the simulator and the poller together on a built-in demo site, recording into the
    /// data directory.
    Demo {
        /// Print every device's status and main values at this interval.
        #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "10s")]
        print_every: Duration,
        /// Stop after this long (runs until Ctrl-C by default).
        #[arg(long = "for", value_name = "DURATION", value_parser = parse_duration)]
        run_for: Option<Duration>,
        /// First fill the store with simulated history reaching this far back (e.g. 400d, 36h).
        #[arg(long, value_name = "DURATION", value_parser = parse_history_span)]
        backfill: Option<jiff::SignedDuration>,
        /// The web server (HTTPS on port 8443 and the redirect on 8080 by default).
        #[command(flatten)]
        web: crate::web::WebArgs,
    },
    /// Users of the web interface.
    User {
        /// What to do.
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The REST API.
    Api {
        /// What to do.
        #[command(subcommand)]
        command: ApiCommand,
    },
    /// The site configuration kept in the data directory.
    Config {
        /// What to do.
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Ask the store of the data directory: consumption histograms, partials, comparisons,
    /// time series, interval records, events.
    Query {
        /// What to ask.
        #[command(subcommand)]
        command: crate::query::QueryCommand,
    },
    /// A site file's tariffs and cost rules: gaps and rules that never win over a year, or
    /// which rule and price apply at an instant; dynamic prices imported into the store.
    Tariff {
        /// What to do.
        #[command(subcommand)]
        command: crate::tariff::TariffCommand,
    },
    /// Look after the store of the data directory.
    Store {
        /// What to do.
        #[command(subcommand)]
        command: StoreCommand,
    },
    /// Measure a COMTRADE record with the software power analyser: per phase and system values,
    /// line voltages, frequency, harmonics and energy, as a table or JSON.
    Analyze(crate::analyze::AnalyzeArgs),
}

/// `ems config …`
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate a site file and save it as the new configuration version.
    Import {
        /// The site file.
        file: PathBuf,
    },
    /// Print a stored configuration as a site file.
    Export {
        /// The version (the latest by default).
        #[arg(long)]
        version: Option<u32>,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// List the stored configuration versions.
    Versions,
}

/// `ems user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// The recovery path when no administrator can log in: ends every session and API token and
    /// prints a new one-time setup code, with which an administrator account is created (or an
    /// existing one given a new password) in the web interface.
    ResetAdmin,
}

/// `ems api …`
#[derive(Debug, Subcommand)]
pub enum ApiCommand {
    /// Print the OpenAPI document of the REST API (JSON).
    Openapi,
}

/// `ems store …`
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Size, free space, last backup, pending work and (with --check) integrity.
    Health {
        /// Run the full integrity check first (reads the whole database).
        #[arg(long)]
        check: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Compact finished days, refresh the planner's statistics and return free space.
    Optimize,
    /// Take a consistent copy of the store into the data directory's backups/.
    Backup,
    /// Recompute every rollup from the interval records with the current loads, groups and
    /// panel boards, and price them with the contracts in force.
    RebuildRollups,
    /// Price the intervals of the local days FROM to TO (both included) again with the
    /// contracts in force now, replacing their stored costs; logged as a costs_repriced event.
    Reprice {
        /// The first local day, YYYY-MM-DD.
        #[arg(long, value_parser = crate::query::date_arg)]
        from: jiff::civil::Date,
        /// The last local day, YYYY-MM-DD.
        #[arg(long, value_parser = crate::query::date_arg)]
        to: jiff::civil::Date,
    },
}

/// `ems profiles …`
#[derive(Debug, Subcommand)]
pub enum ProfilesCommand {
    /// List every profile: id, vendor, model, kind, number of registers.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one profile's register map.
    Show {
        /// The profile id (e.g. eastron.sdm630).
        id: String,
        /// Print JSON instead of TOML.
        #[arg(long)]
        json: bool,
    },
}

/// `ems device …`
#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// Read every point of one device once and print it with unit and quality.
    Read(DeviceReadArgs),
}

/// Where and how to read one device.
#[derive(Debug, Args)]
pub struct DeviceReadArgs {
    /// The device's profile id (see `ems profiles list`).
    #[arg(long)]
    pub profile: String,
    /// Modbus TCP: the device or gateway as HOST:PORT.
    #[arg(long, value_name = "HOST:PORT", group = "target")]
    pub tcp: Option<String>,
    /// Modbus RTU through a serial-to-Ethernet gateway, as HOST:PORT.
    #[arg(long, value_name = "HOST:PORT", group = "target")]
    pub rtu_over_tcp: Option<String>,
    /// Modbus RTU on a serial port (e.g. /dev/ttyUSB0).
    #[arg(long, value_name = "PORT", group = "target")]
    pub serial: Option<String>,
    /// Serial: bits per second.
    #[arg(long, default_value_t = 9600, value_parser = parse_baud)]
    pub baud: u32,
    /// Serial: data bits.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u8).range(7..=8))]
    pub data_bits: u8,
    /// Serial: parity.
    #[arg(long, value_enum, default_value_t = ParityArg::None)]
    pub parity: ParityArg,
    /// Serial: stop bits.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub stop_bits: u8,
    /// The Modbus unit id (slave address), 1-247.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=247))]
    pub unit: u8,
    /// How long to wait for each answer, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    pub timeout_ms: u64,
    /// Read each value in its own request (for devices that refuse coalesced reads).
    #[arg(long)]
    pub one_value_per_read: bool,
    /// Generic Modbus meter: function code (3 or 4), register (hex), words (1, 2, 4), multiplier.
    #[arg(long, num_args = 4, value_names = ["FUNCTION", "REGISTER", "WORDS", "MULTIPLIER"])]
    pub generic: Option<Vec<String>>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Serial parity on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParityArg {
    /// No parity.
    None,
    /// Odd parity.
    Odd,
    /// Even parity.
    Even,
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    let d: jiff::SignedDuration = text
        .parse()
        .map_err(|e| format!("\"{text}\" is not a duration like 10s, 500ms or 1m: {e}"))?;
    Duration::try_from(d).map_err(|_| format!("\"{text}\" is negative"))
}

/// A span of history: `400d`, `36h`, `90m`, or any duration jiff reads (days are 24 hours).
fn parse_history_span(text: &str) -> Result<jiff::SignedDuration, String> {
    let span: jiff::Span = text
        .parse()
        .map_err(|e| format!("\"{text}\" is not a span like 400d, 36h or 90m: {e}"))?;
    let duration = span
        .to_duration(jiff::SpanRelativeTo::days_are_24_hours())
        .map_err(|e| format!("\"{text}\": {e}"))?;
    if duration.is_negative() || duration.is_zero() {
        return Err(format!("\"{text}\" must be positive"));
    }
    if duration > jiff::SignedDuration::from_hours(24 * 366 * 20) {
        return Err(format!("\"{text}\" is more than twenty years"));
    }
    Ok(duration)
}

fn parse_baud(text: &str) -> Result<u32, String> {
    let allowed = site::BaudRate::ALL
        .iter()
        .map(|b| b.bits_per_second())
        .collect::<Vec<_>>();
    text.parse::<u32>()
        .ok()
        .filter(|b| allowed.contains(b))
        .ok_or_else(|| format!("baud must be one of {allowed:?}"))
}

/// Loads the built-in profiles and the user's directory, if any.
pub fn library(user_dir: Option<&Path>) -> Result<Library> {
    let library = Library::builtin().map_err(|e| anyhow!("built-in profiles: {e}"))?;
    match user_dir {
        Some(dir) => library.with_user_dir(dir).map_err(|e| anyhow!("{e}")),
        None => Ok(library),
    }
}

/// Reads and validates a site file, printing every error.
pub fn load_site(path: &Path, library: &Library) -> Result<SiteConfig> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    SiteConfig::from_toml_str(&text, library).map_err(|errors| {
        anyhow!(
            "{}: {} error(s)\n{errors}",
            path.display(),
            errors.errors.len()
        )
    })
}

/// Runs the command line.
pub async fn run(cli: Cli) -> Result<()> {
    let library = library(cli.profiles.as_deref())?;
    match cli.command {
        Command::Check { site } => {
            let config = load_site(&site, &library)?;
            outln!(
                "{}: ok ({} links, {} devices)",
                site.display(),
                config.links.len(),
                config.devices.len()
            );
            Ok(())
        }
        Command::Profiles { command } => profiles(&library, command),
        Command::Points => {
            for p in Point::all() {
                let kind = if p.is_counter() {
                    "counter"
                } else {
                    "momentary"
                };
                outln!(
                    "{:<28} {:<5} {:<10} {}",
                    p.name(),
                    p.unit().symbol(),
                    kind,
                    p.def().description
                );
            }
            Ok(())
        }
        Command::Device {
            command: DeviceCommand::Read(args),
        } => device_read(&library, args).await,
        Command::Sim { sim } => crate::sim::run_sim_file(&sim, &library).await,
        Command::Run {
            site,
            print_every,
            run_for,
            web,
        } => {
            let settings =
                crate::web::server_settings(&web, crate::web::run_defaults(&cli.data_dir))?;
            let clock: Arc<dyn ems_model::Clock> = Arc::new(SystemClock);
            let store = Arc::new(open_store(&cli.data_dir, clock.clone())?);
            let config = site_for_run(&store, site.as_deref(), &library)?;
            let library = Arc::new(library);
            tracing::info!(
                links = config.links.len(),
                devices = config.devices.len(),
                data_dir = %cli.data_dir.display(),
                "polling and recording"
            );
            let runner = SiteRunner::start(
                config,
                store.clone(),
                library.clone(),
                clock.clone(),
                Box::new(SiteConfig::clone),
            )?;
            let web =
                crate::web::Web::start(runner.clone(), store.clone(), library, clock, settings)?;
            let served = serve_until_stopped(&runner, print_every, run_for).await;
            web.stop().await;
            runner.stop().await;
            store.close()?;
            served
        }
        Command::Demo {
            print_every,
            run_for,
            backfill,
            web,
        } => {
            let settings =
                crate::web::server_settings(&web, crate::web::demo_defaults(&cli.data_dir))?;
            let options = crate::demo::DemoOptions {
                data_dir: cli.data_dir,
                print_every,
                run_for,
                backfill,
            };
            crate::demo::run(&library, options, settings).await
        }
        Command::User {
            command: UserCommand::ResetAdmin,
        } => {
            let clock: Arc<dyn ems_model::Clock> = Arc::new(SystemClock);
            let store = open_store(&cli.data_dir, clock.clone())?;
            let validity = ems_api::ServerSettings::new(&cli.data_dir).setup_code_validity;
            let code = ems_api::routes::setup::reset_access(&store, clock.now(), validity)?;
            store.submit_audit(ems_store::account::NewAuditEntry {
                user: None,
                client: Some("command line".into()),
                action: ems_api::audit::AuditAction::ResetAdmin.as_str().into(),
                target: None,
                result: ems_store::account::AuditResult::Success,
                detail: None,
            });
            store.close()?;
            tracing::warn!("access reset from the command line: every session and API token ended");
            outln!(
                "Every session and API token has ended.\n\nSetup code: {code}\n\nOpen the web \
                 interface and enter it to create an administrator, or to give an existing \
                 administrator (by name) a new password. It works once and expires in {} h.",
                validity.as_secs() / 3600
            );
            Ok(())
        }
        Command::Api {
            command: ApiCommand::Openapi,
        } => {
            outln!("{}", ems_api::openapi().to_pretty_json()?);
            Ok(())
        }
        Command::Tariff { command } => {
            let text =
                crate::tariff::run(command, &library, &cli.data_dir, jiff::Timestamp::now())?;
            out!("{text}");
            Ok(())
        }
        Command::Config { command } => {
            let text = match command {
                ConfigCommand::Import { file } => {
                    crate::site_store::import(&cli.data_dir, &file, &library)?
                }
                ConfigCommand::Export { version, output } => {
                    crate::site_store::export(&cli.data_dir, version, output.as_deref())?
                }
                ConfigCommand::Versions => crate::site_store::versions(&cli.data_dir)?,
            };
            out!("{text}");
            Ok(())
        }
        Command::Query { command } => {
            let text = crate::query::run(&cli.data_dir, &library, command)?;
            out!("{text}");
            Ok(())
        }
        Command::Store { command } => {
            let text = crate::maintenance::run(&cli.data_dir, command)?;
            out!("{text}");
            Ok(())
        }
        Command::Analyze(args) => {
            let text = crate::analyze::run(&args)?;
            out!("{text}");
            Ok(())
        }
    }
}

fn profiles(library: &Library, command: ProfilesCommand) -> Result<()> {
    match command {
        ProfilesCommand::List { json } => {
            if json {
                let list: Vec<_> = library
                    .iter()
                    .map(|p| {
                        json!({"id": p.id, "vendor": p.vendor, "model": p.model,
                               "aliases": p.aliases, "kind": p.kind, "registers": p.registers.len()})
                    })
                    .collect();
                outln!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                outln!(
                    "{:<34} {:<16} {:<22} {:<18} REGISTERS",
                    "ID",
                    "VENDOR",
                    "MODEL",
                    "KIND"
                );
                for p in library {
                    let kind = serde_json::to_value(p.kind)?;
                    outln!(
                        "{:<34} {:<16} {:<22} {:<18} {}",
                        p.id,
                        p.vendor,
                        p.model,
                        kind.as_str().unwrap_or_default(),
                        p.registers.len()
                    );
                }
                outln!(
                    "{:<34} {:<16} {:<22} {:<18} 1 (from the device's settings)",
                    ems_profile::generic::GENERIC_METER_ID,
                    "-",
                    "Generic Modbus meter",
                    "electricity_meter",
                );
            }
            Ok(())
        }
        ProfilesCommand::Show { id, json } => {
            let profile = library.get(&id).ok_or_else(|| match library.suggest(&id) {
                Some(s) => anyhow!("unknown profile \"{id}\"; did you mean \"{s}\"?"),
                None => anyhow!("unknown profile \"{id}\"; `ems profiles list` shows them all"),
            })?;
            if json {
                outln!("{}", serde_json::to_string_pretty(profile.as_ref())?);
            } else {
                outln!("{}", toml::to_string_pretty(profile.as_ref())?);
            }
            Ok(())
        }
    }
}

async fn device_read(library: &Library, args: DeviceReadArgs) -> Result<()> {
    let generic = args.generic.as_deref().map(generic_params).transpose()?;
    let profile = library.resolve(&args.profile, generic.as_ref())?;
    let (dialer, framing, gap): (Box<dyn Dialer>, Framing, Duration) =
        match (&args.tcp, &args.rtu_over_tcp, &args.serial) {
            (Some(address), None, None) => (
                Box::new(TcpDialer::new(address)),
                Framing::Tcp,
                Duration::ZERO,
            ),
            (None, Some(address), None) => (
                Box::new(TcpDialer::new(address)),
                Framing::Rtu,
                Duration::from_millis(u64::from(
                    site::RtuOverTcpTransport::DEFAULT_INTER_FRAME_GAP_MS,
                )),
            ),
            (None, None, Some(port)) => {
                let mut serial = site::SerialTransport::new(port.clone());
                serial.baud = site::BaudRate::ALL
                    .iter()
                    .copied()
                    .find(|b| b.bits_per_second() == args.baud)
                    .unwrap_or(serial.baud);
                serial.data_bits = if args.data_bits == 7 {
                    site::DataBits::Seven
                } else {
                    site::DataBits::Eight
                };
                serial.parity = match args.parity {
                    ParityArg::None => site::Parity::None,
                    ParityArg::Odd => site::Parity::Odd,
                    ParityArg::Even => site::Parity::Even,
                };
                serial.stop_bits = if args.stop_bits == 2 {
                    site::StopBits::Two
                } else {
                    site::StopBits::One
                };
                let gap = Duration::from_millis(u64::from(serial.effective_inter_frame_gap_ms()));
                (
                    Box::new(SerialDialer::new(serial_settings(&serial))),
                    Framing::Rtu,
                    gap,
                )
            }
            _ => bail!(
                "give exactly one of --tcp HOST:PORT, --rtu-over-tcp HOST:PORT or --serial PORT"
            ),
        };
    let target = dialer.target().to_owned();
    let mut transport = Transport::new(dialer, framing, gap);
    let spec = DeviceSpec {
        id: DeviceId::new("device").map_err(|e| anyhow!("{e}"))?,
        unit_id: args.unit,
        profile: profile.clone(),
        fast_period: Duration::from_secs(1),
        slow_period: Duration::from_secs(1),
        timeout: Duration::from_millis(args.timeout_ms),
        ct_ratio: 1.0,
        vt_ratio: 1.0,
        one_value_per_read: args.one_value_per_read,
    };
    let batch = read_once(&mut transport, spec, &SystemClock)
        .await
        .with_context(|| format!("reading unit {} at {target}", args.unit))?;
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&batch_json(&batch, &profile.id, args.unit, &target))?
        );
    } else {
        outln!(
            "{} unit {} at {target}, {}",
            profile.id,
            args.unit,
            batch.timestamp
        );
        for s in &batch.samples {
            outln!(
                "{:<28} {:>16} {:<5} {}",
                s.point.name(),
                format_value(s.value),
                s.point.unit().symbol(),
                s.quality
            );
        }
    }
    Ok(())
}

fn generic_params(values: &[String]) -> Result<GenericModbusMeter> {
    let [function, register, words, multiplier] = values else {
        bail!("--generic takes FUNCTION REGISTER WORDS MULTIPLIER");
    };
    Ok(GenericModbusMeter {
        function: function
            .parse()
            .with_context(|| format!("--generic function \"{function}\""))?,
        register: register.clone(),
        words: words
            .parse()
            .with_context(|| format!("--generic words \"{words}\""))?,
        multiplier: multiplier
            .parse()
            .with_context(|| format!("--generic multiplier \"{multiplier}\""))?,
        unit: Unit::KilowattHour,
    })
}

/// The JSON form of one reading of one device, as `ems device read --json` prints it.
pub fn batch_json(
    batch: &SampleBatch,
    profile: &str,
    unit_id: u8,
    target: &str,
) -> serde_json::Value {
    let points: serde_json::Map<String, serde_json::Value> = batch
        .samples
        .iter()
        .map(|s| {
            let value = match s.value {
                ems_model::Value::Float(v) if !v.is_finite() => serde_json::Value::Null,
                v => serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
            };
            (
                s.point.name().to_owned(),
                json!({"value": value, "unit": s.point.unit().symbol(), "quality": s.quality}),
            )
        })
        .collect();
    json!({
        "device": {"profile": profile, "unit_id": unit_id, "target": target},
        "timestamp": batch.timestamp,
        "points": points,
    })
}

fn format_value(value: ems_model::Value) -> String {
    match value {
        ems_model::Value::Counter(c) => c.to_string(),
        ems_model::Value::Float(f) if f.is_finite() => format!("{f:.3}"),
        ems_model::Value::Float(_) => "n/a".to_owned(),
    }
}

/// Keeps a site going until Ctrl-C (or `run_for`), printing the image every `print_every`.
pub async fn serve_until_stopped(
    runner: &SiteRunner,
    print_every: Option<Duration>,
    run_for: Option<Duration>,
) -> Result<()> {
    let stop = async {
        match run_for {
            Some(d) => tokio::time::sleep(d).await,
            None => stop_requested().await,
        }
    };
    tokio::pin!(stop);
    let mut ticker =
        print_every.map(|d| tokio::time::interval_at(tokio::time::Instant::now() + d, d));
    loop {
        tokio::select! {
            () = &mut stop => return Ok(()),
            _ = async { match ticker.as_mut() { Some(t) => { t.tick().await; } None => std::future::pending::<()>().await } } => {
                let site = ems_api::RunningSite::site(runner);
                let image = runner.image();
                if let Ok(image) = image.read() {
                    out!("{}", render_image(&site, &image));
                }
            }
        }
    }
}

/// Resolves at Ctrl-C or SIGTERM.
pub async fn stop_requested() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
    tracing::info!("stopping");
}

/// A compact table of every device: status and main values.
pub fn render_image(site: &SiteConfig, image: &ProcessImage) -> String {
    use std::fmt::Write;
    let shown = [
        "active_power",
        "voltage_l1",
        "current_l1",
        "power_factor",
        "frequency",
        "energy_active_import",
        "gas_volume",
        "water_volume",
    ];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<14} {:<22} {:<20} VALUES",
        "DEVICE", "NAME", "STATUS"
    );
    for (id, live) in image.devices() {
        let name = site
            .devices
            .get(id)
            .map(|d| d.name.as_str())
            .unwrap_or_default();
        let status = live
            .status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "starting".into());
        let values: Vec<String> = shown
            .iter()
            .filter_map(|n| Point::from_name(n))
            .filter_map(|p| live.points.get(&p).map(|v| (p, v)))
            .map(|(p, v)| {
                format!(
                    "{}={} {}{}",
                    p.name(),
                    format_value(v.value),
                    p.unit().symbol(),
                    if v.quality == ems_model::Quality::Good {
                        ""
                    } else {
                        " (stale)"
                    }
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "{:<14} {:<22} {:<20} {}",
            id.as_str(),
            name,
            status,
            values.join("  ")
        );
    }
    out
}
