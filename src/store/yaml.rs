//! The YAML codec: the only file in the project that names the YAML crate, so the codec can be
//! swapped here alone.
//!
//! Reading has a fast path (deserialize the record directly) and, only when that fails, a slow
//! path that finds every problem of the file: each top-level key is checked on its own, so one
//! wrong type does not hide the next unknown key.

use crate::diagnostic::{PathSeg, Problem};
use crate::model::input::{AmountSource, reading_amounts};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// A problem found while parsing, with the position when the parser knew it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParseProblem {
    pub position: Option<(usize, usize)>,
    pub pointer: Vec<PathSeg>,
    pub problem: Problem,
}

/// Parse one record, reporting every problem found when it does not parse.
pub(crate) fn parse_record<T: DeserializeOwned>(text: &str) -> Result<T, Vec<ParseProblem>> {
    // Files in the form tthc writes take the fast reader; everything else, and every problem,
    // is this parser's.
    if let Some(record) = super::canonical_yaml::parse::<T>(text) {
        return Ok(record);
    }
    match reading_amounts(AmountSource::Text, || serde_yaml::from_str::<T>(text)) {
        Ok(record) => match first_anchor(text, true) {
            None => Ok(record),
            Some(anchor) => Err(vec![anchor]),
        },
        Err(first) => {
            let mut problems = diagnose::<T>(text, first);
            invisible_culprit(text, &mut problems);
            if !problems
                .iter()
                .any(|p| p.problem == Problem::AliasesNotAllowed)
                && let Some(anchor) = first_anchor(text, false)
            {
                problems.insert(0, anchor);
            }
            Err(problems)
        }
    }
}

/// Name the character behind a syntax error when it is one nobody sees: a control character
/// YAML refuses (the parser says only "control characters are not allowed", without a place),
/// or a Unicode line end (U+0085, U+2028, U+2029) that ended a line where the editor shows none.
fn invisible_culprit(text: &str, problems: &mut Vec<ParseProblem>) {
    let Some(syntax) = problems
        .iter()
        .position(|p| matches!(p.problem, Problem::Syntax { .. }))
    else {
        return;
    };
    let refused = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))
            || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| refused(c) || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}'))
    else {
        return;
    };
    let position = super::locate::position_of_offset(text.as_bytes(), at);
    let culprit = ParseProblem {
        position: Some(position),
        pointer: Vec::new(),
        problem: Problem::ControlCharacter {
            codepoint: u32::from(c),
        },
    };
    let detail = match &problems[syntax].problem {
        Problem::Syntax { detail } => detail.as_str(),
        _ => "",
    };
    if detail.starts_with("control characters are not allowed") {
        // Said without a place: say which and where instead.
        match text.char_indices().find(|&(_, c)| refused(c)) {
            Some((at, c)) => {
                problems[syntax] = ParseProblem {
                    position: Some(super::locate::position_of_offset(text.as_bytes(), at)),
                    pointer: Vec::new(),
                    problem: Problem::ControlCharacter {
                        codepoint: u32::from(c),
                    },
                }
            }
            None => problems.insert(syntax, culprit),
        }
    } else if problems[syntax].position.is_none_or(|p| position <= p) {
        problems.insert(syntax, culprit);
    }
}

/// The first YAML anchor (`&name`) in `text`, refused like aliases: the README promises that
/// what a file shows is what it holds, and an alias shows a name, not the value. (An alias needs
/// an anchor before it, and one without is already a parse error.)
///
/// The parser itself finds it: with every `&` turned into `*`, an anchor becomes an alias of an
/// anchor that does not exist, which the parser reports where it stands, while a `&` inside text
/// (a plain or quoted scalar, a comment) stays text. When `text` parsed, any failure of the probe
/// comes from an anchor (`!tag &a` becomes `!tag *a`, which is not an unknown alias but no node
/// either); otherwise only an unknown alias is sure to be one.
fn first_anchor(text: &str, parsed: bool) -> Option<ParseProblem> {
    if !text.contains('&') {
        return None;
    }
    let probe = text.replace('&', "*");
    let e = serde_yaml::from_str::<serde::de::IgnoredAny>(&probe).err()?;
    if !parsed && !e.to_string().starts_with("unknown anchor") {
        return None;
    }
    Some(ParseProblem {
        position: e.location().map(|l| (l.line(), l.column())),
        pointer: Vec::new(),
        problem: Problem::AliasesNotAllowed,
    })
}

