//! Import from the national portal and from a decision's appendix (issue 18), on a real
//! catalogue in a real repository. The fixtures are made here in the portal's shapes: an XLSX
//! list with title rows and a two-row merged header (rust_xlsxwriter), per-procedure DOCX files
//! with label rows and nested tables, and a decision appendix with four parts (zip + minimal
//! WordprocessingML).

mod common;
#[path = "common/portal.rs"]
mod portal;

use common::{Sandbox, stderr, stdout};
use portal::*;
use rust_xlsxwriter::Workbook;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use tthc::import::text::thousands;
use tthc::model::{Decision, EffectKind, Manifest, Procedure, TimeUnit};
use tthc::store;

// ---------- helpers ----------

fn run(sb: &Sandbox, root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = sb.tthc(root).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

fn ok(sb: &Sandbox, root: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(sb, root, args);
    assert_eq!(code, 0, "tthc {args:?}\n{out}\n{err}");
    out
}

fn procedures(root: &Path) -> Vec<Procedure> {
    let mut out = Vec::new();
    let dir = root.join("procedures");
    if !dir.exists() {
        return out;
    }
    for level in fs::read_dir(&dir).unwrap() {
        for f in fs::read_dir(level.unwrap().path()).unwrap() {
            let path = f.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_owned();
            out.push(store::parse_text(&rel, &fs::read_to_string(&path).unwrap()).unwrap());
        }
    }
    out.sort_by(|a: &Procedure, b| (&a.level, &a.code).cmp(&(&b.level, &b.code)));
    out
}

fn manifest(root: &Path) -> Manifest {
    store::parse_text(
        Path::new("catalog.yaml"),
        &fs::read_to_string(root.join("catalog.yaml")).unwrap(),
    )
    .unwrap()
}

/// The sample catalogue with its procedures removed (one commit): the offices's manifest, an
/// empty catalogue. Returns (root, the sample's procedures, its manifest).
fn empty_catalogue(sb: &Sandbox) -> (PathBuf, Vec<Procedure>, Manifest) {
    let root = sb.sample("c");
    let original = procedures(&root);
    let m = manifest(&root);
    sb.git(&root, &["rm", "-r", "-q", "procedures"]);
    for dir in ["proposals", "publications"] {
        if root.join(dir).exists() {
            sb.git(&root, &["rm", "-r", "-q", dir]);
        }
    }
    sb.git(&root, &["commit", "-q", "-m", "Empty"]);
    (root, original, m)
}

/// What the portal's shapes carry of a record, made comparable: each channel's time and fees
/// as they apply to it; what the portal does not show (postal flags, online service, dates,
/// notes, a document's note, a fee's exemptions, the number of sets) left out.
fn portal_view(p_: &Procedure) -> Procedure {
    let mut v = Procedure {
        code: p_.code.clone(),
        name: p_.name.clone(),
        level: p_.level.clone(),
        field: p_.field.clone(),
        kind: p_.kind.clone(),
        steps: p_.steps.clone(),
        subjects: p_.subjects.clone(),
        agencies: p_.agencies.clone(),
        results: p_.results.clone(),
        legal_basis: p_.legal_basis.clone(),
        requirements: p_.requirements.clone(),
        status: p_.status,
        dossier: p_.dossier.clone(),
        ..Procedure::default()
    };
    for c in &p_.channels {
        let mut c = c.clone();
        c.processing_time = Some(c.processing_time.unwrap_or(p_.processing_time.clone()));
        c.fees = Some(c.fees.unwrap_or(p_.fee_list().to_vec()));
        for f in c.fees.as_mut().unwrap() {
            f.exemptions = None;
            // The 2026 record's structure of a fee (issue 16) is text on the portal.
            f.tiers.clear();
            f.max = None;
            f.max_unit = None;
            f.condition = None;
            f.online_payment = None;
        }
        v.channels.push(c);
    }
    for g in &mut v.dossier {
        g.sets = None;
        if g.title.is_none() {
            g.title = None;
        }
        for d in &mut g.documents {
            d.note = None;
        }
    }
    // What the 2026 record adds to a legal basis (issue 16) is not in the portal's table.
    for l in v.legal_basis.iter_mut().flatten() {
        *l = tthc::model::LegalDocument {
            number: l.number.clone(),
            title: l.title.clone(),
            date: l.date,
            issuer: l.issuer.clone(),
            ..Default::default()
        };
    }
    if let Some(pubref) = &p_.publication {
        v.publication = Some(tthc::model::PublicationRef {
            decision: pubref.decision.clone(),
            date: None,
            kind: tthc::model::PublicationKind::New,
        });
    }
    v
}

// ---------- the portal ----------

/// Export the sample to the portal's shapes, import it into an empty catalogue, and compare
/// field by field; a second import of the same files changes nothing.
#[test]
fn round_trip_through_the_portals_shapes() {
    let sb = Sandbox::new();
    let (root, original, m) = empty_catalogue(&sb);
    // Codes held at one level get a detail file; a code at several levels is one list row
    // naming them all, without a detail file (the portal's detail is per procedure).
    let mut rows = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let mut codes: Vec<&str> = original.iter().map(|p_| p_.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let mut several = Vec::new();
    for code in &codes {
        let at: Vec<&Procedure> = original.iter().filter(|p_| p_.code == *code).collect();
        let levels: Vec<&str> = at.iter().map(|p_| p_.level.as_str()).collect();
        rows.push(list_row(at[0], &levels, &m));
        if at.len() == 1 {
            let name = sb.path().join(format!("{code}.docx"));
            fs::write(&name, detail_docx(at[0], &m)).unwrap();
            files.push(name.to_string_lossy().into_owned());
        } else {
            several.push(*code);
        }
    }
    assert!(!several.is_empty(), "the sample has a code at two levels");
    let list = sb.path().join("danh-sach-tthc.xlsx");
    fs::write(&list, portal_xlsx(&rows)).unwrap();
    let before = sb.commits(&root);
    let mut args = vec!["import", "portal", list.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let out = ok(&sb, &root, &args);
    assert!(out.contains("Đã lưu"), "{out}");
    assert_eq!(sb.commits(&root), before + 1, "one commit");
    let message = sb.git(&root, &["log", "-1", "--format=%B"]);
    assert!(
        message.starts_with("Nhập từ Cổng DVC quốc gia (danh-sach-tthc.xlsx"),
        "{message}"
    );
    for f in &files {
        let name = Path::new(f).file_name().unwrap().to_string_lossy();
        assert!(message.contains(&*name), "{name} not in {message}");
    }
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");
    let imported = procedures(&root);
    assert_eq!(imported.len(), original.len());
    for (a, b) in original.iter().zip(&imported) {
        assert_eq!((&a.level, &a.code), (&b.level, &b.code));
        if several.contains(&a.code.as_str()) {
            // From the list alone: what it gives, and marked incomplete.
            assert!(b.incomplete, "{}", b.code);
            assert_eq!(
                (&a.name, &a.field, &a.subjects, a.status),
                (&b.name, &b.field, &b.subjects, b.status)
            );
            assert_eq!(
                a.publication.as_ref().map(|x| (&x.decision, x.date)),
                b.publication.as_ref().map(|x| (&x.decision, x.date))
            );
        } else {
            assert!(!b.incomplete, "{} incomplete", b.code);
            let (va, vb) = (portal_view(a), portal_view(b));
            let changes = tthc::diff::field_changes(&va, &vb);
            assert!(changes.is_empty(), "{}/{}: {changes:#?}", a.level, a.code);
            assert_eq!(
                a.processing_time.unit == TimeUnit::SameDay,
                b.processing_time.unit == TimeUnit::SameDay
            );
        }
    }
    // The records validate (incomplete ones with warnings only), and incomplete ones are in no
    // public listing.
    ok(&sb, &root, &["validate"]);
    let export = sb.path().join("site");
    ok(
        &sb,
        &root,
        &[
            "export",
            "--format",
            "json",
            "--out",
            export.to_str().unwrap(),
        ],
    );
    let json = fs::read_to_string(walk_find(&export, "json")).unwrap();
    assert!(
        !json.contains(several[0]),
        "an incomplete record was exported"
    );
    assert!(json.contains(codes.iter().find(|c| !several.contains(c)).unwrap()));
    // The same files again: nothing changes, nothing is committed.
    let out = ok(&sb, &root, &args);
    assert!(out.contains("Không có gì thay đổi"), "{out}");
    assert_eq!(sb.commits(&root), before + 1);
}

fn walk_find(dir: &Path, ext: &str) -> PathBuf {
    for e in fs::read_dir(dir).unwrap() {
        let p_ = e.unwrap().path();
        if p_.is_dir() {
            continue;
        }
        if p_.extension().is_some_and(|x| x == ext) {
            return p_;
        }
    }
    for e in fs::read_dir(dir).unwrap() {
        let p_ = e.unwrap().path();
        if p_.is_dir() {
            return walk_find(&p_, ext);
        }
    }
    panic!("no .{ext} in {}", dir.display())
}

/// A list where a record differs from the catalogue: shown field by field, never overwritten
/// without --update; --dry-run changes nothing.
#[test]
fn differences_are_a_redline_and_only_update_writes() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let m = manifest(&root);
    let all = procedures(&root);
    let birth = all
        .iter()
        .find(|p_| p_.level == "xa" && p_.code == "1.001193")
        .unwrap()
        .clone();
    let mut row = list_row(&birth, &["xa"], &m);
    row[1] = format!("{} cho trẻ em", birth.name);
    let list = sb.path().join("ds.xlsx");
    fs::write(&list, portal_xlsx(&[row])).unwrap();
    let before = sb.commits(&root);
    let out = ok(
        &sb,
        &root,
        &["import", "portal", list.to_str().unwrap(), "--level", "xa"],
    );
    assert!(out.contains("≠ xa/1.001193"), "{out}");
    assert!(out.contains("Đăng ký khai sinh{+ cho trẻ em+}"), "{out}");
    assert!(out.contains("--update"), "{out}");
    // Only the mapping the import proposed was written (one commit); the record was not.
    let after_first = sb.commits(&root);
    assert!(after_first <= before + 1);
    let rel = "procedures/xa/1.001193.yaml";
    assert!(
        !fs::read_to_string(root.join(rel))
            .unwrap()
            .contains("cho trẻ em")
    );
    let out = ok(
        &sb,
        &root,
        &[
            "import",
            "portal",
            list.to_str().unwrap(),
            "--update",
            "--dry-run",
        ],
    );
    assert!(out.contains("~ xa/1.001193"), "{out}");
    assert_eq!(sb.commits(&root), after_first);
    ok(
        &sb,
        &root,
        &["import", "portal", list.to_str().unwrap(), "--update"],
    );
    assert_eq!(sb.commits(&root), after_first + 1);
    let now = fs::read_to_string(root.join(rel)).unwrap();
    assert!(now.contains("cho trẻ em"));
    // What the list does not carry is kept (steps, fees, postal flags, incomplete not set).
    let updated: Procedure = store::parse_text(Path::new(rel), &now).unwrap();
    assert_eq!(updated.steps, birth.steps);
    assert_eq!(updated.postal, birth.postal);
    assert!(!updated.incomplete);
}

/// Names that match nothing stop the import with the nearest entry; the mapping file or
/// --add-missing settles them.
#[test]
fn unmatched_names_stop_the_import_until_mapped_or_added() {
    let sb = Sandbox::new();
    let (root, original, m) = empty_catalogue(&sb);
    let p0 = original.iter().find(|p_| p_.level == "xa").unwrap();
    let mut row = list_row(p0, &["xa"], &m);
    row[2] = "Hộ tịch (điện tử)".into();
    row[5] = "Cấp Tỉnh, Cấp Xã".into();
    let list = sb.path().join("ds.xlsx");
    fs::write(&list, portal_xlsx(&[row])).unwrap();
    let before = sb.commits(&root);
    let (code, _, err) = run(&sb, &root, &["import", "portal", list.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("“Hộ tịch (điện tử)”"), "{err}");
    assert!(err.contains("gần nhất: Hộ tịch (ho-tich)"), "{err}");
    assert!(err.contains("“Cấp Tỉnh”"), "{err}");
    assert!(err.contains("--add-missing"), "{err}");
    assert_eq!(sb.commits(&root), before);
    // The user writes the mapping: the field is Hộ tịch; this catalogue holds no province level.
    fs::write(
        root.join("import-map.yaml"),
        "levels:\n  Cấp Tỉnh: ~\nfields:\n  Hộ tịch (điện tử): ho-tich\n",
    )
    .unwrap();
    let out = ok(&sb, &root, &["import", "portal", list.to_str().unwrap()]);
    assert!(out.contains(&format!("+ xa/{}", p0.code)), "{out}");
    assert!(out.contains("Bỏ qua ở cấp khác: 1"), "{out}");
    let got = procedures(&root);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].field, "ho-tich");
    // The map is committed with the import, with the level it proposed by folding.
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");
    let map = fs::read_to_string(root.join("import-map.yaml")).unwrap();
    assert!(map.contains("Cấp Xã: xa"), "{map}");

    // --add-missing adds what matches nothing to the manifest, in the same commit.
    let sb2 = Sandbox::new();
    let (root2, _, _) = empty_catalogue(&sb2);
    let list2 = sb2.path().join("ds.xlsx");
    fs::write(&list2, fs::read(&list).unwrap()).unwrap();
    ok(
        &sb2,
        &root2,
        &[
            "import",
            "portal",
            list2.to_str().unwrap(),
            "--add-missing",
            "--lang",
            "en",
        ],
    );
    let m2 = manifest(&root2);
    assert!(m2.level("tinh").is_some());
    assert!(m2.field("ho-tich-dien-tu").is_some());
    assert_eq!(procedures(&root2).len(), 2);
}

// ---------- bad input ----------

fn import_err(sb: &Sandbox, root: &Path, files: &[&Path], lang: &str) -> String {
    let mut args = vec!["--lang", lang, "import", "portal"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let (code, out, err) = run(sb, root, &args);
    assert_ne!(code, 0, "{out}");
    assert!(!err.is_empty());
    err
}

#[test]
fn bad_input_is_named_clearly() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let before = sb.commits(&root);
    let dir = sb.path();
    let write = |name: &str, bytes: &[u8]| {
        let f = dir.join(name);
        fs::write(&f, bytes).unwrap();
        f
    };
    // A scanned PDF.
    let pdf = write("qd.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n");
    let err = import_err(&sb, &root, &[&pdf], "vi");
    assert!(err.contains("qd.pdf") && err.contains("tệp PDF"), "{err}");
    let err = import_err(&sb, &root, &[&pdf], "en");
    assert!(err.contains("a PDF (a scan has no text"), "{err}");
    // Not a zip at all, and a zip that is no Office document.
    let junk = write("ds.xlsx", b"Ma TTHC;Ten TTHC\n1.001193;Dang ky khai sinh\n");
    let err = import_err(&sb, &root, &[&junk], "vi");
    assert!(err.contains("không rõ định dạng"), "{err}");
    let mut z = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut z);
        w.start_file("a.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(b"x").unwrap();
        w.finish().unwrap();
    }
    let otherzip = write("other.xlsx", &z.into_inner());
    let err = import_err(&sb, &root, &[&otherzip], "vi");
    assert!(err.contains("tệp nén zip"), "{err}");
    // A legacy Office file.
    let doc = write(
        "old.xls",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
    );
    let err = import_err(&sb, &root, &[&doc], "vi");
    assert!(err.contains("Office 97–2003"), "{err}");
    // A workbook without the list's columns: the columns expected and the header found.
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    s.write_string(0, 0, "Họ tên").unwrap();
    s.write_string(0, 1, "Địa chỉ").unwrap();
    let wrong = write("khac.xlsx", &book.save_to_buffer().unwrap());
    let err = import_err(&sb, &root, &[&wrong], "vi");
    assert!(
        err.contains("không thấy cột Mã TTHC, Tên TTHC, Cấp thực hiện"),
        "{err}"
    );
    assert!(err.contains("Họ tên | Địa chỉ"), "{err}");
    let err = import_err(&sb, &root, &[&wrong], "en");
    assert!(err.contains("no column Mã TTHC"), "{err}");
    // A malformed code, named with its row.
    let m = manifest(&root);
    let p0 = &procedures(&root)[0];
    let mut bad = list_row(p0, &[p0.level.as_str()], &m);
    bad[0] = "1.00119".into();
    let good = list_row(p0, &[p0.level.as_str()], &m);
    let badlist = write("bad.xlsx", &portal_xlsx(&[good, bad]));
    let err = import_err(&sb, &root, &[&badlist], "vi");
    assert!(err.contains("dòng 6: mã thủ tục `1.00119`"), "{err}");
    // A Word file given as the list, and a Word file that is no detail file.
    let letter = write("thu.docx", &docx(&p("Kính gửi: UBND thị xã Duy Tiên")));
    let err = import_err(&sb, &root, &[&letter], "vi");
    assert!(err.contains("không phải tệp chi tiết"), "{err}");
    let err = import_err(&sb, &root, &[&pdf, &letter], "vi");
    assert!(err.contains("cần danh sách thủ tục"), "{err}");
    let list = write(
        "ok.xlsx",
        &portal_xlsx(&[list_row(p0, &[p0.level.as_str()], &m)]),
    );
    let err = import_err(&sb, &root, &[&list, &letter], "vi");
    assert!(
        err.contains("không phải tệp chi tiết") && err.contains("Mã thủ tục"),
        "{err}"
    );
    // A detail file typed in TCVN3.
    let tcvn3 = write(
        "tcvn3.docx",
        &docx(&format!(
            "{}{}",
            p("Mã thủ tục: 1.001193"),
            p("Tªn thñ tôc: §¨ng ký khai sinh cho trÎ em sinh ra t¹i ViÖt Nam")
        )),
    );
    let err = import_err(&sb, &root, &[&list, &tcvn3], "vi");
    assert!(
        err.contains("bảng mã cũ TCVN3") && err.contains("đoạn"),
        "{err}"
    );
    // Huge: refused before it is read.
    let huge = dir.join("huge.xlsx");
    fs::File::create(&huge)
        .unwrap()
        .set_len(tthc::import::MAX_INPUT_BYTES + 1)
        .unwrap();
    let err = import_err(&sb, &root, &[&huge], "vi");
    assert!(err.contains("lớn hơn 50 MB"), "{err}");
    // A small zip that expands beyond the limit.
    let mut z = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut z);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        w.start_file("word/document.xml", o).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..=(tthc::import::MAX_PART_BYTES >> 20) {
            w.write_all(&chunk).unwrap();
        }
        w.finish().unwrap();
    }
    let bomb = write("bomb.docx", &z.into_inner());
    assert!(fs::metadata(&bomb).unwrap().len() < 1 << 20);
    let err = import_err(&sb, &root, &[&list, &bomb], "vi");
    assert!(err.contains("lớn hơn 100 MB"), "{err}");
    // Nothing was written by any of them.
    assert_eq!(sb.commits(&root), before);
}

