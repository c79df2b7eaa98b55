//! Simulated Modbus meters and waveform sources that behave like real ones, faults included.
//!
//! `ems sim SIM.toml` and `ems demo` serve simulated devices with this crate; the acquisition
//! tests and the acquisition benchmark poll them. A simulated device serves any device profile
//! from a plant model, over Modbus TCP, Modbus RTU on a serial port, or RTU frames over TCP. A
//! simulated waveform source serves sampled voltages and currents from a three-phase model as
//! the waveform stream (`docs/WAVEFORM_STREAM.md`), as an acquisition board would.
//!
//! # Design
//!
//! - **The plant model is pure** ([`model`]). A device's values are a function of a seed and a
//!   time taken from an [`ems_model::Clock`], so tests drive time with a
//!   [`ems_model::ManualClock`]. Load shapes (constant, office, residential, PV, EV charger)
//!   give the active power; the power factor, imbalance, nominal voltage and frequency give
//!   every other electrical quantity, consistent with each other (per-phase sums, line-to-line
//!   voltages, currents from apparent power). Counters integrate the noise-free power in
//!   minute-aligned steps, so their value does not depend on how often they are read, and never
//!   decrease. Values are in canonical units with ems' signs: import and inductive positive.
//! - **The profile codec serves the registers** ([`image`]). A read encodes the model's values
//!   with [`ems_profile::RegisterCodec::encode`] into exactly the words the profile decodes, so
//!   a profile read from the simulator decodes back to the model's values. Per device and table
//!   the mapped registers are sorted once; a read binary-searches the first and walks the range.
//!   Reads outside the map, through gaps wider than the profile's `max_gap_registers`, or longer
//!   than `max_block_registers` get the exceptions a real device answers. SunSpec scale-factor
//!   registers hold an exponent chosen at start so that the model's peaks fit their registers.
//!   Counters in integer registers wrap at the register's range, like real meters.
//! - **Writes** to holding registers are accepted and stored only in unmapped gaps a read may
//!   cover (where they read back); a write touching a mapped register, or outside the map, gets
//!   exception 0x02, as a read-only measurement register would.
//! - **Faults are per device** ([`fault`]): no answer, late answer, an exception code, a wrong
//!   unit id, a bad RTU CRC, a counter reset and NaN values, set at run time through
//!   [`SimDevice::set_fault`] or scheduled in the configuration within a time window.
//! - **Transports are sans-device** ([`server`]). [`SimDevice::handle`] turns a request PDU into
//!   an answer PDU (or silence) without I/O; a [`Bus`] frames it as MBAP or RTU on any
//!   `AsyncRead + AsyncWrite` stream (a TCP connection, a serial port, `tokio::io::duplex`).
//!   The frames come from `ems-modbus`, the same codec acquisition uses as a client.
//! - **The simulator** ([`Simulator::start`]) builds devices and listeners from a
//!   [`SimConfig`] (`docs/SIMULATOR.md`) and a profile [`ems_profile::Library`], binds every
//!   listener (port 0 works; [`SimHandle::local_addr`] tells the port) and returns a
//!   [`SimHandle`] for fault control; dropping the handle stops everything.
//! - **History can be replayed.** `counters_at` starts a device's counters at a past time (the
//!   model integrates from then to the start), and [`SimDevice::read_blocks_at`] reads any time
//!   without the clock: `ems demo --backfill` uses both, and a restarted demo continues its
//!   meters where its store left them.
//! - **Waveforms are analytic** ([`waveform`]). A [`WaveformGenerator`] computes any sample of
//!   a three-phase model (fundamentals, power factor, harmonics, frequency steps and ramps with
//!   an integrated phase, load steps, dips, seeded noise) from its index alone, so that tests
//!   know the truth and every client of a source sees the same samples.
//! - **Waveform sources pace frames by tokio's clock** ([`stream`]). A [`WaveformSource`]
//!   counts samples from the simulator's start and sends frame `k` to every client when its
//!   last sample is due, so tests with paused time run as fast as they read. Stream faults
//!   (dropped, swapped and corrupted frames, a restart) are attached to frame numbers, set at
//!   run time with [`SimHandle::inject`] or scheduled in the configuration.
//! - **Cheap to serve.** A request locks its device briefly, advances the model by the time
//!   since the previous one, computes one snapshot on the stack and encodes only the registers
//!   in range into buffers reused per connection: a thousand devices polled every second cost
//!   little.

pub mod config;
pub mod device;
pub mod fault;
pub mod image;
pub mod model;
mod quantity;
pub mod server;
pub mod sim;
pub mod stream;
pub mod waveform;

pub use config::{
    ConfigErrors, ConfigIssue, DeviceConfig, ListenerConfig, SimConfig, StreamFaultConfig,
    WaveformConfig,
};
pub use device::{DeviceSpec, Reply, SimDevice};
pub use fault::{Fault, ScheduledFault};
pub use model::{Medium, ModelConfig, PlantModel, Shape, Snapshot};
pub use server::Bus;
pub use sim::{Endpoint, SimError, SimHandle, Simulator, UnknownDevice, UnknownWaveform};
pub use stream::{StreamFault, WaveformEndpoint, WaveformSource};
pub use waveform::{WaveformGenerator, WaveformModel};
