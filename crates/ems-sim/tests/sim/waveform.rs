//! The waveform generator against the analytic truth it was given, and waveform sources on
//! the wire: TCP and Unix sockets in paused time, decoded with `ems_metering::stream`, faults
//! seen as the receiver's events.

use ems_metering::stream::{DecodeError, Decoder, DropReason, Frame, Received, Receiver, RunStart};
use ems_metering::{ChannelRole, Phase};
use ems_model::{Clock, ManualClock};
use ems_profile::Library;
use ems_sim::waveform::{Dip, FrequencyChange, Harmonic, LoadStep, PerPhase};
use ems_sim::{
    SimConfig, SimError, SimHandle, Simulator, StreamFault, WaveformEndpoint, WaveformGenerator,
    WaveformModel, WaveformSource,
};
use jiff::{SignedDuration, Timestamp};
use std::collections::VecDeque;
use std::f64::consts::{PI, TAU};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt};

const FS: f64 = 6400.0;
/// Ten cycles at 50 Hz.
const WINDOW: usize = 1280;

fn generator(model: &WaveformModel) -> WaveformGenerator {
    WaveformGenerator::new(model, 42).unwrap()
}

fn rms(x: &[f64]) -> f64 {
    (x.iter().map(|v| v * v).sum::<f64>() / x.len() as f64).sqrt()
}

/// The RMS value and phase (radians, of `sin`) of the component at `hz` of `x` sampled at
/// `FS`, over a whole number of its cycles.
fn component(x: &[f64], hz: f64) -> (f64, f64) {
    let (mut a, mut b) = (0.0, 0.0);
    for (k, v) in x.iter().enumerate() {
        let angle = TAU * hz * k as f64 / FS;
        a += v * angle.sin();
        b += v * angle.cos();
    }
    let n = x.len() as f64;
    let (a, b) = (2.0 * a / n, 2.0 * b / n);
    ((a * a + b * b).sqrt() / 2f64.sqrt(), b.atan2(a))
}

/// An angle brought into (−π, π].
fn wrap(angle: f64) -> f64 {
    let a = angle.rem_euclid(TAU);
    if a > PI { a - TAU } else { a }
}

fn samples(g: &WaveformGenerator, role: ChannelRole, first: u64, len: usize) -> Vec<f64> {
    g.waveforms(&[role], FS, first, len).channels[0]
        .samples
        .clone()
}

fn close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual} is not {expected} ± {tolerance}"
    );
}

// --- The generator -----------------------------------------------------------------------------

#[test]
fn the_generators_rms_values_and_angles_match_its_parameters() {
    let voltages: [f64; 3] = [230.0, 225.0, 235.0];
    let currents: [f64; 3] = [10.0, 12.0, 8.0];
    let pfs: [f64; 3] = [0.9, 0.8, 0.95];
    for (reactive, sign) in [("inductive", 1.0), ("capacitive", -1.0)] {
        let model: WaveformModel = toml::from_str(&format!(
            "voltage_v = {voltages:?}\ncurrent_a = {currents:?}\npower_factor = {pfs:?}\n\
             reactive = \"{reactive}\""
        ))
        .unwrap();
        let g = generator(&model);
        let (_, reference) = component(&samples(&g, ChannelRole::VoltageL1, 0, WINDOW), 50.0);
        for phase in Phase::ALL {
            let p = phase.index();
            let u = samples(&g, ChannelRole::voltage(phase), 0, WINDOW);
            let i = samples(&g, ChannelRole::current(phase), 0, WINDOW);
            close(rms(&u), voltages[p], 1e-9, "voltage RMS");
            close(rms(&i), currents[p], 1e-9, "current RMS");
            let (_, phase_u) = component(&u, 50.0);
            let (_, phase_i) = component(&i, 50.0);
            // The current lags by acos(pf) when inductive, leads when capacitive.
            close(
                wrap(phase_u - phase_i),
                sign * pfs[p].acos(),
                1e-9,
                "current lag",
            );
            // L2 lags L1 by 120°, L3 by 240°.
            close(
                wrap(phase_u - reference),
                wrap(-(p as f64) * TAU / 3.0),
                1e-9,
                "phase sequence",
            );
            let power = u.iter().zip(&i).map(|(u, i)| u * i).sum::<f64>() / WINDOW as f64;
            close(
                power,
                voltages[p] * currents[p] * pfs[p],
                1e-6,
                "active power",
            );
            let truth = g.fundamental(phase, 0.0);
            close(
                truth.current_lag_deg,
                sign * pfs[p].acos().to_degrees(),
                1e-9,
                "truth",
            );
        }
    }
    // Export reverses the currents.
    let g = generator(&WaveformModel {
        export: true,
        ..WaveformModel::default()
    });
    let u = samples(&g, ChannelRole::VoltageL1, 0, WINDOW);
    let i = samples(&g, ChannelRole::CurrentL1, 0, WINDOW);
    let power = u.iter().zip(&i).map(|(u, i)| u * i).sum::<f64>() / WINDOW as f64;
    close(power, -2300.0, 1e-6, "exported power");
}

