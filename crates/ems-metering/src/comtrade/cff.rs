//! The single-file form of 2013 (`.cff`): the `.cfg`, `.inf`, `.hdr` and `.dat` one after
//! the other, each after a line `--- file type: CFG ---` (`--- file type: DAT BINARY: 1234 ---`
//! for the data, with its format and its size in bytes).

use super::cfg::FileType;
use super::dat::Origin;
use super::error::ComtradeError;
use std::borrow::Cow;

/// The parts of a `.cff` file.
#[derive(Debug, Clone, PartialEq)]
pub struct Cff<'a> {
    /// The configuration text.
    pub cfg: Cow<'a, str>,
    /// The data bytes.
    pub dat: &'a [u8],
    /// The data format the `DAT` section line names, when it names one.
    pub dat_format: Option<FileType>,
    /// The information text (`INF`), when present.
    pub inf: Option<Cow<'a, str>>,
    /// The header text (`HDR`), when present.
    pub hdr: Option<Cow<'a, str>>,
    /// The line of the `CFG` section line (the configuration's first line is the next).
    pub(super) cfg_line: usize,
    /// The line of the `DAT` section line and the offset of the data's first byte.
    pub(super) dat_origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Cfg,
    Inf,
    Hdr,
    Dat,
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Cfg => "CFG",
            Section::Inf => "INF",
            Section::Hdr => "HDR",
            Section::Dat => "DAT",
        }
    }
}

/// A section line: its type, data format and size.
struct SectionLine {
    section: Section,
    format: Option<FileType>,
    size: Option<usize>,
}

/// Reads `--- file type: DAT BINARY: 1234 ---` (any case, any spacing). `Ok(None)` when the
/// line is no section line; an error when it looks like one but is wrong.
fn section_line(text: &str, line: usize) -> Result<Option<SectionLine>, ComtradeError> {
    let text = text.trim();
    let Some(inner) = text.strip_prefix("---").and_then(|t| t.strip_suffix("---")) else {
        return Ok(None);
    };
    let inner = inner.trim();
    let lower = inner.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("file type") else {
        return Ok(None);
    };
    let error = |problem: String| ComtradeError::Cff { line, problem };
    let rest = rest.trim_start().strip_prefix(':').unwrap_or(rest).trim();
    let (words, size) = match rest.split_once(':') {
        Some((words, size)) => (words.trim(), Some(size.trim())),
        None => (rest, None),
    };
    let mut words = words.split_whitespace();
    let section = match words.next().unwrap_or("") {
        "cfg" => Section::Cfg,
        "inf" => Section::Inf,
        "hdr" => Section::Hdr,
        "dat" => Section::Dat,
        other => {
            return Err(error(format!(
                "`{other}` is not a section of a cff (CFG, INF, HDR or DAT)"
            )));
        }
    };
    let format = match words.next() {
        None => None,
        Some(word) => Some(FileType::from_name(word).ok_or_else(|| {
            error(format!(
                "`{word}` is not a data format (ASCII, BINARY, BINARY32 or FLOAT32)"
            ))
        })?),
    };
    let size = match size {
        None | Some("") => None,
        Some(size) => Some(
            size.parse::<usize>()
                .map_err(|_| error(format!("`{size}` is not a size in bytes")))?,
        ),
    };
    Ok(Some(SectionLine {
        section,
        format,
        size,
    }))
}

fn text(bytes: &[u8]) -> Cow<'_, str> {
    super::decode_text(bytes)
}

