//! The static website: index, one page per procedure, the "what changed" page, and the assets.
//!
//! Pages are minijinja templates with HTML auto-escaping, embedded in the binary and
//! overridable from the catalogue's `templates/` folder. Every value reaches a page through the
//! escaper; templates hold no inline script or style, so the Content-Security-Policy can forbid
//! both.

mod changes;
mod index;
mod procedure;

use super::{Entry, ExportError, ExportInput, Format, Listing, Sink};
use crate::i18n::{self, Lang};
use crate::model::{ProcedureStatus, PublicationRecord};
use crate::present;
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

const VI: Lang = Lang::Vi;

/// The page templates a catalogue may override, by file name under `templates/`.
pub const PAGE_TEMPLATES: [(&str, &str); 4] = [
    ("base.html", include_str!("../templates/base.html")),
    ("index.html", include_str!("../templates/index.html")),
    (
        "procedure.html",
        include_str!("../templates/procedure.html"),
    ),
    ("changes.html", include_str!("../templates/changes.html")),
];

/// The default assets, written under `assets/`; `templates/assets/` may override them or add
/// more (a logo, fonts).
pub const DEFAULT_ASSETS: [(&str, &str); 2] =
    [("style.css", DEFAULT_STYLE), ("site.js", DEFAULT_SCRIPT)];

/// The default stylesheet (screen and print).
pub const DEFAULT_STYLE: &str = include_str!("../templates/style.css");
/// The default script: search and filters on the index.
pub const DEFAULT_SCRIPT: &str = include_str!("../templates/site.js");

/// Template overrides read from a catalogue's `templates/` folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Templates {
    pages: BTreeMap<String, String>,
    assets: BTreeMap<String, Vec<u8>>,
}

/// An asset file name that is safe to write: letters, digits, `.`, `-`, `_`, not hidden.
fn safe_asset_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 100
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

impl Templates {
    /// From the files of `templates/` (paths relative to it). Page templates must be UTF-8;
    /// other files are ignored and named in the returned list.
    pub fn from_files(
        files: impl IntoIterator<Item = (std::path::PathBuf, Vec<u8>)>,
    ) -> Result<(Templates, Vec<String>), ExportError> {
        let mut t = Templates::default();
        let mut ignored = Vec::new();
        for (rel, bytes) in files {
            let parts: Vec<String> = rel
                .components()
                .map(|c| match c {
                    Component::Normal(s) => s.to_string_lossy().into_owned(),
                    _ => String::from(".."),
                })
                .collect();
            match parts.as_slice() {
                [name] if PAGE_TEMPLATES.iter().any(|(n, _)| n == name) => {
                    let text = String::from_utf8(bytes).map_err(|_| ExportError::Template {
                        name: name.clone(),
                        detail: "not UTF-8 text".into(),
                    })?;
                    t.pages.insert(name.clone(), text);
                }
                [dir, name] if dir == "assets" && safe_asset_name(name) => {
                    t.assets.insert(name.clone(), bytes);
                }
                [name] if name.starts_with('.') || name.eq_ignore_ascii_case("README.md") => {}
                _ => ignored.push(parts.join("/")),
            }
        }
        Ok((t, ignored))
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && self.assets.is_empty()
    }
}

fn environment(t: &Templates) -> Result<Environment<'static>, ExportError> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.set_recursion_limit(100);
    // Escape what HTML needs escaped (`& < > " '`), and print nothing for a missing value. The
    // default escaper also turns every `/` into `&#x2f;`, which only bloats pages and URLs.
    env.set_formatter(|out, state, value| {
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        let text = value.to_string();
        if value.is_safe() || *state.auto_escape() == minijinja::AutoEscape::None {
            return out.write_str(&text).map_err(minijinja::Error::from);
        }
        out.write_str(&escape_html(&text))
            .map_err(minijinja::Error::from)
    });
    for (name, default) in PAGE_TEMPLATES {
        let source = t
            .pages
            .get(name)
            .cloned()
            .unwrap_or_else(|| default.to_owned());
        env.add_template_owned(name, source)
            .map_err(|e| template_err(name, &e))?;
    }
    Ok(env)
}

/// Text made safe for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn template_err(name: &str, e: &minijinja::Error) -> ExportError {
    let mut detail = e.to_string();
    if let Some(line) = e.line() {
        detail = format!("line {line}: {detail}");
    }
    ExportError::Template {
        name: name.to_owned(),
        detail,
    }
}

