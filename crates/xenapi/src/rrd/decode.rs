//! Decoding `/rrd_updates` replies: JSON (xapi ≥ 23.17 by `json=true` or `Accept`) and the
//! rrdtool "xport" XML older hosts answer with. Replies come from hosts we do not control:
//! every failure is an [`RrdError`], never a panic, nesting is bounded (serde_json's 128
//! levels, [`MAX_XML_DEPTH`] here) and the size is the transport's reply cap. What is kept
//! is what graphs can show ([`MAX_ROWS`], [`MAX_VALUES`], [`MAX_COLUMNS`], [`MAX_TEXT`]),
//! counted as the reply is read, so decoding never needs more than the reply's size again;
//! a reply past a limit is refused with [`RrdError::TooLarge`].

use super::{Row, RrdError, SeriesKey, Update};
use quick_xml::Reader;
use quick_xml::events::Event;
use serde::Deserialize;

/// More rows than any of xcp-rrdd's archives holds (120, 120, 168, 366), and more points than
/// a graph has pixels across.
pub const MAX_ROWS: usize = 4096;
/// Columns × rows kept from one reply (64 MiB of values): what graphs can show, not what a
/// host could send under the 1 GiB reply cap.
pub const MAX_VALUES: usize = 8 << 20;

/// An xport document is 4 elements deep; anything much deeper is not one.
pub const MAX_XML_DEPTH: usize = 32;
/// Legend entries kept (a host with a thousand VMs has some tens of thousands).
pub const MAX_COLUMNS: usize = 1 << 16;
/// The longest legend entry, time or value text (`AVERAGE:vm:<uuid>:<name>` is under 100).
pub const MAX_TEXT: usize = 1024;

use super::limits::{self, Legend, Refused, Rows};

/// Decodes a reply by its content type, or by its first character when the host sent none
/// (xcp-rrdd before 23.17 sent no content type with JSON).
pub fn decode(content_type: &str, body: &[u8]) -> Result<Update, RrdError> {
    let ct = content_type.to_ascii_lowercase();
    if ct.contains("json") {
        return decode_json(body);
    }
    if ct.contains("xml") {
        return decode_xml(body);
    }
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => decode_json(body),
        Some(b'<') => decode_xml(body),
        _ => Err(RrdError::UnknownFormat(content_type.to_string())),
    }
}

/// A number as the JSON reply holds it: a string (`"0.0123"`, `"NaN"`, `"-Infinity"`) or,
/// from older hosts, a bare number.
#[derive(Debug, Clone, Copy)]
pub(super) struct Num(pub(super) f64);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Num;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, or a number in a string")
            }
            fn visit_f64<E>(self, v: f64) -> Result<Num, E> {
                Ok(Num(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Num, E> {
                Ok(Num(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Num, E> {
                Ok(Num(v as f64))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Num, E> {
                parse_float(v)
                    .map(Num)
                    .ok_or_else(|| E::custom(format!("{v:?}")))
            }
        }
        d.deserialize_any(V)
    }
}

/// xapi's `f_to_s` spellings, and Rust's (which also reads `inf`, `nan`, any case).
fn parse_float(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok()
}

/// The rows sit beside `meta` (as in the XML), or inside it: xapi-rrd 1.10.0 until xapi
/// v24.11.0 (upstream commit f60c526a28) wrote `{"meta": {..., "data": [...]}}`. Both are
/// read; a reply with neither is an error, not a graph with no rows.
#[derive(Deserialize)]
struct JsonReply {
    meta: JsonMeta,
    data: Option<Rows>,
}

#[derive(Deserialize)]
struct JsonMeta {
    start: Num,
    step: Num,
    end: Num,
    #[serde(default)]
    columns: Option<Num>,
    #[serde(default)]
    legend: Legend,
    data: Option<Rows>,
}

/// The largest reply the relaxed reading (older hosts' bare `NaN`) copies: a real one is a
/// few megabytes, and the copy must not double a huge reply.
const MAX_RELAXED: usize = 16 << 20;

/// Decodes the JSON reply. Strict JSON first; failing that, the JavaScript-like text of
/// older hosts (bare `NaN`/`Infinity`, unquoted keys) is made JSON and tried again.
pub fn decode_json(body: &[u8]) -> Result<Update, RrdError> {
    let reply: JsonReply = match limits::run(|| serde_json::from_slice(body)) {
        Ok(r) => r,
        Err(Refused::Limit(e)) => return Err(e),
        Err(Refused::Parse(first)) if body.len() <= MAX_RELAXED => {
            let text = String::from_utf8_lossy(body);
            let relaxed = relax(&text);
            drop(text);
            match limits::run(|| serde_json::from_str(&relaxed)) {
                Ok(r) => r,
                Err(Refused::Limit(e)) => return Err(e),
                Err(Refused::Parse(_)) => return Err(RrdError::Json(first.to_string())),
            }
        }
        Err(Refused::Parse(first)) => return Err(RrdError::Json(first.to_string())),
    };
    let JsonReply { meta: m, data } = reply;
    let Some(rows) = data.or(m.data) else {
        return Err(RrdError::Missing("data"));
    };
    build(
        m.start.0,
        m.step.0,
        m.end.0,
        m.columns.map(|c| c.0),
        &m.legend.0,
        rows.0.into_iter(),
    )
}

/// Makes the JavaScript-like JSON of older hosts strict: bare words outside strings
/// (`NaN`, `-Infinity`, unquoted keys) are quoted; `true`, `false` and `null` are kept.
fn relax(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'"' {
            // Copy the string whole, escapes included.
            let start = i;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(b.len());
            out.push_str(&text[start..i]);
        } else if c.is_ascii_digit() || c == b'.' {
            let start = i;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'+' | b'-'))
            {
                i += 1;
            }
            out.push_str(&text[start..i]);
        } else if c.is_ascii_alphabetic() || c == b'_' || (c == b'-' && next_is_word(b, i + 1)) {
            let start = i;
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let word = &text[start..i];
            if matches!(word, "true" | "false" | "null") {
                out.push_str(word);
            } else {
                out.push('"');
                out.push_str(word);
                out.push('"');
            }
        } else {
            // Any other byte, copied with the rest of its UTF-8 character.
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&text[i..i + len]);
            i += len;
        }
    }
    out
}

