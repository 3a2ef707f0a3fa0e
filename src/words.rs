//! The words of every problem and error, in Vietnamese (the default) and English. Library errors
//! and problems carry data only; this module, above the rules that produce them, words them.
//! Labels of the model's values (field names, statuses) are the leaf [`crate::i18n`].

mod decision;
mod errors;
mod record;
pub use record::migrated_first;
mod review;
mod reviews;

pub use decision::{blocker, kept_edits, proposal_move};
pub use errors::{Message, left_out};
pub use review::{targets as review_targets, vs_baseline as review_vs_baseline};

// Wordings the CLI and the TUI share, written once (issue 14).
mod change;
pub mod import;
mod proposal;
pub use change::change_note;
pub use decision::row_place;
pub use proposal::{compliance_saving, step_detail};

use crate::diagnostic::{Diagnostic, Problem, Severity};
use crate::i18n::*;
use crate::model::Manifest;
use std::fmt;

impl Message for Diagnostic {
    fn message_with(&self, lang: Lang, names: Option<&Manifest>) -> String {
        self.problem.message_with(lang, names)
    }
    fn hint(&self, lang: Lang) -> Option<String> {
        self.problem.hint(lang)
    }
}

/// A diagnostic worded after the field it is about.
pub trait Describe {
    /// The message after the field it is about, by its label ("Phí, lệ phí [1] › mức thu: …"),
    /// for where the field is not otherwise shown.
    fn described(&self, lang: Lang) -> String;
}

impl Describe for Diagnostic {
    fn described(&self, lang: Lang) -> String {
        // The others name their field, key or value themselves.
        let at = match &self.problem {
            Problem::WrongType { .. }
            | Problem::UnknownValue { .. }
            | Problem::NegativeAmount { .. }
            | Problem::NotNfc
            | Problem::ControlCharacter { .. }
            | Problem::BadLegacyLevel { .. }
            | Problem::TooDeep => pointer_label(&self.pointer, lang),
            _ => String::new(),
        };
        if at.is_empty() {
            self.message(lang)
        } else {
            format!("{at}: {}", self.message(lang))
        }
    }
}

impl Message for Problem {
    fn message_with(&self, lang: Lang, _names: Option<&Manifest>) -> String {
        problem_message(self, lang)
    }
    fn hint(&self, lang: Lang) -> Option<String> {
        problem_hint(self, lang)
    }
}

impl fmt::Display for Diagnostic {
    /// `FILE:LINE:COL: error: field: message` in English, for logs and test failures.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file.display(),
            self.line,
            self.column,
            sev,
            self.described(Lang::En)
        )
    }
}

