//! A fast reader for the YAML that tthc writes: block mappings with plain keys, block sequences,
//! one-line plain, single- and double-quoted scalars, `[]` and `{}`. Loading a large catalogue is
//! mostly YAML parsing, and this reads canonical files several times faster than the general
//! parser.
//!
//! It only ever answers when it is sure to read what the general parser reads:
//! anything outside that subset (comments, anchors, tags, block or multi-line scalars, flow
//! collections, a number or enum variant in any but the plainest notation, duplicate or unknown
//! keys, a character YAML refuses or reads as a line break, …) gives `None`, and the general
//! parser in `yaml.rs` reads the file and reports its problems. A property-based differential
//! test (`canonical_yaml_tests.rs`) checks that both give the same records.

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Deeper block nesting than any record has; deeper files go to the general parser.
const MAX_DEPTH: usize = 32;

/// The record in `text`, when `text` is within the subset and deserializes without error.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    let lines = lines(text)?;
    let first = lines.first()?;
    if first.indent != 0 || is_dash(first.content) {
        return None;
    }
    let mut parser = Parser { lines, at: 0 };
    let node = parser.block(0, 0)?;
    if parser.at != parser.lines.len() {
        return None;
    }
    T::deserialize(De(&node)).ok()
}

/// The non-blank lines of `text`, or `None` when it holds a character this reader leaves to the
/// general parser ([`only_plain_characters`]), a comment line or a document marker. One pass over
/// the bytes, sixteen at a time, finds the line feeds, the characters to refuse and, per line,
/// how many `:`, `#` and `'` it holds (so that most values need no search of their own).
fn lines(text: &str) -> Option<Vec<Line<'_>>> {
    let b = text.as_bytes();
    let mut lines = Vec::with_capacity(128);
    // Where the current line starts, and its marks so far.
    let mut start = 0;
    let (mut marks, mut quotes) = (0u32, 0u32);
    let mut at = 0;
    while at < b.len() {
        let end = (at + 16).min(b.len());
        let m = classify(&b[at..end]);
        if m.refuse != 0 && !plain_bytes(b, at, end) {
            return None;
        }
        // Most blocks hold no mark and no quote: nothing to count (without a POPCNT
        // instruction in the baseline, a count is a dozen instructions).
        let count = |bits: u32| if bits == 0 { 0 } else { bits.count_ones() };
        // Bits of this block already counted into a line.
        let mut done = 0u32;
        let mut feeds = m.feeds;
        while feeds != 0 {
            let bit = feeds.trailing_zeros();
            let before = (1u32 << bit) - 1;
            marks += count(m.marks & before & !done);
            quotes += count(m.quotes & before & !done);
            line(text, start, at + bit as usize, marks, quotes, &mut lines)?;
            start = at + bit as usize + 1;
            (marks, quotes) = (0, 0);
            done = before | (1 << bit);
            feeds &= feeds - 1;
        }
        marks += count(m.marks & !done);
        quotes += count(m.quotes & !done);
        at = end;
    }
    line(text, start, b.len(), marks, quotes, &mut lines)?;
    Some(lines)
}

/// Adds the line `text[start..end]` (without its line feed) to `lines` unless it is blank;
/// `None` for a comment line or a document marker.
fn line<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    marks: u32,
    quotes: u32,
    lines: &mut Vec<Line<'a>>,
) -> Option<()> {
    let raw = &text.as_bytes()[start..end];
    let indent = raw.iter().take_while(|&&c| c == b' ').count();
    if indent == raw.len() {
        return Some(());
    }
    // Tabs and carriage returns never get here: `lines` refused them (a per-line search for
    // them was a tenth of a cold open's CPU at 100,000 files).
    if raw[indent] == b'#' || raw[indent..].starts_with(b"---") {
        return None;
    }
    let trailing = raw.iter().rev().take_while(|&&c| c == b' ').count();
    lines.push(Line {
        indent,
        // Spaces are ASCII: cutting them off leaves character boundaries.
        content: &text[start + indent..end - trailing],
        marks,
        quotes,
    });
    Some(())
}

