//! Every word users read, in Vietnamese (the default) and English. A flat table by design.

mod errors;

pub use errors::{Message, date, io_error, io_kind, left_out, level_name, status_key};

use crate::diagnostic::{PathSeg, Problem};
use crate::model::{
    ChannelKind, FeeKind, OnlineMode, ProcedureStatus, ProposalKind, ProposalStatus,
    PublicationKind, TimeUnit,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// From a `--lang` value or a `LANG`-style locale tag (`en_US.UTF-8` → English).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        if t.starts_with("vi") {
            Some(Lang::Vi)
        } else if t.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
    /// Pick the Vietnamese or the English text.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

pub fn status_label(s: ProcedureStatus, lang: Lang) -> &'static str {
    match s {
        ProcedureStatus::Published => lang.pick("Đang công khai", "Published"),
        ProcedureStatus::Amended => {
            lang.pick("Đang công khai (sửa đổi, bổ sung)", "Published (amended)")
        }
        ProcedureStatus::Abolished => lang.pick("Bãi bỏ", "Abolished"),
        ProcedureStatus::Draft => lang.pick("Dự thảo, chưa công bố", "Draft, not published"),
    }
}

/// A proposal's status as a phrase that follows "chuyển sang:" / "moved to:".
pub fn proposal_status_label(s: ProposalStatus, lang: Lang) -> &'static str {
    use ProposalStatus::*;
    match s {
        Draft => lang.pick("dự thảo", "draft"),
        Submitted => lang.pick("đã trình", "submitted"),
        SentToProvince => lang.pick("đã gửi tỉnh", "sent to the province"),
        Approved => lang.pick("được phê duyệt", "approved"),
        Rejected => lang.pick("không được phê duyệt", "rejected"),
        ForwardedToMinistry => lang.pick("đã chuyển bộ, ngành", "forwarded to the ministry"),
        LegalTextAmended => lang.pick("đã sửa văn bản pháp luật", "legal text amended"),
        Published => lang.pick("đã công bố", "published"),
        Applied => lang.pick("đã cập nhật danh mục", "applied to the catalogue"),
        Withdrawn => lang.pick("đã rút", "withdrawn"),
    }
}

/// What a proposal's step document is, to prompt for it ("Số báo cáo gửi tỉnh").
pub fn proposal_document_label(s: ProposalStatus, lang: Lang) -> &'static str {
    use ProposalStatus::*;
    match s {
        SentToProvince => lang.pick(
            "số báo cáo gửi tỉnh",
            "number of the report to the province",
        ),
        Approved => lang.pick(
            "số quyết định phê duyệt phương án",
            "number of the decision approving the plan",
        ),
        Rejected => lang.pick("số văn bản trả lời", "number of the reply"),
        ForwardedToMinistry => lang.pick(
            "số công văn gửi bộ, ngành",
            "number of the letter to the ministry",
        ),
        LegalTextAmended => lang.pick("số văn bản sửa đổi", "number of the amending legal text"),
        Published => lang.pick(
            "số quyết định công bố",
            "number of the publication decision",
        ),
        _ => lang.pick("số văn bản", "document number"),
    }
}

/// The kind of a proposal as a verb phrase: "bãi bỏ", "sửa đổi, bổ sung".
pub fn proposal_kind_label(k: ProposalKind, lang: Lang) -> &'static str {
    match k {
        ProposalKind::Abolish => lang.pick("bãi bỏ", "abolish"),
        ProposalKind::Amend => lang.pick("sửa đổi, bổ sung", "amend"),
        ProposalKind::Replace => lang.pick("thay thế", "replace"),
        ProposalKind::Add => lang.pick("công bố mới", "add"),
    }
}

pub fn online_label(m: OnlineMode, lang: Lang) -> &'static str {
    match m {
        OnlineMode::Full => lang.pick("Toàn trình", "Full"),
        OnlineMode::Partial => lang.pick("Một phần", "Partial"),
        OnlineMode::None => lang.pick("Không", "None"),
    }
}

pub fn channel_label(k: ChannelKind, lang: Lang) -> &'static str {
    match k {
        ChannelKind::InPerson => lang.pick("Trực tiếp", "In person"),
        ChannelKind::Online => lang.pick("Trực tuyến", "Online"),
        ChannelKind::Postal => lang.pick("Dịch vụ bưu chính", "By post"),
    }
}