pub fn problem_message(p: &Problem, lang: Lang) -> String {
    use Problem::*;
    let vi = lang == Lang::Vi;
    match p {
        Io { kind, detail } => {
            let why = io_kind(*kind, detail, lang);
            if vi {
                format!("không đọc được tệp: {why}")
            } else {
                format!("cannot read the file: {why}")
            }
        }
        TooLarge { bytes, limit } => {
            let mb = *bytes as f64 / 1_048_576.0;
            let lim = *limit / 1024;
            if vi {
                format!("tệp quá lớn ({mb:.1} MB); một bản ghi tối đa {lim} KB")
            } else {
                format!("file is too large ({mb:.1} MB); a record file may be at most {lim} KB")
            }
        }
        InvalidUtf8 => lang
            .pick("tệp không phải UTF-8 hợp lệ", "the file is not valid UTF-8")
            .into(),
        NotARegularFile => lang
            .pick(
                "không phải tệp thông thường (là pipe, socket, thiết bị hoặc thư mục) nên không được đọc",
                "not a regular file (a pipe, socket, device or folder), so it is not read",
            )
            .into(),
        ByteOrderMark => lang
            .pick(
                "tệp bắt đầu bằng ký tự BOM (UTF-8 có BOM, như Notepad lưu); vẫn đọc được",
                "the file starts with a byte-order mark (UTF-8 with BOM, as Notepad saves it); it is still read",
            )
            .into(),
        Syntax { detail } => {
            if vi {
                format!("lỗi cú pháp YAML: {}", syntax_words(detail))
            } else {
                format!("YAML syntax error: {detail}")
            }
        }
        DuplicateKey { key } => {
            if vi {
                format!("khóa `{key}` xuất hiện hai lần")
            } else {
                format!("key `{key}` appears twice")
            }
        }
        UnknownKey { key, expected } => {
            let near = nearest(key, expected.iter().map(String::as_str)).map(|n| {
                let label = field_label(n, lang);
                if label == n {
                    format!("`{n}`")
                } else {
                    format!("`{n}` ({label})")
                }
            });
            match (vi, near) {
                (true, Some(n)) => format!("khóa không hợp lệ `{key}`; có phải ý bạn là {n}?"),
                (true, None) => format!("khóa không hợp lệ `{key}`"),
                (false, Some(n)) => format!("unknown key `{key}`; did you mean {n}?"),
                (false, None) => format!("unknown key `{key}`"),
            }
        }
        WrongType { found, expected } => {
            if vi {
                format!(
                    "phải là {}, không phải {}",
                    expected_words(expected, lang),
                    found_words(found, lang)
                )
            } else {
                format!(
                    "must be {}, not {}",
                    expected_words(expected, lang),
                    found_words(found, lang)
                )
            }
        }
        UnknownValue {
            field,
            value,
            expected,
        } => {
            let near = nearest(value, expected.iter().map(String::as_str)).map(|n| {
                match value_label(field, n, lang) {
                    Some(label) => format!("`{n}` ({label})"),
                    None => format!("`{n}`"),
                }
            });
            match (vi, near) {
                (true, Some(n)) => format!("`{value}` không phải giá trị được nhận; có phải ý bạn là {n}?"),
                (true, None) => format!("`{value}` không phải giá trị được nhận"),
                (false, Some(n)) => format!("`{value}` is not an accepted value; did you mean {n}?"),
                (false, None) => format!("`{value}` is not an accepted value"),
            }
        }
        AliasesNotAllowed => lang
            .pick(
                "không dùng anchor/alias YAML (& và *) trong danh mục",
                "YAML anchors and aliases (& and *) are not allowed in the catalogue",
            )
            .into(),
        TooDeep => lang
            .pick("cấu trúc lồng nhau quá sâu", "nesting is too deep")
            .into(),
        NotAMapping => lang
            .pick(
                "tệp phải là một ánh xạ khóa: giá trị",
                "the file must be a mapping of key: value",
            )
            .into(),
        Missing { what } => {
            let what = path_words(what, lang);
            if vi {
                format!("thiếu thành phần bắt buộc: {what}")
            } else {
                format!("missing required part: {what}")
            }
        }
        BadCode { code } => {
            if vi {
                format!("mã thủ tục `{code}` không đúng dạng d.dddddd")
            } else {
                format!("procedure code `{code}` is not of the form d.dddddd")
            }
        }
        UnsafeName { what, value } => {
            let what = field_label(what, lang);
            if vi {
                format!("{what} `{value}` không dùng được làm tên tệp/thư mục")
            } else {
                format!("{what} `{value}` cannot be used as a file or folder name")
            }
        }
        UndeclaredLevel { id } => {
            if vi {
                format!("cấp `{id}` chưa khai báo trong catalog.yaml")
            } else {
                format!("level `{id}` is not declared in catalog.yaml")
            }
        }
        UndeclaredField { id } => {
            if vi {
                format!("lĩnh vực `{id}` chưa khai báo trong catalog.yaml")
            } else {
                format!("field `{id}` is not declared in catalog.yaml")
            }
        }
        UndeclaredAgency { id } => {
            if vi {
                format!("cơ quan `{id}` chưa khai báo trong catalog.yaml")
            } else {
                format!("agency `{id}` is not declared in catalog.yaml")
            }
        }
        UndeclaredUnit { id } => {
            if vi {
                format!("đơn vị hành chính `{id}` chưa khai báo trong danh sách đơn vị của catalog.yaml")
            } else {
                format!("unit `{id}` is not declared among the units of catalog.yaml")
            }
        }
        UnitOfOtherLevel {
            id,
            name,
            unit_level,
        } => {
            if vi {
                format!("đơn vị `{id}` ({name}) thuộc {unit_level}, không cùng cấp với thủ tục này")
            } else {
                format!("unit `{id}` ({name}) belongs to {unit_level}, not to this procedure's level")
            }
        }
        PathMismatch { expected } => {
            if vi {
                format!("vị trí tệp không khớp với cấp/mã; phải là {expected}")
            } else {
                format!("file location disagrees with its level/code; it should be {expected}")
            }
        }
        DuplicateCode { code, level, other } => {
            if vi {
                format!(
                    "mã `{code}` trùng ở cấp `{level}` (đã có trong {})",
                    other.display()
                )
            } else {
                format!(
                    "code `{code}` is duplicated at level `{level}` (also in {})",
                    other.display()
                )
            }
        }
        NegativeAmount { amount } => {
            if vi {
                format!("số tiền âm: {amount}")
            } else {
                format!("negative amount: {amount}")
            }
        }
        EffectiveOrder => lang
            .pick(
                "ngày hết hiệu lực (effective_until) trước ngày hiệu lực (effective_from)",
                "effective_until is before effective_from",
            )
            .into(),
        NotNfc => lang
            .pick(
                "văn bản chưa chuẩn hóa Unicode NFC (dấu tổ hợp)",
                "text is not in Unicode NFC (combining marks)",
            )
            .into(),
        ControlCharacter { codepoint } => {
            if vi {
                format!("ký tự điều khiển U+{codepoint:04X} trong văn bản")
            } else {
                format!("control character U+{codepoint:04X} in text")
            }
        }
        BadLegacyLevel { level } => {
            if vi {
                format!("mức độ dịch vụ công cũ phải từ 1 đến 4, không phải {level}")
            } else {
                format!("legacy online level must be 1 to 4, not {level}")
            }
        }
        DuplicateId { id } => {
            if vi {
                format!("mã định danh `{id}` bị trùng")
            } else {
                format!("id `{id}` is declared twice")
            }
        }
        BadSchemaVersion { found, supported } => {
            if vi {
                format!("phiên bản định dạng {found} không được hỗ trợ (hỗ trợ: {supported})")
            } else {
                format!("format version {found} is not supported (supported: {supported})")
            }
        }
        MissingManifest => lang
            .pick("không tìm thấy catalog.yaml", "catalog.yaml not found")
            .into(),
        UnexpectedFile => lang
            .pick(
                "tệp không thuộc danh mục (chỉ đọc tệp .yaml)",
                "file is not part of the catalogue (only .yaml files are read)",
            )
            .into(),
        MisplacedFile => lang
            .pick(
                "tệp .yaml nằm sai chỗ nên không được đọc",
                "this .yaml file is in the wrong place and is not read",
            )
            .into(),
        Comment => lang
            .pick(
                "chú thích YAML sẽ bị xóa khi định dạng lại",
                "YAML comments are dropped when the file is rewritten",
            )
            .into(),
        LineBreakInOneLineField => lang
            .pick(
                "trường này chỉ có một dòng nhưng có ký tự xuống dòng",
                "this field is one line, but it holds a line break",
            )
            .into(),
        DraftNotListed => lang
            .pick(
                "thủ tục đang là dự thảo: chưa có trong danh mục công khai và mọi tệp xuất",
                "this procedure is a draft: it is in no public listing or export yet",
            )
            .into(),
        BadProposalId { id } => {
            if vi {
                format!("mã đề xuất `{id}` không đúng dạng NĂM-SỐ (ví dụ 2022-007)")
            } else {
                format!("proposal id `{id}` is not of the form YEAR-NUMBER (e.g. 2022-007)")
            }
        }
        ProposalTarget => lang
            .pick(
                "đề xuất bãi bỏ/sửa đổi/thay thế phải có target (level, code)",
                "an abolish/amend/replace proposal needs a target (level, code)",
            )
            .into(),
        ProposalLog(problem) => log_problem_message(problem, lang),
        Decision(problem) => problem.message(lang),
        Record(problem) => problem.message(lang),
        Review(problem) => problem.message(lang),
    }
}

