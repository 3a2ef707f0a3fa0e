//! Synthetic catalogues for benchmarks and tests: N procedures of realistic size and content and a
//! git history of M commits of realistic shape, deterministic from a seed.
//!
//! The history opens with one import of most procedures, then mostly single-procedure edits by a
//! handful of people (a few procedures far more often than the rest), some new and abolished
//! procedures, and now and then a publication that touches a batch of procedures at once.

mod words;

use crate::history::{self, FileChange, HistoryError, SyntheticCommit};
use crate::model::{
    Agencies, Agency, Authority, Channel, ChannelKind, DossierDocument, DossierGroup, Fee, FeeKind,
    Field, Interlinked, Layout, LegalDocument, Level, Manifest, OnlineMode, OnlineService, Policy,
    Postal, Procedure, ProcedureStatus, ProcessingTime, PublicationKind, PublicationRef,
    PublicationSettings, TimeUnit,
};
use crate::search::fold;
use crate::store::{self, StoreError};
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub procedures: usize,
    /// Commits in all, the first import included (at least 1).
    pub commits: usize,
    pub seed: u64,
    /// Default: flat up to 5,000 procedures, sharded above.
    pub layout: Option<Layout>,
    /// A catalogue whose procedures lend their texts (steps, dossiers, legal documents, notes…)
    /// to the generated ones, recombined: records as long and varied as real ones (the sample
    /// in the repository's `catalog/` gives about 4 KB of YAML each). `None`: the generator's
    /// own shorter phrases.
    pub texts: Option<PathBuf>,
}

/// What was generated.
#[derive(Debug, Clone)]
pub struct Report {
    pub procedures: usize,
    pub commits: usize,
    pub head: String,
    pub layout: Layout,
    /// The procedure edited most often (relative to the catalogue root), for history queries.
    pub hot_path: PathBuf,
    /// The procedure edited least often.
    pub cold_path: PathBuf,
    /// Bytes of YAML in the final procedures.
    pub yaml_bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum SyntheticError {
    #[error("{path}: the folder exists and is not empty")]
    NotEmpty { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: no procedures to take texts from")]
    NoSample { path: PathBuf },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same catalogue.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// An index skewed towards 0: a few items are picked far more often than the rest.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u * u) * n as f64) as usize % n.max(1)
    }
}

/// Generate into `out` (a new or empty folder): the catalogue files and their git history.
pub fn generate(out: &Path, opts: &Options) -> Result<Report, SyntheticError> {
    if out.exists()
        && std::fs::read_dir(out)
            .map_err(|source| SyntheticError::Io {
                path: out.to_owned(),
                source,
            })?
            .next()
            .is_some()
    {
        return Err(SyntheticError::NotEmpty {
            path: out.to_owned(),
        });
    }
    std::fs::create_dir_all(out).map_err(|source| SyntheticError::Io {
        path: out.to_owned(),
        source,
    })?;
    let layout = opts.layout.unwrap_or(if opts.procedures > 5000 {
        Layout::Sharded
    } else {
        Layout::Flat
    });
    let sample = match &opts.texts {
        Some(dir) => Sample::load(dir)?,
        None => Sample::default(),
    };
    let mut plan = Plan::new(opts, layout, sample)?;
    let head = history::write_history(out, &mut plan)?;
    if let Some(e) = plan.failure.take() {
        return Err(e);
    }
    let hot = plan.edits.iter().enumerate().max_by_key(|(_, n)| **n);
    let hot_path = hot.map(|(i, _)| plan.path_of(i)).unwrap_or_default();
    let cold_path = plan
        .edits
        .iter()
        .enumerate()
        .min_by_key(|(_, n)| **n)
        .map(|(i, _)| plan.path_of(i))
        .unwrap_or_default();
    Ok(Report {
        procedures: plan.records.len(),
        commits: plan.made,
        head,
        layout,
        hot_path,
        cold_path,
        yaml_bytes: plan.sizes.iter().sum(),
    })
}

/// The state of the catalogue while its history is written, one commit at a time.
struct Plan {
    rng: Rng,
    manifest: Manifest,
    /// Agency ids of each level, in manifest order of levels.
    agencies: Vec<Vec<String>>,
    records: Vec<Procedure>,
    /// Edits of each procedure after the import.
    edits: Vec<u32>,
    sizes: Vec<u64>,
    /// Procedures not yet added (they arrive one per "new procedure" commit).
    to_add: usize,
    commits: usize,
    made: usize,
    time: i64,
    decision: u32,
    failure: Option<SyntheticError>,
    sample: Sample,
}

/// Real texts to build records from: the procedures of a sample catalogue, and pools of their
/// legal documents and notes to mix in.
#[derive(Default)]
struct Sample {
    records: Vec<Procedure>,
    laws: Vec<LegalDocument>,
    notes: Vec<crate::model::Text>,
}

impl Sample {
    fn load(dir: &Path) -> Result<Sample, SyntheticError> {
        let cat = store::load(dir)?;
        // Rows citing a text of the sample's register by number only carry its facts here: the
        // generated catalogue has no register of its own.
        let mut records: Vec<Procedure> = cat
            .procedures
            .iter()
            .map(|p| cat.with_legal_facts(&p.record))
            .collect();
        if records.is_empty() {
            return Err(SyntheticError::NoSample {
                path: dir.to_owned(),
            });
        }
        records.sort_by(|a, b| (&a.level, &a.code).cmp(&(&b.level, &b.code)));
        let mut laws: Vec<LegalDocument> = Vec::new();
        for law in records.iter().flat_map(|r| r.legal_list()) {
            if !laws.iter().any(|l| l.number == law.number) {
                // Mixed into other records without the texts that amend it: a row saying it is
                // amended by a text its record does not cite would be a warning of its own.
                let mut law = law.clone();
                law.amended_by.clear();
                laws.push(law);
            }
        }
        let mut notes: Vec<crate::model::Text> =
            records.iter().filter_map(|r| r.notes.clone()).collect();
        notes.extend(
            records
                .iter()
                .flat_map(|r| &r.dossier)
                .flat_map(|g| &g.documents)
                .filter_map(|d| d.note.clone()),
        );
        notes.sort();
        notes.dedup();
        Ok(Sample {
            records,
            laws,
            notes,
        })
    }
}

impl Plan {
    fn new(opts: &Options, layout: Layout, sample: Sample) -> Result<Plan, SyntheticError> {
        let mut rng = Rng(opts.seed ^ 0x7474_6863);
        let (manifest, agencies) = manifest(layout);
        let commits = opts.commits.max(1);
        // About one commit in twenty-five adds a procedure, never more than a tenth of them.
        let to_add = ((commits - 1) / 25).min(opts.procedures / 10);
        let mut plan = Plan {
            rng: Rng(rng.next()),
            manifest,
            agencies,
            records: Vec::with_capacity(opts.procedures),
            edits: Vec::with_capacity(opts.procedures),
            sizes: Vec::with_capacity(opts.procedures),
            to_add,
            commits,
            made: 0,
            // 2019-01-02 08:00 in Vietnam.
            time: 1_546_390_800,
            decision: 100,
            failure: None,
            sample,
        };
        for i in 0..opts.procedures - to_add {
            let p = plan.procedure(i);
            plan.records.push(p);
        }
        Ok(plan)
    }

