//! The process image: the latest value of every point, with its minimum and maximum, the
//! latest harmonic spectrum of the devices that measure one, and the status of every device.

use ems_acquire::LinkEvent;
use ems_api::running::{DeviceState, PointState, SpectrumState};
use ems_model::{DeviceId, DeviceStatus, Point, Quality, Value};
use jiff::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;

/// A value seen at a time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Extreme {
    /// The value.
    pub value: f64,
    /// When it was seen.
    pub at: Timestamp,
}

/// The latest state of one point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LiveValue {
    /// The latest value, in the point's canonical unit.
    pub value: Value,
    /// Its quality (`stale` while the device does not answer).
    pub quality: Quality,
    /// When it was read.
    pub timestamp: Timestamp,
    /// Lowest good value since start (momentary values only).
    pub min: Option<Extreme>,
    /// Highest good value since start (momentary values only).
    pub max: Option<Extreme>,
}

/// The latest state of one device.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DeviceLive {
    /// Communication status; `None` until the first poll ends.
    pub status: Option<DeviceStatus>,
    /// When the status last changed.
    pub status_since: Option<Timestamp>,
    /// The error behind a communication error.
    pub last_error: Option<String>,
    /// The points, by canonical name order.
    pub points: BTreeMap<Point, LiveValue>,
    /// The latest harmonic spectrum (replaced by the next; `stale` while the device does not
    /// answer), for the devices that measure one.
    #[serde(skip)]
    pub spectrum: Option<SpectrumState>,
}

/// Every device's latest state.
#[derive(Debug, Clone, Default)]
pub struct ProcessImage {
    devices: BTreeMap<DeviceId, DeviceLive>,
}

impl ProcessImage {
    /// An empty image.
    pub fn new() -> Self {
        ProcessImage::default()
    }

    /// Registers a device so it shows (with no status) before its first poll.
    pub fn add_device(&mut self, device: DeviceId, status: Option<DeviceStatus>) {
        self.devices.entry(device).or_default().status = status;
    }

    /// The state of one device.
    pub fn device(&self, device: &DeviceId) -> Option<&DeviceLive> {
        self.devices.get(device)
    }

    /// Every device, by id.
    pub fn devices(&self) -> impl Iterator<Item = (&DeviceId, &DeviceLive)> {
        self.devices.iter()
    }

    /// The state of one device as the API shows it.
    pub fn device_state(&self, device: &DeviceId) -> Option<DeviceState> {
        self.devices.get(device).map(|live| state_of(device, live))
    }

    /// The latest harmonic spectrum of one device, when it has given one.
    pub fn spectrum(&self, device: &DeviceId) -> Option<SpectrumState> {
        self.devices.get(device)?.spectrum.clone()
    }

    /// Every device's state as the API shows it, by id.
    pub fn device_states(&self) -> Vec<DeviceState> {
        self.devices
            .iter()
            .map(|(device, live)| state_of(device, live))
            .collect()
    }

    /// Applies one event of a link.
    pub fn apply(&mut self, event: &LinkEvent) {
        match event {
            LinkEvent::Samples(batch) => {
                let device = self.devices.entry(batch.device.clone()).or_default();
                for sample in &batch.samples {
                    let live = device.points.entry(sample.point).or_insert(LiveValue {
                        value: sample.value,
                        quality: sample.quality,
                        timestamp: batch.timestamp,
                        min: None,
                        max: None,
                    });
                    if sample.quality == Quality::Bad {
                        // An implausible reading does not replace a good value; it only marks it.
                        live.quality = Quality::Bad;
                        live.timestamp = batch.timestamp;
                        continue;
                    }
                    live.value = sample.value;
                    live.quality = sample.quality;
                    live.timestamp = batch.timestamp;
                    if let Value::Float(v) = sample.value
                        && v.is_finite()
                    {
                        let here = Extreme {
                            value: v,
                            at: batch.timestamp,
                        };
                        if live.min.is_none_or(|m| v < m.value) {
                            live.min = Some(here);
                        }
                        if live.max.is_none_or(|m| v > m.value) {
                            live.max = Some(here);
                        }
                    }
                }
            }
            LinkEvent::Status {
                device,
                status,
                at,
                reason,
            } => {
                let live = self.devices.entry(device.clone()).or_default();
                live.status = Some(*status);
                live.status_since = Some(*at);
                live.last_error = reason.clone();
                if *status == DeviceStatus::CommunicationError {
                    for value in live.points.values_mut() {
                        value.quality = Quality::Stale;
                    }
                    if let Some(spectrum) = &mut live.spectrum {
                        spectrum.quality = Quality::Stale;
                    }
                }
            }
            LinkEvent::Spectrum {
                device,
                at,
                spectrum,
            } => {
                self.devices.entry(device.clone()).or_default().spectrum = Some(SpectrumState {
                    spectrum: spectrum.clone(),
                    timestamp: *at,
                    quality: Quality::Good,
                });
            }
            LinkEvent::Counter { .. } | LinkEvent::Stream { .. } => {}
        }
    }
}

fn state_of(device: &DeviceId, live: &DeviceLive) -> DeviceState {
    DeviceState {
        device: device.clone(),
        status: live.status,
        status_since: live.status_since,
        last_error: live.last_error.clone(),
        points: live
            .points
            .iter()
            .map(|(point, value)| point_state(*point, value))
            .collect(),
    }
}

