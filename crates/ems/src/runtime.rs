//! Wiring of a running site: one link task per enabled link (a Modbus link polling its devices,
//! or a waveform stream feeding an internal meter), and the hub that keeps the process image,
//! logs status changes and hands everything to the recording.

use crate::image::ProcessImage;
use crate::recording::Recording;
use ems_acquire::link::{LinkSetupError, ReadError};
use ems_acquire::transport::{Dialer, SerialDialer, TcpDialer};
use ems_acquire::{
    DeviceSpec, Framing, LinkEvent, LinkHandle, LinkSettings, Transport, WaveformHandle,
    WaveformSetupError, WaveformSpec, meter_config, spawn_waveform_link,
};
use ems_model::site::{self, SiteConfig};
use ems_model::{Clock, DeviceId, DeviceStatus, SampleBatch};
use ems_profile::load::{Library, ResolveError};
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

/// Why a site could not be started.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A device's profile could not be resolved.
    #[error("devices.{device}.profile: {source}")]
    Profile {
        /// The device.
        device: String,
        /// Why.
        source: ResolveError,
    },
    /// A link could not be set up.
    #[error("links.{link}: {source}")]
    Link {
        /// The link.
        link: String,
        /// Why.
        source: LinkSetupError,
    },
    /// An internal meter could not be set up.
    #[error("links.{link}: {source}")]
    Meter {
        /// The waveform link.
        link: String,
        /// Why.
        source: WaveformSetupError,
    },
    /// A device on a waveform stream is not an internal meter with its settings (the site
    /// model's validation refuses this).
    #[error("devices.{device}.meter: a device on a waveform stream needs its meter settings")]
    NotAnInternalMeter {
        /// The device.
        device: String,
    },
}

/// A running site: its links, its process image, and a feed of its events.
pub struct Runtime {
    links: BTreeMap<String, LinkHandle>,
    device_links: BTreeMap<DeviceId, String>,
    /// The internal meters, each with its waveform link.
    meters: BTreeMap<DeviceId, WaveformHandle>,
    image: Arc<RwLock<ProcessImage>>,
    events: broadcast::Sender<LinkEvent>,
    hub: tokio::task::JoinHandle<()>,
}

impl Runtime {
    /// How often the hub closes the intervals of devices that went silent.
    const TICK: Duration = Duration::from_secs(5);