/// Which bytes of a block of at most sixteen are line feeds, may start a character to refuse
/// (judged by [`plain_bytes`]), are `:` or `#`, and are `'`: bit `i` for byte `i`.
#[derive(Debug, PartialEq, Eq)]
struct Masks {
    feeds: u32,
    refuse: u32,
    marks: u32,
    quotes: u32,
}

/// [`Masks`] of `block` (at most sixteen bytes), on SSE2 lanes where there are sixteen.
fn classify(block: &[u8]) -> Masks {
    #[cfg(target_arch = "x86_64")]
    if let Ok(block) = <&[u8; 16]>::try_from(block) {
        return classify_sse2(block);
    }
    classify_bytes(block)
}

/// [`classify`] a byte at a time (the tail of a text, and machines without SSE2).
fn classify_bytes(block: &[u8]) -> Masks {
    let mut m = Masks {
        feeds: 0,
        refuse: 0,
        marks: 0,
        quotes: 0,
    };
    for (i, &c) in block.iter().enumerate() {
        let bit = 1u32 << i;
        if c == b'\n' {
            m.feeds |= bit;
        } else if c < 0x20 || matches!(c, 0x7F | 0xC2 | 0xE2 | 0xEF) {
            m.refuse |= bit;
        } else if c == b':' || c == b'#' {
            m.marks |= bit;
        } else if c == b'\'' {
            m.quotes |= bit;
        }
    }
    m
}

/// [`classify`] on SSE2 lanes, which every x86-64 processor has.
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
fn classify_sse2(block: &[u8; 16]) -> Masks {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of the x86-64 baseline (the intrinsics only ask for it), and the
    // unaligned load reads the sixteen bytes of `block`.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
        let mask = |x: __m128i| _mm_movemask_epi8(x) as u32 & 0xFFFF;
        let feeds = eq(b'\n');
        // Below 0x20: none of the bits of 0xE0 set.
        let high = _mm_and_si128(v, _mm_set1_epi8(0xE0u8 as i8));
        let control = _mm_cmpeq_epi8(high, _mm_setzero_si128());
        let refuse = _mm_or_si128(
            _mm_or_si128(_mm_andnot_si128(feeds, control), eq(0x7F)),
            _mm_or_si128(_mm_or_si128(eq(0xC2), eq(0xE2)), eq(0xEF)),
        );
        Masks {
            feeds: mask(feeds),
            refuse: mask(refuse),
            marks: mask(_mm_or_si128(eq(b':'), eq(b'#'))),
            quotes: mask(eq(b'\'')),
        }
    }
}

/// Whether `text` holds only characters this reader reads exactly as the general parser does:
/// `\n` and printable characters. Everything else changes what YAML reads or whether it reads at
/// all, so the general parser must judge it: tabs and carriage returns; other C0 controls, DEL and
/// the C1 controls (which YAML refuses, except U+0085, which it reads as a line break like U+2028
/// and U+2029); the byte-order mark U+FEFF (skipped at the start of a line); the non-characters
/// U+FFFE and U+FFFF (refused). [`lines`] makes the same check as it goes.
#[cfg(test)]
fn only_plain_characters(text: &str) -> bool {
    let b = text.as_bytes();
    b.chunks(16).enumerate().all(|(i, block)| {
        classify(block).refuse == 0 || plain_bytes(b, i * 16, i * 16 + block.len())
    })
}

