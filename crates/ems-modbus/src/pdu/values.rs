//! Borrowed views of register and bit values: over wire bytes after decoding, over the
//! caller's slice before encoding. Neither copies nor allocates.

use std::fmt;

/// A sequence of 16-bit registers, borrowed either from a decoded PDU (big-endian bytes)
/// or from the caller's `&[u16]` (see [`Registers::from_values`]).
///
/// Two views are equal when they hold the same values, whatever they borrow from.
#[derive(Clone, Copy)]
pub struct Registers<'a>(RegisterRepr<'a>);

#[derive(Clone, Copy)]
enum RegisterRepr<'a> {
    /// Big-endian register bytes; the length is even.
    Wire(&'a [u8]),
    Values(&'a [u16]),
}

impl<'a> Registers<'a> {
    /// A view of register values to encode.
    pub const fn from_values(values: &'a [u16]) -> Self {
        Self(RegisterRepr::Values(values))
    }

    /// A view of big-endian register bytes; the caller guarantees an even length.
    pub(crate) const fn from_wire(bytes: &'a [u8]) -> Self {
        Self(RegisterRepr::Wire(bytes))
    }

    /// Number of registers.
    pub const fn len(&self) -> usize {
        match self.0 {
            RegisterRepr::Wire(bytes) => bytes.len() / 2,
            RegisterRepr::Values(values) => values.len(),
        }
    }

    /// Whether there are no registers.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The register at `index`, or `None` past the end.
    pub fn get(&self, index: usize) -> Option<u16> {
        match self.0 {
            RegisterRepr::Wire(bytes) => {
                let start = index.checked_mul(2)?;
                let pair = bytes.get(start..)?.first_chunk::<2>()?;
                Some(u16::from_be_bytes(*pair))
            }
            RegisterRepr::Values(values) => values.get(index).copied(),
        }
    }

    /// The registers in order.
    pub const fn iter(&self) -> RegisterIter<'a> {
        RegisterIter {
            registers: *self,
            next: 0,
        }
    }

    /// Replaces the contents of `out` with the registers; allocates only when `out` lacks
    /// the capacity.
    pub fn copy_into(&self, out: &mut Vec<u16>) {
        out.clear();
        match self.0 {
            RegisterRepr::Wire(bytes) => out.extend(
                bytes
                    .chunks_exact(2)
                    .map(|pair| u16::from_be_bytes([pair[0], pair[1]])),
            ),
            RegisterRepr::Values(values) => out.extend_from_slice(values),
        }
    }

    /// Appends the registers as big-endian bytes.
    pub(crate) fn write_be(&self, out: &mut Vec<u8>) {
        match self.0 {
            RegisterRepr::Wire(bytes) => out.extend_from_slice(bytes),
            RegisterRepr::Values(values) => {
                for value in values {
                    out.extend_from_slice(&value.to_be_bytes());
                }
            }
        }
    }
}

impl<'a> From<&'a [u16]> for Registers<'a> {
    fn from(values: &'a [u16]) -> Self {
        Self::from_values(values)
    }
}

impl PartialEq for Registers<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Registers<'_> {}

impl fmt::Debug for Registers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for Registers<'a> {
    type Item = u16;
    type IntoIter = RegisterIter<'a>;

    fn into_iter(self) -> RegisterIter<'a> {
        self.iter()
    }
}

/// Iterator over the values of [`Registers`].
#[derive(Debug, Clone)]
pub struct RegisterIter<'a> {
    registers: Registers<'a>,
    next: usize,
}

impl Iterator for RegisterIter<'_> {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        let value = self.registers.get(self.next)?;
        self.next += 1;
        Some(value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.registers.len().saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for RegisterIter<'_> {}

/// A sequence of bits (coils or discrete inputs), borrowed either from a decoded PDU
/// (packed, least significant bit first) or from the caller's `&[bool]` (see
/// [`Coils::from_values`]).
///
/// A read response carries no quantity, only a byte count, so a response decoded on its
/// own holds a multiple of eight bits; [`crate::pdu::Request::decode_response`] trims it to
/// the requested quantity. Two views are equal when they hold the same bits.
#[derive(Clone, Copy)]
pub struct Coils<'a>(CoilRepr<'a>);

