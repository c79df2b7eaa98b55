//! System information (the seeds' "System information" page: version, restarts, CPU, memory,
//! the store's size, free space, backup and health), looking after the store (optimize, the
//! integrity check), and the site file's versions: export, and import of a whole file.
//!
//! Design decisions:
//! - What the machine and the process use is read from Linux's `/proc`, parsed by small pure
//!   functions; where a value cannot be read (another system) it is `null`, never a guess.
//! - The process's CPU use is averaged between two requests: the previous reading is the one
//!   piece of state this module keeps ([`LAST_CPU_READING`]).
//! - An imported site file goes the way of every configuration change: parsed against the
//!   device library, validated, saved as a new version and applied by the running site, under
//!   the configuration edit lock; every error comes back with its path.

use crate::access::{ClientAddr, Principal};
use crate::audit::Audit;
use crate::problem::{ApiResult, ErrorCode, Problem};
use crate::routes::params::{number_param, query_params};
use crate::state::ApiState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use ems_model::site::SiteConfig;
use ems_store::account::AuditResult;
use ems_store::store::{ConfigSource, ConfigVersion, HealthReport, OptimizeReport};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Mutex;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;

/// The media type of site files.
const TOML_MEDIA_TYPE: &str = "application/toml";

// ---------------------------------------------------------------------------------------------
// /proc

/// Linux's clock tick (`USER_HZ`) where the auxiliary vector does not say: 100 on every
/// architecture ems runs on.
const DEFAULT_CLOCK_TICKS_PER_SECOND: u64 = 100;
/// `AT_CLKTCK`: the auxiliary vector's entry for the clock tick.
const AT_CLKTCK: usize = 17;
/// The shortest time over which CPU use is averaged; a request sooner than this after the
/// previous one gets the previous figure.
const MIN_CPU_WINDOW_S: f64 = 1.0;

/// The time the machine booted, from `/proc/stat` (`btime`, seconds since the epoch).
fn boot_time(proc_stat: &str) -> Option<Timestamp> {
    proc_stat
        .lines()
        .find_map(|line| line.strip_prefix("btime "))
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| Timestamp::from_second(s).ok())
}

