//! What an import matched, mapped and added, in words for both UI languages. The lines are not
//! made safe for a terminal: each face does that as it shows them.

use crate::i18n::Lang;
use crate::import::{MapKind, Unmatched};
use crate::workspace::import::{Item, PortalOutcome};

/// The kind of a name an import maps to the manifest.
pub fn map_kind_word(k: MapKind, lang: Lang) -> &'static str {
    match k {
        MapKind::Level => lang.pick("cấp", "level"),
        MapKind::Field => lang.pick("lĩnh vực", "field"),
        MapKind::Agency => lang.pick("cơ quan", "agency"),
    }
}

/// A name that matches nothing: its kind, the name, and the nearest entry when there is one.
pub fn unmatched_name(u: &Unmatched, lang: Lang) -> String {
    let near = match &u.nearest {
        Some((id, name)) => format!(" — {} {name} ({id})", lang.pick("gần nhất:", "nearest:")),
        None => String::new(),
    };
    format!("{} “{}”{near}", map_kind_word(u.kind, lang), u.value)
}

/// The lines an import's summary gives after its records: the records left out at other
/// levels, the names mapped in import-map.yaml, the entries added to catalog.yaml.
pub fn mapping_lines(out: &PortalOutcome, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    if !out.elsewhere.is_empty() {
        let mut levels: Vec<&str> = out.elsewhere.iter().map(|(_, l)| l.as_str()).collect();
        levels.sort_unstable();
        levels.dedup();
        lines.push(format!(
            "{} {} ({})",
            lang.pick("Bỏ qua ở cấp khác:", "Left out at other levels:"),
            out.elsewhere.len(),
            levels.join(", ")
        ));
    }
    for (k, value, id) in &out.proposed {
        lines.push(format!(
            "{} {} “{value}” → {id}",
            lang.pick("Đối chiếu (import-map.yaml):", "Mapping (import-map.yaml):"),
            map_kind_word(*k, lang),
        ));
    }
    for (k, value, id) in &out.added {
        lines.push(format!(
            "{} {} “{value}” ({id})",
            lang.pick("Thêm vào catalog.yaml:", "Added to catalog.yaml:"),
            map_kind_word(*k, lang),
        ));
    }
    lines
}

/// What follows an incomplete record in an import's list.
pub fn incomplete_note(lang: Lang) -> &'static str {
    lang.pick(
        "chưa đầy đủ: không vào danh sách công khai",
        "incomplete: kept out of public listings",
    )
}

/// The parts an incomplete record lacks (`thiếu: …`), when it lacks any.
pub fn missing_parts(item: &Item, lang: Lang) -> Option<String> {
    (item.incomplete && !item.missing.is_empty()).then(|| {
        let parts: Vec<String> = item
            .missing
            .iter()
            .map(|m| crate::i18n::field_path_label(m, lang))
            .collect();
        format!("{}: {}", lang.pick("thiếu", "missing"), parts.join(", "))
    })
}
