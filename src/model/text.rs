//! [`Text`]: the model's string, immutable and shared.
//!
//! A record holds some eighty strings, and most of them repeat across a catalogue: levels,
//! fields, agencies, units, legal documents (number, title, issuer, articles), dossier
//! documents and their forms, fee texts, whole steps of a procedure published at several
//! levels. A `Text` is a reference-counted `str` (16 bytes, against a `String`'s 24, plus
//! one heap block), so equal texts can share one allocation: while an [`Interning`] guard
//! is alive on a thread, every `Text` deserialized on that thread is looked up in a
//! thread-local set and equal ones come out as clones of the first. A load holds the guard
//! for the duration of a worker's loop; when it drops, the set goes and nothing is retained
//! but the records themselves.
//!
//! Everywhere else a `Text` behaves as a string: it derefs to `str`, compares, orders and
//! hashes by content (equal to the `str` it holds, so maps keyed by `Text` are looked up
//! with a `&str`), and is written and read as a plain string.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::hash::BuildHasher;
use std::ops::Deref;
use std::sync::Arc;

/// An immutable, shared string of the model (see the module's documentation).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Arc<str>);

impl Text {
    /// A new text: one shared with an equal text deserialized earlier on this thread while an
    /// [`Interning`] guard is alive, else a fresh allocation.
    pub fn new(s: &str) -> Text {
        if INTERNING.get() == 0 {
            return Text(Arc::from(s));
        }
        interned(s)
    }

    /// Whether it is empty (also a path for `skip_serializing_if`).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text as a `str`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A text of UTF-8 `bytes` (`None` when they are not): while interning, bytes equal to a
    /// text seen before give that text without checking them again.
    pub fn from_utf8(bytes: &[u8]) -> Option<Text> {
        if INTERNING.get() == 0 {
            return simdutf8::basic::from_utf8(bytes)
                .ok()
                .map(|s| Text(Arc::from(s)));
        }
        SEEN.with_borrow_mut(|seen| {
            let seen = seen.get_or_insert_with(Seen::default);
            let hash = seen.hasher.hash_one(bytes);
            if let Some(t) = seen.texts.find(hash, |t| t.0.as_bytes() == bytes) {
                return Some(t.clone());
            }
            let text = Text(Arc::from(simdutf8::basic::from_utf8(bytes).ok()?));
            let hasher = &seen.hasher;
            seen.texts
                .insert_unique(hash, text.clone(), |t| hasher.hash_one(t.0.as_bytes()));
            Some(text)
        })
    }

    /// Whether `a` and `b` are one allocation (for tests of the sharing).
    pub fn ptr_eq(a: &Text, b: &Text) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

thread_local! {
    /// How many [`Interning`] guards are alive on this thread.
    static INTERNING: Cell<u32> = const { Cell::new(0) };
    /// The texts seen while they are: `None` when none is.
    static SEEN: RefCell<Option<Seen>> = const { RefCell::new(None) };
}

/// The texts seen on a thread, found by their bytes.
#[derive(Default)]
struct Seen {
    hasher: hashbrown::DefaultHashBuilder,
    texts: hashbrown::HashTable<Text>,
}

fn interned(s: &str) -> Text {
    SEEN.with_borrow_mut(|seen| {
        let seen = seen.get_or_insert_with(Seen::default);
        let hash = seen.hasher.hash_one(s.as_bytes());
        if let Some(t) = seen.texts.find(hash, |t| *t.0 == *s) {
            return t.clone();
        }
        let text = Text(Arc::from(s));
        let hasher = &seen.hasher;
        seen.texts
            .insert_unique(hash, text.clone(), |t| hasher.hash_one(t.0.as_bytes()));
        text
    })
}

/// The name under which a [`Text`] asks to be deserialized: the record cache's decoder hands
/// such a newtype its bytes, which [`Text::from_utf8`] needs to check only when it has not seen
/// them; every other deserializer passes a newtype through to the string inside.
pub(crate) const WIRE_NAME: &str = "tthc::model::Text";

/// While alive, equal [`Text`]s deserialized (or made with [`Text::new`]) on this thread share
/// one allocation. Guards nest; when the last one on a thread drops, the thread forgets every
/// text it saw (the texts themselves live on in whatever holds them).
#[must_use = "interning stops when the guard drops"]
pub struct Interning {
    /// A guard belongs to the thread that made it.
    _thread: std::marker::PhantomData<*const ()>,
}

impl Interning {
    /// Start interning on this thread, until the guard drops.
    pub fn start() -> Interning {
        INTERNING.set(INTERNING.get() + 1);
        Interning {
            _thread: std::marker::PhantomData,
        }
    }