/// The machine's CPUs, from `/proc/stat` (one `cpuN` line each).
fn cpu_count(proc_stat: &str) -> Option<u32> {
    let count = proc_stat
        .lines()
        .filter(|line| {
            line.strip_prefix("cpu")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
        .count();
    u32::try_from(count).ok().filter(|n| *n > 0)
}

/// The load average over 1, 5 and 15 minutes, from `/proc/loadavg`.
fn load_average(proc_loadavg: &str) -> Option<LoadAverage> {
    let mut fields = proc_loadavg
        .split_whitespace()
        .map(|f| f.parse::<f64>().ok());
    Some(LoadAverage {
        one_minute: fields.next()??,
        five_minutes: fields.next()??,
        fifteen_minutes: fields.next()??,
    })
}

/// A `Key:   1234 kB` value of `/proc/meminfo` or `/proc/self/status`, in bytes.
fn kib_value(text: &str, key: &str) -> Option<u64> {
    text.lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .and_then(|n| n.trim().parse::<u64>().ok())
        .map(|kib| kib.saturating_mul(1024))
}

/// Seconds since the machine booted, from `/proc/uptime`.
fn uptime_seconds(proc_uptime: &str) -> Option<f64> {
    proc_uptime.split_whitespace().next()?.parse().ok()
}

/// The CPU time a process used (user plus system) and when it started, both in clock ticks
/// (the start since boot), from `/proc/<pid>/stat`.
fn process_ticks(pid_stat: &str) -> Option<(u64, u64)> {
    // The command name (field 2) is in parentheses and may hold anything: count fields after
    // its closing parenthesis, from field 3.
    let (_, rest) = pid_stat.rsplit_once(')')?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |n: usize| fields.get(n - 3)?.parse::<u64>().ok();
    Some((field(14)?.saturating_add(field(15)?), field(22)?))
}

/// The clock tick (ticks per second) in an auxiliary vector (`/proc/self/auxv`: pairs of
/// native words).
fn clock_ticks_per_second(auxv: &[u8]) -> Option<u64> {
    const WORD: usize = std::mem::size_of::<usize>();
    auxv.chunks_exact(2 * WORD).find_map(|pair| {
        let (key, value) = pair.split_at(WORD);
        let key = usize::from_ne_bytes(key.try_into().ok()?);
        let value = usize::from_ne_bytes(value.try_into().ok()?);
        (key == AT_CLKTCK && value > 0).then_some(value as u64)
    })
}

/// One reading of the process's CPU use.
#[derive(Debug, Clone, Copy, PartialEq)]
struct CpuReading {
    /// Seconds since the machine booted.
    uptime_s: f64,
    /// CPU seconds the process used so far.
    cpu_s: f64,
    /// Seconds after boot when the process started.
    started_s: f64,
}

/// A reading with the share of one core used since the one before it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct CpuSample {
    reading: CpuReading,
    percent: f64,
}

/// The previous CPU sample, to average the next one over the time between them.
static LAST_CPU_READING: Mutex<Option<CpuSample>> = Mutex::new(None);

/// The sample of `reading`: averaged since `previous` when it is at least
/// [`MIN_CPU_WINDOW_S`] old; `previous` itself when it is younger; since the process started
/// when there is none.
fn next_cpu_sample(previous: Option<CpuSample>, reading: CpuReading) -> CpuSample {
    let (since_s, cpu_then_s) = match previous {
        Some(p) if reading.uptime_s - p.reading.uptime_s < MIN_CPU_WINDOW_S => return p,
        Some(p) => (p.reading.uptime_s, p.reading.cpu_s),
        None => (reading.started_s, 0.0),
    };
    let elapsed_s = reading.uptime_s - since_s;
    let percent = if elapsed_s > 0.0 {
        (100.0 * (reading.cpu_s - cpu_then_s) / elapsed_s).max(0.0)
    } else {
        0.0
    };
    CpuSample { reading, percent }
}

fn read_proc(path: &str) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// The process's CPU use in % of one core (see [`next_cpu_sample`]).
fn process_cpu_percent() -> Option<f64> {
    let ticks_per_second = std::fs::read("/proc/self/auxv")
        .ok()
        .and_then(|auxv| clock_ticks_per_second(&auxv))
        .unwrap_or(DEFAULT_CLOCK_TICKS_PER_SECOND) as f64;
    let (cpu_ticks, start_ticks) = process_ticks(&read_proc("/proc/self/stat")?)?;
    let reading = CpuReading {
        uptime_s: uptime_seconds(&read_proc("/proc/uptime")?)?,
        cpu_s: cpu_ticks as f64 / ticks_per_second,
        started_s: start_ticks as f64 / ticks_per_second,
    };
    let mut last = LAST_CPU_READING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let sample = next_cpu_sample(*last, reading);
    *last = Some(sample);
    Some(sample.percent)
}

// ---------------------------------------------------------------------------------------------
// System information.

/// The machine's load average: runnable and waiting tasks, averaged.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct LoadAverage {
    /// Over the last minute.
    pub one_minute: f64,
    /// Over the last 5 minutes.
    pub five_minutes: f64,
    /// Over the last 15 minutes.
    pub fifteen_minutes: f64,
}

/// The ems process.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ProcessInfo {
    /// The version of ems.
    pub version: String,
    /// When the process started (the application's last restart).
    pub started_at: Timestamp,
    /// When acquisition last (re)started (a configuration change restarts it).
    pub acquisition_started_at: Timestamp,
    /// CPU used, in % of one core (above 100 on several cores), averaged since the previous
    /// request (at least a second earlier) or since the process started; `null` when the
    /// system does not tell.
    pub cpu_percent: Option<f64>,
    /// Memory held (resident set), in bytes; `null` when the system does not tell.
    pub memory_bytes: Option<u64>,
}

/// The machine ems runs on; each value `null` when the system does not tell.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MachineInfo {
    /// When the machine booted (the hardware's last restart).
    pub booted_at: Option<Timestamp>,
    /// Its CPU cores.
    pub cpu_count: Option<u32>,
    /// Its load average.
    pub load_average: Option<LoadAverage>,
    /// Its memory, in bytes.
    pub memory_total_bytes: Option<u64>,
    /// Memory available to start new work without swapping, in bytes.
    pub memory_available_bytes: Option<u64>,
}

