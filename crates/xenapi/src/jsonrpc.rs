//! The JSON-RPC codec (v1 and v2), matching xapi's `jsoncallback`.

use super::codec::DecodeError;
use super::error::ApiError;
use super::xmlrpc::description_strings;
use serde_json::{Map, Value, json};

/// The JSON-RPC version of a request, which its reply must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// No `jsonrpc` member: `{"result", "error", "id"}` replies with array errors.
    V1,
    /// `"jsonrpc": "2.0"`: `{"code": 1, "message": CODE, "data": [...]}` errors.
    V2,
}

/// A client request, always v2 (what current xapi and the SDKs speak).
pub fn encode_request(method: &str, params: &[Value], id: u64) -> Vec<u8> {
    serde_json::to_vec(&json!({"jsonrpc": "2.0", "method": method, "params": params, "id": id}))
        .unwrap_or_default()
}

/// Decodes a reply of either version, accepting `error` as an array or an object in both
/// (xapi sends the array form under v2 for errors raised before dispatch).
pub fn decode_response(body: &[u8]) -> Result<Result<Value, ApiError>, DecodeError> {
    let v: Value = serde_json::from_slice(body)?;
    let Value::Object(mut map) = v else {
        return Err(DecodeError::shape("reply is not a JSON object"));
    };
    match map.remove("error") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            return Ok(Err(ApiError::from_description(description_strings(
                Value::Array(items),
            )?)));
        }
        Some(Value::Object(mut e)) => {
            let code = match e.remove("message") {
                Some(Value::String(s)) => s,
                Some(other) => other.to_string(),
                None => return Err(DecodeError::shape("error object without message")),
            };
            let params = match e.remove("data") {
                None | Some(Value::Null) => Vec::new(),
                Some(d) => description_strings(d)?,
            };
            return Ok(Err(ApiError { code, params }));
        }
        Some(other) => {
            return Err(DecodeError::shape(format!(
                "unexpected error member: {other}"
            )));
        }
    }
    match map.remove("result") {
        Some(v) => Ok(Ok(v)),
        None => Err(DecodeError::shape("reply has neither result nor error")),
    }
}

/// A decoded server-side request.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// V1 without a `jsonrpc` member, V2 with `"jsonrpc": "2.0"`.
    pub version: Version,
    /// The XenAPI method, e.g. `VM.get_record`.
    pub method: String,
    /// Positional parameters, the session ref first (a v2 object becomes one struct param).
    pub params: Vec<Value>,
    /// The request's id (a number or a string), echoed in the reply.
    pub id: Value,
}

/// Decodes a request as xapi does; `Err` means HTTP 500 (malformed).
pub fn decode_request(body: &[u8]) -> Result<Request, DecodeError> {
    let v: Value = serde_json::from_slice(body)?;
    let Value::Object(mut map) = v else {
        return Err(DecodeError::shape("request is not a JSON object"));
    };
    let version = match map.remove("jsonrpc") {
        None => Version::V1,
        Some(Value::String(s)) if s == "2.0" => Version::V2,
        Some(other) => {
            return Err(DecodeError::shape(format!(
                "unsupported jsonrpc version {other}"
            )));
        }
    };
    let method = match map.remove("method") {
        Some(Value::String(s)) => s,
        _ => return Err(DecodeError::shape("request without a method name")),
    };
    let id = match map.remove("id") {
        Some(id @ (Value::String(_) | Value::Number(_))) => id,
        _ => return Err(DecodeError::shape("request without an int or string id")),
    };
    let params = match (map.remove("params"), version) {
        (Some(Value::Array(a)), _) => a,
        (Some(Value::Object(o)), Version::V2) => vec![Value::Object(o)],
        (None, Version::V2) => Vec::new(),
        _ => return Err(DecodeError::shape("params must be an array")),
    };
    Ok(Request {
        version,
        method,
        params,
        id,
    })
}

/// A success reply to a request of `version`: `result` with the request's `id`.
pub fn encode_success(version: Version, id: &Value, result: Value) -> Vec<u8> {
    let mut m = Map::new();
    if version == Version::V2 {
        m.insert("jsonrpc".into(), "2.0".into());
    }
    m.insert("result".into(), result);
    if version == Version::V1 {
        m.insert("error".into(), Value::Null);
    }
    m.insert("id".into(), id.clone());
    serde_json::to_vec(&Value::Object(m)).unwrap_or_default()
}

/// A failure reply to a request of `version`: the `[CODE, params...]` array under v1,
/// `{"code": 1, "message": CODE, "data": [params...]}` under v2.
pub fn encode_failure(version: Version, id: &Value, err: &ApiError) -> Vec<u8> {
    let v = match version {
        Version::V1 => json!({"result": null, "error": err.to_description(), "id": id}),
        Version::V2 => json!({
            "jsonrpc": "2.0",
            "error": {"code": 1, "message": err.code, "data": err.params},
            "id": id,
        }),
    };
    serde_json::to_vec(&v).unwrap_or_default()
}

/// Decodes a successful reply's `result` straight into `T`. `None` when the reply is not a
/// plain success of that shape (an error, another envelope): use [`decode_response`] then.
pub fn decode_result<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<T> {
    #[derive(serde::Deserialize)]
    struct Reply<T> {
        result: Option<T>,
        #[serde(default)]
        error: Option<serde::de::IgnoredAny>,
    }
    let r: Reply<T> = serde_json::from_slice(body).ok()?;
    match r.error {
        // `"error": null` deserializes as None; anything else is an error reply.
        Some(_) => None,
        None => r.result,
    }
}
