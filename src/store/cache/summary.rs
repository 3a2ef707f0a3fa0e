//! The list columns of a procedure, and the summaries file that keeps them beside the record
//! cache, keyed by the same git blob ids.
//!
//! A list, the bare `tthc` summary and the TUI's first screen need only these columns. Decoding
//! them alone takes a few strings per procedure instead of some eighty, so at a hundred thousand
//! procedures a list opens without building the whole catalogue in memory.
//!
//! A summary can never be stale for the same reason a cached record cannot: it is keyed by the
//! blob id of the file it was computed from, and it is only ever computed from a record that
//! parsed without any problem (the same records the record cache holds). The file is checked
//! like the record cache (magic, build fingerprint, checksums) and is never trusted otherwise.

use super::{BlobId, Contents, Entry, EntryRef, codec};
use crate::model::{Date, OnlineMode, Postal, Procedure, ProcedureRef, ProcedureStatus};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"TTHCSUM\n";

/// What the list of procedures shows and filters on, taken from one procedure record.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProcedureSummary {
    pub code: String,
    pub local_code: Option<String>,
    pub name: String,
    pub level: String,
    pub field: String,
    pub status: ProcedureStatus,
    pub online_mode: OnlineMode,
    pub postal: Postal,
    pub reviewed_on: Option<Date>,
    pub effective_from: Option<Date>,
    pub effective_until: Option<Date>,
    pub transferred_to: Option<ProcedureRef>,
    /// The name's Vietnamese collation key ([`crate::search::sort_key_vi`]), kept so that a
    /// list sorts a hundred thousand names without computing their keys again. The cache's build
    /// fingerprint covers the collator (`Cargo.lock`, `src/search.rs`), so a key is only read
    /// back by a build that computes the same one.
    #[serde(with = "key_bytes")]
    pub name_key: Vec<u8>,
}

/// A collation key as one length-prefixed run of bytes (not a sequence of numbers).
mod key_bytes {
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(key: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(key)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        struct Bytes;
        impl<'de> Visitor<'de> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
        }
        d.deserialize_byte_buf(Bytes)
    }
}

impl ProcedureSummary {
    /// The list columns of `p`.
    pub fn of(p: &Procedure) -> ProcedureSummary {
        ProcedureSummary::with_key(p, crate::search::sort_key_vi(&p.name))
    }

    /// [`ProcedureSummary::of`], the name's collation key taken from `keys` when a procedure of
    /// the same name was summarised before.
    pub fn of_with(p: &Procedure, keys: &mut NameKeys) -> ProcedureSummary {
        ProcedureSummary::with_key(p, keys.key(&p.name))
    }

    fn with_key(p: &Procedure, name_key: Vec<u8>) -> ProcedureSummary {
        ProcedureSummary {
            name_key,
            code: p.code.to_string(),
            local_code: p.local_code.as_deref().map(str::to_owned),
            name: p.name.to_string(),
            level: p.level.to_string(),
            field: p.field.to_string(),
            status: p.status,
            online_mode: p.online_service.mode,
            postal: p.postal,
            reviewed_on: p.reviewed_on,
            effective_from: p.effective_from,
            effective_until: p.effective_until,
            transferred_to: p.transferred_to.clone(),
        }
    }

    /// A record holding only what its status as of a day depends on (status, effective
    /// dates, transfer), everything else empty: for `present::status_now` and its kin.
    pub fn status_part(&self) -> Procedure {
        Procedure {
            status: self.status,
            effective_from: self.effective_from,
            effective_until: self.effective_until,
            transferred_to: self.transferred_to.clone(),
            ..Procedure::default()
        }
    }

    /// A procedure record holding only these columns (everything else empty): for a screen
    /// that shows the list before the whole records are decoded. Never to be saved or shown
    /// as the record itself.
    pub fn to_outline(&self) -> Procedure {
        let mut p = Procedure {
            code: self.code.as_str().into(),
            local_code: self.local_code.as_deref().map(crate::model::Text::from),
            name: self.name.as_str().into(),
            level: self.level.as_str().into(),
            field: self.field.as_str().into(),
            status: self.status,
            postal: self.postal,
            reviewed_on: self.reviewed_on,
            effective_from: self.effective_from,
            effective_until: self.effective_until,
            transferred_to: self.transferred_to.clone(),
            ..Procedure::default()
        };
        p.online_service.mode = self.online_mode;
        p
    }
}

