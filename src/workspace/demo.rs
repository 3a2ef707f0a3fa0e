//! The demo: the bundled sample catalogue in a fresh git repository whose history tells the
//! 2021–2022 story of thị xã Duy Tiên — the publications of 2021, an amendment at the turn of the
//! year, and the reviews of 2022.

use super::{WorkspaceError, sample_files};
use crate::history::{Author, FileChange, Repo};
use crate::model::{Procedure, ProcedureStatus, PublicationKind, PublicationRef};
use crate::store::{self, MANIFEST_FILE};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Makes one dated commit of the given files.
type CommitFn<'a> =
    dyn FnMut(&[(PathBuf, String)], &str, Author) -> Result<(), WorkspaceError> + 'a;

const VAN_PHONG: (&str, &str) = ("Trần Văn Hùng", "hung.vanphong@duytien.example");
const TU_PHAP: (&str, &str) = ("Nguyễn Thị Lan", "lan.tuphap@duytien.example");

/// A moment in Vietnam's time zone (UTC+7), as the history module wants it.
fn at(person: (&str, &str), day: &str, hour: i8) -> Author {
    let date: jiff::civil::Date = day.parse().expect("valid demo date");
    let offset = jiff::tz::Offset::constant(7);
    let time = offset
        .to_timestamp(date.at(hour, 0, 0, 0))
        .expect("demo dates are in range")
        .as_second();
    Author {
        name: person.0.into(),
        email: person.1.into(),
        time,
        offset_minutes: 7 * 60,
    }
}

