//! A search's results across every connected pool: which objects match, their columns, the
//! order a header click asks for, and the CSV and JSON a user exports.

use super::eval::{self, Obj, PoolCtx};
use super::query::{KINDS, Kind, Power, Query};
use crate::model::natural;
use crate::model::tree::Node;
use std::borrow::Cow;
use std::cmp::Ordering;

/// A column of the results table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    Name,
    Type,
    Pool,
    Host,
    Power,
    Cpus,
    Memory,
    Ip,
    Tags,
    /// A XenCenter custom field, by name.
    Custom(String),
}

impl Column {
    /// The columns shown before the user picks others.
    pub const DEFAULT: [Column; 9] = [
        Column::Name,
        Column::Type,
        Column::Pool,
        Column::Host,
        Column::Power,
        Column::Cpus,
        Column::Memory,
        Column::Ip,
        Column::Tags,
    ];

    /// The header in exported files: stable, untranslated, so scripts can read them.
    pub fn key(&self) -> String {
        match self {
            Column::Name => "name".into(),
            Column::Type => "type".into(),
            Column::Pool => "pool".into(),
            Column::Host => "host".into(),
            Column::Power => "power".into(),
            Column::Cpus => "vcpus".into(),
            Column::Memory => "memory_bytes".into(),
            Column::Ip => "ip".into(),
            Column::Tags => "tags".into(),
            Column::Custom(n) => format!("cf:{n}"),
        }
    }
}

/// One matching object, with what its columns show.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Its pool's index in the list the search ran over.
    pub pool: usize,
    pub node: Node,
    pub kind: Kind,
    pub name: String,
    pub pool_name: String,
    pub host: String,
    pub power: Option<Power>,
    pub cpus: Option<u64>,
    pub memory: Option<u64>,
    pub ips: Vec<String>,
    pub tags: Vec<String>,
    /// Custom field values, by name.
    pub custom: Vec<(String, String)>,
}

/// A match as the results keep it: which object of which pool, and what it sorts by. No
/// cell text: the table builds the cells of the rows it draws ([`row`]), so a keystroke
/// that matches 50,000 objects copies out no names.
#[derive(Debug, Clone)]
pub struct Found {
    /// Its pool's index in the list the search ran over.
    pub pool: usize,
    pub node: Node,
    pub kind: Kind,
    /// The name's place in the natural order, made once per match so sorting compares no
    /// text (most names: one integer).
    name: natural::Key,
    /// The sort column's cell, when the sort is not by name.
    by: Sorted,
}

/// A sort column's cell, ready to compare.
#[derive(Debug, Clone)]
enum Sorted {
    /// Sorted by name: the name key is the cell.
    Name,
    Empty,
    Number(u64),
    Text(natural::Key),
}