    fn path_of(&self, i: usize) -> PathBuf {
        let p = &self.records[i];
        store::procedure_path(self.manifest.layout, &p.level, &p.code)
    }

    fn text_of(&mut self, i: usize) -> Result<Vec<u8>, StoreError> {
        let path = self.path_of(i);
        let text = store::canonical_text(&path, &self.records[i])?;
        if self.sizes.len() <= i {
            self.sizes.resize(i + 1, 0);
        }
        self.sizes[i] = text.len() as u64;
        Ok(text.into_bytes())
    }

    fn change(&mut self, i: usize) -> Result<FileChange, StoreError> {
        Ok(FileChange {
            path: self.path_of(i),
            content: Some(self.text_of(i)?),
        })
    }

    /// A new procedure, number `i` of the catalogue: its level, field and code follow from `i`
    /// (codes dense within a level, as the national ones are), the rest from the generator.
    fn procedure(&mut self, i: usize) -> Procedure {
        let levels = self.manifest.levels.len();
        let level_index = i % levels;
        let j = i / levels;
        let code = format!("{}.{:06}", 1 + j % 2, 1000 + j / 2);
        let rng = &mut self.rng;
        let field = rng.pick(&self.manifest.fields).clone();
        let own = &self.agencies[level_index];
        if !self.sample.records.is_empty() {
            let agencies = draw_agencies(rng, own, &self.manifest.agencies, None);
            let level = self.manifest.levels[level_index].id.clone();
            return self.with_sample_texts(code, level, field.id, agencies);
        }
        let name = format!(
            "{} {} {}",
            rng.pick(words::ACTIONS),
            rng.pick(words::OBJECTS),
            rng.pick(words::QUALIFIERS)
        );
        let steps = (0..rng.range(3, 7))
            .map(|k| {
                format!(
                    "Bước {}: {}.",
                    k + 1,
                    words::STEP_OPENINGS[(k + rng.below(3)) % words::STEP_OPENINGS.len()]
                )
                .into()
            })
            .collect();
        let time = ProcessingTime {
            value: Some(rng.range(1, 30) as u32),
            unit: *rng.pick(&[TimeUnit::WorkingDays, TimeUnit::Days, TimeUnit::WorkingDays]),
            note: rng
                .chance(40)
                .then(|| "Kể từ ngày nhận đủ hồ sơ hợp lệ; không kể thời gian niêm yết, lấy ý kiến cơ quan liên quan.".into()),
        };
        let mut channels = vec![Channel {
            kind: ChannelKind::InPerson,
            description: Some(
                format!(
                    "Nộp trực tiếp tại Bộ phận tiếp nhận và trả kết quả {}",
                    self.manifest.levels[level_index].name
                )
                .into(),
            ),
            ..Channel::default()
        }];
        if rng.chance(70) {
            channels.push(Channel {
                kind: ChannelKind::Online,
                description: Some(
                    "Nộp trực tuyến qua Cổng Dịch vụ công quốc gia hoặc Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh".into(),
                ),
                ..Channel::default()
            });
        }
        if rng.chance(50) {
            channels.push(Channel {
                kind: ChannelKind::Postal,
                description: Some("Nộp qua dịch vụ bưu chính công ích".into()),
                processing_time: Some(ProcessingTime {
                    value: time.value.map(|v| v + 1),
                    unit: time.unit,
                    note: Some("Không tính thời gian chuyển phát".into()),
                }),
                fees: None,
            });
        }
        let groups = if rng.chance(25) { 2 } else { 1 };
        let dossier = (0..groups)
            .map(|g| DossierGroup {
                title: (groups > 1).then(|| {
                    format!(
                        "Trường hợp {}",
                        ["thực hiện lần đầu", "đề nghị cấp lại, điều chỉnh"][g]
                    )
                    .into()
                }),
                documents: (0..rng.range(2, 6))
                    .map(|_| DossierDocument {
                        name: (*rng.pick(words::DOCUMENTS)).into(),
                        form: rng
                            .chance(40)
                            .then(|| rng.pick(words::FORMS).to_string())
                            .map(crate::model::Text::from),
                        originals: rng.range(0, 1) as u32,
                        copies: rng.range(0, 2) as u32,
                        note: rng.chance(20).then(|| {
                            "Xuất trình bản chính để đối chiếu nếu nộp bản sao không có chứng thực"
                                .into()
                        }),
                        ..DossierDocument::default()
                    })
                    .collect(),
                sets: Some(1),
            })
            .collect();
        let fees: Vec<Fee> = (0..rng.range(0, 2))
            .map(|_| Fee {
                kind: *rng.pick(&[FeeKind::Fee, FeeKind::Charge]),
                amount: Some(rng.range(0, 40) as i64 * 5000),
                text: rng
                    .chance(50)
                    .then(|| "Theo mức thu do Hội đồng nhân dân tỉnh quy định".into()),
                unit: rng.chance(40).then(|| "hồ sơ".to_owned()).map(crate::model::Text::from),
                exemptions: rng.chance(25).then(|| {
                    "Miễn đối với người thuộc hộ nghèo, người có công với cách mạng, người khuyết tật"
                        .into()
                }),
                ..Fee::default()
            })
            .collect();
        // No fee drawn: not entered (as the first release read an empty list).
        let fees = (!fees.is_empty()).then_some(fees);
        let legal_basis = (0..rng.range(2, 5))
            .map(|_| {
                let (number, title, issuer, date) = *rng.pick(words::LAWS);
                LegalDocument {
                    number: number.into(),
                    title: title.into(),
                    date: date.parse().ok(),
                    issuer: Some(issuer.into()),
                    ..LegalDocument::default()
                }
            })
            .collect::<Vec<_>>();
        let legal_basis = Some(legal_basis);
        let mode = *rng.pick(&[OnlineMode::Full, OnlineMode::Partial, OnlineMode::None]);
        Procedure {
            code: code.into(),
            name: name.into(),
            level: self.manifest.levels[level_index].id.as_str().into(),
            field: field.id.into(),
            steps,
            channels,
            dossier,
            processing_time: time,
            subjects: (0..rng.range(1, 3))
                .map(|_| (*rng.pick(words::SUBJECTS)).into())
                .collect(),
            agencies: draw_agencies(
                rng,
                own,
                &self.manifest.agencies,
                Some(format!(
                    "Bộ phận tiếp nhận và trả kết quả, {}",
                    self.manifest.levels[level_index].name
                )),
            ),
            results: vec![(*rng.pick(words::RESULTS)).into()],
            fees,
            legal_basis,
            requirements: Some(if rng.chance(50) {
                "Không có".into()
            } else {
                "Đáp ứng đầy đủ điều kiện theo quy định của pháp luật chuyên ngành; cơ sở phải có địa điểm, trang thiết bị phù hợp.".into()
            }),
            online_service: OnlineService {
                mode,
                legacy_level: Some(match mode {
                    OnlineMode::Full => 4,
                    OnlineMode::Partial => 3,
                    OnlineMode::None => 2,
                }),
                url: None,
                ..OnlineService::default()
            },
            // Interlinked procedures name what they are linked with (birth registration with
            // permanent residence and health insurance, as the real interlinked group does).
            interlinked: if rng.chance(20) {
                Interlinked {
                    enabled: true,
                    linked: vec!["1.001193".into()],
                }
            } else {
                Interlinked::default()
            },
            postal: Postal {
                receive: rng.chance(60),
                return_result: rng.chance(70),
            },
            status: ProcedureStatus::Published,
            publication: first_publication(),
            effective_from: "2019-01-01".parse().ok(),
            reviewed_on: "2018-12-01".parse().ok(),
            ..Procedure::default()
        }
    }