    /// Starts polling every enabled device of every enabled link of `site`, recording what is
    /// read when `recording` is given. Internal meters start their registers from the counters
    /// the recording's store holds for them, so that their history carries on without a drop.
    pub fn start(
        site: &SiteConfig,
        library: &Library,
        clock: Arc<dyn Clock>,
        mut recording: Option<Recording>,
    ) -> Result<Runtime, StartError> {
        let (event_sender, mut event_receiver) = mpsc::channel::<LinkEvent>(1024);
        let (broadcast, _) = broadcast::channel(1024);
        let mut image = ProcessImage::new();
        let mut links = BTreeMap::new();
        let mut device_links = BTreeMap::new();
        let mut meters = BTreeMap::new();
        for (link_id, link) in &site.links {
            if let site::Transport::WaveformStream(stream) = &link.transport {
                for (device_id, device) in site.devices_on_link(link_id) {
                    let enabled = link.enabled && site.is_device_active(device_id.as_str());
                    image.add_device(device_id.clone(), (!enabled).then_some(DeviceStatus::Off));
                    if !enabled {
                        continue;
                    }
                    let meter =
                        device
                            .meter
                            .as_ref()
                            .ok_or_else(|| StartError::NotAnInternalMeter {
                                device: device_id.to_string(),
                            })?;
                    let timeout_ms = device.timeout_ms.unwrap_or(link.timeout_ms());
                    let spec = WaveformSpec {
                        link: link_id.clone(),
                        endpoint: stream.endpoint.clone(),
                        timeout: Duration::from_millis(u64::from(timeout_ms)),
                        failures_before_error: link.failures_before_error,
                        device: device_id.clone(),
                        meter: meter_config(
                            meter,
                            device.ct_ratio,
                            device.vt_ratio,
                            &site.site.time_zone,
                        ),
                        fast_period: Duration::from_millis(u64::from(device.fast_poll_ms)),
                        slow_period: Duration::from_millis(u64::from(device.slow_poll_ms)),
                        initial_counters: recording
                            .as_ref()
                            .map(|r| r.stored_counters(device_id))
                            .unwrap_or_default(),
                    };
                    let handle = spawn_waveform_link(spec, clock.clone(), event_sender.clone())
                        .map_err(|source| StartError::Meter {
                            link: link_id.clone(),
                            source,
                        })?;
                    meters.insert(device_id.clone(), handle);
                }
                continue;
            }
            let mut devices = Vec::new();
            for (device_id, device) in site.devices_on_link(link_id) {
                let enabled = link.enabled && site.is_device_active(device_id.as_str());
                image.add_device(device_id.clone(), (!enabled).then_some(DeviceStatus::Off));
                if !enabled {
                    continue;
                }
                let profile = library
                    .resolve(&device.profile, device.generic.as_ref())
                    .map_err(|source| StartError::Profile {
                        device: device_id.to_string(),
                        source,
                    })?;
                let timeout_ms = device.timeout_ms.unwrap_or(link.timeout_ms());
                devices.push(DeviceSpec {
                    id: device_id.clone(),
                    unit_id: device.unit_id,
                    profile,
                    fast_period: Duration::from_millis(u64::from(device.fast_poll_ms)),
                    slow_period: Duration::from_millis(u64::from(device.slow_poll_ms)),
                    timeout: Duration::from_millis(u64::from(timeout_ms)),
                    ct_ratio: device.ct_ratio,
                    vt_ratio: device.vt_ratio,
                    one_value_per_read: false,
                });
                device_links.insert(device_id.clone(), link_id.clone());
            }
            if !link.enabled || devices.is_empty() {
                continue;
            }
            let settings = LinkSettings {
                id: link_id.clone(),
                failures_before_error: link.failures_before_error,
            };
            let Some(transport) = transport_of(&link.transport) else {
                continue;
            };
            let handle = ems_acquire::spawn_link(
                settings,
                transport,
                devices,
                clock.clone(),
                event_sender.clone(),
            )
            .map_err(|source| StartError::Link {
                link: link_id.clone(),
                source,
            })?;
            links.insert(link_id.clone(), handle);
        }
        drop(event_sender);
        let image = Arc::new(RwLock::new(image));
        let hub_image = image.clone();
        let hub_broadcast = broadcast.clone();
        let hub_clock = clock.clone();
        let hub = tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Self::TICK);
            loop {
                tokio::select! {
                    event = event_receiver.recv() => {
                        let Some(event) = event else { break };
                        log_event(&event);
                        if let Ok(mut image) = hub_image.write() {
                            image.apply(&event);
                        }
                        if let Some(recording) = recording.as_mut() {
                            recording.on_event(&event);
                        }
                        // Nobody listening is fine.
                        let _ = hub_broadcast.send(event);
                    }
                    _ = ticker.tick() => {
                        if let Some(recording) = recording.as_mut() {
                            recording.tick(hub_clock.now());
                        }
                    }
                }
            }
        });
        Ok(Runtime {
            links,
            device_links,
            meters,
            image,
            events: broadcast,
            hub,
        })
    }

    /// Stops every link and waits (up to `grace`) until the hub has handled and recorded what
    /// they had already read.
    pub async fn stop(self, grace: Duration) {
        let Runtime {
            links, meters, hub, ..
        } = self;
        drop(links);
        drop(meters);
        if tokio::time::timeout(grace, hub).await.is_err() {
            tracing::warn!("links did not stop within {grace:?}");
        }
    }

    /// The process image.
    pub fn image(&self) -> Arc<RwLock<ProcessImage>> {
        self.image.clone()
    }

    /// Every event of every link from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<LinkEvent> {
        self.events.subscribe()
    }

    /// Reads a device at once (the "Test" button); an internal meter answers with its latest
    /// values.
    pub async fn read_now(&self, device: &DeviceId) -> Result<SampleBatch, ReadError> {
        if let Some(meter) = self.meters.get(device) {
            return meter.read_now(device).await;
        }
        self.link_of(device)?.read_now(device).await
    }

    /// The running link `id`; `None` when it is not running (disabled, or without enabled
    /// devices).
    pub fn link(&self, id: &str) -> Option<&LinkHandle> {
        self.links.get(id)
    }

    /// Declares that a device's counters were reset; an internal meter sets its registers to
    /// zero (and reports the new baselines).
    pub async fn declare_counter_reset(&self, device: &DeviceId) -> Result<(), ReadError> {
        if let Some(meter) = self.meters.get(device) {
            return meter.declare_counter_reset(device).await;
        }
        self.link_of(device)?.declare_counter_reset(device).await
    }

    fn link_of(&self, device: &DeviceId) -> Result<&LinkHandle, ReadError> {
        self.device_links
            .get(device)
            .and_then(|link| self.links.get(link))
            .ok_or_else(|| ReadError::UnknownDevice(device.to_string()))
    }
}

