//! The fast reader against the general parser: wherever the fast reader answers, it answers what
//! the general parser does. Known disagreements first, then a property-based differential test over
//! generated records written by the canonical writer, over hostile strings, and over those texts
//! with hostile pieces inserted.

use super::super::yaml::general;
use crate::model::{
    Agencies, Applied, Channel, ChannelKind, Date, Decision, DecisionScope, DossierDocument,
    DossierGroup, Effect, EffectBase, EffectKind, Fee, FeeKind, Interlinked, LegalDocument,
    LegalText, Manifest, OnlineMode, OnlineService, Postal, Procedure, ProcedureRef,
    ProcedureStatus, ProcessingTime, Proposal, PublicationKind, PublicationRecord, PublicationRef,
    Text, TimeUnit, TransferTo,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `Ok(true)` when the fast reader answered and agrees with the general parser, `Ok(false)` when
/// it declined, `Err` with both readings when it answered differently.
fn agree<T: DeserializeOwned + PartialEq + Debug>(text: &str) -> Result<bool, String> {
    let Some(fast) = super::parse::<T>(text) else {
        return Ok(false);
    };
    match general::<T>(text) {
        Ok(slow) if slow == fast => Ok(true),
        slow => Err(format!(
            "the fast reader read\n{fast:?}\nthe general parser\n{slow:?}\nfrom {text:?}"
        )),
    }
}

fn assert_declines<T: DeserializeOwned + PartialEq + Debug>(text: &str) {
    assert_eq!(agree::<T>(text), Ok(false), "{text:?}");
}

const HEAD: &str = "code: '1.001193'\nname: Đăng ký khai sinh\nlevel: xa\nfield: ho-tich\n";

#[test]
fn line_breaks_other_than_lf_go_to_the_general_parser() {
    // YAML (libyaml) also breaks lines at U+0085, U+2028 and U+2029: in a plain scalar the
    // rest of the line is a new line, and in a quoted one a NEL folds into a space.
    for brk in ['\u{85}', '\u{2028}', '\u{2029}'] {
        assert_declines::<Procedure>(&format!("{HEAD}notes: a{brk}b\n"));
        assert_declines::<Procedure>(&format!("{HEAD}notes: 'a{brk}b'\n"));
        assert_declines::<Procedure>(&format!("{HEAD}notes: \"a{brk}b\"\n"));
        assert_declines::<Procedure>(&format!("{HEAD}notes: a{brk}\n"));
    }
    let folded: Procedure = general(&format!("{HEAD}notes: 'a\u{85}b'\n")).unwrap();
    assert_eq!(folded.notes.as_deref(), Some("a b"), "what YAML reads");
}

#[test]
fn characters_yaml_refuses_go_to_the_general_parser() {
    for c in [
        '\0', '\u{1}', '\u{1b}', '\u{7f}', '\u{80}', '\u{9b}', '\u{9f}', '\u{fffe}', '\u{ffff}',
        '\u{feff}',
    ] {
        let text = format!("{HEAD}notes: a{c}b\n");
        assert_declines::<Procedure>(&text);
        if c != '\u{feff}' {
            assert!(general::<Procedure>(&text).is_err(), "{c:?}");
        }
    }
    assert_declines::<Procedure>(&format!("\u{feff}{HEAD}"));
    // Escaped, they are text, and both readers read them.
    assert_eq!(
        agree::<Procedure>(&format!("{HEAD}notes: \"\\x1b \\u2028 \\N \\x85\"\n")),
        Ok(true)
    );
}

#[test]
fn hex_escapes_take_exactly_their_digits() {
    for escape in [
        "\\u+041",
        "\\u-041",
        "\\x+4",
        "\\u 041",
        "\\U+0000041",
        "\\ud800",
        "\\U00110000",
    ] {
        let text = format!("{HEAD}notes: \"{escape}\"\n");
        assert_declines::<Procedure>(&text);
        assert!(general::<Procedure>(&text).is_err(), "{escape}");
    }
    assert_eq!(
        agree::<Procedure>(&format!("{HEAD}notes: \"\\u0041\\x41\\U00000041\"\n")),
        Ok(true)
    );
}

#[test]
fn a_comment_line_does_not_change_the_record() {
    // The fast reader declines a file with a comment, so with and without one the general
    // parser and the fast reader must read the same.
    for value in [
        "a\u{2028}b",
        "'a\u{85}b'",
        "\"\\u+041\"",
        "x\u{1}",
        "\"\\u0041\"",
        "Đăng ký",
    ] {
        let plain = format!("{HEAD}notes: {value}\n");
        let commented = format!("# ghi chú\n{plain}");
        let a = super::super::yaml::parse_record::<Procedure>(&plain).ok();
        let b = super::super::yaml::parse_record::<Procedure>(&commented).ok();
        assert_eq!(a, b, "{value:?}");
    }
}

// ---- The property-based differential test ----

/// Characters YAML treats specially, and ones that look harmless but are not.
const HOSTILE_CHARS: &[char] = &[
    '\n',
    '\r',
    '\t',
    '\u{85}',
    '\u{2028}',
    '\u{2029}',
    '\u{feff}',
    '\u{fffe}',
    '\u{ffff}',
    '\0',
    '\u{1}',
    '\u{8}',
    '\u{b}',
    '\u{c}',
    '\u{1b}',
    '\u{7f}',
    '\u{80}',
    '\u{9b}',
    '\u{9f}',
    '\u{a0}',
    '\u{200b}',
    '\u{200e}',
    '\u{200f}',
    '\u{202a}',
    '\u{202e}',
    '\u{2066}',
    '\u{2069}',
    '\u{3000}',
    '"',
    '\'',
    '\\',
    '#',
    ':',
    '-',
    '?',
    '&',
    '*',
    '!',
    '|',
    '>',
    '%',
    '@',
    '`',
    '[',
    ']',
    '{',
    '}',
    ',',
    ' ',
    ' ',
    ' ',
    '~',
    '=',
    'đ',
    'Đ',
    'ế',
    'ộ',
    'ư',
    '\u{300}',
    '\u{301}',
    '\u{1F600}',
    '\u{e000}',
    '\u{fffd}',
    '\u{10ffff}',
    'x',
    '0',
    '1',
    '.',
    'e',
];

/// Whole strings some YAML reads as something other than text, or as structure.
const HOSTILE_WORDS: &[&str] = &[
    "",
    " ",
    "10.000",
    "1.001193",
    "007",
    "-5",
    "+5",
    "0x10",
    "0o7",
    "1_000",
    "1e3",
    ".5",
    ".inf",
    "-.inf",
    ".nan",
    "yes",
    "no",
    "Yes",
    "NO",
    "on",
    "off",
    "y",
    "n",
    "true",
    "False",
    "null",
    "Null",
    "NULL",
    "~",
    "2022-01-01",
    "2022-13-45",
    "12:30",
    "- a",
    "-",
    "a: b",
    "a:b",
    "a :b",
    "a #b",
    "a#b",
    "#x",
    "'",
    "''",
    "\"",
    "\\",
    "\\n",
    "  lead",
    "trail  ",
    "---",
    "...",
    "|",
    ">-",
    "&a x",
    "*a",
    "!!str 5",
    "%YAML 1.2",
    "@x",
    "`x`",
    "[a]",
    "{a: b}",
    "[]",
    "{}",
    "? x",
    "<<",
    "Bước 1: nộp hồ sơ",
    "Điều 5 # khoản 2",
    "\u{202e}txt.exe",
    "\u{1b}]52;c;ZXZpbA==\u{7}",
];

fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(HOSTILE_CHARS),
        1 => any::<char>(),
    ]
}

