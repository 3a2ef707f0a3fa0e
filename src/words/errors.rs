//! The words of every library error, in Vietnamese and English.
//!
//! The error types carry data only (what failed, on which file, with which value); this module
//! says it in the user's language. Their `Display` is the English text from here, for logs and
//! test failures; the faces call [`Message::message`] with the user's language.
//!
//! Levels are named by the manifest when one is at hand ([`Message::message_with`]): "Cấp xã"
//! rather than `xa`.

use crate::export::{ExportError, ForbiddenOut, LeftOut, LeftOutReason};
use crate::history::HistoryError;
use crate::i18n::*;
use crate::model::{Date, Manifest, ProposalStatus};
use crate::present::short_commit;
use crate::proposal_rules::RuleError;
use crate::store::StoreError;
use crate::synthetic::SyntheticError;
use crate::words::Describe;
use crate::workspace::WorkspaceError;
use crate::workspace::decisions::DecisionError;
use crate::workspace::intent::Recovery;
use crate::workspace::proposals::ProposalError;
use std::fmt;
use std::path::{Path, PathBuf};

/// Something that tells the user what happened, in their language.
pub trait Message {
    /// The words in `lang`, with levels named by `names` when it declares them.
    fn message_with(&self, lang: Lang, names: Option<&Manifest>) -> String;

    /// The words in `lang`.
    fn message(&self, lang: Lang) -> String {
        self.message_with(lang, None)
    }

    /// What the user can do about it, when there is something to say.
    fn hint(&self, _lang: Lang) -> Option<String> {
        None
    }
}

/// "thủ tục 1.001193 (Cấp xã)".
pub(super) fn procedure(code: &str, level: &str, names: Option<&Manifest>, lang: Lang) -> String {
    format!(
        "{} {code} ({})",
        lang.pick("thủ tục", "procedure"),
        level_name(level, names, lang)
    )
}

fn paths(list: &[PathBuf]) -> String {
    list.iter()
        .map(|p| format!("\n  {}", p.display()))
        .collect()
}

impl Message for std::io::Error {
    fn message_with(&self, lang: Lang, _: Option<&Manifest>) -> String {
        io_error(self, lang)
    }
}

fn at_path(path: &Path, e: &std::io::Error, lang: Lang) -> String {
    format!("{}: {}", path.display(), io_error(e, lang))
}

impl Message for StoreError {
    fn message_with(&self, lang: Lang, _: Option<&Manifest>) -> String {
        match self {
            StoreError::NotACatalog { path } => format!(
                "{}: {}",
                path.display(),
                lang.pick(
                    "không phải thư mục danh mục (không có catalog.yaml)",
                    "not a catalogue folder (no catalog.yaml)"
                )
            ),
            StoreError::Io { path, source } => at_path(path, source, lang),
            StoreError::Serialize { path, detail } => format!(
                "{}: {} ({detail})",
                path.display(),
                lang.pick("không ghi được bản ghi", "cannot write the record")
            ),
        }
    }
}

impl Message for HistoryError {
    fn message_with(&self, lang: Lang, _: Option<&Manifest>) -> String {
        match (self, lang) {
            (HistoryError::NoIdentity, Lang::Vi) => "chưa khai báo danh tính git (tên, email) để ghi tác giả thay đổi; đặt bằng\n  git config --global user.name \"Họ Tên\"\n  git config --global user.email \"ten@example.gov.vn\"".into(),
            (HistoryError::NoIdentity, Lang::En) => "no git identity is configured; set one with\n  git config --global user.name \"Họ Tên\"\n  git config --global user.email \"ten@example.gov.vn\"".into(),
            (HistoryError::HeadMoved { .. }, _) => lang.pick(
                "kho git đã có thay đổi khác từ lúc bắt đầu (người khác hoặc lệnh khác vừa lưu); chưa lưu gì — hãy chạy lại lệnh",
                "the repository changed since this command started (someone else just saved); nothing was saved — run the command again",
            ).into(),
            (HistoryError::OutsideWorkTree { path }, _) => format!(
                "{}: {}",
                path.display(),
                lang.pick("nằm ngoài thư mục làm việc của kho git", "is not inside the repository's work tree")
            ),
            (HistoryError::Bare, _) => lang.pick(
                "kho git không có thư mục làm việc (kho trần, bare)",
                "the repository has no work tree (it is bare)",
            ).into(),
            (HistoryError::UnknownRevision(spec), Lang::Vi) => format!(
                "`{spec}` không phải là commit, thẻ (tag), nhánh, cũng không phải ngày (dd/mm/yyyy) có commit vào hoặc trước ngày đó"
            ),
            (HistoryError::UnknownRevision(spec), Lang::En) => format!(
                "`{spec}` is neither a commit, tag, branch nor a date (YYYY-MM-DD) with commits on or before it"
            ),
            (HistoryError::GitCommand { args, detail }, _) => {
                let failed = lang.pick("không thành công", "failed");
                if detail.is_empty() {
                    format!("`git {args}` {failed}")
                } else {
                    // git's own words, in the language git was installed with.
                    format!("`git {args}` {failed}:\n{detail}")
                }
            }
            (HistoryError::Git(e), _) => format!("{} ({})", lang.pick("lỗi kho git", "git error"), e.message()),
            (HistoryError::TagExists { name }, _) => format!(
                "{} `{name}` {}",
                lang.pick("thẻ", "the tag"),
                lang.pick("đã có", "already exists")
            ),
            (HistoryError::DetachedHead, _) => detached(lang).into(),
            (HistoryError::Io { path, source }, _) => at_path(path, source, lang),
        }
    }
}

fn detached(lang: Lang) -> &'static str {
    lang.pick(
        "kho git không ở trên nhánh nào (detached HEAD); hãy chuyển sang một nhánh trước (git switch main)",
        "the repository is not on a branch (detached HEAD); switch to a branch first (git switch main)",
    )
}

/// One procedure the listing cannot hold, in words.
pub fn left_out(l: &LeftOut, lang: Lang) -> String {
    let why = match l.reason {
        LeftOutReason::UnusableName => lang.pick(
            "cấp hoặc mã không dùng được làm tên tệp",
            "the level or code cannot be used in a file name",
        ),
        LeftOutReason::Duplicate => lang.pick(
            "trùng mã với một thủ tục khác cùng cấp",
            "the same code as another procedure of that level",
        ),
    };
    format!("{}/{}: {why}", l.level, l.code)
}

