//! [`StringMap`]: a `(string -> string) map` field (`other_config`, `platform`…) kept as one
//! sorted vector instead of a B-tree. Most of these maps hold nothing or a few keys, and a
//! `BTreeMap<String, String>` allocates a whole node (about 540 bytes) for its first key: a
//! 50,000-VM estate spent tens of megabytes on near-empty maps. The API is the part of
//! `BTreeMap`'s the app uses, with the same meaning (sorted by key, one value per key).

use super::de::{L, Lenient};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// A map of strings sorted by key, stored as one vector (see the module's note).
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StringMap {
    entries: Vec<(String, String)>,
}

/// An iterator over a [`StringMap`]'s entries, in key order.
pub type Iter<'a> = std::iter::Map<
    std::slice::Iter<'a, (String, String)>,
    fn(&'a (String, String)) -> (&'a String, &'a String),
>;

fn pair(e: &(String, String)) -> (&String, &String) {
    (&e.0, &e.1)
}

impl StringMap {
    /// An empty map (allocates nothing).
    pub const fn new() -> Self {
        StringMap {
            entries: Vec::new(),
        }
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|e| e.0.as_str().cmp(key))
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no key.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&String> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// The value of `key`, to change in place.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut String> {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    /// The stored key and value of `key`.
    pub fn get_key_value(&self, key: &str) -> Option<(&String, &String)> {
        self.find(key).ok().map(|i| pair(&self.entries[i]))
    }

    /// Whether `key` is set.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key`; the value it replaced, if any.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Removes `key`; its value, if it was set.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// Removes every key.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Keeps the entries `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut String) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_> {
        self.entries.iter().map(pair)
    }

    /// The entries in key order, values changeable.
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (&String, &mut String)> {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.entries.iter().map(|e| &e.0)
    }

    /// The values, in their keys' order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.entries.iter().map(|e| &e.1)
    }

    /// The values, changeable, in their keys' order.
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut String> {
        self.entries.iter_mut().map(|e| &mut e.1)
    }

    /// The first entry in key order.
    pub fn first_key_value(&self) -> Option<(&String, &String)> {
        self.entries.first().map(pair)
    }

    /// The last entry in key order.
    pub fn last_key_value(&self) -> Option<(&String, &String)> {
        self.entries.last().map(pair)
    }

    /// The entries whose key starts with `prefix`, in key order.
    pub fn prefixed<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a String)> {
        let from = self.find(prefix).unwrap_or_else(|i| i);
        self.entries[from..]
            .iter()
            .take_while(move |e| e.0.starts_with(prefix))
            .map(pair)
    }

    /// Gives back spare capacity (a decoded map keeps no room to grow).
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }

    /// The same entries as a `BTreeMap`, for code that needs one.
    pub fn to_btree(&self) -> BTreeMap<String, String> {
        self.entries.iter().cloned().collect()
    }

    /// From entries already sorted by key with no key twice (checked in debug builds).
    fn from_sorted(entries: Vec<(String, String)>) -> Self {
        debug_assert!(entries.windows(2).all(|w| w[0].0 < w[1].0));
        StringMap { entries }
    }
}

impl fmt::Debug for StringMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl std::ops::Index<&str> for StringMap {
    type Output = String;
    /// Panics when `key` is not set, as `BTreeMap` does (use `get` for data from a server).
    fn index(&self, key: &str) -> &String {
        self.get(key).unwrap_or_else(|| panic!("no key {key:?}"))
    }
}

impl FromIterator<(String, String)> for StringMap {
    /// Later entries win over earlier ones with the same key, as in `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut entries: Vec<(String, String)> = iter.into_iter().collect();
        // Stable: equal keys keep their order, and the last of each run is kept.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, String)> = Vec::with_capacity(entries.len());
        for e in entries {
            match out.last_mut() {
                Some(last) if last.0 == e.0 => *last = e,
                _ => out.push(e),
            }
        }
        out.shrink_to_fit();
        StringMap::from_sorted(out)
    }
}

impl Extend<(String, String)> for StringMap {
    fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<const N: usize> From<[(String, String); N]> for StringMap {
    fn from(a: [(String, String); N]) -> Self {
        a.into_iter().collect()
    }
}

impl From<BTreeMap<String, String>> for StringMap {
    fn from(m: BTreeMap<String, String>) -> Self {
        // Already sorted, one value per key.
        StringMap::from_sorted(m.into_iter().collect())
    }
}

impl From<StringMap> for BTreeMap<String, String> {
    fn from(m: StringMap) -> Self {
        m.into_iter().collect()
    }
}

impl IntoIterator for StringMap {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a StringMap {
    type Item = (&'a String, &'a String);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl serde::Serialize for StringMap {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

struct MapV;
impl<'de> Visitor<'de> for MapV {
    type Value = StringMap;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<StringMap, A::Error> {
        let mut entries = Vec::with_capacity(a.size_hint().unwrap_or(0).min(64));
        while let Some((L(k), L(v))) = a.next_entry::<L<String>, L<String>>()? {
            entries.push((k, v));
        }
        // Sorted (xapi sends maps sorted, so this is usually one pass), shrunk.
        Ok(entries.into_iter().collect())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<StringMap, A::Error> {
        while a.next_element::<IgnoredAny>()?.is_some() {}
        Ok(StringMap::new())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<StringMap, E> {
        Ok(StringMap::new())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<StringMap, E> {
        Ok(StringMap::new())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<StringMap, E> {
        Ok(StringMap::new())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<StringMap, E> {
        Ok(StringMap::new())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<StringMap, E> {
        Ok(StringMap::new())
    }
    fn visit_unit<E: de::Error>(self) -> Result<StringMap, E> {
        Ok(StringMap::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<StringMap, E> {
        Ok(StringMap::new())
    }
}

impl Lenient for StringMap {
    /// Any shape: a map's values are read leniently (numbers and booleans as their text), and
    /// anything but a map gives an empty map.
    fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(MapV)
    }
}

impl<'de> serde::Deserialize<'de> for StringMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::lenient(d)
    }
}

#[cfg(test)]
#[path = "strmap_tests.rs"]
mod tests;
