//! The user's language and the labels of the model's values (fields, statuses, kinds, dates) in
//! Vietnamese (the default) and English. A leaf: it knows the model and nothing above it. The
//! words of problems and errors are [`crate::words`].

/// The labels of the review cycle (conclusions, components, shares, hours).
pub mod reviews;

use crate::diagnostic::PathSeg;
use crate::model::{
    ChannelKind, Date, EffectKind, FeeKind, Manifest, OnlineMode, ProcedureStatus, ProposalKind,
    ProposalStatus, PublicationKind, TimeUnit,
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
        "committed_time" => ("thời hạn cam kết", "committed time"),
        "internal_process" => ("quy trình nội bộ", "internal process"),
        "result_template" => ("mẫu kết quả", "result template"),
        "boundary_free" => ("không phụ thuộc địa giới hành chính", "accepted anywhere"),
        "business_related" => ("liên quan đến kinh doanh", "business-related"),
        "baseline" => ("mốc so sánh năm 2024", "2024 baseline"),
        "units" => ("đơn vị áp dụng", "units"),
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
        "incomplete" => (
            "chưa đầy đủ (nhập từ danh sách)",
            "incomplete (imported from a list)",
        ),
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
        PublicationKind::Transferred => lang.pick("chuyển cấp", "transferred"),
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
        ("committed_time", "unit") => ("đơn vị thời gian", "unit"),
        ("services", "name") => ("tên dịch vụ", "service name"),
        ("postal", "return") => ("trả kết quả", "returns results"),
        ("fees", "unit") => ("đơn vị tính", "unit"),
        ("legal_basis", "date") => ("ngày ban hành", "date"),
        ("publication", "date") => ("ngày quyết định", "date"),
        ("legal_basis", "title") => ("trích yếu", "title"),
        ("dossier", "title") => ("tên nhóm giấy tờ", "group title"),
        // A channel's own time and fees replace the procedure's for that channel only.
        ("channels", "processing_time") => ("thời hạn giải quyết riêng", "own processing time"),
        ("channels", "fees") => ("phí, lệ phí riêng", "own fees"),
        ("processing_time" | "committed_time", "value") => ("số lượng", "value"),
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
        ("legal_basis", "effective") => ("ngày có hiệu lực", "in force from"),
        ("legal_basis", "status") => ("tình trạng hiệu lực", "status"),
        ("internal_process", "unit") => ("đơn vị thực hiện", "unit"),
        ("services", "code") => ("mã dịch vụ", "service code"),
        // A procedure named inside another field (replaces, transferred_to, …).
        (_, "level") => ("cấp thực hiện", "level"),
        (_, "code") => ("mã thủ tục", "code"),
        (_, "tiers") => ("bậc phí", "tiers"),
        (_, "from") => ("từ", "from"),
        (_, "to") => ("đến", "to"),
        (_, "max") => ("mức tối đa", "cap"),
        (_, "max_unit") => ("đơn vị của mức tối đa", "cap per"),
        (_, "condition") => ("áp dụng khi", "applies when"),
        (_, "online_payment") => ("nộp trực tuyến", "online payment"),
        (_, "articles") => ("điều khoản", "articles"),
        (_, "amended_by") => ("được sửa đổi bởi", "amended by"),
        (_, "expires") => ("ngày hết hiệu lực", "expires"),
        (_, "eligible_full") => ("đủ điều kiện toàn trình", "eligible for full online"),
        (_, "electronic_result") => ("trả kết quả điện tử", "electronic result"),
        (_, "services") => ("các dịch vụ công trực tuyến", "online services"),
        (_, "form_file") => ("tệp mẫu", "form file"),
        (_, "replaced_by_data") => ("thay thế bằng dữ liệu", "replaced by data"),
        (_, "step") => ("bước", "step"),
        (_, "days") => ("số ngày làm việc", "working days"),
        (_, "hours") => ("số giờ làm việc", "working hours"),
        (_, "year") => ("năm", "year"),
        (_, "cost") => ("chi phí", "cost"),
        (_, "linked") => ("thủ tục liên thông", "linked"),
        (_, "receive") => ("tiếp nhận hồ sơ", "receives dossiers"),
        (_, "return_result") => ("trả kết quả", "returns results"),
        (_, "decision") => ("số quyết định", "decision"),
        _ => return key,
    };
    lang.pick(vi, en)
}