#[test]
fn harmonics_appear_at_their_order_with_their_share_and_phase() {
    let model = WaveformModel {
        voltage_harmonics: vec![Harmonic {
            order: 5,
            percent: 4.0,
            phase_deg: 30.0,
        }],
        current_harmonics: vec![Harmonic {
            order: 3,
            percent: 20.0,
            phase_deg: 0.0,
        }],
        ..WaveformModel::default()
    };
    let g = generator(&model);
    let u = samples(&g, ChannelRole::VoltageL1, 0, WINDOW);
    let (fifth, phase) = component(&u, 250.0);
    close(fifth, 0.04 * 230.0, 1e-9, "5th harmonic");
    close(phase, 30f64.to_radians(), 1e-9, "5th harmonic phase");
    close(component(&u, 150.0).0, 0.0, 1e-9, "no 3rd in the voltage");
    close(
        rms(&u),
        230.0 * (1.0f64 + 0.04 * 0.04).sqrt(),
        1e-9,
        "voltage RMS",
    );
    let i = samples(&g, ChannelRole::CurrentL2, 0, WINDOW);
    close(component(&i, 150.0).0, 2.0, 1e-9, "3rd harmonic of L2");
    // Third harmonics of the three phases add up in the neutral; the fundamentals cancel.
    let n = samples(&g, ChannelRole::CurrentN, 0, WINDOW);
    close(rms(&n), 3.0 * 2.0, 1e-9, "neutral current");
    close(
        component(&n, 50.0).0,
        0.0,
        1e-9,
        "no fundamental in the neutral",
    );
    // Line-to-line voltages are √3 times the phase voltages.
    let plain = generator(&WaveformModel::default());
    let u12 = samples(&plain, ChannelRole::VoltageL1L2, 0, WINDOW);
    close(rms(&u12), 230.0 * 3f64.sqrt(), 1e-9, "line-to-line voltage");
}

