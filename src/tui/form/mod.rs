//! The edit form: every field of a procedure, edited in place, validated as you type, saved as
//! one commit, journaled so nothing typed is ever lost.
//!
//! The form works on the record as JSON (so half-typed values, such as a date being typed, can
//! exist) and turns it back into a `Procedure` for validation and saving.

pub mod schema;

use schema::{Kind, Options, PROCEDURE, Spec};
use serde_json::Value;
use std::path::PathBuf;
use tthc::diagnostic::{PathSeg, Severity};
use tthc::i18n::Lang;
use tthc::merge::{self, Depth};
use tthc::model::{Manifest, Procedure};
use tthc::store::Catalog;
use tthc::words::Message;
use tthc::workspace::journal::{JOURNAL_VERSION, JournalEntry};
use unicode_normalization::UnicodeNormalization;

/// What a row of the form stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A value: text, number, date, flag or choice.
    Field,
    /// The heading of a group of fields.
    Group,
    /// An optional group or list that is not there (press `a` to add it).
    Absent,
    /// The heading of a list.
    List,
    /// One item of a list of values.
    Item,
    /// The heading of one item of a list of groups.
    ItemGroup,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub path: Vec<PathSeg>,
    pub depth: u16,
    pub label: String,
    pub kind: Kind,
    pub role: Role,
    pub optional: bool,
    pub read_only: bool,
}

/// An open text input on one field.
pub struct TextEdit {
    pub path: Vec<PathSeg>,
    pub label: String,
    pub kind: Kind,
    pub area: ratatui_textarea::TextArea<'static>,
}

/// An open list of choices for one field.
pub struct Picker {
    pub path: Vec<PathSeg>,
    pub label: String,
    /// (stored value, shown label); the first may be "none" (empty value) for optional fields.
    pub options: Vec<(String, String)>,
    pub selected: usize,
}

/// A problem shown beside a field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    pub pointer: Vec<PathSeg>,
    pub severity: Severity,
    pub message: String,
}

pub struct Form {
    /// `Some(kind)` when the form drafts a proposal (amend, replace, add) instead of editing.
    pub purpose: Option<tthc::model::ProposalKind>,
    pub file: PathBuf,
    pub level: String,
    pub code: String,
    pub is_new: bool,
    /// The record and file text when the form opened (None for a new procedure).
    pub base: Option<Procedure>,
    pub base_text: Option<String>,
    pub base_head: Option<String>,
    pub value: Value,
    pub rows: Vec<Row>,
    pub cursor: usize,
    pub offset: usize,
    pub edit: Option<TextEdit>,
    pub picker: Option<Picker>,
    pub problems: Vec<FieldProblem>,
    /// The record when the value deserializes.
    pub record: Option<Procedure>,
    undo: Vec<Value>,
    redo: Vec<Value>,
    /// Changed since the journal was last written.
    pub journal_due: bool,
}

/// The value at `path`, if there is one.
pub fn get<'a>(value: &'a Value, path: &[PathSeg]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        PathSeg::Key(k) => v.get(k),
        PathSeg::Index(i) => v.get(i),
    })
}

fn get_mut<'a>(value: &'a mut Value, path: &[PathSeg]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        PathSeg::Key(k) => v.get_mut(k),
        PathSeg::Index(i) => v.get_mut(i),
    })
}

/// Set (or, with `None`, remove) the value at `path`; parents must exist.
fn set(value: &mut Value, path: &[PathSeg], new: Option<Value>) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    let Some(parent) = get_mut(value, parent) else {
        return;
    };
    match (last, parent) {
        (PathSeg::Key(k), Value::Object(map)) => match new {
            Some(v) => {
                map.insert(k.clone(), v);
            }
            None => {
                map.remove(k);
            }
        },
        (PathSeg::Index(i), Value::Array(items)) => match new {
            Some(v) if *i < items.len() => items[*i] = v,
            Some(v) => items.push(v),
            None if *i < items.len() => {
                items.remove(*i);
            }
            None => {}
        },
        _ => {}
    }
}