fn next_is_word(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(|c| c.is_ascii_alphabetic())
}

/// What the XML reader collected: the meta as text, the rows as numbers (read as they come,
/// under the same limits as JSON).
#[derive(Default)]
struct XmlParts {
    start: Option<String>,
    step: Option<String>,
    end: Option<String>,
    columns: Option<String>,
    legend: Vec<String>,
    rows: Vec<(f64, Vec<f64>)>,
    values: usize,
}

fn xml_number(field: &'static str, s: &str) -> Result<f64, RrdError> {
    parse_float(s).ok_or_else(|| RrdError::Number {
        field,
        text: s.to_string(),
    })
}

/// Decodes the rrdtool xport XML, streaming (a year of 5-second rows need not be a tree).
pub fn decode_xml(body: &[u8]) -> Result<Update, RrdError> {
    let text = std::str::from_utf8(body).map_err(|e| RrdError::Xml(e.to_string()))?;
    let mut reader = Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut parts = XmlParts::default();
    let mut buf = String::new();
    let mut seen_root = false;
    let err = |r: &Reader<&[u8]>, m: String| {
        let (l, c) = super::super::xmltree::line_col(text, r.buffer_position() as usize);
        RrdError::Xml(format!("line {l}, column {c}: {m}"))
    };
    loop {
        match reader
            .read_event()
            .map_err(|e| err(&reader, e.to_string()))?
        {
            Event::Start(s) => {
                if path.len() >= MAX_XML_DEPTH {
                    return Err(RrdError::TooDeep(MAX_XML_DEPTH));
                }
                let name = s.name().as_ref().to_string();
                if path.is_empty() {
                    if seen_root || name != "xport" {
                        return Err(err(&reader, format!("unexpected <{name}>")));
                    }
                    seen_root = true;
                }
                if path_is(&path, &["xport", "data"]) && name == "row" {
                    if parts.rows.len() == MAX_ROWS {
                        return Err(too_large("rows", MAX_ROWS));
                    }
                    let width = parts.legend.len().min(MAX_VALUES - parts.values);
                    parts.rows.push((f64::NAN, Vec::with_capacity(width)));
                }
                path.push(name);
                buf.clear();
            }
            Event::Empty(s) if path.is_empty() => {
                let name = s.name().as_ref().to_string();
                if seen_root || name != "xport" {
                    return Err(err(&reader, format!("unexpected <{name}/>")));
                }
                seen_root = true;
            }
            Event::Empty(s) => {
                // An empty <v/> is a value missing: keep the row's width so it is caught.
                if path_is(&path, &["xport", "data", "row"])
                    && s.name().as_ref() == "v"
                    && parts.rows.last_mut().is_some()
                {
                    return Err(RrdError::Number {
                        field: "v",
                        text: String::new(),
                    });
                }
            }
            Event::End(_) => {
                let leaf = std::mem::take(&mut buf);
                let p: Vec<&str> = path.iter().map(String::as_str).collect();
                match p.as_slice() {
                    ["xport", "meta", "start"] => parts.start = Some(leaf),
                    ["xport", "meta", "step"] => parts.step = Some(leaf),
                    ["xport", "meta", "end"] => parts.end = Some(leaf),
                    ["xport", "meta", "columns"] => parts.columns = Some(leaf),
                    ["xport", "meta", "legend", "entry"] => {
                        if parts.legend.len() == MAX_COLUMNS {
                            return Err(too_large("legend entries", MAX_COLUMNS));
                        }
                        parts.legend.push(leaf)
                    }
                    ["xport", "data", "row", "t"] => {
                        if let Some(row) = parts.rows.last_mut() {
                            row.0 = xml_number("t", &leaf)?;
                        }
                    }
                    ["xport", "data", "row", "v"] => {
                        if parts.values == MAX_VALUES {
                            return Err(too_large("values", MAX_VALUES));
                        }
                        if let Some(row) = parts.rows.last_mut() {
                            row.1.push(xml_number("v", &leaf)?);
                            parts.values += 1;
                        }
                    }
                    _ => {}
                }
                path.pop();
            }
            // Checked before the text is copied: one element's text is a number or a name.
            Event::Text(t) if buf.len() + t.len() > MAX_TEXT => {
                return Err(too_large("bytes in one element", MAX_TEXT));
            }
            Event::CData(t) if buf.len() + t.len() > MAX_TEXT => {
                return Err(too_large("bytes in one element", MAX_TEXT));
            }
            Event::Text(t) => buf.push_str(&t.xml10_content()),
            Event::CData(t) => buf.push_str(&t.into_inner()),
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => super::super::xmltree::resolve_entity(&r)
                        .ok_or_else(|| err(&reader, format!("unknown entity &{};", &*r)))?,
                    Err(e) => return Err(err(&reader, e.to_string())),
                };
                buf.push(ch);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !path.is_empty() {
        return Err(RrdError::Xml("the document ends early (truncated?)".into()));
    }
    if !seen_root {
        return Err(RrdError::Missing("xport"));
    }
    let num = |field: &'static str, s: Option<&String>| -> Result<f64, RrdError> {
        let s = s.ok_or(RrdError::Missing(field))?;
        parse_float(s).ok_or_else(|| RrdError::Number {
            field,
            text: s.clone(),
        })
    };
    let (start, step, end) = (
        num("start", parts.start.as_ref())?,
        num("step", parts.step.as_ref())?,
        num("end", parts.end.as_ref())?,
    );
    let columns = parts
        .columns
        .as_ref()
        .map(|c| num("columns", Some(c)))
        .transpose()?;
    build(
        start,
        step,
        end,
        columns,
        &parts.legend,
        parts.rows.into_iter(),
    )
}

