//! Read Device Identification (function 43, MEI type 14).

use std::fmt;

use super::reader::Reader;
use super::{FunctionCode, MAX_PDU_LEN};
use crate::error::FrameError;

/// MEI type of Read Device Identification within function 43.
pub(crate) const MEI_READ_DEVICE_ID: u8 = 0x0E;

/// Function code, MEI type, code, conformity level, more follows, next object id and
/// number of objects.
const RESPONSE_HEADER_LEN: usize = 7;

/// Which objects a Read Device Identification request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadDeviceIdCode {
    /// 0x01: the basic objects (vendor name, product code, revision), as a stream.
    Basic,
    /// 0x02: the regular objects, as a stream.
    Regular,
    /// 0x03: the extended objects, as a stream.
    Extended,
    /// 0x04: one specific object.
    Specific,
}

impl ReadDeviceIdCode {
    /// The code for a wire byte, or `None` outside 1 to 4.
    pub const fn from_code(code: u8) -> Option<Self> {
        match code {
            0x01 => Some(Self::Basic),
            0x02 => Some(Self::Regular),
            0x03 => Some(Self::Extended),
            0x04 => Some(Self::Specific),
            _ => None,
        }
    }

    /// The wire byte of this code.
    pub const fn code(self) -> u8 {
        match self {
            Self::Basic => 0x01,
            Self::Regular => 0x02,
            Self::Extended => 0x03,
            Self::Specific => 0x04,
        }
    }

    pub(crate) fn read(reader: &mut Reader<'_>) -> Result<Self, FrameError> {
        let code = reader.u8()?;
        Self::from_code(code).ok_or(FrameError::InvalidDeviceIdCode(code))
    }
}

/// Reads and checks the MEI type that follows function code 43.
pub(crate) fn read_mei_type(reader: &mut Reader<'_>) -> Result<(), FrameError> {
    match reader.u8()? {
        MEI_READ_DEVICE_ID => Ok(()),
        other => Err(FrameError::UnsupportedMeiType(other)),
    }
}

/// One identification object: its id and its value (ASCII text in practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceObject<'a> {
    /// Object id; see the associated constants for the basic ones.
    pub id: u8,
    /// Object value, at most 245 bytes so that a response can carry it.
    pub value: &'a [u8],
}

impl DeviceObject<'_> {
    /// Object id of the vendor name (basic, mandatory).
    pub const VENDOR_NAME: u8 = 0x00;
    /// Object id of the product code (basic, mandatory).
    pub const PRODUCT_CODE: u8 = 0x01;
    /// Object id of the major and minor revision (basic, mandatory).
    pub const MAJOR_MINOR_REVISION: u8 = 0x02;
}

/// The objects of a device identification response, borrowed either from a decoded PDU or
/// from the caller's slice (see [`DeviceObjects::from_list`]).
#[derive(Clone, Copy)]
pub struct DeviceObjects<'a>(ObjectRepr<'a>);

#[derive(Clone, Copy)]
enum ObjectRepr<'a> {
    /// `count` validated (id, length, value) records.
    Wire {
        bytes: &'a [u8],
        count: u8,
    },
    List(&'a [DeviceObject<'a>]),
}

impl<'a> DeviceObjects<'a> {
    /// A view of objects to encode.
    pub const fn from_list(objects: &'a [DeviceObject<'a>]) -> Self {
        Self(ObjectRepr::List(objects))
    }

    /// Number of objects.
    pub const fn len(&self) -> usize {
        match self.0 {
            ObjectRepr::Wire { count, .. } => count as usize,
            ObjectRepr::List(objects) => objects.len(),
        }
    }

    /// Whether there are no objects.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The objects in order.
    pub fn iter(&self) -> DeviceObjectIter<'a> {
        DeviceObjectIter(match self.0 {
            ObjectRepr::Wire { bytes, count } => IterRepr::Wire { rest: bytes, count },
            ObjectRepr::List(objects) => IterRepr::List(objects.iter()),
        })
    }

    /// Bytes the objects take on the wire.
    fn wire_len(&self) -> usize {
        match self.0 {
            ObjectRepr::Wire { bytes, .. } => bytes.len(),
            ObjectRepr::List(objects) => objects.iter().fold(0usize, |sum, object| {
                sum.saturating_add(2 + object.value.len())
            }),
        }
    }

    /// Appends the objects; the caller has checked that every value fits a length byte.
    fn write(&self, out: &mut Vec<u8>) {
        match self.0 {
            ObjectRepr::Wire { bytes, .. } => out.extend_from_slice(bytes),
            ObjectRepr::List(objects) => {
                for object in objects {
                    out.push(object.id);
                    out.push(object.value.len() as u8);
                    out.extend_from_slice(object.value);
                }
            }
        }
    }
}

impl PartialEq for DeviceObjects<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for DeviceObjects<'_> {}

impl fmt::Debug for DeviceObjects<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for DeviceObjects<'a> {
    type Item = DeviceObject<'a>;
    type IntoIter = DeviceObjectIter<'a>;

    fn into_iter(self) -> DeviceObjectIter<'a> {
        self.iter()
    }
}

/// Iterator over [`DeviceObjects`].
#[derive(Debug, Clone)]
pub struct DeviceObjectIter<'a>(IterRepr<'a>);

#[derive(Debug, Clone)]
enum IterRepr<'a> {
    Wire { rest: &'a [u8], count: u8 },
    List(std::slice::Iter<'a, DeviceObject<'a>>),
}

impl<'a> Iterator for DeviceObjectIter<'a> {
    type Item = DeviceObject<'a>;

