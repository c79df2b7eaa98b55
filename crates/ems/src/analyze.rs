//! `ems analyze RECORD`: the software power analyser over a COMTRADE record, as a table or as
//! JSON (`docs/ANALYZE.md`).
//!
//! The record is read whole (`.cfg` with the `.dat` beside it, or one `.cff`), its phase
//! voltages and currents are fed to [`Analyzer`] in blocks, and the windows it returns are
//! aggregated over the whole record with [`aggregate_all`]: magnitudes as RMS over the windows,
//! powers as means weighted by duration. Energy comes from the analyser's own registers.
//! Every error names the file it is about (and the reader's line or byte offset).

use anyhow::{Context, Result, anyhow, bail};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};
use ems_metering::aggregate::aggregate_all;
use ems_metering::analyzer::ACQUISITION_SECONDS;
use ems_metering::comtrade::{ComtradeError, Header, Record};
use ems_metering::config::ConfigError;
use ems_metering::measurement::{Harmonics, PhaseValues, SystemValues, THD_ORDER, WindowValues};
use ems_metering::registers::EnergyRegisters;
use ems_metering::{
    Analyzer, Channel, ChannelRole, MeterConfig, MeterError, NominalFrequency, Phase, Waveforms,
    Wiring,
};
use jiff::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Samples per channel handed to the analyser at a time, so that it never buffers a copy of
/// the whole record.
const BLOCK_SAMPLES: usize = 1 << 16;

/// Harmonic percentages below this in every column are left out of the table.
const SHOWN_HARMONIC_PERCENT: f64 = 0.05;

/// `ems analyze …`
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The COMTRADE record: a `.cfg` (its `.dat` beside it, with the same name; `.dat` or
    /// `.DAT`) or a 2013 single-file `.cff`.
    pub record: PathBuf,
    /// The nominal frequency, which sets the window: 10 cycles at 50 Hz, 12 at 60 Hz. Detected
    /// from the record when not given.
    #[arg(long, value_enum, value_name = "HZ")]
    pub frequency: Option<FrequencyArg>,
    /// The wiring system. Inferred from the record's channels when not given: three phase
    /// voltages and three currents make 3p4w, line-to-line voltages only 3p3w, one voltage and
    /// one current 1p2w, two of each 2p3w.
    #[arg(
        long,
        value_name = "WIRING",
        value_parser = PossibleValuesParser::new(Wiring::ALL.map(Wiring::name))
            .try_map(|name| name.parse::<Wiring>())
    )]
    pub wiring: Option<Wiring>,
    /// The nominal line-to-neutral voltage in volts, for the dip and swell flags of the
    /// windows.
    #[arg(long, value_name = "V", default_value_t = 230.0, value_parser = positive_number)]
    pub nominal_voltage: f64,
    /// A current-transformer ratio to multiply the currents by. COMTRADE values are already
    /// primary (the reader applies the record's own primary/secondary ratings): leave it at 1
    /// unless the recorder wrote secondary amperes without saying so.
    #[arg(long, value_name = "RATIO", default_value_t = 1.0, value_parser = positive_number)]
    pub ct_ratio: f64,
    /// A voltage-transformer ratio to multiply the voltages by. COMTRADE values are already
    /// primary: leave it at 1 unless the recorder wrote secondary volts without saying so.
    #[arg(long, value_name = "RATIO", default_value_t = 1.0, value_parser = positive_number)]
    pub vt_ratio: f64,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also print the values of every measurement window (a row each in the table, a
    /// "windows" array in JSON).
    #[arg(long)]
    pub windows: bool,
}

/// `--frequency` on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FrequencyArg {
    /// 50 Hz: windows of 10 cycles.
    #[value(name = "50")]
    Hz50,
    /// 60 Hz: windows of 12 cycles.
    #[value(name = "60")]
    Hz60,
}