// ---------- a decision's appendix ----------

/// An appendix with all four parts; level and field as group rows; the legal-text column.
fn appendix_docx() -> Vec<u8> {
    let head = |legal: &str| {
        vec![
            tc(&p("STT")),
            tc(&p("Mã số TTHC")),
            tc(&p("Tên thủ tục hành chính")),
            tc(&p(legal)),
            tc(&p("Lĩnh vực")),
            tc(&p("Cơ quan thực hiện")),
        ]
    };
    let group = |t: &str| vec![tc_span(&p(t), 6)];
    let row = |n: &str, code: &str, name: &str, legal: &str, field: &str| {
        vec![
            tc(&p(n)),
            tc(&p(code)),
            tc(&p(name)),
            tc(&p(legal)),
            tc(&p(field)),
            tc(&p("UBND cấp xã")),
        ]
    };
    let nd =
        "Nghị định số 120/2025/NĐ-CP ngày 11/6/2025 của Chính phủ quy định về phân định thẩm quyền";
    let mut body = String::new();
    body.push_str(&p("Phụ lục"));
    body.push_str(&p("DANH MỤC THỦ TỤC HÀNH CHÍNH LĨNH VỰC HỘ TỊCH"));
    body.push_str(&p(
        "(Kèm theo Quyết định số 1203/QĐ-UBND ngày 20/6/2025 của Chủ tịch UBND tỉnh)",
    ));
    body.push_str(&p("1. Danh mục thủ tục hành chính mới ban hành"));
    body.push_str(&tbl(&[
        head("Tên VBQPPL quy định nội dung"),
        group("A. THỦ TỤC HÀNH CHÍNH CẤP XÃ"),
        group("Lĩnh vực Hộ tịch"),
        row(
            "1",
            "2.002516",
            "Đăng ký kết hôn có yếu tố nước ngoài",
            nd,
            "",
        ),
    ]));
    body.push_str(&p("2. Danh mục thủ tục hành chính được sửa đổi, bổ sung"));
    body.push_str(&tbl(&[
        head("Tên VBQPPL quy định nội dung sửa đổi, bổ sung"),
        group("Cấp xã"),
        row("1", "1.001193", "Đăng ký khai sinh", nd, "Hộ tịch"),
    ]));
    body.push_str(&p("3. Danh mục thủ tục hành chính được thay thế"));
    body.push_str(&tbl(&[
        head("Tên VBQPPL quy định nội dung thay thế"),
        group("Cấp xã"),
        row("1", "1.000656", "Đăng ký khai tử", nd, "Hộ tịch"),
    ]));
    body.push_str(&p("4. Danh mục thủ tục hành chính bị bãi bỏ"));
    body.push_str(&tbl(&[
        head("Tên VBQPPL quy định việc bãi bỏ"),
        group("Cấp huyện"),
        row(
            "1",
            "2.000806",
            "Đăng ký kết hôn có yếu tố nước ngoài",
            nd,
            "Hộ tịch",
        ),
    ]));
    docx(&body)
}