/// The system information page.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SystemInfo {
    /// The ems process.
    pub process: ProcessInfo,
    /// The machine.
    pub machine: MachineInfo,
    /// The store: size, free space, last backup, integrity, pending work.
    pub store: HealthReport,
}

fn machine_info() -> MachineInfo {
    let stat = read_proc("/proc/stat");
    let meminfo = read_proc("/proc/meminfo");
    MachineInfo {
        booted_at: stat.as_deref().and_then(boot_time),
        cpu_count: stat.as_deref().and_then(cpu_count),
        load_average: read_proc("/proc/loadavg").as_deref().and_then(load_average),
        memory_total_bytes: meminfo.as_deref().and_then(|m| kib_value(m, "MemTotal")),
        memory_available_bytes: meminfo
            .as_deref()
            .and_then(|m| kib_value(m, "MemAvailable")),
    }
}

/// Version, restarts, CPU and memory of the process and the machine, and the store's health
/// (without an integrity check: see `POST /system/integrity-check`).
#[utoipa::path(get, path = "/system", tag = "system",
    security(("session" = ["web_server_configuration"]), ("token" = ["web_server_configuration"])),
    responses(
        (status = 200, description = "The system information", body = SystemInfo),
    ))]
pub async fn system_info(State(state): State<ApiState>) -> ApiResult<Json<SystemInfo>> {
    let (store, machine, cpu_percent, memory_bytes) = state
        .blocking(|s| {
            let store = s.store.health(false)?;
            let memory = read_proc("/proc/self/status").and_then(|st| kib_value(&st, "VmRSS"));
            Ok((store, machine_info(), process_cpu_percent(), memory))
        })
        .await?;
    Ok(Json(SystemInfo {
        process: ProcessInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            started_at: state.site.started_at(),
            acquisition_started_at: state.site.acquisition_started_at(),
            cpu_percent,
            memory_bytes,
        },
        machine,
        store,
    }))
}

/// Optimizes the store: merges finished days into day blocks, updates the query planner's
/// statistics and returns free pages to the file system.
#[utoipa::path(post, path = "/system/optimize", tag = "system",
    security(("session" = ["web_server_configuration"]), ("token" = ["web_server_configuration"])),
    responses(
        (status = 200, description = "What was done", body = OptimizeReport),
        (status = 503, description = "The store cannot be written now", body = Problem),
    ))]
pub async fn optimize(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
) -> ApiResult<Json<OptimizeReport>> {
    let outcome = state.blocking(|s| s.store.optimize()).await;
    let audit = |result| Audit::by(&state, &principal, client, "store_optimize", result);
    let report = Audit::outcome(audit, outcome, |report| {
        json!({
            "compacted_blocks": report.compacted_blocks,
            "freed_bytes": report.freed_bytes,
        })
    })?;
    Ok(Json(report))
}

/// Checks the whole store for damage (it reads every page: this can take long) and answers
/// its health with the result.
#[utoipa::path(post, path = "/system/integrity-check", tag = "system",
    security(("session" = ["web_server_configuration"]), ("token" = ["web_server_configuration"])),
    responses(
        (status = 200, description = "The store's health, with the check's result in `integrity`", body = HealthReport),
    ))]
pub async fn integrity_check(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
) -> ApiResult<Json<HealthReport>> {
    let outcome = state.blocking(|s| s.store.health(true)).await;
    let audit = |result| Audit::by(&state, &principal, client, "store_integrity_check", result);
    let report = Audit::outcome(
        audit,
        outcome,
        |report| json!({ "ok": report.integrity.as_ref().map(|c| c.ok) }),
    )?;
    Ok(Json(report))
}

// ---------------------------------------------------------------------------------------------
// Site file versions.

/// One stored version of the site file.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ConfigVersionSummary {
    /// Its number (1, 2, …).
    pub version: u32,
    /// When it was saved.
    pub saved_at: Timestamp,
    /// Where it came from.
    pub source: ConfigSource,
}

impl From<ConfigVersion> for ConfigVersionSummary {
    fn from(v: ConfigVersion) -> Self {
        ConfigVersionSummary {
            version: v.version,
            saved_at: v.saved_at,
            source: v.source,
        }
    }
}

