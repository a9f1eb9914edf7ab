//! Natural sort order ("vm2" before "vm10"), case-insensitive, as XenCenter sorts names.

use std::cmp::Ordering;

/// Compares two names, runs of digits by value.
///
/// Allocates nothing: a search over 50,000 VMs sorts its results with it (close to a million
/// comparisons), and so does every tree build.
pub fn compare(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        let (Some(x), Some(y)) = (a.chars().next(), b.chars().next()) else {
            // The shorter (a prefix of the other) first.
            return b.is_empty().cmp(&a.is_empty());
        };
        if x.is_ascii_digit() && y.is_ascii_digit() {
            let ea = a.find(|c: char| !c.is_ascii_digit()).unwrap_or(a.len());
            let eb = b.find(|c: char| !c.is_ascii_digit()).unwrap_or(b.len());
            let (ta, tb) = (
                a[..ea].trim_start_matches('0'),
                b[..eb].trim_start_matches('0'),
            );
            let ord = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
            if ord != Ordering::Equal {
                return ord;
            }
            (a, b) = (&a[ea..], &b[eb..]);
        } else {
            let ord = if x.is_ascii() && y.is_ascii() {
                x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase())
            } else {
                x.to_lowercase().cmp(y.to_lowercase())
            };
            if ord != Ordering::Equal {
                return ord;
            }
            (a, b) = (&a[x.len_utf8()..], &b[y.len_utf8()..]);
        }
    }
}

/// A key whose plain slice order is [`compare`]'s order, made once per name so that sorting
/// many names compares integers instead of decoding text each time.
///
/// Each letter is its lower-case characters, each shifted left one bit with the low bit set
/// on all but the last (so a letter whose lower case is a prefix of another's sorts first, as
/// [`compare`]'s per-letter comparison does). A run of digits is [`DIGITS`], its length without
/// leading zeros, then those digits: a digit and a letter differ at that first value (no
/// letter lower-cases to an ASCII digit), two runs by length then digits.
pub fn key(s: &str) -> Box<[u32]> {
    let mut out = Vec::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            let digits = rest[..end].trim_start_matches('0');
            out.push(DIGITS);
            out.push(u32::try_from(digits.len()).unwrap_or(u32::MAX));
            out.extend(digits.bytes().map(u32::from));
            rest = &rest[end..];
        } else {
            if c.is_ascii() {
                out.push((u32::from(c.to_ascii_lowercase()) + 1) << 1);
            } else {
                let mut lower = c.to_lowercase().peekable();
                while let Some(l) = lower.next() {
                    out.push(((u32::from(l) + 1) << 1) | u32::from(lower.peek().is_some()));
                }
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out.into_boxed_slice()
}

/// The first sixteen values of a [`key`], a byte each, in one integer: comparing two heads
/// orders two names without reading their keys (kept elsewhere in memory, so a sort that
/// reads them waits on memory), except when the heads are equal.
///
/// Order-preserving: values below 255 are themselves; from the first value of 255 or more
/// on, every byte is 255 (so two heads that both reach one compare equal, and the keys
/// decide); a short key is padded with zeros (lower than any value but a zero-length digit
/// run, and a tie the keys decide).
pub fn head(key: &[u32]) -> u128 {
    let mut h = 0u128;
    let mut full = false;
    for i in 0..16 {
        let v = match key.get(i) {
            _ if full => 255,
            Some(&v) if v >= 255 => {
                full = true;
                255
            }
            Some(&v) => v,
            None => 0,
        };
        h = (h << 8) | u128::from(v);
    }
    h
}

/// A name's place in [`compare`]'s order, made once: its [`head`], and its whole [`key`] only
/// when the head cannot stand for it (sixteen values or more, or one of 255 or more). Most
/// names (`vm-04711`) are then one integer: no allocation, and a sort reads nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    head: u128,
    rest: Option<Box<[u32]>>,
}

impl Key {
    pub fn new(s: &str) -> Key {
        let k = key(s);
        let head = head(&k);
        let whole = k.len() < 16 && k.iter().all(|v| *v < 255);
        Key {
            head,
            rest: (!whole).then_some(k),
        }
    }