#[test]
fn a_decision_appendix_with_four_parts_becomes_a_decision_record() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let file = sb.path().join("phu-luc-1203.docx");
    fs::write(&file, appendix_docx()).unwrap();
    let before = sb.commits(&root);
    let args = [
        "import",
        "decision",
        file.to_str().unwrap(),
        "--number",
        "1203/QĐ-UBND",
        "--date",
        "20/06/2025",
        "--issuer",
        "UBND tỉnh Hà Nam",
    ];
    let dry: Vec<&str> = args.iter().copied().chain(["--dry-run"]).collect();
    let out = ok(&sb, &root, &dry);
    assert!(out.contains("chưa thay đổi gì"), "{out}");
    assert_eq!(sb.commits(&root), before);
    let out = ok(&sb, &root, &args);
    assert!(out.contains("tthc decision show 2025-001"), "{out}");
    assert_eq!(sb.commits(&root), before + 1);
    let message = sb.git(&root, &["log", "-1", "--format=%B"]);
    assert!(message.contains("phu-luc-1203.docx"), "{message}");
    let rel = store::decision_path("2025-001");
    let d: Decision =
        store::parse_text(&rel, &fs::read_to_string(root.join(&rel)).unwrap()).unwrap();
    let kinds: Vec<(EffectKind, &str, &str)> = d
        .effects
        .iter()
        .map(|e| (e.kind, e.level.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (EffectKind::New, "xa", "2.002516"),
            (EffectKind::Amended, "xa", "1.001193"),
            (EffectKind::Replaced, "xa", "1.000656"),
            (EffectKind::Abolished, "huyen", "2.000806"),
        ]
    );
    for e in &d.effects {
        let t = e.legal_text.as_ref().unwrap();
        assert_eq!(t.number, "120/2025/NĐ-CP");
        assert_eq!(t.date, jiff::civil::Date::new(2025, 6, 11).ok());
    }
    // The new procedure's record: the field from the group row, marked incomplete.
    let new = d.effects[0].record.as_ref().unwrap();
    assert_eq!(new.field, "ho-tich");
    assert!(new.incomplete);
    // The amended row carries the catalogue's record to review; the abolition none.
    assert!(!d.effects[1].record.as_ref().unwrap().incomplete);
    assert!(d.effects[3].record.is_none());
    assert_eq!(d.number, "1203/QĐ-UBND");
    // It is a decision like any other: shown, and recorded only once.
    ok(&sb, &root, &["decision", "show", "2025-001"]);
    let (code, _, err) = run(&sb, &root, &args);
    assert_eq!(code, 1);
    assert!(err.contains("đã được ghi nhận"), "{err}");
    // A document that is no appendix.
    let letter = sb.path().join("thu.docx");
    fs::write(&letter, docx(&p("Kính gửi: UBND thị xã Duy Tiên"))).unwrap();
    let (code, _, err) = run(
        &sb,
        &root,
        &[
            "import",
            "decision",
            letter.to_str().unwrap(),
            "--number",
            "9/QĐ-UBND",
            "--date",
            "01/07/2025",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("không phải phụ lục") && err.contains("bị bãi bỏ"),
        "{err}"
    );
}