/// Build the demo in `dir` (new or empty). Returns the number of commits made.
pub fn build_demo(dir: &Path) -> Result<usize, WorkspaceError> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|source| WorkspaceError::Io {
                path: dir.into(),
                source,
            })?
            .next()
            .is_some()
    {
        return Err(WorkspaceError::NotEmpty {
            path: dir.to_owned(),
        });
    }
    std::fs::create_dir_all(dir).map_err(|source| WorkspaceError::Io {
        path: dir.into(),
        source,
    })?;
    let repo = Repo::init(dir)?;
    repo.ensure_local_identity("Người dùng thử", "demo@tthc.invalid")?;
    let commits = std::cell::Cell::new(0usize);
    let mut commit = |changes: &[(PathBuf, String)],
                      message: &str,
                      author: Author|
     -> Result<(), WorkspaceError> {
        let mut files = Vec::new();
        for (rel, text) in changes {
            let abs = dir.join(rel);
            store::write_atomic(&abs, text.as_bytes())
                .map_err(|source| WorkspaceError::Io { path: abs, source })?;
            files.push(FileChange {
                path: rel.clone(),
                content: Some(text.clone().into_bytes()),
            });
        }
        repo.commit_files_as(&files, message, repo.head()?.as_deref(), Some(&author))?;
        commits.set(commits.get() + 1);
        Ok(())
    };

    // The final records, by file.
    let mut finals: BTreeMap<PathBuf, Procedure> = BTreeMap::new();
    let mut other: Vec<(PathBuf, String)> = Vec::new();
    for (rel, text) in sample_files() {
        let rel = PathBuf::from(rel);
        if store::classify(&rel) == store::FileKind::Procedure {
            let p: Procedure =
                store::parse_text(&rel, text).map_err(|d| WorkspaceError::Sample {
                    detail: d.first().map(|d| d.to_string()).unwrap_or_default(),
                })?;
            finals.insert(rel, p);
        } else {
            other.push((rel, (*text).to_owned()));
        }
    }
    let text_of = |rel: &Path, p: &Procedure| store::canonical_text(rel, p);

    // How each record looked when first published: not yet reviewed after its publication, and
    // the four amended ones still in their original form.
    let initial = |p: &Procedure, published_on: jiff::civil::Date| -> Procedure {
        let mut q = p.clone();
        if q.reviewed_on.is_some_and(|d| d > published_on) {
            q.reviewed_on = None;
        }
        if q.status == ProcedureStatus::Amended {
            q.status = ProcedureStatus::Published;
            q.notes = None;
            q.publication = Some(PublicationRef {
                decision: "2680/QĐ-UBND".into(),
                date: Some(jiff::civil::date(2021, 12, 20)),
                kind: PublicationKind::New,
            });
            q.effective_from = Some(jiff::civil::date(2022, 1, 1));
        }
        q
    };
    let decision_of = |p: &Procedure| {
        p.publication
            .as_ref()
            .map(|r| r.decision.clone())
            .unwrap_or_default()
    };

    let june = jiff::civil::date(2021, 6, 30);
    let december = jiff::civil::date(2021, 12, 22);
    let january = jiff::civil::date(2022, 1, 10);
    let published_on = |p: &Procedure| {
        if decision_of(p) == "1108/QĐ-UBND" {
            june
        } else if p.status == ProcedureStatus::Amended {
            january
        } else {
            december
        }
    };
    // Reviews after a record's publication become their own commits, one per review day.
    let mut by_day: BTreeMap<jiff::civil::Date, Vec<(PathBuf, Procedure)>> = BTreeMap::new();
    for (rel, p) in &finals {
        if let Some(day) = p.reviewed_on.filter(|d| *d > published_on(p)) {
            by_day
                .entry(day)
                .or_default()
                .push((rel.clone(), p.clone()));
        }
    }
    let reviews = std::cell::RefCell::new(by_day);
    // The reviews made before `limit`, in date order.
    let reviews_before =
        |limit: jiff::civil::Date, commit: &mut CommitFn| -> Result<(), WorkspaceError> {
            let days: Vec<jiff::civil::Date> =
                reviews.borrow().range(..limit).map(|(d, _)| *d).collect();
            for day in days {
                let items = reviews.borrow_mut().remove(&day).unwrap_or_default();
                let changes: Vec<(PathBuf, String)> = items
                    .iter()
                    .map(|(rel, p)| text_of(rel, p).map(|t| (rel.clone(), t)))
                    .collect::<Result<_, _>>()?;
                let codes: Vec<&str> = items.iter().map(|(_, p)| p.code.as_str()).collect();
                let message = format!(
                    "Rà soát {:02} TTHC ngày {}: {}",
                    items.len(),
                    crate::present::date_vi(day),
                    codes.join(", ")
                );
                commit(&changes, &message, at(TU_PHAP, &day.to_string(), 16))?;
            }
            Ok(())
        };

    // 1. June 2021: the household-business procedures (QĐ 1108/QĐ-UBND).
    let mut first: Vec<(PathBuf, String)> = other
        .iter()
        .filter(|(p, _)| p == Path::new(MANIFEST_FILE))
        .cloned()
        .collect();
    for (rel, p) in finals
        .iter()
        .filter(|(_, p)| decision_of(p) == "1108/QĐ-UBND")
    {
        first.push((rel.clone(), text_of(rel, &initial(p, june))?));
    }
    commit(
        &first,
        "Công bố 05 TTHC lĩnh vực hộ kinh doanh theo Quyết định 1108/QĐ-UBND ngày 28/6/2021",
        at(VAN_PHONG, "2021-06-30", 9),
    )?;
    reviews_before(december, &mut commit)?;

    // 2. December 2021: the catalogue of QĐ 2680/QĐ-UBND.
    let mut second: Vec<(PathBuf, String)> = Vec::new();
    for (rel, p) in finals
        .iter()
        .filter(|(_, p)| decision_of(p) != "1108/QĐ-UBND")
    {
        second.push((rel.clone(), text_of(rel, &initial(p, december))?));
    }
    for (rel, text) in other.iter().filter(|(p, _)| p != Path::new(MANIFEST_FILE)) {
        second.push((rel.clone(), text.clone()));
    }
    commit(
        &second,
        "Công bố danh mục TTHC cấp huyện, cấp xã theo Quyết định 2680/QĐ-UBND ngày 20/12/2021",
        at(VAN_PHONG, "2021-12-22", 10),
    )?;
    reviews_before(january, &mut commit)?;

    // 3. January 2022: four procedures amended (QĐ 2791/QĐ-UBND).
    let mut third = Vec::new();
    for (rel, p) in finals
        .iter()
        .filter(|(_, p)| p.status == ProcedureStatus::Amended)
    {
        // The amended text, without reviews that come later in the story.
        let mut amended = p.clone();
        amended.reviewed_on = p.reviewed_on.filter(|d| *d <= january);
        third.push((rel.clone(), text_of(rel, &amended)?));
    }
    commit(
        &third,
        "Cập nhật 04 TTHC sửa đổi, bổ sung theo Quyết định 2791/QĐ-UBND ngày 30/12/2021",
        at(TU_PHAP, "2022-01-10", 14),
    )?;

    // 4. 2022: the reviews.
    // 4. 2022: the reviews, and the twelve proposals of the first half-year as they happened
    // (a proposal's steps are recorded at 08:00, reviews at 16:00, so same-day steps come first).
    let mut seed = super::proposals::H1Seed::new();
    let seed_error = |e: super::proposals::ProposalError| WorkspaceError::Sample {
        detail: e.to_string(),
    };
    loop {
        let next_review = reviews.borrow().keys().next().copied();
        match (next_review, seed.next_date()) {
            (None, None) => break,
            (Some(review), Some(step)) if step <= review => {
                let made = seed.run_until(dir, step).map_err(seed_error)?;
                commits.set(commits.get() + made.len());
            }
            (Some(review), _) => {
                let day_after = review.tomorrow().unwrap_or(review);
                reviews_before(day_after, &mut commit)?;
            }
            (None, Some(_)) => {
                let made = seed.run_all(dir).map_err(seed_error)?;
                commits.set(commits.get() + made.len());
            }
        }
    }
    Ok(commits.get())
}
