//! Host plugins (`host.call_plugin`): XCP-ng's `lsblk.py`, which lists a host's disks
//! (the demo's [`super::block_devices`]).

use super::block_devices::{Devices, host_name};
use serde_json::{Value, json};
use std::sync::Mutex;
use xapidb::Db;
use xenapi::error::ApiError;

/// XCP-ng's `lsblk.py` `list_block_devices`: `lsblk -P -b -o
/// NAME,KNAME,PKNAME,SIZE,TYPE,RO,MOUNTPOINT` as a tree of JSON objects (every value a
/// string), partitions under their disk.
fn lsblk(devices: &Devices, db: &Db, host: &str) -> String {
    let name = host_name(db, host);
    let entry = |n: &str, parent: &str, size: i64, kind: &str, at: &str| {
        json!({"name": n, "kname": n, "pkname": parent, "size": size.to_string(),
               "type": kind, "ro": "0", "mountpoint": at})
    };
    let list: Vec<Value> = devices
        .disks_of(&name)
        .into_iter()
        .map(|d| {
            let n = d.path.trim_start_matches("/dev/");
            let mut e = entry(n, "", d.size, "disk", "");
            if !d.partitions.is_empty()
                && let Some(o) = e.as_object_mut()
            {
                let kids: Vec<Value> = d
                    .partitions
                    .iter()
                    .map(|(p, size, at)| entry(p, n, *size, "part", at))
                    .collect();
                o.insert("children".into(), Value::Array(kids));
            }
            e
        })
        .collect();
    json!({ "blockdevices": list }).to_string()
}

/// `host.call_plugin(host, plugin, fn, args)` (`xapi_plugins.ml`): only XCP-ng's
/// `lsblk.py` is installed on the demo's hosts; any other plugin is
/// `XENAPI_MISSING_PLUGIN`.
pub fn call_plugin(call: &crate::rpc::Call) -> Result<super::tasks::Job, ApiError> {
    let host = call.str_arg(0, "host")?.to_string();
    let plugin = call.str_arg(1, "plugin")?.to_string();
    let function = call.str_arg(2, "fn")?.to_string();
    let devices = call.state.block_devices.list();
    let out = std::sync::Arc::new(Mutex::new(String::new()));
    let o2 = out.clone();
    let check = move |db: &Db| {
        super::devices::must_exist(db, "host", &host)?;
        if plugin != "lsblk.py" {
            return Err(ApiError::new("XENAPI_MISSING_PLUGIN", [plugin.as_str()]));
        }
        if function != "list_block_devices" {
            return Err(ApiError::new(
                "XENAPI_PLUGIN_FAILURE",
                ["UnknownMethod".to_string(), function.clone(), String::new()],
            ));
        }
        if let Ok(mut o) = o2.lock() {
            *o = lsblk(&devices, db, &host);
        }
        Ok(())
    };
    Ok(super::devices::quick(call, check, move |_| {
        Ok(Value::String(
            out.lock().map(|o| o.clone()).unwrap_or_default(),
        ))
    }))
}