fn log_problem_message(p: &crate::proposal_rules::LogProblem, lang: Lang) -> String {
    use crate::proposal_rules::LogProblem::*;
    let st = |s| proposal_status_label(s, lang);
    let vi = lang == Lang::Vi;
    match p {
        FirstNotDraft { found } => {
            if vi {
                format!(
                    "bước đầu tiên của nhật ký là `{}`, không phải dự thảo",
                    st(*found)
                )
            } else {
                format!("the log starts with `{}`, not with the draft", st(*found))
            }
        }
        IllegalStep { from, to } => {
            if vi {
                format!("không thể chuyển từ `{}` sang `{}`", st(*from), st(*to))
            } else {
                format!("cannot go from `{}` to `{}`", st(*from), st(*to))
            }
        }
        DateBackwards { date, previous } => {
            if vi {
                format!("ngày {date} sớm hơn ngày của bước trước ({previous})")
            } else {
                format!("the date {date} is before the previous step's date ({previous})")
            }
        }
        MissingDocument { to } => {
            if vi {
                format!("bước `{}` cần số và ngày của văn bản", st(*to))
            } else {
                format!(
                    "the step to `{}` needs its document's number and date",
                    st(*to)
                )
            }
        }
        FourEyes { actor, to } => {
            if vi {
                format!(
                    "{actor} soạn đề xuất này nhưng tự ghi bước `{}` mà không có lý do (nguyên tắc bốn mắt)",
                    st(*to)
                )
            } else {
                format!(
                    "{actor} drafted this proposal and recorded `{}` with no override reason (four-eyes)",
                    st(*to)
                )
            }
        }
        StatusMismatch { status, last } => {
            if vi {
                format!(
                    "trạng thái `{}` khác với bước cuối của nhật ký (`{}`)",
                    st(*status),
                    st(*last)
                )
            } else {
                format!(
                    "status `{}` differs from the last step of the log (`{}`)",
                    st(*status),
                    st(*last)
                )
            }
        }
    }
}