/// The API's form of a point's live value.
pub fn point_state(point: Point, value: &LiveValue) -> PointState {
    let extreme = |e: Option<Extreme>| {
        e.map(|e| ems_api::running::Extreme {
            value: e.value,
            at: e.at,
        })
    };
    PointState {
        point,
        unit: point.unit().symbol(),
        value: value.value,
        quality: value.quality,
        timestamp: value.timestamp,
        min: extreme(value.min),
        max: extreme(value.max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ems_model::{Sample, SampleBatch};

    fn batch(device: &DeviceId, s: i64, point: &str, value: Value, quality: Quality) -> LinkEvent {
        LinkEvent::Samples(SampleBatch {
            device: device.clone(),
            timestamp: Timestamp::from_second(1_750_000_000 + s).unwrap(),
            samples: vec![Sample {
                point: Point::from_name(point).unwrap(),
                value,
                quality,
            }],
        })
    }

    #[test]
    fn min_and_max_keep_their_timestamps() {
        let d = DeviceId::new("main").unwrap();
        let mut image = ProcessImage::new();
        for (s, v) in [(0, 230.0), (1, 228.5), (2, 233.1), (3, 230.2)] {
            image.apply(&batch(&d, s, "voltage_l1", Value::Float(v), Quality::Good));
        }
        let live = &image.device(&d).unwrap().points[&Point::from_name("voltage_l1").unwrap()];
        assert_eq!(live.value, Value::Float(230.2));
        assert_eq!(live.min.unwrap().value, 228.5);
        assert_eq!(
            live.min.unwrap().at,
            Timestamp::from_second(1_750_000_001).unwrap()
        );
        assert_eq!(live.max.unwrap().value, 233.1);
    }

    #[test]
    fn a_communication_error_makes_every_value_stale_but_keeps_it() {
        let d = DeviceId::new("main").unwrap();
        let mut image = ProcessImage::new();
        image.apply(&batch(
            &d,
            0,
            "energy_active_import",
            Value::Counter(1000),
            Quality::Good,
        ));
        image.apply(&LinkEvent::Status {
            device: d.clone(),
            status: DeviceStatus::CommunicationError,
            at: Timestamp::from_second(1_750_000_010).unwrap(),
            reason: Some("no answer within 500 ms".into()),
        });
        let live = image.device(&d).unwrap();
        let energy = &live.points[&Point::from_name("energy_active_import").unwrap()];
        assert_eq!(
            (energy.value, energy.quality),
            (Value::Counter(1000), Quality::Stale)
        );
        assert_eq!(live.last_error.as_deref(), Some("no answer within 500 ms"));
    }

    #[test]
    fn the_latest_spectrum_replaces_the_one_before_and_turns_stale_with_the_values() {
        use ems_model::spectrum::{Orders, Phase, Spectrum};
        use std::sync::Arc;
        let d = DeviceId::new("incomer").unwrap();
        let at = |s: i64| Timestamp::from_second(1_750_000_000 + s).unwrap();
        let spectrum = |fifth: f64| {
            Arc::new(Spectrum {
                fundamental_hz: Some(50.0),
                voltage_v: vec![(Phase::L1, Orders(vec![230.0, 0.0, 0.0, 0.0, fifth]))],
                current_a: Vec::new(),
                line_voltage_v: Vec::new(),
            })
        };
        let mut image = ProcessImage::new();
        image.add_device(d.clone(), None);
        assert_eq!(image.spectrum(&d), None);
        for (s, fifth) in [(0, 6.4), (1, 6.5)] {
            image.apply(&LinkEvent::Spectrum {
                device: d.clone(),
                at: at(s),
                spectrum: spectrum(fifth),
            });
        }
        let latest = image.spectrum(&d).unwrap();
        assert_eq!(latest.spectrum, spectrum(6.5));
        assert_eq!((latest.timestamp, latest.quality), (at(1), Quality::Good));
        image.apply(&LinkEvent::Status {
            device: d.clone(),
            status: DeviceStatus::CommunicationError,
            at: at(10),
            reason: Some("no frame within 2000 ms".into()),
        });
        let held = image.spectrum(&d).unwrap();
        assert_eq!((held.timestamp, held.quality), (at(1), Quality::Stale));
        image.apply(&LinkEvent::Spectrum {
            device: d.clone(),
            at: at(20),
            spectrum: spectrum(6.4),
        });
        assert_eq!(image.spectrum(&d).unwrap().quality, Quality::Good);
    }

    #[test]
    fn a_bad_reading_does_not_replace_the_last_good_counter() {
        let d = DeviceId::new("main").unwrap();
        let mut image = ProcessImage::new();
        image.apply(&batch(
            &d,
            0,
            "energy_active_import",
            Value::Counter(1000),
            Quality::Good,
        ));
        image.apply(&batch(
            &d,
            1,
            "energy_active_import",
            Value::Counter(0),
            Quality::Bad,
        ));
        let live = image.device(&d).unwrap();
        let energy = &live.points[&Point::from_name("energy_active_import").unwrap()];
        assert_eq!(
            (energy.value, energy.quality),
            (Value::Counter(1000), Quality::Bad)
        );
    }
}
