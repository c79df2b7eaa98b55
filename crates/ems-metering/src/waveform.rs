//! Sampled waveforms: the input of the analyser, whatever their source (a COMTRADE record, the
//! waveform stream, a test).

use crate::wiring::ChannelRole;
use jiff::Timestamp;

/// One input channel's samples, in primary units (volts or amperes).
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// What the channel measures.
    pub role: ChannelRole,
    /// The samples, equally spaced at the record's sample rate.
    pub samples: Vec<f64>,
}

/// Samples of several channels taken together at one sample rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Waveforms {
    /// Samples per second and channel.
    pub sample_rate_hz: f64,
    /// The UTC time of the first sample, when the source knows it.
    pub start: Option<Timestamp>,
    /// The channels; every channel has the same number of samples, and no role appears twice.
    pub channels: Vec<Channel>,
}

impl Waveforms {
    /// Samples per channel.
    pub fn len(&self) -> usize {
        self.channels.first().map_or(0, |c| c.samples.len())
    }

    /// True when there are no samples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The samples of the channel with this role.
    pub fn channel(&self, role: ChannelRole) -> Option<&[f64]> {
        self.channels
            .iter()
            .find(|c| c.role == role)
            .map(|c| c.samples.as_slice())
    }

    /// The length of the record in seconds.
    pub fn duration_s(&self) -> f64 {
        self.len() as f64 / self.sample_rate_hz
    }
}
