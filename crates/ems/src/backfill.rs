//! `ems demo --backfill`: simulated history for the demo site, as the live demo would have
//! recorded it, and the continuity of the simulated meters' counters between runs.
//!
//! How a backfill is made, per device:
//! - the simulated device is built as [`Simulator::start`] builds it (the same seed, model and
//!   register image), with its counters set where the history starts;
//! - its clock is stepped through time (every [`BackfillOptions::step`]); at each step both poll
//!   classes are read from its register image and decoded as acquisition decodes them
//!   ([`ems_acquire::decode_samples`] with the device's transformer ratios), so counters have
//!   the resolution of their registers;
//! - the resulting [`SampleBatch`]es go through the real [`IntervalRecorder`] on the site's
//!   calendar and sample rate, and the records are appended one local day at a time.
//!
//! Devices are independent, so they are stepped on as many threads as there are cores. A store
//! that already holds data for a device is continued from its last counter boundary with the
//! stored counter values: running a backfill twice neither duplicates nor leaves a seam.
//!
//! The counters are not checked by acquisition's counter guard: the plant model's counters only
//! grow, and no counter register of the demo's devices wraps within decades at their loads.
//!
//! The internal meter is not backfilled: its values come from the analysis of a waveform stream,
//! not from a register image, and a day of samples at 6.4 kS/s is 3.3 billion of them. It has no
//! simulated device of its id, so `Replica::build` leaves it out; its history starts when the
//! demo runs (from zero, or from its last stored counters after a restart).

use crate::recording::recorder_event;
use anyhow::{Context, Result, anyhow};
use ems_model::site::SiteConfig;
use ems_model::{Clock, DeviceId, ManualClock, Point, SampleBatch, Value};
use ems_profile::load::Library;
use ems_profile::{DecodeContext, PollClass, ReadBlock, ReadPlan};
use ems_sim::{SimConfig, SimDevice, Simulator};
use ems_store::HistoryWriter;
use ems_store::calendar::Calendar;
use ems_store::record::IntervalRecord;
use ems_store::recorder::{Emitted, IntervalRecorder, RecorderEvent, RecorderSettings};
use ems_store::store::CounterBoundary;
use indicatif::ProgressBar;
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How much history to make, and how finely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackfillOptions {
    /// How far back from now the history reaches.
    pub span: SignedDuration,
    /// The time between two simulated reads of a device. Counters do not depend on it (the
    /// model integrates in whole minutes); mean, minimum and maximum of an interval are taken
    /// over its reads.
    pub step: SignedDuration,
}

impl BackfillOptions {
    /// One read a minute: fifteen per 15-minute interval.
    pub const DEFAULT_STEP: SignedDuration = SignedDuration::from_secs(60);

    /// A backfill reaching `span` back with the default step.
    pub fn new(span: SignedDuration) -> Self {
        BackfillOptions {
            span,
            step: Self::DEFAULT_STEP,
        }
    }
}

/// What a backfill did.
#[derive(Debug, Clone, PartialEq)]
pub struct BackfillReport {
    /// The earliest start of a device's new history (`None` when there was nothing to do).
    pub from: Option<Timestamp>,
    /// The end of the history: the last interval boundary before now.
    pub to: Timestamp,
    /// The devices simulated.
    pub devices: usize,
    /// The interval records appended.
    pub records: u64,
    /// The values they hold (see [`ems_store::record::IntervalRecord::value_count`]).
    pub values: u64,
    /// How long it took.
    pub elapsed: Duration,
}

impl BackfillReport {
    /// The one-line summary `ems demo` prints.
    pub fn summary(&self) -> String {
        let Some(from) = self.from else {
            return format!(
                "backfill: the store already holds the demo's history up to {}",
                self.to
            );
        };
        format!(
            "backfilled {} for {} devices: {} values in {:.1} s",
            describe_span(self.to.duration_since(from)),
            self.devices,
            group_thousands(self.values),
            self.elapsed.as_secs_f64()
        )
    }
}

/// `400 days`, `1 day`, `36.5 hours`, `45 minutes`.
fn describe_span(span: SignedDuration) -> String {
    let hours = span.as_secs_f64() / 3600.0;
    let plural = |n: f64, one: &str, many: &str| {
        let text = if (n - n.round()).abs() < 0.05 {
            format!("{}", n.round())
        } else {
            format!("{n:.1}")
        };
        format!("{text} {}", if text == "1" { one } else { many })
    };
    if hours >= 48.0 {
        plural(hours / 24.0, "day", "days")
    } else if hours >= 1.0 {
        plural(hours, "hour", "hours")
    } else {
        plural(hours * 60.0, "minute", "minutes")
    }
}