pub fn fee_kind_label(k: FeeKind, lang: Lang) -> &'static str {
    match k {
        FeeKind::Fee => lang.pick("Phí", "Fee"),
        FeeKind::Charge => lang.pick("Lệ phí", "Charge"),
    }
}

pub fn time_unit_label(u: TimeUnit, lang: Lang) -> &'static str {
    match u {
        TimeUnit::SameDay => lang.pick("trong ngày", "same day"),
        TimeUnit::Hours => lang.pick("giờ", "hours"),
        TimeUnit::Days => lang.pick("ngày", "days"),
        TimeUnit::WorkingDays => lang.pick("ngày làm việc", "working days"),
        TimeUnit::Months => lang.pick("tháng", "months"),
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
        _ => return None,
    };
    Some(s.to_owned())
}

/// What a top-level procedure field is called, for commit messages and change lists.
pub fn field_label(key: &str, lang: Lang) -> &str {
    let (vi, en) = match key {
        "code" => ("mã thủ tục", "code"),
        "local_code" => ("mã địa phương", "local code"),
        "name" => ("tên thủ tục", "name"),
        "level" => ("cấp thực hiện", "level"),
        "field" => ("lĩnh vực", "field"),
        "kind" => ("loại thủ tục", "kind"),
        "steps" => ("trình tự thực hiện", "steps"),
        "channels" => ("cách thức thực hiện", "channels"),
        "dossier" => ("thành phần hồ sơ", "dossier"),
        "processing_time" => ("thời hạn giải quyết", "processing time"),
        "subjects" => ("đối tượng thực hiện", "subjects"),
        "agencies" => ("cơ quan thực hiện", "agencies"),
        "results" => ("kết quả thực hiện", "results"),
        "fees" => ("phí, lệ phí", "fees"),
        "legal_basis" => ("căn cứ pháp lý", "legal basis"),
        "requirements" => ("yêu cầu, điều kiện", "requirements"),
        "online_service" => ("dịch vụ công trực tuyến", "online service"),
        "interlinked" => ("liên thông", "interlinked"),
        "postal" => ("bưu chính công ích", "postal service"),
        "status" => ("tình trạng", "status"),
        "publication" => ("quyết định công bố", "publication"),
        "effective_from" => ("ngày hiệu lực", "in force from"),
        "effective_until" => ("ngày hết hiệu lực", "in force until"),
        "replaces" => ("thay thế", "replaces"),
        "replaced_by" => ("được thay thế bởi", "replaced by"),
        "transferred_from" => ("chuyển từ", "transferred from"),
        "transferred_to" => ("chuyển đến", "transferred to"),
        "reviewed_on" => ("ngày rà soát", "review date"),
        "notes" => ("ghi chú", "notes"),
        "id" => ("mã định danh", "id"),
        "authority" => ("cơ quan công bố", "authority"),
        "levels" => ("các cấp", "levels"),
        "fields" => ("các lĩnh vực", "fields"),
        "title" => ("tiêu đề", "title"),
        "proposed" => ("nội dung đề xuất", "proposed record"),
        "decision" => ("số quyết định", "decision"),
        "number" => ("số, ký hiệu", "number"),
        "effects" => ("các dòng của quyết định", "rows (effects)"),
        "date" => ("ngày", "date"),
        other => return other,
    };
    lang.pick(vi, en)
}

/// What a publication decision did to a procedure.
pub fn publication_kind_label(k: PublicationKind, lang: Lang) -> &'static str {
    match k {
        PublicationKind::New => lang.pick("công bố mới", "new"),
        PublicationKind::Amended => lang.pick("sửa đổi, bổ sung", "amended"),
        PublicationKind::Replaced => lang.pick("thay thế", "replaced"),
        PublicationKind::Abolished => lang.pick("bãi bỏ", "abolished"),
    }
}

/// An enumerated value of the field at `path` by its label (`status: published` → "Công
/// khai"), or `None` for a field that holds free text.
pub fn value_label(path: &str, value: &str, lang: Lang) -> Option<&'static str> {
    fn parse<T: serde::de::DeserializeOwned>(v: &str) -> Option<T> {
        serde_json::from_value(serde_json::Value::String(v.to_owned())).ok()
    }
    let keys: Vec<&str> = path
        .split('.')
        .map(|k| k.split('[').next().unwrap_or(k))
        .collect();
    match keys.as_slice() {
        ["status"] => parse(value).map(|v| status_label(v, lang)),
        ["publication", "kind"] => parse(value).map(|v| publication_kind_label(v, lang)),
        ["online_service", "mode"] => parse(value).map(|v| online_label(v, lang)),
        ["channels", "kind"] => parse(value).map(|v| channel_label(v, lang)),
        [.., "fees", "kind"] => parse(value).map(|v| fee_kind_label(v, lang)),
        [.., "processing_time", "unit"] => parse(value).map(|v| time_unit_label(v, lang)),
        _ => None,
    }
}

