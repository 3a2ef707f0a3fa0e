//! The portal's ways of writing values: "Không có thông tin", "Lệ phí : 8.000 Đồng (…)",
//! "30 Ngày", "Trong ngày", "Bản chính: 1 Bản sao: 0", codes, dates, and text typed in a legacy
//! encoding.

use super::Legacy;
use crate::model::{Date, Fee, FeeKind, ProcedureStatus, ProcessingTime, TimeUnit};
use unicode_normalization::UnicodeNormalization;

/// A label or header folded for matching: no diacritics, lower case, đ → d, every run of
/// punctuation and spaces one space, trimmed ("Yêu cầu, điều kiện:" → "yeu cau dieu kien").
pub fn label_key(text: &str) -> String {
    let folded = crate::search::fold(text);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// Text as the catalogue keeps it: NFC, runs of spaces and tabs one space, lines trimmed,
/// empty lines dropped.
pub fn clean(text: &str) -> String {
    let nfc: String = text.nfc().collect();
    nfc.replace('\u{a0}', " ")
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether the portal says there is nothing: empty, or "Không có thông tin" (not "Không có",
/// which a text such as the requirements may say on purpose).
pub fn is_no_info(text: &str) -> bool {
    let k = label_key(text);
    k.is_empty() || k == "khong co thong tin"
}

/// [`is_no_info`], or "Không" / "Không có": for lists and fees, where it means none.
fn is_none_word(text: &str) -> bool {
    let k = label_key(text);
    is_no_info(text) || k == "khong co" || k == "khong"
}

/// The cleaned text, or None when the portal says there is nothing.
pub fn value(text: &str) -> Option<String> {
    let c = clean(text);
    (!is_no_info(&c)).then_some(c)
}

/// Items of a list written in one cell: split on `;` and line breaks (never on commas: "Cơ
/// quan, tổ chức" is one item).
pub fn items(text: &str) -> Vec<String> {
    if is_none_word(text) {
        return Vec::new();
    }
    clean(text)
        .split(['\n', ';'])
        .map(|s| {
            s.trim()
                .trim_start_matches(['-', '+', '•'])
                .trim()
                .to_owned()
        })
        .filter(|s| !s.is_empty() && !is_none_word(s))
        .collect()
}

/// Levels in one cell: "Cấp Tỉnh, Cấp Xã" (level names hold no commas).
pub fn level_items(text: &str) -> Vec<String> {
    clean(text)
        .split([',', ';', '\n'])
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty() && !is_no_info(s))
        .collect()
}

/// A procedure code and its local variant: `1.001193` → (`1.001193`, None);
/// `1.001193.000.00.00.H12` → (`1.001193`, Some(whole)). None when it is not a code.
pub fn split_code(text: &str) -> Option<(String, Option<String>)> {
    let t = text.trim();
    if !crate::validate::is_valid_code(t) {
        return None;
    }
    if t.len() == 8 {
        Some((t.to_owned(), None))
    } else {
        Some((t[..8].to_owned(), Some(t.to_owned())))
    }
}

/// A date written `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy` or `yyyy-mm-dd`.
pub fn date(text: &str) -> Option<Date> {
    let t = text.trim();
    let parts: Vec<&str> = t.split(['/', '-', '.']).map(str::trim).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let n: Vec<i32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (y, m, d) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else {
        (n[2], n[1], n[0])
    };
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// The first date written inside a text ("2680/QĐ-UBND ngày 20/12/2021").
pub fn date_inside(text: &str) -> Option<Date> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '(' || c == ')')
        .find_map(date)
}

/// The portal's status (Tình trạng).
pub fn status(text: &str) -> Option<ProcedureStatus> {
    let k = label_key(text);
    if k.contains("bai bo") {
        Some(ProcedureStatus::Abolished)
    } else if k.contains("sua doi") || k.contains("bo sung") {
        Some(ProcedureStatus::Amended)
    } else if k.contains("cong khai") || k.contains("hieu luc") {
        Some(ProcedureStatus::Published)
    } else {
        None
    }
}

/// "30 Ngày", "15 Ngày làm việc", "4 Giờ", "1 Tháng", "Trong ngày"; more lines (or text after
/// the unit) are the note. None when it is not a time.
pub fn time(text: &str) -> Option<ProcessingTime> {
    let c = clean(text);
    let (first, rest) = match c.split_once('\n') {
        Some((a, b)) => (a.trim(), Some(b.trim().to_owned())),
        None => (c.trim(), None),
    };
    let k = label_key(first);
    if k == "trong ngay" || k.starts_with("trong ngay ") {
        return Some(ProcessingTime {
            value: None,
            unit: TimeUnit::SameDay,
            note: join_note(words_after(first, 2), rest).map(crate::model::Text::from),
        });
    }
    let digits: String = first.chars().take_while(char::is_ascii_digit).collect();
    let value: u32 = digits.parse().ok()?;
    let unit_text = first[digits.len()..].trim_start();
    let uk = label_key(unit_text);
    let (unit, word) = [
        ("ngay lam viec", TimeUnit::WorkingDays),
        ("ngay", TimeUnit::Days),
        ("gio lam viec", TimeUnit::Hours),
        ("gio", TimeUnit::Hours),
        ("thang", TimeUnit::Months),
    ]
    .into_iter()
    .find(|(w, _)| uk == *w || uk.starts_with(&format!("{w} ")))
    .map(|(w, u)| (u, w))?;
    let skip = word.split_whitespace().count();
    Some(ProcessingTime {
        value: Some(value),
        unit,
        note: join_note(words_after(unit_text, skip), rest).map(crate::model::Text::from),
    })
}

/// The original text after its first `skip` words, without the punctuation or parentheses
/// around it, as a note.
fn words_after(original: &str, skip: usize) -> Option<String> {
    let tail = original
        .split_whitespace()
        .skip(skip)
        .collect::<Vec<_>>()
        .join(" ");
    let mut tail = tail.trim().trim_start_matches([',', ';', ':', '-']).trim();
    if tail.starts_with('(') && tail.ends_with(')') {
        tail = tail[1..tail.len() - 1].trim();
    }
    (!tail.is_empty()).then(|| tail.to_owned())
}

fn join_note(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a}\n{b}")),
        (a, b) => a.or(b),
    }
}