/// The Modbus transport for a link of the site model; `None` for a waveform stream, which is
/// not polled (see [`ems_acquire::waveform`]).
pub fn transport_of(transport: &site::Transport) -> Option<Transport> {
    let dialer = dialer_of(transport)?;
    Some(match transport {
        site::Transport::ModbusTcp(_) => Transport::new(dialer, Framing::Tcp, Duration::ZERO),
        site::Transport::ModbusRtu(s) => Transport::new(
            dialer,
            Framing::Rtu,
            Duration::from_millis(u64::from(s.effective_inter_frame_gap_ms())),
        ),
        site::Transport::RtuOverTcp(t) => Transport::new(
            dialer,
            Framing::Rtu,
            Duration::from_millis(u64::from(t.effective_inter_frame_gap_ms())),
        ),
        site::Transport::WaveformStream(_) => return None,
    })
}

/// What opens the connection of a Modbus link; `None` for a waveform stream.
pub fn dialer_of(transport: &site::Transport) -> Option<Box<dyn Dialer>> {
    Some(match transport {
        site::Transport::ModbusTcp(t) => Box::new(TcpDialer::new(format!("{}:{}", t.host, t.port))),
        site::Transport::RtuOverTcp(t) => {
            Box::new(TcpDialer::new(format!("{}:{}", t.host, t.port)))
        }
        site::Transport::ModbusRtu(s) => Box::new(SerialDialer::new(serial_settings(s))),
        site::Transport::WaveformStream(_) => return None,
    })
}

/// The serial settings of a serial link of the site model.
pub fn serial_settings(s: &site::SerialTransport) -> ems_acquire::SerialSettings {
    ems_acquire::SerialSettings {
        port: s.port.clone(),
        baud: s.baud.bits_per_second(),
        data_bits: s.data_bits.count(),
        parity: match s.parity {
            site::Parity::None => ems_acquire::Parity::None,
            site::Parity::Odd => ems_acquire::Parity::Odd,
            site::Parity::Even => ems_acquire::Parity::Even,
        },
        stop_bits: s.stop_bits.count(),
    }
}

fn log_event(event: &LinkEvent) {
    match event {
        LinkEvent::Status {
            device,
            status,
            reason,
            ..
        } => match reason {
            Some(reason) => tracing::warn!(%device, %status, %reason, "device status"),
            None => tracing::info!(%device, %status, "device status"),
        },
        LinkEvent::Counter {
            device,
            point,
            verdict,
            ..
        } => {
            tracing::warn!(%device, %point, ?verdict, "counter");
        }
        LinkEvent::Stream { device, event, .. } => {
            tracing::info!(%device, %event, "waveform stream");
        }
        LinkEvent::Samples(_) | LinkEvent::Spectrum { .. } => {}
    }
}
