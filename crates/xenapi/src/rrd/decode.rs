//! Decoding `/rrd_updates` replies: JSON (xapi ≥ 23.17 by `json=true` or `Accept`) and the
//! rrdtool "xport" XML older hosts answer with. Replies come from hosts we do not control:
//! every failure is an [`RrdError`], never a panic, nesting is bounded (serde_json's 128
//! levels, [`MAX_XML_DEPTH`] here) and the size is the transport's reply cap.

use super::{Row, RrdError, SeriesKey, Update};
use quick_xml::Reader;
use quick_xml::events::Event;
use serde::Deserialize;

/// An xport document is 4 elements deep; anything much deeper is not one.
pub const MAX_XML_DEPTH: usize = 32;

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
struct Num(f64);

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

#[derive(Deserialize)]
struct JsonReply {
    meta: JsonMeta,
    #[serde(default)]
    data: Vec<JsonRow>,
}

#[derive(Deserialize)]
struct JsonMeta {
    start: Num,
    step: Num,
    end: Num,
    #[serde(default)]
    columns: Option<Num>,
    #[serde(default)]
    legend: Vec<String>,
}

#[derive(Deserialize)]
struct JsonRow {
    t: Num,
    #[serde(default)]
    values: Vec<Num>,
}

/// Decodes the JSON reply. Strict JSON first; failing that, the JavaScript-like text of
/// older hosts (bare `NaN`/`Infinity`, unquoted keys) is made JSON and tried again.
pub fn decode_json(body: &[u8]) -> Result<Update, RrdError> {
    let reply: JsonReply = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(first) => {
            let text = String::from_utf8_lossy(body);
            serde_json::from_str(&relax(&text)).map_err(|_| RrdError::Json(first.to_string()))?
        }
    };
    let m = &reply.meta;
    let raw_rows = reply.data.into_iter().map(|r| {
        let t = r.t.0;
        (t, r.values.into_iter().map(|v| v.0).collect())
    });
    let columns = m.columns.map(|c| c.0);
    build(
        m.start.0,
        m.step.0,
        m.end.0,
        columns,
        &reply.meta.legend,
        raw_rows,
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

/// What the XML reader collected, as text, before any of it is checked.
#[derive(Default)]
struct XmlParts {
    start: Option<String>,
    step: Option<String>,
    end: Option<String>,
    columns: Option<String>,
    legend: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
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
                    parts.rows.push((String::new(), Vec::new()));
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
                    && let Some(row) = parts.rows.last_mut()
                {
                    row.1.push(String::new());
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
                    ["xport", "meta", "legend", "entry"] => parts.legend.push(leaf),
                    ["xport", "data", "row", "t"] => {
                        if let Some(row) = parts.rows.last_mut() {
                            row.0 = leaf;
                        }
                    }
                    ["xport", "data", "row", "v"] => {
                        if let Some(row) = parts.rows.last_mut() {
                            row.1.push(leaf);
                        }
                    }
                    _ => {}
                }
                path.pop();
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
    let mut rows = Vec::with_capacity(parts.rows.len());
    for (t, vs) in parts.rows {
        let t = num("t", Some(&t))?;
        let values = vs
            .iter()
            .map(|v| num("v", Some(v)))
            .collect::<Result<Vec<f64>, _>>()?;
        rows.push((t, values));
    }
    build(start, step, end, columns, &parts.legend, rows.into_iter())
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