#[derive(Clone, Copy)]
enum CoilRepr<'a> {
    /// Packed bits; `bytes.len() == len.div_ceil(8)`.
    Wire {
        bytes: &'a [u8],
        len: u16,
    },
    Values(&'a [bool]),
}

impl<'a> Coils<'a> {
    /// A view of bit values to encode.
    pub const fn from_values(values: &'a [bool]) -> Self {
        Self(CoilRepr::Values(values))
    }

    /// A view of `len` packed bits; the caller guarantees `bytes.len() == len.div_ceil(8)`.
    pub(crate) const fn from_wire(bytes: &'a [u8], len: u16) -> Self {
        Self(CoilRepr::Wire { bytes, len })
    }

    /// The first `len` bits (all of them when there are fewer).
    pub(crate) fn truncated(self, len: u16) -> Self {
        match self.0 {
            CoilRepr::Wire { bytes, len: have } => {
                let len = len.min(have);
                let used = usize::from(len.div_ceil(8));
                Self::from_wire(bytes.get(..used).unwrap_or(bytes), len)
            }
            CoilRepr::Values(values) => {
                Self::from_values(values.get(..usize::from(len)).unwrap_or(values))
            }
        }
    }

    /// Number of bits.
    pub const fn len(&self) -> usize {
        match self.0 {
            CoilRepr::Wire { len, .. } => len as usize,
            CoilRepr::Values(values) => values.len(),
        }
    }

    /// Whether there are no bits.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bit at `index`, or `None` past the end.
    pub fn get(&self, index: usize) -> Option<bool> {
        match self.0 {
            CoilRepr::Wire { bytes, len } => {
                if index >= usize::from(len) {
                    return None;
                }
                let byte = bytes.get(index / 8)?;
                Some(byte >> (index % 8) & 1 == 1)
            }
            CoilRepr::Values(values) => values.get(index).copied(),
        }
    }

    /// The bits in order.
    pub const fn iter(&self) -> CoilIter<'a> {
        CoilIter {
            coils: *self,
            next: 0,
        }
    }

    /// Replaces the contents of `out` with the bits; allocates only when `out` lacks the
    /// capacity.
    pub fn copy_into(&self, out: &mut Vec<bool>) {
        out.clear();
        match self.0 {
            CoilRepr::Wire { .. } => out.extend(self.iter()),
            CoilRepr::Values(values) => out.extend_from_slice(values),
        }
    }

    /// Number of bytes the bits take packed.
    pub(crate) const fn byte_len(&self) -> usize {
        match self.0 {
            CoilRepr::Wire { bytes, .. } => bytes.len(),
            CoilRepr::Values(values) => values.len().div_ceil(8),
        }
    }

    /// Appends the bits packed, least significant bit first, unused high bits zero.
    pub(crate) fn write_packed(&self, out: &mut Vec<u8>) {
        match self.0 {
            CoilRepr::Wire { bytes, .. } => out.extend_from_slice(bytes),
            CoilRepr::Values(values) => out.extend(values.chunks(8).map(|chunk| {
                chunk
                    .iter()
                    .enumerate()
                    .fold(0u8, |byte, (bit, &on)| byte | (u8::from(on) << bit))
            })),
        }
    }
}

impl<'a> From<&'a [bool]> for Coils<'a> {
    fn from(values: &'a [bool]) -> Self {
        Self::from_values(values)
    }
}

impl PartialEq for Coils<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Coils<'_> {}

impl fmt::Debug for Coils<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter().map(u8::from)).finish()
    }
}

impl<'a> IntoIterator for Coils<'a> {
    type Item = bool;
    type IntoIter = CoilIter<'a>;

    fn into_iter(self) -> CoilIter<'a> {
        self.iter()
    }
}