/// Every stored version of the site file, newest first.
#[utoipa::path(get, path = "/system/config/versions", tag = "system",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    responses(
        (status = 200, description = "The versions, newest first", body = Vec<ConfigVersionSummary>),
    ))]
pub async fn config_versions(
    State(state): State<ApiState>,
) -> ApiResult<Json<Vec<ConfigVersionSummary>>> {
    let versions = state.blocking(|s| s.readers.config_versions()).await?;
    Ok(Json(versions.into_iter().map(Into::into).collect()))
}

/// Which version of the site file to export.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ConfigParams {
    /// The version number (the latest by default).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 4_294_967_295_i64, example = 1)]
    version: Option<String>,
}

/// The site file (TOML) of a version, as a download.
#[utoipa::path(get, path = "/system/config", tag = "system",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    params(ConfigParams),
    responses(
        (status = 200, description = "The site file", content_type = "application/toml", body = String,
            headers(("content-disposition" = String,
                description = "`attachment; filename=\"site-v<version>.toml\"`"))),
        (status = 400, description = "An unknown or repeated parameter", body = Problem),
        (status = 404, description = "No such version", body = Problem),
        (status = 422, description = "A bad version number", body = Problem),
    ))]
pub async fn export_config(
    State(state): State<ApiState>,
    query: Result<Query<ConfigParams>, QueryRejection>,
) -> ApiResult<Response> {
    let params = query_params(query)?;
    let version = params
        .version
        .as_deref()
        .map(|v| number_param("version", v, 1..=u32::MAX))
        .transpose()?;
    let stored = state
        .blocking(move |s| s.readers.site_config(version))
        .await?
        .ok_or_else(|| match version {
            Some(v) => Problem::not_found(format!("site configuration version {v}")),
            None => Problem::not_found("site configuration (none is stored)"),
        })?;
    Ok((
        [
            (header::CONTENT_TYPE, TOML_MEDIA_TYPE.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"site-v{}.toml\"", stored.version),
            ),
        ],
        stored.site_toml,
    )
        .into_response())
}

/// The version in force after an import.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ConfigImported {
    /// The version now in force.
    pub version: u32,
    /// False when the file equals the version that was in force (nothing was saved).
    pub changed: bool,
}

fn is_toml(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(TOML_MEDIA_TYPE))
}

/// Replaces the whole site configuration with a site file (as exported): it is checked against
/// the device library, saved as a new version and applied (acquisition restarts with it).
#[utoipa::path(put, path = "/system/config", tag = "system",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    request_body(content = String, content_type = "application/toml",
        description = "The site file (TOML)"),
    responses(
        (status = 200, description = "The version in force", body = ConfigImported),
        (status = 400, description = "The body is not an `application/toml` text", body = Problem),
        (status = 413, description = "The file is too large", body = Problem),
        (status = 422, description = "The file breaks rules (each with its path), or acquisition cannot start with it", body = Problem),
    ))]
