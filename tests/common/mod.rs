//! Helpers shared by the integration tests: temporary catalogues, git identities, the binary.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary HOME with a git identity, so commits work without touching the user's config.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        fs::create_dir_all(&home).unwrap();
        fs::write(
            home.join(".gitconfig"),
            "[user]\n\tname = Nguyễn Văn Pháp\n\temail = phap@duytien.example\n",
        )
        .unwrap();
        Sandbox { dir }
    }

    /// A sandbox whose HOME has no git identity.
    pub fn without_identity() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("home")).unwrap();
        Sandbox { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// `tthc` with this sandbox's HOME, an English-neutral locale and the given working folder.
    pub fn tthc(&self, cwd: &Path) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("tthc").unwrap();
        self.isolate(cmd.current_dir(cwd));
        cmd
    }

    /// Plain `git` isolated the same way.
    pub fn git(&self, cwd: &Path, args: &[&str]) -> String {
        let mut cmd = Command::new("git");
        cmd.args(args).current_dir(cwd);
        self.isolate_std(&mut cmd);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn isolate(&self, cmd: &mut assert_cmd::Command) {
        cmd.env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("VISUAL")
            .env("EDITOR", "false")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
    }

    fn isolate_std(&self, cmd: &mut Command) {
        cmd.env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE");
    }

    /// Create the sample catalogue at `<sandbox>/name` with `tthc init --sample`.
    pub fn sample(&self, name: &str) -> PathBuf {
        self.tthc(self.path())
            .args(["init", name, "--sample"])
            .assert()
            .success();
        self.path().join(name)
    }
}

/// Write the embedded sample catalogue into `dir` without git.
pub fn write_sample(dir: &Path) {
    for (rel, content) in tthc::workspace::sample_files() {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, content).unwrap();
    }
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

impl Sandbox {
    /// Assert the repository at `dir` is sound (`git fsck --strict`).
    pub fn fsck(&self, dir: &Path) {
        self.git(dir, &["fsck", "--strict", "--no-dangling"]);
    }

    /// Commit count on HEAD.
    pub fn commits(&self, dir: &Path) -> usize {
        self.git(dir, &["rev-list", "--count", "HEAD"])
            .trim()
            .parse()
            .unwrap()
    }

    /// A second identity for "another office".
    pub fn set_identity(&self, repo: &Path, name: &str, email: &str) {
        self.git(repo, &["config", "user.name", name]);
        self.git(repo, &["config", "user.email", email]);
    }
}

/// An `EDITOR` value that applies a sed expression to the file.
pub fn sed_editor(expr: &str) -> String {
    format!("sed -i -e '{expr}'")
}