    /// The key of the empty name (nothing sorts before it).
    pub fn is_empty(&self) -> bool {
        self.head == 0 && self.rest.is_none()
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> Ordering {
        self.head.cmp(&other.head).then_with(|| {
            // Equal heads where one key is whole are equal keys: a whole key's padding
            // zeros can only meet a key that ends there (after a whole token comes a letter
            // or a digit run, never 0), and a key kept for a value of 255 or more has a
            // head of 255s there, which no whole key has.
            match (&self.rest, &other.rest) {
                (Some(a), Some(b)) => a.cmp(b),
                _ => Ordering::Equal,
            }
        })
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A run of digits in a [`key`]: the place of the digit `0` among letters (any digit would
/// do: no letter sits between them).
const DIGITS: u32 = (b'0' as u32 + 1) << 1;

#[cfg(test)]
mod tests {
    use super::{Key, compare, head, key};
    use std::cmp::Ordering::*;

    /// The order as it was first written (allocating a string per run of digits): the
    /// allocation-free one must agree with it on every input.
    fn reference(a: &str, b: &str) -> std::cmp::Ordering {
        let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
        loop {
            match (a.peek().copied(), b.peek().copied()) {
                (None, None) => return Equal,
                (None, Some(_)) => return Less,
                (Some(_), None) => return Greater,
                (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                    let na: String =
                        std::iter::from_fn(|| a.next_if(char::is_ascii_digit)).collect();
                    let nb: String =
                        std::iter::from_fn(|| b.next_if(char::is_ascii_digit)).collect();
                    let (ta, tb) = (na.trim_start_matches('0'), nb.trim_start_matches('0'));
                    let ord = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
                    if ord != Equal {
                        return ord;
                    }
                }
                (Some(x), Some(y)) => {
                    let ord = x.to_lowercase().cmp(y.to_lowercase());
                    if ord != Equal {
                        return ord;
                    }
                    a.next();
                    b.next();
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_reference_order(a in "[a-cA-C0-2 .\\-éÉ\\PC]{0,10}", b in "[a-cA-C0-2 .\\-éÉ\\PC]{0,10}") {
            proptest::prop_assert_eq!(compare(&a, &b), reference(&a, &b));
            proptest::prop_assert_eq!(compare(&a, &a), Equal);
        }

        #[test]
        fn keys_order_as_compare_does(a in "[a-cA-C0-2 .\\-éÉİß\u{307}\\PC]{0,10}", b in "[a-cA-C0-2 .\\-éÉİß\u{307}\\PC]{0,10}") {
            proptest::prop_assert_eq!(key(&a).cmp(&key(&b)), compare(&a, &b));
        }

        /// A [`Key`] orders names as [`compare`] does, short and long ones alike.
        #[test]
        fn key_structs_order_as_compare_does(a in "[a-bA0-1 \\-é\\PC]{0,20}", b in "[a-bA0-1 \\-é\\PC]{0,20}") {
            proptest::prop_assert_eq!(Key::new(&a).cmp(&Key::new(&b)), compare(&a, &b));
        }

        /// Two heads that differ order their names as the keys do.
        #[test]
        fn heads_that_differ_order_as_keys_do(a in "[a-cA-C0-2 ~\\-éÉİ\u{7f}\\PC]{0,20}", b in "[a-cA-C0-2 ~\\-éÉİ\u{7f}\\PC]{0,20}") {
            let (ka, kb) = (key(&a), key(&b));
            let (ha, hb) = (head(&ka), head(&kb));
            if ha != hb {
                proptest::prop_assert_eq!(ha.cmp(&hb), ka.cmp(&kb));
            }
        }
    }

    #[test]
    fn keys_of_tricky_names_order_as_compare() {
        let names = [
            "",
            "a",
            "A",
            "a0",
            "a00",
            "a1",
            "a01",
            "a10",
            "a9",
            "a-1",
            "a 1",
            "İ",
            "i",
            "i\u{307}",
            "i\u{307}x",
            "İx",
            "ß",
            "ss",
            "vm-04711",
            "vm-4711",
            "vm-04710x",
            "9",
            "0",
            "00",
            "x007",
            "x7",
            "x7a",
            "1a",
            "a1b2",
            "a1b10",
            "\u{1F600}",
            "Éa",
            "éb",
        ];
        let long = "a-very-long-name-of-a-vm-01";
        let names: Vec<&str> = names
            .into_iter()
            .chain([
                long,
                "a-very-long-name-of-a-vm-1",
                "a-very-long-name-of-a-vm-02",
                "0000",
            ])
            .collect();
        for a in &names {
            for b in &names {
                assert_eq!(key(a).cmp(&key(b)), compare(a, b), "{a:?} vs {b:?}");
                assert_eq!(
                    Key::new(a).cmp(&Key::new(b)),
                    compare(a, b),
                    "{a:?} vs {b:?}"
                );
            }
        }
        assert!(Key::new("").is_empty() && !Key::new("0").is_empty());
    }

    #[test]
    fn numbers_sort_by_value_and_letters_ignore_case() {
        assert_eq!(compare("vm2", "vm10"), Less);
        assert_eq!(compare("VM10", "vm9"), Greater);
        assert_eq!(compare("a", "B"), Less);
        assert_eq!(compare("x007", "x7"), Equal);
        let mut v = vec!["host-10", "host-2", "Host-1"];
        v.sort_by(|a, b| compare(a, b));
        assert_eq!(v, ["Host-1", "host-2", "host-10"]);
    }
}
