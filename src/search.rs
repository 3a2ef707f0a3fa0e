//! Vietnamese text for people: search that ignores diacritics and case, and Vietnamese order.

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use std::cmp::Ordering;
use std::sync::OnceLock;
use unicode_normalization::char::is_combining_mark;

/// Fold text for matching: lowercase, diacritics removed, `đ` → `d` (đ has no decomposition).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            // Most of a Vietnamese text is ASCII; it needs no decomposition.
            out.push(c.to_ascii_lowercase());
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            match d {
                'đ' | 'Đ' => out.push('d'),
                d if d.is_ascii() => out.push(d.to_ascii_lowercase()),
                d => out.extend(d.to_lowercase()),
            }
        });
    }
    out
}

/// A query folded once and matched against many folded haystacks: every word must occur.
#[derive(Debug, Clone, Default)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    pub fn new(text: &str) -> Query {
        Query {
            words: fold(text).split_whitespace().map(str::to_owned).collect(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
    /// The folded words, each to occur somewhere in a match.
    pub fn words(&self) -> &[String] {
        &self.words
    }
    /// Whether every word of the query occurs in `folded` (a [`fold`]ed haystack).
    pub fn matches(&self, folded: &str) -> bool {
        self.words.iter().all(|w| folded.contains(w.as_str()))
    }
}

impl Query {
    /// Where the query's words occur in `text`, as ranges of `text`'s characters (for highlighting).
    pub fn match_ranges(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        // Fold character by character, remembering which original character each folded byte
        // came from, so matches map back even where folding changes lengths (đ, ligatures).
        let mut folded = String::new();
        let mut origin: Vec<usize> = Vec::new();
        let mut buf = [0u8; 4];
        for (i, c) in text.chars().enumerate() {
            let f = fold(c.encode_utf8(&mut buf));
            origin.extend(std::iter::repeat_n(i, f.len()));
            folded.push_str(&f);
        }
        let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
        for word in &self.words {
            for (start, _) in folded.match_indices(word.as_str()) {
                let end = start + word.len();
                if end == 0 || start >= origin.len() {
                    continue;
                }
                ranges.push(origin[start]..origin[end - 1] + 1);
            }
        }
        ranges.sort_by_key(|r| r.start);
        let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        merged
    }
}

fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        let locale: icu_locale_core::Locale = "vi".parse().expect("vi is a valid locale");
        Collator::try_new(locale.into(), CollatorOptions::default())
            .expect("Vietnamese collation data is compiled in")
    })
}

/// Compare in Vietnamese order (a < ă < â, d < đ, …; tones secondary).
pub fn compare_vi(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

/// A sort key whose byte order is Vietnamese order, for sorting many rows fast.
pub fn sort_key_vi(text: &str) -> Vec<u8> {
    let mut key = Vec::new();
    let _ = collator().write_sort_key_to(text, &mut key);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_marks_case_and_d_stroke() {
        assert_eq!(fold("Đăng ký khai sinh"), "dang ky khai sinh");
        assert_eq!(fold("Chứng thực"), "chung thuc");
        assert_eq!(fold("Hoà"), fold("Hòa"));
        // A decomposed (NFD) input folds the same as a precomposed one.
        assert_eq!(fold("Đa\u{306}ng"), fold("Đăng"));
    }

    #[test]
    fn query_needs_every_word() {
        let q = Query::new("dang ky KHAI");
        assert!(q.matches(&fold("Đăng ký khai sinh")));
        assert!(!q.matches(&fold("Đăng ký kết hôn")));
        assert!(Query::new("  ").is_empty());
    }

    #[test]
    fn match_ranges_map_back_to_the_original_text() {
        let q = Query::new("dang ky");
        assert_eq!(q.match_ranges("Đăng ký khai sinh"), [0..4, 5..7]);
        assert_eq!(
            Query::new("khai sinh").match_ranges("Đăng ký khai sinh"),
            [8..12, 13..17]
        );
        assert!(Query::new("xyz").match_ranges("abc").is_empty());
    }

    #[test]
    fn vietnamese_order() {
        let mut v = vec!["Đăng", "Dân", "Zô", "Ăn", "An", "Ân", "Ơn", "Ôn", "On"];
        v.sort_by(|a, b| compare_vi(a, b));
        assert_eq!(v, ["An", "Ăn", "Ân", "Dân", "Đăng", "On", "Ôn", "Ơn", "Zô"]);
        let mut w = v.clone();
        w.sort_by_key(|s| sort_key_vi(s));
        assert_eq!(v, w);
    }
}
