//! The generic per-class methods xapi generates for every class: `get_all`,
//! `get_all_records`, `get_record`, `get_by_uuid`, `get_by_name_label`, field getters,
//! `set_name_label`/`set_name_description`, and map and set edits with xapi's errors.

use super::rpc::{Call, METHODS, method_unknown};
use super::state::DemoState;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use xapidb::Db;
use xapidb::schema::{KNOWN_CLASSES, RW_MAPS, RW_SCALARS, RW_SETS};
use xenapi::error::{ApiError, codes};

/// The class as the server knows it: a table of the database or a known datamodel class.
fn resolve_class(db: &Db, class: &str) -> Option<String> {
    if db.has_table(class) || KNOWN_CLASSES.contains(&class) {
        Some(class.to_string())
    } else {
        None
    }
}

pub fn handle(call: &Call, class: &str, msg: &str) -> Result<Value, ApiError> {
    let state = call.state;
    let Some(class) = state.read(|db| resolve_class(db, class)) else {
        return Err(method_unknown(call.method));
    };
    let class = class.as_str();
    if class.eq_ignore_ascii_case(crate::lifecycle::secrets::CLASS)
        && let Some(out) = crate::lifecycle::secrets::handle(call, msg)
    {
        return out;
    }
    match msg {
        "get_all" => {
            call.expect_args(0)?;
            Ok(state.read(|db| {
                Value::Array(
                    db.table(class)
                        .map(|t| t.rows.keys().map(|r| Value::String(r.clone())).collect())
                        .unwrap_or_default(),
                )
            }))
        }
        "get_all_records" => {
            call.expect_args(0)?;
            Ok(state.read(|db| {
                Value::Object(
                    db.table(class)
                        .map(|t| {
                            t.rows
                                .iter()
                                .map(|(r, row)| (r.clone(), Value::Object(row.fields.clone())))
                                .collect()
                        })
                        .unwrap_or_default(),
                )
            }))
        }
        "get_record" => {
            call.expect_args(1)?;
            let r = call.str_arg(0, "self")?;
            state
                .read(|db| db.record(class, r))
                .ok_or_else(|| handle_invalid(class, r))
        }
        "get_by_uuid" => {
            call.expect_args(1)?;
            let uuid = call.str_arg(0, "uuid")?;
            state
                .read(|db| db.by_uuid(class, uuid).map(str::to_string))
                .map(Value::String)
                .ok_or_else(|| ApiError::new(codes::UUID_INVALID, [class, uuid]))
        }
        "get_by_name_label" => {
            call.expect_args(1)?;
            let label = call.str_arg(0, "label")?;
            Ok(state.read(|db| {
                Value::Array(
                    db.table(class)
                        .map(|t| {
                            t.rows
                                .iter()
                                .filter(|(_, row)| {
                                    row.fields.get("name_label").and_then(Value::as_str)
                                        == Some(label)
                                })
                                .map(|(r, _)| Value::String(r.clone()))
                                .collect()
                        })
                        .unwrap_or_default(),
                )
            }))
        }
        _ => handle_field(call, class, msg),
    }
}

fn handle_invalid(class: &str, r: &str) -> ApiError {
    ApiError::new(codes::HANDLE_INVALID, [class, r])
}

/// The row must exist; returns its ref.
fn existing<'a>(call: &'a Call, class: &str) -> Result<&'a str, ApiError> {
    let r = call.str_arg(0, "self")?;
    if call.state.read(|db| db.get(class, r).is_some()) {
        Ok(r)
    } else {
        Err(handle_invalid(class, r))
    }
}

