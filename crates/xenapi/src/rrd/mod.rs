//! Performance data from the hosts' `/rrd_updates` handler (xcp-rrdd behind xapi): decoding
//! both reply formats, keeping series, and fetching them.
//!
//! - [`decode`](mod@decode): the JSON reply (values as strings, `"NaN"`, `"Infinity"` and `"-Infinity"`
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
mod limits;
pub mod store;

pub use decode::{decode, decode_json, decode_xml};
pub use fetch::{FetchError, Format, RrdQuery, first_start, rrd_updates};
pub use store::{Series, Store};

use std::fmt;

/// The consolidation function of an archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cf {
    /// `AVERAGE`: the mean over each step.
    Average,
    /// `MIN`: the lowest value in each step.
    Min,
    /// `MAX`: the highest value in each step.
    Max,
    /// `LAST`: the last value in each step.
    Last,
}

impl Cf {
    /// Every consolidation function.
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

    /// The CF for xapi's spelling (`AVERAGE`, ...), upper case only.
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
    /// `host`: the host's own data sources (CPUs, memory, PIFs, ...).
    Host,
    /// `vm`: a VM's data sources (vCPUs, memory, VIFs, VBDs, ...).
    Vm,
    /// `sr`: an SR's data sources (returned only when asked for by `sr_uuid`).
    Sr,
}

impl ObjectKind {
    /// The legend's spelling: `host`, `vm` or `sr`.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Host => "host",
            ObjectKind::Vm => "vm",
            ObjectKind::Sr => "sr",
        }
    }

    /// The kind for the legend's spelling, lower case only.
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
    /// How the archive consolidated the values.
    pub cf: Cf,
    /// Whose data source it is.
    pub kind: ObjectKind,
    /// The UUID of that host, VM or SR.
    pub uuid: String,
    /// The data source's name (`cpu0`, `memory_free_kib`, `vif_0_rx`, ...).
    pub ds: String,
}

impl SeriesKey {
    /// The key of data source `ds` of object `uuid`.
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
    /// The start of the time range the reply covers, in epoch seconds (`meta.start`).
    pub start: i64,
    /// Seconds between rows (the archive chosen by `interval`).
    pub step: i64,
    /// The newest row's time: the next poll's `start`.
    pub end: i64,
    /// The series, in the legend's order.
    pub columns: Vec<SeriesKey>,
    /// Oldest first (the wire has them newest first).
    pub rows: Vec<Row>,
}

/// The values of every column at one time.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Seconds since the epoch.
    pub t: i64,
    /// One value per column (NaN where the host had none).
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
    /// The JSON reply does not parse, even relaxed (serde_json's message).
    #[error("not valid JSON: {0}")]
    Json(String),
    /// The XML reply does not parse or is cut short.
    #[error("not valid XML: {0}")]
    Xml(String),
    /// The XML nests deeper than [`decode::MAX_XML_DEPTH`].
    #[error("elements nested deeper than {0} levels")]
    TooDeep(usize),
    /// A required element or field is absent (`xport`, `start`, `step`, `end`).
    #[error("no <{0}> in the reply")]
    Missing(&'static str),
    /// A value that should be a number, or a whole number, is not.
    #[error("{field}: {text:?} is not a number")]
    Number {
        /// The element or field (`start`, `t`, `v`, ...).
        field: &'static str,
        /// What it held.
        text: String,
    },
    /// A legend entry is not `CF:kind:uuid:ds`.
    #[error("legend entry {0:?} is not CF:host|vm|sr:uuid:name")]
    Legend(String),
    /// `meta.columns` disagrees with the legend's length.
    #[error("meta says {declared} columns, the legend has {legend}")]
    Columns {
        /// The count `meta.columns` gives.
        declared: i64,
        /// The legend's length.
        legend: usize,
    },
    /// A row has more or fewer values than there are columns.
    #[error("row at {t} has {got} values for {expected} columns")]
    RowWidth {
        /// The row's time.
        t: i64,
        /// Values in the row.
        got: usize,
        /// Columns in the legend.
        expected: usize,
    },
    /// The reply holds more than a graph can show ([`decode::MAX_ROWS`],
    /// [`decode::MAX_VALUES`]): refused as it is read, before it is all decoded.
    #[error("more {what} than the {limit} a graph can show")]
    TooLarge {
        /// What there is too much of: "rows", "values", "legend entries"…
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// The reply is neither JSON nor XML.
    #[error("neither JSON nor XML (content type {0:?})")]
    UnknownFormat(String),
}

#[cfg(test)]
mod tests;