    /// A procedure whose texts are those of a sample record, recombined with parts of others:
    /// steps and dossier groups added from a second record now and then, more legal documents
    /// from the sample's pool, a note. Ids (level, field, agencies) are the generator's.
    fn with_sample_texts(
        &mut self,
        code: String,
        level: String,
        field: String,
        mut agencies: Agencies,
    ) -> Procedure {
        let rng = &mut self.rng;
        let sample = &self.sample;
        let base = rng.pick(&sample.records);
        let other = rng.pick(&sample.records);
        let mut steps = base.steps.clone();
        if rng.chance(30) {
            let n = steps.len();
            steps.extend(
                other
                    .steps
                    .iter()
                    .take(rng.range(1, 2))
                    .enumerate()
                    .map(|(k, s)| {
                        // Renumber the borrowed step ("Bước 2: …" → "Bước n: …").
                        let text = s.split_once(": ").map_or(s.as_str(), |(_, t)| t);
                        format!("Bước {}: {text}", n + k + 1).into()
                    }),
            );
        }
        let mut dossier = base.dossier.clone();
        if rng.chance(25)
            && let Some(group) = other.dossier.first()
        {
            let mut group = group.clone();
            if group.title.is_none() {
                group.title = Some("Trường hợp đề nghị cấp lại, điều chỉnh".into());
            }
            dossier.push(group);
        }
        let mut legal_basis = base.legal_list().to_vec();
        for _ in 0..rng.range(1, 4) {
            let law = rng.pick(&sample.laws);
            if !legal_basis.iter().any(|l| l.number == law.number) {
                legal_basis.push(law.clone());
            }
        }
        let notes = if rng.chance(50) && !sample.notes.is_empty() {
            Some(rng.pick(&sample.notes).clone())
        } else {
            base.notes.clone()
        };
        agencies.address = base.agencies.address.clone();
        let mode = base.online_service.mode;
        Procedure {
            code: code.into(),
            name: base.name.clone(),
            level: level.into(),
            field: field.into(),
            kind: base.kind.clone(),
            steps,
            channels: base.channels.clone(),
            dossier,
            processing_time: base.processing_time.clone(),
            subjects: base.subjects.clone(),
            agencies,
            results: base.results.clone(),
            fees: base.fees.clone(),
            legal_basis: Some(legal_basis),
            requirements: base.requirements.clone(),
            online_service: OnlineService {
                mode,
                legacy_level: base.online_service.legacy_level,
                url: None,
                ..OnlineService::default()
            },
            interlinked: Interlinked::default(),
            postal: base.postal,
            status: ProcedureStatus::Published,
            publication: first_publication(),
            effective_from: "2019-01-01".parse().ok(),
            reviewed_on: "2018-12-01".parse().ok(),
            notes,
            ..Procedure::default()
        }
    }

