//! The shape of a procedure as the edit form shows it: every field, in the record's order, with
//! its label and the kind of input it takes. One table, so the form covers every field.

/// Where a choice's options come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Options {
    Levels,
    Fields,
    Agencies,
    /// Fixed values: (stored value, Vietnamese, English).
    Fixed(&'static [(&'static str, &'static str, &'static str)]),
}

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Text { multiline: bool },
    Number,
    Date,
    Bool,
    Choice(Options),
    Struct(&'static [Spec]),
    List(&'static Kind),
}

/// One field of a struct.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub key: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
    pub kind: Kind,
    /// May be absent (an empty text, an unset date, a missing optional group).
    pub optional: bool,
    /// Shown but not editable in the form (the identity of the record).
    pub read_only: bool,
}

const fn spec(key: &'static str, vi: &'static str, en: &'static str, kind: Kind) -> Spec {
    Spec {
        key,
        vi,
        en,
        kind,
        optional: false,
        read_only: false,
    }
}

const fn opt(key: &'static str, vi: &'static str, en: &'static str, kind: Kind) -> Spec {
    Spec {
        key,
        vi,
        en,
        kind,
        optional: true,
        read_only: false,
    }
}

const fn fixed(key: &'static str, vi: &'static str, en: &'static str, kind: Kind) -> Spec {
    Spec {
        key,
        vi,
        en,
        kind,
        optional: false,
        read_only: true,
    }
}

const LINE: Kind = Kind::Text { multiline: false };
const PARA: Kind = Kind::Text { multiline: true };

pub const TIME_UNITS: &[(&str, &str, &str)] = &[
    ("same_day", "Trong ngày", "Same day"),
    ("hours", "Giờ", "Hours"),
    ("days", "Ngày", "Days"),
    ("working_days", "Ngày làm việc", "Working days"),
    ("months", "Tháng", "Months"),
];
pub const CHANNEL_KINDS: &[(&str, &str, &str)] = &[
    ("in_person", "Trực tiếp", "In person"),
    ("online", "Trực tuyến", "Online"),
    ("postal", "Dịch vụ bưu chính", "By post"),
];
pub const FEE_KINDS: &[(&str, &str, &str)] =
    &[("fee", "Phí", "Fee"), ("charge", "Lệ phí", "Charge")];
pub const ONLINE_MODES: &[(&str, &str, &str)] = &[
    ("full", "Toàn trình", "Full"),
    ("partial", "Một phần", "Partial"),
    ("none", "Không", "None"),
];
pub const STATUSES: &[(&str, &str, &str)] = &[
    ("published", "Đang công khai", "Published"),
    (
        "amended",
        "Đang công khai (sửa đổi, bổ sung)",
        "Published (amended)",
    ),
    ("abolished", "Bãi bỏ", "Abolished"),
    ("draft", "Dự thảo, chưa công bố", "Draft, not published"),
];
pub const PUBLICATION_KINDS: &[(&str, &str, &str)] = &[
    ("new", "Công bố mới", "New"),
    ("amended", "Sửa đổi, bổ sung", "Amended"),
    ("replaced", "Thay thế", "Replaced"),
    ("abolished", "Bãi bỏ", "Abolished"),
    ("transferred", "Chuyển cấp thực hiện", "Transferred"),
];
pub const LEGAL_STATUSES: &[(&str, &str, &str)] = &[
    ("in_force", "Còn hiệu lực", "In force"),
    (
        "amended",
        "Còn hiệu lực, đã sửa đổi, bổ sung",
        "In force, amended",
    ),
    ("partly_expired", "Hết hiệu lực một phần", "Partly expired"),
    ("expired", "Hết hiệu lực", "Expired"),
    ("not_yet_in_force", "Chưa có hiệu lực", "Not yet in force"),
];