impl Message for ExportError {
    fn message_with(&self, lang: Lang, _: Option<&Manifest>) -> String {
        let or_allow = lang.pick(
            "Sửa lỗi (tthc validate) rồi xuất lại, hoặc thêm --allow-problems để vẫn xuất mà không có chúng.",
            "Fix them (tthc validate) and export again, or add --allow-problems to export without them.",
        );
        let not_to = lang.pick("không xuất vào", "not exporting to");
        match self {
            ExportError::Io { path, source } => at_path(path, source, lang),
            ExportError::Template { name, detail } => format!(
                "{} templates/{name}: {detail}",
                lang.pick("lỗi mẫu trang", "template error in")
            ),
            ExportError::Xlsx(detail) => format!(
                "{} ({detail})",
                lang.pick("không ghi được tệp XLSX", "cannot write the XLSX file")
            ),
            ExportError::Docx(detail) => format!(
                "{} ({detail})",
                lang.pick("không ghi được tệp DOCX", "cannot write the DOCX file")
            ),
            ExportError::NotAnExport { path } => format!(
                "{not_to} {}: {}",
                path.display(),
                lang.pick(
                    "thư mục đã có nội dung và không phải bản xuất trước (không có tệp .tthc-export); tthc chỉ thay thế thư mục do nó tạo ra. Chọn một thư mục mới hoặc trống.",
                    "the folder has content and is not an earlier export (no .tthc-export file in it); tthc only replaces folders it made. Choose a new or empty folder."
                )
            ),
            ExportError::ForbiddenOut { path, why } => {
                let why = match why {
                    ForbiddenOut::GitFolder => lang.pick(
                        "đây là thư mục .git của kho git hoặc nằm trong đó; ghi vào đó sẽ làm hỏng kho git.",
                        "it is a .git folder or inside one; writing there would damage the repository.",
                    ),
                    ForbiddenOut::CatalogueFolder => lang.pick(
                        "đây là thư mục danh mục hoặc một thư mục của danh mục (procedures, proposals, publications, templates); bản xuất sẽ thay thế các tệp danh mục đang lưu ở đó.",
                        "it is the catalogue's folder or one of its folders (procedures, proposals, publications, templates); the export would replace the records kept there.",
                    ),
                    ForbiddenOut::HoldsCatalogue => lang.pick(
                        "thư mục này chứa danh mục; thay nó bằng bản xuất sẽ xóa mất danh mục.",
                        "it holds the catalogue; replacing it with the export would remove the catalogue.",
                    ),
                };
                format!(
                    "{not_to} {}: {why}\n{}",
                    path.display(),
                    lang.pick(
                        "Chọn một thư mục khác, ví dụ --out ../trang-cong-khai",
                        "Choose another folder, e.g. --out ../public-site",
                    )
                )
            }
            ExportError::BrokenManifest => lang
                .pick(
                    "không xuất gì: catalog.yaml không đọc được, mà cấp, lĩnh vực và tên cơ quan của mọi trang đều lấy từ tệp này. Sửa nó trước (tthc validate).",
                    "nothing was exported: catalog.yaml does not parse, and the levels, fields and authority name of every page come from it. Fix it first (tthc validate).",
                )
                .into(),
            ExportError::Unreadable { files } => format!(
                "{}:{}\n{or_allow}",
                match lang {
                    Lang::Vi => format!(
                        "không xuất gì: {} tệp không đọc được, nên các thủ tục trong đó sẽ bị thiếu trong bản xuất",
                        files.len()
                    ),
                    Lang::En => format!(
                        "nothing was exported: {} file(s) do not parse, so what they hold would be missing from the export",
                        files.len()
                    ),
                },
                paths(files)
            ),
            ExportError::LeftOut { left_out: list } => format!(
                "{}:{}\n{or_allow}",
                match lang {
                    Lang::Vi => format!(
                        "không xuất gì: {} thủ tục không thể đưa vào danh sách công khai",
                        list.len()
                    ),
                    Lang::En => format!(
                        "nothing was exported: {} procedure(s) cannot be put in the public listing",
                        list.len()
                    ),
                },
                list.iter()
                    .map(|l| format!("\n  {}", left_out(l, lang)))
                    .collect::<String>()
            ),
            ExportError::UnknownUnit { id, known } => match (known.is_empty(), lang) {
                (true, Lang::Vi) => "danh mục chưa khai báo đơn vị nào (units: trong catalog.yaml; xem tthc reorganize)".into(),
                (true, Lang::En) => "the catalogue declares no units (units: in catalog.yaml; see tthc reorganize)".into(),
                (false, Lang::Vi) => format!(
                    "danh mục không có đơn vị `{id}` (hoặc mã không dùng làm tên thư mục được); có: {}",
                    known.join(", ")
                ),
                (false, Lang::En) => format!(
                    "the catalogue declares no unit `{id}` (or its id cannot name a folder); declared: {}",
                    known.join(", ")
                ),
            },
        }
    }
}