/// How a record's full view (`tthc show`, the TUI's procedure page) names the field at `path`
/// (`dossier`, `dossier.sets`), where it words it otherwise than the label ([`field_label`],
/// [`subfield_label`]): the headings of the official form ("Thành phần, số lượng hồ sơ") and
/// row labels that read as part of a sentence ("Hiệu lực từ"). The second column of the table
/// of field labels; every other field is shown by its label (`present::field_name`).
pub fn field_view_label(path: &str, lang: Lang) -> Option<&'static str> {
    let (vi, en) = match path {
        "dossier" => ("Thành phần, số lượng hồ sơ", "Dossier"),
        "dossier.form" => ("Mẫu", "Form"),
        "dossier.replaced_by_data" => ("Thay thế bằng dữ liệu", "Replaced by data from"),
        "dossier.sets" => ("Số lượng hồ sơ", "Sets"),
        "dossier.originals" => ("bản chính", "originals"),
        "dossier.copies" => ("bản sao", "copies"),
        "channels.processing_time" => ("Thời hạn", "Time"),
        "committed_time" => ("Cam kết (rút ngắn)", "Committed (reduced)"),
        "baseline" => ("Mốc năm", "Baseline"),
        "requirements" => ("Yêu cầu, điều kiện thực hiện", "Requirements"),
        "online_service.legacy_level" => ("mức độ", "level"),
        "online_service.services" => ("Dịch vụ", "Service"),
        "online_service.eligible_full" => (
            "Đủ điều kiện trực tuyến toàn trình",
            "Eligible for full online",
        ),
        "boundary_free" => (
            "Không phụ thuộc địa giới hành chính",
            "Accepted anywhere in the province",
        ),
        "business_related" => ("Liên quan đến hoạt động kinh doanh", "Business-related"),
        "postal" => ("Bưu chính công ích", "Public postal service"),
        "postal.receive" => ("nhận hồ sơ", "receive dossier"),
        "postal.return_result" => ("trả kết quả", "return result"),
        "publication" => ("Quyết định công bố", "Publication decision"),
        "effective_from" => ("Hiệu lực từ", "In force from"),
        "effective_until" => ("Hết hiệu lực", "In force until"),
        "units" => ("Áp dụng tại", "Applies in"),
        "reviewed_on" => ("Rà soát lần cuối", "Last reviewed"),
        "legal_basis.effective" => ("hiệu lực từ", "in force from"),
        "legal_basis.expires" => ("hết hiệu lực từ", "expires on"),
        _ => return None,
    };
    Some(lang.pick(vi, en))
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

/// A date as the user reads it: `dd/mm/yyyy` in Vietnamese, ISO in English.
pub fn date(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
        Lang::En => d.to_string(),
    }
}

/// A level by its name (`Cấp xã`) when the manifest declares it, else by its id.
pub fn level_name(id: &str, names: Option<&Manifest>, lang: Lang) -> String {
    match names.and_then(|m| m.level(id)) {
        Some(level) => level.name.clone(),
        None => format!("{} `{id}`", lang.pick("cấp", "level")),
    }
}

/// What went wrong with a file or folder, without the operating system's English words for the
/// common cases.
pub fn io_error(e: &std::io::Error, lang: Lang) -> String {
    io_kind(e.kind(), &e.to_string(), lang)
}

/// What went wrong with a file or folder, from its kind; `detail` (the system's words) only
/// for a kind without words of its own.
pub fn io_kind(kind: std::io::ErrorKind, detail: &str, lang: Lang) -> String {
    use std::io::ErrorKind::*;
    let (vi, en) = match kind {
        NotFound => ("không tồn tại", "does not exist"),
        PermissionDenied => ("không có quyền truy cập", "permission denied"),
        AlreadyExists => ("đã tồn tại", "already exists"),
        NotADirectory => ("không phải thư mục", "is not a folder"),
        IsADirectory => ("là thư mục, không phải tệp", "is a folder, not a file"),
        DirectoryNotEmpty => ("thư mục không trống", "the folder is not empty"),
        ReadOnlyFilesystem => ("ổ đĩa chỉ cho phép đọc", "the disk is read-only"),
        StorageFull => ("ổ đĩa đã đầy", "the disk is full"),
        QuotaExceeded => ("đã hết hạn mức dung lượng", "the disk quota is exceeded"),
        FileTooLarge => ("tệp quá lớn", "the file is too large"),
        InvalidFilename => ("tên tệp không hợp lệ", "the file name is not valid"),
        CrossesDevices => (
            "không chuyển được sang ổ đĩa khác",
            "cannot be moved to another disk",
        ),
        TimedOut => ("hết thời gian chờ", "timed out"),
        Interrupted => ("bị ngắt giữa chừng", "interrupted"),
        UnexpectedEof => ("tệp bị cắt cụt", "the file ends too early"),
        BrokenPipe => ("đầu ra đã bị đóng", "the output was closed"),
        OutOfMemory => ("hết bộ nhớ", "out of memory"),
        _ => {
            return match lang {
                Lang::Vi => format!("lỗi đọc/ghi ({detail})"),
                Lang::En => detail.to_owned(),
            };
        }
    };
    lang.pick(vi, en).to_owned()
}

/// The status as typed on the command line: `sent_to_province`.
pub fn status_key(s: ProposalStatus) -> &'static str {
    use ProposalStatus::*;
    match s {
        Draft => "draft",
        Submitted => "submitted",
        SentToProvince => "sent_to_province",
        Approved => "approved",
        Rejected => "rejected",
        ForwardedToMinistry => "forwarded_to_ministry",
        LegalTextAmended => "legal_text_amended",
        Published => "published",
        Applied => "applied",
        Withdrawn => "withdrawn",
    }
}

/// An effect's kind as a noun phrase: "sửa đổi, bổ sung", "chuyển cấp".
pub fn effect_kind_label(k: EffectKind, lang: Lang) -> &'static str {
    match k {
        EffectKind::New => lang.pick("công bố mới", "new"),
        EffectKind::Amended => lang.pick("sửa đổi, bổ sung", "amended"),
        EffectKind::Replaced => lang.pick("thay thế", "replaced"),
        EffectKind::Abolished => lang.pick("bãi bỏ", "abolished"),
        EffectKind::Transferred => lang.pick("chuyển cấp", "transferred"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_read_in_words() {
        let vi = |p| field_path_label(p, Lang::Vi);
        assert_eq!(vi("steps[0]"), "trình tự thực hiện [1]");
        assert_eq!(
            vi("processing_time.value"),
            "thời hạn giải quyết › số lượng"
        );
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
            "cách thức thực hiện [1] › phí, lệ phí riêng [2] › đơn vị tính"
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