/// The rows of `fields` (inside the field `parent`, if any) as they hold `value`.
fn flatten(
    fields: &[Spec],
    parent: Option<&str>,
    value: &Value,
    path: &mut Vec<PathSeg>,
    depth: u16,
    lang: Lang,
    out: &mut Vec<Row>,
) {
    for spec in fields {
        path.push(PathSeg::key(spec.key));
        let v = value.get(spec.key);
        let row = |role, kind| Row {
            path: path.clone(),
            depth,
            label: spec.label(parent, lang),
            kind,
            role,
            optional: spec.optional,
            read_only: spec.read_only,
        };
        match spec.kind {
            Kind::Struct(sub) => match v {
                Some(inner @ Value::Object(_)) => {
                    out.push(row(Role::Group, spec.kind));
                    flatten(sub, Some(spec.key), inner, path, depth + 1, lang, out);
                }
                _ => out.push(row(Role::Absent, spec.kind)),
            },
            Kind::List(item) => {
                out.push(row(Role::List, spec.kind));
                if let Some(Value::Array(items)) = v {
                    for (i, it) in items.iter().enumerate() {
                        path.push(PathSeg::Index(i));
                        let item_row = |role| Row {
                            path: path.clone(),
                            depth: depth + 1,
                            label: format!("{}", i + 1),
                            kind: *item,
                            role,
                            optional: false,
                            read_only: spec.read_only,
                        };
                        match item {
                            Kind::Struct(sub) => {
                                out.push(item_row(Role::ItemGroup));
                                flatten(sub, Some(spec.key), it, path, depth + 2, lang, out);
                            }
                            _ => out.push(item_row(Role::Item)),
                        }
                        path.pop();
                    }
                }
            }
            _ => out.push(row(Role::Field, spec.kind)),
        }
        path.pop();
    }
}

/// The options of a choice, with labels, as (stored value, label).
pub fn choice_options(options: Options, m: &Manifest, lang: Lang) -> Vec<(String, String)> {
    match options {
        Options::Levels => m
            .levels
            .iter()
            .map(|l| (l.id.clone(), l.name.clone()))
            .collect(),
        Options::Fields => m
            .fields
            .iter()
            .map(|f| (f.id.clone(), f.name.clone()))
            .collect(),
        Options::Agencies => m
            .agencies
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect(),
        Options::Fixed(list) => list
            .iter()
            .map(|(v, vi, en)| ((*v).to_owned(), lang.pick(vi, en).to_owned()))
            .collect(),
    }
}

/// A whole number as people type it: `10000`, `10.000`, `10.000 đ`, `1 500 000`.
pub fn parse_number(text: &str) -> Option<i64> {
    let t = text.trim();
    let t = t
        .strip_suffix("đồng")
        .or_else(|| t.strip_suffix('đ'))
        .or_else(|| t.strip_suffix("VND"))
        .or_else(|| t.strip_suffix("VNĐ"))
        .unwrap_or(t)
        .trim();
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || t.starts_with('.') || t.ends_with('.') {
        return None;
    }
    // Dots group thousands: every group after the first has three digits.
    if t.contains('.') && t.split('.').skip(1).any(|g| g.trim().len() != 3) {
        return None;
    }
    digits.parse().ok()
}

/// A value as one line of text for the form.
pub fn display(value: Option<&Value>, kind: &Kind, m: &Manifest, lang: Lang) -> String {
    match (value, kind) {
        (None, _) | (Some(Value::Null), _) => String::new(),
        (Some(Value::Bool(b)), _) => if *b { "[x]" } else { "[ ]" }.to_owned(),
        (Some(Value::String(s)), Kind::Choice(options)) => choice_options(*options, m, lang)
            .into_iter()
            .find(|(v, _)| v == s)
            .map_or_else(|| s.clone(), |(_, l)| l),
        (Some(Value::String(s)), Kind::Date) => s
            .parse::<tthc::model::Date>()
            .map(|d| tthc::present::date_display(d, lang))
            .unwrap_or_else(|_| s.clone()),
        (Some(Value::String(s)), _) => s.replace('\n', " ⏎ "),
        (Some(Value::Array(items)), _) => format!("({})", items.len()),
        (Some(Value::Object(_)), _) => String::new(),
        (Some(other), _) => other.to_string(),
    }
}

impl Form {
    fn new(file: PathBuf, level: String, code: String, value: Value, lang: Lang) -> Form {
        let mut form = Form {
            purpose: None,
            file,
            level,
            code,
            is_new: false,
            base: None,
            base_text: None,
            base_head: None,
            value,
            rows: Vec::new(),
            cursor: 0,
            offset: 0,
            edit: None,
            picker: None,
            problems: Vec::new(),
            record: None,
            undo: Vec::new(),
            redo: Vec::new(),
            journal_due: false,
        };
        form.rebuild(lang);
        form
    }

