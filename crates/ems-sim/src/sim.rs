//! The simulator: devices, listeners and waveform sources started from a [`SimConfig`],
//! controlled by a [`SimHandle`].

use crate::config::{ConfigErrors, ConfigIssue, ListenerConfig, Parity, SimConfig};
use crate::device::{DeviceError, DeviceSpec, SimDevice};
use crate::fault::Fault;
use crate::model::hash3;
use crate::server::Bus;
use crate::stream::{StreamFault, WaveformEndpoint, WaveformSource};
use ems_model::Clock;
use ems_profile::{Library, Profile};
use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

/// Why the simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The configuration names unknown profiles or devices the profiles cannot serve.
    #[error("{0}")]
    Config(#[from] ConfigErrors),
    /// A TCP listener could not bind its address.
    #[error("listeners.{listener}: cannot listen on {address}: {source}")]
    Bind {
        /// The listener id.
        listener: String,
        /// The address.
        address: SocketAddr,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A waveform source could not listen on its TCP address or Unix socket.
    #[error("waveforms.{waveform}: cannot listen on {endpoint}: {source}")]
    WaveformBind {
        /// The source's id.
        waveform: String,
        /// Where it was to listen (`tcp 127.0.0.1:7070`, `unix /run/ems/wave.sock`).
        endpoint: String,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A serial port could not be opened.
    #[error("listeners.{listener}: cannot open serial port {port}: {source}")]
    Serial {
        /// The listener id.
        listener: String,
        /// The port.
        port: String,
        /// Why.
        #[source]
        source: tokio_serial::Error,
    },
}

/// A device id that names no simulated device.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no simulated device \"{0}\"")]
pub struct UnknownDevice(pub String);

/// An id that names no simulated waveform source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no simulated waveform source \"{0}\"")]
pub struct UnknownWaveform(pub String);

/// Where a listener can be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// A TCP address (the port actually bound when the configuration said 0).
    Tcp(SocketAddr),
    /// A serial port path.
    Serial(String),
}

/// The running simulator. Dropping it stops every listener and connection.
#[derive(Debug)]
pub struct SimHandle {
    endpoints: BTreeMap<String, Endpoint>,
    devices: BTreeMap<String, Arc<SimDevice>>,
    waveforms: BTreeMap<String, Arc<WaveformSource>>,
    waveform_endpoints: BTreeMap<String, WaveformEndpoint>,
    tasks: JoinSet<()>,
}

/// Starts simulators.
#[derive(Debug, Clone, Copy)]
pub struct Simulator;

/// A stable 64-bit hash of a string (FNV-1a), to derive per-device seeds.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl Simulator {
    /// The spec [`Simulator::start`] builds for device `id` of `config` with its resolved
    /// `profile`: the same seed (derived from the configuration's seed and the id), model,
    /// counters and faults. `None` when `config` has no such device.
    pub fn device_spec(config: &SimConfig, id: &str, profile: Arc<Profile>) -> Option<DeviceSpec> {
        let device = config.devices.get(id)?;
        Some(DeviceSpec {
            id: id.to_owned(),
            unit_id: device.unit_id,
            profile,
            model: device.model.clone(),
            seed: hash3(config.seed, 0, fnv1a(id) as i64),
            counters: device.counters.clone(),
            counters_at: device.counters_at,
            faults: device
                .faults
                .iter()
                .filter_map(|f| f.to_scheduled().ok())
                .collect(),
            ct_ratio: device.ct_ratio,
            vt_ratio: device.vt_ratio,
        })
    }

    /// Builds every device and waveform source of `config` with profiles from `profiles`,
    /// binds every listener and starts serving. Devices read time from `clock`; waveform
    /// sources take their UTC start from it and then count samples by tokio's clock.
    ///
    /// `config` should come from [`SimConfig::from_toml_str`]; its problems are checked again
    /// here, with the profiles: every problem is reported at once before anything is bound.
    pub async fn start(
        config: &SimConfig,
        profiles: &Library,
        clock: Arc<dyn Clock>,
    ) -> Result<SimHandle, SimError> {
        let mut issues = config.problems();
        let mut devices: BTreeMap<String, Arc<SimDevice>> = BTreeMap::new();
        let mut per_listener: BTreeMap<&str, Vec<Arc<SimDevice>>> = BTreeMap::new();
        for (id, device) in &config.devices {
            let path = format!("devices.{id}");
            let profile = match profiles.resolve(&device.profile, device.generic.as_ref()) {
                Ok(profile) => profile,
                Err(error) => {
                    issues.push(ConfigIssue {
                        path: format!("{path}.profile"),
                        message: error.to_string(),
                    });
                    continue;
                }
            };
            let Some(spec) = Simulator::device_spec(config, id, profile) else {
                continue;
            };
            match SimDevice::new(spec, Arc::clone(&clock)) {
                Ok(sim) => {
                    let sim = Arc::new(sim);
                    per_listener
                        .entry(device.listener.as_str())
                        .or_default()
                        .push(Arc::clone(&sim));
                    devices.insert(id.clone(), sim);
                }
                Err(error) => issues.push(ConfigIssue {
                    path: match error {
                        DeviceError::CountersAfterStart { .. } => format!("{path}.counters_at"),
                        _ => path,
                    },
                    message: error.to_string(),
                }),
            }
        }
        let started_utc = clock.now();
        let mut waveforms: BTreeMap<String, Arc<WaveformSource>> = BTreeMap::new();
        if issues.is_empty() {
            for (id, waveform) in &config.waveforms {
                let seed = hash3(config.seed, 1, fnv1a(id) as i64);
                match WaveformSource::new(id, waveform, seed, started_utc) {
                    Ok(source) => {
                        waveforms.insert(id.clone(), Arc::new(source));
                    }
                    Err(errors) => issues.extend(errors.0),
                }
            }
        }
        if !issues.is_empty() {
            return Err(SimError::Config(ConfigErrors(issues)));
        }

        let mut endpoints = BTreeMap::new();
        let mut tasks = JoinSet::new();
        for (id, listener) in &config.listeners {
            let members = per_listener.remove(id.as_str()).unwrap_or_default();
            let bus = Bus::new(members).map_err(|e| {
                SimError::Config(ConfigErrors(vec![ConfigIssue {
                    path: format!("listeners.{id}"),
                    message: e.to_string(),
                }]))
            })?;
            let silence = listener.silence();
            match listener {
                ListenerConfig::ModbusTcp { bind } | ListenerConfig::RtuOverTcp { bind, .. } => {
                    let socket =
                        TcpListener::bind(bind)
                            .await
                            .map_err(|source| SimError::Bind {
                                listener: id.clone(),
                                address: *bind,
                                source,
                            })?;
                    let address = socket.local_addr().map_err(|source| SimError::Bind {
                        listener: id.clone(),
                        address: *bind,
                        source,
                    })?;
                    let rtu = listener.is_rtu();
                    tracing::info!(listener = %id, %address, kind = listener.kind_name(), "listening");
                    endpoints.insert(id.clone(), Endpoint::Tcp(address));
                    tasks.spawn(accept_loop(socket, bus, rtu.then_some(silence)));
                }
                ListenerConfig::ModbusRtu {
                    port,
                    baud,
                    parity,
                    stop_bits,
                    data_bits,
                    ..
                } => {
                    let stream = open_serial(port, *baud, *parity, *stop_bits, *data_bits)
                        .map_err(|source| SimError::Serial {
                            listener: id.clone(),
                            port: port.clone(),
                            source,
                        })?;
                    tracing::info!(listener = %id, %port, baud, "serving RTU");
                    endpoints.insert(id.clone(), Endpoint::Serial(port.clone()));
                    let listener_id = id.clone();
                    tasks.spawn(async move {
                        if let Err(error) = bus.serve_rtu(stream, silence).await {
                            tracing::warn!(listener = %listener_id, %error, "serial port closed");
                        }
                    });
                }
            }
        }
        let mut waveform_endpoints = BTreeMap::new();
        for (id, source) in &waveforms {
            let Some(waveform) = config.waveforms.get(id) else {
                continue;
            };
            let endpoint = bind_waveform(id, waveform, source, &mut tasks).await?;
            tracing::info!(waveform = %id, %endpoint, "serving the waveform stream");
            waveform_endpoints.insert(id.clone(), endpoint);
        }
        Ok(SimHandle {
            endpoints,
            devices,
            waveforms,
            waveform_endpoints,
            tasks,
        })
    }
}