fn too_large(what: &'static str, limit: usize) -> RrdError {
    RrdError::TooLarge { what, limit }
}

fn path_is(path: &[String], want: &[&str]) -> bool {
    path.len() == want.len() && path.iter().zip(want).all(|(a, b)| a == b)
}

/// A timestamp or count, which must be a whole number in range.
fn whole(field: &'static str, v: f64) -> Result<i64, RrdError> {
    // The bounds are exactly representable; i64::MAX as f64 rounds up past it.
    if v.is_finite() && v.fract() == 0.0 && (-9.0e18..=9.0e18).contains(&v) {
        Ok(v as i64)
    } else {
        Err(RrdError::Number {
            field,
            text: v.to_string(),
        })
    }
}

/// Checks the shape and puts the rows oldest first.
fn build(
    start: f64,
    step: f64,
    end: f64,
    columns: Option<f64>,
    legend: &[String],
    raw_rows: impl Iterator<Item = (f64, Vec<f64>)>,
) -> Result<Update, RrdError> {
    let columns_keys = legend
        .iter()
        .map(|e| SeriesKey::parse(e))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(c) = columns {
        let declared = whole("columns", c)?;
        if usize::try_from(declared).ok() != Some(legend.len()) {
            return Err(RrdError::Columns {
                declared,
                legend: legend.len(),
            });
        }
    }
    let mut rows = Vec::new();
    for (t, values) in raw_rows {
        let t = whole("t", t)?;
        if values.len() != columns_keys.len() {
            return Err(RrdError::RowWidth {
                t,
                got: values.len(),
                expected: columns_keys.len(),
            });
        }
        rows.push(Row { t, values });
    }
    // Newest first on the wire; sort rather than reverse, so any order comes out right.
    rows.sort_by_key(|r| r.t);
    Ok(Update {
        start: whole("start", start)?,
        step: whole("step", step)?,
        end: whole("end", end)?,
        columns: columns_keys,
        rows,
    })
}