/// Names' collation keys by name, for one thread summarising many procedures: a catalogue
/// repeats names (a procedure is published alike at every commune), and a key costs a walk of
/// the collation tables, a lookup only a hash.
#[derive(Debug, Default)]
pub struct NameKeys(std::collections::HashMap<Box<str>, Vec<u8>>);

impl NameKeys {
    /// At most this many names are remembered (then they are forgotten and counted again).
    const MAX: usize = 1 << 14;

    /// The collation key of `name` ([`crate::search::sort_key_vi`]).
    pub fn key(&mut self, name: &str) -> Vec<u8> {
        if let Some(key) = self.0.get(name) {
            return key.clone();
        }
        let key = crate::search::sort_key_vi(name);
        if self.0.len() >= Self::MAX {
            self.0.clear();
        }
        self.0.insert(name.into(), key.clone());
        key
    }
}

impl Entry for ProcedureSummary {
    const MAGIC: &'static [u8; 8] = MAGIC;
    const TYPICAL_BYTES: usize = 128;
    fn decode(kind: u8, bytes: &[u8]) -> Option<Self> {
        match kind {
            1 => codec::decode(bytes).ok(),
            _ => None,
        }
    }
}

impl EntryRef for &ProcedureSummary {
    const MAGIC: &'static [u8; 8] = MAGIC;
    fn encode(&self, out: &mut Vec<u8>) -> Option<u8> {
        codec::encode(*self, out).ok().map(|()| 1)
    }
}

/// The summaries file beside the record cache file `records`.
pub fn file_beside(records: &Path) -> PathBuf {
    let mut name = records
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".summaries");
    records.with_file_name(name)
}

/// The summaries of a valid summaries file (all, or those with the `wanted` ids); `None` when
/// it is missing or not to be trusted.
pub fn read(path: &Path, wanted: Option<&HashSet<BlobId>>) -> Option<Contents<ProcedureSummary>> {
    super::read_as(path, wanted)
}

/// Write a new summaries file holding exactly `entries` (atomically).
pub fn write<'a>(
    path: &Path,
    entries: impl Iterator<Item = (BlobId, &'a ProcedureSummary)>,
) -> io::Result<()> {
    super::write_as(path, entries)
}

/// Add entries to a valid summaries file.
pub fn append<'a>(
    path: &Path,
    entries: impl Iterator<Item = (BlobId, &'a ProcedureSummary)>,
) -> io::Result<()> {
    super::append_as(path, entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn id(i: usize) -> BlobId {
        let mut id = [0u8; 20];
        id[..8].copy_from_slice(&(i as u64).to_le_bytes());
        id
    }

    /// Every sample procedure's summary goes through the file and comes back equal; an append
    /// adds; a record cache file is not read as a summaries file, nor the other way round; a
    /// cut is refused.
    #[test]
    fn summaries_round_trip_and_are_their_own_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records-v1.summaries");
        let mut all = Vec::new();
        for (file, text) in crate::sample::files() {
            if file.starts_with("procedures/") {
                let p: Procedure = crate::store::parse_text(Path::new(file), text).unwrap();
                all.push(ProcedureSummary::of(&p));
            }
        }
        assert!(all.len() > 10);
        let mut keys = NameKeys::default();
        for (file, text) in crate::sample::files() {
            if file.starts_with("procedures/") {
                let p: Procedure = crate::store::parse_text(Path::new(file), text).unwrap();
                // Twice: computed, then remembered.
                assert_eq!(
                    ProcedureSummary::of_with(&p, &mut keys),
                    ProcedureSummary::of(&p)
                );
                assert_eq!(
                    ProcedureSummary::of_with(&p, &mut keys),
                    ProcedureSummary::of(&p)
                );
            }
        }
        let (first, rest) = all.split_at(5);
        write(&path, first.iter().enumerate().map(|(i, s)| (id(i), s))).unwrap();
        append(&path, rest.iter().enumerate().map(|(i, s)| (id(5 + i), s))).unwrap();
        let got = read(&path, None).expect("valid");
        assert_eq!(got.len(), all.len());
        for (i, s) in all.iter().enumerate() {
            assert_eq!(got.get(&id(i)), Some(s), "{i}");
        }
        assert!(super::super::read(&path, None).is_none());
        let records = dir.path().join("records-v1");
        super::super::write(&records, std::iter::empty()).unwrap();
        assert!(read(&records, None).is_none());
        assert!(append(&records, all.iter().map(|s| (id(0), s))).is_err());
        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        assert!(read(&path, None).is_none());
        assert_eq!(file_beside(&records), path);
    }
}
