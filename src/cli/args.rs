//! The arguments several commands share, declared once: the output formats, a procedure named by
//! its code (and level), the catalogue folder, and `--at`. A command takes a group with
//! `#[command(flatten)]`; its help (and the Vietnamese help in `clap_vi`) reads as if it were
//! declared in the command itself.

use std::path::PathBuf;

/// Text for people, or JSON for programs (`--format text|json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextFormat {
    Text,
    Json,
}

/// A table for people, or JSON or CSV for programs (`--format table|json|csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
    Csv,
}

/// A report's counts as a table (with the list), as CSV (the counts alone) or as JSON (both);
/// listed in this order in its help (`--format table|csv|json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
}

/// A review form as text, as the YAML it is stored as, or as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormFormat {
    Text,
    Yaml,
    Json,
}

/// The file a review report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    Xlsx,
    Docx,
    Csv,
    Json,
}

/// `--format text|json`, text by default.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct TextOutput {
    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

impl TextOutput {
    pub fn json(self) -> bool {
        self.format == TextFormat::Json
    }
}

/// `--format table|json|csv`, a table by default.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct TableOutput {
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// One procedure: `CODE [--level LEVEL]`.
#[derive(Debug, Clone, clap::Args)]
pub struct ProcedureArg {
    /// Procedure code, e.g. 1.001193
    pub code: String,
    /// Level, when the code exists at more than one (id or name)
    #[arg(long)]
    pub level: Option<String>,
}

/// `[PATH]`: the catalogue folder, given as the command's argument.
#[derive(Debug, Clone, clap::Args)]
pub struct CatalogArgs {
    /// Catalogue folder (default: found from the current folder upward)
    pub path: Option<PathBuf>,
}

/// `--at REV|DATE`: the catalogue as recorded in git, instead of the files as they are.
#[derive(Debug, Clone, clap::Args)]
pub struct AtArg {
    /// The catalogue as recorded at this commit, tag, branch or date (YYYY-MM-DD or dd/mm/yyyy), read from git
    #[arg(long, value_name = "REV|DATE", value_parser = super::input::rev_or_date)]
    pub at: Option<String>,
}