impl<'a> Cff<'a> {
    /// Splits a `.cff` file into its parts.
    pub fn split(cff: &'a [u8]) -> Result<Cff<'a>, ComtradeError> {
        // (section, its line, first byte, end byte, format)
        let mut found: Vec<(Section, usize, usize, usize, Option<FileType>)> = Vec::new();
        let mut open: Option<(Section, usize, usize, Option<FileType>)> = None;
        let mut position = 0usize;
        let mut line = 0usize;
        while position < cff.len() {
            let end = cff[position..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(cff.len(), |i| position + i + 1);
            line += 1;
            let raw = &cff[position..end];
            let next = end;
            let header = match std::str::from_utf8(raw) {
                Ok(s) => section_line(s, line)?,
                Err(_) => None,
            };
            let Some(header) = header else {
                if open.is_none() && !raw.iter().all(|b| b.is_ascii_whitespace() || *b == 0x1A) {
                    return Err(ComtradeError::Cff {
                        line,
                        problem: "text outside any `--- file type: … ---` section".to_string(),
                    });
                }
                position = next;
                continue;
            };
            if let Some((section, at, start, format)) = open.take() {
                found.push((section, at, start, position, format));
            }
            if found.iter().any(|(s, ..)| *s == header.section) {
                return Err(ComtradeError::Cff {
                    line,
                    problem: format!("a second {} section", header.section.name()),
                });
            }
            if header.section == Section::Dat {
                let binary = header.format.is_some_and(|f| f != FileType::Ascii);
                match header.size {
                    // The size says where the data ends; what follows may be another section.
                    Some(size) => {
                        let end = next.saturating_add(size).min(cff.len());
                        found.push((Section::Dat, line, next, end, header.format));
                        line += cff[next..end].iter().filter(|b| **b == b'\n').count();
                        position = end;
                        continue;
                    }
                    // Binary data without a size runs to the end of the file.
                    None if binary => {
                        found.push((Section::Dat, line, next, cff.len(), header.format));
                        position = cff.len();
                        continue;
                    }
                    None => {}
                }
            }
            open = Some((header.section, line, next, header.format));
            position = next;
        }
        if let Some((section, at, start, format)) = open.take() {
            found.push((section, at, start, cff.len(), format));
        }
        let part = |wanted: Section| found.iter().find(|(s, ..)| *s == wanted).copied();
        let Some((_, cfg_line, cfg_start, cfg_end, _)) = part(Section::Cfg) else {
            return Err(ComtradeError::Cff {
                line,
                problem: "no `--- file type: CFG ---` section".to_string(),
            });
        };
        let Some((_, dat_line, dat_start, dat_end, dat_format)) = part(Section::Dat) else {
            return Err(ComtradeError::Cff {
                line,
                problem: "no `--- file type: DAT … ---` section".to_string(),
            });
        };
        let optional_text =
            |wanted: Section| part(wanted).map(|(_, _, start, end, _)| text(&cff[start..end]));
        Ok(Cff {
            cfg: text(&cff[cfg_start..cfg_end]),
            dat: &cff[dat_start..dat_end],
            dat_format,
            inf: optional_text(Section::Inf),
            hdr: optional_text(Section::Hdr),
            cfg_line,
            dat_origin: Origin {
                line_base: dat_line,
                byte_base: dat_start as u64,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cff_splits_into_its_sections_and_binary_data_may_hold_any_byte() {
        let mut cff = b"--- file type: CFG ---\r\nS,D,2013\r\n--- file type: INF ---\r\n\r\n--- file type: HDR ---\r\nnotes\r\n--- file type: DAT BINARY: 7 ---\r\n".to_vec();
        cff.extend_from_slice(b"\n--- \x00\x80");
        let parts = Cff::split(&cff).unwrap();
        assert_eq!(parts.cfg, "S,D,2013\r\n");
        assert_eq!(parts.hdr.as_deref(), Some("notes\r\n"));
        assert_eq!(parts.dat, b"\n--- \x00\x80");
        assert_eq!(parts.dat_format, Some(FileType::Binary));
        assert_eq!(parts.cfg_line, 1);
        assert_eq!(parts.dat_origin.line_base, 7);
        assert_eq!(parts.dat_origin.byte_base, cff.len() as u64 - 7);
    }

    #[test]
    fn a_cff_without_data_is_refused() {
        let err = Cff::split(b"--- file type: CFG ---\nS,D,2013\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "cff line 2: no `--- file type: DAT … ---` section"
        );
    }
}
