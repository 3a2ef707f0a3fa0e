//! `tthc publish`: the record, the commit and the tag; refusals that change nothing; the change
//! list against the previous publication, on the record and on the site.

mod common;

use common::{Sandbox, stderr, stdout};
use std::fs;
use std::path::Path;
use tthc::model::PublicationRecord;

fn record(dir: &Path, name: &str) -> PublicationRecord {
    let rel = Path::new("publications").join(name);
    let text = fs::read_to_string(dir.join(&rel)).unwrap();
    tthc::store::parse_text(&rel, &text).unwrap()
}

#[test]
fn publish_records_commits_tags_and_exports() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    let head = sb.git(&dir, &["rev-parse", "HEAD"]).trim().to_owned();
    let commits = sb.commits(&dir);
    let out = sb
        .tthc(&dir)
        .args([
            "publish",
            "--decision",
            "2680/QĐ-UBND",
            "--date",
            "2021-12-20",
            "--effective",
            "2022-01-01",
            "--signer",
            "Trương Quốc Huy",
            "--out",
            "../site",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        stdout(&out).contains("publication/2021-12-20"),
        "{}",
        stdout(&out)
    );

    // One commit, holding only the record.
    assert_eq!(sb.commits(&dir), commits + 1);
    let files = sb.git(&dir, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), "publications/2021-12-20-1.yaml");
    let message = sb.git(&dir, &["log", "-1", "--format=%s"]);
    assert!(message.contains("2680/QĐ-UBND") && message.contains("20/12/2021"));

    // The record: decision, dates, the commit published, counts, changes.
    let r = record(&dir, "2021-12-20-1.yaml");
    assert_eq!(r.decision, "2680/QĐ-UBND");
    assert_eq!(r.date, Some(jiff::civil::date(2021, 12, 20)));
    assert_eq!(r.effective, Some(jiff::civil::date(2022, 1, 1)));
    assert_eq!(r.signer.as_deref(), Some("Trương Quốc Huy"));
    assert_eq!(r.commit.as_deref(), Some(head.as_str()));
    let cat = tthc::store::load(&dir).unwrap();
    let in_force = cat
        .procedures
        .iter()
        .filter(|s| s.record.in_effect_on(jiff::civil::date(2022, 1, 1)))
        .count() as u32;
    assert_eq!(r.counts.total, in_force);
    assert_eq!(
        r.counts.new, in_force,
        "the first publication lists all as new"
    );
    assert_eq!(r.changes.new.len() as u32, in_force);

    // An annotated tag on the new commit.
    let tagged = sb.git(&dir, &["rev-parse", "publication/2021-12-20^{commit}"]);
    assert_eq!(tagged.trim(), sb.git(&dir, &["rev-parse", "HEAD"]).trim());
    assert_eq!(
        sb.git(&dir, &["cat-file", "-t", "publication/2021-12-20"])
            .trim(),
        "tag"
    );
    sb.fsck(&dir);
    assert_eq!(sb.git(&dir, &["status", "--porcelain"]).trim(), "");

    // Every format was exported, and the site says which decision it is.
    let site = sb.path().join("site");
    for f in [
        "index.html",
        "thay-doi.html",
        "danh-muc-tthc.csv",
        "danh-muc-tthc.xlsx",
        "danh-muc-tthc.json",
        "danh-muc-tthc.jsonld",
        "export-schema-v2.json",
    ] {
        assert!(site.join(f).is_file(), "{f}");
    }
    let changes = fs::read_to_string(site.join("thay-doi.html")).unwrap();
    assert!(changes.contains("văn bản số <strong>2680/QĐ-UBND</strong> ngày 20/12/2021"));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(site.join("danh-muc-tthc.json")).unwrap()).unwrap();
    assert_eq!(json["publication"]["decision"], "2680/QĐ-UBND");
    assert_eq!(json["source"]["commit"], head.as_str());
}