    fn tick(&mut self) -> (String, String, i64) {
        self.time += self.rng.range(600, 36_000) as i64;
        let (name, email) = *self.rng.pick(words::AUTHORS);
        (name.to_owned(), email.to_owned(), self.time)
    }

    fn date(&self) -> crate::model::Date {
        let days = (self.time + 7 * 3600).div_euclid(86_400);
        jiff::civil::date(1970, 1, 1)
            .checked_add(jiff::Span::new().days(days))
            .unwrap_or_default()
    }

    /// Change one procedure the way people do: one field or list item at a time.
    fn edit(&mut self, i: usize) -> &'static str {
        let today = self.date();
        let rng = &mut self.rng;
        let p = &mut self.records[i];
        match rng.below(8) {
            0 => {
                p.processing_time.value = Some(rng.range(1, 30) as u32);
                "thời hạn giải quyết"
            }
            1 => {
                if let Some(fee) = p.fees.as_mut().and_then(|f| f.first_mut()) {
                    fee.amount = Some(rng.range(0, 40) as i64 * 5000);
                } else {
                    p.fees.get_or_insert_with(Vec::new).push(Fee {
                        kind: FeeKind::Charge,
                        amount: Some(rng.range(1, 20) as i64 * 10_000),
                        ..Fee::default()
                    });
                }
                "phí, lệ phí"
            }
            2 => {
                let n = p.steps.len() + 1;
                p.steps
                    .push(format!("Bước {n}: {}.", rng.pick(words::STEP_OPENINGS)).into());
                "trình tự thực hiện"
            }
            3 if p.steps.len() > 2 => {
                p.steps.pop();
                "trình tự thực hiện"
            }
            4 => {
                if let Some(group) = p.dossier.first_mut() {
                    group.documents.push(DossierDocument {
                        name: (*rng.pick(words::DOCUMENTS)).into(),
                        originals: 1,
                        ..DossierDocument::default()
                    });
                    if group.documents.len() > 8 {
                        group.documents.remove(0);
                    }
                }
                "thành phần hồ sơ"
            }
            5 => {
                p.notes = Some((*rng.pick(words::NOTES)).into());
                "ghi chú"
            }
            6 => {
                p.online_service.mode = *rng.pick(&[OnlineMode::Full, OnlineMode::Partial]);
                "dịch vụ công trực tuyến"
            }
            _ => {
                p.reviewed_on = Some(today);
                "ngày rà soát"
            }
        }
    }