/// A time as the portal writes it (the inverse of [`time`]).
pub fn time_text(t: &ProcessingTime) -> String {
    let head = match (t.unit, t.value) {
        (TimeUnit::SameDay, _) => "Trong ngày".to_owned(),
        (unit, v) => {
            let word = match unit {
                TimeUnit::Hours => "Giờ",
                TimeUnit::Days => "Ngày",
                TimeUnit::WorkingDays => "Ngày làm việc",
                TimeUnit::Months => "Tháng",
                TimeUnit::SameDay => unreachable!(),
            };
            format!("{} {word}", v.unwrap_or(0))
        }
    };
    match &t.note {
        Some(n) => format!("{head}\n{n}"),
        None => head,
    }
}

/// Fees as the portal writes them, one per line: "Lệ phí : 8.000 Đồng (Phí cấp bản sao)",
/// "Phí : 2.000 Đồng/trang", "Lệ phí : Theo mức thu do HĐND tỉnh quy định". Lines that are none
/// of these join the note of the fee before them; "Không có thông tin" is no fee.
pub fn fees(text: &str) -> Vec<Fee> {
    let mut out: Vec<Fee> = Vec::new();
    if is_none_word(text) {
        return out;
    }
    for line in clean(text).lines() {
        match fee(line) {
            Some(f) => out.push(f),
            None => {
                if let Some(last) = out.last_mut() {
                    let mut t = last.text.as_deref().unwrap_or_default().to_owned();
                    if !t.is_empty() {
                        t.push('\n');
                    }
                    t.push_str(line.trim());
                    last.text = Some(t.into());
                } else {
                    out.push(Fee {
                        kind: FeeKind::Charge,
                        text: Some(line.trim().into()),
                        ..Fee::default()
                    });
                }
            }
        }
    }
    // Tiers, a cap and a condition where the words say them (the rest kept as written).
    super::fee::structure(out)
}