#[test]
fn a_frequency_step_and_a_ramp_keep_the_waveform_continuous() {
    let model = WaveformModel {
        frequency_changes: vec![
            FrequencyChange {
                at_s: 0.1037,
                hz: 51.0,
                ramp_s: 0.0,
            },
            FrequencyChange {
                at_s: 0.5,
                hz: 49.0,
                ramp_s: 0.5,
            },
        ],
        ..WaveformModel::default()
    };
    let g = generator(&model);
    let u = samples(&g, ChannelRole::VoltageL1, 0, 12_800);
    // No jump anywhere: a step between samples is at most the largest slope times the period.
    let max_step = 2f64.sqrt() * 230.0 * TAU * 51.0 / FS * 1.0001;
    for (k, pair) in u.windows(2).enumerate() {
        assert!(
            (pair[1] - pair[0]).abs() <= max_step,
            "jump of {} V at sample {k}",
            pair[1] - pair[0]
        );
    }
    // Rising zero crossings are 1/50 s apart before the step and 1/51 s after it.
    let crossings: Vec<f64> = u
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0] < 0.0 && w[1] >= 0.0)
        .map(|(k, w)| (k as f64 + w[0] / (w[0] - w[1])) / FS)
        .collect();
    let period_before = crossings[2] - crossings[1];
    let period_after = crossings[8] - crossings[7];
    close(period_before, 1.0 / 50.0, 2e-6, "period at 50 Hz");
    close(period_after, 1.0 / 51.0, 2e-6, "period at 51 Hz");
    close(g.frequency_at(0.75), 50.0, 1e-12, "half-way down the ramp");
    close(g.frequency_at(1.9), 49.0, 1e-12, "after the ramp");
    // The same samples whatever the sample rate and the first index asked.
    let later = samples(&g, ChannelRole::VoltageL1, 6000, 10);
    assert_eq!(later, u[6000..6010]);
}

#[test]
fn a_dip_and_a_load_step_start_and_end_at_their_samples() {
    let events = WaveformModel {
        dips: vec![Dip {
            at_s: 0.1,
            duration_s: 0.05,
            depth_percent: 40.0,
            phases: vec![Phase::L1],
        }],
        load_steps: vec![LoadStep {
            at_s: 0.2,
            scale: 2.5,
            phases: vec![],
        }],
        voltage_harmonics: vec![Harmonic {
            order: 3,
            percent: 5.0,
            phase_deg: 0.0,
        }],
        ..WaveformModel::default()
    };
    let with = generator(&events);
    let without = generator(&WaveformModel {
        dips: vec![],
        load_steps: vec![],
        ..events.clone()
    });
    let ratio = |role: ChannelRole, k: u64| with.sample(role, k, FS) / without.sample(role, k, FS);
    for k in 0..2000u64 {
        if without.sample(ChannelRole::VoltageL1, k, FS).abs() > 1.0 {
            let expected = if (640..960).contains(&k) { 0.6 } else { 1.0 };
            close(
                ratio(ChannelRole::VoltageL1, k),
                expected,
                1e-12,
                &format!("u_l1 at {k}"),
            );
        }
        if without.sample(ChannelRole::VoltageL2, k, FS).abs() > 1.0 {
            close(
                ratio(ChannelRole::VoltageL2, k),
                1.0,
                1e-12,
                &format!("u_l2 at {k}"),
            );
        }
        for role in [ChannelRole::CurrentL1, ChannelRole::CurrentL3] {
            if without.sample(role, k, FS).abs() > 0.1 {
                let expected = if k >= 1280 { 2.5 } else { 1.0 };
                close(ratio(role, k), expected, 1e-12, &format!("{role} at {k}"));
            }
        }
    }
    let truth = with.fundamental(Phase::L1, 0.12);
    close(truth.voltage_v, 138.0, 1e-9, "dipped voltage");
    close(
        with.fundamental(Phase::L2, 0.3).current_a,
        25.0,
        1e-9,
        "stepped current",
    );
}