pub fn problem_hint(p: &Problem, lang: Lang) -> Option<String> {
    use Problem::*;
    let s = match p {
        TooLarge { .. } => lang.pick(
            "kiểm tra xem đây có đúng là tệp thủ tục không",
            "check that this really is a procedure file",
        ),
        InvalidUtf8 => lang.pick(
            "lưu lại tệp với mã hóa UTF-8",
            "save the file again with UTF-8 encoding",
        ),
        NotARegularFile => lang.pick(
            "xóa nó hoặc thay bằng một tệp YAML thông thường",
            "remove it or replace it with an ordinary YAML file",
        ),
        ByteOrderMark => lang.pick(
            "chạy `tthc fmt` để bỏ BOM (nội dung không đổi)",
            "run `tthc fmt` to remove it (the content stays the same)",
        ),
        UnknownKey { expected, .. } if !expected.is_empty() => {
            let list = expected
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            return Some(if lang == Lang::Vi {
                format!("các khóa hợp lệ: {list}")
            } else {
                format!("expected one of: {list}")
            });
        }
        UnknownValue {
            field, expected, ..
        } if !expected.is_empty() => {
            let list: Vec<String> = expected
                .iter()
                .map(|v| match value_label(field, v, lang) {
                    Some(label) => format!("`{v}` ({label})"),
                    None => format!("`{v}`"),
                })
                .collect();
            return Some(format!(
                "{}: {}",
                lang.pick("các giá trị được nhận", "accepted values"),
                list.join(", ")
            ));
        }
        WrongType {
            expected: crate::diagnostic::Expected::Amount,
            ..
        } => lang.pick(
            "viết số tiền bằng chữ số, dấu chấm tách hàng nghìn: 10.000 hoặc 10.000 đ; số tiền bằng chữ thì ghi vào trường text",
            "write the amount in digits, dots between thousands: 10000 or 10.000; an amount in words goes in the text field",
        ),
        WrongType {
            expected: crate::diagnostic::Expected::Date,
            ..
        } => lang.pick(
            "ví dụ 15/03/2022 (ngày/tháng/năm) hoặc 2022-03-15",
            "for example 2022-03-15, or 15/03/2022 (day/month/year)",
        ),
        DuplicateKey { .. } => lang.pick("xóa một trong hai dòng", "remove one of the two lines"),
        AliasesNotAllowed => lang.pick("viết đầy đủ giá trị", "write the value out in full"),
        BadCode { .. } => lang.pick(
            "ví dụ 1.001193 hoặc mã địa phương 1.001193.000.00.00.H12",
            "for example 1.001193, or a local code 1.001193.000.00.00.H12",
        ),
        UndeclaredUnit { .. } => lang.pick(
            "khai báo đơn vị trong danh sách đơn vị của catalog.yaml, hoặc bỏ mã này khỏi các đơn vị áp dụng của thủ tục",
            "declare the unit among the units of catalog.yaml, or remove this id from the procedure's units",
        ),
        UnitOfOtherLevel { .. } => lang.pick(
            "bỏ mã này khỏi các đơn vị áp dụng của thủ tục, hoặc sửa cấp thực hiện của thủ tục",
            "remove this id from the procedure's units, or correct the procedure's level",
        ),
        UndeclaredLevel { .. } | UndeclaredField { .. } | UndeclaredAgency { .. } => lang.pick(
            "khai báo trong catalog.yaml hoặc sửa lại cho đúng mã đã khai báo",
            "declare it in catalog.yaml or use an id that is declared there",
        ),
        PathMismatch { .. } => lang.pick(
            "đổi tên/di chuyển tệp, hoặc sửa level/code trong tệp",
            "move or rename the file, or correct level/code inside it",
        ),
        NotNfc => lang.pick("chạy `tthc fmt` để chuẩn hóa", "run `tthc fmt` to normalise it"),
        ControlCharacter { .. } => lang.pick(
            "xóa ký tự này; chỉ dùng xuống dòng bình thường",
            "remove it; only plain line breaks are allowed",
        ),
        Comment => lang.pick("chuyển nội dung vào trường notes", "move the text into a notes field"),
        LineBreakInOneLineField => lang.pick(
            "nối thành một dòng; phần giải thích đưa vào trường ghi chú (notes)",
            "join it into one line; put explanations in the notes field",
        ),
        DraftNotListed => lang.pick(
            "khi đã được công bố, đổi tình trạng (status) sang published và ghi quyết định công bố",
            "once it is published, set its status to published and record the publication decision",
        ),
        MisplacedFile => lang.pick(
            "thủ tục: procedures/<cấp>/<mã>.yaml; đề xuất: proposals/<năm>/<mã>.yaml; công bố: publications/<ngày>-<n>.yaml; quyết định: decisions/<năm>/<mã>.yaml",
            "procedures: procedures/<level>/<code>.yaml; proposals: proposals/<year>/<id>.yaml; publications: publications/<date>-<n>.yaml; decisions: decisions/<year>/<id>.yaml",
        ),
        MissingManifest => lang.pick(
            "tạo danh mục bằng `tthc init THƯ_MỤC`",
            "create a catalogue with `tthc init DIR`",
        ),
        Syntax { .. } => lang.pick(
            "kiểm tra thụt lề và dấu nháy quanh dòng này",
            "check the indentation and quotes around this line",
        ),
        ProposalLog(_) => lang.pick(
            "nhật ký chỉ nên do `tthc proposal advance|withdraw` ghi; sửa lại theo giấy tờ thực tế",
            "the log is meant to be written by `tthc proposal advance|withdraw`; correct it from the real documents",
        ),
        Decision(problem) => return problem.hint(lang),
        Record(problem) => return problem.hint(lang),
        Review(problem) => return problem.hint(lang),
        _ => return None,
    };
    Some(s.to_owned())
}