impl From<FrequencyArg> for NominalFrequency {
    fn from(value: FrequencyArg) -> Self {
        match value {
            FrequencyArg::Hz50 => NominalFrequency::Hz50,
            FrequencyArg::Hz60 => NominalFrequency::Hz60,
        }
    }
}

fn positive_number(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
        .ok_or_else(|| format!("\"{text}\" is not a positive number"))
}

/// Analyses the record `args` names; returns what to print.
pub fn run(args: &AnalyzeArgs) -> Result<String> {
    let analysis = analyse(args)?;
    if args.json {
        let report = analysis.report(args.windows);
        Ok(format!("{}\n", serde_json::to_string_pretty(&report)?))
    } else {
        Ok(analysis.table(args.windows))
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the record

/// The files a record was read from.
struct Files {
    /// The `.cfg` or `.cff` given.
    record: PathBuf,
    /// The `.dat` found beside a `.cfg`.
    data: Option<PathBuf>,
}

impl Files {
    /// The reader's error, prefixed with the file it is about.
    fn error(&self, error: &ComtradeError) -> anyhow::Error {
        let in_data = matches!(
            error,
            ComtradeError::AsciiDat { .. }
                | ComtradeError::BinaryDat { .. }
                | ComtradeError::Truncated { .. }
        );
        let file = match (&self.data, in_data) {
            (Some(data), true) => data,
            _ => &self.record,
        };
        anyhow!("{}: {error}", file.display())
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// The `.dat` beside a `.cfg`: the same name with `.dat`, in any case (the case of the `.cfg`'s
/// own extension first).
fn data_file(cfg: &Path) -> Result<PathBuf> {
    let upper = cfg
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.chars().all(|c| c.is_ascii_uppercase()));
    let order = if upper {
        ["DAT", "dat"]
    } else {
        ["dat", "DAT"]
    };
    for extension in order {
        let candidate = cfg.with_extension(extension);
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    let stem = cfg.file_stem().unwrap_or_default();
    let directory = match cfg.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(entries) = std::fs::read_dir(directory) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.file_stem() == Some(stem) && has_extension(&path, "dat") && path.is_file() {
                return Ok(cfg.with_file_name(entry.file_name()));
            }
        }
    }
    bail!(
        "{}: its data file {} is missing (looked for the same name with .dat in any case)",
        cfg.display(),
        cfg.with_extension("dat").display()
    )
}

/// Reads the record at `path`: a `.cff`, or a `.cfg` and its `.dat`.
fn read_record(path: &Path) -> Result<(Record, Files)> {
    if has_extension(path, "cff") {
        let files = Files {
            record: path.to_owned(),
            data: None,
        };
        let record = Record::parse_cff(&read_file(path)?).map_err(|e| files.error(&e))?;
        return Ok((record, files));
    }
    if has_extension(path, "dat") {
        bail!(
            "{}: this is the data file of a record; give its configuration ({})",
            path.display(),
            path.with_extension("cfg").display()
        );
    }
    let cfg = read_file(path)?;
    let data = data_file(path)?;
    let dat = read_file(&data)?;
    let files = Files {
        record: path.to_owned(),
        data: Some(data),
    };
    let record = Record::parse_bytes(&cfg, &dat).map_err(|e| files.error(&e))?;
    Ok((record, files))
}

// ---------------------------------------------------------------------------------------------
// Wiring

/// The wiring the channels of a record make, with the reason, or a message saying why none.
fn infer_wiring(roles: &[ChannelRole]) -> Result<(Wiring, &'static str), String> {
    match Wiring::infer(roles) {
        Some(Wiring::ThreePhase4W) => Ok((
            Wiring::ThreePhase4W,
            "three phase voltages and three currents",
        )),
        Some(Wiring::ThreePhase3W) => Ok((
            Wiring::ThreePhase3W,
            "line-to-line voltages only, and phase currents",
        )),
        Some(Wiring::SplitPhase3W) => {
            Ok((Wiring::SplitPhase3W, "two phase voltages and two currents"))
        }
        Some(Wiring::SinglePhase2W) => Ok((Wiring::SinglePhase2W, "one voltage and one current")),
        Some(Wiring::WildLegDelta) | None => {
            let names: Vec<&str> = roles.iter().map(|r| r.name()).collect();
            Err(format!(
                "cannot tell the wiring from the channels {}: give --wiring (3p4w needs u_l1, \
                 u_l2, u_l3, i_l1, i_l2, i_l3; 3p3w two of u_l1_l2, u_l2_l3, u_l3_l1 and two \
                 phase currents, or u_l1, u_l2, u_l3 with them; 2p3w u_l1, u_l2, i_l1, i_l2; \
                 1p2w u_l1, i_l1)",
                names.join(", ")
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Analysis

/// One analog channel of the record, for the table.
struct ChannelFacts {
    id: String,
    phase: String,
    unit: String,
    role: Option<ChannelRole>,
}

/// A record analysed.
struct Analysis {
    files: Files,
    header: Header,
    channels: Vec<ChannelFacts>,
    status_channels: usize,
    sample_rate_hz: f64,
    samples: usize,
    duration_s: f64,
    wiring: Wiring,
    /// Why the wiring was inferred, when it was not given.
    inferred: Option<&'static str>,
    config: MeterConfig,
    /// The nominal frequency the windows followed, and whether it was given.
    nominal: (NominalFrequency, bool),
    windows: Vec<WindowValues>,
    summary: WindowValues,
    registers: EnergyRegisters,
}

fn analyse(args: &AnalyzeArgs) -> Result<Analysis> {
    let (record, files) = read_record(&args.record)?;
    let name = files.record.display().to_string();
    let header = record.header.clone();
    let channels = record
        .analog_channels
        .iter()
        .zip(record.channel_roles())
        .map(|(c, role)| ChannelFacts {
            id: c.config.id.clone(),
            phase: c.config.phase.clone(),
            unit: c.config.unit.clone(),
            role,
        })
        .collect();
    let status_channels = record.status_channels.len();
    let waveforms = record
        .into_waveforms()
        .map_err(|e| anyhow!("{name}: {e}"))?;
    let roles: Vec<ChannelRole> = waveforms.channels.iter().map(|c| c.role).collect();
    let inferred_wiring = infer_wiring(&roles);
    let (wiring, inferred) = match args.wiring {
        Some(w) => (w, None),
        None => {
            let (w, why) = inferred_wiring
                .as_ref()
                .map_err(|message| anyhow!("{name}: {message}"))?;
            (*w, Some(*why))
        }
    };
    let mut config = MeterConfig::new(wiring);
    config.nominal_frequency = args.frequency.map(NominalFrequency::from);
    config.nominal_voltage_v = args.nominal_voltage;
    config.ct_ratio = args.ct_ratio;
    config.vt_ratio = args.vt_ratio;
    let mut analyzer = Analyzer::new(config.clone()).map_err(|e| anyhow!("{e}"))?;
    let windows = push_all(&mut analyzer, &waveforms).map_err(|e| {
        let hint = match (&e, &inferred_wiring) {
            (MeterError::Config(ConfigError::MissingChannels { .. }), Ok((fits, _))) => {
                format!(" (the record's channels make {fits}: leave out --wiring to use it)")
            }
            _ => String::new(),
        };
        anyhow!("{name}: {e}{hint}")
    })?;
    let sample_rate_hz = waveforms.sample_rate_hz;
    let samples = waveforms.len();
    let duration_s = waveforms.duration_s();
    let Some(summary) = aggregate_all(&windows) else {
        let nominal = config.nominal_frequency.unwrap_or(NominalFrequency::Hz50);
        bail!(
            "{name}: the record is too short for one measurement window: it is {duration_s:.3} s \
             long ({samples} samples at {sample_rate_hz} Hz); a window is {} cycles ({:.3} s at \
             {} Hz), and the analyser first takes {ACQUISITION_SECONDS} s of samples to find the \
             frequency, so a record needs at least {ACQUISITION_SECONDS} s",
            nominal.cycles(),
            nominal.cycles() as f64 / nominal.hz(),
            nominal.hz()
        );
    };
    let nominal = match config.nominal_frequency {
        Some(f) => (f, true),
        None => (
            NominalFrequency::nearest(summary.frequency_hz.unwrap_or(50.0)),
            false,
        ),
    };
    Ok(Analysis {
        files,
        header,
        channels,
        status_channels,
        sample_rate_hz,
        samples,
        duration_s,
        wiring,
        inferred,
        config,
        nominal,
        windows,
        summary,
        registers: analyzer.registers().clone(),
    })
}

/// Pushes the waveforms to the analyser in blocks (at least one, so that the channels are
/// checked even in an empty record); returns every window.
fn push_all(
    analyzer: &mut Analyzer,
    waveforms: &Waveforms,
) -> Result<Vec<WindowValues>, MeterError> {
    let len = waveforms.len();
    let mut windows = Vec::new();
    for from in (0..len.max(1)).step_by(BLOCK_SAMPLES) {
        let to = (from + BLOCK_SAMPLES).min(len);
        let block = Waveforms {
            sample_rate_hz: waveforms.sample_rate_hz,
            start: waveforms.start,
            channels: waveforms
                .channels
                .iter()
                .map(|c| Channel {
                    role: c.role,
                    samples: c.samples.get(from..to).unwrap_or_default().to_vec(),
                })
                .collect(),
        };
        windows.extend(analyzer.push(&block)?);
    }
    Ok(windows)
}

// ---------------------------------------------------------------------------------------------
// JSON

/// `record` of the JSON report.
#[derive(Serialize)]
struct RecordJson {
    sample_rate_hz: f64,
    samples: usize,
    duration_s: f64,
}

/// One phase in the JSON report; the harmonic spectra only in the whole-record values.
#[derive(Serialize)]
struct PhaseJson {
    voltage_v: f64,
    current_a: f64,
    active_power_w: f64,
    reactive_power_var: f64,
    apparent_power_va: f64,
    power_factor: Option<f64>,
    voltage_thd_percent: Option<f64>,
    current_thd_percent: Option<f64>,
    /// Left out in a window (`None`); null without a fundamental (`Some(None)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    voltage_harmonics_percent: Option<Option<Vec<f64>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_harmonics_percent: Option<Option<Vec<f64>>>,
}

/// Orders 1 to 31 in % of the fundamental; `None` without a fundamental (no voltage or no
/// current), where percentages do not exist.
fn spectrum(harmonics: &Harmonics) -> Option<Vec<f64>> {
    (harmonics.order(1) > 0.0).then(|| harmonics.percent(THD_ORDER))
}

impl PhaseJson {
    fn new(p: &PhaseValues, harmonics: bool) -> PhaseJson {
        PhaseJson {
            voltage_v: p.voltage_v,
            current_a: p.current_a,
            active_power_w: p.active_power_w,
            reactive_power_var: p.reactive_power_var,
            apparent_power_va: p.apparent_power_va,
            power_factor: p.power_factor,
            voltage_thd_percent: p.voltage_thd_percent,
            current_thd_percent: p.current_thd_percent,
            voltage_harmonics_percent: harmonics.then(|| spectrum(&p.voltage_harmonics_v)),
            current_harmonics_percent: harmonics.then(|| spectrum(&p.current_harmonics_a)),
        }
    }
}

/// `energy` of the JSON report.
#[derive(Serialize)]
struct EnergyJson {
    active_import_wh: f64,
    active_export_wh: f64,
    reactive_import_varh: f64,
    reactive_export_varh: f64,
    apparent_vah: f64,
}

/// One window in the JSON report: when, how long, and the values under the same keys as the
/// whole record's (without harmonic spectra).
#[derive(Serialize)]
struct WindowJson<'a> {
    offset_s: f64,
    start: Option<Timestamp>,
    duration_s: f64,
    frequency_hz: Option<f64>,
    flagged: bool,
    phases: BTreeMap<&'static str, PhaseJson>,
    line_voltages_v: BTreeMap<&'static str, f64>,
    system: &'a SystemValues,
}

/// The JSON report (`docs/ANALYZE.md`).
#[derive(Serialize)]
struct Report<'a> {
    record: RecordJson,
    frequency_hz: Option<f64>,
    phases: BTreeMap<&'static str, PhaseJson>,
    line_voltages_v: BTreeMap<&'static str, f64>,
    system: &'a SystemValues,
    energy: EnergyJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    windows: Option<Vec<WindowJson<'a>>>,
}

fn phases_json(values: &WindowValues, harmonics: bool) -> BTreeMap<&'static str, PhaseJson> {
    values
        .phases
        .iter()
        .map(|p| (p.phase.name(), PhaseJson::new(p, harmonics)))
        .collect()
}

fn lines_json(values: &WindowValues) -> BTreeMap<&'static str, f64> {
    values
        .lines
        .iter()
        .map(|l| (l.pair.name(), l.voltage_v))
        .collect()
}

impl Analysis {
    fn report(&self, with_windows: bool) -> Report<'_> {
        let r = &self.registers;
        Report {
            record: RecordJson {
                sample_rate_hz: self.sample_rate_hz,
                samples: self.samples,
                duration_s: self.duration_s,
            },
            frequency_hz: self.summary.frequency_hz,
            phases: phases_json(&self.summary, true),
            line_voltages_v: lines_json(&self.summary),
            system: &self.summary.system,
            energy: EnergyJson {
                active_import_wh: r.active_wh.import.exact(),
                active_export_wh: r.active_wh.export.exact(),
                reactive_import_varh: r.reactive_varh.import.exact(),
                reactive_export_varh: r.reactive_varh.export.exact(),
                apparent_vah: r.apparent_vah.exact(),
            },
            windows: with_windows.then(|| {
                self.windows
                    .iter()
                    .map(|w| WindowJson {
                        offset_s: w.offset_s,
                        start: w.start,
                        duration_s: w.duration_s,
                        frequency_hz: w.frequency_hz,
                        flagged: w.flagged,
                        phases: phases_json(w, false),
                        line_voltages_v: lines_json(w),
                        system: &w.system,
                    })
                    .collect()
            }),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The table

/// A row of the phase table: the value of a phase, when there is one.
type PhaseRow = fn(&PhaseValues) -> Option<f64>;

/// A number with `decimals` (never `-0.00`), or `-` when there is none.
fn num(value: Option<f64>, decimals: usize) -> String {
    match value {
        Some(v) if v.is_finite() => {
            let text = format!("{v:.decimals$}");
            match text.strip_prefix('-') {
                Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_owned(),
                _ => text,
            }
        }
        _ => "-".to_owned(),
    }
}

impl Analysis {
    fn table(&self, with_windows: bool) -> String {
        let mut out = String::new();
        self.header_table(&mut out);
        out.push('\n');
        self.phase_table(&mut out);
        self.harmonics_table(&mut out);
        self.system_table(&mut out);
        if with_windows {
            out.push('\n');
            self.windows_table(&mut out);
        }
        out
    }

    fn header_table(&self, out: &mut String) {
        let h = &self.header;
        let data = match &self.files.data {
            Some(data) => format!(" (data {})", data.display()),
            None => String::new(),
        };
        let _ = writeln!(out, "{:<16}{}{data}", "record", self.files.record.display());
        let _ = writeln!(
            out,
            "{:<16}station \"{}\", device \"{}\"; COMTRADE {}, {}",
            "recorded by",
            h.station_name,
            h.recording_device_id,
            h.revision.year(),
            h.file_type.name()
        );
        let start = match (h.start_utc(), h.time_code) {
            (Some(t), Some(_)) => t.to_string(),
            (Some(t), None) => format!("{t} (the record has no time zone: taken as UTC)"),
            (None, _) => "not given".to_owned(),
        };
        let trigger = h
            .trigger_utc()
            .map(|t| format!("; trigger {t}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{:<16}{start}{trigger}", "start");
        let _ = writeln!(
            out,
            "{:<16}{} Hz, {} samples per channel, {:.3} s",
            "sampling", self.sample_rate_hz, self.samples, self.duration_s
        );
        let line_frequency = h
            .line_frequency_hz
            .map_or_else(|| "not given".to_owned(), |f| format!("{f} Hz"));
        let _ = writeln!(
            out,
            "{:<16}{line_frequency} (lf of the cfg)",
            "line frequency"
        );
        for (i, c) in self.channels.iter().enumerate() {
            let role = c
                .role
                .map_or_else(|| "left out".to_owned(), |r| format!("→ {r}"));
            let _ = writeln!(
                out,
                "{:<16}{} \"{}\" (ph \"{}\", uu \"{}\") {role}",
                if i == 0 { "channels" } else { "" },
                i + 1,
                c.id,
                c.phase,
                c.unit
            );
        }
        if self.status_channels > 0 {
            let _ = writeln!(out, "{:<16}{} status channels", "", self.status_channels);
        }
        let wiring = match self.inferred {
            Some(why) => format!(
                "{} (inferred from the channels: {why}; --wiring chooses another)",
                self.wiring
            ),
            None => format!("{} (--wiring)", self.wiring),
        };
        let _ = writeln!(out, "{:<16}{wiring}", "wiring");
        let _ = writeln!(
            out,
            "{:<16}{} V line to neutral; CT ratio {}, VT ratio {} (the record's values are primary)",
            "nominal", self.config.nominal_voltage_v, self.config.ct_ratio, self.config.vt_ratio
        );
        let (nominal, given) = self.nominal;
        let analysed: f64 = self.windows.iter().map(|w| w.duration_s).sum();
        let end = self
            .windows
            .last()
            .map_or(0.0, |w| w.offset_s + w.duration_s);
        let _ = writeln!(
            out,
            "{:<16}{} of {} cycles ({} Hz, {}), {analysed:.3} s; the last {:.3} s make no whole window",
            "windows",
            self.windows.len(),
            nominal.cycles(),
            nominal.hz(),
            if given { "--frequency" } else { "detected" },
            (self.duration_s - end).max(0.0)
        );
        let flagged = self.windows.iter().filter(|w| w.flagged).count();
        if flagged > 0 {
            let hint = if flagged == self.windows.len() {
                format!(
                    "; every window: is --nominal-voltage ({} V) right?",
                    self.config.nominal_voltage_v
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "{:<16}{flagged} windows flagged (a one-cycle voltage outside 90 %–110 % of \
                 nominal){hint}",
                ""
            );
        }
        let _ = writeln!(
            out,
            "{:<16}{} Hz (mean over the windows)",
            "frequency",
            num(self.summary.frequency_hz, 4)
        );
        let _ = writeln!(
            out,
            "{:<16}means over the whole record: RMS over the windows for magnitudes, \
             duration-weighted for powers",
            "values"
        );
    }

    fn phase_table(&self, out: &mut String) {
        let phases = &self.summary.phases;
        let _ = write!(out, "{:<24}", "");
        for p in phases {
            let _ = write!(out, "{:>14}", p.phase.name());
        }
        out.push('\n');
        let voltage = if self.wiring == Wiring::ThreePhase3W {
            "voltage to star pt. V"
        } else {
            "voltage L-N V"
        };
        let rows: [(&str, PhaseRow, usize); 8] = [
            (voltage, |p| Some(p.voltage_v), 3),
            ("current A", |p| Some(p.current_a), 4),
            ("active power W", |p| Some(p.active_power_w), 2),
            ("reactive power var", |p| Some(p.reactive_power_var), 2),
            ("apparent power VA", |p| Some(p.apparent_power_va), 2),
            ("power factor", |p| p.power_factor, 4),
            ("voltage THD %", |p| p.voltage_thd_percent, 3),
            ("current THD %", |p| p.current_thd_percent, 3),
        ];
        for (label, value, decimals) in rows {
            let _ = write!(out, "{label:<24}");
            for p in phases {
                let _ = write!(out, "{:>14}", num(value(p), decimals));
            }
            out.push('\n');
        }
        if self.wiring == Wiring::ThreePhase3W {
            let _ = writeln!(
                out,
                "(a three-wire system has no neutral: phase voltages are to the virtual star point)"
            );
        }
        if !self.summary.lines.is_empty() {
            let lines: Vec<String> = self
                .summary
                .lines
                .iter()
                .map(|l| format!("{} {:.3} V", l.pair.name(), l.voltage_v))
                .collect();
            let _ = writeln!(out, "{:<24}{}", "line voltages", lines.join("   "));
        }
    }

    fn harmonics_table(&self, out: &mut String) {
        let phases = &self.summary.phases;
        let columns: Vec<(String, Vec<f64>)> = phases
            .iter()
            .map(|p| {
                (
                    format!("U {}", p.phase),
                    p.voltage_harmonics_v.percent(THD_ORDER),
                )
            })
            .chain(phases.iter().map(|p| {
                (
                    format!("I {}", p.phase),
                    p.current_harmonics_a.percent(THD_ORDER),
                )
            }))
            .collect();
        let orders: Vec<usize> = (2..=THD_ORDER)
            .filter(|h| {
                columns
                    .iter()
                    .any(|(_, c)| c.get(h - 1).is_some_and(|v| *v >= SHOWN_HARMONIC_PERCENT))
            })
            .collect();
        out.push('\n');
        if orders.is_empty() {
            let _ = writeln!(
                out,
                "harmonics: every order from 2 to {THD_ORDER} is below {SHOWN_HARMONIC_PERCENT} % \
                 of the fundamental"
            );
            return;
        }
        let _ = writeln!(
            out,
            "harmonics, % of the fundamental (orders of at least {SHOWN_HARMONIC_PERCENT} % \
             somewhere; --json gives orders 1 to {THD_ORDER})"
        );
        let _ = write!(out, "{:<8}", "order");
        for (name, _) in &columns {
            let _ = write!(out, "{name:>10}");
        }
        out.push('\n');
        for h in orders {
            let _ = write!(out, "{h:<8}");
            for (_, c) in &columns {
                let _ = write!(out, "{:>10}", num(c.get(h - 1).copied(), 3));
            }
            out.push('\n');
        }
    }

    fn system_table(&self, out: &mut String) {
        let s = &self.summary.system;
        out.push('\n');
        let _ = writeln!(
            out,
            "{:<24}{} W, {} var, {} VA, power factor {}",
            "system",
            num(Some(s.active_power_w), 2),
            num(Some(s.reactive_power_var), 2),
            num(Some(s.apparent_power_va), 2),
            num(s.power_factor, 4)
        );
        let neutral = match s.neutral_current_a {
            Some(i) => format!("{i:.4} A"),
            None => format!("none (a {} system has no neutral)", self.wiring),
        };
        let _ = writeln!(out, "{:<24}{neutral}", "neutral current");
        let unbalance = match s.voltage_unbalance_percent {
            Some(u) => format!("{u:.3} % (negative over positive sequence)"),
            None => "- (needs three phases)".to_owned(),
        };
        let _ = writeln!(out, "{:<24}{unbalance}", "voltage unbalance");
        let r = &self.registers;
        let _ = writeln!(
            out,
            "{:<24}active import {:.4} Wh, export {:.4} Wh",
            "energy",
            r.active_wh.import.exact(),
            r.active_wh.export.exact()
        );
        let _ = writeln!(
            out,
            "{:<24}reactive import (inductive) {:.4} varh, export (capacitive) {:.4} varh",
            "",
            r.reactive_varh.import.exact(),
            r.reactive_varh.export.exact()
        );
        let _ = writeln!(out, "{:<24}apparent {:.4} VAh", "", r.apparent_vah.exact());
    }

    fn windows_table(&self, out: &mut String) {
        let phases: Vec<Phase> = self.wiring.phases().to_vec();
        let _ = write!(
            out,
            "{:>6} {:>9} {:>9} {:>10}",
            "window", "offset s", "length s", "freq Hz"
        );
        for p in &phases {
            let _ = write!(out, " {:>9}", format!("U {p} V"));
        }
        for p in &phases {
            let _ = write!(out, " {:>9}", format!("I {p} A"));
        }
        let _ = writeln!(
            out,
            " {:>11} {:>11} {:>11} {:>7} flag",
            "P W", "Q var", "S VA", "PF"
        );
        for (n, w) in self.windows.iter().enumerate() {
            let _ = write!(
                out,
                "{:>6} {:>9.4} {:>9.5} {:>10}",
                n + 1,
                w.offset_s,
                w.duration_s,
                num(w.frequency_hz, 4)
            );
            for p in &phases {
                let _ = write!(out, " {:>9}", num(w.phase(*p).map(|v| v.voltage_v), 3));
            }
            for p in &phases {
                let _ = write!(out, " {:>9}", num(w.phase(*p).map(|v| v.current_a), 4));
            }
            let s = &w.system;
            let _ = writeln!(
                out,
                " {:>11} {:>11} {:>11} {:>7}{}",
                num(Some(s.active_power_w), 2),
                num(Some(s.reactive_power_var), 2),
                num(Some(s.apparent_power_va), 2),
                num(s.power_factor, 4),
                if w.flagged { " flagged" } else { "" }
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChannelRole as R;

    #[test]
    fn the_wiring_is_inferred_from_the_channels_a_record_has() {
        let infer = |roles: &[ChannelRole]| infer_wiring(roles).map(|(w, _)| w);
        assert_eq!(
            infer(&[
                R::VoltageL1,
                R::VoltageL2,
                R::VoltageL3,
                R::CurrentL1,
                R::CurrentL2,
                R::CurrentL3,
                R::CurrentN
            ]),
            Ok(Wiring::ThreePhase4W)
        );
        assert_eq!(
            infer(&[R::VoltageL1L2, R::VoltageL2L3, R::CurrentL1, R::CurrentL3]),
            Ok(Wiring::ThreePhase3W)
        );
        assert_eq!(
            infer(&[R::VoltageL1, R::VoltageL2, R::CurrentL1, R::CurrentL2]),
            Ok(Wiring::SplitPhase3W)
        );
        assert_eq!(
            infer(&[R::VoltageL1, R::CurrentL1]),
            Ok(Wiring::SinglePhase2W)
        );
        let error = infer(&[R::VoltageL1, R::VoltageL2, R::VoltageL3, R::CurrentL1]).unwrap_err();
        assert!(
            error.starts_with("cannot tell the wiring from the channels u_l1, u_l2, u_l3, i_l1"),
            "{error}"
        );
    }

    #[test]
    fn missing_values_print_as_a_dash() {
        assert_eq!(num(None, 2), "-");
        assert_eq!(num(Some(f64::NAN), 2), "-");
        assert_eq!(num(Some(1.23456), 2), "1.23");
    }
}
