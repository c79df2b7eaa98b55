//! A simulated device: a plant model behind a register image, with faults.
//!
//! [`SimDevice::handle`] is the whole of a device's behaviour on the wire, without I/O: it takes
//! a request PDU and writes the answer PDU (or decides on silence), telling the transport which
//! unit id to answer with, how long to hold the answer back and whether to spoil its CRC.

use crate::fault::{Fault, FaultState, ScheduledFault};
use crate::image::{ImageError, RegisterImage, Written};
use crate::model::{Medium, ModelConfig, NotACounter, PlantModel, Snapshot};
use ems_modbus::pdu::{
    DeviceIdentification, DeviceObject, DeviceObjects, ExceptionCode, ReadDeviceIdCode, Registers,
    Request, Response,
};
use ems_model::{Clock, Point};
use ems_profile::schema::DeviceKind;
use ems_profile::{DecodeContext, Profile, ReadBlock, Table};
use jiff::Timestamp;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Everything needed to build a [`SimDevice`].
#[derive(Debug, Clone)]
pub struct DeviceSpec {
    /// The device's id (for logs and fault control).
    pub id: String,
    /// The Modbus unit id it answers to (1..=247).
    pub unit_id: u8,
    /// The register map it serves.
    pub profile: Arc<Profile>,
    /// Its plant model; `medium` and `phases` default to what the profile says.
    pub model: ModelConfig,
    /// The seed used when `model.seed` is not set.
    pub seed: u64,
    /// Starting values of counters, in canonical units.
    pub counters: BTreeMap<Point, i64>,
    /// The time at which `counters` held: the model starts there and integrates up to the
    /// device's start. The start when `None`; it may not be later.
    pub counters_at: Option<Timestamp>,
    /// Faults on a schedule measured from the device's start.
    pub faults: Vec<ScheduledFault>,
    /// Current transformer ratio: registers marked `ct` or `ct_vt` hold secondary values.
    pub ct_ratio: f64,
    /// Voltage transformer ratio: registers marked `vt` or `ct_vt` hold secondary values.
    pub vt_ratio: f64,
}

impl DeviceSpec {
    /// A device serving `profile` at `unit_id` with the default plant model.
    pub fn new(id: impl Into<String>, unit_id: u8, profile: Arc<Profile>) -> Self {
        DeviceSpec {
            id: id.into(),
            unit_id,
            profile,
            model: ModelConfig::default(),
            seed: 0,
            counters: BTreeMap::new(),
            counters_at: None,
            faults: Vec::new(),
            ct_ratio: 1.0,
            vt_ratio: 1.0,
        }
    }
}

/// Why a device could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceError {
    /// A starting value names a point that is not a counter of the model.
    #[error(transparent)]
    NotACounter(#[from] NotACounter),
    /// The counters are said to hold at a time after the device's start.
    #[error(
        "counters_at {counters_at} is after the start ({start}): counters can only be given for a time already past"
    )]
    CountersAfterStart {
        /// The time given.
        counters_at: Timestamp,
        /// The device's start.
        start: Timestamp,
    },
    /// The profile has a register the codec cannot handle.
    #[error("profile {profile}: {source}")]
    Image {
        /// The profile's id.
        profile: String,
        /// Why.
        #[source]
        source: ImageError,
    },
}

/// What the transport does with a request after the device has seen it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// Nothing goes back on the wire.
    Silent,
    /// The PDU written to the output buffer goes back.
    Answer {
        /// The unit id to put in the frame.
        unit_id: u8,
        /// How long to wait before sending.
        delay: Option<Duration>,
        /// Send an RTU frame with a wrong CRC.
        corrupt_crc: bool,
    },
}

#[derive(Debug)]
struct State {
    model: PlantModel,
    faults: FaultState,
    written: Written,
}