fn expected_words(e: &crate::diagnostic::Expected, lang: Lang) -> String {
    use crate::diagnostic::Expected::*;
    match e {
        Text => lang.pick("văn bản", "text"),
        Integer => lang.pick("một số nguyên", "a whole number"),
        Count => lang.pick("một số (0, 1, 2…)", "a number (0, 1, 2…)"),
        Amount => lang.pick(
            "số tiền bằng chữ số (10.000 hoặc 10.000 đ)",
            "an amount in digits (10000 or 10.000 đ)",
        ),
        Date => lang.pick(
            "một ngày (15/03/2022 hoặc 2022-03-15)",
            "a date (2022-03-15 or 15/03/2022)",
        ),
        Bool => lang.pick("true (có) hoặc false (không)", "true or false"),
        List => lang.pick(
            "một danh sách (mỗi mục một dòng bắt đầu bằng “- ”)",
            "a list (one item per line starting with “- ”)",
        ),
        Mapping => lang.pick(
            "một nhóm dòng “khóa: giá trị”",
            "a group of “key: value” lines",
        ),
        Other(words) => {
            return match lang {
                Lang::Vi => format!("đúng kiểu ({words})"),
                Lang::En => words.clone(),
            };
        }
    }
    .to_owned()
}

fn found_words(f: &crate::diagnostic::Found, lang: Lang) -> String {
    use crate::diagnostic::Found::*;
    match f {
        Text(t) => format!("“{t}”"),
        Number(n) => n.clone(),
        Bool(b) => b.to_string(),
        List => lang.pick("một danh sách", "a list").into(),
        Mapping => lang
            .pick(
                "một nhóm dòng “khóa: giá trị”",
                "a group of “key: value” lines",
            )
            .into(),
        Empty => lang.pick("giá trị trống", "an empty value").into(),
        Other(words) => words.clone(),
    }
}