#[derive(Serialize)]
struct IdName {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct PublicationView {
    decision: String,
    date: Option<String>,
    signer: Option<String>,
    effective: Option<String>,
}

impl PublicationView {
    fn of(p: &PublicationRecord) -> PublicationView {
        PublicationView {
            decision: p.decision.clone(),
            date: p.date.map(present::date_vi),
            signer: p.signer.clone(),
            effective: p.effective.map(present::date_vi),
        }
    }
}

#[derive(Serialize)]
struct Download {
    href: String,
    label: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    authority: String,
    province: Option<String>,
    address: Option<String>,
    contact: Option<String>,
    levels: Vec<IdName>,
    fields: Vec<IdName>,
    publication: Option<PublicationView>,
    commit: Option<String>,
    at: Option<String>,
    effective: Option<String>,
    downloads: Vec<Download>,
    total: usize,
}

fn site_view(listing: &Listing, input: &ExportInput) -> SiteView {
    let m = listing.manifest;
    let listed: Vec<&Entry> = listing.listed().collect();
    let mut levels: Vec<IdName> = Vec::new();
    let mut fields: Vec<IdName> = Vec::new();
    for e in &listed {
        let p = e.procedure;
        if !levels.iter().any(|l| l.id == p.level) {
            levels.push(IdName {
                id: p.level.to_string(),
                name: m.level_name(&p.level).to_owned(),
            });
        }
        if !fields.iter().any(|f| f.id == p.field) {
            fields.push(IdName {
                id: p.field.to_string(),
                name: m.field_name(&p.field).to_owned(),
            });
        }
    }
    fields.sort_by_key(|f| crate::search::sort_key_vi(&f.name));
    let downloads = [
        (Format::Csv, "CSV", "bảng tính, mở được bằng Excel"),
        (Format::Xlsx, "Excel (XLSX)", "mỗi cấp một trang tính"),
        (
            Format::Json,
            "JSON",
            "dữ liệu mở, kèm lược đồ export-schema-v2.json",
        ),
        (Format::JsonLd, "JSON-LD", "từ vựng CPSV-AP của EU"),
    ]
    .into_iter()
    .filter(|(f, _, _)| input.formats.contains(f))
    .filter_map(|(f, label, description)| {
        f.file_name().map(|href| Download {
            href,
            label,
            description,
        })
    })
    .collect();
    SiteView {
        title: m
            .publication
            .site_title
            .clone()
            .unwrap_or_else(|| "Danh mục thủ tục hành chính".into()),
        authority: m.authority.name.clone(),
        province: m.authority.province.clone(),
        address: m.authority.address.clone(),
        contact: m.publication.contact.clone(),
        levels,
        fields,
        publication: input.changes.current.as_ref().map(PublicationView::of),
        commit: input
            .source
            .commit
            .as_ref()
            .map(|c| c.chars().take(10).collect()),
        at: input.source.at.clone(),
        effective: input.source.effective.map(present::date_vi),
        downloads,
        total: listed.len(),
    }
}

/// Rows turned into template values one at a time as a page is rendered (the rows of a field
/// group of the index, the sections of the changes page): a listing of 100,000 procedures never
/// exists as one tree of template values.
#[derive(Debug)]
struct LazySeq<T>(Vec<T>);

impl<T: Serialize + std::fmt::Debug + Send + Sync + 'static> minijinja::value::Object
    for LazySeq<T>
{
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }
    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        self.0.get(key.as_usize()?).map(|r| Value::from(Serde(r)))
    }
    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq(self.0.len())
    }
}

