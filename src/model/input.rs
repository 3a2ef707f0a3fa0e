//! Numbers and dates as Vietnamese people type them, wherever they are typed (a hand-edited
//! file, the command line): amounts with dots between thousands (`10.000`, `10.000 đ`,
//! `1.500.000`) and dates as `dd/mm/yyyy`. The forms tthc itself writes (`10000`, ISO
//! `yyyy-mm-dd`) are read as before.

use super::Date;
use serde::de::{self, Deserializer, Visitor};
use std::cell::Cell;
use std::fmt;

/// A date as typed: `15/03/2022`, `5/3/2022`, `15-03-2022`, `15.03.2022`, or ISO `2022-03-15`.
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    if let Ok(d) = t.parse::<Date>() {
        return Some(d);
    }
    let sep = t.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let parts: Vec<&str> = t.split(sep).map(str::trim).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, max: usize| {
        (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i32>().ok())
            .flatten()
    };
    let (day, month) = (digits(day, 2)?, digits(month, 2)?);
    if year.len() != 4 {
        return None;
    }
    let year = digits(year, 4)?;
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// Why a typed amount is not an amount of đồng.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing but the currency, or nothing at all.
    Empty,
    /// Letters or signs that are not part of an amount.
    NotANumber,
    /// Dots in the wrong places: thousands come in groups of three (`1.500.000`).
    Grouping,
    /// A comma: đồng have no decimal part, and the thousands separator is the dot.
    Comma,
    /// More than an amount can hold.
    TooLarge,
}

/// An amount of đồng as typed: `10000`, `10.000`, `10.000 đ`, `1.500.000 đồng`, `-5.000`
/// (negative amounts are read, and refused by validation with a message of their own).
pub fn parse_amount(text: &str) -> Result<i64, AmountError> {
    let mut t = text.trim();
    let lower = t.to_lowercase();
    for unit in ["đồng", "vnđ", "vnd", "đ", "₫"] {
        if lower.ends_with(unit) {
            // The suffixes are the same length in both cases except for none of these.
            t = t[..t.len() - unit.len()].trim_end();
            break;
        }
    }
    let (negative, digits) = match t.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    if digits.is_empty() {
        return Err(AmountError::Empty);
    }
    if digits.contains(',') {
        return Err(AmountError::Comma);
    }
    let groups: Vec<&str> = digits.split(['.', ' ', '\u{a0}', '\u{202f}']).collect();
    if groups
        .iter()
        .any(|g| !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(AmountError::NotANumber);
    }
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return Err(AmountError::Grouping);
    }
    let joined: String = groups.concat();
    let value: i64 = joined.parse().map_err(|_| AmountError::TooLarge)?;
    Ok(if negative { -value } else { value })
}

/// How the deserializer at hand gives an amount's text. The general YAML parser hands any
/// scalar over as its text when asked for a string (so `10.000` keeps its dots, where as a
/// number it would be 10.0); its value tree only as a number or a string; the fast reader, the
/// record cache and JSON only as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AmountSource {
    Number,
    Text,
    Tree,
}

thread_local! {
    static AMOUNT_SOURCE: Cell<AmountSource> = const { Cell::new(AmountSource::Number) };
}

/// Run `f` with amounts read from `source` on this thread (the YAML reader sets it around the
/// general parser).
pub(crate) fn reading_amounts<R>(source: AmountSource, f: impl FnOnce() -> R) -> R {
    struct Restore(AmountSource);
    impl Drop for Restore {
        fn drop(&mut self) {
            AMOUNT_SOURCE.set(self.0);
        }
    }
    let _restore = Restore(AMOUNT_SOURCE.replace(source));
    f()
}

/// Whether the deserializer at hand is the general YAML parser or its value tree, which can
/// say what form a node has (`deserialize_any`); the fast reader and the cache encoding cannot.
pub(crate) fn amount_source_is_self_describing() -> bool {
    AMOUNT_SOURCE.get() != AmountSource::Number
}

