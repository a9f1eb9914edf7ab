//! `event.from`, `event.inject` and `event.get_current_id`, as xapi implements them: tokens
//! `"%020d,%020d"` (database generation, message generation), blocking until something
//! changes or the timeout passes, `valid_ref_counts` for every table in the database (not
//! messages: `in_db:false`), `del` events without a snapshot.
//!
//! As in xapi_event.ml `from_inner`, the events and the counts are collected from one
//! version of the database and the snapshots taken from a later one: an object created and
//! destroyed in between is counted but its `add` is dropped (CA-91931; seen with tasks).

use super::rpc::Call;
use serde_json::{Map, Value, json};
use std::time::{Duration, Instant};
use xenapi::error::{ApiError, codes};

/// A subscription: every class, one class, or one object.
#[derive(Debug, Clone, PartialEq)]
enum Sub {
    All,
    Class(String),
    Object(String, String),
}

/// The datamodel's `in_db:false` classes (datamodel.ml): never in `valid_ref_counts`.
const NOT_IN_DB: [&str; 7] = [
    "message",
    "data_source",
    "sr_stat",
    "probe_result",
    "vdi_nbd_server_info",
    "auth",
    "diagnostics",
];

fn parse_subs(v: &Value) -> Result<Vec<Sub>, ApiError> {
    let Value::Array(items) = v else {
        return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["classes"]));
    };
    items
        .iter()
        .map(|i| {
            let s = i.as_str().unwrap_or_default();
            match s.split_once('/') {
                _ if s == "*" => Ok(Sub::All),
                None if !s.is_empty() => Ok(Sub::Class(s.to_ascii_lowercase())),
                Some((c, r)) if !c.is_empty() && !r.is_empty() => {
                    Ok(Sub::Object(c.to_ascii_lowercase(), r.to_string()))
                }
                _ => Err(ApiError::new(codes::EVENT_SUBSCRIPTION_PARSE_FAILURE, [s])),
            }
        })
        .collect()
}

/// Classes the datamodel generates no events for (`gen_events:false`): a secret's value
/// never travels in an event, whatever the subscription.
const NO_EVENTS: [&str; 1] = ["secret"];

fn subscribed(subs: &[Sub], class: &str, r: &str) -> bool {
    if NO_EVENTS.iter().any(|c| c.eq_ignore_ascii_case(class)) {
        return false;
    }
    subs.iter().any(|s| match s {
        Sub::All => true,
        Sub::Class(c) => c == class,
        Sub::Object(c, o) => c == class && o == r,
    })
}

pub fn format_token(generation: u64) -> String {
    format!("{generation:020},{:020}", 0)
}

fn parse_token(t: &str) -> Option<u64> {
    if t.is_empty() {
        return Some(0);
    }
    let first = t.split(',').next()?;
    first.trim().parse().ok()
}

/// A float parameter as xapi takes it (a number, or a numeric string); `None` for anything
/// else, NaN and the infinities included, which no timeout can mean.
fn float_arg(v: Option<&Value>) -> Option<f64> {
    let f = match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }?;
    f.is_finite().then_some(f)
}

/// `event.get_current_id()`.
pub fn get_current_id(call: &Call) -> Result<Value, ApiError> {
    Ok(json!(call.state.read(|db| db.generation())))
}