/// Render the site into `sink`; returns the files written.
pub fn site(
    listing: &Listing,
    retired: &[Entry],
    input: &ExportInput,
    sink: &dyn Sink,
) -> Result<Vec<String>, ExportError> {
    let mut env = environment(&input.templates)?;
    let m = listing.manifest;
    env.add_global("site", Value::from(Serde(site_view(listing, input))));
    let mut files = Vec::new();
    let put = |rel: &str, bytes: &[u8], files: &mut Vec<String>| -> Result<(), ExportError> {
        sink.put(rel, bytes).map_err(|source| ExportError::Io {
            path: Path::new(rel).to_owned(),
            source,
        })?;
        files.push(rel.to_owned());
        Ok(())
    };
    let mut assets: BTreeMap<String, Vec<u8>> = DEFAULT_ASSETS
        .iter()
        .map(|(n, c)| ((*n).to_owned(), c.as_bytes().to_vec()))
        .collect();
    assets.extend(input.templates.assets.clone());
    for (name, bytes) in &assets {
        put(&format!("assets/{name}"), bytes, &mut files)?;
    }
    let render = |name: &str, ctx: Value| -> Result<String, ExportError> {
        env.get_template(name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| template_err(name, &e))
    };
    let pages: BTreeSet<(String, String)> = listing
        .entries
        .iter()
        .chain(retired)
        .map(|e| (e.procedure.level.to_string(), e.procedure.code.to_string()))
        .collect();
    let abolished: Vec<index::AbolishedRow> = listing
        .entries
        .iter()
        .filter(|e| e.abolished())
        .map(|e| index::AbolishedRow {
            code: e.procedure.code.to_string(),
            name: e.procedure.name.to_string(),
            href: e.href.clone(),
            level_name: m.level_name(&e.procedure.level).to_owned(),
        })
        .collect();
    // The two pages that grow with the catalogue (tens of megabytes at 100,000 procedures) are
    // written as they are rendered, never held whole.
    let stream = |name: &str, ctx: Value, rel: &str, files: &mut Vec<String>| {
        let template = env.get_template(name).map_err(|e| template_err(name, &e))?;
        sink.stream(rel, &mut |w| {
            template
                .render_captured_to(ctx.clone(), w)
                .map(drop)
                .map_err(|e| template_err(name, &e))
        })?;
        files.push(rel.to_owned());
        Ok::<(), ExportError>(())
    };
    stream(
        "index.html",
        context! {
            root => "",
            page => "index",
            levels => index::index_values(index::index_groups(listing)),
            abolished => Value::from(Serde(abolished)),
        },
        "index.html",
        &mut files,
    )?;
    stream(
        "changes.html",
        context! {
            root => "",
            page => "changes",
            changes => changes::changes_value(&input.changes, m, &pages),
        },
        "thay-doi.html",
        &mut files,
    )?;

    // Procedure pages, spread over the available cores; each page is independent.
    let day = listing.day;
    let entries: Vec<(&Entry, bool)> = listing
        .entries
        .iter()
        .map(|e| (e, false))
        .chain(retired.iter().map(|e| (e, true)))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = entries.len().div_ceil(threads).max(1);
    let results: Vec<Result<(), ExportError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = entries
            .chunks(chunk)
            .map(|part| {
                let render = &render;
                let pages = &pages;
                scope.spawn(move || -> Result<(), ExportError> {
                    for (e, retired) in part {
                        let mut view = procedure::procedure_view(e.procedure, m, pages);
                        // As of the listing's day: an abolition or amendment that takes effect
                        // later is announced with its day, not shown as done.
                        view.abolished = e.abolished();
                        view.status = present::status_text(e.procedure, Some(day), VI);
                        if *retired {
                            view.abolished = true;
                            view.status = i18n::status_label(ProcedureStatus::Abolished, VI).into();
                        }
                        let html = render(
                            "procedure.html",
                            context! { root => "../../", page => "procedure", p => Value::from(Serde(view)) },
                        )?;
                        sink.put(&e.href, html.as_bytes())
                            .map_err(|source| ExportError::Io {
                                path: e.href.clone().into(),
                                source,
                            })?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(ExportError::Template {
                        name: "procedure.html".into(),
                        detail: "rendering failed".into(),
                    })
                })
            })
            .collect()
    });
    for r in results {
        r?;
    }
    files.extend(entries.iter().map(|(e, _)| e.href.clone()));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping() {
        assert_eq!(
            escape_html("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert!(matches!(
            escape_html("Hộ tịch 1/2"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn default_templates_never_mark_values_safe() {
        for (name, text) in PAGE_TEMPLATES {
            assert!(
                !text.contains("|safe") && !text.contains("| safe"),
                "{name}"
            );
            assert!(!text.contains("autoescape false"), "{name}");
            assert!(
                !text.contains("<script>") && !text.contains("style="),
                "{name}"
            );
        }
    }
}
