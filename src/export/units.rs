//! One listing per unit: a province-wide catalogue holds every ward and commune in its
//! manifest's `units`, and each unit's listing is derived from it — the procedures of the unit's
//! level that apply to every unit of that level or name this one. The site of a unit is the same
//! site as the catalogue's, rendered over that subset under the unit's name; `--all-units` writes
//! every unit's site in its own folder, with an index of units (HTML and JSON) at the top.

use super::changes::{ChangeSet, ChangedProcedure};
use super::{ChangesPage, ExportError, ExportInput, ExportReport, Listing, Sink};
use crate::model::{Procedure, Unit};
use crate::store::{Catalog, Stored};
use std::path::PathBuf;

/// File name of the machine-readable index of units.
pub const UNITS_INDEX_JSON: &str = "don-vi.json";

/// A sink that puts every file under `prefix/` of another sink.
pub struct PrefixSink<'a> {
    inner: &'a dyn Sink,
    prefix: String,
}

impl<'a> PrefixSink<'a> {
    pub fn new(inner: &'a dyn Sink, prefix: &str) -> PrefixSink<'a> {
        PrefixSink {
            inner,
            prefix: prefix.trim_end_matches('/').to_owned(),
        }
    }
}

impl Sink for PrefixSink<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.put(&format!("{}/{rel}", self.prefix), bytes)
    }

    fn stream(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        self.inner.stream(&format!("{}/{rel}", self.prefix), write)
    }
}

/// The catalogue as `unit`'s listing: the procedures it carries out, under its name.
pub fn unit_catalog(cat: &Catalog, unit: &Unit) -> Catalog {
    let mut manifest = cat.manifest.clone();
    manifest.authority.name = format!("UBND {}", unit.name);
    if unit.address.is_some() {
        manifest.authority.address.clone_from(&unit.address);
    }
    manifest
        .authority
        .unit_code
        .clone_from(&unit.statistics_code);
    manifest.publication.site_title = Some(format!("Danh mục thủ tục hành chính {}", unit.name));
    Catalog {
        root: cat.root.clone(),
        manifest,
        procedures: cat
            .procedures
            .iter()
            .filter(|s| unit.carries(&s.record))
            .map(|s| Stored {
                path: s.path.clone(),
                record: s.record.clone(),
            })
            .collect(),
        ..Catalog::default()
    }
}

/// The "what changed" page of a unit: only the rows about procedures it carries out (a
/// transfer is the unit's when its destination is).
pub fn unit_changes(page: &ChangesPage, cat: &Catalog, unit: &Unit) -> ChangesPage {
    let carried = |c: &ChangedProcedure| {
        c.level == unit.level
            && cat.procedure(&c.level, &c.code).is_none_or(|s| {
                s.record.units.is_empty() || s.record.units.iter().any(|u| *u == unit.id)
            })
    };
    let keep = |list: &[ChangedProcedure]| list.iter().filter(|c| carried(c)).cloned().collect();
    let c = &page.changes;
    ChangesPage {
        current: page.current.clone(),
        baseline: page.baseline.clone(),
        changes: ChangeSet {
            new: keep(&c.new),
            amended: keep(&c.amended),
            abolished: keep(&c.abolished),
            transferred: keep(&c.transferred),
        },
        decisions: page.decisions.clone(),
    }
}

/// The units to export: one by id, or every unit.
pub fn chosen<'a>(cat: &'a Catalog, id: Option<&str>) -> Result<Vec<&'a Unit>, ExportError> {
    let units = &cat.manifest.units;
    let known = || units.iter().map(|u| u.id.clone()).collect();
    let chosen: Vec<&Unit> = match id {
        Some(id) => match units.iter().find(|u| u.id == id) {
            Some(u) => vec![u],
            None => {
                return Err(ExportError::UnknownUnit {
                    id: id.to_owned(),
                    known: known(),
                });
            }
        },
        None => units.iter().collect(),
    };
    if chosen.is_empty() {
        return Err(ExportError::UnknownUnit {
            id: String::new(),
            known: Vec::new(),
        });
    }
    // A unit's id names its folder: only ids that are safe folder names.
    if let Some(bad) = chosen.iter().find(|u| !crate::validate::is_safe_id(&u.id)) {
        return Err(ExportError::UnknownUnit {
            id: bad.id.clone(),
            known: known(),
        });
    }
    Ok(chosen)
}

