//! The analyser benchmark of `make bench` (`scripts/bench-metering.sh`, docs/BENCHMARKS.md).
//!
//! Writes a three-phase four-wire record (7 channels: three voltages, three currents and the
//! neutral current, at `--rate` samples per second for `--seconds`) to `--samples` as
//! little-endian f64, channel after channel, for the numpy implementation to read, then runs
//! the full per-window pipeline on it on one thread: windows following the frequency, TRMS
//! values, active and fundamental reactive power, harmonics to the 40th, THD, unbalance, energy
//! registers and IEC 61000-4-30 aggregation, the samples pushed in blocks of `--block` samples
//! as the waveform stream delivers them: each block is filled just before it is pushed, as a
//! stream decoder fills it from a frame, and only the analysis is timed. The run is repeated `--runs` times; prints JSON with
//! the best and median times, the multiple of real time, and the figures the numpy
//! implementation must agree with.
//!
//! ```text
//! bench_metering [--seconds 600] [--frequency 50.02] [--rate 12800] [--block 1280] [--runs 5]
//!     [--samples FILE]
//! ```

use ems_metering::aggregate::Aggregator;
use ems_metering::config::NeutralCurrent;
use ems_metering::{
    Analyzer, Channel, ChannelRole, MeterConfig, NominalFrequency, Waveforms, Wiring,
};
use serde_json::json;
use std::f64::consts::PI;
use std::io::Write;
use std::time::Instant;

type BoxError = Box<dyn std::error::Error>;

struct Options {
    seconds: f64,
    frequency: f64,
    rate: f64,
    block: usize,
    runs: usize,
    samples: Option<String>,
}

fn options() -> Result<Options, BoxError> {
    let mut o = Options {
        seconds: 600.0,
        frequency: 50.02,
        rate: 12_800.0,
        block: 1_280,
        runs: 5,
        samples: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--seconds" => o.seconds = value.parse()?,
            "--frequency" => o.frequency = value.parse()?,
            "--rate" => o.rate = value.parse()?,
            "--block" => o.block = value.parse()?,
            "--runs" => o.runs = value.parse()?,
            "--samples" => o.samples = Some(value),
            _ => return Err(format!("unknown option {flag}").into()),
        }
    }
    Ok(o)
}

/// The record: 230 V at `--frequency` with 5 % voltage distortion, 40 A per phase at PF 0.9 with
/// 25 % current distortion, harmonics of every odd order to the 39th and a few even ones, a
/// slightly unbalanced load, and a little noise.
fn record(o: &Options) -> Waveforms {
    let n = (o.seconds * o.rate) as usize;
    let f = o.frequency;
    let lag = 0.9f64.acos();
    let harmonics: Vec<(f64, f64)> = (2..=40)
        .filter(|h| h % 2 == 1 || *h <= 4)
        .map(|h| (h as f64, 1.0 / h as f64))
        .collect();
    let norm: f64 = harmonics.iter().map(|(_, a)| a * a).sum::<f64>().sqrt();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let mut channels: Vec<Channel> = Vec::new();
    let roles = [
        ChannelRole::VoltageL1,
        ChannelRole::VoltageL2,
        ChannelRole::VoltageL3,
        ChannelRole::CurrentL1,
        ChannelRole::CurrentL2,
        ChannelRole::CurrentL3,
    ];
    for (k, role) in roles.into_iter().enumerate() {
        let p = k % 3;
        let rotation = -2.0 * PI / 3.0 * p as f64;
        let (rms, shift, thd) = if role.is_voltage() {
            (230.0, 0.0, 0.05)
        } else {
            (40.0 * (1.0 + 0.1 * p as f64), -lag, 0.25)
        };
        let samples = (0..n)
            .map(|i| {
                let theta = 2.0 * PI * f * i as f64 / o.rate;
                let mut x = (theta + rotation + shift).cos();
                for (h, a) in &harmonics {
                    x += thd * a / norm * (h * (theta + rotation) + 0.2 * h + shift).cos();
                }
                rms * 2f64.sqrt() * x + rms * 1e-4 * noise()
            })
            .collect();
        channels.push(Channel { role, samples });
    }
    let neutral: Vec<f64> = (0..n)
        .map(|i| channels[3].samples[i] + channels[4].samples[i] + channels[5].samples[i])
        .collect();
    channels.push(Channel {
        role: ChannelRole::CurrentN,
        samples: neutral,
    });
    Waveforms {
        sample_rate_hz: o.rate,
        start: Some(jiff::Timestamp::UNIX_EPOCH + jiff::SignedDuration::from_hours(493_000)),
        channels,
    }
}