    fn next_commit(&mut self) -> Result<Option<SyntheticCommit>, SyntheticError> {
        if self.made >= self.commits {
            return Ok(None);
        }
        let (author, email, time) = self.tick();
        let mut changes = Vec::new();
        let message;
        if self.made == 0 {
            changes.push(FileChange {
                path: PathBuf::from(store::MANIFEST_FILE),
                content: Some(
                    store::canonical_text(Path::new(store::MANIFEST_FILE), &self.manifest)?
                        .into_bytes(),
                ),
            });
            for i in 0..self.records.len() {
                changes.push(self.change(i)?);
            }
            self.edits = vec![0; self.records.len()];
            message = format!("Nhập danh mục: {} thủ tục", self.records.len());
        } else {
            let remaining = self.commits - self.made;
            let n = self.records.len();
            let roll = self.rng.below(100);
            if self.to_add > 0 && (roll < 5 || remaining <= self.to_add) {
                let i = self.records.len();
                let p = self.procedure(i);
                self.records.push(p);
                self.edits.push(0);
                self.to_add -= 1;
                changes.push(self.change(i)?);
                let p = &self.records[i];
                message = format!("Thêm {} ({}): {}", p.code, p.level, p.name);
            } else if roll < 8 {
                // A publication: one decision touches a batch of procedures.
                self.decision += self.rng.range(1, 40) as u32;
                let decision = format!("{}/QĐ-UBND", self.decision);
                let date = self.date();
                let count = self.rng.range(20, 300.min(n.max(20)));
                let mut touched = std::collections::BTreeSet::new();
                for _ in 0..count {
                    touched.insert(self.rng.below(n));
                }
                for &i in &touched {
                    let p = &mut self.records[i];
                    p.publication = Some(PublicationRef {
                        decision: decision.as_str().into(),
                        date: Some(date),
                        kind: PublicationKind::Amended,
                    });
                    if p.status == ProcedureStatus::Published {
                        p.status = ProcedureStatus::Amended;
                    }
                    self.edits[i] += 1;
                    changes.push(self.change(i)?);
                }
                message = format!(
                    "Công bố Quyết định {decision}: sửa đổi, bổ sung {} thủ tục",
                    touched.len()
                );
            } else if roll < 10 {
                let i = self.rng.below(n);
                let today = self.date();
                let p = &mut self.records[i];
                p.status = ProcedureStatus::Abolished;
                p.effective_until = Some(today.max(p.effective_from.unwrap_or_default()));
                self.edits[i] += 1;
                changes.push(self.change(i)?);
                let p = &self.records[i];
                message = format!("Bãi bỏ {} ({})", p.code, p.level);
            } else {
                let i = self.rng.skewed(n);
                let what = self.edit(i);
                self.edits[i] += 1;
                changes.push(self.change(i)?);
                let p = &self.records[i];
                message = format!("Sửa {} ({}): {what}", p.code, p.level);
            }
        }
        self.made += 1;
        Ok(Some(SyntheticCommit {
            changes,
            message,
            author,
            email,
            time,
            offset_minutes: 7 * 60,
        }))
    }
}