impl Message for WorkspaceError {
    fn message_with(&self, lang: Lang, names: Option<&Manifest>) -> String {
        use WorkspaceError::*;
        let vi = lang == Lang::Vi;
        match self {
            Store(e) => e.message_with(lang, names),
            History(e) => e.message_with(lang, names),
            Export(e) => e.message_with(lang, names),
            AlreadyExists { path } => format!(
                "{}: {}",
                path.display(),
                lang.pick(
                    "đã có danh mục ở đây (có tệp catalog.yaml); chọn một thư mục mới, hoặc mở danh mục này bằng tthc -C",
                    "already holds a catalogue (catalog.yaml exists); choose a new folder, or open this one with tthc -C"
                )
            ),
            NotEmpty { path } => format!(
                "{}: {}",
                path.display(),
                lang.pick(
                    "thư mục đã có tệp; hãy chọn một thư mục trống hoặc chưa có",
                    "the folder is not empty; choose an empty or new folder"
                )
            ),
            Io { path, source } => at_path(path, source, lang),
            FileChanged { path } => format!(
                "{}: {}",
                path.display(),
                lang.pick(
                    "tệp đã thay đổi trên đĩa từ lúc đọc; chưa lưu gì (phần sửa của bạn vẫn giữ)",
                    "changed on disk since it was read; nothing was saved (your edit is kept)"
                )
            ),
            Sample { detail } => format!(
                "{} ({detail})",
                lang.pick(
                    "danh mục mẫu đi kèm không đọc được",
                    "the bundled sample does not load"
                )
            ),
            NoRemote { name } => {
                if vi {
                    format!(
                        "kho git chưa có kho từ xa tên `{name}` để đồng bộ; thêm bằng `git remote add {name} ĐỊA_CHỈ`"
                    )
                } else {
                    format!(
                        "there is no remote named `{name}` to sync with; add one with `git remote add {name} URL`"
                    )
                }
            }
            DetachedHead => detached(lang).into(),
            Uncommitted { paths: list } => format!(
                "{}{}",
                lang.pick(
                    "danh mục có thay đổi chưa được lưu vào git (commit); hãy lưu (git commit) hoặc bỏ chúng trước:",
                    "the catalogue has uncommitted changes; commit or discard them first:"
                ),
                paths(list)
            ),
            NotVersioned { path } => format!(
                "{}: {}",
                path.display(),
                lang.pick(
                    "không nằm trong kho git nên không có lịch sử",
                    "is not in a git repository, so it has no history"
                )
            ),
            CiNotAtRoot { prefix } => format!(
                "{} {}",
                lang.pick(
                    "tệp của quy trình CI phải nằm ở gốc kho git, nhưng danh mục ở thư mục con",
                    "pipeline files belong at the repository's root, but the catalogue is in the sub-folder"
                ),
                prefix.display()
            ),
            CiFileExists { path } => format!(
                "{}: {}",
                path.display(),
                lang.pick(
                    "đã có tệp này với nội dung khác; không ghi đè (xóa hoặc đổi tên nó rồi chạy lại)",
                    "already exists with other content; not overwritten (remove or rename it, then run again)"
                )
            ),
            MigrationNeeded { from, to, unparsed } => {
                if vi {
                    format!(
                        "danh mục ở định dạng phiên bản {from}; lần ghi đầu tiên phải chuyển nó sang phiên bản {to} trước, nhưng có tệp không đọc được — chưa ghi gì. Sửa các tệp này (xem `tthc validate`) rồi chạy `tthc fmt --migrate`:{}",
                        paths(unparsed)
                    )
                } else {
                    format!(
                        "the catalogue is in format version {from}; the first write must migrate it to version {to} first, but files do not parse — nothing was written. Fix them (see `tthc validate`), then run `tthc fmt --migrate`:{}",
                        paths(unparsed)
                    )
                }
            }
            NoCatalog { start } => {
                if vi {
                    format!(
                        "không tìm thấy danh mục (catalog.yaml) ở {} hoặc thư mục cha; tạo mới bằng `tthc init THƯ_MỤC` hoặc chỉ đường dẫn bằng -C",
                        start.display()
                    )
                } else {
                    format!(
                        "no catalogue (catalog.yaml) found in {} or any folder above; create one with `tthc init DIR` or point at one with -C",
                        start.display()
                    )
                }
            }
            Invalid { errors, .. } => {
                if vi {
                    format!("danh mục còn {errors} lỗi; sửa trước (tthc validate)")
                } else {
                    format!("the catalogue has {errors} error(s); fix them first (tthc validate)")
                }
            }
            PublicationInput { detail } => format!(
                "{}: {detail}",
                lang.pick("thông tin công bố", "publication")
            ),
            DecisionNumberInvalid => lang
                .pick(
                    "số quyết định công bố trống hoặc chứa ký tự điều khiển",
                    "the decision number is empty or holds control characters",
                )
                .into(),
            PublicationInFuture { date: d, today } => {
                if vi {
                    format!(
                        "quyết định ghi ngày {}, sau ngày hôm nay ({}); hãy kiểm tra lại --date",
                        date(*d, lang),
                        date(*today, lang)
                    )
                } else {
                    format!(
                        "the decision is dated {}, after today ({}); check --date",
                        date(*d, lang),
                        date(*today, lang)
                    )
                }
            }
            EffectiveBeforeDecision { effective, date: d } => {
                if vi {
                    format!(
                        "ngày có hiệu lực {} trước ngày ký quyết định {}",
                        date(*effective, lang),
                        date(*d, lang)
                    )
                } else {
                    format!(
                        "the effective date {} is before the decision's date {}",
                        date(*effective, lang),
                        date(*d, lang)
                    )
                }
            }
            DecisionReused { decision, file } => {
                if vi {
                    format!(
                        "văn bản {decision} đã được ghi nhận trong một lần niêm yết trước ({})",
                        file.display()
                    )
                } else {
                    format!(
                        "{decision} is already recorded for an earlier posting ({})",
                        file.display()
                    )
                }
            }
            PublicationOutOfOrder {
                date: d,
                previous,
                decision,
            } => {
                if vi {
                    format!(
                        "ngày niêm yết {} trước lần niêm yết trước (theo {decision} ngày {})",
                        date(*d, lang),
                        date(*previous, lang)
                    )
                } else {
                    format!(
                        "the posting is dated {}, before the previous one ({decision} of {})",
                        date(*d, lang),
                        date(*previous, lang)
                    )
                }
            }
            ReflectsUnknown { ids } => {
                if vi {
                    format!(
                        "--reflects: không có quyết định nào được ghi nhận với mã {} (xem: tthc decision list)",
                        ids.join(", ")
                    )
                } else {
                    format!(
                        "--reflects: no decision is recorded with the id {} (see: tthc decision list)",
                        ids.join(", ")
                    )
                }
            }
            Busy { pid, .. } => {
                if vi {
                    format!(
                        "một tthc khác đang lưu trong danh mục này{}; hãy thử lại sau giây lát",
                        pid.map(|p| format!(" (tiến trình {p})")).unwrap_or_default()
                    )
                } else {
                    format!(
                        "another tthc is saving in this catalogue{}; try again in a moment",
                        pid.map(|p| format!(" (process {p})")).unwrap_or_default()
                    )
                }
            }
            SavedIncomplete { commit, detail } => {
                if vi {
                    format!(
                        "đã lưu (commit {}), nhưng chưa cập nhật xong các tệp trong thư mục ({detail}); lần chạy tthc tiếp theo sẽ hoàn tất",
                        short_commit(commit)
                    )
                } else {
                    format!(
                        "saved as commit {}, but the files could not all be brought up to it ({detail}); the next tthc command completes them",
                        short_commit(commit)
                    )
                }
            }
        }
    }
}