/// Field getters and setters, map and set edits. Writes check, as xapi does, the parameters'
/// types, then the caller's role, and only then the object: a read-only session learns
/// nothing from a write but RBAC_PERMISSION_DENIED.
fn handle_field(call: &Call, class: &str, msg: &str) -> Result<Value, ApiError> {
    let state = call.state;
    if let Some(field) = msg.strip_prefix("get_") {
        call.expect_args(1)?;
        let r = existing(call, class)?;
        return state
            .read(|db| db.field(class, r, field).cloned())
            .ok_or_else(|| method_unknown(call.method));
    }
    if let Some(field) = msg.strip_prefix("add_to_") {
        if !RW_MAPS.contains(&field) {
            return Err(method_unknown(call.method));
        }
        call.expect_args(3)?;
        call.str_arg(0, "self")?;
        let key = call.str_arg(1, "key")?;
        let value = call.str_arg(2, "value")?;
        call.authorize()?;
        let r = existing(call, class)?;
        return add_to_map(call, class, r, field, key, value);
    }
    if let Some(field) = msg.strip_prefix("remove_from_") {
        if !RW_MAPS.contains(&field) {
            return Err(method_unknown(call.method));
        }
        call.expect_args(2)?;
        call.str_arg(0, "self")?;
        let key = call.str_arg(1, "key")?.to_string();
        call.authorize()?;
        let r = existing(call, class)?;
        state.write(|db| {
            let present = db
                .field(class, r, field)
                .and_then(Value::as_object)
                .is_some_and(|m| m.contains_key(&key));
            if present {
                db.update(class, r, |f| {
                    if let Some(Value::Object(m)) = f.get_mut(field) {
                        m.remove(&key);
                    }
                });
            }
        });
        return Ok(Value::String(String::new()));
    }
    if let Some(field) = msg.strip_prefix("add_") {
        if !RW_SETS.contains(&field) {
            return Err(method_unknown(call.method));
        }
        call.expect_args(2)?;
        call.str_arg(0, "self")?;
        let value = call.str_arg(1, "value")?.to_string();
        call.authorize()?;
        let r = existing(call, class)?;
        state.write(|db| {
            db.update(class, r, |f| {
                let set = f.entry(field).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(items) = set
                    && !items.iter().any(|v| v.as_str() == Some(&value))
                {
                    items.push(Value::String(value));
                }
            })
        });
        return Ok(Value::String(String::new()));
    }
    if let Some(field) = msg.strip_prefix("remove_") {
        if !RW_SETS.contains(&field) {
            return Err(method_unknown(call.method));
        }
        call.expect_args(2)?;
        call.str_arg(0, "self")?;
        let value = call.str_arg(1, "value")?.to_string();
        call.authorize()?;
        let r = existing(call, class)?;
        state.write(|db| {
            db.update(class, r, |f| {
                if let Some(Value::Array(items)) = f.get_mut(field) {
                    items.retain(|v| v.as_str() != Some(&value));
                }
            })
        });
        return Ok(Value::String(String::new()));
    }
    if let Some(field) = msg.strip_prefix("set_") {
        call.expect_args(2)?;
        call.str_arg(0, "self")?;
        let value = validated_set_value(call, field)?;
        call.authorize()?;
        let r = existing(call, class)?;
        state.write(|db| db.set_field(class, r, field, value));
        return Ok(Value::String(String::new()));
    }
    Err(method_unknown(call.method))
}

/// The value of a `set_<field>` call, type-checked; unknown or read-only fields are unknown
/// methods, as in xapi (no setter is generated for them).
fn validated_set_value(call: &Call, field: &str) -> Result<Value, ApiError> {
    let v = call.args.get(1).cloned().unwrap_or(Value::Null);
    if RW_SCALARS.contains(&field) {
        let s = call.str_arg(1, "value")?;
        check_xml_chars(s)?;
        return Ok(v);
    }
    if RW_MAPS.contains(&field) {
        let Value::Object(m) = &v else {
            return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["value"]));
        };
        for (k, val) in m {
            let Value::String(s) = val else {
                return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["value"]));
            };
            if k.is_empty() {
                return Err(ApiError::new(codes::INTERNAL_ERROR, ["Empty key in map"]));
            }
            check_xml_chars(k)?;
            check_xml_chars(s)?;
        }
        return Ok(v);
    }
    if RW_SETS.contains(&field) {
        let Value::Array(items) = &v else {
            return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["value"]));
        };
        let uniq: BTreeSet<&str> = items.iter().filter_map(Value::as_str).collect();
        return Ok(Value::Array(uniq.into_iter().map(Value::from).collect()));
    }
    Err(method_unknown(call.method))
}

