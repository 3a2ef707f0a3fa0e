//! `catalog.yaml`: who keeps the catalogue and which levels, fields and agencies exist.

use super::Date;
use serde::{Deserialize, Serialize};

/// The catalogue manifest. Everything that varies between units and eras lives here.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Manifest {
    /// Version of the file format. Version 2 (the 2026 record) added fee tiers and caps,
    /// committed times, several online services, relations as `{level, code}` and "not
    /// entered" vs "none"; this build reads versions 1 and 2 and writes 2 (`tthc fmt --migrate`
    /// brings a version-1 catalogue over in one commit).
    pub schema: u32,
    pub authority: Authority,
    pub levels: Vec<Level>,
    pub fields: Vec<Field>,
    pub agencies: Vec<Agency>,
    pub policy: Policy,
    #[serde(skip_serializing_if = "Layout::is_flat")]
    pub layout: Layout,
    pub publication: PublicationSettings,
    /// The administrative units the catalogue serves (a province-wide catalogue holds every
    /// ward and commune); each unit's listing is derived from the records of its level.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Unit>,
    /// Dated changes of the manifest itself (a reorganisation: levels, agencies and fields
    /// renamed or merged), oldest first: what was valid until when.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<ManifestChange>,
}

impl Manifest {
    pub fn level(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.id == id)
    }
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }
    pub fn agency(&self, id: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.id == id)
    }
    /// Display name of a level id, or the id itself when it is not declared.
    pub fn level_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.level(id).map_or(id, |l| l.name.as_str())
    }
    pub fn field_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.field(id).map_or(id, |f| f.name.as_str())
    }
    pub fn agency_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.agency(id).map_or(id, |a| a.name.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Authority {
    /// e.g. "UBND thị xã Duy Tiên"
    pub name: String,
    /// The unit's id on the national database (csdl.dichvucong.gov.vn), used as the local code
    /// suffix (`1.001193.000.00.00.H12`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_code: Option<String>,
    /// Mã đơn vị hành chính: the statistics office's number of the unit (e.g. `349`), which is
    /// not the national database's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// A level of government at which procedures are carried out (Cấp xã, Cấp huyện, …).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Level {
    /// Folder name under `procedures/`: lowercase ASCII letters, digits and `-`.
    pub id: String,
    pub name: String,
}

/// A field (lĩnh vực), e.g. Hộ tịch.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Field {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Agency {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// The drafter of a proposal may not record its approval or apply it.
    pub four_eyes: bool,
    /// A procedure whose `reviewed_on` is older than this is overdue for review.
    pub review_interval_months: u32,
    /// The catalogue's time zone (IANA name): "today" — the date of a step, the limit for
    /// dates, "overdue" — is the date there, for every face and whatever the machine's zone.
    /// Default `Asia/Ho_Chi_Minh`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            four_eyes: true,
            review_interval_months: 12,
            time_zone: None,
        }
    }
}

/// The time zone of catalogues that do not declare one.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Ho_Chi_Minh";

impl Policy {
    /// The catalogue's time zone. Vietnam has kept UTC+7 without daylight saving since 1975,
    /// so the default zone needs no time zone database (a fresh machine may have none).
    pub fn zone(&self) -> jiff::tz::TimeZone {
        let name = self.time_zone.as_deref().unwrap_or(DEFAULT_TIME_ZONE);
        if name == DEFAULT_TIME_ZONE || name == "Asia/Saigon" {
            return jiff::tz::TimeZone::fixed(jiff::tz::Offset::constant(7));
        }
        jiff::tz::TimeZone::get(name)
            .unwrap_or_else(|_| jiff::tz::TimeZone::fixed(jiff::tz::Offset::constant(7)))
    }

    /// Today in the catalogue's time zone: the one "today" of every face.
    pub fn today(&self) -> crate::model::Date {
        self.zone().to_datetime(jiff::Timestamp::now()).date()
    }
}