impl Iterator for Plan {
    type Item = SyntheticCommit;
    fn next(&mut self) -> Option<SyntheticCommit> {
        match self.next_commit() {
            Ok(c) => c,
            Err(e) => {
                self.failure = Some(e);
                None
            }
        }
    }
}

/// An id from a Vietnamese name: folded, words joined by `-`.
fn slug(name: &str) -> String {
    fold(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The manifest of a synthetic province-era catalogue (three levels), and each level's agencies
/// (its People's Committee first).
fn manifest(layout: Layout) -> (Manifest, Vec<Vec<String>>) {
    let levels = [
        ("tinh", "Cấp tỉnh"),
        ("huyen", "Cấp huyện"),
        ("xa", "Cấp xã"),
    ];
    let mut agencies = Vec::new();
    let mut per_level = Vec::new();
    for (level, pool, committee) in [
        ("tinh", words::PROVINCE_AGENCIES, "UBND tỉnh Hà Nam"),
        ("huyen", words::DISTRICT_AGENCIES, "UBND thị xã Duy Tiên"),
        ("xa", words::COMMUNE_AGENCIES, "UBND xã, phường"),
    ] {
        let mut ids = Vec::new();
        for name in std::iter::once(&committee).chain(pool.iter()) {
            let id = format!("{level}-{}", slug(name));
            ids.push(id.clone());
            agencies.push(Agency {
                id,
                name: (*name).to_owned(),
                address: None,
            });
        }
        per_level.push(ids);
    }
    let manifest = Manifest {
        schema: crate::validate::SCHEMA_VERSION,
        authority: Authority {
            name: "UBND tỉnh Hà Nam (dữ liệu tổng hợp)".into(),
            unit_code: Some("35".into()),
            province: Some("Hà Nam".into()),
            address: None,
            website: None,
            ..Authority::default()
        },
        levels: levels
            .iter()
            .map(|(id, name)| Level {
                id: (*id).into(),
                name: (*name).into(),
            })
            .collect(),
        fields: words::FIELDS
            .iter()
            .map(|name| Field {
                id: slug(name),
                name: (*name).into(),
                code: None,
            })
            .collect(),
        agencies,
        policy: Policy::default(),
        layout,
        publication: PublicationSettings {
            site_title: Some("Danh mục thủ tục hành chính (dữ liệu tổng hợp)".into()),
            contact: None,
            base_url: None,
        },
        ..Manifest::default()
    };
    (manifest, per_level)
}

/// The decision that published every generated procedure (2680/QĐ-UBND of 20/12/2018).
fn first_publication() -> Option<PublicationRef> {
    Some(PublicationRef {
        decision: "2680/QĐ-UBND".into(),
        date: "2018-12-20".parse().ok(),
        kind: PublicationKind::New,
    })
}

/// A procedure's agencies at a level whose own agencies are `own`: the first decides, one of
/// them carries it out, and now and then one more is authorised and one of `all` coordinates.
fn draw_agencies(
    rng: &mut Rng,
    own: &[String],
    all: &[Agency],
    address: Option<String>,
) -> Agencies {
    Agencies {
        competent: Some(own[0].as_str().into()),
        implementing: vec![own[rng.below(own.len())].as_str().into()],
        authorised: if rng.chance(30) {
            vec![own[rng.below(own.len())].as_str().into()]
        } else {
            Vec::new()
        },
        coordinating: if rng.chance(30) {
            vec![rng.pick(all).id.as_str().into()]
        } else {
            Vec::new()
        },
        address: address.map(crate::model::Text::from),
    }
}