/// Vietnamese-looking text: the strings the fast reader should take.
fn tame() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9đĐàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ ,./()]{1,40}"
}

fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => tame(),
        2 => prop::sample::select(HOSTILE_WORDS).prop_map(str::to_owned),
        3 => vec(hostile_char(), 0..24).prop_map(String::from_iter),
        3 => vec(
            prop_oneof![
                tame(),
                prop::sample::select(HOSTILE_WORDS).prop_map(str::to_owned),
                hostile_char().prop_map(String::from),
            ],
            1..6
        )
        .prop_map(|parts| parts.concat()),
        // Long lines: a writer that wraps them must still be read back the same.
        1 => (tame(), 5..60usize).prop_map(|(s, n)| s.repeat(n)),
    ]
}

/// Strings the canonical writer writes in the fast reader's subset (quoting what needs it).
fn mild_string() -> BoxedStrategy<String> {
    prop_oneof![
        8 => tame(),
        2 => prop::sample::select(HOSTILE_WORDS).prop_map(str::to_owned),
    ]
    .boxed()
}

fn texts(s: &BoxedStrategy<String>) -> BoxedStrategy<Vec<Text>> {
    vec(s.clone().prop_map(Text::from), 0..4).boxed()
}

fn maybe(s: &BoxedStrategy<String>) -> BoxedStrategy<Option<Text>> {
    option::of(s.clone().prop_map(Text::from)).boxed()
}

