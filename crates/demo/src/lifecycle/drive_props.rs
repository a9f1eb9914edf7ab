//! A drive's and a disk's settings from the disk Properties dialog: `VBD.set_mode`
//! (`xapi_vbd.ml` `set_mode`: the VM must be halted), `VBD.set_userdevice` (a generated
//! setter: no check beyond the handle) and `VDI.set_read_only` (`message_forwarding.ml`:
//! only a storage driver's own session may call it, everyone else gets `PERMISSION_DENIED`).

use super::devices::must_exist;
use crate::rpc::Call;
use serde_json::{Value, json};
use xenapi::error::{ApiError, codes};

fn void() -> Result<Value, ApiError> {
    Ok(Value::String(String::new()))
}

/// `VBD.set_mode(self, value)`: `RO` or `RW`, on a halted VM's drive only.
pub fn set_mode(call: &Call) -> Result<Value, ApiError> {
    let vbd = call.str_arg(0, "self")?.to_string();
    let mode = call.str_arg(1, "value")?.to_string();
    if mode != "RO" && mode != "RW" {
        return Err(ApiError::new(
            codes::INVALID_VALUE,
            ["value", mode.as_str()],
        ));
    }
    call.authorize()?;
    call.state.write(|db| {
        must_exist(db, "VBD", &vbd)?;
        let vm = db
            .field("VBD", &vbd, "VM")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let power = db
            .field("VM", &vm, "power_state")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        if power != "halted" {
            return Err(ApiError::new(
                codes::VM_BAD_POWER_STATE,
                [vm, "halted".into(), power],
            ));
        }
        db.set_field("VBD", &vbd, "mode", json!(mode));
        Ok(())
    })?;
    void()
}

/// `VBD.set_userdevice(self, value)`: the generated setter; xapi checks nothing more (a
/// clash with another drive shows only when the VM starts).
pub fn set_userdevice(call: &Call) -> Result<Value, ApiError> {
    let vbd = call.str_arg(0, "self")?.to_string();
    let value = call.str_arg(1, "value")?.to_string();
    call.authorize()?;
    call.state.write(|db| {
        must_exist(db, "VBD", &vbd)?;
        db.set_field("VBD", &vbd, "userdevice", json!(value));
        Ok(())
    })?;
    void()
}

/// `VDI.set_read_only(self, value)`: the disk is looked up, then the session must be the
/// SR's storage-driver session, which a client's never is.
pub fn set_read_only(call: &Call) -> Result<Value, ApiError> {
    let vdi = call.str_arg(0, "self")?.to_string();
    if !matches!(call.args.get(1), Some(Value::Bool(_))) {
        return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["value"]));
    }
    call.authorize()?;
    call.state.read(|db| must_exist(db, "VDI", &vdi))?;
    Err(ApiError::new("PERMISSION_DENIED", [""]))
}
