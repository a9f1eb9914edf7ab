//! The XML-RPC codec, matching what xapi emits and accepts.
//!
//! Values are [`serde_json::Value`]s so that both protocols feed the same typed records:
//! `<int>`/`<i4>`/`<i8>` become numbers, `<dateTime.iso8601>` and bare `<value>text</value>`
//! become strings. xapi itself writes ints as bare strings, so decoders of records must accept
//! ints as numbers or strings (see [`super::de`]).

use super::codec::DecodeError;
use super::error::ApiError;
use super::xmltree::{self, Element, escape_into};
use serde_json::{Map, Number, Value};

fn shape(message: impl Into<String>) -> DecodeError {
    DecodeError::shape(message)
}

/// How integers are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntStyle {
    /// `<value>42</value>`: what xapi emits and what Python's XenAPI users send (xmlrpc.client
    /// cannot send 64-bit `<int>`s), accepted by xapi for every int parameter.
    Bare,
    /// `<int>` when it fits 32 bits, `<i8>` otherwise.
    Tagged,
}

/// Encoding options: clients send [`Style::CLIENT`], the demo server answers with
/// [`Style::SERVER`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// How integers are written.
    pub ints: IntStyle,
    /// Write strings shaped like xapi datetimes (`20250319T04:16:24Z`) as `<dateTime.iso8601>`,
    /// as xapi does for its datetime fields.
    pub datetimes: bool,
}

impl Style {
    /// What a client sends: bare ints, datetimes as plain strings.
    pub const CLIENT: Style = Style {
        ints: IntStyle::Bare,
        datetimes: false,
    };
    /// What xapi answers: bare ints, datetime-shaped strings as `<dateTime.iso8601>`.
    pub const SERVER: Style = Style {
        ints: IntStyle::Bare,
        datetimes: true,
    };
}

/// True for `YYYYMMDDTHH:MM:SSZ`, the only datetime shape xapi writes.
pub fn looks_like_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 18
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'T'
        && b[9..11].iter().all(u8::is_ascii_digit)
        && b[11] == b':'
        && b[12..14].iter().all(u8::is_ascii_digit)
        && b[14] == b':'
        && b[15..17].iter().all(u8::is_ascii_digit)
        && b[17] == b'Z'
}

/// Appends `v` as a `<value>` element.
pub fn encode_value(out: &mut String, v: &Value, style: Style) {
    out.push_str("<value>");
    match v {
        Value::Null => out.push_str("<nil/>"),
        Value::Bool(b) => out.push_str(if *b {
            "<boolean>1</boolean>"
        } else {
            "<boolean>0</boolean>"
        }),
        Value::Number(n) => encode_number(out, n, style),
        Value::String(s) => {
            if style.datetimes && looks_like_datetime(s) {
                out.push_str("<dateTime.iso8601>");
                out.push_str(s);
                out.push_str("</dateTime.iso8601>");
            } else {
                escape_into(out, s);
            }
        }
        Value::Array(items) => {
            out.push_str("<array><data>");
            for item in items {
                encode_value(out, item, style);
            }
            out.push_str("</data></array>");
        }
        Value::Object(map) => {
            out.push_str("<struct>");
            for (k, v) in map {
                out.push_str("<member><name>");
                escape_into(out, k);
                out.push_str("</name>");
                encode_value(out, v, style);
                out.push_str("</member>");
            }
            out.push_str("</struct>");
        }
    }
    out.push_str("</value>");
}

fn encode_number(out: &mut String, n: &Number, style: Style) {
    if let Some(i) = n.as_i64() {
        match style.ints {
            IntStyle::Bare => out.push_str(&i.to_string()),
            IntStyle::Tagged if i32::try_from(i).is_ok() => {
                out.push_str(&format!("<int>{i}</int>"))
            }
            IntStyle::Tagged => out.push_str(&format!("<i8>{i}</i8>")),
        }
    } else if let Some(u) = n.as_u64() {
        // Beyond i64: xapi has no such ints; keep the digits.
        out.push_str(&u.to_string());
    } else {
        let f = n.as_f64().unwrap_or(0.0);
        // Rust's shortest round-trip formatting; xapi writes %.16g, which parses the same.
        out.push_str(&format!("<double>{f:?}</double>"));
    }
}