/// Binds a waveform source's socket and spawns its accept loop.
async fn bind_waveform(
    id: &str,
    waveform: &crate::config::WaveformConfig,
    source: &Arc<WaveformSource>,
    tasks: &mut JoinSet<()>,
) -> Result<WaveformEndpoint, SimError> {
    let failed = |endpoint: String| {
        let id = id.to_owned();
        move |source: io::Error| SimError::WaveformBind {
            waveform: id,
            endpoint,
            source,
        }
    };
    if let Some(bind) = waveform.tcp {
        let socket = TcpListener::bind(bind)
            .await
            .map_err(failed(format!("tcp {bind}")))?;
        let address = socket.local_addr().map_err(failed(format!("tcp {bind}")))?;
        tasks.spawn(crate::stream::accept_tcp(socket, Arc::clone(source)));
        return Ok(WaveformEndpoint::Tcp(address));
    }
    let Some(path) = &waveform.unix else {
        return Err(SimError::Config(ConfigErrors(vec![ConfigIssue {
            path: format!("waveforms.{id}.tcp"),
            message: "give a TCP address or a Unix socket".into(),
        }])));
    };
    let endpoint = format!("unix {}", path.display());
    #[cfg(unix)]
    {
        let (socket, file) = crate::stream::bind_unix(path).map_err(failed(endpoint))?;
        tasks.spawn(crate::stream::accept_unix(socket, file, Arc::clone(source)));
        Ok(WaveformEndpoint::Unix(path.clone()))
    }
    #[cfg(not(unix))]
    {
        Err(failed(endpoint)(io::Error::new(
            io::ErrorKind::Unsupported,
            "Unix sockets need a Unix system",
        )))
    }
}