/// `1 234 567`.
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// One demo device that can be read at any time, as acquisition would read it.
struct Replica {
    device: SimDevice,
    plans: [ReadPlan; 2],
    /// The blocks of both plans, in order: one read of all of them is one poll.
    blocks: Vec<ReadBlock>,
    context: DecodeContext,
    answers: Vec<Vec<u16>>,
    /// The last poll (its samples are reused).
    batch: SampleBatch,
}

impl Replica {
    /// The device `id` of the site and of the simulator, with `sim`'s counters; `None` when it
    /// is not simulated or not polled.
    fn build(
        site: &SiteConfig,
        sim: &SimConfig,
        library: &Library,
        id: &DeviceId,
        clock: Arc<dyn Clock>,
    ) -> Result<Option<Replica>> {
        let (Some(polled), Some(simulated)) =
            (site.device(id.as_str()), sim.devices.get(id.as_str()))
        else {
            return Ok(None);
        };
        if !site.is_device_active(id.as_str()) {
            return Ok(None);
        }
        let profile = library
            .resolve(&simulated.profile, simulated.generic.as_ref())
            .with_context(|| format!("simulated device {id}"))?;
        let Some(spec) = Simulator::device_spec(sim, id.as_str(), profile) else {
            return Ok(None);
        };
        let device = SimDevice::new(spec, clock).map_err(|e| anyhow!("device {id}: {e}"))?;
        // Acquisition reads with the site's view of the device: its profile and ratios.
        let profile = library
            .resolve(&polled.profile, polled.generic.as_ref())
            .with_context(|| format!("device {id}"))?;
        let plan = |class| ReadPlan::new(&profile, class).map_err(|e| anyhow!("device {id}: {e}"));
        let plans = [plan(PollClass::Fast)?, plan(PollClass::Slow)?];
        let context = DecodeContext {
            ct_ratio: polled.ct_ratio,
            vt_ratio: polled.vt_ratio,
            ..DecodeContext::for_profile(&profile)
        };
        let blocks = plans.iter().flat_map(|p| p.blocks()).cloned().collect();
        Ok(Some(Replica {
            device,
            plans,
            blocks,
            context,
            answers: Vec::new(),
            batch: SampleBatch {
                device: id.clone(),
                timestamp: Timestamp::UNIX_EPOCH,
                samples: Vec::new(),
            },
        }))
    }

    /// Reads every value at `at`, as one poll of both classes.
    fn read(&mut self, at: Timestamp) -> Result<&SampleBatch> {
        self.device
            .read_blocks_at(at, &self.blocks, &mut self.answers)
            .map_err(|code| {
                anyhow!(
                    "device {}: the simulator answered {code}",
                    self.batch.device
                )
            })?;
        self.batch.timestamp = at;
        self.batch.samples.clear();
        let mut answers = self.answers.as_slice();
        for plan in &self.plans {
            let (these, rest) = answers.split_at(plan.blocks().len().min(answers.len()));
            ems_acquire::decode_samples(plan, these, &self.context, &mut self.batch.samples);
            answers = rest;
        }
        Ok(&self.batch)
    }
}

/// Sets the simulated meters where the store left them: for every device of `sim` with stored
/// counters, `counters` become the values stored at its last counter boundary and
/// `counters_at` that boundary, so that the model counts the time since, as a real meter keeps
/// counting while ems is stopped.
///
/// A stored boundary value is interpolated between two readings and need not be a value the
/// register can show (a float register in kWh steps by 62.5 Wh at 800 MWh); where the device
/// would show less, the starting value is raised (by less than two steps of the register) until
/// it shows at least the stored value, so that no reading falls below what the store holds and
/// the recorder never sees a counter drop. A real meter's register had reached that value too:
/// the reading after the boundary was at least the interpolated value.
pub fn continue_counters(
    sim: &mut SimConfig,
    site: &SiteConfig,
    library: &Library,
    boundaries: &[CounterBoundary],
    now: Timestamp,
) -> Result<()> {
    let mut stored: BTreeMap<&str, (Timestamp, BTreeMap<Point, i64>)> = BTreeMap::new();
    for b in boundaries {
        let entry = stored
            .entry(b.device.as_str())
            .or_insert((b.boundary, BTreeMap::new()));
        entry.0 = entry.0.max(b.boundary);
        entry.1.insert(b.point, b.value);
    }
    for (id, (at, counters)) in stored {
        let Some(device) = sim.devices.get_mut(id) else {
            continue;
        };
        device.counters_at = Some(at.min(now));
        device
            .counters
            .extend(counters.iter().map(|(&p, &v)| (p, v)));
        let Ok(device_id) = DeviceId::new(id) else {
            continue;
        };
        // Raise what the registers would show below the stored values; the raise doubles
        // until the register's rounding lands on or above them.
        let mut raise: BTreeMap<Point, i64> = BTreeMap::new();
        for _ in 0..64 {
            let clock: Arc<dyn Clock> = Arc::new(ManualClock::new(at.max(now)));
            let Some(mut replica) = Replica::build(site, sim, library, &device_id, clock)? else {
                break;
            };
            let batch = replica.read(at.min(now))?;
            let mut low = false;
            for sample in &batch.samples {
                let (Value::Counter(read), Some(&wanted)) =
                    (sample.value, counters.get(&sample.point))
                else {
                    continue;
                };
                if read < wanted {
                    low = true;
                    let step = raise.entry(sample.point).or_insert(0);
                    *step = (*step * 2).max(wanted - read).max(1);
                }
            }
            if !low {
                break;
            }
            if let Some(device) = sim.devices.get_mut(id) {
                for (point, step) in &raise {
                    if let Some(&wanted) = counters.get(point) {
                        device.counters.insert(*point, wanted.saturating_add(*step));
                    }
                }
            }
        }
    }
    Ok(())
}