fn statuses(list: &[ProposalStatus], lang: Lang) -> String {
    if list.is_empty() {
        return lang
            .pick("(không còn bước nào)", "(none: it is final)")
            .into();
    }
    list.iter()
        .map(|s| match lang {
            Lang::Vi => format!("“{}” ({})", proposal_status_label(*s, lang), status_key(*s)),
            Lang::En => status_key(*s).to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Message for RuleError {
    fn message_with(&self, lang: Lang, _: Option<&Manifest>) -> String {
        let vi = lang == Lang::Vi;
        let st = |s: &ProposalStatus| proposal_status_label(*s, lang);
        match self {
            RuleError::IllegalTransition { from, to, allowed } => {
                if vi {
                    format!(
                        "không thể chuyển từ “{}” sang “{}”; bước tiếp theo được phép: {}",
                        st(from),
                        st(to),
                        statuses(allowed, lang)
                    )
                } else {
                    format!(
                        "cannot go from “{}” to “{}”; allowed next: {}",
                        st(from),
                        st(to),
                        statuses(allowed, lang)
                    )
                }
            }
            RuleError::DocumentRequired { to } => {
                if vi {
                    format!(
                        "bước “{}” cần {} (--document) và ngày văn bản (--date)",
                        st(to),
                        super::proposal_document_label(*to, lang)
                    )
                } else {
                    format!(
                        "the step “{}” needs the {} (--document) and its date (--date)",
                        st(to),
                        super::proposal_document_label(*to, lang)
                    )
                }
            }
            RuleError::DateRequired { to } => {
                if vi {
                    format!("bước “{}” cần ngày của văn bản (--date dd/mm/yyyy)", st(to))
                } else {
                    format!(
                        "the step “{}” needs the document's date (--date YYYY-MM-DD)",
                        st(to)
                    )
                }
            }
            RuleError::DateBeforePrevious { date: d, previous } => {
                if vi {
                    format!(
                        "ngày {} sớm hơn ngày của bước trước ({})",
                        date(*d, lang),
                        date(*previous, lang)
                    )
                } else {
                    format!(
                        "the date {} is before the previous step's date {}",
                        date(*d, lang),
                        date(*previous, lang)
                    )
                }
            }
            RuleError::DateInFuture { date: d, today } => {
                if vi {
                    format!(
                        "ngày {} ở tương lai (hôm nay là {})",
                        date(*d, lang),
                        date(*today, lang)
                    )
                } else {
                    format!(
                        "the date {} is in the future (today is {})",
                        date(*d, lang),
                        date(*today, lang)
                    )
                }
            }
            RuleError::FourEyes { drafter, to } => {
                if vi {
                    format!(
                        "quy tắc bốn mắt: {drafter} là người soạn đề xuất nên không thể ghi nhận “{}”; người khác phải ghi nhận, hoặc vượt quy tắc bằng --force --reason \"lý do\" (sẽ bị đánh dấu)",
                        st(to)
                    )
                } else {
                    format!(
                        "four-eyes rule: {drafter} drafted this proposal and cannot record “{}”; someone else must, or override with --force --reason \"why\" (it stays flagged)",
                        st(to)
                    )
                }
            }
            RuleError::ForceWithoutReason => lang
                .pick(
                    "--force cần kèm lý do (--reason \"…\")",
                    "--force needs a reason (--reason \"…\")",
                )
                .into(),
        }
    }
}

impl Message for ProposalError {
    fn message_with(&self, lang: Lang, names: Option<&Manifest>) -> String {
        use ProposalError::*;
        let vi = lang == Lang::Vi;
        let proc = |code: &str, level: &str| procedure(code, level, names, lang);
        match self {
            Workspace(e) => e.message_with(lang, names),
            Rule(e) => e.message_with(lang, names),
            NotFound { id } => {
                if vi {
                    format!("không có đề xuất {id} (xem tthc proposal list)")
                } else {
                    format!("no proposal {id} (see tthc proposal list)")
                }
            }
            Unparsed { path } => format!(
                "{}: {}",
                path.display(),
                lang.pick(
                    "tệp đề xuất không đọc được; sửa trước (tthc validate)",
                    "the proposal file does not parse; fix it first (tthc validate)"
                )
            ),
            TargetNotFound { level, code } if level == "?" => {
                if vi {
                    format!("không có thủ tục mã {code}")
                } else {
                    format!("no procedure with code {code}")
                }
            }
            TargetNotFound { level, code } => {
                format!(
                    "{} {}",
                    lang.pick("không có", "there is no"),
                    proc(code, level)
                )
            }
            TargetExists { level, code } => {
                format!(
                    "{} {}",
                    lang.pick("đã có", "there already is a"),
                    proc(code, level)
                )
            }
            TargetAbolished { level, code } => format!(
                "{} {}",
                proc(code, level),
                lang.pick("đã bị bãi bỏ", "is already abolished")
            ),
            TargetRequired => lang
                .pick(
                    "loại đề xuất này cần thủ tục đích (mã và --level)",
                    "this kind of proposal needs a target procedure (code and --level)",
                )
                .into(),
            ProposedMismatch { level, code } => {
                if vi {
                    format!(
                        "bản đề xuất phải giữ {} (và mã {code} khi sửa đổi) của thủ tục đích",
                        level_name(level, names, lang)
                    )
                } else {
                    format!(
                        "the proposed record must keep the target's {} (and code {code} for amend)",
                        level_name(level, names, lang)
                    )
                }
            }
            ProposedRequired => lang
                .pick(
                    "loại đề xuất này cần nội dung đề xuất (--from TỆP.yaml)",
                    "this kind of proposal needs the proposed record (--from FILE.yaml)",
                )
                .into(),
            ReasonRequired => lang
                .pick(
                    "đề xuất bãi bỏ cần nêu lý do (--reason)",
                    "an abolition needs its reason (--reason)",
                )
                .into(),
            NoChange => lang
                .pick(
                    "nội dung đề xuất giống hệt thủ tục hiện hành; không có gì để đề xuất",
                    "the proposed record is the same as the current one; nothing to propose",
                )
                .into(),
            Invalid(diags) => {
                let head = lang.pick("đề xuất chưa hợp lệ:", "the proposal is not valid:");
                let lines: Vec<String> = diags
                    .iter()
                    .map(|d| format!("  {}", d.described(lang)))
                    .collect();
                format!("{head}\n{}", lines.join("\n"))
            }
            ApplyThroughApply { id } => {
                if vi {
                    format!(
                        "áp dụng vào danh mục làm thay đổi thủ tục; dùng `tthc proposal apply {id}`"
                    )
                } else {
                    format!(
                        "proposal {id}: applying changes the catalogue; use `tthc proposal apply {id}`"
                    )
                }
            }
            Stale(s) => {
                if vi {
                    format!(
                        "{} đã thay đổi kể từ khi soạn đề xuất {}; chưa áp dụng gì",
                        proc(&s.target.code, &s.target.level),
                        s.id
                    )
                } else {
                    format!(
                        "{} changed since proposal {} was drafted; nothing was applied",
                        proc(&s.target.code, &s.target.level),
                        s.id
                    )
                }
            }
        }
    }
}

impl Message for SyntheticError {
    fn message_with(&self, lang: Lang, names: Option<&Manifest>) -> String {
        match self {
            SyntheticError::NotEmpty { path } => format!(
                "{}: {}",
                path.display(),
                lang.pick(
                    "thư mục đã có tệp; hãy chọn một thư mục trống hoặc chưa có",
                    "the folder exists and is not empty"
                )
            ),
            SyntheticError::NoSample { path } => format!(
                "{}: {}",
                path.display(),
                lang.pick(
                    "không có thủ tục nào để lấy nội dung",
                    "no procedures to take texts from"
                )
            ),
            SyntheticError::Io { path, source } => at_path(path, source, lang),
            SyntheticError::Store(e) => e.message_with(lang, names),
            SyntheticError::History(e) => e.message_with(lang, names),
        }
    }
}

impl Message for Recovery {
    fn message_with(&self, lang: Lang, _: Option<&Manifest>) -> String {
        match (self, lang) {
            (Recovery::Completed { summary, commit }, Lang::Vi) => format!(
                "đã hoàn tất một lần lưu bị gián đoạn: “{summary}” (đã ghi ở commit {})",
                short_commit(commit)
            ),
            (Recovery::Completed { summary, commit }, Lang::En) => format!(
                "completed an interrupted save: “{summary}” (recorded as commit {})",
                short_commit(commit)
            ),
            (Recovery::RolledBack { summary }, Lang::Vi) => format!(
                "một lần lưu bị gián đoạn trước khi ghi, danh mục giữ nguyên như trước: “{summary}”"
            ),
            (Recovery::RolledBack { summary }, Lang::En) => format!(
                "a save was interrupted before it was recorded; the catalogue is as it was before: “{summary}”"
            ),
            (Recovery::Superseded { summary }, Lang::Vi) => format!(
                "một lần lưu bị gián đoạn (“{summary}”) đã có thay đổi khác ghi sau; hãy xem lịch sử (tthc log)"
            ),
            (Recovery::Superseded { summary }, Lang::En) => format!(
                "an interrupted save (“{summary}”) was followed by other commits; check the history (tthc log)"
            ),
        }
    }
}

impl Message for DecisionError {
    fn message_with(&self, lang: Lang, names: Option<&Manifest>) -> String {
        use DecisionError::*;
        let vi = lang == Lang::Vi;
        let day = |d: &Date| date(*d, lang);
        match self {
            Workspace(e) => e.message_with(lang, names),
            NotFound { id } => {
                if vi {
                    format!("không có quyết định {id} (xem tthc decision list)")
                } else {
                    format!("no decision {id} (see tthc decision list)")
                }
            }
            Unparsed { path } => {
                if vi {
                    format!(
                        "{}: tệp quyết định không đọc được; sửa trước (tthc validate)",
                        path.display()
                    )
                } else {
                    format!(
                        "{}: the decision file does not parse; fix it first (tthc validate)",
                        path.display()
                    )
                }
            }
            Invalid(diags) => {
                let head = lang.pick("quyết định chưa hợp lệ:", "the decision is not valid:");
                let lines: Vec<String> = diags
                    .iter()
                    .map(|d| format!("  {}", d.described(lang)))
                    .collect();
                format!("{head}\n{}", lines.join("\n"))
            }
            AlreadyRecorded { number, date, id } => {
                if vi {
                    format!(
                        "quyết định {number} ngày {} đã được ghi nhận ({id}; xem tthc decision show {id})",
                        day(date)
                    )
                } else {
                    format!(
                        "decision {number} of {} is already recorded ({id}; see tthc decision show {id})",
                        day(date)
                    )
                }
            }
            InFuture { date, today } => {
                if vi {
                    format!(
                        "quyết định ghi ngày {}, sau ngày hôm nay ({}); hãy kiểm tra lại --date",
                        day(date),
                        day(today)
                    )
                } else {
                    format!(
                        "the decision is dated {}, after today ({}); check --date",
                        day(date),
                        day(today)
                    )
                }
            }
            AppliedInFuture { date, today } => {
                if vi {
                    format!(
                        "ngày áp dụng {} sau ngày hôm nay ({})",
                        day(date),
                        day(today)
                    )
                } else {
                    format!(
                        "the date of applying, {}, is after today ({})",
                        day(date),
                        day(today)
                    )
                }
            }
            AppliedBeforeDecision { date, decided } => {
                if vi {
                    format!(
                        "ngày áp dụng {} trước ngày ký quyết định {}",
                        day(date),
                        day(decided)
                    )
                } else {
                    format!(
                        "the date of applying, {}, is before the decision's date {}",
                        day(date),
                        day(decided)
                    )
                }
            }
        }
    }
}

/// `Display` of the library's errors: their English words, for logs and test failures.
macro_rules! english_display {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.message(Lang::En))
            }
        }
    )*};
}