/// Iterator over the bits of [`Coils`].
#[derive(Debug, Clone)]
pub struct CoilIter<'a> {
    coils: Coils<'a>,
    next: usize,
}

impl Iterator for CoilIter<'_> {
    type Item = bool;

    fn next(&mut self) -> Option<bool> {
        let value = self.coils.get(self.next)?;
        self.next += 1;
        Some(value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.coils.len().saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for CoilIter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_registers_read_big_endian() {
        let registers = Registers::from_wire(&[0x02, 0x2B, 0x00, 0x00, 0x00, 0x64]);
        assert_eq!(registers.len(), 3);
        assert_eq!(registers.get(0), Some(555));
        assert_eq!(registers.get(2), Some(100));
        assert_eq!(registers.get(3), None);
        assert_eq!(registers.iter().len(), 3);
        assert_eq!(registers.iter().collect::<Vec<_>>(), [555, 0, 100]);
    }

    #[test]
    fn copying_registers_replaces_the_previous_contents() {
        let mut out = vec![9, 9, 9, 9];
        Registers::from_wire(&[0x00, 0x0A, 0xFF, 0xFF]).copy_into(&mut out);
        assert_eq!(out, [10, 0xFFFF]);
        Registers::from_values(&[7]).copy_into(&mut out);
        assert_eq!(out, [7]);
    }

    #[test]
    fn registers_are_equal_when_their_values_are_whatever_they_borrow() {
        let values = [555, 0, 100];
        assert_eq!(
            Registers::from_values(&values),
            Registers::from_wire(&[0x02, 0x2B, 0x00, 0x00, 0x00, 0x64])
        );
        assert_ne!(
            Registers::from_values(&values),
            Registers::from_values(&[555])
        );
        assert_eq!(
            format!("{:?}", Registers::from_values(&values)),
            "[555, 0, 100]"
        );
    }

    #[test]
    fn register_values_encode_big_endian() {
        let mut out = Vec::new();
        Registers::from_values(&[0x000A, 0x0102]).write_be(&mut out);
        assert_eq!(out, [0x00, 0x0A, 0x01, 0x02]);
    }

    #[test]
    fn wire_bits_read_least_significant_bit_first() {
        // Coils 20..=27 = 0xCD, 28..=35 = 0x6B, 36..=38 = 0x05 (specification, function 1).
        let coils = Coils::from_wire(&[0xCD, 0x6B, 0x05], 19);
        assert_eq!(coils.len(), 19);
        assert_eq!(coils.get(0), Some(true));
        assert_eq!(coils.get(1), Some(false));
        assert_eq!(coils.get(7), Some(true));
        assert_eq!(coils.get(18), Some(true));
        assert_eq!(coils.get(19), None);
        let mut out = Vec::new();
        coils.copy_into(&mut out);
        assert_eq!(out.len(), 19);
        assert_eq!(out.iter().filter(|&&on| on).count(), 5 + 5 + 2);
    }

    #[test]
    fn bit_values_pack_least_significant_bit_first_with_zero_padding() {
        let values = [
            true, false, true, true, false, false, true, true, true, false,
        ];
        let coils = Coils::from_values(&values);
        assert_eq!(coils.byte_len(), 2);
        let mut out = Vec::new();
        coils.write_packed(&mut out);
        assert_eq!(out, [0xCD, 0x01]);
        assert_eq!(coils, Coils::from_wire(&[0xCD, 0x01], 10));
    }

    #[test]
    fn truncating_bits_keeps_the_leading_ones() {
        let coils = Coils::from_wire(&[0xCD, 0x6B, 0x05], 24).truncated(19);
        assert_eq!(coils.len(), 19);
        assert_eq!(coils.byte_len(), 3);
        let values = [true, false, true];
        assert_eq!(Coils::from_values(&values).truncated(2).len(), 2);
        assert_eq!(Coils::from_values(&values).truncated(9).len(), 3);
        assert_eq!(format!("{:?}", Coils::from_values(&values)), "[1, 0, 1]");
    }
}