/// A simulated Modbus device. Shared between connections; cheap to lock for each request.
pub struct SimDevice {
    id: String,
    unit_id: u8,
    profile: Arc<Profile>,
    image: RegisterImage,
    clock: Arc<dyn Clock>,
    started: Timestamp,
    state: Mutex<State>,
}

impl std::fmt::Debug for SimDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimDevice")
            .field("id", &self.id)
            .field("unit_id", &self.unit_id)
            .field("profile", &self.profile.id)
            .field("started", &self.started)
            .finish_non_exhaustive()
    }
}

/// The medium a profile's kind implies.
fn medium_of(kind: DeviceKind) -> Medium {
    match kind {
        DeviceKind::ElectricityMeter => Medium::Electricity,
        DeviceKind::GasMeter => Medium::Gas,
        DeviceKind::WaterMeter => Medium::Water,
    }
}

impl SimDevice {
    /// Builds the device, starting its model at `spec.counters_at` (with `spec.counters`) or
    /// else at the clock's current time.
    pub fn new(spec: DeviceSpec, clock: Arc<dyn Clock>) -> Result<Self, DeviceError> {
        let started = clock.now();
        let model_start = match spec.counters_at {
            Some(counters_at) if counters_at > started => {
                return Err(DeviceError::CountersAfterStart {
                    counters_at,
                    start: started,
                });
            }
            Some(counters_at) => counters_at,
            None => started,
        };
        let mut model_config = spec.model.clone();
        if model_config.medium.is_none() {
            model_config.medium = Some(medium_of(spec.profile.kind));
        }
        if model_config.phases.is_none() {
            model_config.phases = Some(if spec.profile.phases == 1 { 1 } else { 3 });
        }
        let mut model = PlantModel::new(&model_config, spec.seed, model_start);
        for (&point, &value) in &spec.counters {
            model.set_counter(point, value)?;
        }
        let context = DecodeContext {
            ct_ratio: spec.ct_ratio,
            vt_ratio: spec.vt_ratio,
            ..DecodeContext::for_profile(&spec.profile)
        };
        let image = RegisterImage::new(&spec.profile, &model, context).map_err(|source| {
            DeviceError::Image {
                profile: spec.profile.id.clone(),
                source,
            }
        })?;
        Ok(SimDevice {
            id: spec.id,
            unit_id: spec.unit_id,
            profile: spec.profile,
            image,
            clock,
            started,
            state: Mutex::new(State {
                model,
                faults: FaultState::new(spec.faults),
                written: Written::new(),
            }),
        })
    }

    /// The device's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The unit id it answers to.
    pub fn unit_id(&self) -> u8 {
        self.unit_id
    }

    /// The profile it serves.
    pub fn profile(&self) -> &Arc<Profile> {
        &self.profile
    }

    /// Its register image.
    pub fn image(&self) -> &RegisterImage {
        &self.image
    }

