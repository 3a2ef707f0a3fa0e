//! A compact binary encoding of records for the cache, through their serde derives: varints,
//! length-prefixed strings, and structs as one slot per field (absent or present) so that
//! `skip_serializing_if` fields, which a plain field sequence would misalign, survive.
//!
//! It is not self-describing: the cache file carries a fingerprint of the model's source, so a
//! record is only ever read back by the build that wrote it.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};
use std::fmt;

#[derive(Debug)]
pub struct CodecError(String);

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CodecError {}

impl ser::Error for CodecError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        CodecError(msg.to_string())
    }
}

impl de::Error for CodecError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        CodecError(msg.to_string())
    }
}

type Result<T> = std::result::Result<T, CodecError>;

fn fail<T>(what: &str) -> Result<T> {
    Err(CodecError(what.to_owned()))
}

pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Append the encoding of `value` to `out`.
pub fn encode<T: Serialize>(value: &T, out: &mut Vec<u8>) -> Result<()> {
    value.serialize(&mut Encoder { out })
}

/// Decode one value that must take exactly all of `bytes`.
pub fn decode<'de, T: de::Deserialize<'de>>(bytes: &'de [u8]) -> Result<T> {
    let mut d = Decoder { input: bytes };
    let value = T::deserialize(&mut d)?;
    if !d.input.is_empty() {
        return fail("trailing bytes");
    }
    Ok(value)
}

struct Encoder<'a> {
    out: &'a mut Vec<u8>,
}

impl Encoder<'_> {
    fn varint(&mut self, v: u64) {
        put_varint(self.out, v);
    }
    fn signed(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.varint(b.len() as u64);
        self.out.extend_from_slice(b);
    }
}

/// A struct: the number of field slots first, then one tag (0 absent, 1 present) per slot.
struct StructEncoder<'a, 'b> {
    enc: &'b mut Encoder<'a>,
    slots_at: usize,
    slots: u64,
}

impl StructEncoder<'_, '_> {
    fn finish(self) {
        // The slot count is written after the fact into a fixed 2-byte little-endian place.
        let bytes = (self.slots as u16).to_le_bytes();
        self.enc.out[self.slots_at] = bytes[0];
        self.enc.out[self.slots_at + 1] = bytes[1];
    }
}

impl<'a, 'b> Encoder<'a> {
    fn start_struct(&'b mut self) -> StructEncoder<'a, 'b> {
        let slots_at = self.out.len();
        self.out.extend_from_slice(&[0, 0]);
        StructEncoder {
            enc: self,
            slots_at,
            slots: 0,
        }
    }
}

impl<'a, 'b> ser::Serializer for &'b mut Encoder<'a> {
    type Ok = ();
    type Error = CodecError;
    type SerializeSeq = &'b mut Encoder<'a>;
    type SerializeTuple = &'b mut Encoder<'a>;
    type SerializeTupleStruct = &'b mut Encoder<'a>;
    type SerializeTupleVariant = &'b mut Encoder<'a>;
    type SerializeMap = &'b mut Encoder<'a>;
    type SerializeStruct = StructEncoder<'a, 'b>;
    type SerializeStructVariant = StructEncoder<'a, 'b>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out.push(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.signed(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.varint(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<()> {
        self.out.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        self.out.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.varint(u64::from(v));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        self.bytes(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        self.bytes(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<()> {
        self.out.push(0);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        self.out.push(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> Result<()> {
        self.varint(index.into());
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        self.varint(index.into());
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq> {
        match len {
            Some(n) => {
                self.varint(n as u64);
                Ok(self)
            }
            None => fail("a sequence of unknown length"),
        }
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTuple> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        self.varint(index.into());
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap> {
        match len {
            Some(n) => {
                self.varint(n as u64);
                Ok(self)
            }
            None => fail("a map of unknown length"),
        }
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Ok(self.start_struct())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        self.varint(index.into());
        Ok(self.start_struct())
    }
}

impl ser::SerializeSeq for &mut Encoder<'_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<()> {
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Encoder<'_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<()> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for &mut Encoder<'_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<()> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for &mut Encoder<'_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<()> {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Encoder<'_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<()> {
        Ok(())
    }
}

impl ser::SerializeStruct for StructEncoder<'_, '_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, _: &'static str, value: &T) -> Result<()> {
        self.slots += 1;
        self.enc.out.push(1);
        value.serialize(&mut *self.enc)
    }
    fn skip_field(&mut self, _: &'static str) -> Result<()> {
        self.slots += 1;
        self.enc.out.push(0);
        Ok(())
    }
    fn end(self) -> Result<()> {
        if self.slots > u64::from(u16::MAX) {
            return fail("too many fields");
        }
        self.finish();
        Ok(())
    }
}

impl ser::SerializeStructVariant for StructEncoder<'_, '_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn skip_field(&mut self, key: &'static str) -> Result<()> {
        ser::SerializeStruct::skip_field(self, key)
    }
    fn end(self) -> Result<()> {
        ser::SerializeStruct::end(self)
    }
}

struct Decoder<'de> {
    input: &'de [u8],
}

impl<'de> Decoder<'de> {
    fn byte(&mut self) -> Result<u8> {
        let (&b, rest) = self
            .input
            .split_first()
            .ok_or_else(|| CodecError("truncated".into()))?;
        self.input = rest;
        Ok(b)
    }
    fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        fail("varint too long")
    }
    fn signed(&mut self) -> Result<i64> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    fn take(&mut self, n: usize) -> Result<&'de [u8]> {
        if n > self.input.len() {
            return fail("truncated");
        }
        let (head, rest) = self.input.split_at(n);
        self.input = rest;
        Ok(head)
    }
    fn len(&mut self) -> Result<usize> {
        let n = self.varint()?;
        // Every element takes at least a byte, except units; refuse lengths the input cannot hold.
        if n > self.input.len() as u64 {
            return fail("length past the end");
        }
        Ok(n as usize)
    }
    fn str(&mut self) -> Result<&'de str> {
        let n = self.len()?;
        simdutf8::basic::from_utf8(self.take(n)?).map_err(|_| CodecError("invalid UTF-8".into()))
    }
    fn fixed<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
}

macro_rules! unsigned {
    ($name:ident, $visit:ident, $t:ty) => {
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let v = self.varint()?;
            visitor.$visit(<$t>::try_from(v).map_err(|_| CodecError("out of range".into()))?)
        }
    };
}

macro_rules! signed {
    ($name:ident, $visit:ident, $t:ty) => {
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let v = self.signed()?;
            visitor.$visit(<$t>::try_from(v).map_err(|_| CodecError("out of range".into()))?)
        }
    };
}