/// What one day of backfill appends.
struct Chunk {
    records: Vec<IntervalRecord>,
    events: Vec<RecorderEvent>,
    /// The history is complete up to here.
    through: Timestamp,
    /// Where it ends.
    end: Timestamp,
}

/// Steps every device up to `last` (inclusive), one thread per group.
fn run_all(groups: &mut [Vec<Replay>], last: Timestamp, step: SignedDuration) -> Result<()> {
    std::thread::scope(|scope| {
        let running: Vec<_> = groups
            .iter_mut()
            .map(|group| {
                scope.spawn(move || group.iter_mut().try_for_each(|r| r.run_through(last, step)))
            })
            .collect();
        running.into_iter().try_for_each(|t| {
            t.join()
                .unwrap_or_else(|_| Err(anyhow!("a backfill thread panicked")))
        })
    })
}

/// One device being stepped through time, with its own recorder.
struct Replay {
    replica: Replica,
    recorder: IntervalRecorder,
    /// The time of the next read.
    next: Timestamp,
    emitted: Emitted,
}

impl Replay {
    /// Reads every step up to `last` (inclusive).
    fn run_through(&mut self, last: Timestamp, step: SignedDuration) -> Result<()> {
        while self.next <= last {
            let batch = self.replica.read(self.next)?;
            self.recorder.observe(batch, &mut self.emitted);
            self.next += step;
        }
        Ok(())
    }
}

