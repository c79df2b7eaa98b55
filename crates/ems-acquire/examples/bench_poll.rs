//! The ems side of the acquisition benchmark (`scripts/bench-acquisition.sh`, `make bench`).
//!
//! Polls N simulated `eastron.sdm120` meters over Modbus TCP with the acquisition library, as the
//! daemon does (one [`spawn_link`] task per link, one TCP connection per link, requests on a link
//! one at a time, fast and slow class every second), and prints one JSON line: requests per
//! second and CPU time per request of this process, measured after a warm-up.
//!
//! Devices are laid out as the script's simulator file: device `k` (from 0) is unit
//! `k % per_listener + 1` on listener `k / per_listener`; a listener's devices are split into
//! links of at most `per_link` devices. The request plan (per link: address, and per device its
//! unit and `(function, start, count)` reads) is written as JSON for `bench/pymodbus_poll.py`,
//! which does the same reads with pymodbus.
//!
//! CPU time is the sum of the first field of `/proc/self/task/*/schedstat` (nanoseconds on CPU
//! of every thread of the process); `utime` and `stime` of `/proc/self/stat` (in clock ticks,
//! assumed 100 per second: `getconf CLK_TCK`) are printed beside it, as the split between user
//! space and the kernel and as a cross-check. The measured window should start half a period
//! after the links (a warm-up of a whole number of periods plus a half), so that the window's
//! edges do not fall on the moments devices are polled. The runtime is tokio's
//! current-thread runtime unless `--workers K` asks for a multi-thread runtime of K workers.
//!
//! ```text
//! bench_poll --listeners 127.0.0.1:5020,127.0.0.1:5021 --devices 300 --seconds 20 \
//!     [--warmup 2.5] [--per-listener 200] [--per-link 100] [--workers 0] [--plan plan.json]
//! ```

use ems_acquire::transport::TcpDialer;
use ems_acquire::{
    DeviceSpec, Framing, LinkEvent, LinkHandle, LinkSettings, Transport, spawn_link,
};
use ems_model::{DeviceId, DeviceStatus, Point, SystemClock};
use ems_profile::{Library, PollClass, ReadPlan};
use std::collections::HashSet;
use std::error::Error;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

type BoxError = Box<dyn Error + Send + Sync>;

const PROFILE: &str = "eastron.sdm120";
const PERIOD: Duration = Duration::from_secs(1);
const TIMEOUT: Duration = Duration::from_secs(1);
/// Clock ticks per second of `/proc/self/stat` (`getconf CLK_TCK`, 100 on Linux).
const CLOCK_TICKS_PER_SECOND: f64 = 100.0;

struct Options {
    listeners: Vec<String>,
    devices: usize,
    seconds: f64,
    warmup: f64,
    per_listener: usize,
    per_link: usize,
    workers: usize,
    plan: Option<String>,
}

fn parse_options() -> Result<Options, BoxError> {
    let mut options = Options {
        listeners: Vec::new(),
        devices: 10,
        seconds: 20.0,
        warmup: 2.5,
        per_listener: 200,
        per_link: 100,
        workers: 0,
        plan: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--listeners" => {
                options.listeners = value.split(',').map(str::to_owned).collect();
            }
            "--devices" => options.devices = value.parse()?,
            "--seconds" => options.seconds = value.parse()?,
            "--warmup" => options.warmup = value.parse()?,
            "--per-listener" => options.per_listener = value.parse()?,
            "--per-link" => options.per_link = value.parse()?,
            "--workers" => options.workers = value.parse()?,
            "--plan" => options.plan = Some(value),
            _ => return Err(format!("unknown option {flag}").into()),
        }
    }
    if options.per_listener == 0 || options.per_listener > 247 || options.per_link == 0 {
        return Err("--per-listener must be 1..=247 and --per-link at least 1".into());
    }
    let needed = options.devices.div_ceil(options.per_listener);
    if options.listeners.len() < needed {
        return Err(format!(
            "{} devices at {} per listener need {needed} listeners, got {}",
            options.devices,
            options.per_listener,
            options.listeners.len()
        )
        .into());
    }
    Ok(options)
}

