//! The JSON reply's legend and rows decoded under limits, as serde_json reads them: a reply
//! with more than a graph can show is refused at the first value past the limit, before the
//! rest is decoded. Which limit was hit travels beside serde's error (its errors are text),
//! in a thread-local the decoder reads back.

use super::RrdError;
use super::decode::{MAX_COLUMNS, MAX_ROWS, MAX_TEXT, MAX_VALUES, Num};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use std::cell::Cell;
use std::fmt;

thread_local! {
    /// Values still allowed in the reply being decoded.
    static VALUES_LEFT: Cell<usize> = const { Cell::new(0) };
    /// The legend's length once read: each row's values are allocated at that width.
    static WIDTH: Cell<usize> = const { Cell::new(0) };
    /// The limit that stopped decoding, if one did.
    static HIT: Cell<Option<(&'static str, usize)>> = const { Cell::new(None) };
}

/// Why a reply was not decoded.
pub(super) enum Refused {
    /// It holds more than a graph shows.
    Limit(RrdError),
    /// It does not parse.
    Parse(serde_json::Error),
}

/// Runs one serde_json decode under fresh limits.
pub(super) fn run<T>(f: impl FnOnce() -> serde_json::Result<T>) -> Result<T, Refused> {
    VALUES_LEFT.set(MAX_VALUES);
    WIDTH.set(0);
    HIT.set(None);
    f().map_err(|e| match HIT.take() {
        Some((what, limit)) => Refused::Limit(RrdError::TooLarge { what, limit }),
        None => Refused::Parse(e),
    })
}

fn refuse<E: de::Error>(what: &'static str, limit: usize) -> E {
    HIT.set(Some((what, limit)));
    E::custom(format!("more {what} than {limit}"))
}

/// The legend, at most [`MAX_COLUMNS`] entries of at most [`MAX_TEXT`] bytes.
#[derive(Default)]
pub(super) struct Legend(pub(super) Vec<String>);

impl<'de> de::Deserialize<'de> for Legend {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Legend;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of legend entries")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Legend, A::Error> {
                let mut v = Vec::new();
                while let Some(Entry(e)) = a.next_element()? {
                    if v.len() == MAX_COLUMNS {
                        return Err(refuse("legend entries", MAX_COLUMNS));
                    }
                    v.push(e);
                }
                WIDTH.set(v.len());
                Ok(Legend(v))
            }
        }
        d.deserialize_seq(V)
    }
}

/// A legend entry, its length checked before it is copied.
struct Entry(String);

impl<'de> de::Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a legend entry")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Entry, E> {
                if s.len() > MAX_TEXT {
                    return Err(refuse("bytes in a legend entry", MAX_TEXT));
                }
                Ok(Entry(s.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

/// The rows, at most [`MAX_ROWS`], holding at most [`MAX_VALUES`] values in all.
#[derive(Default)]
pub(super) struct Rows(pub(super) Vec<(f64, Vec<f64>)>);

impl<'de> de::Deserialize<'de> for Rows {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Rows;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of rows")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Rows, A::Error> {
                let mut rows = Vec::new();
                while let Some(row) = a.next_element::<RowJson>()? {
                    if rows.len() == MAX_ROWS {
                        return Err(refuse("rows", MAX_ROWS));
                    }
                    rows.push((row.t.0, row.values.0));
                }
                Ok(Rows(rows))
            }
        }
        d.deserialize_seq(V)
    }
}

#[derive(serde::Deserialize)]
struct RowJson {
    t: Num,
    #[serde(default)]
    values: Values,
}

/// One row's values, counted against the reply's [`MAX_VALUES`].
#[derive(Default)]
struct Values(Vec<f64>);

impl<'de> de::Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(ValuesSeed)
    }
}

struct ValuesSeed;

impl<'de> Visitor<'de> for ValuesSeed {
    type Value = Values;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of values")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Values, A::Error> {
        // The legend's width when it came first (xapi writes it first): no regrowing.
        let mut v = Vec::with_capacity(WIDTH.get().min(VALUES_LEFT.get()));
        while let Some(Num(x)) = a.next_element()? {
            let left = VALUES_LEFT.get();
            if left == 0 {
                return Err(refuse("values", MAX_VALUES));
            }
            VALUES_LEFT.set(left - 1);
            v.push(x);
        }
        Ok(Values(v))
    }
}