    /// A form on an existing procedure, as read now.
    pub fn edit(
        p: &Procedure,
        file: PathBuf,
        base_text: String,
        base_head: Option<String>,
        lang: Lang,
    ) -> Form {
        let value = serde_json::to_value(p).unwrap_or_default();
        let mut form = Form::new(file, p.level.to_string(), p.code.to_string(), value, lang);
        form.base = Some(p.clone());
        form.base_text = Some(base_text);
        form.base_head = base_head;
        form
    }

    /// A form for a new procedure at `level` with `code`.
    pub fn create(
        level: &str,
        code: &str,
        file: PathBuf,
        base_head: Option<String>,
        lang: Lang,
    ) -> Form {
        let mut value = schema::empty_value(&Kind::Struct(PROCEDURE));
        value["code"] = Value::String(code.to_owned());
        value["level"] = Value::String(level.to_owned());
        // A new procedure is a draft, not published, until the office says otherwise; and
        // whether it is offered online is the user's to choose, not a default.
        value["status"] = Value::String("draft".to_owned());
        value["online_service"]["mode"] = Value::String(String::new());
        let mut form = Form::new(file, level.to_owned(), code.to_owned(), value, lang);
        form.is_new = true;
        form.base_head = base_head;
        form
    }

    /// A form restored from the journal.
    pub fn restore(entry: &JournalEntry, base: Option<Procedure>, lang: Lang) -> Form {
        let mut form = Form::new(
            entry.file.clone(),
            entry.level.clone(),
            entry.code.clone(),
            entry.value.clone(),
            lang,
        );
        form.is_new = entry.is_new;
        form.purpose = entry.purpose.as_deref().and_then(purpose_from_key);
        form.base = base;
        form.base_text = entry.base_text.clone();
        form.base_head = entry.base_head.clone();
        form.journal_due = true;
        form
    }

    pub fn journal_entry(&self, now: i64) -> JournalEntry {
        JournalEntry {
            version: JOURNAL_VERSION,
            file: self.file.clone(),
            level: self.level.clone(),
            code: self.code.clone(),
            is_new: self.is_new,
            base_head: self.base_head.clone(),
            base_text: self.base_text.clone(),
            value: self.value.clone(),
            purpose: self
                .purpose
                .map(|k| crate::tui::form::purpose_key(k).to_owned()),
            saved_at: now,
        }
    }

    /// Whether the form differs from what is stored.
    pub fn is_dirty(&self) -> bool {
        match &self.base {
            None => true,
            Some(base) => serde_json::to_value(base).ok().as_ref() != Some(&self.value),
        }
    }

