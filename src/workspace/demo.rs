//! The demo: the bundled sample catalogue in a fresh git repository whose history tells the
//! 2021–2022 story of thị xã Duy Tiên — the publications of 2021, an amendment at the turn of the
//! year, and the reviews of 2022.

use super::{WorkspaceError, sample_files};
use crate::history::{Author, FileChange, Repo};
use crate::model::{
    Fee, Manifest, OnlineMode, Procedure, ProcedureStatus, PublicationKind, PublicationRef,
};
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

/// Write the given files into the demo at `dir` and commit them as `author` at their time.
fn commit_dated(
    repo: &Repo,
    dir: &Path,
    changes: &[(PathBuf, String)],
    message: &str,
    author: &Author,
) -> Result<(), WorkspaceError> {
    let mut files = Vec::new();
    for (rel, text) in changes {
        let abs = dir.join(rel);
        store::write_atomic(&abs, text.as_bytes(), store::Durability::Durable)
            .map_err(|source| WorkspaceError::Io { path: abs, source })?;
        files.push(FileChange {
            path: rel.clone(),
            content: Some(text.clone().into_bytes()),
        });
    }
    repo.commit_files_as(&files, message, repo.head()?.as_deref(), Some(author))?;
    Ok(())
}

/// A record as the first release of tthc (format version 1) could hold it: what version 2
/// added is left out — the fees back as version 1 wrote them (a tier or a cap as a fee line of
/// its own, a condition in the text), no committed time or internal process, no baseline, no
/// 2025 flags, legal bases without their dates of effect, one online service.
fn first_release(p: &Procedure) -> Procedure {
    let mut q = p.clone();
    let fee_lines = |fees: &[Fee]| -> Vec<Fee> {
        let mut out = Vec::new();
        for f in fees {
            let text = match (&f.text, &f.condition) {
                (Some(t), Some(c)) => Some(format!("{t} ({c})").into()),
                (None, Some(c)) => Some(c.clone()),
                (t, None) => t.clone(),
            };
            let plain = |amount, text| Fee {
                kind: f.kind,
                amount,
                text,
                unit: f.unit.clone(),
                exemptions: f.exemptions.clone(),
                ..Fee::default()
            };
            if f.tiers.is_empty() {
                out.push(plain(f.amount, text.clone()));
            }
            for (i, t) in f.tiers.iter().enumerate() {
                let range = match (t.from, t.to) {
                    (Some(a), Some(b)) => format!("từ {} {a} đến {} {b}", unit(f), unit(f)),
                    (Some(a), None) => format!("từ {} thứ {a} trở lên", unit(f)),
                    (None, Some(b)) => format!("đến {} {b}", unit(f)),
                    (None, None) => String::new(),
                };
                let words = match (&text, i) {
                    (Some(t), 0) => Some(format!("{t}: {range}").into()),
                    _ => Some(range.into()),
                };
                out.push(plain(t.amount, words));
            }
            if let Some(max) = f.max {
                out.push(Fee {
                    kind: f.kind,
                    amount: Some(max),
                    text: Some(
                        format!(
                            "Mức thu tối đa không quá {}/{}",
                            crate::present::vnd(max).replace(" đ", " đồng"),
                            f.max_unit.as_deref().or(f.unit.as_deref()).unwrap_or("lần")
                        )
                        .into(),
                    ),
                    unit: f.max_unit.clone().or(f.unit.clone()),
                    ..Fee::default()
                });
            }
        }
        out
    };
    fn unit(f: &Fee) -> &str {
        f.unit.as_deref().unwrap_or("đơn vị")
    }
    q.fees = q.fees.as_deref().map(fee_lines);
    for c in &mut q.channels {
        c.fees = c.fees.as_deref().map(fee_lines);
    }
    q.committed_time = None;
    q.internal_process.clear();
    q.baseline = None;
    q.boundary_free = None;
    q.business_related = None;
    q.result_template = None;
    for d in q.dossier.iter_mut().flat_map(|g| g.documents.iter_mut()) {
        d.form_file = None;
        d.replaced_by_data = None;
    }
    if let Some(legal) = &mut q.legal_basis {
        // A row citing a text by number only rests on the register (`legal/`) of version 2.
        legal.retain(|d| !d.title.trim().is_empty());
        for d in legal {
            d.effective = None;
            d.articles = None;
            d.amended_by.clear();
            d.expires = None;
            d.status = None;
        }
    }
    let online = &mut q.online_service;
    online.eligible_full = None;
    online.electronic_result = None;
    online.services.clear();
    q
}