fn diagnose<T: DeserializeOwned>(text: &str, first: serde_yaml::Error) -> Vec<ParseProblem> {
    let tree = match serde_yaml::from_str::<Value>(text) {
        Ok(tree) => tree,
        Err(e) => return vec![from_parser_error(text, &e)],
    };
    let mapping = match tree {
        Value::Mapping(m) => m,
        _ => {
            return vec![ParseProblem {
                position: Some((1, 1)),
                pointer: Vec::new(),
                problem: Problem::NotAMapping,
            }];
        }
    };
    let mut problems = Vec::new();
    for (key, value) in mapping {
        let mut single = Mapping::new();
        single.insert(key, value);
        if let Err(e) = reading_amounts(AmountSource::Tree, || {
            serde_path_to_error::deserialize::<_, T>(Value::Mapping(single))
        }) && let Some(problem) = from_schema_error(&e)
        {
            problems.push(problem);
        }
    }
    if problems.is_empty() {
        // Each key is fine alone, so the whole refused for a reason the parser located.
        problems.push(from_parser_error(text, &first));
    }
    problems
}

fn from_parser_error(text: &str, e: &serde_yaml::Error) -> ParseProblem {
    // The parser also ends lines at U+0085, U+2028 and U+2029, which editors do not show as
    // line ends: its byte offset gives the line and column an editor shows.
    let position = e
        .location()
        .map(|l| super::locate::position_of_offset(text.as_bytes(), l.index()));
    let text = e.to_string();
    let detail = strip_location(&text);
    let problem = if detail.contains("recursion limit exceeded") {
        Problem::TooDeep
    } else if detail.contains("repetition limit exceeded") || detail.contains("unknown anchor") {
        Problem::AliasesNotAllowed
    } else if let Some(key) = quoted_after(&detail, "duplicate entry with key ") {
        Problem::DuplicateKey { key }
    } else {
        Problem::from_serde(&detail, &[])
    };
    ParseProblem {
        position,
        pointer: Vec::new(),
        problem,
    }
}

/// `None` for what only the typed tree sees: a plain scalar such as `1.001190` or `true` where text
/// is expected is read verbatim as text by the direct parse, so it is not a problem.
fn from_schema_error(e: &serde_path_to_error::Error<serde_yaml::Error>) -> Option<ParseProblem> {
    let mut pointer: Vec<PathSeg> =
        e.path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Seq { index } => Some(PathSeg::Index(*index)),
                serde_path_to_error::Segment::Map { key } => Some(PathSeg::Key(key.clone())),
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => None,
            })
            .collect();
    let detail = strip_location(&e.inner().to_string());
    if detail.ends_with("expected a string")
        && [
            "invalid type: floating point",
            "invalid type: integer",
            "invalid type: boolean",
        ]
        .iter()
        .any(|p| detail.starts_with(p))
    {
        return None;
    }
    let problem = if detail.contains("recursion limit exceeded") {
        Problem::TooDeep
    } else {
        Problem::from_serde(&detail, &pointer)
    };
    if let Problem::UnknownKey { key, .. } = &problem
        && pointer.last() != Some(&PathSeg::Key(key.clone()))
    {
        pointer.push(PathSeg::Key(key.clone()));
    }
    Some(ParseProblem {
        position: None,
        pointer,
        problem,
    })
}

/// serde_yaml writes " at line L column C" into its messages; the position is reported separately.
fn strip_location(text: &str) -> String {
    let mut out = text.to_owned();
    while let Some(i) = out.find(" at line ") {
        let rest = &out[i + " at line ".len()..];
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let n = digits(rest);
        let after = &rest[n..];
        let Some(col) = after.strip_prefix(" column ") else {
            break;
        };
        let m = digits(col);
        let end = i + " at line ".len() + n + " column ".len() + m;
        out.replace_range(i..end, "");
    }
    out
}

fn quoted_after(text: &str, prefix: &str) -> Option<String> {
    let rest = text.strip_prefix(prefix)?;
    Some(rest.trim_matches('"').to_owned())
}

/// The general parser alone, for tests that hold other readers and writers against it.
#[cfg(test)]
pub(crate) fn general<T: DeserializeOwned>(text: &str) -> Result<T, serde_yaml::Error> {
    reading_amounts(AmountSource::Text, || serde_yaml::from_str(text))
}