    fn rebuild(&mut self, lang: Lang) {
        let mut rows = Vec::new();
        flatten(
            PROCEDURE,
            None,
            &self.value,
            &mut Vec::new(),
            0,
            lang,
            &mut rows,
        );
        self.rows = rows;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    /// Re-check the whole record: types first, then every validation rule.
    pub fn validate(&mut self, cat: &Catalog, lang: Lang) {
        self.problems.clear();
        // A choice not made yet is missing, not a type error; the rest is checked without it.
        let mut value = self.value.clone();
        let mut unchosen = Vec::new();
        take_unchosen(PROCEDURE, &mut value, &mut Vec::new(), &mut unchosen);
        for pointer in &unchosen {
            let problem = tthc::diagnostic::Problem::Missing {
                what: tthc::diagnostic::pointer_text(pointer),
            };
            self.problems.push(FieldProblem {
                pointer: pointer.clone(),
                severity: Severity::Error,
                message: problem.message(lang),
            });
        }
        match serde_path_to_error::deserialize::<_, Procedure>(value) {
            Err(e) => {
                let pointer = e
                    .path()
                    .iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Seq { index } => Some(PathSeg::Index(*index)),
                        serde_path_to_error::Segment::Map { key } => {
                            Some(PathSeg::Key(key.clone()))
                        }
                        _ => None,
                    })
                    .collect::<Vec<_>>();
                let problem =
                    tthc::diagnostic::Problem::from_serde(&e.inner().to_string(), &pointer);
                self.problems.push(FieldProblem {
                    pointer,
                    severity: Severity::Error,
                    message: problem.message(lang),
                });
                self.record = None;
            }
            Ok(record) => {
                for d in tthc::validate::validate_procedure_text(cat, &self.file, &record, "") {
                    self.problems.push(FieldProblem {
                        pointer: d.pointer.clone(),
                        severity: d.severity,
                        message: d.message(lang),
                    });
                }
                // Not saveable while a choice is still to be made.
                self.record = Some(record).filter(|_| unchosen.is_empty());
            }
        }
    }

    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }

    /// The row a problem belongs to: the deepest row whose path starts its pointer.
    pub fn row_of(&self, pointer: &[PathSeg]) -> usize {
        let mut best = 0;
        let mut best_len = 0;
        for (i, row) in self.rows.iter().enumerate() {
            if pointer.starts_with(&row.path) && row.path.len() >= best_len {
                best = i;
                best_len = row.path.len();
            }
        }
        best
    }

    /// Record a change: remember the old value for undo, rebuild rows, mark the journal due.
    fn changed(&mut self, before: Value, cat: &Catalog, lang: Lang) {
        if before != self.value {
            self.undo.push(before);
            self.redo.clear();
            self.journal_due = true;
        }
        self.rebuild(lang);
        self.validate(cat, lang);
    }

    pub fn undo(&mut self, cat: &Catalog, lang: Lang) -> bool {
        let Some(previous) = self.undo.pop() else {
            return false;
        };
        self.redo.push(std::mem::replace(&mut self.value, previous));
        self.journal_due = true;
        self.rebuild(lang);
        self.validate(cat, lang);
        true
    }

    pub fn redo(&mut self, cat: &Catalog, lang: Lang) -> bool {
        let Some(next) = self.redo.pop() else {
            return false;
        };
        self.undo.push(std::mem::replace(&mut self.value, next));
        self.journal_due = true;
        self.rebuild(lang);
        self.validate(cat, lang);
        true
    }

    pub fn current(&self) -> Option<&Row> {
        self.rows.get(self.cursor)
    }

    /// Open the input for the current row: a text area, a picker, or a flag toggled at once.
    /// Returns a message when the row cannot be edited.
    pub fn activate(&mut self, cat: &Catalog, lang: Lang) -> Option<String> {
        let row = self.current()?.clone();
        if row.read_only {
            return Some(
                lang.pick(
                    "Không sửa được mã và cấp ở đây: đó là danh tính của thủ tục.",
                    "Code and level cannot be edited here: they identify the procedure.",
                )
                .into(),
            );
        }
        match (row.role, row.kind) {
            (Role::Field | Role::Item, Kind::Bool) => {
                let before = self.value.clone();
                let now = get(&self.value, &row.path)
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                set(&mut self.value, &row.path, Some(Value::Bool(!now)));
                self.changed(before, cat, lang);
                None
            }
            (Role::Field | Role::Item, Kind::Choice(options)) => {
                let mut list = choice_options(options, &cat.manifest, lang);
                if row.optional {
                    list.insert(0, (String::new(), lang.pick("(không)", "(none)").into()));
                }
                let current = get(&self.value, &row.path)
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let selected = list.iter().position(|(v, _)| v == current).unwrap_or(0);
                self.picker = Some(Picker {
                    path: row.path.clone(),
                    label: row.label.clone(),
                    options: list,
                    selected,
                });
                None
            }
            (Role::Field | Role::Item, kind @ (Kind::Text { .. } | Kind::Number | Kind::Date)) => {
                let text = match get(&self.value, &row.path) {
                    // A date is typed as people write it: dd/mm/yyyy in Vietnamese.
                    Some(Value::String(s)) if matches!(kind, Kind::Date) => s
                        .parse::<tthc::model::Date>()
                        .map(|d| tthc::present::date_display(d, lang))
                        .unwrap_or_else(|_| s.clone()),
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                };
                let area = crate::tui::textbox::new(&text);
                // Make sure the field exists so typing binds to it.
                if get(&self.value, &row.path).is_none() {
                    let before = self.value.clone();
                    set(
                        &mut self.value,
                        &row.path,
                        Some(Value::String(String::new())),
                    );
                    self.changed(before, cat, lang);
                }
                self.undo.push(self.value.clone());
                self.redo.clear();
                // An item is named with its list: "Trình tự thực hiện 2", not "2".
                let label = match row.role {
                    Role::Item => self.rows[..self.cursor]
                        .iter()
                        .rev()
                        .find(|r| r.role == Role::List && r.depth < row.depth)
                        .map_or(row.label.clone(), |list| {
                            format!("{} {}", list.label, row.label)
                        }),
                    _ => row.label,
                };
                self.edit = Some(TextEdit {
                    path: row.path,
                    label,
                    kind,
                    area,
                });
                None
            }
            (Role::Absent, _) | (Role::List, _) => self.add(cat, lang),
            _ => None,
        }
    }

    /// Bind the text area's content to the value (called after every key typed).
    pub fn sync_edit(&mut self, cat: &Catalog, lang: Lang) {
        let Some(edit) = &self.edit else { return };
        // A one-line field never holds a line break.
        let joiner = if matches!(edit.kind, Kind::Text { multiline: true }) {
            "\n"
        } else {
            " "
        };
        let text: String = edit.area.lines().join(joiner).nfc().collect();
        let optional = self
            .rows
            .iter()
            .find(|r| r.path == edit.path)
            .is_some_and(|r| r.optional);
        let new = match edit.kind {
            _ if text.is_empty() && optional => None,
            Kind::Number => Some(
                parse_number(&text)
                    .map(Value::from)
                    .unwrap_or(Value::String(text)),
            ),
            Kind::Date => Some(Value::String(
                tthc::present::parse_date_input(&text)
                    .map(|d| d.to_string())
                    .unwrap_or(text),
            )),
            _ => Some(Value::String(text)),
        };
        let path = edit.path.clone();
        set(&mut self.value, &path, new);
        self.journal_due = true;
        self.rebuild(lang);
        self.validate(cat, lang);
    }

    /// Close the text area, keeping what was typed.
    pub fn finish_edit(&mut self, cat: &Catalog, lang: Lang) {
        self.sync_edit(cat, lang);
        self.edit = None;
    }

    pub fn pick(&mut self, cat: &Catalog, lang: Lang) {
        let Some(picker) = self.picker.take() else {
            return;
        };
        let before = self.value.clone();
        let value = picker
            .options
            .get(picker.selected)
            .map(|(v, _)| v.clone())
            .unwrap_or_default();
        let new = if value.is_empty() {
            None
        } else {
            Some(Value::String(value))
        };
        set(&mut self.value, &picker.path, new);
        self.changed(before, cat, lang);
    }

    /// `a`: add an item to the list at or around the cursor, or create an absent group/list.
    pub fn add(&mut self, cat: &Catalog, lang: Lang) -> Option<String> {
        let row = self.current()?.clone();
        if row.read_only {
            return None;
        }
        let before = self.value.clone();
        let (list_path, index, item_kind) = match (row.role, row.kind) {
            (Role::List, Kind::List(item)) => {
                let len = get(&self.value, &row.path)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                (row.path.clone(), len, *item)
            }
            (Role::Item | Role::ItemGroup, kind) => {
                let (last, parent) = row.path.split_last()?;
                let PathSeg::Index(i) = last else { return None };
                (parent.to_vec(), i + 1, kind)
            }
            (Role::Absent, kind) => {
                set(&mut self.value, &row.path, Some(schema::empty_value(&kind)));
                self.changed(before, cat, lang);
                return None;
            }
            _ => {
                return Some(
                    lang.pick(
                        "Chọn một danh sách (hoặc một mục của nó) để thêm.",
                        "Select a list (or one of its items) to add to.",
                    )
                    .into(),
                );
            }
        };
        if get(&self.value, &list_path).is_none() {
            set(&mut self.value, &list_path, Some(Value::Array(Vec::new())));
        }
        if let Some(Value::Array(items)) = get_mut(&mut self.value, &list_path) {
            let at = index.min(items.len());
            items.insert(at, schema::empty_value(&item_kind));
            let mut target = list_path.clone();
            target.push(PathSeg::Index(at));
            self.changed(before, cat, lang);
            if let Some(i) = self.rows.iter().position(|r| r.path == target) {
                self.cursor = i;
            }
        }
        None
    }

    /// `d`: remove the list item at the cursor, or clear an optional field or group.
    pub fn delete(&mut self, cat: &Catalog, lang: Lang) -> Option<String> {
        let row = self.current()?.clone();
        if row.read_only {
            return None;
        }
        match row.role {
            Role::Item | Role::ItemGroup => {}
            _ if row.optional && get(&self.value, &row.path).is_some() => {}
            _ => {
                return Some(
                    lang.pick(
                        "Đây là thành phần bắt buộc; không xóa được (hãy sửa nội dung).",
                        "This part is required and cannot be removed (edit it instead).",
                    )
                    .into(),
                );
            }
        }
        let before = self.value.clone();
        set(&mut self.value, &row.path, None);
        self.changed(before, cat, lang);
        None
    }

    /// Move the list item at the cursor up (`-1`) or down (`1`).
    pub fn move_item(&mut self, delta: isize, cat: &Catalog, lang: Lang) {
        let Some(row) = self.current().cloned() else {
            return;
        };
        if !matches!(row.role, Role::Item | Role::ItemGroup) || row.read_only {
            return;
        }
        let Some((PathSeg::Index(i), parent)) = row.path.split_last() else {
            return;
        };
        let before = self.value.clone();
        let Some(Value::Array(items)) = get_mut(&mut self.value, parent) else {
            return;
        };
        let j = *i as isize + delta;
        if j < 0 || j as usize >= items.len() {
            return;
        }
        items.swap(*i, j as usize);
        let mut target = parent.to_vec();
        target.push(PathSeg::Index(j as usize));
        self.changed(before, cat, lang);
        if let Some(k) = self.rows.iter().position(|r| r.path == target) {
            self.cursor = k;
        }
    }

    /// Replace the form's content (after a three-way merge) and its base.
    pub fn rebase(
        &mut self,
        value: Value,
        base: Option<Procedure>,
        base_text: Option<String>,
        base_head: Option<String>,
        cat: &Catalog,
        lang: Lang,
    ) {
        let before = self.value.clone();
        self.value = value;
        self.base = base;
        self.base_text = base_text;
        self.base_head = base_head;
        self.changed(before, cat, lang);
    }
}

