//! Property tests: values survive both wire codecs, and no reply, however malformed, panics
//! the decoders. Nesting is bounded: a reply or call nested past the limit is an error.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Map, Value};
use xenpilot::xenapi::error::ApiError;
use xenpilot::xenapi::jsonrpc;
use xenpilot::xenapi::refs::Records;
use xenpilot::xenapi::xmlrpc::{self, IntStyle, Style};
use xenpilot::xenapi::{DecodeError, Vm, xmltree};

fn text() -> impl Strategy<Value = String> {
    // Any XML-safe text: XML 1.0 cannot carry most control characters, and xapi refuses them.
    "[^\u{0}-\u{8}\u{b}\u{c}\u{e}-\u{1f}]{0,12}"
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        text().prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::Bool),
        (-1e12f64..1e12).prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(text(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// What XML-RPC with bare ints gives back: ints become their decimal text, as from xapi.
fn ints_as_text(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_i64() => Value::String(n.to_string()),
        Value::Array(a) => Value::Array(a.iter().map(ints_as_text).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), ints_as_text(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

// CR is normalised by XML parsers unless escaped; we escape it, so text must survive whole.
proptest! {
    // Past failures are replayed from codecs.proptest-regressions beside this file. Said
    // explicitly: proptest's default would look for tests/proptest-regressions/codecs.txt,
    // since this directory has a main.rs.
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn xml_rpc_round_trips_with_tagged_ints(v in value()) {
        let style = Style { ints: IntStyle::Tagged, datetimes: false };
        let body = xmlrpc::encode_success(&v, style);
        let back = xmlrpc::decode_response(&body).unwrap().unwrap();
        prop_assert_eq!(back, v);
    }

    #[test]
    fn xml_rpc_bare_ints_come_back_as_text(v in value()) {
        let (name, params) = xmlrpc::decode_call(&xmlrpc::encode_call("VM.get_record", std::slice::from_ref(&v), Style::CLIENT)).unwrap();
        prop_assert_eq!(name, "VM.get_record");
        prop_assert_eq!(&params[0], &ints_as_text(&v));
    }

    #[test]
    fn json_rpc_round_trips_both_versions(v in value(), code in "[A-Z_]{1,20}", params in prop::collection::vec(text(), 0..3)) {
        for version in [jsonrpc::Version::V1, jsonrpc::Version::V2] {
            let ok = jsonrpc::encode_success(version, &Value::from(7), v.clone());
            prop_assert_eq!(jsonrpc::decode_response(&ok).unwrap().unwrap(), v.clone());
            let err = ApiError { code: code.clone(), params: params.clone() };
            let bad = jsonrpc::encode_failure(version, &Value::from(7), &err);
            prop_assert_eq!(jsonrpc::decode_response(&bad).unwrap().unwrap_err(), err);
        }
    }

    #[test]
    fn xml_failures_round_trip(code in "[A-Z_]{1,20}", params in prop::collection::vec(text(), 0..3)) {
        let err = ApiError { code, params };
        prop_assert_eq!(xmlrpc::decode_response(&xmlrpc::encode_failure(&err)).unwrap().unwrap_err(), err);
    }

    #[test]
    fn garbage_never_panics_the_decoders(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = jsonrpc::decode_response(&bytes);
        let _ = jsonrpc::decode_request(&bytes);
        let s = String::from_utf8_lossy(&bytes);
        let _ = xmlrpc::decode_response(&s);
        let _ = xmlrpc::decode_call(&s);
    }

    #[test]
    fn truncated_replies_are_errors_not_panics(v in value(), cut in 0usize..400) {
        let body = xmlrpc::encode_success(&v, Style::SERVER);
        let cut = body.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(body.len());
        if cut < body.len() {
            prop_assert!(xmlrpc::decode_response(&body[..cut]).is_err());
        }
    }
}

#[test]
fn xapi_style_replies_decode() {
    // Bare strings, bare ints, dateTime, and the raw listMethods array.
    let body = "<?xml version=\"1.0\"?><methodResponse><params><param><value><struct><member><name>Status</name><value>Success</value></member><member><name>Value</name><value><struct><member><name>n</name><value>42</value></member><member><name>t</name><value><dateTime.iso8601>20250319T04:16:24Z</dateTime.iso8601></value></member><member><name>b</name><value><boolean>1</boolean></value></member></struct></value></member></struct></value></param></params></methodResponse>";
    let v = xmlrpc::decode_response(body).unwrap().unwrap();
    assert_eq!(
        v,
        serde_json::json!({"n": "42", "t": "20250319T04:16:24Z", "b": true})
    );
    let raw = xmlrpc::encode_raw(&serde_json::json!(["a.b"]), Style::SERVER);
    assert_eq!(
        xmlrpc::decode_response(&raw).unwrap().unwrap(),
        serde_json::json!(["a.b"])
    );
    // JSON-RPC v2 with the array error form xapi uses before dispatch.
    let e = jsonrpc::decode_response(br#"{"jsonrpc":"2.0","error":["HOST_STILL_BOOTING"],"id":0}"#)
        .unwrap()
        .unwrap_err();
    assert_eq!(e.code, "HOST_STILL_BOOTING");
    assert!(
        jsonrpc::decode_request(br#"{"jsonrpc":"1.0","method":"x","params":[],"id":1}"#).is_err()
    );
}

/// A success reply whose value is `levels` arrays deep, around a string.
fn nested_reply(levels: usize) -> String {
    format!(
        "<methodResponse><params><param>{}<value>x</value>{}</param></params></methodResponse>",
        "<value><array><data>".repeat(levels),
        "</data></array></value>".repeat(levels)
    )
}

#[test]
fn nesting_at_the_limit_decodes_and_past_it_is_an_error() {
    // The envelope is 3 elements, each array level 3, the innermost <value> 1.
    let at_limit = (xmltree::MAX_DEPTH - 4) / 3;
    let mut v = xmlrpc::decode_response(&nested_reply(at_limit))
        .unwrap()
        .unwrap();
    let mut levels = 0;
    while let Value::Array(mut a) = v {
        levels += 1;
        v = a.pop().unwrap();
    }
    assert_eq!((levels, v), (at_limit, Value::from("x")));
    let e = xmlrpc::decode_response(&nested_reply(at_limit + 1)).unwrap_err();
    assert!(matches!(e, DecodeError::TooDeep { .. }), "{e:?}");
    assert!(e.to_string().contains("nested deeper than"), "{e}");
}

#[test]
fn hostile_nesting_is_an_error_not_a_stack_overflow() {
    // What killed the client: a reply 20,000 levels deep.
    let e = xmlrpc::decode_response(&nested_reply(20_000)).unwrap_err();
    assert!(e.to_string().contains("nested deeper than"), "{e}");
    // What killed the demo server: a 120 KB call 2,734 levels deep.
    let call = format!(
        "<methodCall><methodName>session.login_with_password</methodName><params><param>{}",
        "<value><array><data>".repeat(2_734)
    );
    assert!(
        xmlrpc::decode_call(&call)
            .unwrap_err()
            .to_string()
            .contains("nested deeper than")
    );
    // JSON-RPC was already bounded by serde_json, on both sides.
    let deep = format!(
        "{{\"result\":{}1{}}}",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    assert!(jsonrpc::decode_response(deep.as_bytes()).is_err());
    assert!(jsonrpc::decode_result::<Records<Vm>>(deep.as_bytes()).is_none());
}

const XML_TAGS: &[&str] = &[
    "methodResponse",
    "params",
    "param",
    "value",
    "array",
    "data",
    "struct",
    "member",
    "name",
    "string",
    "int",
    "i4",
    "i8",
    "double",
    "boolean",
    "dateTime.iso8601",
    "base64",
    "nil",
    "fault",
    "methodCall",
    "methodName",
];

/// Random XML-RPC-shaped documents: known tags nested in any order, with odd text.
fn xml_doc() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        "[ -~]{0,8}".prop_map(|t| t.replace('<', "&lt;").replace('&', "&amp;")),
        Just("NaN".to_string()),
        Just("1e999".to_string()),
        Just("-9223372036854775809".to_string()),
        Just("Success".to_string()),
        Just("Failure".to_string()),
        prop::sample::select(XML_TAGS).prop_map(|t| format!("<{t}/>")),
    ];
    let doc = leaf.prop_recursive(12, 64, 5, |inner| {
        (
            prop::sample::select(XML_TAGS),
            prop::collection::vec(inner, 0..5),
        )
            .prop_map(|(tag, kids)| format!("<{tag}>{}</{tag}>", kids.concat()))
    });
    (doc, 0usize..3).prop_map(|(d, wrap)| match wrap {
        0 => d,
        1 => format!("<methodResponse><params><param>{d}</param></params></methodResponse>"),
        _ => format!(
            "<methodResponse><params><param><value><struct><member><name>Status</name>\
             <value>Success</value></member><member><name>Value</name>{d}</member>\
             </struct></value></param></params></methodResponse>"
        ),
    })
}

/// Random JSON-RPC-shaped replies: any JSON value in a result or error member, then
/// possibly cut short.
fn json_reply() -> impl Strategy<Value = Vec<u8>> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[^\u{0}]{0,8}".prop_map(Value::String),
        Just(Value::from("OpaqueRef:NULL")),
    ];
    let value = leaf.prop_recursive(8, 64, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "name_label",
                    "power_state",
                    "VCPUs_max",
                    "memory_static_max",
                    "other_config",
                    "tags",
                    "OpaqueRef:a",
                    "x"
                ])
                .prop_map(String::from),
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    });
    (
        value,
        prop::sample::select(vec!["result", "error"]),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(v, member, cut)| {
            let mut m = Map::new();
            m.insert("jsonrpc".into(), "2.0".into());
            m.insert(member.into(), v);
            m.insert("id".into(), 1.into());
            let body = serde_json::to_vec(&Value::Object(m)).unwrap();
            let keep = body.len() - cut.index(body.len().max(1)).min(body.len()) / 4;
            body[..keep].to_vec()
        })
}

proptest! {
    #[test]
    fn random_xml_rpc_replies_never_panic_the_decoder(doc in xml_doc()) {
        let _ = xmlrpc::decode_response(&doc);
        let _ = xmlrpc::decode_call(&doc);
        if let Ok(Ok(v)) = xmlrpc::decode_response(&doc) {
            let _ = serde_json::from_value::<Records<Vm>>(v);
        }
    }

    #[test]
    fn random_json_rpc_replies_never_panic_the_decoder(body in json_reply()) {
        let _ = jsonrpc::decode_response(&body);
        let _ = jsonrpc::decode_result::<Records<Vm>>(&body);
        let _ = jsonrpc::decode_result::<Vm>(&body);
    }
}