/// The label of `key` inside a record's field, where `parent` is the key it sits in (`kind`
/// of a channel is not `kind` of a fee). Unknown keys are returned as they are.
pub fn subfield_label<'a>(parent: &str, key: &'a str, lang: Lang) -> &'a str {
    let (vi, en) = match (parent, key) {
        ("channels", "kind") => ("hình thức", "kind"),
        ("fees", "kind") => ("loại", "kind"),
        ("publication", "kind") => ("loại công bố", "kind"),
        ("processing_time", "unit") => ("đơn vị thời gian", "unit"),
        ("fees", "unit") => ("đơn vị tính", "unit"),
        ("legal_basis", "date") => ("ngày ban hành", "date"),
        ("publication", "date") => ("ngày quyết định", "date"),
        ("legal_basis", "title") => ("trích yếu", "title"),
        ("dossier", "title") => ("tên nhóm giấy tờ", "group title"),
        (_, "description") => ("mô tả", "description"),
        (_, "processing_time") => ("thời hạn giải quyết", "processing time"),
        (_, "fees") => ("phí, lệ phí", "fees"),
        (_, "documents") => ("giấy tờ", "documents"),
        (_, "sets") => ("số bộ hồ sơ", "sets"),
        (_, "name") => ("tên giấy tờ", "name"),
        (_, "form") => ("mẫu đơn, tờ khai", "form"),
        (_, "originals") => ("số bản chính", "originals"),
        (_, "copies") => ("số bản sao", "copies"),
        (_, "note") => ("ghi chú", "note"),
        (_, "value") => ("giá trị", "value"),
        (_, "competent") => ("cơ quan có thẩm quyền", "competent"),
        (_, "implementing") => ("cơ quan trực tiếp thực hiện", "implementing"),
        (_, "authorised") => ("cơ quan được ủy quyền", "authorised"),
        (_, "coordinating") => ("cơ quan phối hợp", "coordinating"),
        (_, "address") => ("địa chỉ tiếp nhận", "address"),
        (_, "amount") => ("mức thu", "amount"),
        (_, "text") => ("mức thu (diễn giải)", "text"),
        (_, "exemptions") => ("miễn, giảm", "exemptions"),
        (_, "number") => ("số, ký hiệu", "number"),
        (_, "issuer") => ("cơ quan ban hành", "issuer"),
        (_, "mode") => ("mức độ", "mode"),
        (_, "legacy_level") => ("mức độ (cũ)", "legacy level"),
        (_, "url") => ("địa chỉ trực tuyến", "address (URL)"),
        (_, "enabled") => ("có liên thông", "enabled"),
        (_, "linked") => ("thủ tục liên thông", "linked"),
        (_, "receive") => ("tiếp nhận hồ sơ", "receives dossiers"),
        (_, "return_result") => ("trả kết quả", "returns results"),
        (_, "decision") => ("số quyết định", "decision"),
        _ => return key,
    };
    lang.pick(vi, en)
}

/// A field path for people: every key in words, positions counted from 1, e.g.
/// `steps[0]` → `trình tự thực hiện [1]`, `processing_time.value` → `thời hạn giải quyết › giá
/// trị`, `dossier[0].documents[1].name` → `thành phần hồ sơ [1] › giấy tờ [2] › tên giấy tờ`.
pub fn field_path_label(path: &str, lang: Lang) -> String {
    let split = path.find(['.', '[']).unwrap_or(path.len());
    let (top, rest) = path.split_at(split);
    let mut out = field_label(top, lang).to_owned();
    let mut parent = top;
    let mut rest = rest;
    while let Some(c) = rest.chars().next() {
        match c {
            '[' => {
                let end = rest.find(']').unwrap_or(rest.len());
                let digits = &rest[1..end];
                match digits.parse::<usize>() {
                    Ok(n) => out.push_str(&format!(" [{}]", n + 1)),
                    Err(_) => out.push_str(&format!(" [{digits}]")),
                }
                rest = rest.get(end + 1..).unwrap_or("");
            }
            '.' => {
                let tail = &rest[1..];
                let end = tail.find(['.', '[']).unwrap_or(tail.len());
                let key = &tail[..end];
                out.push_str(" › ");
                out.push_str(subfield_label(parent, key, lang));
                parent = key;
                rest = &tail[end..];
            }
            _ => {
                // Not a path this function knows how to read: keep the rest as it is.
                out.push_str(rest);
                break;
            }
        }
    }
    out
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

/// A field path as words, every part capitalised: `dossier.documents.name` → "Thành phần hồ
/// sơ › Giấy tờ › Tên giấy tờ".
pub fn path_words(path: &str, lang: Lang) -> String {
    field_path_label(path, lang)
        .split(" › ")
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" › ")
}