english_display!(
    crate::workspace::reviews::ReviewError,
    DecisionError,
    StoreError,
    HistoryError,
    ExportError,
    WorkspaceError,
    RuleError,
    ProposalError
);

// ---- tthc reorganize (issue 20) ------------------------------------------------------------

impl Message for crate::workspace::reorganize::ReorganizeError {
    fn message_with(&self, lang: Lang, names: Option<&Manifest>) -> String {
        use crate::workspace::reorganize::{Declared, ReorganizeError::*};
        let vi = lang == Lang::Vi;
        let level = |id: &str| match names.and_then(|m| m.level(id)) {
            Some(l) => format!("{} ({id})", l.name),
            None => id.to_owned(),
        };
        match self {
            Workspace(e) => e.message_with(lang, names),
            PlanUnreadable(diags) => {
                let head = lang.pick("tệp kế hoạch chưa đọc được:", "the plan does not read:");
                let lines: Vec<String> = diags
                    .iter()
                    .map(|d| format!("  {}", d.described(lang)))
                    .collect();
                format!("{head}\n{}", lines.join("\n"))
            }
            NoEffectiveDate => lang
                .pick(
                    "kế hoạch cần ngày hiệu lực: effective: 2025-07-01",
                    "the plan needs its effective date: effective: 2025-07-01",
                )
                .into(),
            NoDecision => lang
                .pick(
                    "kế hoạch cần ít nhất một văn bản căn cứ: decisions: - number: …",
                    "the plan needs at least one decision behind it: decisions: - number: …",
                )
                .into(),
            Undeclared { what, id } => {
                let (w_vi, w_en) = match what {
                    Declared::Level => ("cấp", "level"),
                    Declared::Agency => ("cơ quan", "agency"),
                    Declared::Field => ("lĩnh vực", "field"),
                };
                if vi {
                    format!(
                        "danh mục không có {w_vi} `{id}`; nếu là {w_vi} mới, ghi thêm name: trong ánh xạ của kế hoạch"
                    )
                } else {
                    format!(
                        "the catalogue declares no {w_en} `{id}`; if it is a new one, give its name: in the plan's mapping"
                    )
                }
            }
            UnknownProcedure { level: l, code } => {
                if vi {
                    format!(
                        "kế hoạch nêu thủ tục {code} ({}) không có trong danh mục",
                        level(l)
                    )
                } else {
                    format!(
                        "the plan names procedure {code} ({}), which is not in the catalogue",
                        level(l)
                    )
                }
            }
            NoDestination { level: l, code } => {
                if vi {
                    format!(
                        "không biết chuyển thủ tục {code} ({}) đến cấp nào: thêm levels: - from: {l} to: … hoặc to_level trong codes",
                        level(l)
                    )
                } else {
                    format!(
                        "nowhere to transfer {code} ({}) to: add levels: - from: {l} to: … or to_level in codes",
                        level(l)
                    )
                }
            }
            Clash { level: l, code } => {
                if vi {
                    format!(
                        "hai thủ tục sẽ cùng thành {code} ({}), hoặc ở đó đã có một hồ sơ đã đóng; chọn mã khác bằng to_code trong codes",
                        level(l)
                    )
                } else {
                    format!(
                        "two procedures would both become {code} ({}), or a closed record is already there; choose another code with to_code in codes",
                        level(l)
                    )
                }
            }
            Unparsed { files } => {
                let list: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                if vi {
                    format!(
                        "có tệp thủ tục không đọc được, sắp xếp lại phải tính đủ mọi thủ tục; sửa trước (tthc validate): {}",
                        list.join(", ")
                    )
                } else {
                    format!(
                        "some procedure files do not parse, and a reorganisation must account for every record; fix them first (tthc validate): {}",
                        list.join(", ")
                    )
                }
            }
            BadUnit { id } => {
                if vi {
                    format!(
                        "đơn vị `{id}`: mã chỉ gồm chữ thường không dấu, số và dấu -, và cấp (level) phải có trong danh mục"
                    )
                } else {
                    format!(
                        "unit `{id}`: the id takes lowercase ASCII letters, digits and -, and its level must be declared"
                    )
                }
            }
            Invalid(diags) => {
                let head = lang.pick(
                    "áp dụng kế hoạch sẽ ghi thủ tục chưa hợp lệ; chưa thay đổi gì:",
                    "applying the plan would write invalid records; nothing was changed:",
                );
                let lines: Vec<String> = diags
                    .iter()
                    .map(|d| format!("  {}", d.described(lang)))
                    .collect();
                format!("{head}\n{}", lines.join("\n"))
            }
        }
    }
}

