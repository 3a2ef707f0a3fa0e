//! `tthc proposal show`: one proposal in full, with the redline of what it changes — deleted
//! words struck through in red, inserted ones underlined in green, or `[-old-]{+new+}` without
//! colour; unchanged context folded; an abolition shows the whole record withdrawn.

use super::{forced_flag, stale_flag};
use crate::cli::args::TextFormat;
use crate::cli::output::{paint, write_json};
use crate::cli::{CliError, Ctx};
use std::io::Write;
use std::process::ExitCode;
use tthc::diff::{self, FieldChange, Segment};
use tthc::i18n::{self, Lang};
use tthc::model::{Manifest, Procedure};
use tthc::present::{date_display, sanitize, sections};
use tthc::workspace::proposals::{self, Against, ProposalDetail, Redline, StaleTarget};
use tthc::workspace::{self};

/// Words of unchanged context kept on each side of a change.
const CONTEXT_WORDS: usize = 6;

pub fn run(ctx: &Ctx, id: &str, format: TextFormat) -> Result<ExitCode, CliError> {
    let cat = workspace::open(&ctx.start_dir(None))?;
    let d = proposals::detail(&cat, id)?;
    if format == TextFormat::Json {
        write_json(&mut std::io::stdout().lock(), &d)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = crate::cli::output::screen(ctx.color);
    out.write_all(render(&d, &cat.manifest, ctx.lang, ctx.color).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn heading(text: &str, color: bool) -> String {
    paint(&text.to_uppercase(), "1;36", color)
}

/// The whole detail as text.
fn render(d: &ProposalDetail, m: &Manifest, lang: Lang, color: bool) -> String {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let p = &d.proposal;
    let s = &d.summary;
    let mut o = String::new();
    let line = |o: &mut String, text: &str| {
        o.push_str(text);
        o.push('\n');
    };
    line(
        &mut o,
        &paint(
            &format!(
                "{} {} — {}",
                l("Đề xuất", "Proposal"),
                p.id,
                sanitize(&p.title)
            ),
            "1",
            color,
        ),
    );
    line(
        &mut o,
        &format!(
            "  {}: {} · {} · {} {}",
            l("Loại", "Kind"),
            i18n::proposal_kind_label(p.kind, lang),
            m.level_name(&s.level),
            s.code,
            sanitize(&s.name)
        ),
    );
    line(
        &mut o,
        &format!(
            "  {}: {}",
            l("Tình trạng", "Status"),
            i18n::proposal_status_label(p.status, lang)
        ),
    );
    for f in &s.forced {
        line(
            &mut o,
            &format!(
                "  {}: {} — {} {}{}: {}",
                forced_flag(lang, color),
                i18n::proposal_status_label(f.status, lang),
                l("ghi bởi", "recorded by"),
                sanitize(&f.actor),
                f.date
                    .map(|d| format!(" ({})", date_display(d, lang)))
                    .unwrap_or_default(),
                sanitize(&f.reason)
            ),
        );
    }
    if s.stale {
        line(
            &mut o,
            &format!(
                "  {}: {}",
                paint(stale_flag(lang), "1;33", color),
                l(
                    "thủ tục đã được sửa sau khi soạn đề xuất; khi áp dụng sẽ phải đối chiếu",
                    "the procedure was edited after the draft; applying will ask to reconcile"
                )
            ),
        );
    }
    let section = |o: &mut String, title: &str, body: &[String]| {
        if body.is_empty() {
            return;
        }
        o.push('\n');
        o.push_str(&heading(title, color));
        o.push('\n');
        for b in body {
            o.push_str(&format!("  {}\n", sanitize(b)));
        }
    };
    section(
        &mut o,
        l("Sự cần thiết, lý do", "Rationale"),
        &p.rationale.iter().cloned().collect::<Vec<_>>(),
    );
    section(
        &mut o,
        l("Phương án đơn giản hóa", "Simplification plan"),
        &p.plan.iter().cloned().collect::<Vec<_>>(),
    );
    if let Some(c) = &p.compliance_cost {
        section(
            &mut o,
            l("Chi phí tuân thủ (một năm)", "Compliance cost (per year)"),
            &[tthc::words::compliance_saving(c, lang)],
        );
    }
    let steps: Vec<String> = p
        .log
        .iter()
        .map(|t| {
            let mut s = format!(
                "{}  {}",
                t.date.map(|d| date_display(d, lang)).unwrap_or_default(),
                i18n::proposal_status_label(t.status, lang)
            );
            s.push_str(&tthc::words::step_detail(t, lang));
            if let Some(n) = &t.note {
                s.push_str(&format!(" — {n}"));
            }
            if let Some(r) = &t.forced {
                s.push_str(&format!(
                    " — {}: {r}",
                    lang.pick("VƯỢT BỐN MẮT", "FOUR-EYES OVERRIDDEN")
                ));
            }
            s
        })
        .collect();
    section(&mut o, l("Quá trình", "Steps"), &steps);
    o.push('\n');
    o.push_str(&redline(&d.redline, m, lang, color));
    if !d.changed_since.is_empty() {
        o.push('\n');
        o.push_str(&heading(
            l(
                "Đã thay đổi kể từ khi soạn đề xuất",
                "Changed since the draft",
            ),
            color,
        ));
        o.push('\n');
        o.push_str(&crate::cli::output::three_way_text(
            &d.changed_since,
            crate::cli::output::ThirdSide::Proposal,
            lang,
            color,
        ));
    }
    o
}

/// The redline section.
fn redline(r: &Redline, m: &Manifest, lang: Lang, color: bool) -> String {
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut o = String::new();
    match r {
        Redline::Changes {
            against,
            changes,
            unchanged_fields,
        } => {
            let title = match against {
                Against::Base => l(
                    "Nội dung thay đổi (so với bản khi soạn)",
                    "Changes (against the version drafted on)",
                ),
                Against::Current => l(
                    "Nội dung thay đổi (so với bản hiện hành)",
                    "Changes (against the current version)",
                ),
            };
            o.push_str(&heading(title, color));
            o.push('\n');
            let mut last_top = String::new();
            for c in changes {
                let top = c.field.split(['.', '[']).next().unwrap_or("").to_owned();
                if top != last_top {
                    o.push_str(&format!(
                        "  {}\n",
                        paint(
                            &crate::cli::output::capitalise(i18n::field_label(&top, lang)),
                            "1",
                            color
                        )
                    ));
                    last_top = top;
                }
                o.push_str(&format!("    {}\n", folded(c, lang, color)));
            }
            o.push_str(&format!(
                "  ({} {})\n",
                unchanged_fields,
                l("mục khác giữ nguyên", "other fields unchanged")
            ));
        }
        Redline::Withdrawn { record } => {
            o.push_str(&heading(
                l(
                    "Toàn bộ thủ tục bị bãi bỏ",
                    "The whole procedure is withdrawn",
                ),
                color,
            ));
            o.push('\n');
            o.push_str(&whole(record, m, lang, color, false));
        }
        Redline::New { record } => {
            o.push_str(&heading(
                l("Thủ tục công bố mới", "The new procedure"),
                color,
            ));
            o.push('\n');
            o.push_str(&whole(record, m, lang, color, true));
        }
        Redline::Unavailable => {
            o.push_str(l(
                "(không có bản để so sánh: thủ tục không còn và bản gốc không có trong kho git)\n",
                "(nothing to compare: the procedure is gone and its base is not in the repository)\n",
            ));
        }
    }
    o
}

/// One change with its long unchanged stretches folded.
fn folded(c: &FieldChange, lang: Lang, color: bool) -> String {
    let mut c = c.clone();
    c.redline = diff::fold_context(&c.redline, CONTEXT_WORDS);
    crate::cli::diff::describe(&c, lang, color)
}

/// Every section of a record, every line deleted (abolition) or inserted (new procedure).
fn whole(p: &Procedure, m: &Manifest, lang: Lang, color: bool, inserted: bool) -> String {
    let mut o = String::new();
    for s in sections(p, m, lang) {
        o.push_str(&format!("  {}\n", paint(&s.title, "1", color)));
        for line in s.lines {
            let seg = if inserted {
                Segment::Insert(line)
            } else {
                Segment::Delete(line)
            };
            o.push_str(&format!(
                "    {}\n",
                crate::cli::diff::render(&[seg], color)
            ));
        }
    }
    o
}

/// Print the three-way comparison of a stale target (to stderr, with the way out).
pub(super) fn three_way(ctx: &Ctx, s: &StaleTarget) -> Result<(), CliError> {
    let lang = ctx.lang;
    let l = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut err = std::io::stderr().lock();
    if !s.base_available {
        writeln!(
            err,
            "{}",
            l(
                "Bản gốc khi soạn đề xuất không còn trong kho git nên không so sánh được. Soạn lại đề xuất trên bản hiện hành.",
                "The version the proposal was drafted on is not in the repository, so no comparison is possible. Draft the proposal again on the current version."
            )
        )?;
        return Ok(());
    }
    write!(
        err,
        "{}",
        crate::cli::output::three_way_text(
            &s.fields,
            crate::cli::output::ThirdSide::Proposal,
            lang,
            false
        )
    )?;
    if s.can_rebase {
        writeln!(
            err,
            "{} tthc proposal apply {} --rebase",
            l(
                "Các trường trên không nằm trong nội dung đề xuất; để giữ chúng và áp dụng đề xuất:",
                "The proposal does not change these fields; to keep them and apply the proposal:"
            ),
            s.id
        )?;
    } else {
        writeln!(
            err,
            "{} (tthc edit {} --level {}) {}",
            l(
                "Trường đánh dấu xung đột bị cả hai bên sửa khác nhau. Sửa thủ tục",
                "Fields marked conflict were changed differently on both sides. Edit the procedure"
            ),
            s.target.code,
            s.target.level,
            l(
                "cho các trường đó bằng giá trị gốc hoặc giá trị đề xuất, rồi chạy lại với --rebase.",
                "so those fields hold the base or the proposed value, then run again with --rebase."
            )
        )?;
    }
    Ok(())
}