/// How procedure files are laid out under `procedures/<level>/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// `procedures/<level>/<code>.yaml`
    #[default]
    Flat,
    /// `procedures/<level>/<first 6 characters of code>/<code>.yaml` (`1.0011`), for tens of
    /// thousands per level.
    Sharded,
}

impl Layout {
    pub fn is_flat(&self) -> bool {
        *self == Layout::Flat
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublicationSettings {
    /// Title of the public listing site.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Where the posted site is served (`https://duytien.hanam.gov.vn/tthc/`): spreadsheets then
    /// give each procedure's page as a full address, not a path inside the site.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
}

impl PublicationSettings {
    /// A page of the site as a reader reaches it: under `base_url` when declared, else as the
    /// path inside the site.
    pub fn page_url(&self, href: &str) -> String {
        match self
            .base_url
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
        {
            Some(base) => format!(
                "{}/{}",
                base.trim_end_matches('/'),
                href.trim_start_matches('/')
            ),
            None => href.to_owned(),
        }
    }
}

// ---- Units as data (issue 20) ----------------------------------------------------------------

/// An administrative unit whose listing the catalogue derives (a ward, a commune, a special
/// zone), with its validity and the units it continues.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Unit {
    /// Folder-safe id (lowercase ASCII letters, digits and `-`), e.g. `phuong-duy-tien`.
    pub id: String,
    /// e.g. "Phường Duy Tiên".
    pub name: String,
    pub kind: UnitKind,
    /// The level whose procedures the unit carries out (a level id of the manifest).
    pub level: String,
    /// Mã đơn vị hành chính (statistics code), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statistics_code: Option<String>,
    /// Mã định danh điện tử of the unit's People's Committee, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub electronic_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub valid_from: Option<Date>,
    /// The first day the unit no longer exists (exclusive, as a procedure's `effective_until`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub valid_until: Option<Date>,
    /// The units it continues (ids of this manifest, or names of units it never held).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub predecessors: Vec<String>,
}

impl Unit {
    /// Whether the unit exists on `day`.
    pub fn exists_on(&self, day: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= day)
            && self.valid_until.is_none_or(|until| day < until)
    }

    /// Whether a procedure is in this unit's listing: at the unit's level, and for every unit
    /// of that level or for this one by name.
    pub fn carries(&self, p: &super::Procedure) -> bool {
        p.level == self.level && (p.units.is_empty() || p.units.iter().any(|u| *u == self.id))
    }
}

/// The type of a unit at the commune level since 1 July 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Xã
    #[default]
    Xa,
    /// Phường
    Phuong,
    /// Đặc khu
    DacKhu,
}

impl UnitKind {
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Xa => "Xã",
            UnitKind::Phuong => "Phường",
            UnitKind::DacKhu => "Đặc khu",
        }
    }
}

/// One dated change of the manifest: a reorganisation's renames and merges, and the decisions
/// behind it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ManifestChange {
    /// The day the change takes effect.
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub date: Option<Date>,
    pub title: String,
    /// Numbers of the decisions (or legal texts) behind it, verbatim.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<String>,
    /// Levels whose procedures moved to another level: valid until `date`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<Rename>,
    /// Agencies renamed or merged: `from` is valid until `date`, `to` from it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<Rename>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Rename>,
    /// The authority's name before the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority_before: Option<String>,
}

/// `from` became (or merged into) `to`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rename {
    pub from: String,
    pub to: String,
}

impl Manifest {
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The day an agency stopped being valid (renamed or merged by a dated change), if it did.
    pub fn agency_until(&self, id: &str) -> Option<Date> {
        self.changes
            .iter()
            .find(|c| c.agencies.iter().any(|r| r.from == id))
            .and_then(|c| c.date)
    }

    /// What an agency became after its renames, following the chain (at most a few links).
    pub fn agency_now<'a>(&'a self, id: &'a str) -> &'a str {
        let mut at = id;
        for _ in 0..8 {
            match self
                .changes
                .iter()
                .flat_map(|c| &c.agencies)
                .find(|r| r.from == at)
            {
                Some(r) if r.to != at => at = &r.to,
                _ => break,
            }
        }
        at
    }
}