/// Whether the characters starting at `from..to` of `b` (UTF-8 text, so a lead byte's
/// continuation bytes are there, possibly beyond `to`) are all ones [`only_plain_characters`]
/// lets through.
fn plain_bytes(b: &[u8], from: usize, to: usize) -> bool {
    let mut i = from;
    while i < to {
        let c = b[i];
        let fine = match c {
            b'\n' | 0x20..=0x7E => true,
            // U+0080..U+009F (C1 controls, U+0085 among them).
            0xC2 => b[i + 1] >= 0xA0,
            // U+2028, U+2029.
            0xE2 => !(b[i + 1] == 0x80 && matches!(b[i + 2], 0xA8 | 0xA9)),
            // U+FEFF, U+FFFE, U+FFFF.
            0xEF => !matches!((b[i + 1], b[i + 2]), (0xBB, 0xBF) | (0xBF, 0xBE | 0xBF)),
            0x80.. => true,
            // Tab, carriage return, the other C0 controls, DEL.
            _ => false,
        };
        if !fine {
            return false;
        }
        i += 1;
    }
    true
}

struct Line<'a> {
    indent: usize,
    content: &'a str,
    /// How many `:` and `#` the line holds, and how many `'`: where there are none, a value
    /// needs no search for them.
    marks: u32,
    quotes: u32,
}

