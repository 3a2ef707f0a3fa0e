//! Work that must not run on the UI thread — loading, git, saving, publishing — as data: the
//! [`Job`]s `update` asks for, the [`JobResult`]s it is handed back, and the worker thread that
//! runs one after the other (the UI tests run them inline with [`run_job`]).

use super::app::Loaded;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use tthc::diff::CatalogDiff;
use tthc::history::CommitInfo;
use tthc::i18n::Lang;
use tthc::model::Date;

/// A proposal operation run on the worker.
#[derive(Debug, Clone)]
pub enum ProposalOp {
    Draft(Box<tthc::workspace::proposals::DraftRequest>),
    Advance {
        id: String,
        step: tthc::proposal_rules::StepRequest,
    },
    Withdraw {
        id: String,
        note: Option<String>,
    },
    Apply {
        id: String,
        force: Option<String>,
        date: Option<Date>,
        /// Carry the proposal over onto the target's current version (offered after a stale
        /// refusal where no field conflicts).
        rebase: bool,
    },
}

/// Why a proposal job was refused, worded; and, when the target changed since the draft in
/// fields the proposal does not touch, the proposal that may be carried over onto it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalRefusal {
    pub text: String,
    pub rebase_offer: Option<String>,
}

/// Work that must not run on the UI thread.
#[derive(Debug, Clone)]
pub enum Job {
    LoadCatalog,
    /// The first load: the list from the summaries when they serve, then the whole catalogue.
    LoadFirst,
    LoadAt {
        commit: String,
        label: String,
    },
    Log {
        scope: Option<PathBuf>,
    },
    CommitDiff {
        commit: Box<CommitInfo>,
        title: String,
    },
    Compare {
        files: Vec<PathBuf>,
        a: String,
        b: String,
        title: String,
    },
    /// Save a form: write the file and commit, if nothing moved since `base_head`/`base_text`.
    Save {
        file: PathBuf,
        base_head: Option<String>,
        base_text: Option<String>,
        text: String,
        message: String,
    },
    /// Look for unsaved forms left by an earlier run.
    CheckJournal,
    /// What publishing now would change (the Xuất bản tab).
    PublishPreview,
    /// Publish: export every format, record the decision, commit, tag.
    Publish(Box<tthc::workspace::PublishRequest>),
    /// Draft or move a proposal; `journal` is the form whose journal entry to drop on success.
    Proposal {
        op: ProposalOp,
        lang: Lang,
        today: Date,
        journal: Option<(PathBuf, String)>,
    },
    /// Apply a decision to the catalogue (one commit), then read it again.
    DecisionApply {
        id: String,
        lang: Lang,
        today: Date,
    },
    /// Start, save or propose from a review form (one commit), then read the forms again.
    Review {
        op: super::reviewing::ReviewOp,
        lang: Lang,
        today: Date,
    },
    /// Read the review plans and forms (the reviews tab).
    LoadReviews,
    /// Read the files of an import and preview it, or write it (one commit).
    Import(Box<super::importing::Request>),
}

/// Why a save did not happen.
pub enum SaveFailure {
    /// HEAD or the file moved: here is what is there now.
    Stale {
        theirs_text: Option<String>,
        head: Option<String>,
    },
    Other(String),
}

/// What a job produced.
pub enum JobResult {
    Catalog(Result<Loaded, String>),
    CatalogAt {
        label: String,
        result: Result<Loaded, String>,
    },
    Log {
        scope: Option<PathBuf>,
        result: Result<Vec<CommitInfo>, String>,
    },
    Diff {
        title: String,
        result: Result<CatalogDiff, String>,
    },
    Saved {
        message: String,
        result: Result<String, SaveFailure>,
    },
    Journal(Vec<tthc::workspace::journal::JournalEntry>),
    Preview(Result<Box<tthc::workspace::PublishPreview>, String>),
    /// The output folder, and what publishing did.
    Published(PathBuf, Result<Box<tthc::workspace::PublishReport>, String>),
    Proposal(Result<tthc::workspace::proposals::Recorded, ProposalRefusal>),
    /// A decision applied (or refused), and the decision as it now stands.
    DecisionApplied(super::deciding::Applied),
    /// A review step done (or refused).
    Review(Box<super::reviewing::ReviewDone>),
    /// The review plans and forms, read.
    Reviews(Result<tthc::workspace::reviews::Reviews, String>),
    /// An import previewed or written.
    Import(Box<super::importing::Done>),
}