#[test]
fn a_second_publication_lists_what_changed_with_the_redline() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    let publish = |decision: &str, date: &str, out: &str| {
        sb.tthc(&dir)
            .args([
                "publish",
                "--decision",
                decision,
                "--date",
                date,
                "--out",
                out,
            ])
            .assert()
            .success();
    };
    publish("2680/QĐ-UBND", "2021-12-20", "../p1");
    // Amend one, abolish one, add one.
    let amend = dir.join("procedures/xa/2.000815.yaml");
    let t = fs::read_to_string(&amend)
        .unwrap()
        .replace("amount: 2000\n", "amount: 3000\n");
    fs::write(&amend, t).unwrap();
    let abolish = dir.join("procedures/xa/1.000419.yaml");
    let t = fs::read_to_string(&abolish)
        .unwrap()
        .replace("status: published", "status: abolished");
    fs::write(&abolish, t).unwrap();
    let added = fs::read_to_string(dir.join("procedures/xa/1.001193.yaml"))
        .unwrap()
        .replace("code: '1.001193'", "code: '1.009999'")
        .replace("name: Đăng ký khai sinh", "name: Thủ tục mới thí điểm");
    fs::write(dir.join("procedures/xa/1.009999.yaml"), added).unwrap();
    sb.git(&dir, &["add", "-A"]);
    sb.git(&dir, &["commit", "-qm", "Áp dụng quyết định"]);

    // A dry run shows the three sections and changes nothing.
    let commits = sb.commits(&dir);
    let out = sb
        .tthc(&dir)
        .args([
            "publish",
            "--decision",
            "1500/QĐ-UBND",
            "--date",
            "2021-12-20",
            "--out",
            "../p2",
            "--dry-run",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let text = stdout(&out);
    assert!(
        text.contains("1 mới, 1 sửa đổi/thay thế, 1 bãi bỏ"),
        "{text}"
    );
    assert!(text.contains("xa/1.009999"));
    assert_eq!(sb.commits(&dir), commits);
    assert!(!sb.path().join("p2").exists());

    // Same day as the first: record -2 and tag -2.
    publish("1500/QĐ-UBND", "2021-12-20", "../p2");
    let r = record(&dir, "2021-12-20-2.yaml");
    let codes =
        |l: &[tthc::model::ChangeEntry]| l.iter().map(|c| c.code.clone()).collect::<Vec<_>>();
    assert_eq!(codes(&r.changes.new), ["1.009999"]);
    assert_eq!(codes(&r.changes.amended), ["2.000815"]);
    assert_eq!(codes(&r.changes.abolished), ["1.000419"]);
    assert_eq!(
        (r.counts.new, r.counts.amended, r.counts.abolished),
        (1, 1, 1)
    );
    sb.git(&dir, &["rev-parse", "publication/2021-12-20-2"]);

    let page = fs::read_to_string(sb.path().join("p2/thay-doi.html")).unwrap();
    assert!(page.contains("So sánh với lần niêm yết trước theo văn bản số 2680/QĐ-UBND"));
    assert!(page.contains("<del><span class=\"visually-hidden\">[bỏ: </span>2000"));
    assert!(page.contains("<ins><span class=\"visually-hidden\">[thêm: </span>3000"));
    assert!(
        page.contains("href=\"thu-tuc/xa/1.000419.html\""),
        "abolished keeps its page"
    );

    // Exporting now shows the latest publication's changes, not an empty list.
    sb.tthc(&dir)
        .args(["export", "--format", "html", "--out", "../now"])
        .assert()
        .success();
    let now = fs::read_to_string(sb.path().join("now/thay-doi.html")).unwrap();
    assert!(now.contains("1500/QĐ-UBND") && now.contains("1.009999"));

    // An edit not yet committed: the published version of that file is read from git (its
    // blob differs), every other record is shared with the catalogue being exported.
    let t = fs::read_to_string(&amend)
        .unwrap()
        .replace("amount: 3000\n", "amount: 4000\n");
    fs::write(&amend, t).unwrap();
    sb.tthc(&dir)
        .args(["export", "--format", "html", "--out", "../dirty"])
        .assert()
        .success();
    let dirty = fs::read_to_string(sb.path().join("dirty/thay-doi.html")).unwrap();
    assert!(
        dirty.contains("<del><span class=\"visually-hidden\">[bỏ: </span>3000"),
        "{dirty}"
    );
    assert!(dirty.contains("<ins><span class=\"visually-hidden\">[thêm: </span>4000"));
    assert!(
        !dirty.contains("1.009999") && !dirty.contains("1.000419"),
        "only the change since the latest publication"
    );
}

#[test]
fn publish_refuses_errors_and_uncommitted_changes_changing_nothing() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    let commits = sb.commits(&dir);
    let args = [
        "publish",
        "--decision",
        "9/QĐ-UBND",
        "--date",
        "2022-01-05",
        "--out",
        "../site",
    ];

    // Uncommitted change to a record.
    let file = dir.join("procedures/xa/1.001193.yaml");
    let original = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        original.replace("Đăng ký khai sinh", "Đăng ký khai sinh (sửa)"),
    )
    .unwrap();
    let out = sb
        .tthc(&dir)
        .args(args)
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        stderr(&out).contains("thay đổi chưa được lưu vào git"),
        "{}",
        stderr(&out)
    );

    // A validation error, committed.
    fs::write(
        &file,
        original.replace("name: Đăng ký khai sinh\n", "name: ''\n"),
    )
    .unwrap();
    sb.git(&dir, &["commit", "-qam", "broken"]);
    let out = sb
        .tthc(&dir)
        .args(args)
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(
        stderr(&out).contains("procedures/xa/1.001193.yaml"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("Chưa niêm yết"));

    assert_eq!(sb.commits(&dir), commits + 1);
    assert!(!sb.path().join("site").exists());
    assert!(!dir.join("publications/2022-01-05-1.yaml").exists());
    assert_eq!(sb.git(&dir, &["tag"]).trim(), "");
}

#[test]
fn publications_keep_their_order_and_a_decision_is_recorded_once() {
    let sb = Sandbox::new();
    let dir = sb.sample("c");
    let run = |args: &[&str]| {
        let out = sb.tthc(&dir).args(args).output().unwrap();
        (out.status.code(), stderr(&out))
    };
    let publish = |decision: &str, date: &str, dry: bool| {
        let mut args = vec![
            "publish",
            "--decision",
            decision,
            "--date",
            date,
            "--out",
            "../site",
        ];
        if dry {
            args.push("--dry-run");
        }
        run(&args)
    };
    assert_eq!(publish("2680/QĐ-UBND", "2021-12-20", false).0, Some(0));
    let commits = sb.commits(&dir);
    // The same decision again (spacing and case aside), for real and as a dry run.
    for dry in [false, true] {
        let (code, err) = publish("2680/qđ-ubnd ", "2022-01-10", dry);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("đã được ghi nhận"), "{err}");
    }
    // Dated before the previous publication.
    for dry in [false, true] {
        let (code, err) = publish("15/QĐ-UBND", "2021-06-30", dry);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("trước lần niêm yết trước"), "{err}");
    }
    // An empty number, also in a dry run; a date in the future.
    assert_eq!(publish("  ", "2022-01-10", true).0, Some(2));
    let (code, err) = publish("16/QĐ-UBND", "2099-01-01", true);
    assert_eq!(code, Some(2));
    assert!(err.contains("sau ngày hôm nay"), "{err}");
    assert_eq!(sb.commits(&dir), commits, "nothing was recorded");
}