    fn next(&mut self) -> Option<DeviceObject<'a>> {
        match &mut self.0 {
            IterRepr::Wire { rest, count } => {
                *count = count.checked_sub(1)?;
                let (&[id, len], tail) = rest.split_first_chunk::<2>()?;
                let (value, tail) = tail.split_at_checked(usize::from(len))?;
                *rest = tail;
                Some(DeviceObject { id, value })
            }
            IterRepr::List(objects) => objects.next().copied(),
        }
    }
}

/// The body of a Read Device Identification response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceIdentification<'a> {
    /// The code of the request this answers.
    pub code: ReadDeviceIdCode,
    /// Conformity level of the device (0x01 to 0x03, 0x81 to 0x83 with individual access).
    pub conformity_level: u8,
    /// Whether more objects follow in another transaction (streaming access only).
    pub more_follows: bool,
    /// The object id to ask for next when `more_follows` is set, 0 otherwise.
    pub next_object_id: u8,
    /// The objects.
    pub objects: DeviceObjects<'a>,
}

impl<'a> DeviceIdentification<'a> {
    /// The value of the object with this id, if present.
    pub fn object(&self, id: u8) -> Option<&'a [u8]> {
        self.objects
            .iter()
            .find(|object| object.id == id)
            .map(|object| object.value)
    }

    /// Reads the body after the function code.
    pub(crate) fn decode_body(reader: &mut Reader<'a>) -> Result<Self, FrameError> {
        read_mei_type(reader)?;
        let code = ReadDeviceIdCode::read(reader)?;
        let conformity_level = reader.u8()?;
        let more_follows = match reader.u8()? {
            0x00 => false,
            0xFF => true,
            other => return Err(FrameError::InvalidMoreFollows(other)),
        };
        let next_object_id = reader.u8()?;
        let count = reader.u8()?;
        let start = reader.remaining();
        for _ in 0..count {
            reader.u8()?;
            let len = reader.u8()?;
            reader.bytes(usize::from(len))?;
        }
        let used = start.len() - reader.remaining().len();
        let bytes = start.get(..used).unwrap_or_default();
        Ok(Self {
            code,
            conformity_level,
            more_follows,
            next_object_id,
            objects: DeviceObjects(ObjectRepr::Wire { bytes, count }),
        })
    }

    /// Appends the whole PDU, function code included.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), FrameError> {
        let pdu_len = RESPONSE_HEADER_LEN.saturating_add(self.objects.wire_len());
        if pdu_len > MAX_PDU_LEN {
            return Err(FrameError::PduTooLong(pdu_len));
        }
        // Within 253 bytes every value fits a length byte and at most 123 objects fit.
        let count = self.objects.len() as u8;
        out.extend_from_slice(&[
            FunctionCode::ReadDeviceIdentification.code(),
            MEI_READ_DEVICE_ID,
            self.code.code(),
            self.conformity_level,
            if self.more_follows { 0xFF } else { 0x00 },
            self.next_object_id,
            count,
        ]);
        self.objects.write(out);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_read_device_id_code_round_trips_and_others_are_refused() {
        for code in 1..=4 {
            let parsed = ReadDeviceIdCode::from_code(code).expect("valid code");
            assert_eq!(parsed.code(), code);
        }
        assert_eq!(ReadDeviceIdCode::from_code(0), None);
        assert_eq!(ReadDeviceIdCode::from_code(5), None);
    }

    #[test]
    fn objects_are_found_by_id() {
        let list = [
            DeviceObject {
                id: DeviceObject::VENDOR_NAME,
                value: b"ems",
            },
            DeviceObject {
                id: DeviceObject::MAJOR_MINOR_REVISION,
                value: b"0.1",
            },
        ];
        let identification = DeviceIdentification {
            code: ReadDeviceIdCode::Basic,
            conformity_level: 0x01,
            more_follows: false,
            next_object_id: 0,
            objects: DeviceObjects::from_list(&list),
        };
        assert_eq!(
            identification.object(DeviceObject::VENDOR_NAME),
            Some(&b"ems"[..])
        );
        assert_eq!(identification.object(DeviceObject::PRODUCT_CODE), None);
        assert_eq!(identification.objects.len(), 2);
        assert!(!identification.objects.is_empty());
    }

    #[test]
    fn objects_too_long_for_one_pdu_are_refused_before_anything_is_written() {
        let long = [b'x'; 247];
        let list = [DeviceObject {
            id: DeviceObject::VENDOR_NAME,
            value: &long,
        }];
        let identification = DeviceIdentification {
            code: ReadDeviceIdCode::Basic,
            conformity_level: 0x01,
            more_follows: false,
            next_object_id: 0,
            objects: DeviceObjects::from_list(&list),
        };
        let mut out = Vec::new();
        assert_eq!(
            identification.encode(&mut out),
            Err(FrameError::PduTooLong(256))
        );
        assert!(out.is_empty());
    }

    #[test]
    fn a_value_of_exactly_the_room_left_fits() {
        let value = [b'x'; MAX_PDU_LEN - RESPONSE_HEADER_LEN - 2];
        let list = [DeviceObject {
            id: DeviceObject::VENDOR_NAME,
            value: &value,
        }];
        let identification = DeviceIdentification {
            code: ReadDeviceIdCode::Specific,
            conformity_level: 0x81,
            more_follows: false,
            next_object_id: 0,
            objects: DeviceObjects::from_list(&list),
        };
        let mut out = Vec::new();
        identification.encode(&mut out).expect("fits");
        assert_eq!(out.len(), MAX_PDU_LEN);
        let mut reader = Reader::new(out.get(1..).expect("function code"));
        let decoded = DeviceIdentification::decode_body(&mut reader).expect("decodes");
        assert_eq!(reader.finish(), Ok(()));
        assert_eq!(decoded, identification);
    }
}
