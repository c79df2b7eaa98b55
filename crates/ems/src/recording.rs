//! Recording: the link events of a running site become stored history (interval records) and
//! entries of the event log.

use ems_acquire::counter::CounterVerdict;
use ems_acquire::{LinkEvent, StreamEvent};
use ems_model::site::SiteConfig;
use ems_model::{DeviceId, DeviceStatus, Point};
use ems_store::HistoryWriter;
use ems_store::calendar::Calendar;
use ems_store::event::{EventKind, NewEvent, Severity};
use ems_store::recorder::{Emitted, IntervalRecorder, RecorderEvent, RecorderSettings};
use ems_store::store::CounterBoundary;
use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Implausible readings of one counter are logged at most this often.
const GLITCH_LOG_EVERY: SignedDuration = SignedDuration::from_hours(1);
/// Events of one kind on one waveform stream are logged at most this often.
const STREAM_LOG_EVERY: SignedDuration = SignedDuration::from_mins(1);

/// The recorder of a running site and the store it writes to.
pub struct Recording {
    recorder: IntervalRecorder,
    store: Arc<dyn HistoryWriter>,
    glitches_logged: HashMap<(DeviceId, Point), Timestamp>,
    stream_logged: HashMap<(DeviceId, &'static str), Timestamp>,
    /// The counters at the store's last boundaries, by device.
    stored: BTreeMap<DeviceId, BTreeMap<Point, i64>>,
}

impl Recording {
    /// Records `site` into `store`, resuming every counter at its last stored boundary.
    pub fn new(
        site: &SiteConfig,
        store: Arc<dyn HistoryWriter>,
        boundaries: Vec<CounterBoundary>,
    ) -> anyhow::Result<Recording> {
        let tz = site.site.resolve_time_zone().ok_or_else(|| {
            anyhow::anyhow!(
                "site.time_zone: unknown time zone {:?}",
                site.site.time_zone
            )
        })?;
        let mut recorder = IntervalRecorder::new(
            Calendar::new(tz),
            RecorderSettings {
                minutes: site.site.sample_rate.minutes() as u16,
                ..RecorderSettings::default()
            },
        );
        let mut stored: BTreeMap<DeviceId, BTreeMap<Point, i64>> = BTreeMap::new();
        for b in boundaries {
            stored
                .entry(b.device.clone())
                .or_default()
                .insert(b.point, b.value);
            recorder.restore(b.device, b.point, b.boundary, b.value);
        }
        Ok(Recording {
            recorder,
            store,
            glitches_logged: HashMap::new(),
            stream_logged: HashMap::new(),
            stored,
        })
    }

    /// The values of a device's counters at the store's last boundaries (empty when the store
    /// holds none): where an internal meter's registers start, so that a restart of ems is no
    /// drop in its history.
    pub fn stored_counters(&self, device: &DeviceId) -> BTreeMap<Point, i64> {
        self.stored.get(device).cloned().unwrap_or_default()
    }

    /// Takes one event of a link.
    pub fn on_event(&mut self, event: &LinkEvent) {
        match event {
            LinkEvent::Samples(batch) => {
                let mut emitted = Emitted::default();
                self.recorder.observe(batch, &mut emitted);
                self.submit(emitted);
            }
            LinkEvent::Status {
                device,
                status,
                at,
                reason,
            } => {
                let severity = match status {
                    DeviceStatus::CommunicationError => Severity::Warning,
                    DeviceStatus::On | DeviceStatus::Off => Severity::Info,
                };
                let message = match reason {
                    Some(reason) => format!("{device}: {status} ({reason})"),
                    None => format!("{device}: {status}"),
                };
                self.store.submit_event(
                    NewEvent::new(*at, EventKind::DeviceStatus, severity, message)
                        .device(device.clone())
                        .detail(json!({ "status": status, "reason": reason })),
                );
            }
            LinkEvent::Counter {
                device,
                point,
                at,
                verdict,
            } => self.on_counter(device, *point, *at, *verdict),
            LinkEvent::Stream { device, at, event } => self.on_stream(device, *at, event),
            // The history keeps the THD points, not the spectra.
            LinkEvent::Spectrum { .. } => {}
        }
    }