/// The candidate nearest to `word`, if one is near enough to be what was meant ("did you mean
/// `subjects`?" for `subjets`). Compared without case and diacritics.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let want = crate::search::fold(word);
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&want, &crate::search::fold(c)), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Why a typed amount is not one, and how to write it.
pub fn amount_error(why: crate::model::input::AmountError, lang: Lang) -> &'static str {
    use crate::model::input::AmountError::*;
    match why {
        Empty => lang.pick("thiếu số tiền", "the amount is missing"),
        NotANumber => lang.pick(
            "không phải số tiền; viết bằng chữ số, ví dụ 10.000 hoặc 10.000 đ",
            "not an amount; write it in digits, e.g. 10000 or 10.000",
        ),
        Grouping => lang.pick(
            "dấu chấm phải tách từng nhóm ba chữ số, ví dụ 1.500.000",
            "dots must separate groups of three digits, e.g. 1.500.000",
        ),
        Comma => lang.pick(
            "dùng dấu chấm để tách hàng nghìn (10.000); số tiền đồng không có phần lẻ",
            "separate thousands with dots (10.000); amounts of đồng have no decimal part",
        ),
        TooLarge => lang.pick("số tiền quá lớn", "the amount is too large"),
    }
}

/// Where in a record, for people: `dossier[0].documents[1].name` → "Thành phần hồ sơ [1] ›
/// Giấy tờ [2] › Tên giấy tờ". Empty for the record as a whole.
pub fn pointer_label(pointer: &[PathSeg], lang: Lang) -> String {
    if pointer.is_empty() {
        return String::new();
    }
    path_words(&crate::diagnostic::pointer_text(pointer), lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_read_in_words() {
        let vi = |p| field_path_label(p, Lang::Vi);
        assert_eq!(vi("steps[0]"), "trình tự thực hiện [1]");
        assert_eq!(vi("processing_time.value"), "thời hạn giải quyết › giá trị");
        assert_eq!(
            vi("dossier[0].documents[1].name"),
            "thành phần hồ sơ [1] › giấy tờ [2] › tên giấy tờ"
        );
        assert_eq!(
            vi("channels[2].kind"),
            "cách thức thực hiện [3] › hình thức"
        );
        assert_eq!(vi("fees[0].kind"), "phí, lệ phí [1] › loại");
        assert_eq!(
            vi("channels[0].fees[1].unit"),
            "cách thức thực hiện [1] › phí, lệ phí [2] › đơn vị tính"
        );
        assert_eq!(
            vi("legal_basis[3].date"),
            "căn cứ pháp lý [4] › ngày ban hành"
        );
        assert_eq!(vi("name"), "tên thủ tục");
        // Unknown keys and odd paths stay readable rather than being dropped.
        assert_eq!(vi("notes.extra"), "ghi chú › extra");
        assert_eq!(vi("steps[x]"), "trình tự thực hiện [x]");
        assert_eq!(
            field_path_label("dossier[0].documents[0].copies", Lang::En),
            "dossier [1] › documents [1] › copies"
        );
    }

    #[test]
    fn enumerated_values_read_as_labels() {
        let vi = |p, v| value_label(p, v, Lang::Vi);
        assert_eq!(
            vi("status", "amended"),
            Some("Đang công khai (sửa đổi, bổ sung)")
        );
        assert_eq!(vi("publication.kind", "amended"), Some("sửa đổi, bổ sung"));
        assert_eq!(
            vi("channels[1].kind", "postal"),
            vi("channels[0].kind", "postal")
        );
        assert!(vi("channels[1].kind", "postal").is_some());
        assert!(vi("channels[0].fees[2].kind", "charge").is_some());
        assert!(vi("channels[0].processing_time.unit", "working_days").is_some());
        // Free text and unknown values stay as they are.
        assert_eq!(vi("name", "published"), None);
        assert_eq!(vi("status", "no-such-status"), None);
    }
}
