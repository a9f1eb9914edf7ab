//! Performance data from the hosts' `/rrd_updates` handler (xcp-rrdd behind xapi): decoding
//! both reply formats, keeping series, and fetching them.
//!
//! - [`decode`]: the JSON reply (values as strings, `"NaN"`, `"Infinity"` and `"-Infinity"`
//!   included; older hosts wrote bare numbers and bare `NaN`) and the rrdtool "xport" XML.
//!   Legend entries `CF:kind:uuid:ds` become [`SeriesKey`]s; rows, newest first on the wire,
//!   are kept oldest first.
//! - [`store`]: per-series ring buffers that incremental updates merge into by timestamp,
//!   and values derived from named sources of one object at one timestamp (memory used =
//!   total − free), never from column positions: pairing by position is what inverted
//!   XCP-ng Center's memory graphs.
//! - [`fetch`]: `GET /rrd_updates` on one host, over the project's transport (TLS pinning,
//!   deadline, reply cap). Each host answers only for itself and its resident VMs.

pub mod decode;
pub mod fetch;
pub mod store;

pub use decode::{decode, decode_json, decode_xml};
pub use fetch::{FetchError, Format, RrdQuery, rrd_updates};
pub use store::{Series, Store};

use std::fmt;

/// The consolidation function of an archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cf {
    Average,
    Min,
    Max,
    Last,
}

impl Cf {
    pub const ALL: [Cf; 4] = [Cf::Average, Cf::Min, Cf::Max, Cf::Last];

    /// xapi's spelling, as in the legend and the `cf` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Cf::Average => "AVERAGE",
            Cf::Min => "MIN",
            Cf::Max => "MAX",
            Cf::Last => "LAST",
        }
    }

    pub fn parse(s: &str) -> Option<Cf> {
        Cf::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Cf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whose data source a column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectKind {
    Host,
    Vm,
    Sr,
}

impl ObjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Host => "host",
            ObjectKind::Vm => "vm",
            ObjectKind::Sr => "sr",
        }
    }

    pub fn parse(s: &str) -> Option<ObjectKind> {
        match s {
            "host" => Some(ObjectKind::Host),
            "vm" => Some(ObjectKind::Vm),
            "sr" => Some(ObjectKind::Sr),
            _ => None,
        }
    }
}

/// One series: a legend entry `CF:kind:uuid:ds`, typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SeriesKey {
    pub cf: Cf,
    pub kind: ObjectKind,
    pub uuid: String,
    /// The data source's name (`cpu0`, `memory_free_kib`, `vif_0_rx`, ...).
    pub ds: String,
}

impl SeriesKey {
    pub fn new(cf: Cf, kind: ObjectKind, uuid: impl Into<String>, ds: impl Into<String>) -> Self {
        SeriesKey {
            cf,
            kind,
            uuid: uuid.into(),
            ds: ds.into(),
        }
    }

    /// Reads a legend entry. A data source name may itself hold colons, so the fourth part
    /// runs to the end.
    pub fn parse(entry: &str) -> Result<SeriesKey, RrdError> {
        let bad = || RrdError::Legend(entry.to_string());
        let mut parts = entry.splitn(4, ':');
        let (Some(cf), Some(kind), Some(uuid), Some(ds)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if uuid.is_empty() || ds.is_empty() {
            return Err(bad());
        }
        Ok(SeriesKey {
            cf: Cf::parse(cf).ok_or_else(bad)?,
            kind: ObjectKind::parse(kind).ok_or_else(bad)?,
            uuid: uuid.to_string(),
            ds: ds.to_string(),
        })
    }
}

impl fmt::Display for SeriesKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (cf, kind) = (self.cf.as_str(), self.kind.as_str());
        write!(f, "{cf}:{kind}:{}:{}", self.uuid, self.ds)
    }
}

/// One decoded reply: `columns[i]` names `rows[_].values[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    pub start: i64,
    /// Seconds between rows (the archive chosen by `interval`).
    pub step: i64,
    /// The newest row's time: the next poll's `start`.
    pub end: i64,
    pub columns: Vec<SeriesKey>,
    /// Oldest first (the wire has them newest first).
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Seconds since the epoch.
    pub t: i64,
    pub values: Vec<f64>,
}

impl Update {
    /// The column of a series, if the reply has it.
    pub fn column(&self, key: &SeriesKey) -> Option<usize> {
        self.columns.iter().position(|c| c == key)
    }
}

/// Why a reply could not be decoded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RrdError {
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("not valid XML: {0}")]
    Xml(String),
    #[error("elements nested deeper than {0} levels")]
    TooDeep(usize),
    #[error("no <{0}> in the reply")]
    Missing(&'static str),
    #[error("{field}: {text:?} is not a number")]
    Number { field: &'static str, text: String },
    #[error("legend entry {0:?} is not CF:host|vm|sr:uuid:name")]
    Legend(String),
    #[error("meta says {declared} columns, the legend has {legend}")]
    Columns { declared: i64, legend: usize },
    #[error("row at {t} has {got} values for {expected} columns")]
    RowWidth { t: i64, got: usize, expected: usize },
    #[error("neither JSON nor XML (content type {0:?})")]
    UnknownFormat(String),
    #[error("an update with step {got} s given to a store of step {expected} s")]
    StepMismatch { expected: i64, got: i64 },
}

#[cfg(test)]
mod tests;
