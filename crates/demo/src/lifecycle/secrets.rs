//! xapi's `secret` class (`datamodel.ml` `Secret`, `xapi_secret.ml`): a value kept apart
//! from the records that name it by uuid (`power_on_config:power_on_password_secret`, a
//! vTPM's contents). Every call on it, reads included, needs a pool operator
//! (`messages_default_allowed_roles`, `implicit_messages_allowed_roles` and the fields'
//! `reader_roles` are `_R_POOL_OP`; the demo's nearest role is the pool admin), and it has
//! no events (`gen_events:false`), so `event.from` never carries a value.

use super::super::rpc::{Call, count_mismatch};
use serde_json::{Map, Value, json};
use xapidb::Db;
use xenapi::error::{ApiError, codes};

/// The class's name in the database.
pub const CLASS: &str = "secret";

/// Adds a secret; returns its ref (`Xapi_secret.introduce`).
pub fn add(db: &mut Db, uuid: &str, value: &str, other_config: Map<String, Value>) -> String {
    let r = format!("OpaqueRef:{}", uuid::Uuid::new_v4());
    let rec = json!({ "uuid": uuid, "value": value, "other_config": other_config });
    if let Some(f) = rec.as_object() {
        db.insert(CLASS, &r, f.clone());
    }
    r
}

/// `Xapi_secret.clean_out_passwds`: destroys the secrets a map's `*password_secret` keys
/// name (by uuid), ignoring those already gone.
pub fn clean_out_passwds(db: &mut Db, map: &Map<String, Value>) {
    for (k, v) in map {
        if !k.ends_with("password_secret") {
            continue;
        }
        let Some(uuid) = v.as_str() else { continue };
        if let Some(r) = db.by_uuid(CLASS, uuid).map(str::to_string) {
            db.delete(CLASS, &r);
        }
    }
}

fn string_map(v: Option<&Value>, name: &str) -> Result<Map<String, Value>, ApiError> {
    match v {
        None => Ok(Map::new()),
        Some(Value::Object(m)) if m.values().all(Value::is_string) => Ok(m.clone()),
        Some(_) => Err(ApiError::new(codes::FIELD_TYPE_ERROR, [name])),
    }
}

/// The calls on `secret`: `create` (the generated constructor, from a record), `introduce`
/// and `destroy` here; the generic getters after the role check (`None`: for those).
pub fn handle(call: &Call, msg: &str) -> Option<Result<Value, ApiError>> {
    let out = match msg {
        "create" => create(call),
        "introduce" => introduce(call),
        "destroy" => destroy(call),
        _ => return call.authorize().err().map(Err),
    };
    Some(out)
}

/// `secret.create(args)`: `value` is required, `uuid` and `other_config` optional.
fn create(call: &Call) -> Result<Value, ApiError> {
    call.expect_args(1)?;
    let Some(Value::Object(args)) = call.args.first() else {
        return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["args"]));
    };
    let value = match args.get("value") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["value"])),
    };
    let other = string_map(args.get("other_config"), "other_config")?;
    call.authorize()?;
    let uuid = match args.get("uuid").and_then(Value::as_str) {
        Some(u) if !u.is_empty() => u.to_string(),
        _ => uuid::Uuid::new_v4().to_string(),
    };
    insert(call, &uuid, &value, other)
}

/// `secret.introduce(uuid, value, other_config)` (`other_config` added in Boston).
fn introduce(call: &Call) -> Result<Value, ApiError> {
    if !(2..=3).contains(&call.args.len()) {
        return Err(count_mismatch(call.method, 3, call.args.len()));
    }
    let uuid = call.str_arg(0, "uuid")?.to_string();
    let value = call.str_arg(1, "value")?.to_string();
    let other = string_map(call.args.get(2), "other_config")?;
    call.authorize()?;
    insert(call, &uuid, &value, other)
}

fn insert(
    call: &Call,
    uuid: &str,
    value: &str,
    other: Map<String, Value>,
) -> Result<Value, ApiError> {
    call.state.write(|db| {
        // The database refuses a second row with the same uuid.
        if db.by_uuid(CLASS, uuid).is_some() {
            return Err(ApiError::new(
                codes::INTERNAL_ERROR,
                [format!(
                    "Db_exn.Uniqueness_constraint_violation(\"secret\", \"uuid\", \"{uuid}\")"
                )],
            ));
        }
        Ok(Value::String(add(db, uuid, value, other)))
    })
}

fn destroy(call: &Call) -> Result<Value, ApiError> {
    call.expect_args(1)?;
    let r = call.str_arg(0, "self")?.to_string();
    call.authorize()?;
    call.state.write(|db| {
        if db.get(CLASS, &r).is_none() {
            return Err(ApiError::new(codes::HANDLE_INVALID, [CLASS, r.as_str()]));
        }
        db.delete(CLASS, &r);
        Ok(Value::String(String::new()))
    })
}