#[test]
fn money_and_counts_as_the_portal_writes_them() {
    assert_eq!(thousands(200000), "200.000");
    let f = tthc::import::text::fees("Lệ phí : 8.000 Đồng (Phí cấp bản sao Trích lục)");
    assert_eq!(f[0].amount, Some(8000));
    assert_eq!(
        tthc::import::text::counts("Bản chính: 1 Bản sao: 0"),
        Some((1, 0))
    );
}

/// What a detail file says nothing about ("Không có thông tin") is kept as the catalogue has it,
/// even with --update: missing is not none.
#[test]
fn no_information_never_erases_what_the_catalogue_has() {
    let sb = Sandbox::new();
    let root = sb.sample("c");
    let m = manifest(&root);
    let mut birth = procedures(&root)
        .into_iter()
        .find(|p_| p_.level == "xa" && p_.code == "1.001193")
        .unwrap();
    let kept = birth.clone();
    birth.requirements = None;
    birth.agencies.authorised.clear();
    birth.results.clear();
    birth.steps[0] = format!("{} hoặc qua Cổng dịch vụ công", birth.steps[0]).into();
    let file = sb.path().join("1.001193.docx");
    fs::write(&file, detail_docx(&birth, &m)).unwrap();
    let out = ok(
        &sb,
        &root,
        &[
            "import",
            "portal",
            file.to_str().unwrap(),
            "--level",
            "xa",
            "--update",
        ],
    );
    assert!(out.contains("~ xa/1.001193"), "{out}");
    let now = procedures(&root)
        .into_iter()
        .find(|p_| p_.level == "xa" && p_.code == "1.001193")
        .unwrap();
    assert!(now.steps[0].ends_with("hoặc qua Cổng dịch vụ công"));
    assert_eq!(now.requirements, kept.requirements);
    assert_eq!(now.agencies.authorised, kept.agencies.authorised);
    assert_eq!(now.results, kept.results);
    assert_eq!(now.postal, kept.postal);
    assert_eq!(now.online_service, kept.online_service);
}