/// Fills `store` with the simulated history of every device of `site` that `sim` simulates,
/// from `options.span` before now (on the interval grid) to the last interval boundary before
/// now. A device for which `boundaries` (the store's last counter boundaries) has data is
/// continued from its last boundary instead, with the stored counters (see
/// [`continue_counters`]); the others start from `sim`'s counters. Every read is a
/// [`SampleBatch`] for the real recorder; its records are appended one local day at a time, and
/// the events it emits are logged.
#[allow(clippy::too_many_arguments)]
pub fn backfill(
    site: &SiteConfig,
    sim: &SimConfig,
    library: &Library,
    store: &dyn HistoryWriter,
    boundaries: &[CounterBoundary],
    clock: &dyn Clock,
    options: BackfillOptions,
    progress: &ProgressBar,
) -> Result<BackfillReport> {
    let began = Instant::now();
    if !options.step.is_positive() {
        anyhow::bail!("the backfill step must be positive, not {}", options.step);
    }
    let tz = site.site.resolve_time_zone().ok_or_else(|| {
        anyhow!(
            "site.time_zone: unknown time zone {:?}",
            site.site.time_zone
        )
    })?;
    let calendar = Calendar::new(tz);
    let minutes = u16::try_from(site.site.sample_rate.minutes()).unwrap_or(15);
    let settings = RecorderSettings {
        minutes,
        ..RecorderSettings::default()
    };
    let now = clock.now();
    let mut end = calendar.interval_start(now, minutes);
    let start = calendar.interval_start(now - options.span, minutes);

    let mut sim = sim.clone();
    continue_counters(&mut sim, site, library, boundaries, now)?;
    let mut last_boundary: BTreeMap<&DeviceId, Timestamp> = BTreeMap::new();
    for b in boundaries {
        let t = last_boundary.entry(&b.device).or_insert(b.boundary);
        *t = (*t).max(b.boundary);
    }
    let mut replays = Vec::new();
    for id in site.devices.keys() {
        let from = last_boundary.get(id).map_or(start, |&b| b.max(start));
        // A device without stored counters starts at the simulator's counters, then.
        let mut sim = sim.clone();
        if let Some(device) = sim.devices.get_mut(id.as_str())
            && device.counters_at.is_none()
        {
            device.counters_at = Some(from);
        }
        let device_clock: Arc<dyn Clock> = Arc::new(ManualClock::new(now.max(from)));
        let Some(replica) = Replica::build(site, &sim, library, id, device_clock)? else {
            continue;
        };
        let mut recorder = IntervalRecorder::new(calendar.clone(), settings);
        for b in boundaries.iter().filter(|b| &b.device == id) {
            recorder.restore(b.device.clone(), b.point, b.boundary, b.value);
        }
        replays.push(Replay {
            replica,
            recorder,
            next: from,
            emitted: Emitted::default(),
        });
    }
    let devices = replays.len();
    let first = replays.iter().map(|r| r.next).filter(|&t| t < end).min();
    let mut report = BackfillReport {
        from: first,
        to: end,
        devices,
        records: 0,
        values: 0,
        elapsed: Duration::ZERO,
    };
    let Some(first) = first else {
        report.elapsed = began.elapsed();
        return Ok(report);
    };

    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, devices.max(1));
    let mut groups: Vec<Vec<Replay>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, replay) in replays.into_iter().enumerate() {
        groups[i % threads].push(replay);
    }
    let days = |t: Timestamp| t.duration_since(first).as_secs_f64() / 86_400.0;
    progress.set_length(days(end).ceil() as u64);
    // The store writes one day while the next is computed.
    let (chunks, received) = std::sync::mpsc::sync_channel::<Chunk>(2);
    let (computed, stored) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<(u64, u64, Duration)> {
            let (mut records_stored, mut values, mut busy) = (0u64, 0u64, Duration::ZERO);
            for chunk in received {
                let storing = Instant::now();
                records_stored += chunk.records.len() as u64;
                values += chunk
                    .records
                    .iter()
                    .map(|r| r.value_count() as u64)
                    .sum::<u64>();
                if !chunk.records.is_empty() {
                    store.append(chunk.records)?;
                }
                for event in chunk.events {
                    store.log_event(recorder_event(event))?;
                }
                busy += storing.elapsed();
                progress.set_length(days(chunk.end).ceil() as u64);
                progress.set_position(days(chunk.through).ceil() as u64);
            }
            Ok((records_stored, values, busy))
        });
        let computed = (|| -> Result<Timestamp> {
            let mut through = first;
            loop {
                // The next local midnight, or the end.
                let tomorrow = calendar
                    .date(through)
                    .tomorrow()
                    .map_or(end, |d| calendar.midnight(d));
                through = tomorrow.min(end);
                run_all(&mut groups, through, options.step)?;
                let mut chunk = Chunk {
                    records: Vec::new(),
                    events: Vec::new(),
                    through,
                    end,
                };
                for replay in groups.iter_mut().flatten() {
                    let emitted = std::mem::take(&mut replay.emitted);
                    chunk.records.extend(emitted.records);
                    chunk.events.extend(emitted.events);
                }
                if chunks.send(chunk).is_err() {
                    // The writer stopped: its error says why.
                    return Ok(through);
                }
                if through >= end {
                    // The clock moved on while we worked: catch up to its last boundary too.
                    let moved = calendar.interval_start(clock.now(), minutes);
                    if moved <= end {
                        return Ok(end);
                    }
                    end = moved;
                }
            }
        })();
        drop(chunks);
        let stored = writer
            .join()
            .unwrap_or_else(|_| Err(anyhow!("the backfill's writer panicked")));
        (computed, stored)
    });
    let (records, values, store_time) = stored?;
    report.to = computed?;
    report.records = records;
    report.values = values;
    report.elapsed = began.elapsed();
    // Logged without tearing the progress bar, which is still drawn.
    progress.suspend(|| {
        tracing::info!(
            from = %first,
            to = %report.to,
            devices = report.devices,
            records = report.records,
            values = report.values,
            step_s = options.step.as_secs(),
            threads,
            elapsed_s = report.elapsed.as_secs_f64(),
            storing_s = store_time.as_secs_f64(),
            "backfilled the demo's history"
        );
    });
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_counts_read_as_people_write_them() {
        assert_eq!(
            describe_span(SignedDuration::from_hours(24 * 400)),
            "400 days"
        );
        assert_eq!(describe_span(SignedDuration::from_hours(48)), "2 days");
        assert_eq!(describe_span(SignedDuration::from_hours(36)), "36 hours");
        assert_eq!(describe_span(SignedDuration::from_mins(90)), "1.5 hours");
        assert_eq!(describe_span(SignedDuration::from_mins(60)), "1 hour");
        assert_eq!(describe_span(SignedDuration::from_mins(45)), "45 minutes");
        assert_eq!(group_thousands(1_234_567), "1 234 567");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1 000");
    }
}