    /// When it started, by its clock.
    pub fn started(&self) -> Timestamp {
        self.started
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reads `blocks` as a client would at `at`, with one snapshot of the model for all of them:
    /// the words of block `i` go to `answers[i]` (resized to the blocks). Faults do not apply
    /// and the clock is not read, so a device's history can be replayed in fast time; the model
    /// never integrates backwards, so `at` should not go back.
    pub fn read_blocks_at(
        &self,
        at: Timestamp,
        blocks: &[ReadBlock],
        answers: &mut Vec<Vec<u16>>,
    ) -> Result<(), ExceptionCode> {
        answers.resize_with(blocks.len(), Vec::new);
        let mut state = self.lock();
        let State { model, written, .. } = &mut *state;
        let snapshot = model.snapshot(at);
        for (block, words) in blocks.iter().zip(answers.iter_mut()) {
            words.clear();
            let read = (block.table(), block.start(), block.count());
            self.image.check_read(read.0, read.1, read.2, written)?;
            self.image.read(read, &snapshot, false, written, words)?;
        }
        Ok(())
    }

    /// Sets a fault from now on, replacing the run-time fault in force. [`Fault::CounterReset`]
    /// sets the counters to zero now and changes nothing else.
    pub fn set_fault(&self, fault: Fault) {
        let now = self.clock.now();
        let mut state = self.lock();
        state.faults.set(fault);
        Self::apply_resets(&mut state, self.started, now);
    }

    /// Clears the run-time fault: the device behaves normally again (scheduled faults still
    /// apply within their windows).
    pub fn clear_fault(&self) {
        self.lock().faults.clear();
    }

    /// The fault in force now, run-time or scheduled.
    pub fn active_fault(&self) -> Option<Fault> {
        let now = self.clock.now();
        self.lock().faults.active(now.duration_since(self.started))
    }

    /// The model's values now, in canonical units and ems' signs: what a correct read decodes
    /// to.
    pub fn snapshot(&self) -> Snapshot {
        let now = self.clock.now();
        let mut state = self.lock();
        Self::apply_resets(&mut state, self.started, now);
        state.model.snapshot(now)
    }

    fn apply_resets(state: &mut State, started: Timestamp, now: Timestamp) {
        let State { model, faults, .. } = state;
        faults.take_due_resets(started, now, |t| model.reset_counters(t));
    }

    /// Handles a request PDU addressed to this device as unit `unit_id`: writes the answer PDU
    /// to `out` (cleared first) and says what to do with it. `words` is scratch space reused
    /// between requests.
    pub fn handle(
        &self,
        unit_id: u8,
        pdu: &[u8],
        out: &mut Vec<u8>,
        words: &mut Vec<u16>,
    ) -> Reply {
        out.clear();
        words.clear();
        let Some(&function) = pdu.first() else {
            return Reply::Silent;
        };
        let now = self.clock.now();
        let mut state = self.lock();
        Self::apply_resets(&mut state, self.started, now);
        let fault = state.faults.active(now.duration_since(self.started));
        let response = match fault {
            Some(Fault::NoAnswer) => return Reply::Silent,
            Some(Fault::Exception { code }) => Response::Exception { function, code },
            _ => match Request::decode(pdu) {
                Ok(request) => {
                    let nan = fault == Some(Fault::Nan);
                    match self.serve(&mut state, now, &request, nan, words) {
                        Ok(response) => response,
                        Err(code) => Response::Exception { function, code },
                    }
                }
                Err(error) => match error.server_exception() {
                    Some(code) => Response::Exception { function, code },
                    None => return Reply::Silent,
                },
            },
        };
        drop(state);
        if let Err(error) = encode_response(&response, &self.profile, out) {
            tracing::debug!(device = %self.id, %error, "answer could not be encoded");
            out.clear();
            let fallback = Response::Exception {
                function,
                code: ExceptionCode::ServerDeviceFailure,
            };
            if fallback.encode(out).is_err() {
                return Reply::Silent;
            }
        }
        Reply::Answer {
            unit_id: match fault {
                Some(Fault::WrongUnitId) => other_unit(unit_id),
                _ => unit_id,
            },
            delay: match fault {
                Some(Fault::LateAnswer { delay }) => Some(delay),
                _ => None,
            },
            corrupt_crc: fault == Some(Fault::BadCrc),
        }
    }

    /// Carries out a broadcast request (unit 0 on RTU): writes are stored, nothing is answered.
    pub fn handle_broadcast(&self, pdu: &[u8]) {
        let now = self.clock.now();
        let mut state = self.lock();
        if state.faults.active(now.duration_since(self.started)) == Some(Fault::NoAnswer) {
            return;
        }
        if let Ok(
            request
            @ (Request::WriteSingleRegister { .. } | Request::WriteMultipleRegisters { .. }),
        ) = Request::decode(pdu)
        {
            let mut words = Vec::new();
            let _ = self.serve(&mut state, now, &request, false, &mut words);
        }
    }

    fn serve<'w>(
        &self,
        state: &mut State,
        now: Timestamp,
        request: &Request<'_>,
        nan: bool,
        words: &'w mut Vec<u16>,
    ) -> Result<Response<'w>, ExceptionCode> {
        match *request {
            Request::ReadHoldingRegisters { address, quantity }
            | Request::ReadInputRegisters { address, quantity } => {
                let table = if matches!(request, Request::ReadHoldingRegisters { .. }) {
                    Table::Holding
                } else {
                    Table::Input
                };
                self.image
                    .check_read(table, address, quantity, &state.written)?;
                let snapshot = state.model.snapshot(now);
                self.image.read(
                    (table, address, quantity),
                    &snapshot,
                    nan,
                    &state.written,
                    words,
                )?;
                let registers = Registers::from_values(words.as_slice());
                Ok(match table {
                    Table::Holding => Response::ReadHoldingRegisters(registers),
                    Table::Input => Response::ReadInputRegisters(registers),
                })
            }
            Request::WriteSingleRegister { address, value } => {
                self.image.check_write(address, 1, &state.written)?;
                state.written.insert(address, value);
                Ok(Response::WriteSingleRegister { address, value })
            }
            Request::WriteMultipleRegisters { address, values } => {
                let quantity =
                    u16::try_from(values.len()).map_err(|_| ExceptionCode::IllegalDataValue)?;
                self.image.check_write(address, quantity, &state.written)?;
                for (i, value) in values.iter().enumerate() {
                    state.written.insert(address.wrapping_add(i as u16), value);
                }
                Ok(Response::WriteMultipleRegisters { address, quantity })
            }
            Request::ReadDeviceIdentification { code, object_id } => {
                // Answered outside the lock from the profile; see `encode_response`.
                Ok(Response::ReadDeviceIdentification(DeviceIdentification {
                    code,
                    conformity_level: 0x81,
                    more_follows: false,
                    next_object_id: object_id,
                    objects: DeviceObjects::from_list(&[]),
                }))
            }
            Request::ReadCoils { .. }
            | Request::ReadDiscreteInputs { .. }
            | Request::WriteSingleCoil { .. }
            | Request::WriteMultipleCoils { .. } => Err(ExceptionCode::IllegalFunction),
        }
    }
}