/// The YAML parser's words for the syntax errors people make by hand, in Vietnamese; others
/// are kept as the parser says them.
fn syntax_words(detail: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        (
            "mapping values are not allowed in this context",
            "có dấu “:” ở chỗ không được phép (văn bản có dấu hai chấm cần đặt trong dấu nháy)",
        ),
        (
            "did not find expected key",
            "thụt lề không khớp: không tìm thấy khóa ở vị trí mong đợi",
        ),
        (
            "did not find expected node content",
            "thiếu giá trị ở vị trí mong đợi",
        ),
        (
            "did not find expected '-' indicator",
            "thụt lề không khớp: không tìm thấy dấu “-” của mục danh sách",
        ),
        (
            "found character that cannot start any token",
            "có ký tự không được đứng đầu giá trị (như @ hoặc `); hãy đặt giá trị trong dấu nháy",
        ),
        (
            "found unexpected end of stream",
            "tệp kết thúc giữa chừng (thiếu dấu nháy đóng?)",
        ),
        (
            "found unknown escape character",
            "dấu “\\” trong văn bản đặt trong nháy kép không hợp lệ; dùng nháy đơn",
        ),
        ("invalid leading UTF-8 octet", "tệp không phải UTF-8 hợp lệ"),
        (
            "found a tab character that violates indentation",
            "có ký tự tab trong thụt lề; chỉ dùng dấu cách",
        ),
        (
            "found a tab character where an indentation space is expected",
            "có ký tự tab trong thụt lề; chỉ dùng dấu cách",
        ),
        (
            "block sequence entries are not allowed in this context",
            "mục danh sách “-” ở chỗ không được phép (kiểm tra thụt lề)",
        ),
        (
            "did not find expected ',' or ']'",
            "danh sách trong [ ] thiếu dấu “,” hoặc “]”",
        ),
        (
            "did not find expected ',' or '}'",
            "nhóm trong { } thiếu dấu “,” hoặc “}”",
        ),
        (
            "deserializing from YAML containing more than one document is not supported",
            "tệp chứa nhiều tài liệu YAML (dòng ---); mỗi tệp chỉ được một",
        ),
    ];
    KNOWN
        .iter()
        .find(|(en, _)| detail.contains(en))
        .map(|(_, vi)| (*vi).to_owned())
        .unwrap_or_else(|| format!("({detail})"))
}
