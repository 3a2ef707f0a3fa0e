//! `import-map.yaml`: how the names written in the sources (levels, fields, agencies) are the
//! manifest's ids. Never guessed silently: a name equal to a manifest name or id once diacritics
//! and case are folded is proposed and written into the map (shown in the preview); any other is
//! unmatched and listed with the nearest manifest entry, and the import stops until the map
//! names it or the user asks to add it to the manifest.

use crate::model::{Agency, Field, Level, Manifest};
use crate::search::fold;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The file, in the catalogue's root folder.
pub const MAP_FILE: &str = "import-map.yaml";

/// Source name → manifest id; `~` (None) for a level this catalogue does not hold (its rows are
/// skipped).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImportMap {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub levels: BTreeMap<String, Option<String>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, Option<String>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub agencies: BTreeMap<String, Option<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MapKind {
    Level,
    Field,
    Agency,
}

/// A name no entry of the map or the manifest matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmatched {
    pub kind: MapKind,
    pub value: String,
    /// The nearest manifest entry (id, name), as a suggestion only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest: Option<(String, String)>,
    /// The id it would get if added to the manifest.
    pub new_id: String,
}

/// How one name resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// A manifest id.
    Id(String),
    /// A level the map says this catalogue does not hold.
    Skip,
    Unmatched,
}

impl ImportMap {
    fn table(&self, kind: MapKind) -> &BTreeMap<String, Option<String>> {
        match kind {
            MapKind::Level => &self.levels,
            MapKind::Field => &self.fields,
            MapKind::Agency => &self.agencies,
        }
    }

    fn table_mut(&mut self, kind: MapKind) -> &mut BTreeMap<String, Option<String>> {
        match kind {
            MapKind::Level => &mut self.levels,
            MapKind::Field => &mut self.fields,
            MapKind::Agency => &mut self.agencies,
        }
    }
}

/// Resolves names against a map and a manifest, remembering what it proposed and what it could
/// not match.
#[derive(Debug, Clone)]
pub struct Resolver {
    pub map: ImportMap,
    pub manifest: Manifest,
    pub unmatched: Vec<Unmatched>,
    /// Entries added to the map by folding (shown in the preview).
    pub proposed: Vec<(MapKind, String, String)>,
    /// Entries added to the manifest (`--add-missing`).
    pub added: Vec<(MapKind, String, String)>,
    add_missing: bool,
}

impl Resolver {
    pub fn new(map: ImportMap, manifest: Manifest, add_missing: bool) -> Resolver {
        Resolver {
            map,
            manifest,
            unmatched: Vec::new(),
            proposed: Vec::new(),
            added: Vec::new(),
            add_missing,
        }
    }

    fn entries(&self, kind: MapKind) -> Vec<(String, String)> {
        match kind {
            MapKind::Level => self
                .manifest
                .levels
                .iter()
                .map(|l| (l.id.clone(), l.name.clone()))
                .collect(),
            MapKind::Field => self
                .manifest
                .fields
                .iter()
                .map(|f| (f.id.clone(), f.name.clone()))
                .collect(),
            MapKind::Agency => self
                .manifest
                .agencies
                .iter()
                .map(|a| (a.id.clone(), a.name.clone()))
                .collect(),
        }
    }

    /// The id for `value`, or why there is none.
    pub fn resolve(&mut self, kind: MapKind, value: &str) -> Resolution {
        let value = value.trim();
        let folded = fold(value);
        // The map first (exactly, then folded).
        let table = self.map.table(kind);
        let hit = table.get(value).or_else(|| {
            table
                .iter()
                .find(|(k, _)| fold(k) == folded)
                .map(|(_, v)| v)
        });
        if let Some(hit) = hit {
            return match hit {
                Some(id) => Resolution::Id(id.clone()),
                None if kind == MapKind::Level => Resolution::Skip,
                None => self.unmatched(kind, value),
            };
        }
        let entries = self.entries(kind);
        if let Some((id, _)) = entries
            .iter()
            .find(|(id, name)| fold(name) == folded || *id == value)
        {
            let id = id.clone();
            self.map
                .table_mut(kind)
                .insert(value.to_owned(), Some(id.clone()));
            self.proposed.push((kind, value.to_owned(), id.clone()));
            return Resolution::Id(id);
        }
        self.unmatched(kind, value)
    }

