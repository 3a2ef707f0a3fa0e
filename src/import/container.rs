//! What a file is (by its first bytes and, for a zip, its parts), read within size limits so a
//! hostile file (a zip bomb, a huge download) is refused before it is expanded.

use super::{Expected, SourceError};
use std::io::{Cursor, Read};
use std::path::Path;

/// A source file larger than this is refused (a portal export is a few hundred kilobytes).
pub const MAX_INPUT_BYTES: u64 = 50 * 1024 * 1024;
/// A part inside a zip expanding to more than this is refused.
pub const MAX_PART_BYTES: u64 = 100 * 1024 * 1024;
/// A zip with more parts than this is refused.
const MAX_PARTS: usize = 10_000;

/// What a file holds, by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileShape {
    /// An Excel workbook (.xlsx).
    Xlsx,
    /// A Word document (.docx).
    Docx,
    /// Another zip (not an Office document).
    OtherZip,
    /// A PDF (a scanned decision has no text to read).
    Pdf,
    /// An Office 97–2003 file (.doc, .xls).
    LegacyOffice,
    /// A Rich Text file.
    Rtf,
    /// An HTML page (a saved web page, not the export).
    Html,
    /// Empty.
    Empty,
    /// Anything else.
    Unknown,
}

/// Read a source file, refusing one larger than [`MAX_INPUT_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, SourceError> {
    let io = |source| SourceError::Io {
        file: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(io(std::io::Error::from(std::io::ErrorKind::IsADirectory)));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(SourceError::TooLarge {
            file: path.to_owned(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(SourceError::TooLarge {
            file: path.to_owned(),
            limit: MAX_INPUT_BYTES,
        });
    }
    Ok(bytes)
}

/// What the bytes are.
pub fn sniff(bytes: &[u8]) -> FileShape {
    let start = |p: &[u8]| bytes.starts_with(p);
    if bytes.is_empty() {
        return FileShape::Empty;
    }
    if start(b"PK\x03\x04") {
        return match zip::ZipArchive::new(Cursor::new(bytes)) {
            Ok(z) => {
                let has = |name: &str| z.index_for_name(name).is_some();
                if has("word/document.xml") {
                    FileShape::Docx
                } else if has("xl/workbook.xml") {
                    FileShape::Xlsx
                } else {
                    FileShape::OtherZip
                }
            }
            Err(_) => FileShape::OtherZip,
        };
    }
    if start(b"%PDF") {
        return FileShape::Pdf;
    }
    if start(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return FileShape::LegacyOffice;
    }
    if start(b"{\\rtf") {
        return FileShape::Rtf;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    if head.contains("<html") || head.contains("<!doctype html") {
        return FileShape::Html;
    }
    FileShape::Unknown
}

/// Check that `bytes` are the shape `expected` needs, else say what they are.
pub fn expect(path: &Path, bytes: &[u8], expected: Expected) -> Result<(), SourceError> {
    let found = sniff(bytes);
    let want = match expected {
        Expected::PortalList => FileShape::Xlsx,
        Expected::PortalDetail | Expected::Appendix => FileShape::Docx,
    };
    if found != want {
        return Err(SourceError::WrongShape {
            file: path.to_owned(),
            expected,
            found,
        });
    }
    check_sizes(path, bytes)
}

/// Refuse a zip with too many parts or a part that expands beyond [`MAX_PART_BYTES`] (as the
/// zip's directory declares it; reading is limited too).
fn check_sizes(path: &Path, bytes: &[u8]) -> Result<(), SourceError> {
    let damaged = |e: zip::result::ZipError| SourceError::Damaged {
        file: path.to_owned(),
        detail: e.to_string(),
    };
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    if z.len() > MAX_PARTS {
        return Err(SourceError::TooLarge {
            file: path.to_owned(),
            limit: MAX_PART_BYTES,
        });
    }
    let mut total = 0u64;
    for i in 0..z.len() {
        let size = z.by_index_raw(i).map_err(damaged)?.size();
        total = total.saturating_add(size);
        if size > MAX_PART_BYTES || total > 4 * MAX_PART_BYTES {
            return Err(SourceError::TooLarge {
                file: path.to_owned(),
                limit: MAX_PART_BYTES,
            });
        }
    }
    Ok(())
}

/// One part of a zip as text, read at most [`MAX_PART_BYTES`].
pub fn zip_part(path: &Path, bytes: &[u8], name: &str) -> Result<String, SourceError> {
    let damaged = |detail: String| SourceError::Damaged {
        file: path.to_owned(),
        detail,
    };
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let part = z
        .by_name(name)
        .map_err(|e| damaged(format!("{name}: {e}")))?;
    let mut out = Vec::new();
    part.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| damaged(format!("{name}: {e}")))?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(SourceError::TooLarge {
            file: path.to_owned(),
            limit: MAX_PART_BYTES,
        });
    }
    String::from_utf8(out).map_err(|_| damaged(format!("{name}: not UTF-8")))
}