english_display!(crate::workspace::reorganize::ReorganizeError);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::model::Target;
    use crate::workspace::proposals::StaleTarget;

    fn day(m: i8) -> Date {
        Date::new(2022, m, 1).unwrap()
    }

    /// One of every error the library gives, so that each is worded in both languages.
    fn every_error() -> Vec<Box<dyn Message>> {
        let p = || PathBuf::from("procedures/xa/1.001193.yaml");
        let io = || std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let workspace: Vec<WorkspaceError> = vec![
            WorkspaceError::Store(StoreError::NotACatalog { path: p() }),
            WorkspaceError::Store(StoreError::Io {
                path: p(),
                source: io(),
            }),
            WorkspaceError::Store(StoreError::Serialize {
                path: p(),
                detail: "x".into(),
            }),
            WorkspaceError::History(HistoryError::NoIdentity),
            WorkspaceError::History(HistoryError::HeadMoved {
                expected: "a".into(),
                found: "b".into(),
            }),
            WorkspaceError::History(HistoryError::OutsideWorkTree { path: p() }),
            WorkspaceError::History(HistoryError::Bare),
            WorkspaceError::History(HistoryError::UnknownRevision("HEAD~1".into())),
            WorkspaceError::History(HistoryError::GitCommand {
                args: "fetch".into(),
                detail: String::new(),
            }),
            WorkspaceError::History(HistoryError::TagExists { name: "t".into() }),
            WorkspaceError::History(HistoryError::DetachedHead),
            WorkspaceError::AlreadyExists { path: p() },
            WorkspaceError::NotEmpty { path: p() },
            WorkspaceError::Io {
                path: p(),
                source: io(),
            },
            WorkspaceError::FileChanged { path: p() },
            WorkspaceError::NoRemote {
                name: "origin".into(),
            },
            WorkspaceError::DetachedHead,
            WorkspaceError::Uncommitted { paths: vec![p()] },
            WorkspaceError::NotVersioned { path: p() },
            WorkspaceError::NoCatalog { start: p() },
            WorkspaceError::MigrationNeeded {
                from: 1,
                to: 2,
                unparsed: vec![p()],
            },
            WorkspaceError::Invalid {
                errors: 2,
                diagnostics: Vec::new(),
            },
            WorkspaceError::DecisionNumberInvalid,
            WorkspaceError::PublicationInFuture {
                date: day(2),
                today: day(1),
            },
            WorkspaceError::EffectiveBeforeDecision {
                effective: day(1),
                date: day(2),
            },
            WorkspaceError::DecisionReused {
                decision: "1/QĐ".into(),
                file: p(),
            },
            WorkspaceError::PublicationOutOfOrder {
                date: day(1),
                previous: day(2),
                decision: "1/QĐ".into(),
            },
            WorkspaceError::ReflectsUnknown {
                ids: vec!["2026-009".into()],
            },
            WorkspaceError::Busy {
                pid: Some(7),
                since: None,
            },
            WorkspaceError::Export(ExportError::NotAnExport { path: p() }),
            WorkspaceError::Export(ExportError::ForbiddenOut {
                path: p(),
                why: ForbiddenOut::GitFolder,
            }),
            WorkspaceError::Export(ExportError::ForbiddenOut {
                path: p(),
                why: ForbiddenOut::CatalogueFolder,
            }),
            WorkspaceError::Export(ExportError::ForbiddenOut {
                path: p(),
                why: ForbiddenOut::HoldsCatalogue,
            }),
            WorkspaceError::Export(ExportError::BrokenManifest),
            WorkspaceError::Export(ExportError::Unreadable { files: vec![p()] }),
            WorkspaceError::Export(ExportError::LeftOut {
                left_out: vec![LeftOut {
                    level: "xa".into(),
                    code: "1".into(),
                    reason: LeftOutReason::Duplicate,
                }],
            }),
            WorkspaceError::Export(ExportError::Io {
                path: p(),
                source: io(),
            }),
        ];
        let rules = vec![
            RuleError::IllegalTransition {
                from: ProposalStatus::Draft,
                to: ProposalStatus::Approved,
                allowed: vec![ProposalStatus::Submitted],
            },
            RuleError::DocumentRequired {
                to: ProposalStatus::SentToProvince,
            },
            RuleError::DateRequired {
                to: ProposalStatus::Published,
            },
            RuleError::DateBeforePrevious {
                date: day(1),
                previous: day(2),
            },
            RuleError::DateInFuture {
                date: day(2),
                today: day(1),
            },
            RuleError::FourEyes {
                drafter: "A".into(),
                to: ProposalStatus::Approved,
            },
            RuleError::ForceWithoutReason,
        ];
        let target = || ("xa".to_owned(), "1.001193".to_owned());
        let proposals = vec![
            ProposalError::NotFound {
                id: "2022-001".into(),
            },
            ProposalError::Unparsed { path: p() },
            ProposalError::TargetNotFound {
                level: target().0,
                code: target().1,
            },
            ProposalError::TargetExists {
                level: target().0,
                code: target().1,
            },
            ProposalError::TargetAbolished {
                level: target().0,
                code: target().1,
            },
            ProposalError::TargetRequired,
            ProposalError::ProposedMismatch {
                level: target().0,
                code: target().1,
            },
            ProposalError::ProposedRequired,
            ProposalError::ReasonRequired,
            ProposalError::NoChange,
            ProposalError::Invalid(vec![Diagnostic::new(
                p(),
                Severity::Error,
                crate::diagnostic::Problem::Missing {
                    what: "proposed".into(),
                },
            )]),
            ProposalError::ApplyThroughApply {
                id: "2022-001".into(),
            },
            ProposalError::Stale(Box::new(StaleTarget {
                id: "2022-001".into(),
                target: Target {
                    level: target().0,
                    code: target().1,
                },
                base_available: true,
                fields: Vec::new(),
                can_rebase: true,
            })),
        ];
        let mut all: Vec<Box<dyn Message>> = Vec::new();
        all.extend(
            workspace
                .into_iter()
                .map(|e| Box::new(e) as Box<dyn Message>),
        );
        all.extend(rules.into_iter().map(|e| Box::new(e) as Box<dyn Message>));
        all.extend(
            proposals
                .into_iter()
                .map(|e| Box::new(e) as Box<dyn Message>),
        );
        all.push(Box::new(SyntheticError::NotEmpty { path: p() }));
        all.push(Box::new(SyntheticError::NoSample { path: p() }));
        {
            use crate::workspace::reviews::ReviewError;
            all.push(Box::new(ReviewError::NotFound {
                year: 2026,
                level: "xa".into(),
                code: "1.001193".into(),
            }));
            all.push(Box::new(ReviewError::AlreadyStarted { path: p() }));
            all.push(Box::new(ReviewError::NothingToPropose));
            all.push(Box::new(ReviewError::AlreadyProposed {
                id: "2026-001".into(),
            }));
            all.push(Box::new(ReviewError::Statistics {
                line: 3,
                detail: "x".into(),
            }));
            all.push(Box::new(ReviewError::NoPlan { year: 2026 }));
        }
        all.push(Box::new(DecisionError::NotFound {
            id: "2026-001".into(),
        }));
        all.push(Box::new(DecisionError::Unparsed { path: p() }));
        all.push(Box::new(DecisionError::AlreadyRecorded {
            number: "1/QĐ".into(),
            date: day(1),
            id: "2026-001".into(),
        }));
        all.push(Box::new(DecisionError::InFuture {
            date: day(2),
            today: day(1),
        }));
        all.push(Box::new(DecisionError::AppliedInFuture {
            date: day(2),
            today: day(1),
        }));
        all.push(Box::new(DecisionError::AppliedBeforeDecision {
            date: day(1),
            decided: day(2),
        }));
        all.push(Box::new(Recovery::RolledBack {
            summary: "Sửa".into(),
        }));
        // Import (issue 18): every way a source file is refused.
        {
            use crate::import::*;
            let f = || PathBuf::from("ds.xlsx");
            let located = |problem| Located {
                place: Place::Row { row: 7 },
                problem,
            };
            let sources = vec![
                SourceError::Io {
                    file: f(),
                    source: io(),
                },
                SourceError::TooLarge {
                    file: f(),
                    limit: MAX_INPUT_BYTES,
                },
                SourceError::WrongShape {
                    file: f(),
                    expected: Expected::PortalList,
                    found: FileShape::Pdf,
                },
                SourceError::Damaged {
                    file: f(),
                    detail: "x".into(),
                },
                SourceError::Columns {
                    file: f(),
                    sheet: Some("Sheet1".into()),
                    missing: vec!["Mã TTHC"],
                    found: vec!["Họ tên".into()],
                },
                SourceError::Labels {
                    file: f(),
                    expected: Expected::Appendix,
                    missing: vec!["Mã thủ tục"],
                },
                SourceError::LegacyEncoding {
                    file: f(),
                    encoding: Legacy::Tcvn3,
                    place: Place::Paragraph { paragraph: 3 },
                    sample: "§¨ng ký".into(),
                },
                SourceError::Rows {
                    file: f(),
                    problems: vec![
                        located(RowProblem::BadCode { code: "1.0".into() }),
                        located(RowProblem::MissingCode),
                        located(RowProblem::MissingName),
                        located(RowProblem::MissingLevel),
                        located(RowProblem::UnknownStatus { value: "x".into() }),
                        located(RowProblem::BadCount { value: "x".into() }),
                        located(RowProblem::BadTime { value: "x".into() }),
                        located(RowProblem::BadDate { value: "x".into() }),
                        located(RowProblem::DuplicateCode {
                            code: "1.001193".into(),
                        }),
                    ],
                },
            ];
            for shape in [
                FileShape::Xlsx,
                FileShape::Docx,
                FileShape::OtherZip,
                FileShape::LegacyOffice,
                FileShape::Rtf,
                FileShape::Html,
                FileShape::Empty,
                FileShape::Unknown,
            ] {
                all.push(Box::new(SourceError::WrongShape {
                    file: f(),
                    expected: Expected::PortalDetail,
                    found: shape,
                }));
            }
            all.extend(sources.into_iter().map(|e| Box::new(e) as Box<dyn Message>));
            use crate::workspace::import::ImportError;
            all.push(Box::new(ImportError::UnknownLevel {
                given: "tinh".into(),
            }));
            all.push(Box::new(ImportError::Map(Vec::new())));
            all.push(Box::new(ImportError::Invalid(Vec::new())));
            all.push(Box::new(ImportError::AlreadyRecorded {
                number: "1/QĐ".into(),
                id: "2026-001".into(),
            }));
        }
        all
    }

    #[test]
    fn every_error_is_worded_in_both_languages() {
        let english = [
            " the ",
            " is ",
            " not ",
            " cannot ",
            " already ",
            " must ",
            " needs ",
            " with ",
            " found ",
            "error",
            "changed",
            "nothing",
            "folder",
            " no ",
        ];
        for e in every_error() {
            let vi = e.message(Lang::Vi);
            let en = e.message(Lang::En);
            assert_ne!(vi, en, "{vi}");
            // What the user types (`…`, --flags) and paths may be English; the sentence not.
            let prose: String = vi.split('`').step_by(2).collect::<Vec<_>>().join(" ");
            let prose = format!(" {} ", prose.to_lowercase());
            for word in english {
                assert!(!prose.contains(word), "`{}` in: {vi}", word.trim());
            }
        }
    }

    #[test]
    fn levels_are_named_when_the_manifest_is_at_hand() {
        let mut m = Manifest::default();
        m.levels.push(crate::model::Level {
            id: "xa".into(),
            name: "Cấp xã".into(),
        });
        let e = ProposalError::TargetNotFound {
            level: "xa".into(),
            code: "1.001193".into(),
        };
        assert_eq!(
            e.message_with(Lang::Vi, Some(&m)),
            "không có thủ tục 1.001193 (Cấp xã)"
        );
        assert_eq!(e.message(Lang::Vi), "không có thủ tục 1.001193 (cấp `xa`)");
    }
}