    /// How many distinct texts this thread holds for sharing now (0 when not interning).
    pub fn held() -> usize {
        SEEN.with_borrow(|seen| seen.as_ref().map_or(0, |seen| seen.texts.len()))
    }
}

impl Drop for Interning {
    fn drop(&mut self) {
        let depth = INTERNING.get() - 1;
        INTERNING.set(depth);
        if depth == 0 {
            // Taken out first: dropping the texts must not run under the borrow.
            let seen = SEEN.with_borrow_mut(Option::take);
            drop(seen);
        }
    }
}

/// The empty text, shared by every default (a record's absent strings allocate nothing).
static EMPTY: std::sync::LazyLock<Text> = std::sync::LazyLock::new(|| Text(Arc::from("")));

impl Default for Text {
    fn default() -> Text {
        EMPTY.clone()
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl AsRef<std::path::Path> for Text {
    fn as_ref(&self) -> &std::path::Path {
        self.as_str().as_ref()
    }
}

impl AsRef<std::ffi::OsStr> for Text {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.as_str().as_ref()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::new(s)
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        if INTERNING.get() == 0 {
            return Text(Arc::from(s));
        }
        interned(&s)
    }
}

impl From<&Text> for Text {
    fn from(s: &Text) -> Text {
        s.clone()
    }
}

impl From<Box<str>> for Text {
    fn from(s: Box<str>) -> Text {
        Text::new(&s)
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(s: std::borrow::Cow<'_, str>) -> Text {
        match s {
            std::borrow::Cow::Borrowed(s) => Text::new(s),
            std::borrow::Cow::Owned(s) => Text::from(s),
        }
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.as_ref().to_owned()
    }
}

impl From<&Text> for String {
    fn from(t: &Text) -> String {
        t.0.as_ref().to_owned()
    }
}

impl std::str::FromStr for Text {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Text, Self::Err> {
        Ok(Text::new(s))
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                // As `String`'s own visitor says.
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::new(v))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text::from(v))
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Text, E> {
                Text::from_utf8(v)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Bytes(v), &self))
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Text, D::Error> {
                d.deserialize_string(self)
            }
        }
        d.deserialize_newtype_struct(WIRE_NAME, V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_its_str() {
        let t = Text::from("Cấp xã");
        assert_eq!(t, "Cấp xã");
        assert_eq!("Cấp xã", t);
        assert_eq!(t, String::from("Cấp xã"));
        assert_eq!(t.len(), "Cấp xã".len());
        assert_eq!(format!("{t} {t:?}"), "Cấp xã \"Cấp xã\"");
        let (a, b) = (Text::from("a"), Text::from("b"));
        assert!(a < b && b.as_str() > "a");
        assert!(Text::default().is_empty());
        let set: std::collections::HashSet<Text> = [t.clone()].into();
        assert!(set.contains("Cấp xã"));
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"Cấp xã\"");
        let back: Text = serde_json::from_str("\"Cấp xã\"").unwrap();
        assert_eq!(back, t);
        assert!(serde_json::from_str::<Text>("1").is_err());
    }

    #[test]
    fn equal_texts_share_while_interning_and_nothing_is_held_after() {
        let a = Text::new("Nghị định 63/2010/NĐ-CP");
        let b = Text::new("Nghị định 63/2010/NĐ-CP");
        assert!(!Text::ptr_eq(&a, &b), "no sharing without a guard");
        let (c, d, e);
        {
            let _outer = Interning::start();
            c = Text::new("Nghị định 63/2010/NĐ-CP");
            {
                let _inner = Interning::start();
                d = serde_json::from_str::<Text>("\"Nghị định 63/2010/NĐ-CP\"").unwrap();
            }
            // The inner guard's end does not end the outer one's sharing.
            e = Text::from(String::from("Nghị định 63/2010/NĐ-CP"));
            assert_eq!(Interning::held(), 1);
        }
        assert!(Text::ptr_eq(&c, &d) && Text::ptr_eq(&c, &e));
        assert_eq!(Interning::held(), 0);
        // The set let go of its reference: only c, d and e hold the text.
        assert_eq!(Arc::strong_count(&c.0), 3);
        let f = Text::new("Nghị định 63/2010/NĐ-CP");
        assert!(!Text::ptr_eq(&c, &f));
    }

    #[test]
    fn bytes_are_checked_unless_seen() {
        assert!(Text::from_utf8(b"\xff").is_none());
        let _guard = Interning::start();
        assert!(Text::from_utf8(b"\xc3").is_none());
        let a = Text::from_utf8("Lệ phí".as_bytes()).unwrap();
        let b = Text::new("Lệ phí");
        assert!(Text::ptr_eq(&a, &b));
        assert_eq!(Interning::held(), 1);
        // Through any other deserializer the newtype is a plain string, and a map is refused as
        // before (YAML goes through `store`, the one module that names the YAML crate).
        let c: Text = serde_json::from_str("\"Lệ phí\"").unwrap();
        assert!(Text::ptr_eq(&a, &c));
        let e = serde_json::from_str::<Text>("{\"a\": \"b\"}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected a string"), "{e}");
    }

    #[test]
    fn each_thread_interns_on_its_own() {
        let _guard = Interning::start();
        let here = Text::new("Công an xã");
        let there = std::thread::spawn(|| {
            assert_eq!(Interning::held(), 0);
            Text::new("Công an xã")
        })
        .join()
        .unwrap();
        assert!(!Text::ptr_eq(&here, &there));
        assert!(Text::ptr_eq(&here, &Text::new("Công an xã")));
    }
}