const TIME: &[Spec] = &[
    opt("value", "Số lượng", "Value", Kind::Number),
    spec(
        "unit",
        "Đơn vị",
        "Unit",
        Kind::Choice(Options::Fixed(TIME_UNITS)),
    ),
    opt("note", "Ghi chú", "Note", PARA),
];
const FEE: &[Spec] = &[
    spec(
        "kind",
        "Loại",
        "Kind",
        Kind::Choice(Options::Fixed(FEE_KINDS)),
    ),
    opt("amount", "Số tiền (đồng)", "Amount (VND)", Kind::Number),
    opt("text", "Diễn giải", "In words", PARA),
    opt("unit", "Đơn vị tính", "Per", LINE),
    opt(
        "tiers",
        "Bậc phí",
        "Tiers",
        Kind::List(&Kind::Struct(FEE_TIER)),
    ),
    opt("max", "Mức tối đa (đồng)", "Cap (VND)", Kind::Number),
    opt("max_unit", "Mức tối đa tính theo", "Cap per", LINE),
    opt("condition", "Áp dụng khi", "Applies when", PARA),
    opt(
        "online_payment",
        "Nộp trực tuyến được",
        "Payable online",
        Kind::Bool,
    ),
    opt("exemptions", "Miễn, giảm", "Exemptions", PARA),
];
const FEE_TIER: &[Spec] = &[
    opt("from", "Từ (đơn vị thứ)", "From unit", Kind::Number),
    opt("to", "Đến (đơn vị thứ)", "To unit", Kind::Number),
    opt("amount", "Số tiền (đồng)", "Amount (VND)", Kind::Number),
];
const FEES: Kind = Kind::List(&Kind::Struct(FEE));
const CHANNEL: &[Spec] = &[
    spec(
        "kind",
        "Hình thức",
        "Kind",
        Kind::Choice(Options::Fixed(CHANNEL_KINDS)),
    ),
    opt("description", "Mô tả", "Description", PARA),
    opt(
        "processing_time",
        "Thời hạn riêng",
        "Own processing time",
        Kind::Struct(TIME),
    ),
    opt("fees", "Phí, lệ phí riêng", "Own fees", FEES),
];
const DOCUMENT: &[Spec] = &[
    spec("name", "Tên giấy tờ", "Document", LINE),
    opt("form", "Mẫu đơn, tờ khai", "Form", LINE),
    opt(
        "form_file",
        "Tệp mẫu (địa chỉ)",
        "Form file (address)",
        LINE,
    ),
    opt(
        "replaced_by_data",
        "Thay thế bằng dữ liệu từ",
        "Replaced by data from",
        LINE,
    ),
    spec("originals", "Bản chính", "Originals", Kind::Number),
    spec("copies", "Bản sao", "Copies", Kind::Number),
    opt("note", "Ghi chú", "Note", PARA),
];
const DOSSIER_GROUP: &[Spec] = &[
    opt("title", "Trường hợp", "Case", LINE),
    spec(
        "documents",
        "Giấy tờ",
        "Documents",
        Kind::List(&Kind::Struct(DOCUMENT)),
    ),
    opt("sets", "Số bộ hồ sơ", "Sets", Kind::Number),
];
const AGENCY: Kind = Kind::Choice(Options::Agencies);
const AGENCIES: &[Spec] = &[
    opt("competent", "Cơ quan có thẩm quyền", "Competent", AGENCY),
    spec(
        "implementing",
        "Cơ quan trực tiếp thực hiện",
        "Implementing",
        Kind::List(&AGENCY),
    ),
    opt(
        "authorised",
        "Cơ quan được ủy quyền",
        "Authorised",
        Kind::List(&AGENCY),
    ),
    opt(
        "coordinating",
        "Cơ quan phối hợp",
        "Coordinating",
        Kind::List(&AGENCY),
    ),
    opt("address", "Địa chỉ tiếp nhận", "Address", PARA),
];
const LEGAL_DOCUMENT: &[Spec] = &[
    spec("number", "Số, ký hiệu", "Number", LINE),
    spec("title", "Trích yếu", "Title", PARA),
    opt("date", "Ngày ban hành", "Date", Kind::Date),
    opt("issuer", "Cơ quan ban hành", "Issuer", LINE),
    opt("effective", "Ngày có hiệu lực", "In force from", Kind::Date),
    opt("articles", "Điều, khoản", "Articles", LINE),
    opt(
        "amended_by",
        "Được sửa đổi bởi",
        "Amended by",
        Kind::List(&LINE),
    ),
    opt("expires", "Hết hiệu lực từ", "Expires on", Kind::Date),
    opt(
        "status",
        "Tình trạng hiệu lực",
        "Status",
        Kind::Choice(Options::Fixed(LEGAL_STATUSES)),
    ),
];
const SERVICE: &[Spec] = &[
    spec("code", "Mã dịch vụ", "Service code", LINE),
    opt("name", "Tên dịch vụ", "Name", LINE),
    spec(
        "mode",
        "Mức độ",
        "Mode",
        Kind::Choice(Options::Fixed(ONLINE_MODES)),
    ),
    opt("url", "Địa chỉ dịch vụ", "Service address", LINE),
];
const PROCESS_STEP: &[Spec] = &[
    spec("step", "Bước", "Step", PARA),
    opt("unit", "Đơn vị thực hiện", "Unit", LINE),
    opt("days", "Số ngày làm việc", "Working days", Kind::Number),
    opt("hours", "Số giờ làm việc", "Working hours", Kind::Number),
];
const BASELINE: &[Spec] = &[
    spec("year", "Năm", "Year", Kind::Number),
    opt(
        "processing_time",
        "Thời hạn khi đó",
        "Time then",
        Kind::Struct(TIME),
    ),
    opt(
        "cost",
        "Chi phí mỗi hồ sơ (đồng)",
        "Cost per case (VND)",
        Kind::Number,
    ),
    opt("note", "Ghi chú", "Note", PARA),
];
const ONLINE: &[Spec] = &[
    spec(
        "mode",
        "Mức độ",
        "Mode",
        Kind::Choice(Options::Fixed(ONLINE_MODES)),
    ),
    opt(
        "legacy_level",
        "Mức độ cũ (1–4)",
        "Legacy level (1–4)",
        Kind::Number,
    ),
    opt("url", "Địa chỉ dịch vụ", "Service address", LINE),
    opt(
        "eligible_full",
        "Đủ điều kiện toàn trình",
        "Eligible for full online",
        Kind::Bool,
    ),
    opt(
        "electronic_result",
        "Trả kết quả điện tử",
        "Electronic result",
        Kind::Bool,
    ),
    opt(
        "services",
        "Các dịch vụ công trực tuyến",
        "Online services",
        Kind::List(&Kind::Struct(SERVICE)),
    ),
];
const INTERLINKED: &[Spec] = &[
    opt("enabled", "Liên thông", "Interlinked", Kind::Bool),
    opt(
        "linked",
        "Thủ tục liên thông",
        "Linked procedures",
        Kind::List(&LINE),
    ),
];
const POSTAL: &[Spec] = &[
    opt(
        "receive",
        "Nhận hồ sơ qua bưu chính",
        "Receive by post",
        Kind::Bool,
    ),
    opt(
        "return",
        "Trả kết quả qua bưu chính",
        "Return by post",
        Kind::Bool,
    ),
];
const PUBLICATION: &[Spec] = &[
    spec("decision", "Số quyết định", "Decision", LINE),
    opt("date", "Ngày quyết định", "Date", Kind::Date),
    spec(
        "kind",
        "Hình thức",
        "Kind",
        Kind::Choice(Options::Fixed(PUBLICATION_KINDS)),
    ),
];