// ---- Import (issue 18): reading the portal's exports and decision appendices. ----

use crate::import::{Expected, FileShape, Legacy, Located, Place, RowProblem, SourceError};

/// "dòng 12" / "row 12", "đoạn 40" / "paragraph 40".
pub fn import_place(p: &Place, lang: Lang) -> String {
    match p {
        Place::Row { row } => format!("{} {row}", lang.pick("dòng", "row")),
        Place::Paragraph { paragraph } => {
            format!("{} {paragraph}", lang.pick("đoạn", "paragraph"))
        }
    }
}

fn import_expected(e: Expected, lang: Lang) -> &'static str {
    match e {
        Expected::PortalList => lang.pick(
            "danh sách thủ tục xuất từ Cổng dịch vụ công quốc gia (tệp Excel .xlsx)",
            "the national portal's list of procedures (an Excel .xlsx file)",
        ),
        Expected::PortalDetail => lang.pick(
            "tệp chi tiết một thủ tục tải từ Cổng dịch vụ công quốc gia (tệp Word .docx)",
            "the national portal's file of one procedure (a Word .docx file)",
        ),
        Expected::Appendix => lang.pick(
            "phụ lục của quyết định công bố (tệp Word .docx)",
            "a decision's appendix (a Word .docx file)",
        ),
    }
}

fn import_shape(s: FileShape, lang: Lang) -> &'static str {
    match s {
        FileShape::Xlsx => lang.pick("một bảng tính Excel (.xlsx)", "an Excel workbook (.xlsx)"),
        FileShape::Docx => lang.pick("một văn bản Word (.docx)", "a Word document (.docx)"),
        FileShape::OtherZip => lang.pick(
            "một tệp nén zip, không phải văn bản Word hay bảng tính Excel",
            "a zip archive that is neither a Word document nor an Excel workbook",
        ),
        FileShape::Pdf => lang.pick(
            "một tệp PDF (bản quét không có chữ để đọc); hãy dùng bản Word (.docx) của văn bản",
            "a PDF (a scan has no text to read); use the Word (.docx) version of the document",
        ),
        FileShape::LegacyOffice => lang.pick(
            "một tệp Office 97–2003 (.doc/.xls); hãy mở bằng Word/Excel và lưu lại thành .docx/.xlsx",
            "an Office 97–2003 file (.doc/.xls); open it in Word/Excel and save it as .docx/.xlsx",
        ),
        FileShape::Rtf => lang.pick(
            "một tệp RTF; hãy lưu lại thành .docx",
            "a Rich Text file; save it as .docx",
        ),
        FileShape::Html => lang.pick(
            "một trang web đã lưu, không phải tệp xuất",
            "a saved web page, not the export",
        ),
        FileShape::Empty => lang.pick("một tệp rỗng", "an empty file"),
        FileShape::Unknown => lang.pick(
            "một tệp không rõ định dạng (không phải .xlsx hay .docx)",
            "a file of unknown format (neither .xlsx nor .docx)",
        ),
    }
}

