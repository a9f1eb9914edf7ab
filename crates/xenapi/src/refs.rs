//! Typed object references: `Ref<Vm>` cannot be passed where a `Ref<Host>` is expected.

use super::de::Lenient;
use serde::Deserializer;
use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::{Arc, LazyLock, Mutex};

/// A XenAPI class: its datamodel name, as used in method names (`VM.get_record`).
pub trait Class {
    /// The class name as in the datamodel (`VM`, `host`, `VM_guest_metrics`).
    const NAME: &'static str;
}

/// The null reference: a ref field that points at no object.
pub const NULL_REF: &str = "OpaqueRef:NULL";

/// An opaque reference (`OpaqueRef:…`) to an object of class `T`.
///
/// Its text is shared ([`intern`]): a pool's refs repeat in every cross-reference (a VM's
/// VIFs, each VIF's VM, the network's VIFs…), in the tree and in its rows, and copies of a
/// ref cost a pointer, not another 46-byte string.
pub struct Ref<T> {
    id: Arc<str>,
    _class: PhantomData<fn() -> T>,
}

impl<T> Ref<T> {
    /// A ref from its wire string (not checked).
    pub fn new(id: impl Into<String>) -> Self {
        Ref::from_str_shared(&id.into())
    }

    /// A ref from its wire text, sharing the text of an equal ref that exists already.
    pub fn from_str_shared(id: &str) -> Self {
        Ref {
            id: intern(id),
            _class: PhantomData,
        }
    }

    /// `OpaqueRef:NULL`.
    pub fn null() -> Self {
        Ref::new(NULL_REF)
    }

    /// `OpaqueRef:NULL` or empty: no object.
    pub fn is_null(&self) -> bool {
        self.id.is_empty() || &*self.id == NULL_REF
    }

    /// The ref as on the wire (`OpaqueRef:…`).
    pub fn as_str(&self) -> &str {
        &self.id
    }

    /// Forgets the class: for code that handles refs of any class (events, the cache).
    pub fn cast<U>(&self) -> Ref<U> {
        Ref {
            id: self.id.clone(),
            _class: PhantomData,
        }
    }
}

impl<T> Default for Ref<T> {
    fn default() -> Self {
        Ref::null()
    }
}

impl<T> Clone for Ref<T> {
    fn clone(&self) -> Self {
        self.cast()
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
        serde_json::Value::String(r.id.to_string())
    }
}

impl<T> Lenient for Ref<T> {
    fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::lenient(d).map(|s| Ref::from_str_shared(&s))
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
                while let Some(k) = a.next_key::<std::borrow::Cow<'de, str>>()? {
                    let v = a.next_value::<T>()?;
                    m.insert(Ref::from_str_shared(&k), v);
                }
                Ok(Records(m))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// Every ref text alive, shared: `OpaqueRef:NULL` and each object's ref exist once however
/// many records point at it. Texts no ref holds any more are dropped when the set has doubled
/// since the last sweep, so a pool disconnected (or objects destroyed) gives its refs back.
struct Interner {
    set: HashSet<Arc<str>>,
    sweep_at: usize,
}

static INTERNER: LazyLock<Mutex<Interner>> = LazyLock::new(|| {
    Mutex::new(Interner {
        set: HashSet::new(),
        sweep_at: 1024,
    })
});

/// The shared text equal to `s`.
pub fn intern(s: &str) -> Arc<str> {
    // A panic elsewhere while holding the lock leaves the set whole: keep using it.
    let mut guard = INTERNER.lock().unwrap_or_else(|e| e.into_inner());
    let i = &mut *guard;
    if let Some(a) = i.set.get(s) {
        return a.clone();
    }
    if i.set.len() >= i.sweep_at {
        i.set.retain(|a| Arc::strong_count(a) > 1);
        let live = i.set.len();
        i.set.shrink_to(live * 2);
        i.sweep_at = (live * 2).max(1024);
    }
    let a: Arc<str> = Arc::from(s);
    i.set.insert(a.clone());
    a
}

/// How many ref texts are kept now (for tests and memory figures).
pub fn interned() -> usize {
    INTERNER.lock().map_or(0, |i| i.set.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct A;

    #[test]
    fn equal_refs_share_one_text() {
        let a: Ref<A> = Ref::new("OpaqueRef:shared-1");
        let b: Ref<A> = Ref::from_str_shared("OpaqueRef:shared-1");
        assert!(Arc::ptr_eq(&a.id, &b.id));
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "OpaqueRef:shared-1");
        let c: Ref<A> = Ref::new("OpaqueRef:other");
        assert_ne!(a, c);
        assert!(Ref::<A>::null().is_null() && Ref::<A>::new("").is_null());
    }

    #[test]
    fn decoded_records_share_the_refs_they_point_at() {
        let m: Records<Ref<A>> = serde_json::from_str(
            r#"{"OpaqueRef:k1": "OpaqueRef:NULL", "OpaqueRef:k2": "OpaqueRef:NULL"}"#,
        )
        .unwrap();
        let v: Vec<&Ref<A>> = m.0.values().collect();
        assert!(Arc::ptr_eq(&v[0].id, &v[1].id));
        assert!(m.0.contains_key("OpaqueRef:k1"));
    }

    #[test]
    fn texts_no_ref_holds_are_swept() {
        let kept: Ref<A> = Ref::new("OpaqueRef:kept-across-sweeps");
        for i in 0..5000 {
            drop(Ref::<A>::new(format!("OpaqueRef:gone-{i}")));
        }
        // Other tests run at once and add their own: the set stays far below 5,000 dropped.
        assert!(interned() < 4096, "{}", interned());
        let again: Ref<A> = Ref::new("OpaqueRef:kept-across-sweeps");
        assert!(Arc::ptr_eq(&kept.id, &again.id));
    }
}