    fn on_stream(&mut self, device: &DeviceId, at: Timestamp, event: &StreamEvent) {
        let kind = event.kind_name();
        let key = (device.clone(), kind);
        let due = self
            .stream_logged
            .get(&key)
            .is_none_or(|last| at.duration_since(*last) >= STREAM_LOG_EVERY);
        if !due {
            return;
        }
        self.stream_logged.insert(key, at);
        let severity = match event {
            StreamEvent::Dropped(_) => Severity::Info,
            _ => Severity::Warning,
        };
        self.store.submit_event(
            NewEvent::new(
                at,
                EventKind::WaveformStream,
                severity,
                format!("{device}: {event}"),
            )
            .device(device.clone())
            .detail(json!({ "kind": kind })),
        );
    }

    fn on_counter(
        &mut self,
        device: &DeviceId,
        point: Point,
        at: Timestamp,
        verdict: CounterVerdict,
    ) {
        match verdict {
            CounterVerdict::Rebased {
                previous,
                value,
                declared,
            } => {
                self.recorder.rebase(device, point, at, previous, value);
                let (severity, why) = if declared {
                    (Severity::Info, "declared reset")
                } else {
                    (
                        Severity::Warning,
                        "new level confirmed by consecutive readings",
                    )
                };
                self.store.submit_event(
                    NewEvent::new(
                        at,
                        EventKind::CounterReset,
                        severity,
                        format!("{device}/{point}: new baseline {value} after {previous} ({why})"),
                    )
                    .device(device.clone())
                    .point(point)
                    .detail(json!({ "previous": previous, "value": value, "declared": declared })),
                );
            }
            CounterVerdict::Glitch { reading, last_good } => {
                let key = (device.clone(), point);
                let due = self
                    .glitches_logged
                    .get(&key)
                    .is_none_or(|last| at.duration_since(*last) >= GLITCH_LOG_EVERY);
                if due {
                    self.glitches_logged.insert(key, at);
                    self.store.submit_event(
                        NewEvent::new(
                            at,
                            EventKind::CounterGlitch,
                            Severity::Warning,
                            format!(
                                "{device}/{point}: implausible reading {reading} after {last_good}, not used"
                            ),
                        )
                        .device(device.clone())
                        .point(point)
                        .detail(json!({ "reading": reading, "last_good": last_good })),
                    );
                }
            }
            CounterVerdict::Accept { .. } | CounterVerdict::Wrapped { .. } => {}
        }
    }

    /// Closes the intervals of devices that went silent.
    pub fn tick(&mut self, now: Timestamp) {
        let mut emitted = Emitted::default();
        self.recorder.tick(now, &mut emitted);
        self.submit(emitted);
    }

    fn submit(&mut self, emitted: Emitted) {
        if !emitted.records.is_empty() {
            self.store.submit(emitted.records);
        }
        for event in emitted.events {
            self.store.submit_event(recorder_event(event));
        }
    }
}

/// The event-log entry of something the recorder noticed.
pub fn recorder_event(event: RecorderEvent) -> NewEvent {
    match event {
        RecorderEvent::Spread {
            device,
            point,
            from,
            to,
            amount,
        } => NewEvent::new(
            to,
            EventKind::EnergySpread,
            Severity::Info,
            format!(
                "{device}/{point}: {amount} {} over a gap in the readings from {from} to {to}, spread over its intervals",
                point.unit().symbol()
            ),
        )
        .device(device)
        .point(point)
        .detail(json!({ "from": from, "to": to, "amount": amount })),
        RecorderEvent::Dropped {
            device,
            point,
            at,
            previous,
            value,
        } => NewEvent::new(
            at,
            EventKind::CounterReset,
            Severity::Warning,
            format!(
                "{device}/{point}: read {value}, lower than the stored {previous}; taken as a new baseline"
            ),
        )
        .device(device)
        .point(point)
        .detail(json!({ "previous": previous, "value": value, "declared": false })),
    }
}