/// One located problem of a source file, in words.
pub fn import_problem(p: &Located, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let what = match &p.problem {
        RowProblem::BadCode { code } => {
            if vi {
                format!("mã thủ tục `{code}` không đúng dạng d.dddddd (ví dụ 1.001193)")
            } else {
                format!("the code `{code}` is not of the form d.dddddd (e.g. 1.001193)")
            }
        }
        RowProblem::MissingCode => lang.pick("thiếu mã thủ tục", "no procedure code").into(),
        RowProblem::MissingName => lang.pick("thiếu tên thủ tục", "no procedure name").into(),
        RowProblem::MissingLevel => lang
            .pick("thiếu cấp thực hiện", "no level (Cấp thực hiện)")
            .into(),
        RowProblem::UnknownStatus { value } => {
            if vi {
                format!(
                    "tình trạng `{value}` không phải của Cổng (Đang công khai, Đang công khai sửa đổi bổ sung, Bãi bỏ)"
                )
            } else {
                format!(
                    "the status `{value}` is none of the portal's (Đang công khai, Đang công khai sửa đổi bổ sung, Bãi bỏ)"
                )
            }
        }
        RowProblem::BadCount { value } => {
            if vi {
                format!("số lượng `{value}` không đọc được (dạng \"Bản chính: 1 Bản sao: 0\")")
            } else {
                format!("the count `{value}` does not read like \"Bản chính: 1 Bản sao: 0\"")
            }
        }
        RowProblem::BadTime { value } => {
            if vi {
                format!("thời hạn `{value}` không đọc được (dạng \"30 Ngày\", \"Trong ngày\")")
            } else {
                format!("the time `{value}` does not read like \"30 Ngày\" or \"Trong ngày\"")
            }
        }
        RowProblem::BadDate { value } => {
            if vi {
                format!("ngày `{value}` không đọc được (dạng dd/mm/yyyy)")
            } else {
                format!("the date `{value}` does not read like dd/mm/yyyy")
            }
        }
        RowProblem::DuplicateCode { code } => {
            if vi {
                format!("mã `{code}` có hai lần")
            } else {
                format!("the code `{code}` appears twice")
            }
        }
    };
    format!("{}: {what}", import_place(&p.place, lang))
}

impl Message for SourceError {
    fn message_with(&self, lang: Lang, _: Option<&Manifest>) -> String {
        let vi = lang == Lang::Vi;
        let file = self.file().display();
        match self {
            SourceError::Io { source, .. } => format!("{file}: {}", io_error(source, lang)),
            SourceError::TooLarge { limit, .. } => {
                let mb = limit / (1024 * 1024);
                if vi {
                    format!("{file}: tệp (hoặc một phần nén bên trong) lớn hơn {mb} MB; không đọc")
                } else {
                    format!(
                        "{file}: the file (or a part packed inside it) is larger than {mb} MB; not read"
                    )
                }
            }
            SourceError::WrongShape {
                expected, found, ..
            } => {
                if vi {
                    format!(
                        "{file}: cần {}, nhưng đây là {}",
                        import_expected(*expected, lang),
                        import_shape(*found, lang)
                    )
                } else {
                    format!(
                        "{file}: expected {}, but this is {}",
                        import_expected(*expected, lang),
                        import_shape(*found, lang)
                    )
                }
            }
            SourceError::Damaged { detail, .. } => {
                if vi {
                    format!("{file}: tệp bị hỏng, không đọc được ({detail})")
                } else {
                    format!("{file}: the file is damaged and cannot be read ({detail})")
                }
            }
            SourceError::Columns {
                sheet,
                missing,
                found,
                ..
            } => {
                let sheet = sheet
                    .as_deref()
                    .map(|s| format!(" ({} `{s}`)", lang.pick("trang", "sheet")))
                    .unwrap_or_default();
                let found = if found.is_empty() {
                    lang.pick("(trống)", "(empty)").to_owned()
                } else {
                    found.join(" | ")
                };
                if vi {
                    format!(
                        "{file}: không phải danh sách thủ tục của Cổng dịch vụ công quốc gia: không thấy cột {}{sheet}\n  Cần các cột: Mã TTHC, Tên TTHC, Lĩnh vực, Đối tượng, Cơ quan công khai, Cấp thực hiện, Tình trạng, QĐ Công bố\n  Dòng tiêu đề gần nhất: {found}",
                        missing.join(", ")
                    )
                } else {
                    format!(
                        "{file}: not the national portal's list of procedures: no column {}{sheet}\n  Columns expected: Mã TTHC, Tên TTHC, Lĩnh vực, Đối tượng, Cơ quan công khai, Cấp thực hiện, Tình trạng, QĐ Công bố\n  Nearest header row: {found}",
                        missing.join(", ")
                    )
                }
            }
            SourceError::Labels {
                expected, missing, ..
            } => {
                if vi {
                    format!(
                        "{file}: không phải {}: không thấy {}",
                        import_expected(*expected, lang),
                        missing.join(", ")
                    )
                } else {
                    format!(
                        "{file}: not {}: cannot find {}",
                        import_expected(*expected, lang),
                        missing.join(", ")
                    )
                }
            }
            SourceError::LegacyEncoding {
                encoding,
                place,
                sample,
                ..
            } => {
                let enc = match encoding {
                    Legacy::Tcvn3 => "TCVN3 (ABC, .VnTime)",
                    Legacy::Vni => "VNI (VNI-Times)",
                };
                if vi {
                    format!(
                        "{file}: {}: chữ được gõ bằng bảng mã cũ {enc} (“{sample}”); hãy chuyển sang Unicode (ví dụ bằng Unikey: Công cụ chuyển mã) rồi nhập lại",
                        import_place(place, lang)
                    )
                } else {
                    format!(
                        "{file}: {}: the text is typed in the legacy {enc} encoding (“{sample}”); convert it to Unicode (e.g. Unikey's converter) and import again",
                        import_place(place, lang)
                    )
                }
            }
            SourceError::Rows { problems, .. } => {
                let head = if vi {
                    format!(
                        "{file}: {} chỗ không đọc được; chưa nhập gì:",
                        problems.len()
                    )
                } else {
                    format!(
                        "{file}: {} place(s) cannot be read; nothing imported:",
                        problems.len()
                    )
                };
                let lines: Vec<String> = problems
                    .iter()
                    .map(|p| format!("  {}", import_problem(p, lang)))
                    .collect();
                format!("{head}\n{}", lines.join("\n"))
            }
        }
    }
}

english_display!(SourceError);

impl Message for crate::workspace::import::ImportError {
    fn message_with(&self, lang: Lang, names: Option<&Manifest>) -> String {
        use crate::workspace::import::ImportError::*;
        let vi = lang == Lang::Vi;
        let list = |diags: &[crate::diagnostic::Diagnostic]| -> String {
            diags
                .iter()
                .map(|d| format!("\n  {}: {}", d.file.display(), d.described(lang)))
                .collect()
        };
        match self {
            Source(e) => e.message_with(lang, names),
            Workspace(e) => e.message_with(lang, names),
            Map(diags) => format!(
                "{}{}",
                lang.pick(
                    "import-map.yaml không đọc được; sửa tệp rồi nhập lại:",
                    "import-map.yaml does not parse; fix it and import again:"
                ),
                list(diags)
            ),
            UnknownLevel { given } => {
                if vi {
                    format!("danh mục không có cấp `{given}` (--level)")
                } else {
                    format!("the catalogue declares no level `{given}` (--level)")
                }
            }
            Invalid(diags) => format!(
                "{}{}",
                lang.pick(
                    "dữ liệu nhập có lỗi; chưa ghi gì:",
                    "the imported records have errors; nothing was written:"
                ),
                list(diags)
            ),
            AlreadyRecorded { number, id } => {
                if vi {
                    format!(
                        "quyết định {number} đã được ghi nhận ({id}; xem tthc decision show {id})"
                    )
                } else {
                    format!(
                        "decision {number} is already recorded ({id}; see tthc decision show {id})"
                    )
                }
            }
        }
    }
}

english_display!(crate::workspace::import::ImportError);
