//! What the storage says of an SR once attached, and what a destroy leaves on it.
//!
//! - `SR.introduce` leaves `physical_size` and `physical_utilisation` at -1 (xapi
//!   `xapi_sr.ml` `introduce`); the first plug, on the coordinator's PBD, runs the
//!   "initial SR scan" (`message_forwarding.ml` `PBD.plug` → `Xapi_sr.update`: `SR.stat`'s
//!   total and used space), and so does every `SR.scan` (sm `SR.scan` → `_db_update`). The
//!   storage's size: a local disk's or LUN's (the volume group spans it), an iSCSI LUN's,
//!   otherwise what the record says (2 TiB when it says nothing).
//! - `SR.destroy` of a local or HBA SR runs sm's `delete` with each PBD's
//!   `device_config`: `lvutil.removeVG` takes the volume group off the disks (LUN), so a
//!   later probe no longer finds the SR there.

use super::block_devices::{self as block, BlockDevices, Devices};
use serde_json::{Map, Value, json};
use xapidb::Db;

/// The kinds whose volume group lives on a simulated disk or LUN.
const BLOCK: &[&str] = &["lvm", "ext", "lvmohba"];

fn config(db: &Db, pbd: &str) -> Option<Map<String, Value>> {
    db.field("PBD", pbd, "device_config")?.as_object().cloned()
}

/// Whether the PBD reaches storage the demo simulates (the built-in pool's do not).
fn names_storage(c: &Map<String, Value>) -> bool {
    ["server", "target", "location", "device", "SCSIid"]
        .iter()
        .any(|k| c.contains_key(*k))
}

/// `Xapi_sr.update` through `pbd` (attached): the SR's size and use as the storage
/// reports them.
pub(super) fn update(db: &mut Db, sr: &str, pbd: &str, devices: &Devices) {
    let Some(c) = config(db, pbd).filter(names_storage) else {
        return;
    };
    let text = |f: &str| {
        db.field("SR", sr, f)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let kind = text("type");
    let host = db
        .field("PBD", pbd, "host")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let known = db
        .field("SR", sr, "physical_size")
        .and_then(Value::as_i64)
        .filter(|n| *n > 0);
    let size = if BLOCK.contains(&kind.as_str()) {
        // A device the host no longer has tells nothing: the record keeps its size.
        let n = block::size(devices, db, &host, &c);
        if n > 0 { n } else { known.unwrap_or(n) }
    } else {
        let mut m = Map::new();
        m.insert("type".into(), json!(kind));
        super::sr_create::kind_size(db, &m, &c)
            .or(known)
            .unwrap_or(2 * (1 << 40))
    };
    // What the disks take: those the SR's records know (none yet right after introduce).
    let used: i64 = db
        .field("SR", sr, "VDIs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .filter_map(|d| {
                    db.field("VDI", d, "physical_utilisation")
                        .and_then(Value::as_i64)
                })
                .sum()
        })
        .unwrap_or(0);
    let was = db
        .field("SR", sr, "physical_utilisation")
        .and_then(Value::as_i64)
        .unwrap_or(-1);
    db.set_field("SR", sr, "physical_size", json!(size));
    if was < 0 {
        db.set_field("SR", sr, "physical_utilisation", json!(used.min(size)));
    }
}

/// sm `delete` of a local or HBA SR: each PBD's disks (LUN) lose its volume group.
pub(super) fn erase(devices: &BlockDevices, db: &Db, sr: &str, pbds: &[String]) {
    let kind = db
        .field("SR", sr, "type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !BLOCK.contains(&kind) {
        return;
    }
    let uuid = db
        .field("SR", sr, "uuid")
        .and_then(Value::as_str)
        .unwrap_or_default();
    for p in pbds {
        let Some(c) = config(db, p) else { continue };
        let host = db
            .field("PBD", p, "host")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let name = block::host_name(db, host);
        for key in ["device", "SCSIid"] {
            for dev in c
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .split(',')
            {
                if !dev.trim().is_empty() {
                    devices.erased(&name, dev.trim(), uuid);
                }
            }
        }
    }
}