/// Start the worker thread: jobs sent to it run one after the other, off the UI thread, and
/// their results come back in order. `busy` is set while one runs (leaving waits for it).
pub fn spawn_worker(
    root: PathBuf,
    lang: Lang,
    busy: Arc<AtomicBool>,
) -> (mpsc::Sender<Job>, mpsc::Receiver<JobResult>) {
    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let (result_tx, result_rx) = mpsc::channel::<JobResult>();
    std::thread::spawn(move || {
        for job in job_rx {
            busy.store(true, Ordering::SeqCst);
            let result = run_job(&root, lang, job);
            busy.store(false, Ordering::SeqCst);
            if result_tx.send(result).is_err() {
                break;
            }
        }
    });
    (job_tx, result_rx)
}

/// Bring the path index up to date on a thread of its own (one build at a time: a second
/// waits for the first, then finds the index at HEAD).
fn prepare_history_in_background(root: &std::path::Path) {
    let root = root.to_owned();
    std::thread::spawn(move || {
        if let Ok(Some(repo)) = tthc::history::Repo::discover(&root) {
            let _ = repo.prepare_history();
        }
    });
}

/// Run one job to completion (off the UI thread in the real app, inline in tests).
/// Errors are worded in `lang`, the app's language.
pub fn run_job(root: &std::path::Path, lang: Lang, job: Job) -> JobResult {
    use tthc::words::Message;
    use tthc::workspace;
    // Levels and fields by their names in errors, as the manifest declares them.
    let names = workspace::manifest_at(root);
    let text = |e: workspace::WorkspaceError| e.message_with(lang, names.as_ref());
    match job {
        // Through the record cache, as the CLI opens it.
        Job::LoadCatalog => {
            // What the first screen freed (the summaries, on threads now gone) is handed back
            // before the whole records come in beside the list (issue 15).
            tthc::store::cache::return_free_memory();
            let result = workspace::open(root).map(Loaded::new).map_err(text);
            JobResult::Catalog(result)
        }
        Job::LoadFirst => match workspace::open_quick(root) {
            Ok(tthc::store::Opened::Overview(overview, _)) => {
                JobResult::Catalog(Ok(Loaded::outline(overview)))
            }
            Ok(tthc::store::Opened::Whole(cat, _)) => JobResult::Catalog(Ok(Loaded::new(cat))),
            Err(e) => JobResult::Catalog(Err(text(e))),
        },
        Job::LoadAt { commit, label } => JobResult::CatalogAt {
            label,
            result: workspace::open_at(root, &commit)
                .map(Loaded::new)
                .map_err(text),
        },
        Job::Log { scope } => {
            let result = workspace::log(root, scope.as_deref(), 5000).map_err(text);
            // Once history is asked for, the path index is brought up to date in the background,
            // so that the next question finds it ready. Not before: at 100,000 procedures with a
            // long history building it holds about 130 MB beside the catalogue (issue 15).
            prepare_history_in_background(root);
            JobResult::Log { scope, result }
        }
        Job::CommitDiff { commit, title } => JobResult::Diff {
            title,
            result: workspace::commit_diff(root, &commit).map_err(text),
        },
        Job::Compare { files, a, b, title } => {
            let result = if files.is_empty() {
                workspace::open_at(root, &a)
                    .and_then(|old| {
                        workspace::open_at(root, &b).map(|new| tthc::diff::catalogs(&old, &new))
                    })
                    .map_err(text)
            } else {
                workspace::diff_files(root, &files, Some(&a), &b).map_err(text)
            };
            JobResult::Diff { title, result }
        }
        Job::Save {
            file,
            base_head,
            base_text,
            text,
            message,
        } => super::editing::run_save(root, lang, file, base_head, base_text, text, message),
        Job::CheckJournal => JobResult::Journal(workspace::journal::list(root).unwrap_or_default()),
        Job::Proposal {
            op,
            lang,
            today,
            journal,
        } => super::proposing::run(root, op, lang, today, journal),
        job @ (Job::PublishPreview | Job::Publish(_)) => super::publishing::run(root, lang, job),
        Job::DecisionApply { id, lang, today } => super::deciding::run(root, &id, lang, today),
        Job::Import(req) => super::importing::run(root, lang, *req),
        Job::Review { op, lang, today } => super::reviewing::run(root, op, lang, today),
        Job::LoadReviews => super::reviewing::run_load(root, lang),
    }
}
