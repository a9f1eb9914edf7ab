//! The calls clients organise objects with: tags, and the `other_config` and `gui_config`
//! keys XenCenter keeps folders and custom fields in. They are the generic set and map edits
//! ([`crate::objects`]); what differs is the role. xapi lets a VM operator write tags
//! (`~writer_roles:_R_VM_OP` on every class's `tags`), the pool's `gui_config` (the same),
//! and some `other_config` keys (`map_keys_roles`: `folder` and `XenCenter.CustomFields.*`
//! on every class here, `EMPTY_FOLDERS` on the pool too). `Rbac.permission_of_action`
//! matches a key exactly (with case) or, for a trailing `*`, by prefix; other keys need more.

use crate::objects;
use crate::rpc::Call;
use crate::state::Role;
use serde_json::Value;
use xenapi::error::{ApiError, codes};

/// The `other_config` keys a VM operator may write on every class: exact names, and
/// prefixes (a `*`), as xapi's datamodel spells them.
pub const VM_OPERATOR_KEYS: [&str; 2] = ["folder", "XenCenter.CustomFields.*"];
/// The pool's one more: its list of empty folders.
pub const POOL_VM_OPERATOR_KEY: &str = "EMPTY_FOLDERS";

/// The keys a VM operator may write in `class`'s `other_config`.
pub fn vm_operator_keys(class: &str) -> Vec<&'static str> {
    let mut out = VM_OPERATOR_KEYS.to_vec();
    if class == "pool" {
        out.push(POOL_VM_OPERATOR_KEY);
    }
    out
}

/// Whether a VM operator may write `key` of `class`'s `other_config`.
pub fn vm_operator_key(class: &str, key: &str) -> bool {
    vm_operator_keys(class)
        .iter()
        .any(|k| match k.strip_suffix('*') {
            Some(prefix) => key.starts_with(prefix),
            None => key == *k,
        })
}

fn class_and_message<'a>(call: &Call<'a>) -> Result<(&'a str, &'a str), ApiError> {
    call.method
        .split_once('.')
        .ok_or_else(|| ApiError::new(codes::MESSAGE_METHOD_UNKNOWN, [call.method]))
}

/// `<class>.add_tags`, `remove_tags`, `pool.add_to_gui_config`, `remove_from_gui_config`:
/// the generic edit, with the table's role (a VM operator's).
pub fn edit(call: &Call) -> Result<Value, ApiError> {
    let (class, msg) = class_and_message(call)?;
    objects::handle(call, class, msg)
}

/// `<class>.add_to_other_config` / `remove_from_other_config`: a VM operator's for the keys
/// above, a pool admin's (the demo's next role) for any other.
pub fn other_config(call: &Call) -> Result<Value, ApiError> {
    let (class, msg) = class_and_message(call)?;
    let key = call.args.get(1).and_then(Value::as_str).unwrap_or_default();
    let inner = Call {
        state: call.state,
        method: call.method,
        session_ref: call.session_ref,
        session: call.session.clone(),
        args: call.args,
        needs: if vm_operator_key(class, key) {
            Role::VmOperator
        } else {
            Role::PoolAdmin
        },
    };
    objects::handle(&inner, class, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_xapis_guarded_keys_are_a_vm_operators() {
        assert!(vm_operator_key("VM", "folder"));
        assert!(vm_operator_key("SR", "XenCenter.CustomFields.Owner"));
        assert!(vm_operator_key("pool", "EMPTY_FOLDERS"));
        // Matched with case, as Rbac does; the pool's list is the pool's only.
        assert!(!vm_operator_key("VM", "xencenter.customfields.x"));
        assert!(!vm_operator_key("VM", "Folder"));
        assert!(!vm_operator_key("VM", "folders"));
        assert!(!vm_operator_key("VM", "EMPTY_FOLDERS"));
        assert!(!vm_operator_key("host", "XenCenter.CustomFieldsX"));
    }
}