/// The objects of `pools` that match `q`, in the order [`order`] starts from (the same as
/// [`run`]'s).
pub fn find(pools: &[PoolCtx<'_>], q: &Query) -> Vec<Found> {
    let mut out = Vec::new();
    for (i, ctx) in pools.iter().enumerate() {
        for o in eval::objects(ctx.cache).filter(|o| q.matches(ctx, o)) {
            out.push(Found {
                pool: i,
                node: o.node(),
                kind: o.kind(),
                name: natural::Key::new(o.name()),
                by: Sorted::Name,
            });
        }
    }
    out
}

/// Orders matches as [`sort`] orders their rows: by a column (numbers by value, text
/// naturally, empty cells last either way), ties by name then pool. Sorting by name builds
/// nothing; another column reads each match's cell once first.
pub fn order(found: &mut [Found], pools: &[PoolCtx<'_>], by: &Column, ascending: bool) {
    for f in found.iter_mut() {
        f.by = match by {
            Column::Name => Sorted::Name,
            c => {
                let custom = match c {
                    Column::Custom(n) => std::slice::from_ref(n),
                    _ => &[],
                };
                match pools.get(f.pool).and_then(|ctx| row(ctx, f, custom)) {
                    None => Sorted::Empty,
                    Some(h) => match h.number(c) {
                        Some(Some(n)) => Sorted::Number(n),
                        Some(None) => Sorted::Empty,
                        None => {
                            let t = h.text(c);
                            if t.is_empty() {
                                Sorted::Empty
                            } else {
                                Sorted::Text(natural::Key::new(&t))
                            }
                        }
                    },
                }
            }
        };
    }
    found.sort_by(|a, b| {
        let primary = match (&a.by, &b.by) {
            (Sorted::Name, Sorted::Name) => match (a.name.is_empty(), b.name.is_empty()) {
                (false, true) => return Ordering::Less,
                (true, false) => return Ordering::Greater,
                _ => by_name(a, b),
            },
            (Sorted::Empty, Sorted::Empty) => Ordering::Equal,
            (_, Sorted::Empty) => return Ordering::Less,
            (Sorted::Empty, _) => return Ordering::Greater,
            (Sorted::Number(x), Sorted::Number(y)) => x.cmp(y),
            (Sorted::Text(x), Sorted::Text(y)) => x.cmp(y),
            _ => Ordering::Equal,
        };
        let primary = if ascending {
            primary
        } else {
            primary.reverse()
        };
        primary
            .then_with(|| by_name(a, b))
            .then_with(|| a.pool.cmp(&b.pool))
    });
}

fn by_name(a: &Found, b: &Found) -> Ordering {
    a.name.cmp(&b.name)
}

/// A match's row (every cell), from its pool's records as they are now; `None` when the
/// object has gone since the search ran.
pub fn row(ctx: &PoolCtx<'_>, f: &Found, custom: &[String]) -> Option<Hit> {
    eval::obj_of(ctx.cache, &f.node).map(|o| hit(f.pool, ctx, &o, custom))
}

/// Every match's row, in order (exports); matches whose object has gone are left out.
pub fn rows(pools: &[PoolCtx<'_>], found: &[Found], custom: &[String]) -> Vec<Hit> {
    found
        .iter()
        .filter_map(|f| row(pools.get(f.pool)?, f, custom))
        .collect()
}

/// The objects of `pools` that match `q` with every cell built; `custom` names the custom
/// fields to read. [`find`] and [`row`] do the same for what is shown; this is the whole
/// build, for a handful of objects or as the reference the cheaper path is checked against.
pub fn run(pools: &[PoolCtx<'_>], q: &Query, custom: &[String]) -> Vec<Hit> {
    let mut out = Vec::new();
    for (i, ctx) in pools.iter().enumerate() {
        for o in eval::objects(ctx.cache).filter(|o| q.matches(ctx, o)) {
            out.push(hit(i, ctx, &o, custom));
        }
    }
    out
}

/// How many objects match (the count a keystroke needs, without copying any).
pub fn count(pools: &[PoolCtx<'_>], q: &Query) -> usize {
    pools
        .iter()
        .map(|ctx| {
            eval::objects(ctx.cache)
                .filter(|o| q.matches(ctx, o))
                .count()
        })
        .sum()
}

fn hit(pool: usize, ctx: &PoolCtx<'_>, o: &Obj<'_>, custom: &[String]) -> Hit {
    let cache = ctx.cache;
    Hit {
        pool,
        node: o.node(),
        kind: o.kind(),
        name: o.name().to_string(),
        pool_name: ctx.name.clone(),
        host: o
            .host(cache)
            .map(|h| h.name_label.clone())
            .unwrap_or_default(),
        power: o.power(),
        cpus: o.cpus(),
        memory: o.memory(cache),
        ips: o.ips(cache).map(str::to_string).collect(),
        tags: o.tags().to_vec(),
        custom: custom
            .iter()
            .map(|n| {
                let v = eval::custom_field(o.other_config(), n).unwrap_or_default();
                (n.clone(), v.to_string())
            })
            .collect(),
    }
}

pub fn kind_key(k: Kind) -> &'static str {
    KINDS.iter().find(|(_, x)| *x == k).map_or("", |(s, _)| s)
}

pub fn power_key(p: Power) -> &'static str {
    match p {
        Power::Running => "running",
        Power::Halted => "halted",
        Power::Suspended => "suspended",
        Power::Paused => "paused",
    }
}

impl Hit {
    /// A cell as text, for exports and for sorting text columns (borrowed where it can be:
    /// a sort compares cells many times).
    pub fn text(&self, c: &Column) -> Cow<'_, str> {
        match c {
            Column::Name => Cow::Borrowed(&self.name),
            Column::Type => Cow::Borrowed(kind_key(self.kind)),
            Column::Pool => Cow::Borrowed(&self.pool_name),
            Column::Host => Cow::Borrowed(&self.host),
            Column::Power => Cow::Borrowed(self.power.map(power_key).unwrap_or_default()),
            Column::Cpus => self.cpus.map(|n| n.to_string()).unwrap_or_default().into(),
            Column::Memory => self
                .memory
                .map(|n| n.to_string())
                .unwrap_or_default()
                .into(),
            Column::Ip => self.ips.join(" ").into(),
            Column::Tags => self.tags.join(", ").into(),
            Column::Custom(n) => Cow::Borrowed(
                self.custom
                    .iter()
                    .find(|(k, _)| k == n)
                    .map_or("", |(_, v)| v.as_str()),
            ),
        }
    }

    fn number(&self, c: &Column) -> Option<Option<u64>> {
        match c {
            Column::Cpus => Some(self.cpus),
            Column::Memory => Some(self.memory),
            _ => None,
        }
    }
}

/// Orders hits by a column (numbers by value, text naturally; empty cells last either way), ties by
/// name then pool, so the order is the same every time. Built rows only: [`order`] sorts
/// matches without building them.
pub fn sort(hits: &mut [Hit], by: &Column, ascending: bool) {
    hits.sort_by(|a, b| {
        let primary = match (a.number(by), b.number(by)) {
            (Some(x), Some(y)) => match (x, y) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => return Ordering::Less,
                (None, Some(_)) => return Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            _ => {
                let (x, y) = (a.text(by), b.text(by));
                match (x.is_empty(), y.is_empty()) {
                    (false, true) => return Ordering::Less,
                    (true, false) => return Ordering::Greater,
                    _ => natural::compare(&x, &y),
                }
            }
        };
        let primary = if ascending {
            primary
        } else {
            primary.reverse()
        };
        primary
            .then_with(|| natural::compare(&a.name, &b.name))
            .then_with(|| a.pool.cmp(&b.pool))
    });
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(char::is_whitespace) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A list of tags as one cell: itself an RFC 4180 record (each tag quoted when it holds a
/// comma, a quote or a line break), so a tag like `eu, west` stays one tag when the cell is
/// split again; a plain `a, b` join could not say where a tag ends.
fn list_cell(items: &[String]) -> String {
    items
        .iter()
        .map(|t| csv_field(t))
        .collect::<Vec<_>>()
        .join(",")
}

/// RFC 4180 CSV: a header of column keys, then one line per hit. The `tags` cell holds the
/// tags as a CSV record of their own (see [`list_cell`]).
pub fn to_csv(hits: &[Hit], columns: &[Column]) -> String {
    let mut out = String::new();
    let header: Vec<String> = columns.iter().map(|c| csv_field(&c.key())).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for h in hits {
        let line: Vec<String> = columns
            .iter()
            .map(|c| match c {
                Column::Tags => csv_field(&list_cell(&h.tags)),
                c => csv_field(&h.text(c)),
            })
            .collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A JSON array with one object per hit, keyed by column key; numbers as numbers, lists
/// (IPs, tags) as arrays, missing values as null.
pub fn to_json(hits: &[Hit], columns: &[Column]) -> String {
    use serde_json::{Map, Value};
    let rows: Vec<Value> = hits
        .iter()
        .map(|h| {
            let mut m = Map::new();
            for c in columns {
                let v = match c {
                    Column::Cpus => h.cpus.map_or(Value::Null, Value::from),
                    Column::Memory => h.memory.map_or(Value::Null, Value::from),
                    Column::Power => h.power.map_or(Value::Null, |p| power_key(p).into()),
                    Column::Ip => h.ips.clone().into(),
                    Column::Tags => h.tags.clone().into(),
                    c => h.text(c).into_owned().into(),
                };
                m.insert(c.key(), v);
            }
            Value::Object(m)
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into())
}
