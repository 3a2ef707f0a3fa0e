//! The faces go through the workspace: only `store/yaml.rs` names the YAML crate and only
//! `history/` names git2.

use std::fs;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn yaml_and_git2_stay_in_their_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 10);
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = fs::read_to_string(&file).unwrap();
        if rel != "store/yaml.rs" {
            assert!(!text.contains("serde_yaml"), "{rel} names the YAML crate");
        }
        if !rel.starts_with("history/") {
            assert!(
                !text.contains("git2::") && !text.contains("use git2"),
                "{rel} names git2"
            );
        }
    }
}

#[test]
fn the_faces_open_catalogues_through_the_workspace() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join("cli"), &mut files);
    rust_files(&src.join("tui"), &mut files);
    assert!(files.len() > 10);
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for bypass in ["store::find_root", "store::load(", "store::load_manifest"] {
            assert!(
                !text.contains(bypass),
                "{} calls {bypass}: go through workspace (cache, recovery, shared rules)",
                file.display()
            );
        }
    }
}