/// One run of the pipeline over the record in blocks; returns the seconds it took and the
/// figures to compare.
fn run(o: &Options, record: &Waveforms) -> Result<(f64, serde_json::Value), BoxError> {
    let mut config = MeterConfig::new(Wiring::ThreePhase4W);
    config.nominal_frequency = Some(NominalFrequency::Hz50);
    config.neutral = NeutralCurrent::Measured;
    let mut analyzer = Analyzer::new(config)?;
    let mut aggregator = Aggregator::new();
    // One block, refilled before each push as a stream decoder fills it from a frame: the
    // samples reach the analyser fresh, as they do from a socket. Only the analysis is timed.
    let mut block = Waveforms {
        sample_rate_hz: record.sample_rate_hz,
        start: record.start,
        channels: record
            .channels
            .iter()
            .map(|c| Channel {
                role: c.role,
                samples: Vec::with_capacity(o.block),
            })
            .collect(),
    };
    let n = record.len();
    let mut from = 0;
    let mut busy = std::time::Duration::ZERO;
    let mut windows = 0usize;
    let mut aggregates = 0usize;
    let mut sums = [0.0f64; 6];
    while from < n {
        let to = (from + o.block).min(n);
        for (out, channel) in block.channels.iter_mut().zip(&record.channels) {
            out.samples.clear();
            out.samples.extend_from_slice(&channel.samples[from..to]);
        }
        from = to;
        let started = Instant::now();
        for w in analyzer.push(&block)? {
            windows += 1;
            aggregates += aggregator.add(&w).len();
            sums[0] += w.system.active_power_w;
            sums[1] += w.system.reactive_power_var;
            sums[2] += w.phases[0].voltage_v;
            sums[3] += w.phases[0].current_thd_percent.unwrap_or(0.0);
            sums[4] += w.frequency_hz.unwrap_or(0.0);
            sums[5] += w.phases[0].voltage_harmonics_v.order(5);
        }
        busy += started.elapsed();
    }
    let seconds = busy.as_secs_f64();
    let count = windows as f64;
    let registers = analyzer.registers();
    Ok((
        seconds,
        json!({
            "windows": windows,
            "aggregates": aggregates,
            "mean_active_power_w": sums[0] / count,
            "mean_reactive_power_var": sums[1] / count,
            "mean_voltage_l1_v": sums[2] / count,
            "mean_current_thd_l1_percent": sums[3] / count,
            "mean_frequency_hz": sums[4] / count,
            "mean_voltage_h5_l1_v": sums[5] / count,
            "active_import_wh": registers.active_wh.import.exact(),
        }),
    ))
}

fn main() -> Result<(), BoxError> {
    let o = options()?;
    let record = record(&o);
    if let Some(path) = &o.samples {
        let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
        for channel in &record.channels {
            for s in &channel.samples {
                file.write_all(&s.to_le_bytes())?;
            }
        }
        file.flush()?;
    }
    let mut times = Vec::new();
    let mut figures = serde_json::Value::Null;
    for _ in 0..o.runs.max(1) {
        let (seconds, f) = run(&o, &record)?;
        times.push(seconds);
        figures = f;
    }
    times.sort_by(f64::total_cmp);
    let best = times[0];
    let median = times[times.len() / 2];
    println!(
        "{}",
        json!({
            "implementation": "ems-metering (Rust)",
            "seconds_of_signal": o.seconds,
            "frequency_hz": o.frequency,
            "sample_rate_hz": o.rate,
            "channels": record.channels.len(),
            "block_samples": o.block,
            "runs": times.len(),
            "best_s": best,
            "median_s": median,
            "times_real_time": o.seconds / median,
            "figures": figures,
        })
    );
    Ok(())
}
