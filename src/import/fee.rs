//! The structure inside the portal's fee text: tiers ("từ trang thứ 3 trở lên thu 1.000
//! đồng/trang"), a cap ("tối đa không quá 200.000 đồng/bản") and a condition ("Trường hợp …"),
//! which the 2026 record keeps as data. What cannot be read as such stays the fee's text, word
//! for word: nothing is guessed.

use super::text::label_key;
use crate::model::{Fee, FeeTier};

/// An amount of đồng in a clause, with what it is per ("trang", "bản").
#[derive(Debug, Clone, PartialEq)]
struct Amount {
    value: i64,
    per: Option<String>,
}

/// Every amount in `clause` written as digits followed by đồng (`2.000 đồng/trang`,
/// `200.000 Đồng/bản`, `8.000đ`, `50.000 VNĐ`).
fn amounts(clause: &str) -> Vec<Amount> {
    let chars: Vec<(usize, char)> = clause.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() || (i > 0 && chars[i - 1].1.is_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].1.is_ascii_digit()
                || (matches!(chars[i].1, '.' | ',')
                    && chars.get(i + 1).is_some_and(|c| c.1.is_ascii_digit())))
        {
            i += 1;
        }
        let digits: String = chars[start..i]
            .iter()
            .map(|c| c.1)
            .filter(char::is_ascii_digit)
            .collect();
        let rest_at = chars.get(i).map_or(clause.len(), |c| c.0);
        let rest = clause[rest_at..].trim_start();
        let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        let key = label_key(&word);
        if !matches!(key.as_str(), "dong" | "d" | "vnd" | "vnđ") {
            continue;
        }
        let after = rest[word.len()..].trim_start();
        let per = after.strip_prefix('/').map(|u| {
            u.trim_start()
                .chars()
                .take_while(|c| c.is_alphabetic() || *c == ' ')
                .collect::<String>()
                .split_whitespace()
                .take_while(|w| !matches!(label_key(w).as_str(), "tu" | "va" | "nhung" | "thu"))
                .collect::<Vec<_>>()
                .join(" ")
        });
        if let Ok(value) = digits.parse() {
            out.push(Amount {
                value,
                per: per.filter(|p| !p.is_empty()),
            });
        }
    }
    out
}

/// The number after "thứ" in a folded clause: "thu 3", "thu ba".
fn ordinal_after(key: &str, marker: &str) -> Option<u32> {
    let rest = &key[key.find(marker)? + marker.len()..];
    let word = rest.split_whitespace().next()?;
    word.parse().ok().or(match word {
        "nhat" => Some(1),
        "hai" => Some(2),
        "ba" => Some(3),
        "tu" => Some(4),
        "nam" => Some(5),
        _ => None,
    })
}

/// What one clause of fee text says.
#[derive(Debug, PartialEq)]
enum Clause {
    /// "tối đa không quá 200.000 đồng/bản".
    Cap(Amount),
    /// "từ trang thứ 3 trở lên (thu) 1.000 đồng/trang": units from `from` on, at the amount if
    /// the clause gives one.
    From(u32, Option<Amount>),
    /// "hai trang đầu", "trang thứ nhất và thứ hai": units 1 to `to`.
    First(u32, Option<Amount>),
    /// A plain amount.
    Plain(Amount),
    /// Anything else: words kept as they are.
    Words(String),
}

fn clause(text: &str) -> Clause {
    let key = label_key(text);
    let found = amounts(text);
    let first = found.first().cloned();
    if (key.contains("toi da") || key.contains("khong qua"))
        && let Some(a) = found.last().cloned()
    {
        return Clause::Cap(a);
    }
    // "từ trang thứ 3 trở lên thu 1.000 đồng/trang": the amount after the range; an amount
    // before it ("2.000 đồng/trang từ trang thứ 3") is the clause's too.
    if (key.contains("tro len") || key.starts_with("tu ") || key.contains(" tu "))
        && let Some(n) = ordinal_after(&key, "thu ")
    {
        return Clause::From(n, found.last().cloned());
    }
    for (pattern, n) in [
        ("hai trang dau", 2),
        ("02 trang dau", 2),
        ("2 trang dau", 2),
        ("trang thu nhat va thu hai", 2),
        ("trang dau tien", 1),
        ("trang thu nhat", 1),
    ] {
        if key.contains(pattern) {
            return Clause::First(n, first);
        }
    }
    match (first, found.len()) {
        (Some(a), 1) if key.split_whitespace().count() <= 4 => Clause::Plain(a),
        _ => Clause::Words(text.trim().to_owned()),
    }
}

/// Whether a fee's words say when it applies ("Trường hợp …", "Khi …", "Nếu …", "Đối với …").
fn is_condition(words: &str) -> bool {
    let key = label_key(words);
    ["truong hop ", "khi ", "neu ", "doi voi "]
        .iter()
        .any(|p| key.starts_with(p))
}

