//! The optional register of legal texts (`legal/<slug>.yaml`, one file per text): the facts of a
//! text — its dates of effect, expiry, status, the texts amending it — kept once and shared by
//! every procedure that cites it. A procedure's legal-basis row may then cite the text by its
//! number alone; its own fields, where given, say more than the register (articles cited, or a
//! fact the record states differently).

use super::{Date, LegalDocument, LegalStatus, Text};
use serde::{Deserialize, Serialize};

/// One legal text of the register.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LegalEntry {
    /// Số ký hiệu, kept verbatim, e.g. `63/2024/NĐ-CP`; the file name is its [`legal_slug`].
    pub number: Text,
    /// Trích yếu, e.g. "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch".
    pub title: Text,
    /// Cơ quan ban hành.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<Text>,
    /// The day it was signed (ngày ban hành).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub signed: Option<Date>,
    /// The day it took (or takes) effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub effective: Option<Date>,
    /// The day it ceases to have effect (hết hiệu lực).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "super::input::de_opt_date")]
    pub expires: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<LegalStatus>,
    /// Numbers of the texts that amend it, verbatim.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amended_by: Vec<Text>,
    /// Numbers of the texts it replaces, verbatim.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Text>,
}

impl LegalEntry {
    /// The row a procedure cites, completed with this text's facts where the row says nothing:
    /// what validation checks and what every face shows.
    pub fn complete(&self, row: &LegalDocument) -> LegalDocument {
        let mut out = row.clone();
        if out.title.trim().is_empty() {
            out.title.clone_from(&self.title);
        }
        if out.date.is_none() {
            out.date = self.signed;
        }
        if out.issuer.is_none() {
            out.issuer.clone_from(&self.issuer);
        }
        if out.effective.is_none() {
            out.effective = self.effective;
        }
        if out.expires.is_none() {
            out.expires = self.expires;
        }
        if out.status.is_none() {
            out.status = self.status;
        }
        for n in &self.amended_by {
            if !out.amended_by.iter().any(|m| same_number(m, n)) {
                out.amended_by.push(n.clone());
            }
        }
        out
    }
}

/// Whether two document numbers name the same text: compared without surrounding spaces and
/// case (`63/2024/NĐ-CP` = `63/2024/nđ-cp`).
pub fn same_number(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The file name (without `.yaml`) of a legal text in the register, from its number: ASCII,
/// lower case, marks dropped (đ → d), every run of other characters one `-`:
/// `63/2024/NĐ-CP` → `63-2024-nd-cp`, `Luật Hộ tịch 2014` → `luat-ho-tich-2014`.
pub fn legal_slug(number: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut dash = false;
    for c in number.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(legal_slug("63/2024/NĐ-CP"), "63-2024-nd-cp");
        assert_eq!(legal_slug("04/2020/TT-BTP"), "04-2020-tt-btp");
        assert_eq!(legal_slug("60/2014/QH13"), "60-2014-qh13");
        assert_eq!(legal_slug(" Luật Hộ tịch 2014 "), "luat-ho-tich-2014");
    }

    #[test]
    fn a_row_is_completed_by_the_register_and_keeps_what_it_says() {
        let entry = LegalEntry {
            number: "123/2015/NĐ-CP".into(),
            title: "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch"
                .into(),
            effective: Some(jiff::civil::date(2016, 1, 1)),
            amended_by: vec!["63/2024/NĐ-CP".into()],
            ..LegalEntry::default()
        };
        let row = LegalDocument {
            number: "123/2015/NĐ-CP".into(),
            articles: Some("Điều 9".into()),
            amended_by: vec!["63/2024/nđ-cp".into()],
            ..LegalDocument::default()
        };
        let done = entry.complete(&row);
        assert_eq!(done.title, entry.title);
        assert_eq!(done.effective, entry.effective);
        assert_eq!(done.articles.as_deref(), Some("Điều 9"));
        assert_eq!(done.amended_by, ["63/2024/nđ-cp"]);
    }
}