/// How a proposal form's purpose is written in the journal.
pub fn purpose_key(kind: tthc::model::ProposalKind) -> &'static str {
    use tthc::model::ProposalKind::*;
    match kind {
        Abolish => "abolish",
        Amend => "amend",
        Replace => "replace",
        Add => "add",
    }
}

fn purpose_from_key(key: &str) -> Option<tthc::model::ProposalKind> {
    use tthc::model::ProposalKind::*;
    [Abolish, Amend, Replace, Add]
        .into_iter()
        .find(|k| purpose_key(*k) == key)
}

impl Form {
    /// The journal key of this form's purpose.
    pub fn purpose_key(&self) -> Option<&'static str> {
        self.purpose.map(purpose_key)
    }
}

/// Three versions of one top-level field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldConflict {
    pub key: String,
    pub theirs: Option<Value>,
    pub mine: Option<Value>,
    /// The user's choice: true keeps mine.
    pub keep_mine: bool,
}

/// Merge `mine` (the form) with `theirs` (what is stored now), both changed from `base`: fields
/// changed on one side only are taken from it; fields changed on both sides differently are
/// returned as conflicts (defaulting to mine).
pub fn three_way(base: &Value, theirs: &Value, mine: &Value) -> (Value, Vec<FieldConflict>) {
    let (merged, conflicts) = merge::merge(Some(base), Some(mine), Some(theirs), Depth::TopLevel);
    let conflicts = conflicts
        .into_iter()
        .map(|c| FieldConflict {
            key: c.path,
            theirs: c.theirs,
            mine: c.ours,
            keep_mine: true,
        })
        .collect();
    (merged.unwrap_or(Value::Null), conflicts)
}