/// [`first_release`] before Nghị định 42/2022/NĐ-CP took effect (01/08/2022): the online
/// service has its legacy level only (the full / partial mode did not exist yet).
fn before_decree_42(p: &Procedure) -> Procedure {
    let mut q = first_release(p);
    if q.online_service.legacy_level.is_some() {
        q.online_service.mode = OnlineMode::None;
    }
    q
}

/// The manifest as format version 1 wrote it.
fn first_release_manifest(m: &Manifest) -> Manifest {
    let mut m = m.clone();
    m.schema = 1;
    m.authority.admin_code = None;
    m
}

/// Build the demo in `dir` (new or empty): its 2021–2022 history, then [`finish_demo`]. Returns
/// the number of commits made.
pub fn build_demo(dir: &Path) -> Result<usize, WorkspaceError> {
    Ok(build_demo_2022(dir)? + finish_demo(dir)?)
}

/// The demo's 2021–2022 history only, in the first release's format: for a face that records
/// more of 2022 (reviews, decisions) before [`finish_demo`]. Returns the number of commits made.
pub fn build_demo_2022(dir: &Path) -> Result<usize, WorkspaceError> {
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
    let mut commit = counted(&repo, dir, &commits);

    // The final records, by file. The register of legal texts is part of the 2026 record: see
    // `finish_demo`.
    let (finals, mut other) = sample_split()?;
    other.retain(|(rel, _)| store::classify(rel) != store::FileKind::Legal);
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
                    .map(|(rel, p)| text_of(rel, &before_decree_42(p)).map(|t| (rel.clone(), t)))
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

    // 1. June 2021: the household-business procedures (QĐ 1108/QĐ-UBND), in the first
    // release's format (version 1).
    let manifest_path = PathBuf::from(MANIFEST_FILE);
    let final_manifest = sample_manifest(&other)?;
    let mut first: Vec<(PathBuf, String)> = vec![(
        manifest_path.clone(),
        store::canonical_text(&manifest_path, &first_release_manifest(&final_manifest))?,
    )];
    for (rel, p) in finals
        .iter()
        .filter(|(_, p)| decision_of(p) == "1108/QĐ-UBND")
    {
        first.push((
            rel.clone(),
            text_of(rel, &before_decree_42(&initial(p, june)))?,
        ));
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
        second.push((
            rel.clone(),
            text_of(rel, &before_decree_42(&initial(p, december)))?,
        ));
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
        third.push((rel.clone(), text_of(rel, &before_decree_42(&amended))?));
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

/// The office posts its listing once the half-year's decisions are in (5 July 2022), as a
/// posting record reflecting the decisions applied: the demo's changes page and its Niêm yết
/// tab then show what changed since (Nghị định 42/2022's online modes, the 2026 record).
/// Made after the decisions are recorded and before [`finish_demo`], by `tthc demo`. Returns
/// the number of commits made (one).
pub fn post_demo_2022(dir: &Path) -> Result<usize, WorkspaceError> {
    let out = std::env::temp_dir().join(format!(
        "tthc-demo-posting-{}-{}",
        std::process::id(),
        jiff::Timestamp::now().as_nanosecond()
    ));
    let req = super::publish::PublishRequest {
        decision: "86/TB-UBND".into(),
        date: "2022-07-05".parse().expect("valid demo date"),
        effective: None,
        signer: None,
        out: out.clone(),
    };
    let posted = super::publish::post_as(dir, &req, None, Some(&at(VAN_PHONG, "2022-07-05", 9)));
    let _ = std::fs::remove_dir_all(&out);
    posted.map(|_| 1)
}

/// The bundled sample does not parse (a bug of this build, not of the user's catalogue).
fn sample_error(d: Vec<crate::diagnostic::Diagnostic>) -> WorkspaceError {
    WorkspaceError::Sample {
        detail: d.first().map(|d| d.to_string()).unwrap_or_default(),
    }
}

/// The sample's final `catalog.yaml`, among the files [`sample_split`] keeps as text.
fn sample_manifest(other: &[(PathBuf, String)]) -> Result<Manifest, WorkspaceError> {
    let manifest_path = Path::new(MANIFEST_FILE);
    Ok(other
        .iter()
        .find(|(p, _)| p == manifest_path)
        .map(|(rel, text)| store::parse_text(rel, text))
        .transpose()
        .map_err(sample_error)?
        .unwrap_or_default())
}

/// [`commit_dated`], counting the commits in `commits`.
fn counted<'a>(
    repo: &'a Repo,
    dir: &'a Path,
    commits: &'a std::cell::Cell<usize>,
) -> impl Fn(&[(PathBuf, String)], &str, Author) -> Result<(), WorkspaceError> + 'a {
    move |changes, message, author| {
        commit_dated(repo, dir, changes, message, &author)?;
        commits.set(commits.get() + 1);
        Ok(())
    }
}