impl<'de> de::Deserializer<'de> for &mut Decoder<'de> {
    type Error = CodecError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        fail("the cache encoding is not self-describing")
    }
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.byte()? {
            0 => visitor.visit_bool(false),
            1 => visitor.visit_bool(true),
            _ => fail("bad bool"),
        }
    }
    signed!(deserialize_i8, visit_i8, i8);
    signed!(deserialize_i16, visit_i16, i16);
    signed!(deserialize_i32, visit_i32, i32);
    signed!(deserialize_i64, visit_i64, i64);
    unsigned!(deserialize_u8, visit_u8, u8);
    unsigned!(deserialize_u16, visit_u16, u16);
    unsigned!(deserialize_u32, visit_u32, u32);
    unsigned!(deserialize_u64, visit_u64, u64);
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f32(f32::from_le_bytes(self.fixed()?))
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(f64::from_le_bytes(self.fixed()?))
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let v = u32::try_from(self.varint()?).map_err(|_| CodecError("bad char".into()))?;
        visitor.visit_char(char::from_u32(v).ok_or_else(|| CodecError("bad char".into()))?)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.str()?)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.str()?)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let n = self.len()?;
        visitor.visit_borrowed_bytes(self.take(n)?)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.byte()? {
            0 => visitor.visit_none(),
            1 => visitor.visit_some(self),
            _ => fail("bad option"),
        }
    }
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        // A model text takes its bytes: one it has seen is not checked for UTF-8 again.
        if name == crate::model::TEXT_WIRE_NAME {
            let n = self.len()?;
            return visitor.visit_borrowed_bytes(self.take(n)?);
        }
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let n = self.len()?;
        visitor.visit_seq(Counted { d: self, left: n })
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        visitor.visit_seq(Counted { d: self, left: len })
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_seq(Counted { d: self, left: len })
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let n = self.len()?;
        visitor.visit_map(Counted { d: self, left: n })
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let slots = u16::from_le_bytes(self.fixed()?);
        if usize::from(slots) != fields.len() {
            return fail("the record's fields do not match this build");
        }
        visitor.visit_map(Slots {
            d: self,
            fields,
            next: 0,
        })
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        fail("cannot skip a value in the cache encoding")
    }
    fn is_human_readable(&self) -> bool {
        // Dates and the like keep their text form, the same as in the YAML files.
        true
    }
}

struct Counted<'a, 'de> {
    d: &'a mut Decoder<'de>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Counted<'_, 'de> {
    type Error = CodecError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.d).map(Some)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

impl<'de> de::MapAccess<'de> for Counted<'_, 'de> {
    type Error = CodecError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.d).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.d)
    }
}

/// A struct's fields: one tag per declared field, then the value of those present.
struct Slots<'a, 'de> {
    d: &'a mut Decoder<'de>,
    fields: &'static [&'static str],
    next: usize,
}

