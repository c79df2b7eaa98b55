//! A bounds-checked cursor over PDU bytes: every read returns an error instead of
//! indexing past the end.

use crate::error::FrameError;

pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    len: usize,
}

impl<'a> Reader<'a> {
    pub(crate) const fn new(bytes: &'a [u8]) -> Self {
        Self {
            rest: bytes,
            len: bytes.len(),
        }
    }

    const fn consumed(&self) -> usize {
        self.len - self.rest.len()
    }

    pub(crate) const fn remaining(&self) -> &'a [u8] {
        self.rest
    }

    fn truncated(&self, wanted: usize) -> FrameError {
        FrameError::Truncated {
            needed: self.consumed() + wanted,
            got: self.len,
        }
    }

    pub(crate) fn u8(&mut self) -> Result<u8, FrameError> {
        let (&first, tail) = self.rest.split_first().ok_or_else(|| self.truncated(1))?;
        self.rest = tail;
        Ok(first)
    }

    pub(crate) fn u16(&mut self) -> Result<u16, FrameError> {
        let (head, tail) = self
            .rest
            .split_first_chunk::<2>()
            .ok_or_else(|| self.truncated(2))?;
        self.rest = tail;
        Ok(u16::from_be_bytes(*head))
    }

    pub(crate) fn bytes(&mut self, count: usize) -> Result<&'a [u8], FrameError> {
        let (head, tail) = self
            .rest
            .split_at_checked(count)
            .ok_or_else(|| self.truncated(count))?;
        self.rest = tail;
        Ok(head)
    }

    /// All remaining bytes, which must number `byte_count`.
    pub(crate) fn counted(&mut self, byte_count: u8) -> Result<&'a [u8], FrameError> {
        if self.rest.len() != usize::from(byte_count) {
            return Err(FrameError::ByteCountMismatch {
                declared: byte_count,
                actual: self.rest.len(),
            });
        }
        let all = self.rest;
        self.rest = &[];
        Ok(all)
    }

    /// Ends the read: nothing may remain.
    pub(crate) fn finish(self) -> Result<(), FrameError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(FrameError::TrailingBytes {
                expected: self.consumed(),
                got: self.len,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_past_the_end_reports_how_many_bytes_were_needed() {
        let mut reader = Reader::new(&[0x03, 0x00]);
        assert_eq!(reader.u8(), Ok(3));
        assert_eq!(
            reader.u16(),
            Err(FrameError::Truncated { needed: 3, got: 2 })
        );
        assert_eq!(reader.u8(), Ok(0));
        assert_eq!(
            reader.bytes(4),
            Err(FrameError::Truncated { needed: 6, got: 2 })
        );
        assert_eq!(reader.finish(), Ok(()));
    }

    #[test]
    fn leftover_bytes_are_reported_at_the_end() {
        let mut reader = Reader::new(&[0x05, 0x01, 0x02]);
        assert_eq!(reader.u8(), Ok(5));
        assert_eq!(
            reader.finish(),
            Err(FrameError::TrailingBytes {
                expected: 1,
                got: 3
            })
        );
    }

    #[test]
    fn a_counted_tail_must_match_its_byte_count() {
        let mut reader = Reader::new(&[0x01, 0x02, 0x03]);
        assert_eq!(
            reader.counted(2),
            Err(FrameError::ByteCountMismatch {
                declared: 2,
                actual: 3
            })
        );
        assert_eq!(reader.counted(3), Ok(&[1u8, 2, 3][..]));
        assert_eq!(reader.finish(), Ok(()));
    }
}