/// One fee line.
fn fee(line: &str) -> Option<Fee> {
    let (head, rest) = line.split_once(':')?;
    let hk = label_key(head);
    let kind = match hk.as_str() {
        "le phi" => FeeKind::Charge,
        "phi" => FeeKind::Fee,
        _ => return None,
    };
    let rest = rest.trim();
    // The parenthesis at the end is the fee's description.
    let (main, paren) = match (rest.find('('), rest.ends_with(')')) {
        (Some(i), true) => (
            rest[..i].trim(),
            Some(rest[i + 1..rest.len() - 1].trim().to_owned()),
        ),
        _ => (rest, None),
    };
    let mut fee = Fee {
        kind,
        ..Fee::default()
    };
    let digits: String = main
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',' || *c == ' ')
        .filter(char::is_ascii_digit)
        .collect();
    let after_number = main
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',' || c == ' ')
        .trim();
    let ak = label_key(after_number);
    if !digits.is_empty() && (ak.starts_with("dong") || ak.starts_with("vnd") || ak == "d") {
        fee.amount = digits.parse().ok();
        let unit = after_number
            .split_once('/')
            .map(|(_, u)| u.trim().to_owned())
            .filter(|u| !u.is_empty());
        fee.unit = unit.map(crate::model::Text::from);
        fee.text = paren
            .filter(|p| !p.is_empty())
            .map(crate::model::Text::from);
    } else {
        // "Lệ phí : Theo mức thu do HĐND tỉnh quy định (mỗi lần)": the unit in words.
        let words = match paren {
            Some(p) if label_key(&p).starts_with("moi ") => {
                fee.unit = Some(p["mỗi".len()..].trim().to_owned())
                    .filter(|u| !u.is_empty())
                    .map(crate::model::Text::from);
                main.to_owned()
            }
            Some(p) if !p.is_empty() => format!("{main} ({p})"),
            _ => main.to_owned(),
        };
        fee.text = Some(words)
            .filter(|w| !w.is_empty())
            .map(crate::model::Text::from);
    }
    Some(fee)
}

/// A fee as the portal writes it (the inverse of [`fees`] for one fee).
pub fn fee_text(f: &Fee) -> String {
    let kind = match f.kind {
        FeeKind::Charge => "Lệ phí",
        FeeKind::Fee => "Phí",
    };
    match f.amount {
        Some(a) => {
            let mut s = format!("{kind} : {} Đồng", thousands(a));
            if let Some(u) = &f.unit {
                s.push('/');
                s.push_str(u);
            }
            if let Some(t) = &f.text {
                s.push_str(&format!(" ({t})"));
            }
            s
        }
        None => {
            let mut s = format!("{kind} : {}", f.text.as_deref().unwrap_or(""));
            if let Some(u) = &f.unit {
                s.push_str(&format!(" (mỗi {u})"));
            }
            s
        }
    }
}

/// 8000 → "8.000".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// "Bản chính: 1 Bản sao: 0" → (1, 0). None when it does not read so.
pub fn counts(text: &str) -> Option<(u32, u32)> {
    let k = label_key(text);
    let number_after = |word: &str| -> Option<u32> {
        let i = k.find(word)?;
        k[i + word.len()..]
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
    };
    let originals = number_after("ban chinh");
    let copies = number_after("ban sao");
    match (originals, copies) {
        (None, None) => None,
        (o, c) => Some((o.unwrap_or(0), c.unwrap_or(0))),
    }
}

