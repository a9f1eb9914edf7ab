//! Typed object references: `Ref<Vm>` cannot be passed where a `Ref<Host>` is expected.

use super::de::Lenient;
use serde::Deserializer;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// A XenAPI class: its datamodel name, as used in method names (`VM.get_record`).
pub trait Class {
    /// The class name as in the datamodel (`VM`, `host`, `VM_guest_metrics`).
    const NAME: &'static str;
}

/// The null reference: a ref field that points at no object.
pub const NULL_REF: &str = "OpaqueRef:NULL";

/// An opaque reference (`OpaqueRef:…`) to an object of class `T`.
pub struct Ref<T> {
    id: String,
    _class: PhantomData<fn() -> T>,
}

impl<T> Ref<T> {
    /// A ref from its wire string (not checked).
    pub fn new(id: impl Into<String>) -> Self {
        Ref {
            id: id.into(),
            _class: PhantomData,
        }
    }

    /// `OpaqueRef:NULL`.
    pub fn null() -> Self {
        Ref::new(NULL_REF)
    }

    /// `OpaqueRef:NULL` or empty: no object.
    pub fn is_null(&self) -> bool {
        self.id.is_empty() || self.id == NULL_REF
    }

    /// The ref as on the wire (`OpaqueRef:…`).
    pub fn as_str(&self) -> &str {
        &self.id
    }

    /// Forgets the class: for code that handles refs of any class (events, the cache).
    pub fn cast<U>(&self) -> Ref<U> {
        Ref::new(self.id.clone())
    }
}

impl<T> Default for Ref<T> {
    fn default() -> Self {
        Ref::null()
    }
}

impl<T> Clone for Ref<T> {
    fn clone(&self) -> Self {
        Ref::new(self.id.clone())
    }
}

impl<T> PartialEq for Ref<T> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl<T> Eq for Ref<T> {}

impl<T> PartialOrd for Ref<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Ref<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.id.cmp(&other.id)
    }
}

impl<T> Hash for Ref<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id.hash(state)
    }
}

impl<T> std::borrow::Borrow<str> for Ref<T> {
    fn borrow(&self) -> &str {
        &self.id
    }
}

impl<T> fmt::Debug for Ref<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

impl<T> fmt::Display for Ref<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

impl<T> From<&Ref<T>> for serde_json::Value {
    fn from(r: &Ref<T>) -> Self {
        serde_json::Value::String(r.id.clone())
    }
}

impl<T> Lenient for Ref<T> {
    fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::lenient(d).map(Ref::new)
    }
}

impl<'de, T> serde::Deserialize<'de> for Ref<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::lenient(d)
    }
}

/// A `get_all_records` result decoded straight from the reply (no intermediate JSON tree):
/// refs as keys, lenient records as values.
pub struct Records<T>(pub std::collections::HashMap<Ref<T>, T>);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Records<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = Records<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of ref to record")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Records<T>, A::Error> {
                let mut m = std::collections::HashMap::with_capacity(a.size_hint().unwrap_or(0));
                while let Some(k) = a.next_key::<String>()? {
                    let v = a.next_value::<T>()?;
                    m.insert(Ref::new(k), v);
                }
                Ok(Records(m))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}