/// One unit's listing, in every requested format, at the top of `sink`.
pub fn render_unit(
    cat: &Catalog,
    unit: &Unit,
    input: &ExportInput,
    sink: &dyn Sink,
) -> Result<ExportReport, ExportError> {
    let sub = unit_catalog(cat, unit);
    let input = ExportInput {
        changes: unit_changes(&input.changes, cat, unit),
        ..input.clone()
    };
    super::render_listing(
        &sub,
        &Listing::new(&sub, input.source.effective),
        &input,
        sink,
    )
}

/// Every unit's listing in its own folder (`<unit id>/`), and the index of units: `index.html`
/// and `don-vi.json`.
pub fn render_all(
    cat: &Catalog,
    units: &[&Unit],
    input: &ExportInput,
    sink: &dyn Sink,
) -> Result<ExportReport, ExportError> {
    let mut report = ExportReport::default();
    let mut rows = Vec::with_capacity(units.len());
    for unit in units {
        let prefixed = PrefixSink::new(sink, &unit.id);
        let r = render_unit(cat, unit, input, &prefixed)?;
        rows.push(IndexRow {
            id: unit.id.clone(),
            name: unit.name.clone(),
            kind: unit.kind.label().to_owned(),
            level: cat.manifest.level_name(&unit.level).to_owned(),
            statistics_code: unit.statistics_code.clone(),
            procedures: r.procedures - r.abolished,
        });
        report.procedures += r.procedures;
        report.abolished += r.abolished;
        report
            .files
            .extend(r.files.into_iter().map(|f| format!("{}/{f}", unit.id)));
        report.skipped.extend(r.skipped);
    }
    let put = |rel: &str, bytes: &[u8]| {
        sink.put(rel, bytes).map_err(|source| ExportError::Io {
            path: PathBuf::from(rel),
            source,
        })
    };
    put("index.html", index_html(cat, &rows).as_bytes())?;
    let json = serde_json::to_vec_pretty(&serde_json::json!({
        "authority": cat.manifest.authority.name,
        "province": cat.manifest.authority.province,
        "units": rows,
    }))
    .map_err(|e| ExportError::Template {
        name: UNITS_INDEX_JSON.into(),
        detail: e.to_string(),
    })?;
    put(UNITS_INDEX_JSON, &json)?;
    report.files.push("index.html".into());
    report.files.push(UNITS_INDEX_JSON.into());
    report.files.sort();
    Ok(report)
}

#[derive(serde::Serialize)]
struct IndexRow {
    id: String,
    name: String,
    kind: String,
    level: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics_code: Option<String>,
    /// Procedures in the unit's public listing (not abolished).
    procedures: usize,
}

/// Text escaped for HTML (element content and quoted attributes), control characters dropped.
fn escape(text: &str) -> String {
    let plain = text.replace(char::is_control, "");
    super::html::escape_html(&plain).into_owned()
}

fn index_html(cat: &Catalog, rows: &[IndexRow]) -> String {
    let m = &cat.manifest;
    let title = format!(
        "Danh mục thủ tục hành chính theo đơn vị — {}",
        m.authority.name
    );
    let mut body = String::new();
    for (i, r) in rows.iter().enumerate() {
        body.push_str(&format!(
            "<tr><td class=\"num\">{}</td><td><a href=\"{}/index.html\">{}</a></td><td>{}</td><td>{}</td><td class=\"code\">{}</td><td class=\"num\">{}</td></tr>\n",
            i + 1,
            escape(&r.id),
            escape(&r.name),
            escape(&r.kind),
            escape(&r.level),
            escape(r.statistics_code.as_deref().unwrap_or("")),
            r.procedures
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{t}</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}table{{border-collapse:collapse;width:100%}}th,td{{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}}.num{{text-align:right}}</style>\n</head>\n<body>\n<h1>{t}</h1>\n<p>{n} đơn vị{p}. Chọn một đơn vị để xem danh mục thủ tục hành chính niêm yết tại đơn vị đó; dữ liệu mở: <a href=\"{json}\">{json}</a>.</p>\n<table>\n<thead><tr><th scope=\"col\" class=\"num\">STT</th><th scope=\"col\">Đơn vị</th><th scope=\"col\">Loại</th><th scope=\"col\">Cấp thực hiện</th><th scope=\"col\">Mã đơn vị hành chính</th><th scope=\"col\" class=\"num\">Số thủ tục</th></tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n</body>\n</html>\n",
        t = escape(&title),
        n = rows.len(),
        p = m
            .authority
            .province
            .as_deref()
            .map(|p| format!(", tỉnh {}", escape(p)))
            .unwrap_or_default(),
        json = UNITS_INDEX_JSON,
    )
}

/// Whether `p` is in some unit's listing (for a warning about records no unit carries).
pub fn carried_by_any(units: &[Unit], p: &Procedure) -> bool {
    units.iter().any(|u| u.carries(p))
}