/// One link of the benchmark: its address and the unit ids polled on it.
struct LinkLayout {
    address: String,
    units: Vec<u8>,
}

fn layout(options: &Options) -> Result<Vec<LinkLayout>, BoxError> {
    let mut links = Vec::new();
    let mut remaining = options.devices;
    for address in &options.listeners {
        let on_listener = remaining.min(options.per_listener);
        remaining -= on_listener;
        let units = (1..=on_listener)
            .map(u8::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        for chunk in units.chunks(options.per_link) {
            links.push(LinkLayout {
                address: address.clone(),
                units: chunk.to_vec(),
            });
        }
        if remaining == 0 {
            break;
        }
    }
    Ok(links)
}

/// The plan as JSON: `{"period_s":1,"links":[{"address":..,"devices":[{"unit":1,"reads":[[4,0,38],..]}]}]}`.
/// Every device reads the fast class and then the slow class at each poll.
fn plan_json(links: &[LinkLayout], reads: &[(u8, u16, u16)]) -> String {
    let reads = reads
        .iter()
        .map(|(function, start, count)| format!("[{function},{start},{count}]"))
        .collect::<Vec<_>>()
        .join(",");
    let mut out = format!("{{\"period_s\":{},\"links\":[", PERIOD.as_secs_f64());
    for (i, link) in links.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{{\"address\":\"{}\",\"devices\":[", link.address);
        for (j, unit) in link.units.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            let _ = write!(out, "{{\"unit\":{unit},\"reads\":[{reads}]}}");
        }
        out.push_str("]}");
    }
    out.push_str("]}\n");
    out
}

/// CPU time of every thread of this process so far, in nanoseconds (`schedstat`).
fn cpu_ns() -> Result<u64, BoxError> {
    let mut total = 0u64;
    for entry in std::fs::read_dir("/proc/self/task")? {
        let path = entry?.path().join("schedstat");
        // A thread may end between listing and reading; its time is then lost (none do here).
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let first = text.split_whitespace().next().ok_or("empty schedstat")?;
        total += first.parse::<u64>()?;
    }
    Ok(total)
}

/// `utime` and `stime` of this process in clock ticks (`/proc/self/stat`).
fn cpu_ticks() -> Result<(u64, u64), BoxError> {
    let text = std::fs::read_to_string("/proc/self/stat")?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = text.rsplit_once(')').ok_or("bad /proc/self/stat")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let utime: u64 = fields.get(11).ok_or("no utime")?.parse()?;
    let stime: u64 = fields.get(12).ok_or("no stime")?.parse()?;
    Ok((utime, stime))
}

#[derive(Default, Clone, Copy)]
struct Counts {
    polls: u64,
    requests: u64,
    comm_errors: u64,
}

/// Receives events until `until`, counting polls and the requests they took.
async fn count_until(
    events: &mut mpsc::Receiver<LinkEvent>,
    until: Instant,
    slow_points: &HashSet<Point>,
    fast_blocks: u64,
    slow_blocks: u64,
    counts: &mut Counts,
) {
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Some(LinkEvent::Samples(batch)) => {
                    counts.polls += 1;
                    counts.requests += fast_blocks;
                    if batch.samples.iter().any(|s| slow_points.contains(&s.point)) {
                        counts.requests += slow_blocks;
                    }
                }
                Some(LinkEvent::Status { status: DeviceStatus::CommunicationError, .. }) => {
                    counts.comm_errors += 1;
                }
                Some(_) => {}
                None => return,
            },
            () = tokio::time::sleep_until(until) => return,
        }
    }
}