#[test]
fn noise_is_seeded_and_of_the_configured_rms() {
    let noisy = WaveformModel {
        noise_voltage_v: 0.5,
        noise_current_a: 0.02,
        ..WaveformModel::default()
    };
    let a = WaveformGenerator::new(&noisy, 1).unwrap();
    let b = WaveformGenerator::new(&noisy, 1).unwrap();
    let c = WaveformGenerator::new(&noisy, 2).unwrap();
    let clean = generator(&WaveformModel::default());
    let n = 20_000;
    let ua = samples(&a, ChannelRole::VoltageL1, 0, n);
    assert_eq!(ua, samples(&b, ChannelRole::VoltageL1, 0, n));
    assert_ne!(ua, samples(&c, ChannelRole::VoltageL1, 0, n));
    let u0 = samples(&clean, ChannelRole::VoltageL1, 0, n);
    let noise: Vec<f64> = ua.iter().zip(&u0).map(|(a, b)| a - b).collect();
    close(rms(&noise), 0.5, 0.5 * 0.03, "voltage noise RMS");
    close(
        noise.iter().sum::<f64>() / n as f64,
        0.0,
        0.02,
        "voltage noise mean",
    );
    let ia = samples(&a, ChannelRole::CurrentL2, 0, n);
    let i0 = samples(&clean, ChannelRole::CurrentL2, 0, n);
    let noise: Vec<f64> = ia.iter().zip(&i0).map(|(a, b)| a - b).collect();
    close(rms(&noise), 0.02, 0.02 * 0.03, "current noise RMS");
    // Another channel, another noise.
    let ub = samples(&a, ChannelRole::VoltageL2, 0, n);
    let ub0 = samples(&clean, ChannelRole::VoltageL2, 0, n);
    assert_ne!(ub[0] - ub0[0], noise[0]);
}

// --- Sources on the wire -----------------------------------------------------------------------

fn start_time() -> Timestamp {
    "2026-03-02T10:00:00Z".parse().unwrap()
}

const SOURCE: &str = r#"
seed = 3

[waveforms.board]
tcp = "127.0.0.1:0"
sample_rate_hz = 6400
samples_per_frame = 640
channels = ["u_l1", "u_l2", "u_l3", "i_l1", "i_l2", "i_l3", "i_n"]
vt_ratio = 2
ct_ratio = 40

[waveforms.board.model]
current_a = 80
power_factor = 0.9
current_harmonics = [{ order = 3, percent = 10 }]
noise_current_a = 0.05
"#;

async fn start(toml: &str) -> SimHandle {
    let config = SimConfig::from_toml_str(toml).unwrap_or_else(|e| panic!("{e}"));
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::new(start_time()));
    Simulator::start(&config, &Library::from_profiles([]), clock)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A client of a waveform source: bytes from the socket through the decoder.
struct StreamClient<S> {
    stream: S,
    decoder: Decoder,
    pending: VecDeque<Result<Frame, DecodeError>>,
}

impl<S: AsyncRead + Unpin> StreamClient<S> {
    fn new(stream: S) -> Self {
        StreamClient {
            stream,
            decoder: Decoder::new(),
            pending: VecDeque::new(),
        }
    }

    /// The next frame or decoding error.
    async fn next(&mut self) -> Result<Frame, DecodeError> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return item;
            }
            let mut buf = [0u8; 4096];
            let n = self.stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "the source closed the stream");
            self.pending.extend(self.decoder.feed(&buf[..n]));
        }
    }

    /// The next frame, which must decode.
    async fn frame(&mut self) -> Frame {
        self.next().await.unwrap_or_else(|e| panic!("{e}"))
    }
}

async fn tcp_client(sim: &SimHandle, id: &str) -> StreamClient<tokio::net::TcpStream> {
    let Some(WaveformEndpoint::Tcp(address)) = sim.waveform_endpoint(id) else {
        panic!("{id} is not on TCP: {:?}", sim.waveform_endpoint(id));
    };
    StreamClient::new(tokio::net::TcpStream::connect(address).await.unwrap())
}