enum Node<'a> {
    Plain(&'a str),
    Quoted(Cow<'a, str>),
    Seq(Vec<Node<'a>>),
    Map(Vec<(&'a str, Node<'a>)>),
}

fn is_dash(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// `key: rest` with a plain ASCII key; `None` when the line is not such a key.
fn split_key(content: &str) -> Option<(&str, &str)> {
    // The key is what precedes the first colon, and a key's characters are never a colon: it
    // is the run of key characters at the start, when a colon follows it.
    let b = content.as_bytes();
    let colon = b
        .iter()
        .take(129)
        .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        .count();
    // YAML limits a key on one line to 1024 characters; none of ours is near that.
    if colon == 0 || colon > 128 || b.get(colon) != Some(&b':') {
        return None;
    }
    let key = &content[..colon];
    let rest = &content[colon + 1..];
    if rest.is_empty() {
        Some((key, rest))
    } else {
        rest.strip_prefix(' ')
            .map(|r| (key, r.trim_start_matches(' ')))
    }
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
}

impl<'a> Parser<'a> {
    /// The block starting at the current line, whose indentation is `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let line = self.lines.get(self.at)?;
        if line.indent != indent {
            return None;
        }
        if is_dash(line.content) {
            self.seq(indent, depth)
        } else {
            self.map(indent, depth)
        }
    }

    fn map(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        let mut entries = Vec::new();
        while let Some(line) = self.lines.get(self.at) {
            if line.indent < indent || (line.indent == indent && is_dash(line.content)) {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let (key, rest) = split_key(line.content)?;
            self.at += 1;
            let value = if rest.is_empty() {
                match self.lines.get(self.at) {
                    Some(next) if next.indent > indent => self.block(next.indent, depth + 1)?,
                    // A sequence may sit at its key's own indentation.
                    Some(next) if next.indent == indent && is_dash(next.content) => {
                        self.seq(indent, depth + 1)?
                    }
                    _ => Node::Plain(""),
                }
            } else {
                // The key's colon is one of the line's marks.
                scalar(rest, line.marks > 1, line.quotes)?
            };
            entries.push((key, value));
        }
        Some(Node::Map(entries))
    }

    fn seq(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        let mut items = Vec::new();
        while let Some(line) = self.lines.get(self.at) {
            if line.indent != indent || !is_dash(line.content) {
                if line.indent > indent {
                    return None;
                }
                break;
            }
            let after = line.content[1..].trim_start_matches(' ');
            if after.is_empty() {
                self.at += 1;
                match self.lines.get(self.at) {
                    Some(next) if next.indent > indent => {
                        items.push(self.block(next.indent, depth + 1)?)
                    }
                    _ => items.push(Node::Plain("")),
                }
                continue;
            }
            if is_dash(after) {
                return None;
            }
            if split_key(after).is_some() {
                // `- key: value` opens a mapping whose keys line up with this first one.
                let column = indent + (line.content.len() - after.len());
                self.lines[self.at] = Line {
                    indent: column,
                    content: after,
                    ..self.lines[self.at]
                };
                items.push(self.map(column, depth + 1)?);
            } else {
                items.push(scalar(after, line.marks > 0, line.quotes)?);
                self.at += 1;
            }
        }
        Some(Node::Seq(items))
    }
}

/// A one-line scalar (already trimmed), or `None` outside the subset. `marks`: whether it may
/// hold a `:` or `#`; `quotes`: how many `'` its line holds (an upper bound of its own).
fn scalar(s: &str, marks: bool, quotes: u32) -> Option<Node<'_>> {
    match s.as_bytes().first()? {
        b'\'' => return single_quoted(s, quotes).map(Node::Quoted),
        b'"' => return double_quoted(s).map(Node::Quoted),
        _ if s == "[]" => return Some(Node::Seq(Vec::new())),
        _ if s == "{}" => return Some(Node::Map(Vec::new())),
        // A dash followed by a digit starts a plain scalar (a negative number).
        b'-' if s.as_bytes().get(1).is_some_and(u8::is_ascii_digit) => {}
        b'[' | b'{' | b']' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`'
        | b'#' | b',' | b'?' | b':' | b'-' => return None,
        _ => {}
    }
    // A colon ends a plain scalar only before a space or at the end of the line.
    if marks && (s.contains(": ") || s.ends_with(':') || s.contains(" #")) {
        None
    } else {
        Some(Node::Plain(s))
    }
}

/// `quotes`: how many `'` the line holds; with the two around `s`, `s` holds none inside.
fn single_quoted(s: &str, quotes: u32) -> Option<Cow<'_, str>> {
    let inner = s.strip_prefix('\'')?.strip_suffix('\'')?;
    if quotes <= 2 || !inner.contains('\'') {
        return Some(Cow::Borrowed(inner));
    }
    // Inside, a quote appears only doubled.
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next() != Some('\'') {
            return None;
        }
        out.push(c);
    }
    Some(Cow::Owned(out))
}

fn double_quoted(s: &str) -> Option<Cow<'_, str>> {
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains(['\\', '"']) {
        return Some(Cow::Borrowed(inner));
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return None,
            '\\' => {
                let e = chars.next()?;
                let hex = |n: usize, chars: &mut std::str::Chars<'_>| -> Option<char> {
                    // Exactly `n` hex digits: `from_str_radix` alone would also take a sign
                    // (`\u+041`), which YAML refuses.
                    let digits: String = chars.by_ref().take(n).collect();
                    if digits.len() != n || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return None;
                    }
                    // Surrogates and values past U+10FFFF are not characters: YAML refuses them.
                    char::from_u32(u32::from_str_radix(&digits, 16).ok()?)
                };
                out.push(match e {
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    't' => '\t',
                    'n' => '\n',
                    'v' => '\u{b}',
                    'f' => '\u{c}',
                    'r' => '\r',
                    'e' => '\u{1b}',
                    ' ' => ' ',
                    '"' => '"',
                    '/' => '/',
                    '\\' => '\\',
                    'N' => '\u{85}',
                    '_' => '\u{a0}',
                    'L' => '\u{2028}',
                    'P' => '\u{2029}',
                    'x' => hex(2, &mut chars)?,
                    'u' => hex(4, &mut chars)?,
                    'U' => hex(8, &mut chars)?,
                    _ => return None,
                });
            }
            c => out.push(c),
        }
    }
    Some(Cow::Owned(out))
}

