//! Each host's TLS certificates as xapi records them (`datamodel_certificate.ml`,
//! `certificates.ml`): a `host` certificate (what clients see) and a `host_internal` one
//! (what pool members see), each with its validity and SHA-256 fingerprint. One of host 2's
//! expires within 30 days, so the General tab has the warning xapi's expiry alerts
//! (`certificate_check.ml`: 30, 14 and 7 days) would raise.

use super::super::rpc::format_datetime;
use super::placement::str_field;
use serde_json::json;
use std::time::{Duration, SystemTime};
use xapidb::Db;

const DAY: u64 = 86_400;

/// A fingerprint-shaped string (`AB:CD:…`, 32 bytes) derived from `seed`, so each
/// certificate has its own.
fn fingerprint(seed: &str) -> String {
    let mut x: u64 = 0xcbf2_9ce4_8422_2325;
    let mut out = Vec::with_capacity(32);
    for i in 0..32u8 {
        for b in seed.bytes().chain([i]) {
            x ^= u64::from(b);
            x = x.wrapping_mul(0x0100_0000_01b3);
        }
        out.push(format!("{:02X}", (x >> 24) as u8));
    }
    out.join(":")
}

/// Adds the certificates of every host that has none.
pub fn seed(db: &mut Db) {
    let now = SystemTime::now();
    let mut hosts: Vec<(String, String)> = db
        .table("host")
        .map(|t| {
            t.rows
                .keys()
                .map(|r| (str_field(db, "host", r, "name_label"), r.clone()))
                .collect()
        })
        .unwrap_or_default();
    hosts.sort();
    for (i, (_, host)) in hosts.iter().enumerate() {
        let has = db
            .field("host", host, "certificates")
            .and_then(|v| v.as_array())
            .is_some_and(|a| !a.is_empty());
        if has {
            continue;
        }
        let uuid = str_field(db, "host", host, "uuid");
        for kind in ["host", "host_internal"] {
            // Installed a year ago; host 2's server certificate runs out in 12 days.
            let from = now - Duration::from_secs(365 * DAY);
            let days = if i == 1 && kind == "host" {
                12
            } else {
                3650 - 365
            };
            let until = now + Duration::from_secs(days * DAY);
            let r = format!("OpaqueRef:{}", uuid::Uuid::new_v4());
            let fp = fingerprint(&format!("{uuid}/{kind}"));
            let rec = json!({
                "uuid": uuid::Uuid::new_v4().to_string(),
                "name": "", "type": kind, "host": host,
                "not_before": format_datetime(from), "not_after": format_datetime(until),
                "fingerprint": fp, "fingerprint_sha256": fp, "fingerprint_sha1": "",
                "purpose": [],
            });
            if let Some(f) = rec.as_object() {
                db.insert("Certificate", &r, f.clone());
            }
        }
    }
}
