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

/// The code of a file without comments and without its trailing `#[cfg(test)] mod tests`.
fn production_code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The library's top-level modules and, for each, the modules its production code names
/// (`crate::x`), with one file that does.
fn core_graph() -> std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph =
        std::collections::BTreeMap::<String, std::collections::BTreeMap<String, String>>::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let top = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_owned();
        // The faces and the binary's root sit above everything; test-only files do not count.
        if ["cli", "tui", "main", "lib"].contains(&top.as_str()) || rel.ends_with("_tests.rs") {
            continue;
        }
        let code = production_code(&fs::read_to_string(&file).unwrap());
        let deps = graph.entry(top.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != top {
                deps.entry(name).or_insert_with(|| rel.clone());
            }
        }
    }
    graph
}

/// `issue 14`: the core has one direction. Prints the layers (run with `--nocapture` to see the
/// module graph); fails naming one cycle and the files that make it.
#[test]
fn the_core_module_graph_has_no_cycle() {
    let graph = core_graph();
    assert!(graph.len() > 10, "{graph:?}");
    // Peel off modules whose dependencies are all placed: each round is one layer.
    let mut placed = std::collections::BTreeSet::<String>::new();
    let mut layers = Vec::new();
    loop {
        let layer: Vec<String> = graph
            .iter()
            .filter(|(m, deps)| {
                !placed.contains(*m)
                    && deps
                        .keys()
                        .all(|d| placed.contains(d) || !graph.contains_key(d))
            })
            .map(|(m, _)| m.clone())
            .collect();
        if layer.is_empty() {
            break;
        }
        placed.extend(layer.iter().cloned());
        layers.push(layer);
    }
    for (i, layer) in layers.iter().enumerate() {
        println!("layer {i}: {}", layer.join(", "));
    }
    let rest: Vec<&String> = graph.keys().filter(|m| !placed.contains(*m)).collect();
    if let Some(start) = rest.first() {
        // Walk the unplaced modules until one repeats: that walk is a cycle.
        let mut path = vec![(*start).clone()];
        loop {
            let here = path.last().unwrap();
            let next = graph[here]
                .keys()
                .find(|d| rest.contains(d))
                .expect("an unplaced module depends on another unplaced one")
                .clone();
            if let Some(at) = path.iter().position(|m| *m == next) {
                let cycle: Vec<String> = path[at..]
                    .iter()
                    .zip(path[at + 1..].iter().chain(std::iter::once(&next)))
                    .map(|(a, b)| format!("{a} → {b} ({})", graph[a][b]))
                    .collect();
                panic!("the core modules form a cycle:\n  {}", cycle.join("\n  "));
            }
            path.push(next);
        }
    }
}

/// The library never draws, parses arguments or prints: that is the faces' work.
#[test]
fn the_library_neither_draws_nor_prints() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("cli/")
            || rel.starts_with("tui/")
            || rel == "main.rs"
            || rel.ends_with("_tests.rs")
        {
            continue;
        }
        let code = production_code(&fs::read_to_string(&file).unwrap());
        for word in [
            "ratatui",
            "crossterm",
            "clap::",
            "println!",
            "eprintln!",
            "print!(",
            "std::process::exit",
        ] {
            assert!(
                !code.contains(word),
                "{rel} uses {word}: only the faces may"
            );
        }
    }
}

/// Every Rust file below `dir` (from the crate's root): its path from `dir`, with `/`, and
/// its text.
fn sources(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files
        .into_iter()
        .map(|file| {
            let rel = file.strip_prefix(&root).unwrap().to_string_lossy();
            (rel.replace('\\', "/"), fs::read_to_string(&file).unwrap())
        })
        .collect()
}

/// The CLI's shared arguments stay shared (issue 14): the output formats and the argument
/// groups several commands take (`--format`, `CODE [--level]`, `--at`) are declared once, in
/// `cli/args.rs`, and a commit is shortened by one rule (`present::short_commit`).
#[test]
fn the_cli_declares_its_shared_arguments_once() {
    let files = sources("src/cli");
    assert!(files.len() > 10);
    // The doc lines of the shared groups, whole (a command's own `--format` may say more).
    let shared_docs = [
        "/// Output format",
        "/// Level, when the code exists at more than one (id or name)",
        "/// The catalogue as recorded at this commit, tag, branch or date (YYYY-MM-DD or dd/mm/yyyy), read from git",
    ];
    for (rel, text) in files {
        if rel == "args.rs" {
            continue;
        }
        for line in text.lines().map(str::trim) {
            if let Some(rest) = line
                .strip_prefix("enum ")
                .or_else(|| line.split_once(" enum ").map(|(_, r)| r))
            {
                let name = rest.split([' ', '{', '<']).next().unwrap_or("");
                assert!(
                    !name.ends_with("Format"),
                    "cli/{rel} declares `enum {name}`: output formats live in cli/args.rs"
                );
            }
            for doc in shared_docs {
                assert!(
                    line != doc,
                    "cli/{rel} declares `{doc}` again: take the group from cli/args.rs"
                );
            }
            assert!(
                !line.contains("[..10.min(") && !line.contains(".len().min(10)]"),
                "cli/{rel} shortens a commit by hand: use tthc::present::short_commit"
            );
        }
    }
}

/// Words in one place (issue 14, item 5): the library's errors carry data, `words` renders
/// them in both languages; no language is kept in a global.
#[test]
fn library_errors_carry_data_and_no_language_is_global() {
    for (rel, text) in sources("src") {
        let text = production_code(&text);
        for line in text.lines().map(str::trim) {
            // `static` as a word (not the lifetime `'static`).
            let is_static = line
                .split(|c: char| !c.is_alphanumeric() && c != '_' && c != '\'')
                .any(|w| w == "static");
            assert!(
                !((is_static && line.contains(": Lang")) || line.contains("<Lang>>")),
                "{rel} keeps the language in a global: `{line}`"
            );
        }
        let library = !rel.starts_with("cli/") && !rel.starts_with("tui/");
        if library
            && (rel.ends_with("error.rs") || rel.ends_with("errors.rs"))
            && !rel.starts_with("words/")
        {
            for words in [
                "fn message",
                "lang.pick",
                "Lang::Vi =>",
                "impl std::fmt::Display",
                "impl fmt::Display",
            ] {
                assert!(
                    !text.contains(words),
                    "{rel} words its errors (`{words}`): render them in src/words/"
                );
            }
        }
    }
}