/// Apply the user's choices to a merge.
pub fn resolve(mut merged: Value, conflicts: &[FieldConflict]) -> Value {
    if let Value::Object(map) = &mut merged {
        for c in conflicts {
            let v = if c.keep_mine { &c.mine } else { &c.theirs };
            match v {
                Some(v) => {
                    map.insert(c.key.clone(), v.clone());
                }
                None => {
                    map.remove(&c.key);
                }
            }
        }
    }
    merged
}

/// Remove from `value` every fixed choice left blank (a new procedure's online mode), noting
/// where each was: the user has not chosen it yet, and the model's default must not choose it.
fn take_unchosen(
    specs: &[Spec],
    value: &mut Value,
    path: &mut Vec<PathSeg>,
    out: &mut Vec<Vec<PathSeg>>,
) {
    let Some(map) = value.as_object_mut() else {
        return;
    };
    for spec in specs {
        let Some(v) = map.get_mut(spec.key) else {
            continue;
        };
        path.push(PathSeg::Key(spec.key.to_owned()));
        match spec.kind {
            Kind::Choice(Options::Fixed(_)) if v.as_str() == Some("") => {
                out.push(path.clone());
                map.remove(spec.key);
            }
            Kind::Struct(fields) => take_unchosen(fields, v, path, out),
            Kind::List(Kind::Struct(fields)) => {
                for (i, item) in v.as_array_mut().into_iter().flatten().enumerate() {
                    path.push(PathSeg::Index(i));
                    take_unchosen(fields, item, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
        path.pop();
    }
}