    fn unmatched(&mut self, kind: MapKind, value: &str) -> Resolution {
        let entries = self.entries(kind);
        let new_id = new_id(kind, value, &entries);
        if self.add_missing {
            match kind {
                MapKind::Level => self.manifest.levels.push(Level {
                    id: new_id.clone(),
                    name: value.to_owned(),
                }),
                MapKind::Field => self.manifest.fields.push(Field {
                    id: new_id.clone(),
                    name: value.to_owned(),
                    code: None,
                }),
                MapKind::Agency => self.manifest.agencies.push(Agency {
                    id: new_id.clone(),
                    name: value.to_owned(),
                    address: None,
                }),
            }
            self.map
                .table_mut(kind)
                .insert(value.to_owned(), Some(new_id.clone()));
            self.added.push((kind, value.to_owned(), new_id.clone()));
            return Resolution::Id(new_id);
        }
        if !self
            .unmatched
            .iter()
            .any(|u| u.kind == kind && u.value == value)
        {
            let nearest = crate::i18n::nearest(value, entries.iter().map(|(_, n)| n.as_str()))
                .and_then(|n| entries.iter().find(|(_, name)| name == n).cloned());
            self.unmatched.push(Unmatched {
                kind,
                value: value.to_owned(),
                nearest,
                new_id,
            });
        }
        Resolution::Unmatched
    }
}

/// An id for a new manifest entry: the folded name as `a-z0-9-` ("Cấp tỉnh" → `tinh` for a
/// level, "Hộ tịch" → `ho-tich`), made unique.
pub fn new_id(kind: MapKind, name: &str, existing: &[(String, String)]) -> String {
    let mut slug = String::new();
    for c in fold(name).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_owned();
    if kind == MapKind::Level
        && let Some(rest) = slug.strip_prefix("cap-")
    {
        slug = rest.to_owned();
    }
    if slug.is_empty() {
        slug = "moi".into();
    }
    slug.truncate(40);
    let slug = slug.trim_end_matches('-').to_owned();
    let mut id = slug.clone();
    let mut n = 2;
    while existing.iter().any(|(e, _)| *e == id) {
        id = format!("{slug}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        let mut m = Manifest::default();
        m.levels.push(Level {
            id: "xa".into(),
            name: "Cấp xã".into(),
        });
        m.fields.push(Field {
            id: "ho-tich".into(),
            name: "Hộ tịch".into(),
            code: None,
        });
        m
    }

    #[test]
    fn names_resolve_through_the_map_then_by_folding_never_by_guessing() {
        let mut map = ImportMap::default();
        map.levels.insert("Cấp Tỉnh".into(), None);
        let mut r = Resolver::new(map, manifest(), false);
        assert_eq!(
            r.resolve(MapKind::Level, "Cấp Xã"),
            Resolution::Id("xa".into())
        );
        assert_eq!(r.resolve(MapKind::Level, "Cấp Tỉnh"), Resolution::Skip);
        assert_eq!(
            r.resolve(MapKind::Field, "Hộ Tịch"),
            Resolution::Id("ho-tich".into())
        );
        // Near, but not equal: listed with the suggestion, not taken.
        assert_eq!(
            r.resolve(MapKind::Field, "Hộ tịch điện tử"),
            Resolution::Unmatched
        );
        assert_eq!(r.unmatched.len(), 1);
        assert_eq!(r.unmatched[0].new_id, "ho-tich-dien-tu");
        assert_eq!(r.proposed.len(), 2);
        let mut r = Resolver::new(ImportMap::default(), manifest(), true);
        assert_eq!(
            r.resolve(MapKind::Level, "Cấp Tỉnh"),
            Resolution::Id("tinh".into())
        );
        assert!(r.manifest.level("tinh").is_some());
    }
}