impl<'de> de::MapAccess<'de> for Slots<'_, 'de> {
    type Error = CodecError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        while self.next < self.fields.len() {
            let name = self.fields[self.next];
            self.next += 1;
            match self.d.byte()? {
                0 => continue,
                1 => {
                    let key: de::value::StrDeserializer<'_, CodecError> = name.into_deserializer();
                    return seed.deserialize(key).map(Some);
                }
                _ => return fail("bad field tag"),
            }
        }
        Ok(None)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.d)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Decoder<'de> {
    type Error = CodecError;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let index = u32::try_from(self.varint()?).map_err(|_| CodecError("bad variant".into()))?;
        let key: de::value::U32Deserializer<CodecError> = index.into_deserializer();
        Ok((seed.deserialize(key)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Decoder<'de> {
    type Error = CodecError;
    fn unit_variant(self) -> Result<()> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        visitor.visit_seq(Counted { d: self, left: len })
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Procedure;

    #[test]
    fn every_sample_procedure_round_trips() {
        let mut n = 0;
        for (path, text) in crate::sample::files() {
            if !path.starts_with("procedures/") {
                continue;
            }
            let p: Procedure = crate::store::parse_text(std::path::Path::new(path), text).unwrap();
            let mut bytes = Vec::new();
            encode(&p, &mut bytes).unwrap();
            assert!(bytes.len() < text.len(), "{path}: the encoding is compact");
            let back: Procedure = decode(&bytes).unwrap();
            assert_eq!(back, p, "{path}");
            // Any cut is refused, never misread.
            assert!(decode::<Procedure>(&bytes[..bytes.len() - 1]).is_err());
            n += 1;
        }
        assert!(n > 10);
    }

    /// Read back from a cache file, the sample's procedures share every text they have in
    /// common (levels, agencies, legal documents…) within a worker, and nothing is held for
    /// sharing once the read is over; without a guard each decode allocates its own.
    #[test]
    fn equal_texts_read_from_the_cache_share_one_allocation() {
        use crate::model::{Interning, Text};
        use crate::store::cache::{Record, RecordRef, read, write};
        let records: Vec<Procedure> = crate::sample::files()
            .iter()
            .filter(|(path, _)| path.starts_with("procedures/"))
            .map(|(path, text)| crate::store::parse_text(std::path::Path::new(path), text).unwrap())
            .collect();
        // Two copies of each, under two ids: a record and its copy hold only equal texts.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("records");
        let id = |i: usize| {
            let mut id = [0u8; 20];
            id[..8].copy_from_slice(&(i as u64).to_le_bytes());
            id
        };
        let n = records.len();
        write(
            &file,
            records
                .iter()
                .chain(&records)
                .enumerate()
                .map(|(i, p)| (id(i), RecordRef::Procedure(p))),
        )
        .unwrap();
        let got = read(&file, None).unwrap();
        assert_eq!(Interning::held(), 0, "the workers' sets are gone");
        let procedure = |i: usize| match got.get(&id(i)) {
            Some(Record::Procedure(p)) => p.as_ref(),
            other => panic!("{other:?}"),
        };
        // Every text of a record: shared with its copy's, when both sit with one worker.
        fn texts(p: &Procedure) -> Vec<Text> {
            let mut out = vec![
                p.code.clone(),
                p.name.clone(),
                p.level.clone(),
                p.field.clone(),
            ];
            out.extend(p.steps.iter().cloned());
            out.extend(p.agencies.implementing.iter().cloned());
            for d in p.legal_list() {
                out.push(d.number.clone());
                out.extend(d.issuer.iter().cloned());
            }
            for g in &p.dossier {
                out.extend(g.documents.iter().map(|d| d.name.clone()));
            }
            out
        }
        let (mut shared, mut equal) = (0, 0);
        for i in 0..n {
            let (a, b) = (procedure(i), procedure(n + i));
            assert_eq!(a, b);
            for (x, y) in texts(a).iter().zip(&texts(b)) {
                equal += 1;
                shared += usize::from(Text::ptr_eq(x, y));
            }
        }
        // Records are spread over the workers block by block (256 entries); the sample fits in one.
        assert_eq!(shared, equal, "{shared} of {equal} equal texts shared");
        // Levels repeat across records, and are one allocation within a worker.
        let levels: std::collections::HashSet<*const u8> =
            (0..2 * n).map(|i| procedure(i).level.as_ptr()).collect();
        let distinct: std::collections::HashSet<&str> =
            records.iter().map(|p| p.level.as_str()).collect();
        assert_eq!(levels.len(), distinct.len());

        // Decoded with no guard, nothing is shared.
        let mut bytes = Vec::new();
        encode(&records[0], &mut bytes).unwrap();
        let (a, b): (Procedure, Procedure) = (decode(&bytes).unwrap(), decode(&bytes).unwrap());
        assert!(!Text::ptr_eq(&a.name, &b.name));
        // With one, it is, until the guard drops.
        let (c, d): (Procedure, Procedure);
        {
            let _guard = Interning::start();
            c = decode(&bytes).unwrap();
            d = decode(&bytes).unwrap();
            assert!(Interning::held() > 0);
        }
        assert!(Text::ptr_eq(&c.name, &d.name) && Text::ptr_eq(&c.level, &d.level));
        assert_eq!(Interning::held(), 0);
        let e: Procedure = decode(&bytes).unwrap();
        assert!(!Text::ptr_eq(&c.name, &e.name));
    }
}