async fn run(options: Options) -> Result<String, BoxError> {
    let library = Library::builtin()?;
    let profile = library
        .get(PROFILE)
        .ok_or_else(|| format!("no profile {PROFILE}"))?
        .clone();
    let fast = ReadPlan::new(&profile, PollClass::Fast)?;
    let slow = ReadPlan::new(&profile, PollClass::Slow)?;
    let reads: Vec<(u8, u16, u16)> = fast
        .blocks()
        .iter()
        .chain(slow.blocks())
        .map(|b| (b.function(), b.start(), b.count()))
        .collect();
    let slow_points: HashSet<Point> = slow
        .blocks()
        .iter()
        .flat_map(|b| b.values().iter().map(|v| v.point()))
        .collect();
    let fast_blocks = u64::try_from(fast.blocks().len())?;
    let slow_blocks = u64::try_from(slow.blocks().len())?;

    let links = layout(&options)?;
    if let Some(path) = &options.plan {
        std::fs::write(path, plan_json(&links, &reads))?;
    }

    let (sender, mut events) = mpsc::channel(4096);
    let clock = Arc::new(SystemClock);
    let mut handles: Vec<LinkHandle> = Vec::new();
    for (i, link) in links.iter().enumerate() {
        let devices = link
            .units
            .iter()
            .map(|&unit| {
                Ok(DeviceSpec {
                    id: DeviceId::new(&format!("link{i}_unit{unit}"))?,
                    unit_id: unit,
                    profile: profile.clone(),
                    fast_period: PERIOD,
                    slow_period: PERIOD,
                    timeout: TIMEOUT,
                    ct_ratio: 1.0,
                    vt_ratio: 1.0,
                    one_value_per_read: false,
                })
            })
            .collect::<Result<Vec<_>, BoxError>>()?;
        let transport = Transport::new(
            Box::new(TcpDialer::new(link.address.clone())),
            Framing::Tcp,
            Duration::ZERO,
        );
        let settings = LinkSettings {
            id: format!("link{i}"),
            failures_before_error: 1,
        };
        handles.push(spawn_link(
            settings,
            transport,
            devices,
            clock.clone(),
            sender.clone(),
        )?);
    }
    drop(sender);

    let mut counts = Counts::default();
    let warm_end = Instant::now() + Duration::from_secs_f64(options.warmup);
    count_until(
        &mut events,
        warm_end,
        &slow_points,
        fast_blocks,
        slow_blocks,
        &mut counts,
    )
    .await;
    let warm = counts;
    let (cpu0, ticks0, t0) = (cpu_ns()?, cpu_ticks()?, Instant::now());
    count_until(
        &mut events,
        t0 + Duration::from_secs_f64(options.seconds),
        &slow_points,
        fast_blocks,
        slow_blocks,
        &mut counts,
    )
    .await;
    let (cpu1, ticks1, t1) = (cpu_ns()?, cpu_ticks()?, Instant::now());
    drop(handles);

    let seconds = (t1 - t0).as_secs_f64();
    let requests = counts.requests - warm.requests;
    let polls = counts.polls - warm.polls;
    let cpu_seconds = (cpu1 - cpu0) as f64 / 1e9;
    let user_seconds = (ticks1.0 - ticks0.0) as f64 / CLOCK_TICKS_PER_SECOND;
    let system_seconds = (ticks1.1 - ticks0.1) as f64 / CLOCK_TICKS_PER_SECOND;
    let per_request_us = if requests > 0 {
        cpu_seconds * 1e6 / requests as f64
    } else {
        f64::NAN
    };
    let runtime = if options.workers == 0 {
        "current_thread".to_owned()
    } else {
        format!("multi_thread({})", options.workers)
    };
    Ok(format!(
        "{{\"client\":\"ems\",\"devices\":{},\"links\":{},\"runtime\":\"{runtime}\",\
         \"seconds\":{seconds:.3},\"polls\":{polls},\"requests\":{requests},\
         \"requests_per_poll\":{},\"requests_per_second\":{:.1},\"cpu_seconds\":{cpu_seconds:.4},\
         \"user_seconds\":{user_seconds:.2},\"system_seconds\":{system_seconds:.2},\
         \"cpu_us_per_request\":{per_request_us:.2},\
         \"core_percent\":{:.3},\"comm_errors\":{}}}",
        options.devices,
        links.len(),
        fast_blocks + slow_blocks,
        requests as f64 / seconds,
        cpu_seconds / seconds * 100.0,
        counts.comm_errors,
    ))
}

fn main() -> Result<(), BoxError> {
    let options = parse_options()?;
    let runtime = if options.workers == 0 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(options.workers)
            .enable_all()
            .build()?
    };
    let line = runtime.block_on(run(options))?;
    println!("{line}");
    Ok(())
}