/// The bundled sample as the demo builds from it: its procedures parsed, by file, and every
/// other file as text.
type SampleSplit = (BTreeMap<PathBuf, Procedure>, Vec<(PathBuf, String)>);

fn sample_split() -> Result<SampleSplit, WorkspaceError> {
    let mut finals = BTreeMap::new();
    let mut other = Vec::new();
    for (rel, text) in sample_files() {
        let rel = PathBuf::from(rel);
        if store::classify(&rel) == store::FileKind::Procedure {
            let p: Procedure = store::parse_text(&rel, text).map_err(sample_error)?;
            finals.insert(rel, p);
        } else {
            other.push((rel, (*text).to_owned()));
        }
    }
    Ok((finals, other))
}

/// The demo's later story, after its 2022 history (and the reviews and decisions recorded for
/// it): Nghị định 42/2022 gives each online service its mode (August 2022), then in April 2025
/// the catalogue is migrated to format version 2 and completed as the 2026 record asks. Returns
/// the number of commits made. (Separate from [`build_demo`] so that whatever else records 2022
/// events comes before it in the history.)
pub fn finish_demo(dir: &Path) -> Result<usize, WorkspaceError> {
    let repo = Repo::discover(dir)?.ok_or_else(|| WorkspaceError::NotVersioned {
        path: dir.to_owned(),
    })?;
    let commits = std::cell::Cell::new(0usize);
    let commit = counted(&repo, dir, &commits);
    let (finals, other) = sample_split()?;
    let text_of = |rel: &Path, p: &Procedure| store::canonical_text(rel, p);
    let manifest_path = PathBuf::from(MANIFEST_FILE);
    let final_manifest = sample_manifest(&other)?;

    // Every later step upgrades a record only where it still holds what the history wrote (a
    // record a proposal changed since keeps that change).
    let upgrade = |from: &dyn Fn(&Procedure) -> Procedure,
                   to: &dyn Fn(&Procedure) -> Procedure|
     -> Result<Vec<(PathBuf, String)>, WorkspaceError> {
        let mut changes = Vec::new();
        for (rel, p) in &finals {
            let now = std::fs::read_to_string(dir.join(rel)).unwrap_or_default();
            let (old, new) = (text_of(rel, &from(p))?, text_of(rel, &to(p))?);
            if now == old && old != new {
                changes.push((rel.clone(), new));
            }
        }
        Ok(changes)
    };

    // 5. August 2022: Nghị định 42/2022/NĐ-CP takes effect; the online service of each procedure
    // is said as full or partial from now on.
    let decree_42 = upgrade(&before_decree_42, &first_release)?;
    if !decree_42.is_empty() {
        commit(
            &decree_42,
            &format!(
                "Cập nhật hình thức dịch vụ công trực tuyến (toàn trình, một phần) của {:02} TTHC theo Nghị định 42/2022/NĐ-CP",
                decree_42.len()
            ),
            at(VAN_PHONG, "2022-08-15", 9),
        )?;
    }

    // 6. April 2025: the catalogue is brought to format version 2 (what `tthc fmt --migrate`
    // writes: the manifest's version; no relation here needs its level written out) …
    let mut migrated = first_release_manifest(&final_manifest);
    migrated.schema = crate::validate::SCHEMA_VERSION;
    commit(
        &[(
            manifest_path.clone(),
            store::canonical_text(&manifest_path, &migrated)?,
        )],
        "Chuyển danh mục từ định dạng phiên bản 1 sang 2 (tthc fmt --migrate): 1 tệp",
        at(VAN_PHONG, "2025-04-14", 9),
    )?;
    // … and the records are completed as the 2026 record asks: fees with their tiers and caps,
    // committed times and internal processes, legal bases with their dates of effect, online
    // services, the 2024 baseline, and the corrections of an expert's review.
    let mut completed = upgrade(&first_release, &|p: &Procedure| p.clone())?;
    let records = completed.len();
    if let Some((rel, text)) = other.iter().find(|(p, _)| p == &manifest_path) {
        completed.push((rel.clone(), text.clone()));
    }
    // The register of the legal texts the records cite, with their dates of effect and the
    // texts amending them.
    completed.extend(
        other
            .iter()
            .filter(|(p, _)| store::classify(p) == store::FileKind::Legal)
            .cloned(),
    );
    commit(
        &completed,
        &format!(
            "Hoàn thiện dữ liệu {records:02} TTHC theo yêu cầu năm 2025–2026: phí theo bậc, mức tối đa và điều kiện áp dụng, quy trình nội bộ và cơ quan có thẩm quyền, hiệu lực của căn cứ pháp lý; lập sổ văn bản pháp luật (legal/)"
        ),
        at(TU_PHAP, "2025-04-15", 15),
    )?;
    Ok(commits.get())
}
