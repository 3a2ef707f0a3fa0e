//! Embeds the sample catalogue (`catalog/`) into the binary for `tthc init --sample` and the demo.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(&path, base, out);
        } else if name.ends_with(".yaml") || name.ends_with(".html") || name.ends_with(".css") {
            out.push(path.strip_prefix(base).unwrap().to_path_buf());
        }
    }
}

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let base = manifest_dir.join("catalog");
    println!("cargo:rerun-if-changed=catalog");
    let mut files = Vec::new();
    collect(&base, &base, &mut files);
    let mut code = String::from("pub static SAMPLE_FILES: &[(&str, &str)] = &[\n");
    for rel in files {
        let rel_slash = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let abs = base.join(&rel);
        writeln!(
            code,
            "    ({rel_slash:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("sample_catalog.rs");
    std::fs::write(out, code).unwrap();
}