fn is_xml_char(c: char) -> bool {
    c >= ' ' || matches!(c, '\t' | '\n' | '\r')
}

/// `set_X` with a character XML 1.0 cannot hold fails in xapi's database layer.
fn check_xml_chars(s: &str) -> Result<(), ApiError> {
    if s.chars().all(is_xml_char) {
        Ok(())
    } else {
        Err(ApiError::new(
            codes::INTERNAL_ERROR,
            ["Invalid value: the string holds a character XML cannot store"],
        ))
    }
}

fn add_to_map(
    call: &Call,
    class: &str,
    r: &str,
    field: &str,
    key: &str,
    value: &str,
) -> Result<Value, ApiError> {
    if key.is_empty() {
        return Err(ApiError::new(codes::INTERNAL_ERROR, ["Empty key in map"]));
    }
    // xapi's add_to_ silently truncates at the first character XML cannot hold.
    let cut = |s: &str| {
        s.chars()
            .take_while(|&c| is_xml_char(c))
            .collect::<String>()
    };
    let (key, value) = (cut(key), cut(value));
    call.state.write(|db| {
        let exists = db
            .field(class, r, field)
            .and_then(Value::as_object)
            .is_some_and(|m| m.contains_key(&key));
        if exists {
            return Err(ApiError::new(
                codes::MAP_DUPLICATE_KEY,
                [class, field, r, key.as_str()],
            ));
        }
        db.update(class, r, |f| {
            let m = f.entry(field).or_insert_with(|| Value::Object(Map::new()));
            if !m.is_object() {
                *m = Value::Object(Map::new());
            }
            if let Value::Object(m) = m {
                m.insert(key.clone(), Value::String(value.clone()));
            }
        });
        Ok(Value::String(String::new()))
    })
}

/// Every method name the server answers, as `system.listMethods` returns them: the
/// method table's, their `Async.` forms, and the generic methods of each class.
pub fn list_methods(state: &DemoState) -> Value {
    let mut out: BTreeSet<String> = BTreeSet::new();
    for m in METHODS {
        out.insert(m.name.to_string());
        if m.asynchronous {
            out.insert(format!("Async.{}", m.name));
        }
    }
    state.read(|db| {
        let mut classes: BTreeSet<&str> = KNOWN_CLASSES.iter().copied().collect();
        classes.extend(db.tables().map(|(k, _)| k.as_str()));
        for class in classes {
            for m in ["get_all", "get_all_records", "get_record", "get_by_uuid"] {
                out.insert(format!("{class}.{m}"));
            }
            let mut fields: BTreeSet<&str> = BTreeSet::new();
            if let Some(t) = db.table(class) {
                for row in t.rows.values().take(1) {
                    fields.extend(row.fields.keys().map(String::as_str));
                }
            }
            if fields.contains("name_label") {
                out.insert(format!("{class}.get_by_name_label"));
            }
            for f in &fields {
                out.insert(format!("{class}.get_{f}"));
                if RW_SCALARS.contains(f) {
                    out.insert(format!("{class}.set_{f}"));
                }
                if RW_MAPS.contains(f) {
                    for p in ["add_to_", "remove_from_", "set_"] {
                        out.insert(format!("{class}.{p}{f}"));
                    }
                }
                if RW_SETS.contains(f) {
                    for p in ["add_", "remove_", "set_"] {
                        out.insert(format!("{class}.{p}{f}"));
                    }
                }
            }
        }
    });
    Value::Array(out.into_iter().map(Value::String).collect())
}

/// Whether `method` names something the server answers (for calls made without a session).
pub fn is_known_method(state: &DemoState, method: &str) -> bool {
    list_methods(state)
        .as_array()
        .is_some_and(|a| a.iter().any(|m| m.as_str() == Some(method)))
}