/// A procedure named by its level and code (a transfer's other side).
const RELATION: &[Spec] = &[
    spec(
        "level",
        "Cấp thực hiện",
        "Level",
        Kind::Choice(Options::Levels),
    ),
    spec("code", "Mã thủ tục", "Code", LINE),
];

/// Every field of a procedure, in the order of the file.
pub const PROCEDURE: &[Spec] = &[
    fixed("code", "Mã thủ tục", "Code", LINE),
    opt("local_code", "Mã địa phương", "Local code", LINE),
    spec("name", "Tên thủ tục", "Name", LINE),
    fixed(
        "level",
        "Cấp thực hiện",
        "Level",
        Kind::Choice(Options::Levels),
    ),
    spec("field", "Lĩnh vực", "Field", Kind::Choice(Options::Fields)),
    opt("kind", "Loại thủ tục", "Kind", LINE),
    spec("steps", "Trình tự thực hiện", "Steps", Kind::List(&PARA)),
    spec(
        "channels",
        "Cách thức thực hiện",
        "Channels",
        Kind::List(&Kind::Struct(CHANNEL)),
    ),
    spec(
        "dossier",
        "Thành phần hồ sơ",
        "Dossier",
        Kind::List(&Kind::Struct(DOSSIER_GROUP)),
    ),
    spec(
        "processing_time",
        "Thời hạn giải quyết",
        "Processing time",
        Kind::Struct(TIME),
    ),
    opt(
        "committed_time",
        "Thời hạn cam kết (rút ngắn)",
        "Committed (reduced) time",
        Kind::Struct(TIME),
    ),
    opt(
        "internal_process",
        "Quy trình nội bộ",
        "Internal process",
        Kind::List(&Kind::Struct(PROCESS_STEP)),
    ),
    spec(
        "subjects",
        "Đối tượng thực hiện",
        "Subjects",
        Kind::List(&LINE),
    ),
    spec(
        "agencies",
        "Cơ quan thực hiện",
        "Agencies",
        Kind::Struct(AGENCIES),
    ),
    opt("results", "Kết quả thực hiện", "Results", Kind::List(&PARA)),
    opt("result_template", "Mẫu kết quả", "Result template", LINE),
    opt("fees", "Phí, lệ phí", "Fees", FEES),
    opt(
        "legal_basis",
        "Căn cứ pháp lý",
        "Legal basis",
        Kind::List(&Kind::Struct(LEGAL_DOCUMENT)),
    ),
    opt("requirements", "Yêu cầu, điều kiện", "Requirements", PARA),
    spec(
        "online_service",
        "Dịch vụ công trực tuyến",
        "Online service",
        Kind::Struct(ONLINE),
    ),
    opt(
        "interlinked",
        "Một cửa liên thông",
        "Interlinked one-stop",
        Kind::Struct(INTERLINKED),
    ),
    spec(
        "postal",
        "Bưu chính công ích",
        "Public postal service",
        Kind::Struct(POSTAL),
    ),
    opt(
        "boundary_free",
        "Không phụ thuộc địa giới hành chính",
        "Accepted anywhere in the province",
        Kind::Bool,
    ),
    opt(
        "business_related",
        "Liên quan đến hoạt động kinh doanh",
        "Business-related",
        Kind::Bool,
    ),
    opt(
        "baseline",
        "Mốc so sánh (năm 2024)",
        "Baseline (2024)",
        Kind::Struct(BASELINE),
    ),
    spec(
        "status",
        "Tình trạng",
        "Status",
        Kind::Choice(Options::Fixed(STATUSES)),
    ),
    opt(
        "publication",
        "Quyết định công bố",
        "Publication",
        Kind::Struct(PUBLICATION),
    ),
    opt("effective_from", "Hiệu lực từ", "In force from", Kind::Date),
    opt(
        "effective_until",
        "Hết hiệu lực",
        "In force until",
        Kind::Date,
    ),
    opt(
        "replaces",
        "Thay thế các thủ tục",
        "Replaces",
        Kind::List(&Kind::Struct(RELATION)),
    ),
    opt(
        "replaced_by",
        "Được thay thế bởi",
        "Replaced by",
        Kind::List(&Kind::Struct(RELATION)),
    ),
    opt(
        "transferred_from",
        "Chuyển từ",
        "Transferred from",
        Kind::Struct(RELATION),
    ),
    opt(
        "transferred_to",
        "Chuyển đến",
        "Transferred to",
        Kind::Struct(RELATION),
    ),
    opt("reviewed_on", "Ngày rà soát", "Reviewed on", Kind::Date),
    opt("notes", "Ghi chú", "Notes", PARA),
    opt("units", "Đơn vị áp dụng", "Units", Kind::List(&LINE)),
];

/// The value a new item of `kind` starts with.
pub fn empty_value(kind: &Kind) -> serde_json::Value {
    use serde_json::Value;
    match kind {
        Kind::Text { .. } | Kind::Date => Value::String(String::new()),
        Kind::Number => Value::from(0),
        Kind::Bool => Value::Bool(false),
        Kind::Choice(Options::Fixed(options)) => Value::String(options[0].0.to_owned()),
        Kind::Choice(_) => Value::String(String::new()),
        Kind::List(_) => Value::Array(Vec::new()),
        Kind::Struct(fields) => {
            let mut map = serde_json::Map::new();
            for f in fields.iter().filter(|f| !f.optional) {
                map.insert(f.key.to_owned(), empty_value(&f.kind));
            }
            Value::Object(map)
        }
    }
}