/// Decodes one `<value>` element.
pub fn decode_value(el: &Element) -> Result<Value, DecodeError> {
    if el.name != "value" {
        return Err(shape(format!("expected <value>, found <{}>", el.name)));
    }
    let Some(inner) = el.elements().next() else {
        // Bare <value>text</value> is a string (xapi omits <string>).
        return Ok(Value::String(el.text()));
    };
    let text = inner.text();
    match inner.name.as_str() {
        "string" => Ok(Value::String(text)),
        "int" | "i4" | "i8" => text
            .trim()
            .parse::<i64>()
            .map(|i| Value::Number(i.into()))
            .map_err(|_| shape(format!("<{}> holds {text:?}, not an integer", inner.name))),
        "double" => {
            let f: f64 = text
                .trim()
                .parse()
                .map_err(|_| shape(format!("<double> holds {text:?}, not a number")))?;
            Number::from_f64(f)
                .map(Value::Number)
                .ok_or_else(|| shape(format!("<double> holds {text:?}, not a finite number")))
        }
        "boolean" => match text.trim() {
            "1" | "true" => Ok(Value::Bool(true)),
            "0" | "false" => Ok(Value::Bool(false)),
            other => Err(shape(format!("<boolean> holds {other:?}"))),
        },
        "dateTime.iso8601" | "base64" => Ok(Value::String(text)),
        "nil" => Ok(Value::Null),
        "array" => {
            let data = inner
                .child("data")
                .ok_or_else(|| shape("<array> without <data>"))?;
            data.elements()
                .map(decode_value)
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        "struct" => {
            let mut map = Map::new();
            for member in inner.elements() {
                if member.name != "member" {
                    return Err(shape(format!("<struct> holds <{}>", member.name)));
                }
                let name = member
                    .child("name")
                    .ok_or_else(|| shape("<member> without <name>"))?
                    .text();
                let value = member
                    .child("value")
                    .ok_or_else(|| shape("<member> without <value>"))?;
                map.insert(name, decode_value(value)?);
            }
            Ok(Value::Object(map))
        }
        other => Err(shape(format!("unknown XML-RPC type <{other}>"))),
    }
}

/// A `<methodCall>` of `method` with positional `params` (the session ref, if any, first).
pub fn encode_call(method: &str, params: &[Value], style: Style) -> String {
    let mut out = String::with_capacity(256);
    out.push_str("<?xml version=\"1.0\"?><methodCall><methodName>");
    escape_into(&mut out, method);
    out.push_str("</methodName><params>");
    for p in params {
        out.push_str("<param>");
        encode_value(&mut out, p, style);
        out.push_str("</param>");
    }
    out.push_str("</params></methodCall>");
    out
}

/// Decodes a `<methodCall>` into the method name and its parameters.
pub fn decode_call(body: &str) -> Result<(String, Vec<Value>), DecodeError> {
    let root = xmltree::parse(body)?;
    if root.name != "methodCall" {
        return Err(shape(format!(
            "expected <methodCall>, found <{}>",
            root.name
        )));
    }
    let method = root
        .child("methodName")
        .ok_or_else(|| shape("<methodCall> without <methodName>"))?
        .text()
        .trim()
        .to_string();
    let mut params = Vec::new();
    if let Some(ps) = root.child("params") {
        for p in ps.elements() {
            let v = p
                .child("value")
                .ok_or_else(|| shape("<param> without <value>"))?;
            params.push(decode_value(v)?);
        }
    }
    Ok((method, params))
}

fn response_envelope(body: impl FnOnce(&mut String)) -> String {
    let mut out = String::with_capacity(512);
    out.push_str("<?xml version=\"1.0\"?><methodResponse><params><param>");
    body(&mut out);
    out.push_str("</param></params></methodResponse>");
    out
}

/// The Status/Value success envelope.
pub fn encode_success(value: &Value, style: Style) -> String {
    response_envelope(|out| {
        out.push_str("<value><struct><member><name>Status</name><value>Success</value></member><member><name>Value</name>");
        encode_value(out, value, style);
        out.push_str("</member></struct></value>");
    })
}

/// The Status/ErrorDescription failure envelope (xapi never uses `<fault>`).
pub fn encode_failure(err: &ApiError) -> String {
    let desc = Value::Array(
        err.to_description()
            .into_iter()
            .map(Value::String)
            .collect(),
    );
    response_envelope(|out| {
        out.push_str("<value><struct><member><name>Status</name><value>Failure</value></member><member><name>ErrorDescription</name>");
        encode_value(out, &desc, Style::SERVER);
        out.push_str("</member></struct></value>");
    })
}

/// A value straight inside `<methodResponse>`, as xapi answers `system.listMethods`.
pub fn encode_raw(value: &Value, style: Style) -> String {
    response_envelope(|out| encode_value(out, value, style))
}

/// Decodes a `<methodResponse>`: `Ok(Ok(value))` on Success (or a raw value),
/// `Ok(Err(api_error))` on Failure, `Err(_)` when it is not a valid response.
pub fn decode_response(body: &str) -> Result<Result<Value, ApiError>, DecodeError> {
    let root = xmltree::parse(body)?;
    if root.name != "methodResponse" {
        return Err(shape(format!(
            "expected <methodResponse>, found <{}>",
            root.name
        )));
    }
    if let Some(fault) = root.child("fault") {
        let v = fault
            .child("value")
            .map(decode_value)
            .transpose()?
            .unwrap_or(Value::Null);
        return Ok(Err(ApiError::new("XMLRPC_FAULT", [v.to_string()])));
    }
    let value = root
        .child("params")
        .and_then(|p| p.child("param"))
        .and_then(|p| p.child("value"))
        .ok_or_else(|| shape("<methodResponse> without <params><param><value>"))?;
    let value = decode_value(value)?;
    let Value::Object(mut map) = value else {
        return Ok(Ok(value));
    };
    match map.get("Status").and_then(Value::as_str) {
        Some("Success") => Ok(Ok(map
            .remove("Value")
            .unwrap_or(Value::String(String::new())))),
        Some("Failure") => {
            let desc = map
                .remove("ErrorDescription")
                .ok_or_else(|| shape("Failure without ErrorDescription"))?;
            Ok(Err(ApiError::from_description(description_strings(desc)?)))
        }
        Some(other) => Err(shape(format!("unknown Status {other:?}"))),
        None => Ok(Ok(Value::Object(map))),
    }
}

/// Turns an error description (array of strings, leniently of any scalars) into strings.
pub fn description_strings(v: Value) -> Result<Vec<String>, DecodeError> {
    match v {
        Value::Array(items) => Ok(items
            .into_iter()
            .map(|i| match i {
                Value::String(s) => s,
                other => other.to_string(),
            })
            .collect()),
        Value::String(s) => Ok(vec![s]),
        other => Err(shape(format!("error description is not a list: {other}"))),
    }
}
