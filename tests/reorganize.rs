//! After 1 July 2025: a reorganisation plan applied to the sample (every record accounted for:
//! transferred, handed over, kept, closed), in one commit; the dry run's redline; the transfer
//! shown as "chuyển cấp" in the changes page and the publication counts, not as new + abolished.

mod common;

use common::{Sandbox, stderr, stdout};
use serde_json::Value;
use std::fs;
use std::path::Path;
use tthc::model::{Manifest, Procedure, ProcedureStatus, PublicationKind, PublicationRecord};
use tthc::store;

fn run(sb: &Sandbox, root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = sb.tthc(root).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

fn ok(sb: &Sandbox, root: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(sb, root, args);
    assert_eq!(code, 0, "tthc {args:?}\n{out}\n{err}");
    out
}

fn read(root: &Path, level: &str, code: &str) -> Procedure {
    let rel = store::procedure_path(Default::default(), level, code);
    store::parse_text(&rel, &fs::read_to_string(root.join(&rel)).unwrap()).unwrap()
}

fn manifest(root: &Path) -> Manifest {
    let rel = Path::new(store::MANIFEST_FILE);
    store::parse_text(rel, &fs::read_to_string(root.join(rel)).unwrap()).unwrap()
}

fn procedure_files(root: &Path, level: &str) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(root.join("procedures").join(level))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .map(|n| n.trim_end_matches(".yaml").to_owned())
        .collect();
    out.sort();
    out
}

/// The sample's plan, written beside the catalogue; `edit` changes its text first.
fn plan(sb: &Sandbox, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    let path = sb.path().join("plan.yaml");
    fs::write(
        &path,
        edit(tthc::workspace::reorganize::SAMPLE_PLAN.to_owned()),
    )
    .unwrap();
    path
}

