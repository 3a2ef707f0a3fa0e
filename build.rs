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

/// A fingerprint of everything that decides how a file's bytes become a record (the model, the
/// YAML codec, the cache encoding): the record cache is only read back by a build with the same.
fn record_fingerprint(manifest_dir: &Path) -> String {
    let mut files = Vec::new();
    for dir in ["src/model", "src/store/cache"] {
        println!("cargo:rerun-if-changed={dir}");
        collect_rs(&manifest_dir.join(dir), &mut files);
    }
    // The summaries keep collation keys: the collator (src/search.rs and the ICU crates'
    // versions in Cargo.lock) decides them. Cargo.lock also pins the serde and YAML crates.
    for file in [
        "src/store/yaml.rs",
        "src/store/canonical_yaml.rs",
        "src/search.rs",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={file}");
        files.push(manifest_dir.join(file));
    }
    files.sort();
    // FNV-1a, twice with different offsets: 128 bits, no dependency.
    let (mut a, mut b) = (0xcbf2_9ce4_8422_2325_u64, 0x6c62_272e_07bb_0142_u64);
    let mut feed = |bytes: &[u8]| {
        for &x in bytes {
            a = (a ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3);
            b = (b ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    feed(
        std::env::var("CARGO_PKG_VERSION")
            .unwrap_or_default()
            .as_bytes(),
    );
    for f in files {
        feed(
            f.strip_prefix(manifest_dir)
                .unwrap()
                .to_string_lossy()
                .as_bytes(),
        );
        feed(&std::fs::read(&f).unwrap_or_default());
    }
    format!("{a:016x}{b:016x}")
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_rs(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    println!(
        "cargo:rustc-env=TTHC_RECORD_FINGERPRINT={}",
        record_fingerprint(&manifest_dir)
    );
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