fn date() -> impl Strategy<Value = Date> {
    (1990i16..2040, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn processing_time(s: &BoxedStrategy<String>) -> impl Strategy<Value = ProcessingTime> + use<> {
    (
        option::of(any::<u32>()),
        prop::sample::select(vec![
            TimeUnit::SameDay,
            TimeUnit::Hours,
            TimeUnit::Days,
            TimeUnit::WorkingDays,
            TimeUnit::Months,
        ]),
        maybe(s),
    )
        .prop_map(|(value, unit, note)| ProcessingTime { value, unit, note })
}

fn fee(s: &BoxedStrategy<String>) -> impl Strategy<Value = Fee> + use<> {
    (
        prop::sample::select(vec![FeeKind::Fee, FeeKind::Charge]),
        option::of(any::<i64>()),
        maybe(s),
        maybe(s),
        maybe(s),
        (
            vec(
                (
                    option::of(any::<u32>()),
                    option::of(any::<u32>()),
                    option::of(any::<i64>()),
                ),
                0..3,
            ),
            option::of(any::<i64>()),
            maybe(s),
            maybe(s),
            option::of(any::<bool>()),
        ),
    )
        .prop_map(
            |(kind, amount, text, unit, exemptions, (tiers, max, max_unit, condition, online))| {
                Fee {
                    kind,
                    amount,
                    text,
                    unit,
                    tiers: tiers
                        .into_iter()
                        .map(|(from, to, amount)| crate::model::FeeTier { from, to, amount })
                        .collect(),
                    max,
                    max_unit,
                    condition,
                    online_payment: online,
                    exemptions,
                }
            },
        )
}

fn channel(s: &BoxedStrategy<String>) -> impl Strategy<Value = Channel> + use<> {
    (
        prop::sample::select(vec![
            ChannelKind::InPerson,
            ChannelKind::Online,
            ChannelKind::Postal,
        ]),
        maybe(s),
        option::of(processing_time(s)),
        option::of(vec(fee(s), 0..3)),
    )
        .prop_map(|(kind, description, processing_time, fees)| Channel {
            kind,
            description,
            processing_time,
            fees,
        })
}

fn dossier(s: &BoxedStrategy<String>) -> impl Strategy<Value = DossierGroup> + use<> {
    let document = (
        s.clone(),
        maybe(s),
        any::<u32>(),
        any::<u32>(),
        maybe(s),
        (maybe(s), maybe(s)),
    )
        .prop_map(
            |(name, form, originals, copies, note, (form_file, replaced_by_data))| {
                DossierDocument {
                    name: name.into(),
                    form,
                    form_file,
                    replaced_by_data,
                    originals,
                    copies,
                    note,
                }
            },
        );
    (maybe(s), vec(document, 0..3), option::of(any::<u32>())).prop_map(
        |(title, documents, sets)| DossierGroup {
            title,
            documents,
            sets,
        },
    )
}

fn relation(s: &BoxedStrategy<String>) -> impl Strategy<Value = ProcedureRef> + use<> {
    (s.clone(), s.clone()).prop_map(|(level, code)| ProcedureRef {
        level: level.into(),
        code: code.into(),
    })
}

/// Records with mostly mild strings (the fast reader should read them) or with any strings.
fn procedure() -> impl Strategy<Value = Procedure> {
    let (mild, hostile) = (mild_string(), hostile_string().boxed());
    prop_oneof![procedure_of(&mild), procedure_of(&hostile)]
}

fn procedure_of(s: &BoxedStrategy<String>) -> impl Strategy<Value = Procedure> + use<> {
    let agencies = (maybe(s), texts(s), texts(s), texts(s), maybe(s)).prop_map(
        |(competent, implementing, authorised, coordinating, address)| Agencies {
            competent,
            implementing,
            authorised,
            coordinating,
            address,
        },
    );
    let legal = (
        s.clone(),
        s.clone(),
        option::of(date()),
        maybe(s),
        (
            option::of(date()),
            maybe(s),
            texts(s),
            option::of(date()),
            option::of(prop::sample::select(vec![
                crate::model::LegalStatus::InForce,
                crate::model::LegalStatus::Amended,
                crate::model::LegalStatus::Expired,
            ])),
        ),
    )
        .prop_map(
            |(number, title, date, issuer, (effective, articles, amended_by, expires, status))| {
                LegalDocument {
                    number: number.into(),
                    title: title.into(),
                    date,
                    issuer,
                    effective,
                    articles,
                    amended_by,
                    expires,
                    status,
                }
            },
        );
    let online = (
        prop::sample::select(vec![
            OnlineMode::Full,
            OnlineMode::Partial,
            OnlineMode::None,
        ]),
        option::of(any::<u8>()),
        maybe(s),
        option::of(any::<bool>()),
        vec((s.clone(), maybe(s)), 0..3),
    )
        .prop_map(
            |(mode, legacy_level, url, eligible_full, services)| OnlineService {
                mode,
                legacy_level,
                url,
                eligible_full,
                electronic_result: eligible_full.map(|b| !b),
                services: services
                    .into_iter()
                    .map(|(code, url)| crate::model::OnlineServiceEntry {
                        code: code.into(),
                        mode,
                        url,
                        ..Default::default()
                    })
                    .collect(),
            },
        );
    let publication = (
        s.clone(),
        option::of(date()),
        prop::sample::select(vec![
            PublicationKind::New,
            PublicationKind::Amended,
            PublicationKind::Replaced,
            PublicationKind::Abolished,
        ]),
    )
        .prop_map(|(decision, date, kind)| PublicationRef {
            decision: decision.into(),
            date,
            kind,
        });
    (
        (
            s.clone(),
            maybe(s),
            s.clone(),
            s.clone(),
            s.clone(),
            maybe(s),
            texts(s),
        ),
        (
            vec(channel(s), 0..3),
            vec(dossier(s), 0..3),
            processing_time(s),
            texts(s),
            agencies,
        ),
        (
            texts(s),
            option::of(vec(fee(s), 0..3)),
            option::of(vec(legal, 0..3)),
            maybe(s),
            online,
            (any::<bool>(), texts(s)),
            (any::<bool>(), any::<bool>()),
        ),
        (
            prop::sample::select(vec![
                ProcedureStatus::Published,
                ProcedureStatus::Amended,
                ProcedureStatus::Abolished,
            ]),
            option::of(publication),
            option::of(date()),
            option::of(date()),
            (vec(relation(s), 0..2), vec(relation(s), 0..2)),
            option::of(date()),
            maybe(s),
        ),
        (
            option::of(relation(s)),
            option::of(relation(s)),
            option::of(processing_time(s)),
            vec(
                (
                    s.clone(),
                    maybe(s),
                    option::of(any::<u32>()),
                    option::of(any::<u32>()),
                ),
                0..3,
            ),
            option::of(any::<bool>()),
            option::of((any::<u16>(), option::of(any::<i64>()), maybe(s))),
        ),
    )
        .prop_map(|(a, b, c, d, e)| {
            let (transferred_from, transferred_to, committed_time, steps_in, flag, baseline) = e;
            let (code, local_code, name, level, field, kind, steps) = a;
            let (channels, dossier, processing_time, subjects, agencies) = b;
            let (results, fees, legal_basis, requirements, online_service, linked, postal) = c;
            let (status, publication, effective_from, effective_until, rep, reviewed_on, notes) = d;
            // The import's marker (issue 18), both ways, from a value drawn anyway.
            let incomplete = reviewed_on.is_none();
            Procedure {
                code: code.into(),
                local_code,
                name: name.into(),
                level: level.into(),
                field: field.into(),
                kind,
                steps,
                channels,
                dossier,
                processing_time,
                subjects,
                agencies,
                results,
                fees,
                legal_basis,
                requirements,
                online_service,
                interlinked: Interlinked {
                    enabled: linked.0,
                    linked: linked.1,
                },
                postal: Postal {
                    receive: postal.0,
                    return_result: postal.1,
                },
                status,
                publication,
                effective_from,
                effective_until,
                replaces: rep.0,
                replaced_by: rep.1,
                transferred_from,
                transferred_to,
                reviewed_on,
                notes,
                committed_time,
                internal_process: steps_in
                    .into_iter()
                    .map(|(step, unit, days, hours)| crate::model::ProcessStep {
                        step: step.into(),
                        unit,
                        days,
                        hours,
                    })
                    .collect(),
                result_template: None,
                boundary_free: flag,
                business_related: flag.map(|b| !b),
                baseline: baseline.map(|(year, cost, note)| crate::model::Baseline {
                    year,
                    processing_time: None,
                    cost,
                    note,
                }),
                incomplete,
                units: Vec::new(),
            }
        })
}

/// As a load reads them (texts shared through `model::Interning`), records written in the
/// canonical form come back unchanged from the file and from the record cache, write the same
/// file again, and share each repeated text within a record.
#[test]
fn generated_records_round_trip_through_yaml_and_the_cache_while_interning() {
    use crate::store::cache::codec;
    runner(cases(300))
        .run(&procedure(), |record| {
            let text = super::super::yaml::to_canonical(&record).map_err(TestCaseError::fail)?;
            let _interning = crate::model::Interning::start();
            let read = match super::parse::<Procedure>(&text) {
                Some(read) => read,
                None => {
                    general::<Procedure>(&text).map_err(|e| TestCaseError::fail(e.to_string()))?
                }
            };
            prop_assert_eq!(&read, &nfc(&record), "{:?}", text);
            let again = super::super::yaml::to_canonical(&read).map_err(TestCaseError::fail)?;
            prop_assert_eq!(&again, &text);
            let mut bytes = Vec::new();
            codec::encode(&read, &mut bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let cached: Procedure =
                codec::decode(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&cached, &read);
            // The record's name and code, read twice, are one allocation each.
            prop_assert!(Text::ptr_eq(&cached.name, &read.name));
            prop_assert!(Text::ptr_eq(&cached.code, &read.code));
            Ok(())
        })
        .unwrap_or_else(|e| fail(e));
}

/// Cases per property; `PROPTEST_CASES` raises it for a longer run.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

fn fail(e: impl std::fmt::Display) -> ! {
    panic!("{e}")
}

/// The record with every string in NFC, as the canonical writer stores it (normalised here
/// through JSON, independently of the writer).
fn nfc<T: serde::Serialize + DeserializeOwned>(record: &T) -> T {
    use unicode_normalization::UnicodeNormalization;
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => *s = s.nfc().collect(),
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            serde_json::Value::Object(map) => map.values_mut().for_each(walk),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(record).unwrap();
    walk(&mut v);
    serde_json::from_value(v).unwrap()
}

#[test]
fn generated_records_are_written_and_read_back_faithfully() {
    let fast = AtomicUsize::new(0);
    let total = AtomicUsize::new(0);
    runner(cases(1000))
        .run(&procedure(), |record| {
            let text = super::super::yaml::to_canonical(&record).map_err(TestCaseError::fail)?;
            total.fetch_add(1, Ordering::Relaxed);
            // Both readers agree, or the fast one declines.
            if agree::<Procedure>(&text).map_err(TestCaseError::fail)? {
                fast.fetch_add(1, Ordering::Relaxed);
            }
            // And what is read back is what was written.
            let back = general::<Procedure>(&text)
                .map_err(|e| TestCaseError::fail(format!("{e}: {text:?}")))?;
            prop_assert_eq!(back, nfc(&record), "{:?}", text);
            Ok(())
        })
        .unwrap_or_else(|e| fail(e));
    let (fast, total) = (fast.into_inner(), total.into_inner());
    eprintln!("generated records: {total}, read by the fast reader: {fast}");
    // The property is only worth something if the fast reader answers often.
    assert!(fast * 4 >= total, "{fast} of {total}");
}

fn effect_of(s: &BoxedStrategy<String>) -> impl Strategy<Value = Effect> + use<> {
    let legal = (s.clone(), maybe(s), option::of(date()), option::of(date())).prop_map(
        |(number, title, date, effective)| LegalText {
            number,
            title: title.map(String::from),
            date,
            effective,
        },
    );
    let to = (s.clone(), maybe(s)).prop_map(|(level, code)| TransferTo {
        level,
        code: code.map(String::from),
    });
    let base = (s.clone(), s.clone()).prop_map(|(commit, blob)| EffectBase { commit, blob });
    let applied =
        (option::of(date()), s.clone(), vec(s.clone(), 0..4)).prop_map(|(date, by, proposals)| {
            Applied {
                date,
                by,
                proposals,
            }
        });
    (
        prop::sample::select(EffectKind::ALL.to_vec()),
        (s.clone(), s.clone(), maybe(s)),
        (option::of(legal), option::of(date()), option::of(to)),
        (
            option::of(procedure_of(s)),
            option::of(base),
            option::of(applied),
        ),
    )
        .prop_map(
            |(kind, (level, code, name), (legal_text, effective, to), (record, base, applied))| {
                Effect {
                    kind,
                    level,
                    code,
                    name: name.map(String::from),
                    legal_text,
                    effective,
                    to,
                    record,
                    base,
                    applied,
                }
            },
        )
}

fn decision_of(s: &BoxedStrategy<String>) -> impl Strategy<Value = Decision> + use<> {
    (
        (s.clone(), s.clone(), option::of(date()), maybe(s)),
        (
            maybe(s),
            maybe(s),
            option::of(date()),
            vec(s.clone(), 0..4),
            vec(s.clone(), 0..4),
        ),
        (vec(effect_of(s), 0..3), maybe(s)),
    )
        .prop_map(
            |(
                (id, number, date, title),
                (signer, issuer, effective, levels, fields),
                (effects, notes),
            )| Decision {
                id,
                number,
                date,
                title: title.map(String::from),
                signer: signer.map(String::from),
                issuer: issuer.map(String::from),
                effective,
                scope: DecisionScope { levels, fields },
                effects,
                notes: notes.map(String::from),
            },
        )
}

#[test]
fn generated_decisions_are_written_and_read_back_faithfully() {
    let (mild, hostile) = (mild_string(), hostile_string().boxed());
    let decision = prop_oneof![decision_of(&mild), decision_of(&hostile)];
    let fast = AtomicUsize::new(0);
    let total = AtomicUsize::new(0);
    runner(cases(200))
        .run(&decision, |record| {
            let text = super::super::yaml::to_canonical(&record).map_err(TestCaseError::fail)?;
            total.fetch_add(1, Ordering::Relaxed);
            if agree::<Decision>(&text).map_err(TestCaseError::fail)? {
                fast.fetch_add(1, Ordering::Relaxed);
            }
            let back = general::<Decision>(&text)
                .map_err(|e| TestCaseError::fail(format!("{e}: {text:?}")))?;
            prop_assert_eq!(back, nfc(&record), "{:?}", text);
            Ok(())
        })
        .unwrap_or_else(|e| fail(e));
    let (fast, total) = (fast.into_inner(), total.into_inner());
    eprintln!("generated decisions: {total}, read by the fast reader: {fast}");
    assert!(fast * 8 >= total, "{fast} of {total}");
}

#[test]
fn normalising_does_not_break_an_escape() {
    // A combining mark right after a character written as an escape (`\n`, `\e`, `\uFFFE`):
    // normalising the written text composed the escape's letter with the mark.
    for s in [
        "dòng 1\n\u{301}dòng 2",
        "\u{1b}\u{300}",
        "a\u{fffe}\u{300}",
        "e\u{301}\t",
    ] {
        let record = Procedure {
            notes: Some(s.into()),
            ..Procedure::default()
        };
        let text = super::super::yaml::to_canonical(&record).unwrap();
        let back: Procedure = general(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        assert_eq!(back, nfc(&record), "{text}");
    }
}

/// A hostile piece to insert into a file: a character, a word, or a line.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => hostile_char().prop_map(String::from),
        2 => prop::sample::select(HOSTILE_WORDS).prop_map(str::to_owned),
        1 => prop::sample::select(vec![
            "\n# ghi chú\n", "\n", "\n\n", " ", "  ", "\n  ", "\n- ", "- ", ": ", " #", "'", "\"",
            "\r\n", "\u{feff}", "\n---\n", "\n...\n", "\nnotes: x\n", "&a ", "*a", "!!str ",
        ])
        .prop_map(str::to_owned),
    ]
}

/// Some text to break: a sample file (with its record type) or a generated procedure.
#[derive(Debug, Clone)]
enum Base {
    Sample(usize),
    Generated(Box<Procedure>),
}

fn check_any(path: &str, text: &str) -> Result<bool, String> {
    if path.starts_with("proposals/") {
        agree::<Proposal>(text)
    } else if path.starts_with("decisions/") {
        agree::<Decision>(text)
    } else if path.starts_with("publications/") {
        agree::<PublicationRecord>(text)
    } else if path == "catalog.yaml" {
        agree::<Manifest>(text)
    } else {
        agree::<Procedure>(text)
    }
}

#[test]
fn the_fast_reader_agrees_with_yaml_on_damaged_files() {
    let samples: Vec<(&str, &str)> = crate::sample::files()
        .iter()
        .filter(|(p, _)| p.ends_with(".yaml"))
        .copied()
        .collect();
    let base = prop_oneof![
        (0..samples.len()).prop_map(Base::Sample),
        procedure().prop_map(|p| Base::Generated(Box::new(p))),
    ];
    let edits = vec((any::<prop::sample::Index>(), piece(), 0..3u8), 1..4);
    let fast = AtomicUsize::new(0);
    let total = AtomicUsize::new(0);
    runner(cases(1000))
        .run(&(base, edits), |(base, edits)| {
            let (path, mut text) = match &base {
                Base::Sample(i) => (samples[*i].0, samples[*i].1.to_owned()),
                Base::Generated(p) => (
                    "procedures/xa/1.yaml",
                    super::super::yaml::to_canonical(&**p).map_err(TestCaseError::fail)?,
                ),
            };
            for (at, piece, how) in edits {
                let bounds: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect();
                let i = bounds[at.index(bounds.len())];
                match how {
                    // Insert.
                    0 | 1 => text.insert_str(i, &piece),
                    // Replace one character.
                    _ => {
                        let end = text[i..].chars().next().map_or(i, |c| i + c.len_utf8());
                        text.replace_range(i..end, &piece);
                    }
                }
            }
            total.fetch_add(1, Ordering::Relaxed);
            if check_any(path, &text).map_err(TestCaseError::fail)? {
                fast.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        })
        .unwrap_or_else(|e| fail(e));
    eprintln!(
        "damaged files: {}, read by the fast reader: {}",
        total.into_inner(),
        fast.into_inner()
    );
}

/// The character check, eight bytes at a time, judges every text as judging each byte on its
/// own does: texts drawn from the characters it refuses, their neighbours, and Vietnamese.
#[test]
fn the_word_at_a_time_character_check_is_the_byte_by_byte_one() {
    let pieces = vec![
        "a", "\n", "\t", "\r", "\u{1}", "\u{1f}", " ", "~", "\u{7f}", "\u{80}", "\u{85}", "\u{9f}",
        "\u{a0}", "°", "ă", "ế", "Đ", "\u{2027}", "\u{2028}", "\u{2029}", "\u{202a}", "–", "“",
        "\u{feff}", "\u{fffd}", "\u{fffe}", "\u{ffff}", "\u{efbb}", "𝔸", "abcdefgh",
    ];
    let mut runner = TestRunner::new(Config {
        cases: 2000,
        ..Config::default()
    });
    runner
        .run(&vec(proptest::sample::select(pieces), 0..40), |parts| {
            let text: String = parts.concat();
            prop_assert_eq!(
                super::only_plain_characters(&text),
                super::plain_bytes(text.as_bytes(), 0, text.len()),
                "{:?}",
                text
            );
            Ok(())
        })
        .unwrap();
}

/// The SSE2 classification of sixteen bytes is the byte-by-byte one, and the lines found in one
/// pass hold what a plain split finds, with their marks counted exactly.
#[test]
fn the_block_classification_and_the_lines_are_exact() {
    let pieces = vec![
        "a",
        "\n",
        "\t",
        "\r",
        "\u{1}",
        " ",
        "  ",
        ":",
        ": ",
        "#",
        " #",
        "'",
        "''",
        "-",
        "- ",
        "\u{7f}",
        "\u{85}",
        "\u{a0}",
        "ă",
        "ế",
        "\u{2028}",
        "–",
        "\u{feff}",
        "\u{ffff}",
        "key: ",
        "abcdefghijklmnop",
    ];
    let mut runner = TestRunner::new(Config {
        cases: 2000,
        ..Config::default()
    });
    runner
        .run(&vec(proptest::sample::select(pieces), 0..60), |parts| {
            let text: String = parts.concat();
            let b = text.as_bytes();
            for start in 0..b.len().min(17) {
                for block in b[start..].chunks(16) {
                    prop_assert_eq!(super::classify(block), super::classify_bytes(block));
                }
            }
            let expected: Option<Vec<(usize, &str, u32, u32)>> =
                if super::plain_bytes(b, 0, b.len()) {
                    let mut all = Vec::new();
                    let mut bad = false;
                    for raw in text.split('\n') {
                        let content = raw.trim_start_matches(' ');
                        if content.is_empty() {
                            continue;
                        }
                        if content.starts_with('#') || content.starts_with("---") {
                            bad = true;
                            break;
                        }
                        let count =
                            |f: fn(char) -> bool| content.chars().filter(|&c| f(c)).count() as u32;
                        all.push((
                            raw.len() - content.len(),
                            content.trim_end_matches(' '),
                            count(|c| c == ':' || c == '#'),
                            count(|c| c == '\''),
                        ));
                    }
                    (!bad).then_some(all)
                } else {
                    None
                };
            let got = super::lines(&text).map(|l| {
                l.iter()
                    .map(|l| (l.indent, l.content, l.marks, l.quotes))
                    .collect()
            });
            prop_assert_eq!(got, expected, "{:?}", text);
            Ok(())
        })
        .unwrap();
}