pub async fn import_config(
    State(state): State<ApiState>,
    principal: Principal,
    client: ClientAddr,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<ConfigImported>> {
    if !is_toml(&headers) {
        return Err(Problem::new(
            ErrorCode::BadRequest,
            format!("send the site file as {TOML_MEDIA_TYPE}"),
        ));
    }
    let text = std::str::from_utf8(&body)
        .map_err(|e| Problem::new(ErrorCode::BadRequest, format!("the file is not UTF-8: {e}")))?;
    let _edit = state.config_edit.lock().await;
    let applied = match SiteConfig::from_toml_str(text, state.library.as_ref()) {
        Ok(site) => state.site.apply(site).await.map_err(Problem::from),
        Err(errors) => Err(Problem::broken_rules(errors.errors)),
    };
    let audit = |result| {
        Audit::by(&state, &principal, client, "config_import", result).target("site_config")
    };
    let saved = match applied {
        Ok(saved) => saved,
        Err(problem) => {
            audit(AuditResult::Failure)
                .detail(json!({ "errors": problem.errors.len().max(1) }))
                .write();
            return Err(problem);
        }
    };
    let version = match saved {
        Some(version) => version,
        None => state
            .blocking(|s| s.readers.site_config(None))
            .await?
            .map_or(0, |v| v.version),
    };
    audit(AuditResult::Success)
        .detail(json!({ "version": version, "changed": saved.is_some() }))
        .write();
    Ok(Json(ConfigImported {
        version,
        changed: saved.is_some(),
    }))
}

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(system_info))
        .routes(utoipa_axum::routes!(optimize))
        .routes(utoipa_axum::routes!(integrity_check))
        .routes(utoipa_axum::routes!(config_versions))
        .routes(utoipa_axum::routes!(export_config, import_config))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROC_STAT: &str = "cpu  2255 34 2290 22625563 6290 127 456 0 0 0\n\
        cpu0 1132 34 1441 11311718 3675 127 438 0 0 0\n\
        cpu1 1123 0 849 11313845 2614 0 18 0 0 0\n\
        intr 114930548 113199788 3 0 5 263 0 4 [... more]\n\
        ctxt 1990473\n\
        btime 1062191376\n\
        processes 2915\n";

    #[test]
    fn the_boot_time_and_the_cpus_come_from_proc_stat() {
        assert_eq!(
            boot_time(PROC_STAT),
            Some(Timestamp::from_second(1_062_191_376).unwrap())
        );
        assert_eq!(cpu_count(PROC_STAT), Some(2));
        assert_eq!(boot_time("cpu 1 2 3\n"), None);
        assert_eq!(cpu_count("btime 5\n"), None);
    }

    #[test]
    fn the_load_average_is_the_first_three_fields() {
        assert_eq!(
            load_average("0.52 0.58 0.59 1/467 12345\n"),
            Some(LoadAverage {
                one_minute: 0.52,
                five_minutes: 0.58,
                fifteen_minutes: 0.59
            })
        );
        assert_eq!(load_average("0.52 x"), None);
    }

    #[test]
    fn memory_values_are_read_in_kibibytes_and_given_in_bytes() {
        let meminfo = "MemTotal:       16314200 kB\nMemFree:         1044000 kB\n\
                       MemAvailable:    9000000 kB\n";
        assert_eq!(kib_value(meminfo, "MemTotal"), Some(16_314_200 * 1024));
        assert_eq!(kib_value(meminfo, "MemAvailable"), Some(9_000_000 * 1024));
        assert_eq!(kib_value(meminfo, "Mem"), None);
        let status = "Name:\tems\nVmPeak:\t  300000 kB\nVmRSS:\t   42000 kB\n";
        assert_eq!(kib_value(status, "VmRSS"), Some(42_000 * 1024));
    }

    #[test]
    fn process_times_are_counted_after_the_command_name_whatever_it_holds() {
        let stat = "4242 (ems (worker) 1) S 1 4242 4242 0 -1 4194560 5000 0 0 0 \
                    250 50 0 0 20 0 12 0 123456 1000000 2000 18446744073709551615";
        assert_eq!(process_ticks(stat), Some((300, 123_456)));
        assert_eq!(process_ticks("4242 (ems) S 1"), None);
        assert_eq!(uptime_seconds("350735.47 234388.90\n"), Some(350_735.47));
    }

    #[test]
    fn the_clock_tick_is_found_in_the_auxiliary_vector() {
        let words: Vec<usize> = vec![6, 4096, AT_CLKTCK, 250, 0, 0];
        let auxv: Vec<u8> = words.iter().flat_map(|w| w.to_ne_bytes()).collect();
        assert_eq!(clock_ticks_per_second(&auxv), Some(250));
        assert_eq!(
            clock_ticks_per_second(&auxv[..2 * size_of::<usize>()]),
            None
        );
    }

    #[test]
    fn cpu_use_is_averaged_since_start_then_between_readings_a_second_apart() {
        let reading = |uptime_s, cpu_s| CpuReading {
            uptime_s,
            cpu_s,
            started_s: 100.0,
        };
        let first = next_cpu_sample(None, reading(200.0, 10.0));
        assert_eq!(first.percent, 10.0);
        let second = next_cpu_sample(Some(first), reading(210.0, 15.0));
        assert_eq!(second.percent, 50.0);
        let too_soon = next_cpu_sample(Some(second), reading(210.5, 16.0));
        assert_eq!(too_soon, second);
    }
}
