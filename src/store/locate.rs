//! Find the line and column of a key path (`channels[1].fees[0].amount`) in block-style YAML text.
//!
//! Validation works on parsed records, which carry no positions; this maps its findings back onto
//! the text. It understands the block style that `tthc` writes (and people usually type); inside
//! flow style (`{a: 1}`) it stops at the deepest part it could find, which is still the right line.

use crate::diagnostic::PathSeg;

/// One token of the block structure: a `- ` sequence dash or the content after indentation/dashes.
#[derive(Debug)]
struct Token<'a> {
    line: usize,
    col: usize,
    dash: bool,
    text: &'a str,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut in_block_scalar: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let content = raw.trim_start_matches(' ');
        let indent = raw.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(parent) = in_block_scalar {
            if indent > parent {
                continue;
            }
            in_block_scalar = None;
        }
        if content == "---" || content == "..." {
            continue;
        }
        let mut col = indent;
        let mut rest = content;
        while rest == "-" || rest.starts_with("- ") {
            out.push(Token {
                line: i + 1,
                col,
                dash: true,
                text: "-",
            });
            let after = rest[1..].trim_start_matches(' ');
            col += rest.len() - after.len();
            rest = after;
            if rest.is_empty() {
                break;
            }
        }
        if !rest.is_empty() {
            let trimmed = rest.trim_end();
            if trimmed.ends_with('|')
                || trimmed.ends_with('>')
                || trimmed.ends_with("|-")
                || trimmed.ends_with(">-")
                || trimmed.ends_with("|+")
                || trimmed.ends_with(">+")
            {
                in_block_scalar = Some(col);
            }
            out.push(Token {
                line: i + 1,
                col,
                dash: false,
                text: rest,
            });
        }
    }
    out
}

fn is_key(text: &str, key: &str) -> bool {
    for quote in ["", "'", "\""] {
        let Some(rest) = text.strip_prefix(quote) else {
            continue;
        };
        let Some(rest) = rest.strip_prefix(key) else {
            continue;
        };
        let Some(rest) = rest.strip_prefix(quote) else {
            continue;
        };
        if rest == ":" || rest.starts_with(": ") || rest.starts_with(":\t") {
            return true;
        }
    }
    false
}

/// The 1-based line and column of `pointer` in `text`; the deepest part found when not all of it is.
pub fn locate(text: &str, pointer: &[PathSeg]) -> (usize, usize) {
    let toks = tokens(text);
    if toks.is_empty() {
        return (1, 1);
    }
    let (mut start, mut end) = (0usize, toks.len());
    let mut found = (toks[0].line, toks[0].col + 1);
    for seg in pointer {
        if start >= end {
            break;
        }
        let indent = toks[start].col;
        match seg {
            PathSeg::Key(key) => {
                let Some(at) = (start..end)
                    .find(|&i| toks[i].col == indent && !toks[i].dash && is_key(toks[i].text, key))
                else {
                    break;
                };
                found = (toks[at].line, toks[at].col + 1);
                // The value: tokens indented deeper, or an indentless sequence at the same column.
                let value_end = (at + 1..end)
                    .find(|&i| toks[i].col < indent || (toks[i].col == indent && !toks[i].dash))
                    .unwrap_or(end);
                start = at + 1;
                end = value_end;
            }
            PathSeg::Index(n) => {
                if !toks[start].dash {
                    break;
                }
                let dashes: Vec<usize> = (start..end)
                    .filter(|&i| toks[i].dash && toks[i].col == indent)
                    .collect();
                let Some(&at) = dashes.get(*n) else { break };
                found = (toks[at].line, toks[at].col + 1);
                start = at + 1;
                end = dashes.get(n + 1).copied().unwrap_or(end);
            }
        }
    }
    found
}

/// The second place `key` appears as a mapping key at the same column as its first, for duplicates.
pub fn second_occurrence(text: &str, key: &str) -> Option<(usize, usize)> {
    let toks = tokens(text);
    let mut hits = toks.iter().filter(|t| !t.dash && is_key(t.text, key));
    let first = hits.next()?;
    let second = hits.find(|t| t.col == first.col)?;
    Some((second.line, second.col + 1))
}

/// Convert a byte offset into a 1-based line and column (column counted in characters).
pub fn position_of_offset(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The first `#` comment in `text` (outside quotes), if any, as a 1-based line and column.
pub fn first_comment(text: &str) -> Option<(usize, usize)> {
    if !text.contains('#') {
        return None;
    }
    for (i, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if (c == '\'' || c == '"') && (prev == ' ' || prev == ':' || prev == '-') => {
                    quote = Some(c)
                }
                None if c == '#' && (col == 0 || prev == ' ' || prev == '\t') => {
                    return Some((i + 1, col + 1));
                }
                None => {}
            }
            prev = c;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> PathSeg {
        PathSeg::key(s)
    }

    const DOC: &str = "code: '1.001193'\nname: Đăng ký\nsteps:\n- a\n- b\nchannels:\n- kind: in_person\n  fees:\n  - kind: fee\n    amount: -5\n- kind: online\n  description: x\nagencies:\n  implementing:\n  - ubnd-xa\n  - ubnd-y\nnotes: |\n  code: no\n  fake: 1\nstatus: published\n";

    #[test]
    fn finds_nested_keys_and_items() {
        assert_eq!(locate(DOC, &[k("name")]), (2, 1));
        assert_eq!(locate(DOC, &[k("steps"), PathSeg::Index(1)]), (5, 1));
        assert_eq!(
            locate(
                DOC,
                &[
                    k("channels"),
                    PathSeg::Index(0),
                    k("fees"),
                    PathSeg::Index(0),
                    k("amount")
                ]
            ),
            (10, 5)
        );
        assert_eq!(
            locate(DOC, &[k("channels"), PathSeg::Index(1), k("description")]),
            (12, 3)
        );
        assert_eq!(
            locate(DOC, &[k("agencies"), k("implementing"), PathSeg::Index(1)]),
            (16, 3)
        );
        assert_eq!(locate(DOC, &[k("status")]), (20, 1));
    }

    #[test]
    fn stops_at_the_deepest_part_found() {
        assert_eq!(
            locate(DOC, &[k("channels"), PathSeg::Index(1), k("nope")]),
            (11, 1)
        );
        assert_eq!(locate(DOC, &[k("missing")]), (1, 1));
    }

    #[test]
    fn comments_outside_quotes_only() {
        assert_eq!(first_comment("a: 'x # y'\nb: 1 # real\n"), Some((2, 6)));
        assert_eq!(first_comment("a: b#c\n"), None);
        assert_eq!(first_comment("# top\n"), Some((1, 1)));
    }

    #[test]
    fn offsets_become_positions() {
        assert_eq!(position_of_offset("ab\nđc\n".as_bytes(), 5), (2, 2));
    }
}
