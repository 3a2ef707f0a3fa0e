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
use crate::model::{ProcedureStatus, PublicationRecord, Text};
use crate::present;
use crate::store::Catalog;
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

const VI: Lang = Lang::Vi;

/// The procedures that have a page, by level and code.
type Pages<'a> = BTreeSet<(&'a str, &'a str)>;

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
        let raw = value.is_safe() || *state.auto_escape() == minijinja::AutoEscape::None;
        // Most values are strings: written from where they are, not copied first (a page of a
        // real record prints hundreds of them).
        let owned;
        let text = match value.kind() {
            minijinja::value::ValueKind::String => value.as_str().unwrap_or_default(),
            _ => {
                owned = value.to_string();
                &owned
            }
        };
        if raw {
            return out.write_str(text).map_err(minijinja::Error::from);
        }
        write_escaped(out, text).map_err(minijinja::Error::from)
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
    if !text.bytes().any(|b| escaped(b).is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let _ = write_escaped(&mut out, text);
    std::borrow::Cow::Owned(out)
}

/// The entity `escape_html` writes for a byte, if it writes one. The five are ASCII, so a
/// UTF-8 text is never cut inside a character where one is found.
fn escaped(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// [`escape_html`] written into `out`, the runs between entities as they are.
fn write_escaped(out: &mut (impl std::fmt::Write + ?Sized), text: &str) -> std::fmt::Result {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(entity) = escaped(b) {
            out.write_str(&text[start..i])?;
            out.write_str(entity)?;
            start = i + 1;
        }
    }
    out.write_str(&text[start..])
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

/// Equal texts of the rows of a long page (a field's name, a time, the fees, the agencies),
/// one allocation each: at 100,000 procedures the rows of the index or of the changes page are
/// held together while it is rendered.
#[derive(Default)]
pub(super) struct Shared(std::collections::HashMap<String, Text>);

impl Shared {
    pub(super) fn text(&mut self, s: String) -> Text {
        if let Some(t) = self.0.get(&s) {
            return t.clone();
        }
        let t = Text::from(s.as_str());
        self.0.insert(s, t.clone());
        t
    }
}

/// A row of a long page, kept small (texts shared with the records, nothing computed ahead)
/// until the page prints it.
trait LazyRow: std::fmt::Debug + Send + Sync + 'static {
    /// The row as the template sees it.
    fn value(&self) -> Value;
}

/// Rows turned into template values one at a time as a page is rendered (the rows of a field
/// group of the index, the sections of the changes page): a listing of 100,000 procedures never
/// exists as one tree of template values.
#[derive(Debug)]
struct LazySeq<T>(Vec<T>);

impl<T: LazyRow> minijinja::value::Object for LazySeq<T> {
    fn repr(self: &std::sync::Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }
    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        self.0.get(key.as_usize()?).map(LazyRow::value)
    }
    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq(self.0.len())
    }
}

/// Render the site into `sink`; returns the files written.
pub fn site(
    cat: &Catalog,
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
    let pages: Pages = listing
        .entries
        .iter()
        .chain(retired)
        .map(|e| (e.procedure.level.as_str(), e.procedure.code.as_str()))
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
    // written as they are rendered, never held whole, one after the other (their rows are the
    // export's largest values) on a thread of their own while the procedure pages are rendered.
    let stream = |name: &str, ctx: Value, rel: &str| {
        let template = env.get_template(name).map_err(|e| template_err(name, &e))?;
        sink.stream(rel, &mut |w| {
            template
                .render_captured_to(ctx.clone(), w)
                .map(drop)
                .map_err(|e| template_err(name, &e))
        })?;
        Ok::<String, ExportError>(rel.to_owned())
    };
    let listings = || -> Result<Vec<String>, ExportError> {
        let index = stream(
            "index.html",
            context! {
                root => "",
                page => "index",
                levels => index::index_values(index::index_groups(listing)),
                abolished => Value::from(Serde(abolished)),
            },
            "index.html",
        )?;
        // The index's rows are freed: hand their pages back before the changes page's rows
        // are made (of other sizes, they would not reuse them all).
        crate::store::cache::return_free_memory();
        let changes = stream(
            "changes.html",
            context! {
                root => "",
                page => "changes",
                changes => changes::changes_value(&input.changes, m, &pages),
            },
            "thay-doi.html",
        )?;
        Ok(vec![index, changes])
    };

    // Procedure pages, spread over the available cores; each page is independent. Workers
    // take the next few pages in turn (pages differ in length), and each writes its own.
    let day = listing.day;
    let entries: Vec<(&Entry, bool)> = listing
        .entries
        .iter()
        .map(|e| (e, false))
        .chain(retired.iter().map(|e| (e, true)))
        .collect();
    let page = |e: &Entry, retired: bool| -> Result<(), ExportError> {
        let p = e.procedure;
        // A legal-basis row citing a text by number shows the register's facts about it.
        let completed;
        let legal = if cat.legal.is_empty() || p.legal_basis.is_none() {
            p.legal_list()
        } else {
            completed = cat.legal_rows(p);
            &completed
        };
        let mut view = procedure::procedure_view(p, m, &pages, legal);
        // As of the listing's day: an abolition or amendment that takes effect later is
        // announced with its day, not shown as done.
        view.abolished = e.abolished();
        view.status = present::status_text(p, Some(day), VI);
        if retired {
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
            })
    };
    const CHUNK: usize = 16;
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let threads = crate::parallel::threads()
        .min(entries.len().div_ceil(CHUNK))
        .max(1);
    let (listed, results) = std::thread::scope(|scope| {
        let listed = scope.spawn(listings);
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| -> Result<(), ExportError> {
                    while !failed.load(Ordering::Relaxed) {
                        let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                        let Some(part) = entries.get(start..(start + CHUNK).min(entries.len()))
                        else {
                            break;
                        };
                        for (e, retired) in part {
                            if let Err(err) = page(e, *retired) {
                                failed.store(true, Ordering::Relaxed);
                                return Err(err);
                            }
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        let results: Vec<Result<(), ExportError>> = handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(ExportError::Template {
                        name: "procedure.html".into(),
                        detail: "rendering failed".into(),
                    })
                })
            })
            .collect();
        let listed = listed
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (listed, results)
    });
    files.extend(listed?);
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
    fn default_templates_call_no_macros() {
        // minijinja renders a macro call into a string before it is written: the tables of a
        // catalogue of 100,000 procedures would be held whole.
        for (name, text) in PAGE_TEMPLATES {
            assert!(!text.contains("{% macro"), "{name}");
        }
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