/// Serialize a record in canonical form: the type's key order, NFC text, LF, final newline.
pub(crate) fn to_canonical<T: Serialize>(record: &T) -> Result<String, String> {
    let mut text = serde_yaml::to_string(record).map_err(|e| e.to_string())?;
    if !unicode_normalization::is_nfc(&text) {
        // Normalise the strings, not the written text: in the text a combining mark may follow
        // an escape (`"\n\u{301}"` is written `\n` and the mark), and composing the two would
        // change the escape.
        let mut value = serde_yaml::to_value(record).map_err(|e| e.to_string())?;
        nfc_strings(&mut value);
        text = serde_yaml::to_string(&value).map_err(|e| e.to_string())?;
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// Every string in `value` (keys included) in NFC.
fn nfc_strings(value: &mut Value) {
    use unicode_normalization::UnicodeNormalization;
    let nfc = |s: &mut String| {
        if !unicode_normalization::is_nfc(s) {
            *s = s.nfc().collect();
        }
    };
    match value {
        Value::String(s) => nfc(s),
        Value::Sequence(items) => items.iter_mut().for_each(nfc_strings),
        Value::Mapping(map) => {
            let entries = std::mem::take(map);
            for (mut k, mut v) in entries {
                nfc_strings(&mut k);
                nfc_strings(&mut v);
                map.insert(k, v);
            }
        }
        Value::Tagged(tagged) => nfc_strings(&mut tagged.value),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Manifest, Procedure, Proposal, PublicationRecord};
    use serde::de::DeserializeOwned;
    use std::fmt::Debug;

    /// Where the fast reader answers, it answers what the general parser does.
    fn agree<T: DeserializeOwned + PartialEq + Debug>(text: &str) -> bool {
        let fast = super::super::canonical_yaml::parse::<T>(text);
        let slow = serde_yaml::from_str::<T>(text);
        match fast {
            Some(fast) => {
                assert_eq!(Some(&fast), slow.as_ref().ok(), "{text}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn the_fast_reader_reads_every_sample_file_as_the_parser_does() {
        for (path, text) in crate::sample::files() {
            let fast = if path.starts_with("procedures/") {
                agree::<Procedure>(text)
            } else if path.starts_with("proposals/") {
                agree::<Proposal>(text)
            } else if path.starts_with("publications/") {
                agree::<PublicationRecord>(text)
            } else if *path == "catalog.yaml" {
                agree::<Manifest>(text)
            } else {
                continue;
            };
            assert!(fast, "{path} is canonical and should take the fast path");
        }
    }

    #[test]
    fn the_fast_reader_agrees_or_declines() {
        let head = "code: '1.001193'\nlevel: xa\nfield: ho-tich\n";
        let cases = [
            "name: Đăng ký\n",
            "name: 'It''s'\n",
            "name: \"a\\tb \\u00e9 \\\" q\"\n",
            "name: 1.5\n",
            "name: true\n",
            "name: null\n",
            "name: ~\n",
            "name:\n",
            "name: 2022-01-01\n",
            "name: a: b\n",
            "name: a # comment\n",
            "# comment\nname: a\n",
            "name: &x a\n",
            "name: !!str 5\n",
            "name: |\n  multi\n  line\n",
            "name: a\n  continued\n",
            "name: [a]\n",
            "steps: []\nname: x\n",
            "steps:\n- a\n- 'b: c'\n-   d\n",
            "steps:\n  - a\n  - b\n",
            "steps:\n- - nested\n",
            "steps: a\n",
            "steps:\n",
            "channels:\n- kind: online\n  description: x\n- kind: postal\n  fees:\n  - kind: fee\n    amount: 5\n",
            "channels:\n- kind: online\n   description: x\n",
            "channels:\n-\n  kind: online\n",
            "processing_time:\n  value: 007\n  unit: days\n",
            "processing_time:\n  value: -1\n  unit: days\n",
            "processing_time:\n  value: 99999999999\n  unit: days\n",
            "processing_time:\n  unit: fortnights\n",
            "postal:\n  receive: yes\n",
            "postal:\n  receive: true\n  return: false\n",
            "fees:\n- kind: fee\n  amount: -5000\n",
            "fees:\n- kind: fee\n  amount: 0x10\n",
            "name: a\nname: b\n",
            "unknown: a\n",
            "name: x\n\n\nsubjects:\n- Cá nhân\n",
            "effective_from: 2022-13-45\n",
            "name: \"\\q\"\n",
            "name: 'unclosed\n",
            "name: 'a' b\n",
            "name:  spaced   \n",
            "name: x\r\n",
            "name: x\n---\nname: y\n",
            "agencies:\n  implementing: [ubnd-xa]\n",
            "agencies:\n  implementing:\n  - ubnd-xa\n  competent: ubnd-xa\n",
            "online_service:\n  mode: full\n  legacy_level: 4\n",
            "online_service:\n  mode: Full\n",
            "notes: 'Dòng có # dấu thăng'\n",
            "notes: '- bắt đầu bằng gạch'\n",
        ];
        let mut fast = 0;
        for case in cases {
            if agree::<Procedure>(&format!("{head}{case}")) {
                fast += 1;
            }
        }
        assert!(fast > 15, "{fast}");
    }
}