/// Read tiers, a cap and a condition out of one fee's text. Returns whether anything was read.
fn structure_one(f: &mut Fee) -> bool {
    // "2.000 Đồng/trang từ trang thứ 3 trở lên, …" without a parenthesis: the unit read up to
    // the end of the line; what follows the unit's own words is the fee's text.
    if let Some(u) = f.unit.clone() {
        let words: Vec<&str> = u.split_whitespace().collect();
        let keep = words
            .iter()
            .take_while(|w| {
                w.chars().all(char::is_alphabetic)
                    && !matches!(label_key(w).as_str(), "tu" | "va" | "nhung" | "thu")
            })
            .count();
        let rest = words[keep..].join(" ");
        let key = label_key(&rest);
        if keep > 0
            && (key.contains("tro len") || key.contains("toi da") || key.contains("khong qua"))
        {
            f.unit = Some(words[..keep].join(" ").into());
            f.text = Some(match f.text.take() {
                Some(t) => format!("{rest}; {t}").into(),
                None => rest.into(),
            });
        }
    }
    let Some(text) = f.text.clone() else {
        return false;
    };
    if text.contains('\n') {
        return false;
    }
    let parts: Vec<&str> = text
        .split([';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let clauses: Vec<Clause> = parts.iter().map(|p| clause(p)).collect();
    let structured = clauses
        .iter()
        .any(|c| matches!(c, Clause::Cap(_) | Clause::From(..) | Clause::First(..)));
    if !structured {
        if f.amount.is_some() && is_condition(&text) {
            f.condition = Some(text);
            f.text = None;
            return true;
        }
        return false;
    }
    let mut tiers: Vec<FeeTier> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut base = f.amount;
    let unit_of = |a: &Amount, f: &mut Fee| {
        if f.unit.is_none() {
            f.unit = a.per.as_deref().map(crate::model::Text::from);
        }
    };
    for c in clauses {
        match c {
            Clause::Cap(a) => {
                f.max = Some(a.value);
                f.max_unit = a
                    .per
                    .filter(|p| Some(p.as_str()) != f.unit.as_deref())
                    .map(crate::model::Text::from);
            }
            Clause::From(n, a) => {
                if let Some(a) = &a {
                    unit_of(a, f);
                }
                tiers.push(FeeTier {
                    from: Some(n),
                    to: None,
                    amount: a.map(|a| a.value).or_else(|| base.take()),
                });
            }
            Clause::First(n, a) => {
                if let Some(a) = &a {
                    unit_of(a, f);
                }
                tiers.push(FeeTier {
                    from: Some(1),
                    to: Some(n),
                    amount: a.map(|a| a.value).or_else(|| base.take()),
                });
            }
            Clause::Plain(a) if base.is_none() && tiers.is_empty() => {
                unit_of(&a, f);
                base = Some(a.value);
            }
            Clause::Plain(a) => words.push(format!(
                "{} đồng{}",
                a.value,
                a.per.map(|p| format!("/{p}")).unwrap_or_default()
            )),
            Clause::Words(w) => words.push(w),
        }
    }
    // A base amount before a tier from unit N covers the units before it.
    tiers.sort_by_key(|t| t.from);
    if let (Some(amount), Some(first)) = (base, tiers.first())
        && let Some(from) = first.from.filter(|&n| n > 1)
    {
        tiers.insert(
            0,
            FeeTier {
                from: Some(1),
                to: Some(from - 1),
                amount: Some(amount),
            },
        );
        base = None;
    }
    // Each open tier ends where the next begins.
    for i in 1..tiers.len() {
        if tiers[i - 1].to.is_none()
            && let Some(next) = tiers[i].from
        {
            tiers[i - 1].to = Some(next.saturating_sub(1));
        }
    }
    f.amount = if tiers.is_empty() { base } else { None };
    f.tiers = tiers;
    let rest = words.join("; ");
    f.text = None;
    if !rest.is_empty() {
        if is_condition(&rest) {
            f.condition = Some(rest.into());
        } else {
            f.text = Some(rest.into());
        }
    }
    true
}

/// Read the structure of every fee, and fold into the fee before it a line of the same kind that
/// is only its cap or its next tier ("Phí : 200.000 Đồng/bản (Mức thu tối đa)").
pub fn structure(fees: Vec<Fee>) -> Vec<Fee> {
    let mut out: Vec<Fee> = Vec::new();
    for mut f in fees {
        // A line that is a cap or a tier of the fee before it.
        if let (Some(prev), Some(amount)) = (out.last_mut(), f.amount)
            && prev.kind == f.kind
            && f.tiers.is_empty()
        {
            let words = f.text.clone().unwrap_or_default();
            let key = label_key(&words);
            if key.contains("toi da") || key.contains("khong qua") {
                prev.max = Some(amount);
                prev.max_unit = f.unit.clone().filter(|u| Some(u) != prev.unit.as_ref());
                continue;
            }
            if let Some(n) = ordinal_after(&key, "thu ").filter(|_| key.contains("tro len"))
                && f.unit == prev.unit
            {
                if prev.tiers.is_empty()
                    && let Some(base) = prev.amount.take()
                {
                    prev.tiers.push(FeeTier {
                        from: Some(1),
                        to: Some(n.saturating_sub(1)),
                        amount: Some(base),
                    });
                } else if let Some(last) = prev.tiers.last_mut()
                    && last.to.is_none()
                {
                    last.to = Some(n.saturating_sub(1));
                }
                prev.tiers.push(FeeTier {
                    from: Some(n),
                    to: None,
                    amount: Some(amount),
                });
                continue;
            }
        }
        structure_one(&mut f);
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::text::fees;
    use crate::model::{FeeKind, FeeTier};

    fn tier(from: u32, to: Option<u32>, amount: i64) -> FeeTier {
        FeeTier {
            from: Some(from),
            to,
            amount: Some(amount),
        }
    }

    #[test]
    fn a_copy_fee_with_its_tiers_and_cap_in_one_line() {
        let f = fees(
            "Phí : 2.000 Đồng/trang (Từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa không quá 200.000 đồng/bản)",
        );
        assert_eq!(f.len(), 1, "{f:#?}");
        let f = &f[0];
        assert_eq!(f.kind, FeeKind::Fee);
        assert_eq!(f.amount, None);
        assert_eq!(f.unit.as_deref(), Some("trang"));
        assert_eq!(f.tiers, [tier(1, Some(2), 2000), tier(3, None, 1000)]);
        assert_eq!(f.max, Some(200_000));
        assert_eq!(f.max_unit.as_deref(), Some("bản"));
        assert_eq!(f.text, None);
    }

    #[test]
    fn the_amount_before_the_range_belongs_to_it() {
        // As the brief quotes the portal: the amount, then the range it applies to, then the cap.
        let f = fees(
            "Phí : 2.000 đồng/trang từ trang thứ 3 trở lên, tối đa không quá 200.000 đồng/bản",
        );
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].tiers, [tier(3, None, 2000)]);
        assert_eq!(f[0].max, Some(200_000));
        assert_eq!(f[0].unit.as_deref(), Some("trang"));
        assert_eq!(f[0].max_unit.as_deref(), Some("bản"));
    }

    #[test]
    fn tiers_and_cap_on_lines_of_their_own_join_the_fee_they_belong_to() {
        let f = fees(
            "Phí : 2.000 Đồng/trang (Hai trang đầu)\nPhí : 1.000 Đồng/trang (Từ trang thứ ba trở lên)\nPhí : 200.000 Đồng/bản (Mức thu tối đa không quá)",
        );
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].tiers, [tier(1, Some(2), 2000), tier(3, None, 1000)]);
        assert_eq!(f[0].amount, None);
        assert_eq!(f[0].max, Some(200_000));
        assert_eq!(f[0].max_unit.as_deref(), Some("bản"));
    }

    #[test]
    fn a_condition_is_said_as_one() {
        let f = fees("Lệ phí : 8.000 Đồng (Trường hợp yêu cầu cấp bản sao Trích lục)");
        assert_eq!(f[0].amount, Some(8000));
        assert_eq!(
            f[0].condition.as_deref(),
            Some("Trường hợp yêu cầu cấp bản sao Trích lục")
        );
        assert_eq!(f[0].text, None);
        // A description stays the fee's text.
        let f = fees("Lệ phí : 8.000 Đồng (Phí cấp bản sao Trích lục hộ tịch)");
        assert_eq!(
            f[0].text.as_deref(),
            Some("Phí cấp bản sao Trích lục hộ tịch")
        );
        assert_eq!(f[0].condition, None);
    }

    #[test]
    fn what_cannot_be_read_is_kept_word_for_word() {
        let raw = "Theo mức thu do HĐND tỉnh quy định, tùy theo số trang của hồ sơ";
        let f = fees(&format!("Lệ phí : {raw}"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].text.as_deref(), Some(raw));
        assert!(f[0].tiers.is_empty() && f[0].max.is_none());
        // A cap the words give without an amount is not invented.
        let f = fees("Phí : 50.000 Đồng/hợp đồng (Mức thu tối đa do HĐND tỉnh quy định)");
        assert_eq!(f[0].amount, Some(50_000));
        assert_eq!(f[0].max, None);
        assert_eq!(
            f[0].text.as_deref(),
            Some("Mức thu tối đa do HĐND tỉnh quy định")
        );
    }
}