/// A plain scalar YAML would read as null.
fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// A plain scalar some YAML schema reads as something other than text: null, a boolean (YAML 1.1
/// words included), or anything number-like. Where an enum variant is wanted such a scalar is
/// left to the general parser.
fn maybe_typed(s: &str) -> bool {
    if is_null(s) {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true"
            | "false"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "y"
            | "n"
            | ".inf"
            | "+.inf"
            | "-.inf"
            | ".nan"
    ) {
        return true;
    }
    let body = s.trim_start_matches(['+', '-']);
    let first = body.bytes().next();
    // Numbers in any notation start with a digit or a dot followed by a digit; dates too, but
    // `2022-01-01` has no number reading in YAML 1.2 and is text.
    match first {
        Some(b'0'..=b'9') => {
            body.bytes().all(|b| {
                b.is_ascii_hexdigit()
                    || matches!(b, b'.' | b'_' | b'x' | b'o' | b'e' | b'E' | b'+' | b'-')
            }) && !is_date(s)
        }
        Some(b'.') => body.len() > 1 && body.as_bytes()[1].is_ascii_digit(),
        _ => false,
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[derive(Debug)]
struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outside the canonical subset")
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Error
    }
}

struct De<'n, 'a>(&'n Node<'a>);

impl De<'_, '_> {
    /// A plain scalar that is an integer in plain decimal notation.
    fn integer(&self) -> Result<(bool, u64), Error> {
        let Node::Plain(s) = self.0 else {
            return Err(Error);
        };
        let (negative, digits) = match s.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, *s),
        };
        if digits.is_empty()
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || (digits.len() > 1 && digits.starts_with('0'))
        {
            return Err(Error);
        }
        Ok((negative, digits.parse().map_err(|_| Error)?))
    }

    /// Text, where text is wanted: the general parser reads a plain scalar there verbatim, even one
    /// that looks like a number, a boolean or null (`no`, `1.5`, `~`, or nothing after `key:`).
    fn text(&self) -> Result<&str, Error> {
        match self.0 {
            Node::Plain(s) => Ok(s),
            Node::Quoted(s) => Ok(s),
            _ => Err(Error),
        }
    }
}

macro_rules! unsigned {
    ($name:ident) => {
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.integer()? {
                (false, v) => visitor.visit_u64(v),
                (true, _) => Err(Error),
            }
        }
    };
}

macro_rules! signed {
    ($name:ident) => {
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let (negative, v) = self.integer()?;
            let v = i64::try_from(v).map_err(|_| Error)?;
            visitor.visit_i64(if negative { -v } else { v })
        }
    };
}

impl<'de> de::Deserializer<'de> for De<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Node::Plain("true") => visitor.visit_bool(true),
            Node::Plain("false") => visitor.visit_bool(false),
            _ => Err(Error),
        }
    }
    signed!(deserialize_i8);
    signed!(deserialize_i16);
    signed!(deserialize_i32);
    signed!(deserialize_i64);
    unsigned!(deserialize_u8);
    unsigned!(deserialize_u16);
    unsigned!(deserialize_u32);
    unsigned!(deserialize_u64);
    fn deserialize_f32<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_char<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.text()?)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.text()?)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Node::Plain(s) if is_null(s) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Node::Plain(s) if is_null(s) => visitor.visit_unit(),
            _ => Err(Error),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Node::Seq(items) => {
                let mut access = de::value::SeqDeserializer::new(items.iter().map(De));
                let value = visitor.visit_seq(&mut access)?;
                access.end()?;
                Ok(value)
            }
            _ => Err(Error),
        }
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Node::Map(entries) => {
                let mut access =
                    de::value::MapDeserializer::new(entries.iter().map(|(k, v)| (*k, De(v))));
                let value = visitor.visit_map(&mut access)?;
                access.end()?;
                Ok(value)
            }
            _ => Err(Error),
        }
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Node::Plain(s) if !maybe_typed(s) => visitor.visit_enum(s.into_deserializer()),
            _ => Err(Error),
        }
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

impl<'de> IntoDeserializer<'de, Error> for De<'_, '_> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

#[cfg(test)]
#[path = "canonical_yaml_tests.rs"]
mod tests;