/// Checks that frames `first..first + count` arrive contiguous and hold the model's samples.
async fn assert_frames<S: AsyncRead + Unpin>(
    client: &mut StreamClient<S>,
    sim: &SimHandle,
    first: u64,
    count: u64,
) {
    let source = sim.waveform("board").unwrap();
    let n = u64::from(source.samples_per_frame());
    let mut receiver = Receiver::new();
    for k in first..first + count {
        let frame = client.frame().await;
        assert_eq!(frame, source.frame(k), "frame {k}");
        assert_eq!(frame.first_index, k * n);
        assert_eq!(frame.sequence, k as u32);
        assert_eq!(
            frame.start,
            Some(start_time() + SignedDuration::from_millis(100 * k as i64))
        );
        let g = source.generator();
        for (c, &role) in frame.layout.roles().iter().enumerate() {
            for i in [0, 317, 639] {
                let expected = g.sample(role, k * n + i, 6400.0) / source.ratio(role);
                assert_eq!(frame.samples[i as usize * 7 + c], expected as f32, "{role}");
            }
        }
        match receiver.push(frame) {
            Received::NewRun {
                cause: RunStart::First,
                ..
            } if k == first => {}
            Received::Continued(block) if k > first => assert_eq!(block.run, 0),
            other => panic!("frame {k}: {other:?}"),
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_tcp_client_receives_contiguous_frames_paced_in_virtual_time() {
    let sim = start(SOURCE).await;
    let began = tokio::time::Instant::now();
    let mut client = tcp_client(&sim, "board").await;
    assert_frames(&mut client, &sim, 0, 30).await;
    // Thirty frames of 100 ms: the last one is sent after three seconds of virtual time.
    assert!(
        began.elapsed() >= Duration::from_secs(3),
        "{:?}",
        began.elapsed()
    );
    // Secondary values: 80 A through a 40:1 CT is 2 A (with a 10 % third harmonic).
    let frame = client.frame().await;
    let i1: Vec<f64> = frame
        .channel(ChannelRole::CurrentL1)
        .unwrap()
        .map(f64::from)
        .collect();
    close(rms(&i1), 2.0 * 1.01f64.sqrt(), 0.01, "secondary current");
    sim.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_unix_socket_client_connecting_later_starts_at_the_frame_in_progress() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.sock");
    let toml = SOURCE.replace(
        "tcp = \"127.0.0.1:0\"",
        &format!("unix = \"{}\"", path.display()),
    );
    let sim = start(&toml).await;
    assert_eq!(
        sim.waveform_endpoint("board"),
        Some(&WaveformEndpoint::Unix(path.clone()))
    );
    tokio::time::sleep(Duration::from_millis(1050)).await;
    let stream = tokio::net::UnixStream::connect(&path).await.unwrap();
    let mut client = StreamClient::new(stream);
    assert_frames(&mut client, &sim, 10, 12).await;
    sim.shutdown().await;
    assert!(!path.exists(), "the socket file is removed at shutdown");
}

#[tokio::test(start_paused = true)]
async fn injected_faults_show_up_as_the_receivers_events() {
    let sim = start(SOURCE).await;
    let mut client = tcp_client(&sim, "board").await;
    let mut receiver = Receiver::new();
    for _ in 0..3 {
        receiver.push(client.frame().await);
    }
    let n = 640u64;

    let dropped = sim
        .inject("board", StreamFault::DropFrames { frames: 2 })
        .unwrap();
    let gap = loop {
        match receiver.push(client.frame().await) {
            Received::Continued(_) => {}
            other => break other,
        }
    };
    assert!(
        matches!(gap, Received::NewRun { cause: RunStart::Gap { from_index, missing }, .. }
            if from_index == dropped * n && missing == 2 * n),
        "{gap:?}"
    );

    let swapped = sim.inject("board", StreamFault::SwapFrames).unwrap();
    let early = loop {
        match receiver.push(client.frame().await) {
            Received::Continued(_) => {}
            other => break other,
        }
    };
    assert!(
        matches!(early, Received::NewRun { cause: RunStart::Gap { from_index, missing }, .. }
            if from_index == swapped * n && missing == n),
        "{early:?}"
    );
    assert_eq!(
        receiver.push(client.frame().await),
        Received::Dropped(ems_metering::stream::DroppedFrame {
            sequence: swapped as u32,
            first_index: swapped * n,
            reason: DropReason::OutOfOrder {
                expected_index: (swapped + 2) * n
            }
        })
    );

    let corrupted = sim.inject("board", StreamFault::CorruptByte).unwrap();
    let error = loop {
        match client.next().await {
            Ok(frame) => assert!(matches!(receiver.push(frame), Received::Continued(_))),
            Err(error) => break error,
        }
    };
    assert!(matches!(error, DecodeError::BadCrc { .. }), "{error}");
    let after = loop {
        match client.next().await {
            Ok(frame) => break receiver.push(frame),
            Err(DecodeError::Skipped { .. }) => {}
            Err(other) => panic!("{other}"),
        }
    };
    assert!(
        matches!(after, Received::NewRun { cause: RunStart::Gap { from_index, missing }, .. }
            if from_index == corrupted * n && missing == n),
        "{after:?}"
    );

    let session = sim.waveform("board").unwrap().session();
    let restarted = sim.inject("board", StreamFault::Restart).unwrap();
    let restart = loop {
        match receiver.push(client.frame().await) {
            Received::Continued(_) => {}
            other => break other,
        }
    };
    match restart {
        Received::NewRun {
            cause:
                RunStart::Restart {
                    previous_session,
                    expected_index,
                },
            block,
        } => {
            assert_eq!(previous_session, session);
            assert_eq!(expected_index, restarted * n);
            assert_eq!((block.frame.first_index, block.frame.sequence), (0, 0));
            assert_ne!(block.frame.session, session);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        receiver.push(client.frame().await),
        Received::Continued(_)
    ));
    assert!(sim.inject("nowhere", StreamFault::SwapFrames).is_err());
    sim.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn scheduled_stream_faults_follow_the_configuration() {
    let toml = format!(
        "{SOURCE}\n[[waveforms.board.faults]]\nkind = \"drop_frames\"\nafter_s = 0.45\nframes = 2\n"
    );
    let sim = start(&toml).await;
    let mut client = tcp_client(&sim, "board").await;
    let mut receiver = Receiver::new();
    let mut causes = Vec::new();
    for _ in 0..10 {
        if let Received::NewRun { cause, .. } = receiver.push(client.frame().await) {
            causes.push(cause);
        }
    }
    // Frame 5 is the first to start at or after 0.45 s.
    assert_eq!(
        causes,
        [
            RunStart::First,
            RunStart::Gap {
                from_index: 5 * 640,
                missing: 2 * 640
            }
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn a_client_that_does_not_keep_up_skips_to_the_newest_frame_due() {
    let config = SimConfig::from_toml_str(SOURCE).unwrap();
    let source = WaveformSource::new("board", &config.waveforms["board"], 3, start_time());
    let source = Arc::new(source.unwrap());
    // A pipe that holds three frames and a half.
    let (client_end, server_end) = tokio::io::duplex(64 * 1024);
    let serving = Arc::clone(&source);
    tokio::spawn(async move { serving.serve(server_end).await });
    let mut client = StreamClient::new(client_end);
    let mut receiver = Receiver::new();
    receiver.push(client.frame().await);
    // Not reading for five seconds: the source blocks on the full pipe and falls behind.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let cause = loop {
        match receiver.push(client.frame().await) {
            Received::Continued(_) => {}
            Received::NewRun { cause, .. } => break cause,
            other => panic!("{other:?}"),
        }
    };
    // At 5.1 s the newest frame due is frame 50 (5.0 s to 5.1 s).
    assert!(
        matches!(cause, RunStart::Gap { from_index, missing }
            if missing > 0 && from_index + missing == 50 * 640),
        "{cause:?}"
    );
}

#[tokio::test]
async fn waveform_sources_are_checked_with_the_rest_of_the_configuration() {
    let bad = SOURCE
        .replace(
            "tcp = \"127.0.0.1:0\"",
            "tcp = \"127.0.0.1:0\"\nunix = \"/tmp/x\"",
        )
        .replace("samples_per_frame = 640", "samples_per_frame = 50000")
        .replace("power_factor = 0.9", "power_factor = 1.9")
        .replace("ct_ratio = 40", "ct_ratio = 0");
    let err = SimConfig::from_toml_str(&bad).unwrap_err();
    for path in [
        "waveforms.board.unix",
        "waveforms.board.samples_per_frame",
        "waveforms.board.model.power_factor",
        "waveforms.board.ct_ratio",
    ] {
        assert!(err.mentions(path), "{path} missing from:\n{err}");
    }
    let misspelt = SOURCE.replace("\"i_n\"", "\"i_neutral\"");
    let err = SimConfig::from_toml_str(&misspelt).unwrap_err();
    assert!(err.to_string().contains("i_neutral"), "{err}");
    assert!(err.to_string().contains("u_l1"), "{err}");
    let nowhere = SOURCE.replace("tcp = \"127.0.0.1:0\"", "");
    let err = SimConfig::from_toml_str(&nowhere).unwrap_err();
    assert!(err.mentions("waveforms.board.tcp"), "{err}");
    let fault =
        format!("{SOURCE}\n[[waveforms.board.faults]]\nkind = \"swap_frames\"\nframes = 2\n");
    let err = SimConfig::from_toml_str(&fault).unwrap_err();
    assert!(err.mentions("waveforms.board.faults[0]"), "{err}");
}

#[tokio::test]
async fn an_address_in_use_or_a_file_in_the_way_is_reported_with_its_source() {
    let taken = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let toml = SOURCE.replace("127.0.0.1:0", &taken.local_addr().unwrap().to_string());
    let config = SimConfig::from_toml_str(&toml).unwrap();
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::new(start_time()));
    let err = Simulator::start(&config, &Library::from_profiles([]), Arc::clone(&clock))
        .await
        .unwrap_err();
    assert!(
        matches!(err, SimError::WaveformBind { ref waveform, .. } if waveform == "board"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-socket");
    std::fs::write(&file, "keep me").unwrap();
    let toml = SOURCE.replace(
        "tcp = \"127.0.0.1:0\"",
        &format!("unix = \"{}\"", file.display()),
    );
    let config = SimConfig::from_toml_str(&toml).unwrap();
    let err = Simulator::start(&config, &Library::from_profiles([]), clock)
        .await
        .unwrap_err();
    assert!(matches!(err, SimError::WaveformBind { .. }), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

#[tokio::test(start_paused = true)]
async fn the_waveform_example_in_the_simulator_docs_is_valid_and_serves() {
    let doc = include_str!("../../../../docs/SIMULATOR.md");
    let example = doc
        .split("<!-- waveform-example -->")
        .nth(1)
        .and_then(|rest| rest.split("```toml\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .expect("docs/SIMULATOR.md has a waveform example after <!-- waveform-example -->");
    let toml = example.replace("127.0.0.1:7070", "127.0.0.1:0");
    let sim = start(&toml).await;
    let mut client = tcp_client(&sim, "board").await;
    let mut receiver = Receiver::new();
    let mut runs = Vec::new();
    for _ in 0..5 {
        let frame = client.frame().await;
        assert_eq!(frame.layout.len(), 7);
        if let Received::NewRun { cause, .. } = receiver.push(frame) {
            runs.push(cause);
        }
    }
    assert_eq!(runs, [RunStart::First]);
}

#[test]
fn per_phase_parameters_read_from_toml() {
    let model: WaveformModel =
        toml::from_str("voltage_v = [230, 231, 229]\ncurrent_a = 5").unwrap();
    assert_eq!(model.voltage_v, PerPhase([230.0, 231.0, 229.0]));
    assert_eq!(model.current_a, PerPhase::all(5.0));
}