/// What an amount must look like, as serde's "expected …" words; the YAML reader recognises it.
pub(crate) const EXPECTED_AMOUNT: &str = "an amount in đồng";
/// What a date must look like, as serde's "expected …" words; the YAML reader recognises it.
pub(crate) const EXPECTED_DATE: &str = "a date";

struct AmountVisitor;

impl<'de> Visitor<'de> for AmountVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECTED_AMOUNT)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        // Only from the value tree, where `10.000` has become 10.0: a dot in an amount is a
        // thousands separator, so the number read is in thousands.
        let thousands = v * 1000.0;
        if thousands.fract() == 0.0 && thousands.abs() < 9.0e15 {
            Ok(thousands as i64)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        parse_amount(v).map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    match AMOUNT_SOURCE.get() {
        AmountSource::Number => d.deserialize_i64(AmountVisitor),
        AmountSource::Text => d.deserialize_str(AmountVisitor),
        AmountSource::Tree => d.deserialize_any(AmountVisitor),
    }
}

/// An amount of đồng, as typed (`#[serde(deserialize_with = "…")]`).
pub(crate) fn de_amount<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    amount(d)
}

/// An optional amount of đồng, as typed.
pub(crate) fn de_opt_amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct Amount(i64);
    impl<'de> serde::Deserialize<'de> for Amount {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            amount(d).map(Amount)
        }
    }
    Ok(<Option<Amount> as serde::Deserialize>::deserialize(d)?.map(|a| a.0))
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(EXPECTED_DATE)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        parse_date(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

/// An optional date, as typed: ISO or `dd/mm/yyyy`.
pub(crate) fn de_opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    struct Typed(Date);
    impl<'de> serde::Deserialize<'de> for Typed {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_str(DateVisitor).map(Typed)
        }
    }
    Ok(<Option<Typed> as serde::Deserialize>::deserialize(d)?.map(|t| t.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_typed() {
        for (text, value) in [
            ("10000", 10_000),
            ("10.000", 10_000),
            ("10.000 đ", 10_000),
            ("10.000đ", 10_000),
            ("10.000 ₫", 10_000),
            ("1.500.000", 1_500_000),
            ("1.500.000 đồng", 1_500_000),
            ("1.500.000 VNĐ", 1_500_000),
            ("1 500 000", 1_500_000),
            ("0", 0),
            ("-5.000", -5_000),
            (" 200.000 đ ", 200_000),
        ] {
            assert_eq!(parse_amount(text), Ok(value), "{text}");
        }
        for (text, why) in [
            ("", AmountError::Empty),
            ("đ", AmountError::Empty),
            ("mười nghìn", AmountError::NotANumber),
            ("10.00", AmountError::Grouping),
            ("1.5", AmountError::Grouping),
            ("1000.000", AmountError::Grouping),
            (".000", AmountError::Grouping),
            ("10,000", AmountError::Comma),
            ("10,5", AmountError::Comma),
            ("99999999999999999999", AmountError::TooLarge),
        ] {
            assert_eq!(parse_amount(text), Err(why), "{text}");
        }
    }

    #[test]
    fn dates_as_typed() {
        let d = |y, m, day| Some(Date::new(y, m, day).unwrap());
        assert_eq!(parse_date("2022-03-15"), d(2022, 3, 15));
        assert_eq!(parse_date("15/03/2022"), d(2022, 3, 15));
        assert_eq!(parse_date("5/3/2022"), d(2022, 3, 5));
        assert_eq!(parse_date("15-03-2022"), d(2022, 3, 15));
        assert_eq!(parse_date("15.03.2022"), d(2022, 3, 15));
        assert_eq!(parse_date(" 01/12/2021 "), d(2021, 12, 1));
        for bad in [
            "31/02/2022",
            "15/13/2022",
            "2022/03/15",
            "15/03/22",
            "15/03",
            "HEAD~1",
            "",
            "1/1/2022/1",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