/// Whether a text was typed in a legacy 8-bit encoding and is being read as Unicode: long
/// enough, not one letter of Vietnamese outside Latin-1 (ă, đ, ơ, ư, ạ, ế …), yet several of the
/// Latin-1 symbols those encodings put in their place.
pub fn legacy_encoding(text: &str) -> Option<Legacy> {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 12 {
        return None;
    }
    let vietnamese = text
        .chars()
        .any(|c| ('\u{0100}'..='\u{01B0}').contains(&c) || ('\u{1EA0}'..='\u{1EF9}').contains(&c));
    if vietnamese {
        return None;
    }
    // TCVN3 puts tone-marked vowels on symbols such as µ ¸ ¶ · ¹ ® ¨ © ª « ¬ ­ » ¼ ½ ¾ §.
    let tcvn3 = text
        .chars()
        .filter(|c| "µ¸¶·¹®¨©ª«¬\u{ad}»¼½¾×Þ§".contains(*c))
        .count();
    // VNI writes a base letter followed by a mark letter: "Ñaêng kyù" (đăng ký); only the
    // marks that are no Vietnamese letter count (ô, ê, ù … are letters too).
    let vni = text.chars().filter(|c| "ÑñøûïöØÛÏÖ".contains(*c)).count();
    if tcvn3 >= 3 && tcvn3 * 40 >= letters {
        Some(Legacy::Tcvn3)
    } else if vni >= 3 && vni * 12 >= letters {
        Some(Legacy::Vni)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_the_portal_writes_them() {
        let t = time("30 Ngày").unwrap();
        assert_eq!((t.value, t.unit, t.note), (Some(30), TimeUnit::Days, None));
        let t = time("15 Ngày làm việc").unwrap();
        assert_eq!((t.value, t.unit), (Some(15), TimeUnit::WorkingDays));
        let t = time("Trong ngày").unwrap();
        assert_eq!((t.value, t.unit), (None, TimeUnit::SameDay));
        let t = time("Trong ngày\nNếu nhận hồ sơ sau 15 giờ thì trả trong ngày làm việc tiếp theo")
            .unwrap();
        assert_eq!(
            t.note.as_deref(),
            Some("Nếu nhận hồ sơ sau 15 giờ thì trả trong ngày làm việc tiếp theo")
        );
        let t = time("3 Ngày làm việc (kể từ ngày nhận đủ hồ sơ)").unwrap();
        assert_eq!(t.note.as_deref(), Some("kể từ ngày nhận đủ hồ sơ"));
        assert_eq!(time("4 Giờ").unwrap().unit, TimeUnit::Hours);
        assert!(time("nhanh").is_none());
        for t in [
            "30 Ngày",
            "Trong ngày",
            "5 Ngày làm việc\nghi chú",
            "2 Tháng",
        ] {
            assert_eq!(time_text(&time(t).unwrap()), t);
        }
    }

    #[test]
    fn fees_read_as_the_portal_writes_them() {
        let f = fees("Lệ phí : 8.000 Đồng (Phí cấp bản sao Trích lục hộ tịch)");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, FeeKind::Charge);
        assert_eq!(f[0].amount, Some(8000));
        assert_eq!(
            f[0].text.as_deref(),
            Some("Phí cấp bản sao Trích lục hộ tịch")
        );
        let f = fees("Phí : 2.000 Đồng/trang\nLệ phí : Theo mức thu do HĐND tỉnh quy định");
        assert_eq!(f.len(), 2);
        assert_eq!(
            (f[0].kind, f[0].amount, f[0].unit.as_deref()),
            (FeeKind::Fee, Some(2000), Some("trang"))
        );
        assert_eq!(f[1].amount, None);
        assert_eq!(
            f[1].text.as_deref(),
            Some("Theo mức thu do HĐND tỉnh quy định")
        );
        assert!(fees("Không có thông tin").is_empty());
        for line in [
            "Lệ phí : 8.000 Đồng (Phí cấp bản sao)",
            "Phí : 200.000 Đồng/bản",
            "Lệ phí : Miễn lệ phí",
            "Lệ phí : Theo mức thu do HĐND tỉnh quy định (mỗi lần)",
        ] {
            assert_eq!(fee_text(&fees(line)[0]), line);
        }
    }

    #[test]
    fn counts_codes_and_dates() {
        assert_eq!(counts("Bản chính: 1 Bản sao: 0"), Some((1, 0)));
        assert_eq!(counts("Bản chính: 0\nBản sao: 2"), Some((0, 2)));
        assert_eq!(counts("một bộ"), None);
        assert_eq!(split_code("1.001193"), Some(("1.001193".into(), None)));
        assert_eq!(
            split_code("1.001193.000.00.00.H12"),
            Some(("1.001193".into(), Some("1.001193.000.00.00.H12".into())))
        );
        assert_eq!(split_code("1.0011"), None);
        assert_eq!(date("20/12/2021"), Date::new(2021, 12, 20).ok());
        assert_eq!(date("2021-12-20"), Date::new(2021, 12, 20).ok());
        assert_eq!(
            date_inside("2680/QĐ-UBND ngày 20/12/2021"),
            Date::new(2021, 12, 20).ok()
        );
        assert_eq!(
            label_key("Yêu cầu, điều kiện thực hiện:"),
            "yeu cau dieu kien thuc hien"
        );
        assert_eq!(
            level_items("Cấp Tỉnh, Cấp Xã"),
            vec!["Cấp Tỉnh".to_owned(), "Cấp Xã".to_owned()]
        );
        assert_eq!(
            items("Cá nhân; Cơ quan, tổ chức"),
            vec!["Cá nhân".to_owned(), "Cơ quan, tổ chức".to_owned()]
        );
    }

    #[test]
    fn legacy_encodings_are_recognised() {
        // "Đăng ký khai sinh cho trẻ em" typed in TCVN3 and in VNI, read as Unicode.
        assert_eq!(
            legacy_encoding("§¨ng ký khai sinh cho trÎ em, thñ tôc hµnh chÝnh"),
            Some(Legacy::Tcvn3)
        );
        assert_eq!(
            legacy_encoding("Ñaêng kyù khai sinh cho treû em, thuû tuïc haønh chính"),
            Some(Legacy::Vni)
        );
        assert_eq!(
            legacy_encoding("Đăng ký khai sinh cho trẻ em, thủ tục hành chính"),
            None
        );
        assert_eq!(legacy_encoding("Bản chính: 1 Bản sao: 0"), None);
        assert_eq!(legacy_encoding("Không có thông tin"), None);
        assert_eq!(legacy_encoding("Công dân Việt Nam; Người nước ngoài"), None);
    }
}