#[test]
fn the_sample_plan_accounts_for_every_record_in_one_commit() {
    let sb = Sandbox::new();
    let root = sb.sample("dt");
    let huyen_before = procedure_files(&root, "huyen");
    let xa_before = procedure_files(&root, "xa");
    // One exception of each kind: a transfer under another code, a record kept at its level,
    // one closed with no successor here.
    let plan = plan(&sb, |t| {
        t + "codes:\n\
             - level: huyen\n  code: 2.000294\n  action: close\n  note: Không chuyển về cấp xã\n\
             - level: huyen\n  code: 1.002425\n  action: keep\n\
             - level: huyen\n  code: 2.000992\n  to_code: 2.000992.x\n  units: [phuong-duy-tien]\n"
    });
    let plan = plan.to_str().unwrap();
    let commits = sb.commits(&root);

    // The dry run: the whole redline, nothing changed.
    let (code, dry, err) = run(&sb, &root, &["reorganize", "--plan", plan, "--dry-run"]);
    assert_eq!(code, 0, "{dry}\n{err}");
    assert_eq!(sb.commits(&root), commits);
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");
    assert!(dry.contains("Chạy thử: không thay đổi gì."), "{dry}");
    assert!(
        dry.contains("procedures/xa/1.001266.yaml (mới, chuyển từ 1.001266 Cấp huyện)"),
        "{dry}"
    );
    assert!(dry.contains("[-phong-tc-kh-]{+phong-kinh-te-xa+}"), "{dry}");
    assert!(dry.contains("thêm đơn vị phuong-tien-son"), "{dry}");
    assert!(
        dry.contains("giao       2.000815 (Cấp huyện) → 2.000815 (Cấp xã, đã có ở đó)"),
        "{dry}"
    );

    // Applying: one commit, clean, valid; every record has exactly one fate.
    let out = ok(
        &sb,
        &root,
        &["reorganize", "--plan", plan, "--format", "json"],
    );
    let o: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(sb.commits(&root), commits + 1);
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");
    ok(&sb, &root, &["validate"]);
    sb.fsck(&root);
    let records = o["records"].as_array().unwrap();
    assert_eq!(records.len(), huyen_before.len() + xa_before.len());
    let fate = |level: &str, code: &str| -> String {
        records
            .iter()
            .find(|r| r["level"] == level && r["code"] == code)
            .unwrap_or_else(|| panic!("{level}/{code} not accounted for"))["fate"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    for code in &huyen_before {
        let expected = match code.as_str() {
            "2.000294" => "closed",
            "1.002425" => "kept",
            c if xa_before.contains(&c.to_owned()) => "merged",
            _ => "transferred",
        };
        assert_eq!(fate("huyen", code), expected, "huyen/{code}");
    }
    for code in &xa_before {
        assert_eq!(fate("xa", code), "kept", "xa/{code}");
    }

    // A transfer: closed the day the new one starts, both sides name each other.
    let old = read(&root, "huyen", "1.001266");
    assert_eq!(old.status, ProcedureStatus::Abolished);
    assert_eq!(old.effective_until, Some(jiff::civil::date(2025, 7, 1)));
    let to = old.transferred_to.as_ref().unwrap();
    assert_eq!((to.level.as_str(), to.code.as_str()), ("xa", "1.001266"));
    assert_eq!(
        old.publication.as_ref().unwrap().kind,
        PublicationKind::Transferred
    );
    let new = read(&root, "xa", "1.001266");
    assert_eq!(new.status, ProcedureStatus::Published);
    assert_eq!(new.effective_from, Some(jiff::civil::date(2025, 7, 1)));
    let from = new.transferred_from.as_ref().unwrap();
    assert_eq!(
        (from.level.as_str(), from.code.as_str()),
        ("huyen", "1.001266")
    );
    assert_eq!(new.agencies.implementing, ["phong-kinh-te-xa"]);
    assert_eq!(
        new.agencies.address.as_deref(),
        Some("Bộ phận tiếp nhận và trả kết quả UBND phường")
    );
    assert!(new.local_code.is_none() && new.units.is_empty());
    // Under another code, for one ward.
    let renamed = read(&root, "xa", "2.000992.x");
    assert_eq!(renamed.units, ["phuong-duy-tien"]);
    // Handed to the record already at the commune level: no second file.
    let merged = read(&root, "huyen", "2.000815");
    assert_eq!(merged.transferred_to.as_ref().unwrap().level, "xa");
    assert!(read(&root, "xa", "2.000815").transferred_from.is_none());
    // Closed with no successor; kept where it was, agencies renamed.
    let closed = read(&root, "huyen", "2.000294");
    assert_eq!(closed.status, ProcedureStatus::Abolished);
    assert!(closed.transferred_to.is_none());
    let kept = read(&root, "huyen", "1.002425");
    assert_ne!(kept.status, ProcedureStatus::Abolished);
    assert!(
        kept.agencies
            .references()
            .iter()
            .all(|(_, _, id)| !id.starts_with("phong-") || id.ends_with("-xa"))
    );

    // The manifest: the new authority, the five wards, the dated change.
    let m = manifest(&root);
    assert_eq!(m.authority.province.as_deref(), Some("Ninh Bình"));
    let wards: Vec<&str> = m.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(
        wards,
        [
            "Phường Duy Tiên",
            "Phường Duy Tân",
            "Phường Đồng Văn",
            "Phường Duy Hà",
            "Phường Tiên Sơn"
        ]
    );
    assert_eq!(m.changes.len(), 1);
    assert_eq!(m.changes[0].date, Some(jiff::civil::date(2025, 7, 1)));
    assert_eq!(m.agency_now("phong-tu-phap"), "vp-hdnd-ubnd-xa");

    // The commit holds only what the plan changed.
    let message = sb.git(&root, &["log", "-1", "--format=%B"]);
    assert!(
        message.starts_with("Sắp xếp lại danh mục từ 01/07/2025: chuyển cấp 17, giữ"),
        "{message}"
    );

    // `tthc show` says the old record was transferred, not abolished.
    let shown = ok(&sb, &root, &["show", "1.001266", "--level", "huyen"]);
    assert!(shown.contains("Đã chuyển cấp thực hiện"), "{shown}");

    // `tthc diff` names the transfer, not a plain addition.
    let diff = ok(&sb, &root, &["diff", "HEAD~1", "HEAD"]);
    assert!(
        diff.contains(
            "> chuyển cấp  xa/1.001266  Chấm dứt hoạt động hộ kinh doanh (từ huyen/1.001266)"
        ),
        "{diff}"
    );
    assert!(!diff.contains("+ thêm  xa/1.001266"), "{diff}");

    // Applying again changes nothing.
    let (code, again, _) = run(&sb, &root, &["reorganize", "--plan", plan]);
    assert_eq!(code, 0);
    assert!(again.contains("đã được áp dụng từ trước"), "{again}");
    assert_eq!(sb.commits(&root), commits + 1);
}

#[test]
fn the_transfer_is_chuyen_cap_in_the_changes_page_and_the_counts() {
    let sb = Sandbox::new();
    let root = sb.sample("dt");
    let site = sb.path().join("site");
    let site = site.to_str().unwrap();
    ok(
        &sb,
        &root,
        &[
            "publish",
            "--decision",
            "1108/QĐ-UBND",
            "--date",
            "2021-06-28",
            "--out",
            site,
        ],
    );
    let plan = plan(&sb, |t| t);
    ok(
        &sb,
        &root,
        &["reorganize", "--plan", plan.to_str().unwrap()],
    );
    let out = ok(
        &sb,
        &root,
        &[
            "publish",
            "--decision",
            "99/QĐ-UBND",
            "--date",
            "2025-07-01",
            "--out",
            site,
        ],
    );
    assert!(out.contains("19 chuyển cấp"), "{out}");
    let records: Vec<PublicationRecord> = fs::read_dir(root.join("publications"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| store::parse_text(&p, &fs::read_to_string(&p).unwrap()).unwrap())
        .collect();
    let latest = records.iter().find(|r| r.decision == "99/QĐ-UBND").unwrap();
    assert_eq!(latest.counts.transferred, 19);
    assert_eq!(latest.counts.new, 0, "not new");
    assert_eq!(latest.counts.abolished, 0, "not abolished");
    assert_eq!(latest.changes.transferred.len(), 19);
    let page = fs::read_to_string(Path::new(site).join("thay-doi.html")).unwrap();
    assert!(
        page.contains("4. Thủ tục hành chính chuyển cấp thực hiện (19)"),
        "{page}"
    );
    assert!(page.contains("1.001266 (Cấp huyện)"), "{page}");
}

#[test]
fn a_plan_naming_what_is_not_there_is_refused_and_nothing_changes() {
    let sb = Sandbox::new();
    let root = sb.sample("dt");
    let commits = sb.commits(&root);
    let plan = plan(&sb, |t| {
        t.replace(
            "- from: so-tu-phap\n  to: so-tu-phap-ninh-binh\n  name: Sở Tư pháp tỉnh Ninh Bình\n",
            "- from: so-tu-phap\n  to: so-tu-phap-ninh-binh\n",
        )
    });
    let plan = plan.to_str().unwrap();
    let (code, _, err) = run(&sb, &root, &["reorganize", "--plan", plan]);
    assert_eq!(code, 1);
    assert!(
        err.contains("danh mục không có cơ quan `so-tu-phap-ninh-binh`"),
        "{err}"
    );
    let (code, _, err) = run(&sb, &root, &["--lang", "en", "reorganize", "--plan", plan]);
    assert_eq!(code, 1);
    assert!(
        err.contains("the catalogue declares no agency `so-tu-phap-ninh-binh`"),
        "{err}"
    );
    assert_eq!(sb.commits(&root), commits);
    assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");
}

#[test]
fn each_unit_gets_its_listing_and_all_units_an_index() {
    let sb = Sandbox::new();
    let root = sb.sample("dt");
    let plan = plan(&sb, |t| {
        t + "codes:\n\
             - level: huyen\n  code: 2.000992\n  units: [phuong-duy-tien]\n"
    });
    ok(
        &sb,
        &root,
        &["reorganize", "--plan", plan.to_str().unwrap()],
    );
    let out = |name: &str| sb.path().join(name);
    let page = "thu-tuc/xa/2.000992.html";

    ok(
        &sb,
        &root,
        &[
            "export",
            "--unit",
            "phuong-duy-tien",
            "--out",
            out("tien").to_str().unwrap(),
        ],
    );
    ok(
        &sb,
        &root,
        &[
            "export",
            "--unit",
            "phuong-duy-tan",
            "--out",
            out("tan").to_str().unwrap(),
        ],
    );
    // The record for one ward is in its listing only; district records are in none.
    assert!(out("tien").join(page).is_file());
    assert!(!out("tan").join(page).exists());
    assert!(out("tan").join("thu-tuc/xa/1.001266.html").is_file());
    assert!(!out("tan").join("thu-tuc/huyen").exists());
    let index = fs::read_to_string(out("tan").join("index.html")).unwrap();
    assert!(
        index.contains("<title>Danh mục thủ tục hành chính Phường Duy Tân"),
        "{index}"
    );
    let csv = fs::read_to_string(out("tan").join("danh-muc-tthc.csv")).unwrap();
    assert!(!csv.contains("2.000992") && csv.contains("1.001266"));

    ok(
        &sb,
        &root,
        &[
            "export",
            "--all-units",
            "--out",
            out("all").to_str().unwrap(),
        ],
    );
    let all = out("all");
    for id in [
        "phuong-duy-tien",
        "phuong-duy-tan",
        "phuong-dong-van",
        "phuong-duy-ha",
        "phuong-tien-son",
    ] {
        assert!(all.join(id).join("index.html").is_file(), "{id}");
        assert!(all.join(id).join("danh-muc-tthc.json").is_file(), "{id}");
    }
    assert!(all.join("phuong-duy-tien").join(page).is_file());
    assert!(!all.join("phuong-tien-son").join(page).exists());
    let units: Value =
        serde_json::from_str(&fs::read_to_string(all.join("don-vi.json")).unwrap()).unwrap();
    let units = units["units"].as_array().unwrap();
    assert_eq!(units.len(), 5);
    let count = |id: &str| units.iter().find(|u| u["id"] == id).unwrap()["procedures"].clone();
    assert_eq!(
        count("phuong-duy-tien").as_u64().unwrap(),
        count("phuong-duy-tan").as_u64().unwrap() + 1
    );
    let index = fs::read_to_string(all.join("index.html")).unwrap();
    assert!(
        index.contains("<a href=\"phuong-dong-van/index.html\">Phường Đồng Văn</a>"),
        "{index}"
    );

    // A unit that is not declared: refused, nothing written.
    let (code, _, err) = run(
        &sb,
        &root,
        &[
            "export",
            "--unit",
            "phuong-hoa-mac",
            "--out",
            out("none").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("không có đơn vị `phuong-hoa-mac`"), "{err}");
    assert!(!out("none").exists());
}

/// Run the pipeline's own script the way a runner would, with the given CI variables.
fn run_pipeline_script(sb: &Sandbox, root: &Path, vars: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg(".tthc/ci.sh")
        .current_dir(root)
        .env("HOME", sb.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TTHC_TOOLS", sb.path().join("tools"))
        .env("TTHC_FROM", env!("CARGO_BIN_EXE_tthc"))
        .env("LANG", "C.UTF-8");
    for v in [
        "CI_COMMIT_BRANCH",
        "CI_PIPELINE_SOURCE",
        "GITHUB_REF_NAME",
        "GITHUB_EVENT_NAME",
        "GITEA_REF_NAME",
        "TTHC_DEPLOY_DIR",
    ] {
        cmd.env_remove(v);
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        format!("{}{}", stdout(&out), stderr(&out)),
    )
}

#[test]
fn the_generated_pipelines_validate_every_push_and_publish_main() {
    for (server, file) in [
        ("gitlab", ".gitlab-ci.yml"),
        ("github", ".github/workflows/tthc.yml"),
        ("gitea", ".gitea/workflows/tthc.yml"),
    ] {
        let sb = Sandbox::new();
        let root = sb.sample("dt");
        let commits = sb.commits(&root);
        ok(
            &sb,
            &root,
            &[
                "init",
                "--ci",
                server,
                "--tthc-from",
                "https://example.invalid/tthc",
            ],
        );
        assert_eq!(sb.commits(&root), commits + 1, "{server}: one commit");
        assert_eq!(sb.git(&root, &["status", "--porcelain"]), "");
        let text = fs::read_to_string(root.join(file)).unwrap();
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert!(text.contains("sh .tthc/ci.sh"), "{server}: {text}");
        assert!(text.contains("https://example.invalid/tthc"), "{server}");
        match server {
            "gitlab" => {
                assert_eq!(yaml["pages"]["artifacts"]["paths"][0], "public");
                assert!(yaml["tthc-validate"]["rules"].is_sequence());
            }
            _ => assert!(yaml["jobs"]["listing"]["steps"].is_sequence(), "{server}"),
        }
        // Running it again changes nothing.
        ok(
            &sb,
            &root,
            &[
                "init",
                "--ci",
                server,
                "--tthc-from",
                "https://example.invalid/tthc",
            ],
        );
        assert_eq!(sb.commits(&root), commits + 1);
    }

    // The script itself, run locally as the runner would, tthc taken from a path.
    let sb = Sandbox::new();
    let root = sb.sample("dt");
    let plan = plan(&sb, |t| t);
    ok(
        &sb,
        &root,
        &["reorganize", "--plan", plan.to_str().unwrap()],
    );
    ok(&sb, &root, &["init", "--ci", "gitlab"]);
    let public = root.join("public");

    // A merge request and another branch: validated, nothing posted.
    let (code, log) = run_pipeline_script(
        &sb,
        &root,
        &[
            ("CI_PIPELINE_SOURCE", "merge_request_event"),
            ("TTHC_MAIN_BRANCH", "main"),
        ],
    );
    assert_eq!(code, 0, "{log}");
    assert!(!public.exists(), "{log}");
    let (code, log) = run_pipeline_script(
        &sb,
        &root,
        &[
            ("GITHUB_REF_NAME", "sua-phi"),
            ("GITHUB_EVENT_NAME", "push"),
            ("TTHC_MAIN_BRANCH", "main"),
        ],
    );
    assert_eq!(code, 0, "{log}");
    assert!(!public.exists(), "{log}");

    // The main branch: the listing and every unit's, copied to the static host's folder.
    let host = sb.path().join("www");
    let (code, log) = run_pipeline_script(
        &sb,
        &root,
        &[
            ("CI_COMMIT_BRANCH", "main"),
            ("TTHC_MAIN_BRANCH", "main"),
            ("TTHC_DEPLOY_DIR", host.to_str().unwrap()),
        ],
    );
    assert_eq!(code, 0, "{log}");
    assert!(public.join("index.html").is_file(), "{log}");
    assert!(
        public.join("don-vi/phuong-duy-ha/index.html").is_file(),
        "{log}"
    );
    assert!(host.join("thay-doi.html").is_file(), "{log}");
    fs::remove_dir_all(&public).unwrap();

    // An error fails the pipeline loudly and posts nothing.
    let rel = root.join("procedures/xa/1.001193.yaml");
    let broken = fs::read_to_string(&rel)
        .unwrap()
        .replace("level: xa", "level: khong-co");
    fs::write(&rel, broken).unwrap();
    let (code, log) = run_pipeline_script(
        &sb,
        &root,
        &[("CI_COMMIT_BRANCH", "main"), ("TTHC_MAIN_BRANCH", "main")],
    );
    assert_ne!(code, 0, "{log}");
    assert!(log.contains("tthc-ci: LỖI"), "{log}");
    assert!(!public.exists(), "{log}");

    // tthc that cannot be found is an error too, not a silent pass.
    let (code, log) = run_pipeline_script(
        &sb,
        &root,
        &[
            ("CI_COMMIT_BRANCH", "main"),
            ("TTHC_FROM", "/khong/co/tthc"),
        ],
    );
    assert_ne!(code, 0, "{log}");
    assert!(log.contains("tthc-ci: LỖI"), "{log}");
}

#[test]
fn two_offices_share_one_remote_after_the_reorganisation_and_see_each_others_commits_by_unit() {
    let sb = Sandbox::new();
    let origin = sb.sample("dt");
    // The province's office reorganises, then shares the catalogue through a bare remote.
    let plan = plan(&sb, |t| {
        t + "codes:\n\
             - level: huyen\n  code: 2.000992\n  units: [phuong-duy-tien]\n"
    });
    ok(
        &sb,
        &origin,
        &["reorganize", "--plan", plan.to_str().unwrap()],
    );
    let bare = sb.path().join("remote.git");
    sb.git(
        sb.path(),
        &[
            "clone",
            "-q",
            "--bare",
            origin.to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
    );
    let clone = |name: &str, who: (&str, &str)| {
        let dir = sb.path().join(name);
        sb.git(
            sb.path(),
            &["clone", "-q", bare.to_str().unwrap(), dir.to_str().unwrap()],
        );
        sb.set_identity(&dir, who.0, who.1);
        dir
    };
    let tinh = clone("tinh", ("Lê Thị Tỉnh", "tinh@ninhbinh.example"));
    let ward = clone("duy-tien", ("Trần Văn Phường", "phuong@duytien.example"));

    // The ward's office edits the record only it carries out; the province edits another.
    sb.tthc(&ward)
        .args([
            "edit",
            "2.000992",
            "--level",
            "xa",
            "-m",
            "Ghi chú của phường",
        ])
        .env(
            "EDITOR",
            common::sed_editor("$a notes: Tiếp nhận tại phường Duy Tiên"),
        )
        .assert()
        .success();
    ok(&sb, &ward, &["sync"]);
    sb.tthc(&tinh)
        .args(["edit", "1.001193", "-m", "Sửa ghi chú"])
        .env("EDITOR", common::sed_editor("$a notes: Áp dụng mọi phường"))
        .assert()
        .success();

    // The province's sync merges both and reports the ward's commit under its unit.
    let out = ok(&sb, &tinh, &["sync"]);
    assert!(out.contains("Đã hợp nhất và gửi lên"), "{out}");
    assert!(
        out.contains("Nơi khác đã thay đổi từ lần đồng bộ trước (1 lần ghi)"),
        "{out}"
    );
    let at = out
        .find("  Phường Duy Tiên\n")
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        out[at..].contains("Trần Văn Phường <phuong@duytien.example>"),
        "{out}"
    );
    assert_eq!(sb.git(&tinh, &["status", "--porcelain"]), "");

    // The ward takes the province's change: one commit for every ward, in JSON too.
    let out = ok(&sb, &ward, &["sync", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["outcome"], "fast_forwarded", "{out}");
    let incoming = v["incoming"].as_array().unwrap();
    assert_eq!(incoming.len(), 1, "{out}");
    assert_eq!(incoming[0]["author"], "Lê Thị Tỉnh");
    assert_eq!(incoming[0]["all_of_level"][0], "xa");
    assert!(read(&ward, "xa", "1.001193").notes.is_some());
    assert!(read(&tinh, "xa", "2.000992").notes.is_some());
    ok(&sb, &ward, &["validate"]);
}

#[test]
fn the_demo_after_2025_tells_the_second_story() {
    let sb = Sandbox::new();
    let dir = sb.path().join("demo25");
    ok(
        &sb,
        sb.path(),
        &["demo", "--after-2025", "--dir", dir.to_str().unwrap()],
    );
    let log = sb.git(&dir, &["log", "--format=%ad|%s", "--date=short", "-2"]);
    let lines: Vec<&str> = log.lines().collect();
    assert!(
        lines[0].starts_with("2025-07-01|Sắp xếp lại danh mục từ 01/07/2025: chuyển cấp 19"),
        "{log}"
    );
    assert!(lines[1].starts_with("2025-06-24|Kế hoạch sắp xếp"), "{log}");
    assert!(dir.join("ke-hoach/sap-xep-2025-07-01.yaml").is_file());
    ok(&sb, &dir, &["validate"]);
    assert_eq!(manifest(&dir).units.len(), 5);
    // No district procedure is in force any more; the wards carry them out.
    for code in procedure_files(&dir, "huyen") {
        assert_eq!(
            read(&dir, "huyen", &code).status,
            ProcedureStatus::Abolished,
            "{code}"
        );
        let to = read(&dir, "huyen", &code).transferred_to.unwrap();
        assert_eq!(to.level, "xa", "{code}");
        assert!(
            dir.join(format!("procedures/xa/{}.yaml", to.code))
                .is_file()
        );
    }
    let site = sb.path().join("wards");
    ok(
        &sb,
        &dir,
        &["export", "--all-units", "--out", site.to_str().unwrap()],
    );
    assert!(
        site.join("phuong-tien-son/thu-tuc/xa/1.001612.html")
            .is_file()
    );
}