fn open_serial(
    port: &str,
    baud: u32,
    parity: Parity,
    stop_bits: u8,
    data_bits: u8,
) -> Result<tokio_serial::SerialStream, tokio_serial::Error> {
    let builder = tokio_serial::new(port, baud)
        .parity(match parity {
            Parity::None => tokio_serial::Parity::None,
            Parity::Even => tokio_serial::Parity::Even,
            Parity::Odd => tokio_serial::Parity::Odd,
        })
        .stop_bits(if stop_bits == 2 {
            tokio_serial::StopBits::Two
        } else {
            tokio_serial::StopBits::One
        })
        .data_bits(if data_bits == 7 {
            tokio_serial::DataBits::Seven
        } else {
            tokio_serial::DataBits::Eight
        });
    tokio_serial::SerialStream::open(&builder)
}

/// Accepts connections and serves each with MBAP framing, or RTU framing when `rtu_silence` is
/// set.
async fn accept_loop(socket: TcpListener, bus: Bus, rtu_silence: Option<Duration>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = socket.accept() => match accepted {
                Ok((stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    let bus = bus.clone();
                    connections.spawn(async move {
                        let result = match rtu_silence {
                            Some(silence) => bus.serve_rtu(stream, silence).await,
                            None => bus.serve_tcp(stream).await,
                        };
                        if let Err(error) = result {
                            tracing::debug!(%peer, %error, "connection ended");
                        }
                    });
                }
                Err(error) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

impl SimHandle {
    /// Where each listener can be reached, by listener id.
    pub fn endpoints(&self) -> &BTreeMap<String, Endpoint> {
        &self.endpoints
    }

    /// The TCP address a listener is bound to (with the port chosen when it was 0).
    pub fn local_addr(&self, listener: &str) -> Option<SocketAddr> {
        match self.endpoints.get(listener)? {
            Endpoint::Tcp(address) => Some(*address),
            Endpoint::Serial(_) => None,
        }
    }

    /// A simulated device, by id.
    pub fn device(&self, id: &str) -> Option<&Arc<SimDevice>> {
        self.devices.get(id)
    }

    /// Every simulated device, by id.
    pub fn devices(&self) -> &BTreeMap<String, Arc<SimDevice>> {
        &self.devices
    }

    /// Sets a fault on a device (see [`SimDevice::set_fault`]).
    pub fn set_fault(&self, device: &str, fault: Fault) -> Result<(), UnknownDevice> {
        self.device(device)
            .ok_or_else(|| UnknownDevice(device.to_owned()))?
            .set_fault(fault);
        Ok(())
    }

    /// Clears a device's run-time fault (see [`SimDevice::clear_fault`]).
    pub fn clear_fault(&self, device: &str) -> Result<(), UnknownDevice> {
        self.device(device)
            .ok_or_else(|| UnknownDevice(device.to_owned()))?
            .clear_fault();
        Ok(())
    }

    /// A simulated waveform source, by id.
    pub fn waveform(&self, id: &str) -> Option<&Arc<WaveformSource>> {
        self.waveforms.get(id)
    }

    /// Every simulated waveform source, by id.
    pub fn waveforms(&self) -> &BTreeMap<String, Arc<WaveformSource>> {
        &self.waveforms
    }

    /// Where a waveform source can be reached.
    pub fn waveform_endpoint(&self, id: &str) -> Option<&WaveformEndpoint> {
        self.waveform_endpoints.get(id)
    }

    /// Where each waveform source can be reached, by id.
    pub fn waveform_endpoints(&self) -> &BTreeMap<String, WaveformEndpoint> {
        &self.waveform_endpoints
    }

    /// Puts a fault on a waveform source's next frames (see [`WaveformSource::inject`]);
    /// returns the number of the first frame affected.
    pub fn inject(&self, waveform: &str, fault: StreamFault) -> Result<u64, UnknownWaveform> {
        Ok(self
            .waveform(waveform)
            .ok_or_else(|| UnknownWaveform(waveform.to_owned()))?
            .inject(fault))
    }

    /// Stops every listener and connection and waits until they are gone.
    pub async fn shutdown(mut self) {
        self.tasks.abort_all();
        while self.tasks.join_next().await.is_some() {}
    }

    /// Serves until SIGINT (Ctrl-C) or SIGTERM, then shuts down.
    pub async fn run_until_signal(self) -> io::Result<()> {
        #[cfg(unix)]
        {
            let mut terminate =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
            tokio::select! {
                result = tokio::signal::ctrl_c() => result?,
                _ = terminate.recv() => {}
            }
        }
        #[cfg(not(unix))]
        tokio::signal::ctrl_c().await?;
        tracing::info!("shutting down");
        self.shutdown().await;
        Ok(())
    }
}