/// `event.from(classes, token, timeout)`.
pub async fn from(call: &Call<'_>) -> Result<Value, ApiError> {
    let subs = parse_subs(&call.args[0])?;
    let token = call.str_arg(1, "token")?;
    let since = parse_token(token)
        .ok_or_else(|| ApiError::new(codes::EVENT_FROM_TOKEN_PARSE_FAILURE, [token]))?;
    let timeout = float_arg(call.args.get(2))
        .ok_or_else(|| ApiError::new(codes::FIELD_TYPE_ERROR, ["timeout"]))?;
    // A negative or absurd timeout must not block forever or overflow.
    let timeout = Duration::try_from_secs_f64(timeout.clamp(0.0, 3600.0)).unwrap_or_default();
    let deadline = Instant::now() + timeout;
    let mut changed = call.state.subscribe();
    loop {
        changed.borrow_and_update();
        if call.state.is_stopping() || call.state.session(call.session_ref).is_none() {
            return Err(ApiError::new(codes::SESSION_INVALID, [call.session_ref]));
        }
        let (changes, mut counts, generation) = call.state.read(|db| {
            (
                db.changes_since(since, |c, r| subscribed(&subs, c, r)),
                db.ref_counts(),
                db.generation(),
            )
        });
        // Classes xapi keeps outside its database are not in the counts.
        for class in NOT_IN_DB {
            counts.remove(class);
        }
        // Whether to answer is decided on what was collected (`grab_nonempty_range`), even
        // if every event is then lost.
        let collected = !changes.is_empty();
        call.state.run_event_race();
        // `events_of`: each add or mod serialised from the database as it is now; an object
        // gone by then loses its event (`with _ -> events`).
        let changes: Vec<_> = call.state.read(|db| {
            changes
                .into_iter()
                .filter_map(|mut c| {
                    if c.snapshot.is_some() {
                        let class = db.canonical_class(&c.class)?.to_string();
                        c.snapshot =
                            Some(Value::Object(db.get(&class, &c.reference)?.fields.clone()));
                    }
                    Some(c)
                })
                .collect()
        });
        let now = Instant::now();
        if collected || now >= deadline {
            let events: Vec<Value> = changes
                .into_iter()
                .map(|c| {
                    let mut e = Map::new();
                    e.insert("id".into(), Value::String(c.id.to_string()));
                    e.insert("timestamp".into(), Value::String("0.0".into()));
                    e.insert("class".into(), Value::String(c.class));
                    e.insert("operation".into(), Value::String(c.operation.into()));
                    e.insert("ref".into(), Value::String(c.reference));
                    if let Some(s) = c.snapshot {
                        e.insert("snapshot".into(), s);
                    }
                    Value::Object(e)
                })
                .collect();
            return Ok(json!({
                "events": events,
                "valid_ref_counts": counts,
                "token": format_token(generation),
            }));
        }
        let _ = tokio::time::timeout(deadline - now, changed.changed()).await;
    }
}

/// `event.inject(class, ref)`.
pub fn inject(call: &Call) -> Result<Value, ApiError> {
    let class = call.str_arg(0, "class")?;
    let r = call.str_arg(1, "ref")?;
    call.state
        .write(|db| {
            let canonical = db.canonical_class(class)?.to_string();
            db.touch(&canonical, r)
        })
        .map(|g| Value::String(format_token(g - 1)))
        .ok_or_else(|| ApiError::new(codes::HANDLE_INVALID, [class, r]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_sort_as_text_and_parse_back() {
        assert!(format_token(9) < format_token(10));
        assert_eq!(parse_token(&format_token(12345)), Some(12345));
        assert_eq!(parse_token(""), Some(0));
        assert_eq!(parse_token("garbage"), None);
    }

    #[test]
    fn timeouts_that_are_not_finite_numbers_are_refused() {
        for bad in [
            json!("NaN"),
            json!("nan"),
            json!("inf"),
            json!("-inf"),
            json!(true),
        ] {
            assert_eq!(float_arg(Some(&bad)), None, "{bad}");
        }
        assert_eq!(float_arg(Some(&json!("1.5"))), Some(1.5));
        assert_eq!(float_arg(Some(&json!(-3))), Some(-3.0));
    }

    #[test]
    fn subscriptions_parse_like_xapi() {
        let subs = parse_subs(&json!(["*", "VM", "pif/OpaqueRef:x"])).unwrap();
        assert_eq!(
            subs,
            vec![
                Sub::All,
                Sub::Class("vm".into()),
                Sub::Object("pif".into(), "OpaqueRef:x".into())
            ]
        );
        let e = parse_subs(&json!(["vm/"])).unwrap_err();
        assert_eq!(e.code, codes::EVENT_SUBSCRIPTION_PARSE_FAILURE);
    }
}