/// Another valid unit id than `unit_id`.
fn other_unit(unit_id: u8) -> u8 {
    if unit_id >= 247 { 1 } else { unit_id + 1 }
}

/// Encodes `response`, filling a device identification with the profile's vendor and model.
fn encode_response(
    response: &Response<'_>,
    profile: &Profile,
    out: &mut Vec<u8>,
) -> Result<(), ems_modbus::FrameError> {
    let Response::ReadDeviceIdentification(ident) = response else {
        return response.encode(out);
    };
    let all = [
        DeviceObject {
            id: DeviceObject::VENDOR_NAME,
            value: profile.vendor.as_bytes(),
        },
        DeviceObject {
            id: DeviceObject::PRODUCT_CODE,
            value: profile.model.as_bytes(),
        },
        DeviceObject {
            id: DeviceObject::MAJOR_MINOR_REVISION,
            value: b"ems-sim",
        },
    ];
    let wanted = ident.next_object_id;
    let objects: &[DeviceObject<'_>] = match ident.code {
        ReadDeviceIdCode::Specific => match all.get(usize::from(wanted)) {
            Some(_) => &all[usize::from(wanted)..=usize::from(wanted)],
            None => {
                return Response::Exception {
                    function: 0x2B,
                    code: ExceptionCode::IllegalDataAddress,
                }
                .encode(out);
            }
        },
        // Only the basic objects exist; a stream starting past them starts over.
        _ => all
            .get(usize::from(wanted)..)
            .filter(|rest| !rest.is_empty())
            .unwrap_or(&all),
    };
    Response::ReadDeviceIdentification(DeviceIdentification {
        code: ident.code,
        conformity_level: 0x81,
        more_follows: false,
        next_object_id: 0,
        objects: DeviceObjects::from_list(objects),
    })
    .encode(out)
}
