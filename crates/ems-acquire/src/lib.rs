//! Acquisition: one task per physical link polls its devices and emits samples in ems' units
//! and signs.
//!
//! Design decisions:
//! - **One owner per link.** A [`link::spawn_link`] task owns its [`transport::Transport`];
//!   requests on a link are strictly serialized, separated by the inter-frame gap on RTU.
//! - **Each device at its own rate.** Devices are scheduled by due time: the fast class
//!   (momentary values) every fast period, the slow class (counters) every slow period. After
//!   an outage or an overrun the next poll is one period from now: no catch-up burst.
//! - **Failures are data.** A failed poll counts towards "communication error" (after the
//!   link's threshold of consecutive failures); a failing device is retried with a growing
//!   back-off capped at [`link::MAX_BACK_OFF`], so one dead slave costs the bus at most one
//!   timeout per back-off period and never starves the others. "Test" reads a device at once.
//! - **No late reply is ever an answer.** See [`transport`].
//! - **Bus scans share the bus.** A scan ([`scan`]) of a bus a link polls runs in that link's
//!   task, one unit at a time between its polls; it only reads, and never addresses unit 0 or
//!   248..=255.
//! - **Counters are checked** by [`counter::CounterGuard`] before they leave.
//! - **The internal meter is a link too.** A [`waveform::spawn_waveform_link`] task owns the
//!   connection to an acquisition board's waveform stream, runs the frames through the
//!   analyser of `ems-metering` and emits the meter's values and counters as samples of its
//!   device, with the same statuses as a Modbus device, and with its momentary values the
//!   period's harmonic spectrum ([`LinkEvent::Spectrum`]), which no Modbus device gives.

pub mod counter;
pub mod error;
pub mod link;
pub mod scan;
pub mod transport;
pub mod waveform;

pub use error::{ErrorClass, TransportError};
pub use link::{
    DeviceSpec, LinkEvent, LinkHandle, LinkSettings, ReadError, WeakLinkHandle, decode_samples,
    read_once, spawn_link,
};
pub use scan::{FoundUnit, ScanError, ScanPath, ScanSettings, scan};
pub use transport::{Framing, Parity, SerialSettings, Transport};
pub use waveform::{
    StreamEvent, WaveformHandle, WaveformSetupError, WaveformSpec, meter_config,
    spawn_waveform_link,
};
